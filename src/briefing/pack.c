/* A pack: several roundtables bound into one document for a reader who
 * gets them all at once. One cover and one contents for the pack, a note,
 * then each roundtable as a chapter (opened by a title block in the pack's
 * style, not a second cover), and one Speakers chapter where a speaker who
 * came to several roundtables has one card. Page numbers run on through
 * the whole pack; the pack's marking is on every page. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "briefing/briefing.h"
#include "briefing/kit.h"
#include "briefing/parts.h"

typedef struct pack_state {
    const model_pack *pk;
    /* speakers, each person once (same name, ignoring case and spaces) */
    const model_speaker **speakers;
    size_t n_speakers, cap;
} pack_state;

static bool pack_same_person(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    while (*a || *b) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        if (*a)
            a++;
        if (*b)
            b++;
    }
    return true;
}

static size_t pack_speaker_index(const pack_state *ps, const model_speaker *s)
{
    for (size_t i = 0; i < ps->n_speakers; i++)
        if (pack_same_person(ps->speakers[i]->name.s, s->name.s))
            return i;
    return 0;
}

static const char *pack_speaker_id(briefing *b, const model_speaker *s)
{
    const pack_state *ps = b->pack;
    return arena_printf(b->mem, "speaker-%zu", pack_speaker_index(ps, s) + 1);
}

/* A roundtable's chapter opens on a new page with its number, title (a
 * heading) and the meeting's facts. */
static void pack_chapter_title(briefing *b, size_t index, size_t count)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    layout_item *kicker = layout_item_new(L, 16);
    kicker->new_page = true;
    kicker->keep_with_next = true;
    kicker->heading = true;
    layout_text(L, kicker, b->x, 11, th->text.bold, 8.5, th->link,
                briefing_say(b, b->cat->pack_chapter, "n",
                             arena_printf(b->mem, "%zu", index + 1), "total",
                             arena_printf(b->mem, "%zu", count)),
                DL_ROLE_PARAGRAPH, layout_node(L, DL_TAG_P), 0);
    int anchor = layout_anchor_new(L);
    kicker->anchor = anchor;
    const char *title = markdown_smart(rt->title.s ? rt->title.s : "", b->mem);
    kicker->outline = title;
    kicker->outline_level = 0;
    briefing_id(b, "roundtable", anchor);
    briefing_toc_add(b, title, 0, anchor);

    briefing_head head = {
        .title = briefing_heading_para(b, DL_ROLE_H1, 20, 25),
        .title_node = layout_heading(L, b->level),
        .subtitle_size = 13,
        .facts_colour = th->muted,
        .facts_keep_with_next = true,
    };
    head.title.space_before = 2;
    briefing_title_block(b, &head);
    briefing_chatham_house(b, 8);
    layout_item *rule = layout_item_new(L, 14);
    briefing_rule(b, rule, 10, th->rule, 0.75);
}

dl_doc *layout_pack(const model_pack *pk, const layout_theme *th, arena *a,
                    diag *d)
{
    /* The pack itself, seen as a roundtable for its cover and note. */
    model_roundtable *lead = arena_alloc(a, sizeof *lead);
    lead->path = pk->path;
    lead->dir = pk->dir;
    lead->title = pk->title;
    lead->subtitle = pk->subtitle;
    lead->date = pk->date;
    lead->language = pk->language;
    lead->catalog = pk->catalog;
    lead->keywords = pk->keywords;
    lead->brand_model = pk->brand_model;
    briefing *b = briefing_begin(lead, th, a, d);
    dl_doc *doc = b->L->doc;
    if (pk->brand_model && pk->brand_model->name.s)
        doc->author = pk->brand_model->name.s;
    b->toc_max_level = 1;

    pack_state *ps = arena_alloc(a, sizeof *ps);
    ps->pk = pk;
    for (size_t i = 0; i < pk->n_items; i++)
        for (size_t k = 0; k < pk->items[i]->n_speakers; k++) {
            const model_speaker *s = &pk->items[i]->speakers[k];
            if (briefing_skips(b, &s->internal))
                continue;
            bool seen = false;
            for (size_t j = 0; j < ps->n_speakers && !seen; j++)
                seen = pack_same_person(ps->speakers[j]->name.s, s->name.s);
            if (!seen)
                *ARENA_PUSH(a, ps->speakers, ps->n_speakers, ps->cap) = s;
        }

    const model_catalog *cat = b->cat;
    const char *(*rows)[2] = arena_calloc(a, 4, sizeof *rows);
    size_t nr = 0;
    if (briefing_has(&pk->prepared_for)) {
        rows[nr][0] = cat->prepared_for;
        rows[nr++][1] = pk->prepared_for.s;
    }
    rows[nr][0] = cat->date;
    rows[nr++][1] = briefing_long_date(&pk->date, cat, a);
    rows[nr][0] = cat->pack_contents;
    rows[nr++][1] = briefing_say(b, pk->n_items == 1 ? cat->roundtables_one
                                                     : cat->roundtables_other,
                                 "n", arena_printf(a, "%zu", pk->n_items));
    if (ps->n_speakers)
        rows[nr - 1][1] = arena_printf(
            a, "%s%s%s", rows[nr - 1][1], cat->count_separator,
            briefing_say(b, ps->n_speakers == 1 ? cat->speakers_one
                                                : cat->speakers_other,
                         "n", arena_printf(a, "%zu", ps->n_speakers)));
    b->cover_rows = rows;
    b->n_cover_rows = nr;
    briefing_declare_ids(b);
    briefing_cover(b);
    b->contents_node = layout_node(b->L, DL_TAG_SECT);
    doc->body_start = 1;

    if (briefing_has(&pk->cover_note)) {
        unsigned note = briefing_part(b, cat->about_pack, true, "note");
        md_doc md = markdown_blocks(&pk->cover_note, pk->path, a, d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), false);
        briefing_end(b, note);
    }
    for (size_t i = 0; i < pk->n_items; i++) {
        briefing *c = arena_alloc(a, sizeof *c);
        *c = *b;
        c->rt = pk->items[i];
        c->file = pk->items[i]->path;
        c->id_prefix = arena_printf(a, "r%zu-", i + 1);
        c->level = 1;
        c->section_ids = NULL;
        c->cover_rows = NULL;
        c->n_cover_rows = 0;
        c->speakers_elsewhere = true;
        c->speaker_id = pack_speaker_id;
        c->pack = ps;
        briefing_language(c);
        briefing_declare_ids(c);
        /* a chapter: its parts' headings one level down */
        unsigned chapter = layout_open(b->L, DL_TAG_SECT);
        const char *lang = pk->items[i]->language.s;
        if (lang && pk->language.s && strcmp(lang, pk->language.s) != 0)
            layout_node_at(b->L, chapter)->lang = lang;
        pack_chapter_title(c, i, pk->n_items);
        briefing_body(c);
        layout_close(b->L, chapter);
        briefing_language(b);
    }
    if (ps->n_speakers) {
        size_t chapter = b->L->n;
        unsigned part = briefing_part(b, ps->n_speakers == 1 ? cat->speaker
                                                             : cat->speakers,
                                      true, "speakers");
        b->L->items[chapter].new_page = true;
        b->speaker_id = pack_speaker_id;
        b->pack = ps;
        for (size_t i = 0; i < ps->n_speakers; i++)
            briefing_speaker(b, ps->speakers[i], i == 0,
                             pack_speaker_id(b, ps->speakers[i]));
        briefing_end(b, part);
    }
    b->L->page_shift = th->duplex ? 1 : 0;
    layout_paginate(b->L);
    briefing_finish(b, doc->n_pages);
    briefing_watermark(b);
    return doc;
}
