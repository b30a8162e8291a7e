/* The kit every part of a briefing is made with: dates, ids and their
 * links, headings, list markers, Markdown blocks at the text column, and
 * the state of one briefing being laid out (kit.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "briefing/kit.h"

#include "base/calendar.h"


/* A date through one of the catalog's patterns. */
static const char *briefing_date(const model_date *dt, const model_catalog *cat,
                                 const char *pattern, arena *a)
{
    if (!dt->set)
        return "";
    const char *day = dt->day == 1 && cat->day_one
                          ? cat->day_one
                          : arena_printf(a, "%d", dt->day);
    int wd = calendar_weekday(dt->year, dt->month, dt->day);
    return template_fill(a, pattern, "weekday", cat->days[wd], "day", day,
                         "month", cat->months[dt->month - 1], "year",
                         arena_printf(a, "%d", dt->year), (const char *)NULL);
}

const char *briefing_long_date(const model_date *dt, const model_catalog *cat,
                               arena *a)
{
    return briefing_date(dt, cat, cat->date_long, a);
}

const char *briefing_short_date(const model_date *dt, const model_catalog *cat,
                                arena *a)
{
    return briefing_date(dt, cat, cat->date_short, a);
}

const char *briefing_facts_line(briefing *b)
{
    const model_roundtable *rt = b->rt;
    const char *facts = briefing_long_date(&rt->date, b->cat, b->mem);
    if (briefing_has(&rt->time))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts, rt->time.s);
    if (briefing_has(&rt->venue))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts, rt->venue.s);
    if (briefing_has(&rt->host) && briefing_has(&rt->partner))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts,
                             briefing_say(b, b->cat->facts_hosted_with, "host",
                                          rt->host.s, "partner", rt->partner.s));
    else if (briefing_has(&rt->host))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts,
                             briefing_say(b, b->cat->facts_hosted, "host",
                                          rt->host.s));
    if (briefing_has(&rt->chair))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts,
                             briefing_say(b, b->cat->facts_chaired, "chair",
                                          rt->chair.s));
    return facts;
}

void briefing_rule(briefing *b, layout_item *it, double y, model_colour colour,
                   double line_width)
{
    dl_box *r = layout_item_box(b->L, it, DL_RULE, DL_ROLE_ARTIFACT);
    r->x = b->x;
    r->y = y;
    r->w = b->w;
    r->colour = colour;
    r->line_width = line_width;
}

void briefing_title_block(briefing *b, const briefing_head *h)
{
    layout *L = b->L;
    const model_roundtable *rt = b->rt;
    md_block title = markdown_plain(rt->title.s, b->mem);
    layout_paragraph(L, title.runs, title.n_runs, &h->title, h->title_node, NULL);
    if (briefing_has(&rt->subtitle)) {
        layout_para sp = h->title;
        sp.face = b->th->text.regular;
        sp.size = h->subtitle_size;
        sp.leading = 17;
        sp.colour = b->th->muted;
        sp.role = DL_ROLE_SUBTITLE;
        md_block sub = markdown_plain(rt->subtitle.s, b->mem);
        layout_paragraph(L, sub.runs, sub.n_runs, &sp,
                         h->subtitle_node ? h->subtitle_node : layout_node(L, DL_TAG_P),
                         NULL);
    }
    const char *facts = briefing_facts_line(b);
    if (h->facts_draft && b->th->draft_line)
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts, b->th->draft_line);
    layout_para fp = briefing_body_para(b);
    fp.ragged = true;
    fp.keep_all = true;
    fp.space_before = 6;
    fp.colour = h->facts_colour;
    fp.keep_with_next = h->facts_keep_with_next;
    md_block fb = markdown_plain(facts, b->mem);
    layout_paragraph(L, fb.runs, fb.n_runs, &fp,
                     h->facts_node ? h->facts_node : layout_node(L, DL_TAG_P), NULL);
}

layout_para briefing_body_para(const briefing *b)
{
    const layout_theme *th = b->th;
    return (layout_para){
        .x = b->x,
        .width = b->w,
        .size = th->size,
        .leading = th->leading,
        .colour = th->ink,
        .link_colour = th->link,
        .role = DL_ROLE_PARAGRAPH,
        /* a line's space between paragraphs, so every line of body text
         * sits on the baseline grid */
        .space_before = th->leading,
    };
}

void briefing_toc_add(briefing *b, const char *title, unsigned level,
                      int anchor)
{
    struct toc_entry *e = ARENA_PUSH(b->mem, b->sh->toc, b->sh->n_toc, b->sh->toc_cap);
    e->title = title;
    e->level = level;
    e->anchor = anchor;
}

/* An id for a heading: lower-case letters and digits, other characters
 * as single hyphens ("Next steps" → next-steps). */
static const char *briefing_slug(const char *s, arena *a)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) && c < 0x80)
            out[k++] = (char)tolower(c);
        else if (c < 0x80 && k && out[k - 1] != '-')
            out[k++] = '-';
    }
    while (k && out[k - 1] == '-')
        k--;
    out[k] = '\0';
    return out;
}

struct briefing_id *briefing_id_global(briefing_shared *sh, const char *full)
{
    for (size_t i = 0; i < sh->n_ids; i++)
        if (strcmp(sh->ids[i].name, full) == 0)
            return &sh->ids[i];
    return NULL;
}

/* An id of this roundtable (a pack's items each have their own q1…). */
static struct briefing_id *briefing_id_find(briefing *b, const char *name)
{
    const char *full = *b->id_prefix ? arena_printf(b->mem, "%s%s", b->id_prefix, name)
                                     : name;
    return briefing_id_global(b->sh, full);
}

/* Declares an id (before layout, so links may point forward) or, with an
 * anchor, says where it is. */
void briefing_id(briefing *b, const char *name, int anchor)
{
    struct briefing_id *id = briefing_id_find(b, name);
    if (!id) {
        id = ARENA_PUSH(b->mem, b->sh->ids, b->sh->n_ids, b->sh->ids_cap);
        id->name = *b->id_prefix ? arena_printf(b->mem, "%s%s", b->id_prefix, name)
                                 : name;
        id->anchor = -1;
    }
    if (anchor >= 0)
        id->anchor = anchor;
}

/* Internal links must name an id of their roundtable; in a pack the link
 * is rewritten to the roundtable's own id. */
static void briefing_check_links(briefing *b, md_block *mb)
{
    size_t plen = strlen(b->id_prefix);
    for (size_t i = 0; i < mb->n_runs; i++) {
        const char *l = mb->runs[i].link;
        if (!l || l[0] != '#')
            continue;
        if (i && mb->runs[i - 1].link && plen &&
            strncmp(mb->runs[i - 1].link + 1, b->id_prefix, plen) == 0 &&
            strcmp(mb->runs[i - 1].link + 1 + plen, l + 1) == 0) {
            mb->runs[i].link = mb->runs[i - 1].link; /* same link, done */
            continue;
        }
        if (i && mb->runs[i - 1].link == l)
            continue;
        if (briefing_id_find(b, l + 1)) {
            if (plen) {
                const char *full = arena_printf(b->mem, "#%s%s", b->id_prefix, l + 1);
                for (size_t k = i; k < mb->n_runs && mb->runs[k].link == l; k++)
                    mb->runs[k].link = full;
            }
            continue;
        }
        const char *known = "";
        size_t shown = 0;
        for (size_t k = 0; k < b->sh->n_ids && shown < 12; k++) {
            const char *name = b->sh->ids[k].name;
            if (plen && strncmp(name, b->id_prefix, plen) != 0)
                continue;
            known = arena_printf(b->mem, "%s%s#%s", known, shown ? ", " : "",
                                 name + plen);
            shown++;
        }
        srcpos at = mb->runs[i].link_pos.line ? mb->runs[i].link_pos : mb->pos;
        diag_error(b->d, b->file, at,
                   "the link to `%s` goes nowhere: no part, question or "
                   "section has that id (ids here: %s%s)",
                   l, known, shown >= 12 ? ", …" : "");
    }
}

layout_para briefing_heading_para(const briefing *b, dl_role role,
                                  double size, double leading)
{
    layout_para p = briefing_body_para(b);
    p.face = b->th->heading;
    p.size = size;
    p.leading = leading;
    p.colour = b->th->primary;
    p.role = role;
    p.keep_all = true;
    p.balance = true;
    p.keep_with_next = true;
    p.ragged = true;
    return p;
}

/* A part heading: an accent bar, the title, a bookmark and a contents
 * entry. */
static void briefing_part_heading(briefing *b, const char *title, bool toc,
                                  const char *id)
{
    title = markdown_smart(title, b->mem);
    layout *L = b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_heading_para(b, DL_ROLE_H1, 17, 22);
    p.space_before = 26;
    md_block mb = markdown_plain(title, b->mem);
    size_t first;
    size_t n = layout_paragraph(L, mb.runs, mb.n_runs, &p,
                                layout_heading(L, b->level + 1), &first);
    if (!n)
        return;
    layout_item *it = &L->items[first];
    dl_box *bar = layout_item_box(L, it, DL_RECT, DL_ROLE_ARTIFACT);
    bar->x = b->x;
    bar->y = -7;
    bar->w = 28;
    bar->h = 3;
    bar->colour = th->accent;
    int anchor = layout_anchor_new(L);
    it->anchor = anchor;
    it->outline = title;
    it->outline_level = b->level;
    /* a little more air under the heading than between paragraphs (`it`
     * may move now: the flow grows) */
    layout_item_new(L, 4)->keep_with_next = true;
    if (toc)
        briefing_toc_add(b, title, b->level, anchor);
    if (id)
        briefing_id(b, id, anchor);
}

unsigned briefing_part_at(briefing *b, unsigned sect, const char *title,
                          bool toc, const char *id)
{
    b->L->container = sect;
    briefing_part_heading(b, title, toc, id);
    return sect;
}

unsigned briefing_part(briefing *b, const char *title, bool toc,
                       const char *id)
{
    return briefing_part_at(b, layout_node(b->L, DL_TAG_SECT), title, toc, id);
}

void briefing_end(briefing *b, unsigned node)
{
    layout_close(b->L, node);
}

void briefing_h2(briefing *b, const char *title)
{
    layout *L = b->L;
    layout_para p = briefing_heading_para(b, DL_ROLE_H2, 12, 16);
    p.space_before = 14;
    md_block mb = markdown_plain(title, b->mem);
    layout_paragraph(L, mb.runs, mb.n_runs, &p, layout_heading(L, b->level + 2),
                     NULL);
}

void briefing_marker(briefing *b, size_t first, const layout_para *p,
                     const char *marker, double label_right, model_colour c,
                     unsigned node, bool bold)
{
    layout *L = b->L;
    if (first >= L->n)
        return;
    layout_item *it = &L->items[first];
    double base = layout_para_baseline(L, p);
    font_face *f = bold ? b->th->text.bold : b->th->text.regular;
    layout_text(L, it, label_right, base, f, p->size, c, marker,
                DL_ROLE_LIST_LABEL, node, 2);
    /* the label comes before its text in the page's reading order */
    dl_box label = it->boxes[it->n - 1];
    memmove(it->boxes + 1, it->boxes, (it->n - 1) * sizeof *it->boxes);
    it->boxes[0] = label;
}

size_t briefing_list_item(briefing *b, const md_run *runs, size_t n_runs,
                          const layout_para *p, const briefing_label *label,
                          unsigned *lbody)
{
    layout *L = b->L;
    unsigned li = layout_open(L, DL_TAG_LI);
    unsigned lbl = layout_node(L, DL_TAG_LBL);
    unsigned body = layout_open(L, DL_TAG_LBODY);
    size_t first;
    size_t n = layout_paragraph(L, runs, n_runs, p, body, &first);
    if (n)
        briefing_marker(b, first, p, label->text, label->right,
                        label->colour, lbl, label->bold);
    if (lbody)
        *lbody = body;
    else
        layout_close(L, li);
    return n;
}

/* The lists and block quotes open at a point of a Markdown field: what
 * each block's depth and quote level ask for is opened, what they no
 * longer ask for closed. */
typedef struct block_nest {
    unsigned quote_node[8];   /* BlockQuote per quote level (1…) */
    unsigned quotes;
    struct {
        unsigned l, li, lbody;
    } list[8];                /* per list depth (1…) */
    unsigned depth;
} block_nest;

static void nest_close_lists(layout *L, block_nest *n, unsigned depth)
{
    while (n->depth > depth) {
        layout_close(L, n->list[n->depth].l);
        n->depth--;
    }
}

static void nest_to(layout *L, block_nest *n, const md_block *mb)
{
    unsigned q = mb->quote < 7 ? mb->quote : 7;
    unsigned d = mb->depth < 7 ? mb->depth : 7;
    if (q != n->quotes) {
        nest_close_lists(L, n, 0);
        while (n->quotes > q)
            layout_close(L, n->quote_node[n->quotes--]);
        while (n->quotes < q)
            n->quote_node[++n->quotes] = layout_open(L, DL_TAG_BLOCKQUOTE);
    }
    if (mb->kind == MD_LIST_ITEM) {
        nest_close_lists(L, n, d);
        if (n->depth == d && d)
            layout_close(L, n->list[d].li); /* the item before, at this depth */
        while (n->depth < d) {
            n->depth++;
            n->list[n->depth].l = layout_open(L, DL_TAG_L);
        }
    } else {
        nest_close_lists(L, n, d);
    }
}

void briefing_blocks(briefing *b, const md_doc *md, double indent,
                     layout_para base, bool first_gap)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    block_nest nest = {0};
    unsigned outer = L->container;
    for (size_t i = 0; i < md->n; i++) {
        md_block *mb = &md->blocks[i];
        briefing_check_links(b, mb);
        layout_para p = base;
        double q = mb->quote * INDENT_STEP;
        p.x = b->x + indent + q + mb->depth * INDENT_STEP;
        p.width = b->w - indent - q - mb->depth * INDENT_STEP;
        if (i == 0 && !first_gap)
            p.space_before = 0;
        else if (mb->depth && (mb->kind == MD_LIST_ITEM) && mb->tight &&
                 i > 0 && md->blocks[i - 1].depth)
            p.space_before = 0;
        if (mb->quote) {
            p.colour = th->muted;
            p.style |= MD_STYLE_EMPH;
        }
        p.role = mb->depth ? DL_ROLE_LIST_BODY
                 : mb->quote ? DL_ROLE_QUOTE
                             : p.role;
        nest_to(L, &nest, mb);
        size_t first = L->n, n;
        if (mb->kind == MD_LIST_ITEM && mb->depth) {
            unsigned d = nest.depth;
            briefing_label label = {
                mb->ordered ? arena_printf(b->mem, "%d.", mb->number)
                : mb->depth > 1 ? "\u2013"
                                : "\u2022",
                p.x - 5, th->link, mb->ordered};
            n = briefing_list_item(b, mb->runs, mb->n_runs, &p, &label,
                                   &nest.list[d].lbody);
            nest.list[d].li = layout_node_at(L, nest.list[d].lbody)->parent;
            /* keep a list item's first two lines together */
            if (n >= 2)
                L->items[first].keep_with_next = true;
        } else {
            /* a paragraph, or a later paragraph of a list item (in its
             * body) */
            n = layout_paragraph(L, mb->runs, mb->n_runs, &p,
                                 layout_node(L, DL_TAG_P), &first);
            /* a lead-in ("Her priorities are:") stays with the list it
             * opens */
            const md_block *next = i + 1 < md->n ? &md->blocks[i + 1] : NULL;
            if (n && next && next->kind == MD_LIST_ITEM &&
                next->depth > mb->depth)
                L->items[first + n - 1].keep_with_next = true;
        }
        if (mb->quote) {
            for (size_t k = first; k < first + n; k++) {
                dl_box *r = layout_item_box(L, &L->items[k], DL_RULE,
                                            DL_ROLE_ARTIFACT);
                r->x = b->x + indent + q - INDENT_STEP + 3;
                r->y = 0;
                r->h = L->items[k].height;
                r->colour = th->accent;
                r->line_width = 2;
            }
        }
    }
    L->container = outer;
}

bool briefing_has(const model_text *t)
{
    return t->s && t->len;
}

md_block briefing_speaker_line(briefing *b, const model_speaker *s,
                               const char *lead)
{
    md_block out = {.kind = MD_PARAGRAPH};
    size_t cap = 0;
    md_run *r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
    r->text = markdown_smart(s->name.s ? s->name.s : "", b->mem);
    r->len = strlen(r->text);
    r->style = MD_STYLE_STRONG;
    const char *rest = NULL;
    if (briefing_has(&s->role) && briefing_has(&s->organisation))
        rest = arena_printf(b->mem, "%s%s, %s", lead, s->role.s,
                            s->organisation.s);
    else if (briefing_has(&s->role) || briefing_has(&s->organisation))
        rest = arena_printf(b->mem, "%s%s", lead,
                            briefing_has(&s->role) ? s->role.s
                                                   : s->organisation.s);
    if (rest) {
        r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
        r->text = markdown_smart(rest, b->mem);
        r->len = strlen(r->text);
    }
    return out;
}

const char *briefing_logo_alt(briefing *b, const model_brand *br)
{
    if (br->logo_alt.s && *br->logo_alt.s)
        return br->logo_alt.s;
    return briefing_say(b, b->cat->logo_alt, "name",
                        br->name.s && *br->name.s ? br->name.s : "Brand");
}

const char *briefing_photo_alt(briefing *b, const model_speaker *s)
{
    if (s->photo_alt.s && *s->photo_alt.s)
        return s->photo_alt.s;
    return briefing_say(b, b->cat->photo_alt, "name", s->name.s ? s->name.s : "");
}

/* ---- inline text and the briefing's state ---------------------------------- */

md_block briefing_inline(briefing *b, const model_text *t, const char *what)
{
    md_block mb = markdown_inline(t, what, b->file, b->mem, b->d);
    briefing_check_links(b, &mb);
    return mb;
}

briefing *briefing_begin(const model_roundtable *rt, const layout_theme *th,
                         arena *a, diag *d)
{
    dl_doc *doc = arena_alloc(a, sizeof *doc);
    doc->width = th->page_w;
    doc->height = th->page_h;
    doc->title = th->watermark && rt->title.s
                     ? template_fill(a, rt->catalog->draft_title, "title",
                                     rt->title.s, (const char *)NULL)
                     : rt->title.s;
    doc->subject = rt->subtitle.s;
    doc->author = rt->host.s;
    doc->lang = rt->language.s;
    doc->date = rt->published.set ? rt->published : rt->date;
    const char **kw = arena_calloc(a, rt->keywords.n + 1, sizeof *kw);
    for (size_t i = 0; i < rt->keywords.n; i++)
        kw[i] = rt->keywords.items[i].s;
    doc->keywords = kw;
    doc->n_keywords = rt->keywords.n;
    briefing *b = arena_alloc(a, sizeof *b);
    b->rt = rt;
    b->cat = rt->catalog;
    b->th = th;
    b->mem = a;
    b->d = d;
    b->file = rt->path;
    b->x = th->margin_l;
    b->w = th->page_w - th->margin_l - th->margin_r;
    b->L = arena_alloc(a, sizeof *b->L);
    b->sh = arena_alloc(a, sizeof *b->sh);
    b->id_prefix = "";
    layout_init(b->L, a, th, doc);
    briefing_language(b);
    /* the protective marking is read first, once (layout_marking) */
    if (th->marking)
        b->L->marking_node = layout_node(b->L, DL_TAG_P);
    return b;
}

/* Every id a link may name, declared before any text is set so that links
 * may point forward. The same for every variant, so a file that checks as
 * a briefing also checks as a handout. */
void briefing_declare_ids(briefing *b)
{
    const model_roundtable *rt = b->rt;
    arena *a = b->mem;
    if (briefing_has(&rt->summary) || rt->n_questions)
        briefing_id(b, "summary", -1);
    b->section_ids = arena_calloc(a, rt->n_sections + 1, sizeof *b->section_ids);
    for (size_t i = 0; i < rt->n_sections; i++) {
        const char *slug = briefing_slug(rt->sections[i].heading.s
                                             ? rt->sections[i].heading.s : "", a);
        if (!*slug || briefing_id_find(b, slug))
            slug = arena_printf(a, "%s%ssection-%zu", slug, *slug ? "-" : "", i + 1);
        b->section_ids[i] = slug;
        briefing_id(b, slug, -1);
    }
    for (size_t i = 0; i < rt->n_questions; i++)
        briefing_id(b, arena_printf(a, "q%zu", i + 1), -1);
    bool takeaways = false;
    for (size_t i = 0; i < rt->n_questions; i++)
        takeaways |= rt->questions[i].n_takeaways ||
                     briefing_has(&rt->questions[i].notes);
    if (takeaways)
        briefing_id(b, "takeaways", -1);
    if (briefing_has(&rt->next_steps) || rt->n_actions)
        briefing_id(b, "next-steps", -1);
    if (rt->n_speakers)
        briefing_id(b, "speakers", -1);
    if (rt->n_attendees)
        briefing_id(b, "attendees", -1);
    briefing_id(b, "contents", -1);

}

