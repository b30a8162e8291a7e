/* The roundtable file (section 1 of the format): the tree from yaml.c
 * checked key by key into model_roundtable. Every problem is reported and
 * loading goes on, so one run lists everything wrong with a file. */
#include "load/load_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const roundtable_keys[] = {
    "format",     "title",     "subtitle",       "date",    "published",
    "host",       "partner",   "venue",          "setting", "classification",
    "brand",      "language",  "summary",        "questions", "sections",
    "next_steps", "actions",   "speakers",       "attendees", "keywords",
    "status",     "version",   "chatham_house",  "handout",
    "time",       "chair",     NULL};
static const char *const handout_keys[] = {"notes", NULL};
/* ruled lines under a question of the handout */
#define HANDOUT_MAX_NOTES 40
static const char *const question_keys[] = {"question", "takeaways", "notes",
                                            "internal", NULL};
static const char *const takeaway_keys[] = {"point", "points", "internal",
                                            NULL};
static const char *const section_keys[] = {"heading", "body", "internal",
                                           NULL};
static const char *const action_keys[] = {"action", "owner", "due",
                                          "internal", NULL};
static const char *const step_keys[] = {"step", "internal", NULL};
static const char *const speaker_keys[] = {
    "name",  "role",  "organisation", "photo",    "photo_alt", "bio",
    "email", "phone", "website",      "linkedin", "twitter",   "internal",
    NULL};
static const char *const attendee_keys[] = {"name", "role", "organisation",
                                            NULL};
static const char *const setting_names[] = {"in-person", "online", "hybrid",
                                            NULL};

/* A list entry that must be text: an empty one is a mistake, not an
 * absence. */
static bool load_item_text(load_ctx *c, const load_node *n, const char *what,
                           const char *whole, model_text *out)
{
    if (load_node_is_empty(n)) {
        load_error(c, n->pos, "expected text, found nothing");
        return false;
    }
    return load_text_for(c, n, what, whole, out);
}

/* A list entry that must be a mapping; `expected` says what it should be. */
static bool load_item_map(load_ctx *c, const load_node *n, const char *expected)
{
    if (n->kind == LOAD_NODE_MAP)
        return true;
    if (n->kind != LOAD_NODE_INVALID)
        load_error(c, n->pos, "expected %s, found %s", expected,
                   load_node_found(n));
    return false;
}

static void load_takeaway(load_ctx *c, const load_node *item,
                          model_takeaway *t)
{
    t->pos = item->pos;
    if (item->kind == LOAD_NODE_SCALAR) {
        load_item_text(c, item, "this takeaway", "takeaway", &t->text);
        return;
    }
    /* `- Area of concern: how this will be pushed out` is text to its
     * writer and a mapping to YAML. */
    if (load_text_read_as_pair(c, item, "this takeaway", "takeaway",
                               takeaway_keys))
        return;
    if (!load_item_map(c, item,
                       "a takeaway as text or as a mapping with `point`"))
        return;
    load_map m;
    load_map_begin(c, &m, item, takeaway_keys, "this takeaway");
    load_map_text(c, &m, "point", LOAD_REQUIRED, &t->text);
    load_internal_flag(c, &m, &t->internal);
    size_t n;
    const load_node *points = load_map_list(
        c, &m, "points", LOAD_MAX_POINTS, "sub-points under one takeaway", &n);
    if (!points)
        return;
    t->points.items = arena_calloc(c->a, n, sizeof *t->points.items);
    for (size_t i = 0; i < n; i++)
        if (load_item_text(c, points->items[i], "this sub-point", "sub-point",
                           &t->points.items[t->points.n]))
            t->points.n++;
}

static void load_questions(load_ctx *c, const load_map *top,
                           model_roundtable *rt)
{
    size_t n;
    const load_node *list =
        load_map_list(c, top, "questions", LOAD_MAX_ITEMS, "questions", &n);
    if (!list)
        return;
    rt->questions = arena_calloc(c->a, n, sizeof *rt->questions);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        if (!load_item_map(c, item,
                           "a question as a mapping with `question`"))
            continue;
        model_question *q = &rt->questions[rt->n_questions++];
        q->pos = item->pos;
        load_map m;
        load_map_begin(c, &m, item, question_keys, "this question");
        load_map_text(c, &m, "question", LOAD_REQUIRED, &q->question);
        load_internal_flag(c, &m, &q->internal);
        size_t nt;
        const load_node *takeaways =
            load_map_list(c, &m, "takeaways", LOAD_MAX_POINTS,
                          "takeaways under one question", &nt);
        if (takeaways) {
            q->takeaways = arena_calloc(c->a, nt, sizeof *q->takeaways);
            for (size_t k = 0; k < nt; k++)
                load_takeaway(c, takeaways->items[k],
                              &q->takeaways[q->n_takeaways++]);
        }
        load_map_text(c, &m, "notes", LOAD_OPTIONAL, &q->notes);
    }
}

static void load_sections(load_ctx *c, const load_map *top,
                          model_roundtable *rt)
{
    size_t n;
    const load_node *list =
        load_map_list(c, top, "sections", LOAD_MAX_ITEMS, "sections", &n);
    if (!list)
        return;
    rt->sections = arena_calloc(c->a, n, sizeof *rt->sections);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        if (!load_item_map(c, item,
                           "a section as a mapping with `heading` and `body`"))
            continue;
        model_section *s = &rt->sections[rt->n_sections++];
        s->pos = item->pos;
        load_map m;
        load_map_begin(c, &m, item, section_keys, "this section");
        load_map_text(c, &m, "heading", LOAD_REQUIRED, &s->heading);
        load_map_text(c, &m, "body", LOAD_REQUIRED, &s->body);
        load_internal_flag(c, &m, &s->internal);
    }
}

static void load_actions(load_ctx *c, const load_map *top, model_roundtable *rt)
{
    size_t n;
    const load_node *list =
        load_map_list(c, top, "actions", LOAD_MAX_ITEMS, "actions", &n);
    if (!list)
        return;
    rt->actions = arena_calloc(c->a, n, sizeof *rt->actions);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        if (!load_item_map(c, item, "an action as a mapping with `action`"))
            continue;
        model_action *ac = &rt->actions[rt->n_actions++];
        ac->pos = item->pos;
        load_map m;
        load_map_begin(c, &m, item, action_keys, "this action");
        load_map_text(c, &m, "action", LOAD_REQUIRED, &ac->action);
        load_map_text(c, &m, "owner", LOAD_OPTIONAL, &ac->owner);
        load_map_date(c, &m, "due", LOAD_OPTIONAL, &ac->due);
        load_internal_flag(c, &m, &ac->internal);
    }
}

static void load_speakers(load_ctx *c, const load_map *top,
                          model_roundtable *rt)
{
    size_t n;
    const load_node *list =
        load_map_list(c, top, "speakers", LOAD_MAX_ITEMS, "speakers", &n);
    if (!list)
        return;
    rt->speakers = arena_calloc(c->a, n, sizeof *rt->speakers);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        if (!load_item_map(c, item, "a speaker as a mapping with `name`"))
            continue;
        model_speaker *sp = &rt->speakers[rt->n_speakers++];
        sp->pos = item->pos;
        load_map m;
        load_map_begin(c, &m, item, speaker_keys, "this speaker");
        load_map_text(c, &m, "name", LOAD_REQUIRED, &sp->name);
        load_map_text(c, &m, "role", LOAD_OPTIONAL, &sp->role);
        load_map_text(c, &m, "organisation", LOAD_OPTIONAL,
                      &sp->organisation);
        if (load_map_text(c, &m, "photo", LOAD_OPTIONAL, &sp->photo))
            sp->photo_path = load_image_path(c, &sp->photo, "photo");
        load_map_text(c, &m, "photo_alt", LOAD_OPTIONAL, &sp->photo_alt);
        load_map_text(c, &m, "bio", LOAD_OPTIONAL, &sp->bio);
        load_map_contact_list(c, &m, "email", &sp->email);
        load_map_contact_list(c, &m, "phone", &sp->phone);
        load_map_contact_list(c, &m, "website", &sp->website);
        load_map_contact_list(c, &m, "linkedin", &sp->linkedin);
        load_map_contact_list(c, &m, "twitter", &sp->twitter);
        load_internal_flag(c, &m, &sp->internal);
    }
}

static void load_attendees(load_ctx *c, const load_map *top,
                           model_roundtable *rt)
{
    size_t n;
    const load_node *list =
        load_map_list(c, top, "attendees", LOAD_MAX_ITEMS, "attendees", &n);
    if (!list)
        return;
    rt->attendees = arena_calloc(c->a, n, sizeof *rt->attendees);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        model_attendee *at = &rt->attendees[rt->n_attendees];
        at->pos = item->pos;
        if (item->kind == LOAD_NODE_SCALAR) {
            if (load_item_text(c, item, "this attendee", "name", &at->name))
                rt->n_attendees++;
            continue;
        }
        /* `- Jane Smith: Home Office` */
        if (load_text_read_as_pair(c, item, "this attendee", "name",
                                   attendee_keys))
            continue;
        if (!load_item_map(c, item,
                           "an attendee as a name or as a mapping with "
                           "`name`"))
            continue;
        rt->n_attendees++;
        load_map m;
        load_map_begin(c, &m, item, attendee_keys, "this attendee");
        load_map_text(c, &m, "name", LOAD_REQUIRED, &at->name);
        load_map_text(c, &m, "role", LOAD_OPTIONAL, &at->role);
        load_map_text(c, &m, "organisation", LOAD_OPTIONAL,
                      &at->organisation);
    }
}

/* `next_steps`: Markdown, or a list of steps (each Markdown, or a mapping
 * `{step: …, internal: true}`), printed one after another. */
static void load_next_steps(load_ctx *c, const load_map *m,
                            model_roundtable *rt)
{
    const load_pair *p = load_map_find(m, "next_steps");
    if (!p || !p->value || p->value->kind != LOAD_NODE_LIST) {
        load_map_text(c, m, "next_steps", LOAD_OPTIONAL, &rt->next_steps);
        return;
    }
    size_t n;
    const load_node *list = load_map_list(c, m, "next_steps", LOAD_MAX_ITEMS,
                                          "next steps", &n);
    if (!list)
        return;
    rt->next_step_list.items = arena_calloc(c->a, n, sizeof *rt->next_step_list.items);
    for (size_t i = 0; i < n; i++) {
        const load_node *item = list->items[i];
        model_text *t = &rt->next_step_list.items[rt->next_step_list.n];
        if (item->kind == LOAD_NODE_SCALAR) {
            if (load_item_text(c, item, "this step", "step", t))
                rt->next_step_list.n++;
            continue;
        }
        if (load_text_read_as_pair(c, item, "this step", "step", step_keys) ||
            !load_item_map(c, item,
                           "a next step as text or as a mapping with `step`"))
            continue;
        load_map sm;
        load_map_begin(c, &sm, item, step_keys, "this step");
        model_internal internal = {0};
        load_internal_flag(c, &sm, &internal);
        if (load_map_text(c, &sm, "step", LOAD_REQUIRED, t)) {
            t->internal = internal.set;
            rt->next_step_list.n++;
        }
    }
}

static void load_head(load_ctx *c, const load_map *m, model_roundtable *rt)
{
    load_format(c, m, &rt->format);
    load_map_text(c, m, "title", LOAD_REQUIRED, &rt->title);
    load_map_text(c, m, "subtitle", LOAD_OPTIONAL, &rt->subtitle);
    load_map_date(c, m, "date", LOAD_REQUIRED, &rt->date);
    load_map_date(c, m, "published", LOAD_OPTIONAL, &rt->published);
    load_map_text(c, m, "host", LOAD_OPTIONAL, &rt->host);
    load_map_text(c, m, "partner", LOAD_OPTIONAL, &rt->partner);
    load_map_text(c, m, "venue", LOAD_OPTIONAL, &rt->venue);
    load_map_text(c, m, "time", LOAD_OPTIONAL, &rt->time);
    load_map_text(c, m, "chair", LOAD_OPTIONAL, &rt->chair);
    if (load_map_text(c, m, "setting", LOAD_OPTIONAL, &rt->setting_text)) {
        size_t k = 0;
        while (setting_names[k] && strcmp(setting_names[k], rt->setting_text.s))
            k++;
        if (setting_names[k]) {
            rt->setting = (model_setting)(MODEL_SETTING_IN_PERSON + k);
        } else {
            const char *near = load_suggest(rt->setting_text.s,
                                            rt->setting_text.len, setting_names);
            load_error(c, rt->setting_text.pos,
                       "`setting` must be in-person, online or hybrid, found "
                       "`%s`%s%s%s",
                       load_quote(c, rt->setting_text.s, rt->setting_text.len),
                       near ? "; did you mean `" : "", near ? near : "",
                       near ? "`?" : "");
        }
    }
    load_map_text(c, m, "classification", LOAD_OPTIONAL, &rt->classification);
    load_public_marking(c, &rt->classification);
    load_map_text(c, m, "brand", LOAD_OPTIONAL, &rt->brand);
    load_language(c, m, &rt->language, &rt->catalog);
    load_status(c, m, &rt->status, &rt->status_text, &rt->version);
    load_map_bool(c, m, "chatham_house", &rt->chatham_house);
    load_map_text(c, m, "summary", LOAD_OPTIONAL, &rt->summary);
    load_next_steps(c, m, rt);
    /* keywords: text or a list, as the contact fields (commas split) */
    load_map_text_list(c, m, "keywords", &rt->keywords);
}

/* `handout:` settings for --handout: `notes`, the ruled lines under each
 * question (a whole number, 0 for none). */
static void load_handout(load_ctx *c, const load_map *top, model_roundtable *rt)
{
    const load_node *h = load_map_map(c, top, "handout");
    if (!h)
        return;
    load_map m;
    load_map_begin(c, &m, h, handout_keys, "`handout`");
    model_text notes = {0};
    if (!load_map_text(c, &m, "notes", LOAD_OPTIONAL, &notes))
        return;
    size_t i = 0;
    unsigned long v = 0;
    while (i < notes.len && notes.s[i] >= '0' && notes.s[i] <= '9' && v <= 1000)
        v = v * 10 + (unsigned long)(notes.s[i++] - '0');
    if (i == 0 || i < notes.len || v > HANDOUT_MAX_NOTES) {
        load_error(c, notes.pos,
                   "`notes` must be a number of ruled lines from 0 to %d, "
                   "found `%s`",
                   HANDOUT_MAX_NOTES, load_quote(c, notes.s, notes.len));
        return;
    }
    /* 0 is kept apart from "not given" */
    rt->handout_notes = (unsigned)v + 1;
    rt->handout_notes_pos = notes.pos;
}

static bool tree_has_key(const load_node *map, const char *key)
{
    for (size_t i = 0; i < map->n_pairs; i++)
        if (strcmp(map->pairs[i].key->s, key) == 0)
            return true;
    return false;
}

model_roundtable *roundtable_from_tree(load_ctx *c, const load_node *root)
{
    if (root->kind != LOAD_NODE_MAP) {
        if (root->kind != LOAD_NODE_INVALID)
            load_error(c, root->pos,
                       "expected a roundtable (a mapping with `title`, "
                       "`date`, …) at the top level, found %s",
                       load_node_found(root));
        return NULL;
    }
    /* load_document sends a file whose lines start with `roundtables:` to
     * the pack loader; one written otherwise (flow style) ends up here. */
    for (size_t i = 0; i < root->n_pairs; i++)
        if (strcmp(root->pairs[i].key->s, "roundtables") == 0) {
            load_error(c, root->pairs[i].key->pos,
                       "`roundtables` makes this file a pack, not a "
                       "roundtable (write `roundtables:` at the start of a "
                       "line)");
            return NULL;
        }
    /* A brand file given where a roundtable goes (`briefpack --check
     * house.yaml` on what `briefpack new --brand` wrote): one message
     * saying where it goes, not one per key. The test is the schema's. */
    if (!tree_has_key(root, "title") && !tree_has_key(root, "date")) {
        static const char *const brand_only[] = {
            "name", "colours", "fonts", "logo", "footer", "page",
            "justify", "hyphenate", "kerning", "print", NULL};
        for (size_t i = 0; i < root->n_pairs; i++)
            for (size_t k = 0; brand_only[k]; k++)
                if (strcmp(root->pairs[i].key->s, brand_only[k]) == 0) {
                    load_error(c, root->pairs[i].key->pos,
                               "this is a brand file (`%s`, and no `title` "
                               "or `date`), not a roundtable: name it with "
                               "--brand FILE or `brand: FILE` in a "
                               "roundtable (`briefpack --check --brand FILE "
                               "ROUNDTABLE.yaml` checks it)",
                               brand_only[k]);
                    return NULL;
                }
    }
    model_roundtable *rt = arena_alloc(c->a, sizeof *rt);
    rt->path = c->src.name;
    rt->dir = c->src.dir;
    load_map m;
    load_map_begin(c, &m, root, roundtable_keys, "the roundtable");
    m.missing_pos = (srcpos){1, 1};
    load_date_order(c, &m);
    load_head(c, &m, rt);
    load_questions(c, &m, rt);
    load_sections(c, &m, rt);
    load_actions(c, &m, rt);
    load_speakers(c, &m, rt);
    load_attendees(c, &m, rt);
    load_handout(c, &m, rt);

    rt->brand_model = load_document_brand(c, &rt->brand);
    return rt;
}

