/* The parts of a briefing, in the order of the input format: cover,
 * contents, summary, sections, key takeaways, next steps with actions,
 * speakers, attendees. Each part is built into the layout flow; a part
 * with nothing in it is left out, and so is its contents entry. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

#define INDENT_STEP 15.0
#define PARA_GAP 7.0

typedef struct briefing {
    layout L;
    const model_roundtable *rt;
    const layout_theme *th;
    arena *mem;
    diag *d;
    const char *file;
    double x, w;            /* the text column */
    /* contents entries, in order */
    struct toc_entry {
        const char *title;
        unsigned level;
        int anchor;
    } *toc;
    size_t n_toc, toc_cap;
    /* ids that `[text](#id)` links may name, and their anchors */
    struct briefing_id {
        const char *name;
        int anchor;
    } *ids;
    size_t n_ids, ids_cap;
    const char **section_ids;
} briefing;

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const day_names[] = {"Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday",
                                        "Sunday"};

/* Monday = 0; days from civil (Howard Hinnant's algorithm). */
static int briefing_weekday(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    long wd = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(wd < 0 ? wd + 7 : wd);
}

const char *layout_long_date(const model_date *dt, const char *lang, arena *a)
{
    if (!dt->set)
        return "";
    /* en-US writes the month first; every other English says day first.
     * The space after the day is non-breaking. */
    bool us = lang && strncmp(lang, "en-US", 5) == 0;
    int wd = briefing_weekday(dt->year, dt->month, dt->day);
    if (us)
        return arena_printf(a, "%s, %s\u00a0%d, %d", day_names[wd],
                            month_names[dt->month - 1], dt->day, dt->year);
    return arena_printf(a, "%s %d\u00a0%s %d", day_names[wd], dt->day,
                        month_names[dt->month - 1], dt->year);
}

static const char *briefing_short_date(const model_date *dt, arena *a)
{
    if (!dt->set)
        return "";
    return arena_printf(a, "%d\u00a0%s %d", dt->day, month_names[dt->month - 1],
                        dt->year);
}

static layout_para briefing_body_para(const briefing *b)
{
    const layout_theme *th = b->th;
    return (layout_para){
        .x = b->x,
        .width = b->w,
        .size = th->size,
        .leading = th->leading,
        .colour = th->ink,
        .link_colour = th->accent,
        .role = DL_ROLE_PARAGRAPH,
        .space_before = PARA_GAP,
    };
}

static void briefing_toc_add(briefing *b, const char *title, unsigned level,
                             int anchor)
{
    struct toc_entry *e = ARENA_PUSH(b->mem, b->toc, b->n_toc, b->toc_cap);
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

static struct briefing_id *briefing_id_find(briefing *b, const char *name)
{
    for (size_t i = 0; i < b->n_ids; i++)
        if (strcmp(b->ids[i].name, name) == 0)
            return &b->ids[i];
    return NULL;
}

/* Declares an id (before layout, so links may point forward) or, with an
 * anchor, says where it is. */
static void briefing_id(briefing *b, const char *name, int anchor)
{
    struct briefing_id *id = briefing_id_find(b, name);
    if (!id) {
        id = ARENA_PUSH(b->mem, b->ids, b->n_ids, b->ids_cap);
        id->name = name;
        id->anchor = -1;
    }
    if (anchor >= 0)
        id->anchor = anchor;
}

/* Internal links must name an id that exists. */
static void briefing_check_links(briefing *b, const md_block *mb)
{
    for (size_t i = 0; i < mb->n_runs; i++) {
        const char *l = mb->runs[i].link;
        if (!l || l[0] != '#' || (i && mb->runs[i - 1].link == l))
            continue;
        if (briefing_id_find(b, l + 1))
            continue;
        const char *known = "";
        for (size_t k = 0; k < b->n_ids && k < 12; k++)
            known = arena_printf(b->mem, "%s%s#%s", known, k ? ", " : "",
                                 b->ids[k].name);
        diag_error(b->d, b->file, mb->pos,
                   "the link to `%s` goes nowhere: no part, question or "
                   "section has that id (ids here: %s%s)",
                   l, known, b->n_ids > 12 ? ", …" : "");
    }
}

/* A part heading: an accent bar, the title, a bookmark and a contents
 * entry. */
static void briefing_h1(briefing *b, const char *title, bool toc,
                        const char *id)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_body_para(b);
    p.face = th->heading;
    p.size = 17;
    p.leading = 22;
    p.colour = th->primary;
    p.role = DL_ROLE_H1;
    p.space_before = 26;
    p.keep_all = true;
    p.keep_with_next = true;
    p.ragged = true;
    md_block mb = markdown_plain(title, b->mem);
    size_t first;
    size_t n = layout_paragraph(L, mb.runs, mb.n_runs, &p, layout_element(L), &first);
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
    it->outline_level = 0;
    /* a little more air under the heading than between paragraphs (`it`
     * may move now: the flow grows) */
    layout_item_new(L, 4)->keep_with_next = true;
    if (toc)
        briefing_toc_add(b, title, 0, anchor);
    if (id)
        briefing_id(b, id, anchor);
}

static void briefing_h2(briefing *b, const char *title)
{
    layout *L = &b->L;
    layout_para p = briefing_body_para(b);
    p.face = b->th->heading;
    p.size = 12;
    p.leading = 16;
    p.colour = b->th->primary;
    p.role = DL_ROLE_H2;
    p.space_before = 14;
    p.keep_all = true;
    p.keep_with_next = true;
    p.ragged = true;
    md_block mb = markdown_plain(title, b->mem);
    layout_paragraph(L, mb.runs, mb.n_runs, &p, layout_element(L), NULL);
}

/* A list marker in the margin of a paragraph's first line. */
static void briefing_marker(briefing *b, size_t first, const layout_para *p,
                            const char *marker, double label_right,
                            model_colour c, unsigned element, bool bold)
{
    layout *L = &b->L;
    if (first >= L->n)
        return;
    layout_item *it = &L->items[first];
    double base = layout_para_baseline(L, p);
    font_face *f = bold ? b->th->text.bold : b->th->text.regular;
    layout_text(L, it, label_right, base, f, p->size, c, marker,
                DL_ROLE_LIST_LABEL, element, 2);
}

/* A Markdown field's blocks at the text column, indented by `indent`. */
static void briefing_blocks(briefing *b, const md_doc *md, double indent,
                            layout_para base, bool first_gap)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    for (size_t i = 0; i < md->n; i++) {
        const md_block *mb = &md->blocks[i];
        briefing_check_links(b, mb);
        layout_para p = base;
        double q = mb->quote * INDENT_STEP;
        p.x = b->x + indent + q + mb->depth * INDENT_STEP;
        p.width = b->w - indent - q - mb->depth * INDENT_STEP;
        if (i == 0 && !first_gap)
            p.space_before = 0;
        else if (mb->depth && (mb->kind == MD_LIST_ITEM) && mb->tight &&
                 i > 0 && md->blocks[i - 1].depth)
            p.space_before = 3;
        if (mb->quote) {
            p.colour = th->muted;
            p.style |= MD_STYLE_EMPH;
        }
        unsigned el = layout_element(L);
        p.role = mb->depth ? DL_ROLE_LIST_BODY
                 : mb->quote ? DL_ROLE_QUOTE
                             : p.role;
        size_t first;
        size_t n = layout_paragraph(L, mb->runs, mb->n_runs, &p, el, &first);
        if (mb->kind == MD_LIST_ITEM && n) {
            const char *marker =
                mb->ordered ? arena_printf(b->mem, "%d.", mb->number)
                : mb->depth > 1 ? "\u2013"
                                : "\u2022";
            briefing_marker(b, first, &p, marker, p.x - 5,
                            mb->ordered ? th->primary : th->accent, el,
                            mb->ordered);
            /* keep a list item's first two lines together */
            if (n >= 2)
                L->items[first].keep_with_next = true;
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
}

static bool briefing_has(const model_text *t)
{
    return t->s && t->len;
}

/* ---- cover ---------------------------------------------------------------- */

static void briefing_cover(briefing *b)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    dl_page *pg = layout_page_new(L);
    double left = th->margin_l, width = th->page_w - th->margin_l - th->margin_r;

    if (rt->brand_model && rt->brand_model->logo) {
        dl_box *logo = layout_page_box(L, pg, DL_IMAGE, DL_ROLE_FIGURE);
        logo->x = left;
        logo->y = 64;
        /* render keeps the image's aspect ratio inside w × h */
        logo->h = 44;
        logo->w = 200;
        logo->u.image.path = rt->brand_model->logo;
        logo->u.image.alt = arena_printf(b->mem, "%s logo", th->footer ? th->footer : "Brand");
        if (rt->brand_model->name.s)
            logo->u.image.alt = arena_printf(b->mem, "%s logo", rt->brand_model->name.s);
    }

    else if (briefing_has(&rt->host)) {
        /* no logo: the host's name as a wordmark in its place */
        layout_page_text(L, pg, left, 96, th->heading, 18, th->primary,
                         rt->host.s, DL_ROLE_PARAGRAPH, 0);
    }

    double band_top = 170, band_h = 330;
    dl_box *band = layout_page_box(L, pg, DL_RECT, DL_ROLE_ARTIFACT);
    band->x = 0;
    band->y = band_top;
    band->w = th->page_w;
    band->h = band_h;
    band->colour = th->primary;
    dl_box *stripe = layout_page_box(L, pg, DL_RECT, DL_ROLE_ARTIFACT);
    stripe->x = 0;
    stripe->y = band_top + band_h;
    stripe->w = th->page_w;
    stripe->h = 6;
    stripe->colour = th->accent;

    /* Title and subtitle are set as paragraphs into an item, measured,
     * and copied onto the cover centred in the band. */
    layout_item *tmp = &(layout_item){.anchor = -1};
    model_colour white = {255, 255, 255};
    layout_para tp = {
        .x = left, .width = width, .size = 27, .leading = 33,
        .face = th->heading, .colour = white, .link_colour = white,
        .role = DL_ROLE_TITLE, .keep_all = true, .ragged = true,
    };
    md_block title = markdown_plain(rt->title.s, b->mem);
    double y = layout_paragraph_into(L, tmp, 0, title.runs, title.n_runs, &tp,
                                     layout_element(L));
    if (briefing_has(&rt->subtitle)) {
        layout_para sp = tp;
        sp.size = 15;
        sp.leading = 20;
        sp.face = th->text.regular;
        sp.colour = th->tint;
        sp.role = DL_ROLE_SUBTITLE;
        md_block sub = markdown_plain(rt->subtitle.s, b->mem);
        y += 10 + layout_paragraph_into(L, tmp, y + 10, sub.runs, sub.n_runs,
                                        &sp, layout_element(L));
    }
    /* a little above the middle looks centred */
    double offset = band_top + fmax(36, (band_h - y) / 2 - 12);
    for (size_t i = 0; i < tmp->n; i++) {
        dl_box *bx = ARENA_PUSH(b->mem, pg->boxes, pg->n, pg->cap);
        *bx = tmp->boxes[i];
        bx->y += offset;
    }

    /* The facts of the meeting, as label and value rows. */
    typedef struct {
        const char *label, *value;
    } cover_row;
    cover_row rows[8];
    size_t nr = 0;
    const char *lang = rt->language.s;
    rows[nr++] = (cover_row){"Date", layout_long_date(&rt->date, lang, b->mem)};
    if (briefing_has(&rt->host))
        rows[nr++] = (cover_row){"Hosted by", rt->host.s};
    if (briefing_has(&rt->partner))
        rows[nr++] = (cover_row){"With", rt->partner.s};
    if (briefing_has(&rt->venue))
        rows[nr++] = (cover_row){"Venue", rt->venue.s};
    if (rt->setting != MODEL_SETTING_NONE)
        rows[nr++] = (cover_row){
            "Format", rt->setting == MODEL_SETTING_IN_PERSON ? "In person"
                      : rt->setting == MODEL_SETTING_ONLINE  ? "Online"
                                                             : "Hybrid"};
    if (rt->published.set)
        rows[nr++] = (cover_row){"Published",
                                 layout_long_date(&rt->published, lang, b->mem)};
    layout_item *facts = &(layout_item){.anchor = -1};
    layout_para vp = {
        .x = left + 78, .width = width - 78, .size = 11, .leading = 15,
        .colour = th->ink, .link_colour = th->ink, .role = DL_ROLE_PARAGRAPH,
        .keep_all = true, .ragged = true,
    };
    y = band_top + band_h + 30;
    for (size_t i = 0; i < nr; i++) {
        unsigned el = layout_element(L);
        layout_text(L, facts, left, y + layout_para_baseline(L, &vp),
                    th->text.bold, 8.5, th->muted, rows[i].label,
                    DL_ROLE_PARAGRAPH, el, 0);
        md_block v = markdown_plain(rows[i].value, b->mem);
        y += layout_paragraph_into(L, facts, y, v.runs, v.n_runs, &vp, el) + 6;
    }
    for (size_t i = 0; i < facts->n; i++)
        *ARENA_PUSH(b->mem, pg->boxes, pg->n, pg->cap) = facts->boxes[i];
    if (th->marking) {
        layout_page_text(L, pg, th->page_w / 2, 30, th->text.bold, 9, th->ink,
                         th->marking, DL_ROLE_ARTIFACT, 1);
        layout_page_text(L, pg, th->page_w / 2, th->page_h - 22, th->text.bold,
                         9, th->ink, th->marking, DL_ROLE_ARTIFACT, 1);
    }
    if (th->footer)
        layout_page_text(L, pg, left, th->page_h - 42, th->text.regular, 8,
                         th->muted, th->footer, DL_ROLE_ARTIFACT, 0);
}

/* ---- body parts ------------------------------------------------------------ */

static md_block briefing_inline(briefing *b, const model_text *t)
{
    md_block mb = markdown_inline(t, b->file, b->mem, b->d);
    briefing_check_links(b, &mb);
    return mb;
}

static void briefing_summary(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = &b->L;
    if (!briefing_has(&rt->summary) && !rt->n_questions)
        return;
    briefing_h1(b, "Summary", true, "summary");
    md_doc md = markdown_blocks(&rt->summary, b->file, b->mem, b->d);
    briefing_blocks(b, &md, 0, briefing_body_para(b), false);
    if (!rt->n_questions)
        return;
    briefing_h2(b, rt->n_questions == 1 ? "The question discussed"
                                        : "The questions discussed");
    layout_para p = briefing_body_para(b);
    p.x = b->x + 22;
    p.width = b->w - 22;
    p.space_before = 5;
    p.role = DL_ROLE_LIST_BODY;
    for (size_t i = 0; i < rt->n_questions; i++) {
        md_block q = briefing_inline(b, &rt->questions[i].question);
        unsigned el = layout_element(L);
        size_t first;
        if (i == 0)
            p.space_before = 2;
        size_t n = layout_paragraph(L, q.runs, q.n_runs, &p, el, &first);
        if (n) {
            briefing_marker(b, first, &p, arena_printf(b->mem, "%zu", i + 1),
                            p.x - 8, b->th->accent, el, true);
            /* #qN leads here unless the question has a takeaways block */
            L->items[first].anchor = layout_anchor_new(L);
            briefing_id(b, arena_printf(b->mem, "q%zu", i + 1),
                        L->items[first].anchor);
        }
        p.space_before = 5;
    }
}

static void briefing_sections(briefing *b)
{
    const model_roundtable *rt = b->rt;
    for (size_t i = 0; i < rt->n_sections; i++) {
        const model_section *s = &rt->sections[i];
        briefing_h1(b, s->heading.s ? s->heading.s : "", true, b->section_ids[i]);
        md_doc md = markdown_blocks(&s->body, b->file, b->mem, b->d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), false);
    }
}

/* One takeaway: a bullet with a hanging indent, and its sub-points. */
static size_t briefing_takeaway(briefing *b, const model_takeaway *t,
                                double gap)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_body_para(b);
    p.x = b->x + INDENT_STEP;
    p.width = b->w - INDENT_STEP;
    p.space_before = gap;
    p.role = DL_ROLE_LIST_BODY;
    md_block mb = briefing_inline(b, &t->text);
    unsigned el = layout_element(L);
    size_t first;
    size_t n = layout_paragraph(L, mb.runs, mb.n_runs, &p, el, &first);
    if (n) {
        briefing_marker(b, first, &p, "\u2022", p.x - 6, th->accent, el, false);
        if (n >= 2)
            L->items[first].keep_with_next = true;
    }
    for (size_t i = 0; i < t->points.n; i++) {
        layout_para sp = p;
        sp.x = p.x + INDENT_STEP;
        sp.width = p.width - INDENT_STEP;
        sp.space_before = 2;
        md_block pb = briefing_inline(b, &t->points.items[i]);
        unsigned sel = layout_element(L);
        size_t sfirst;
        size_t sn = layout_paragraph(L, pb.runs, pb.n_runs, &sp, sel, &sfirst);
        if (sn)
            briefing_marker(b, sfirst, &sp, "\u2013", sp.x - 6, th->muted, sel,
                            false);
    }
    return first;
}

static void briefing_takeaways(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = &b->L;
    const layout_theme *th = b->th;
    bool any = false;
    for (size_t i = 0; i < rt->n_questions; i++)
        any |= rt->questions[i].n_takeaways || briefing_has(&rt->questions[i].notes);
    if (!any)
        return;
    briefing_h1(b, "Key takeaways", true, "takeaways");
    for (size_t i = 0; i < rt->n_questions; i++) {
        const model_question *q = &rt->questions[i];
        /* "QUESTION 1" label */
        layout_item *lab = layout_item_new(L, 15);
        lab->space_before = i == 0 ? 4 : 20;
        lab->keep_with_next = true;
        lab->heading = true;
        char *label = arena_printf(b->mem, "QUESTION %zu", i + 1);
        unsigned el = layout_element(L);
        layout_text(L, lab, b->x, 11, th->text.bold, 8.5, th->accent, label,
                    DL_ROLE_H2, el, 0);
        lab->anchor = layout_anchor_new(L);
        briefing_id(b, arena_printf(b->mem, "q%zu", i + 1), lab->anchor);
        const char *qtext = q->question.s ? q->question.s : "";
        lab->outline = arena_printf(b->mem, "Question %zu: %s", i + 1, qtext);
        lab->outline_level = 1;
        briefing_toc_add(b, lab->outline, 1, lab->anchor);

        layout_para p = briefing_body_para(b);
        p.face = th->heading;
        p.size = 12;
        p.leading = 16;
        p.colour = th->primary;
        p.role = DL_ROLE_H2;
        p.space_before = 1;
        p.keep_all = true;
        p.keep_with_next = q->n_takeaways || briefing_has(&q->notes);
        p.ragged = true;
        md_block qb = briefing_inline(b, &q->question);
        layout_paragraph(L, qb.runs, qb.n_runs, &p, el, NULL);
        size_t before = L->n;
        for (size_t k = 0; k < q->n_takeaways; k++)
            briefing_takeaway(b, &q->takeaways[k], k == 0 ? 6 : 4);
        /* The question keeps at least its first two lines of takeaways. */
        if (L->n > before + 1)
            L->items[before].keep_with_next = true;
        if (briefing_has(&q->notes)) {
            md_doc md = markdown_blocks(&q->notes, b->file, b->mem, b->d);
            briefing_blocks(b, &md, 0, briefing_body_para(b), true);
        }
    }
}

/* A table row: cells set side by side in one unbreakable item. */
typedef struct briefing_cell {
    md_block text;
    double x, w;
    bool bold;
} briefing_cell;

static layout_item *briefing_row(briefing *b, const briefing_cell *cells,
                                 size_t n, bool header)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    layout_item *it = layout_item_new(L, 0);
    double pad = 5, hmax = 0;
    for (size_t i = 0; i < n; i++) {
        layout_para p = briefing_body_para(b);
        p.x = cells[i].x + pad;
        p.width = cells[i].w - 2 * pad;
        p.size = 9.5;
        p.leading = 13;
        p.ragged = true;
        p.role = header ? DL_ROLE_TABLE_HEADER : DL_ROLE_TABLE_CELL;
        p.style = cells[i].bold || header ? MD_STYLE_STRONG : 0;
        p.colour = header ? (model_colour){255, 255, 255} : th->ink;
        double h = layout_paragraph_into(L, it, pad, cells[i].text.runs,
                                         cells[i].text.n_runs, &p,
                                         layout_element(L));
        if (h > hmax)
            hmax = h;
    }
    it->height = hmax + 2 * pad;
    /* background or rule, drawn under the text: put it first */
    dl_box bg = {0};
    if (header) {
        bg.kind = DL_RECT;
        bg.role = DL_ROLE_ARTIFACT;
        bg.x = b->x;
        bg.w = b->w;
        bg.h = it->height;
        bg.colour = th->primary;
    } else {
        bg.kind = DL_RULE;
        bg.role = DL_ROLE_ARTIFACT;
        bg.x = b->x;
        bg.y = it->height;
        bg.w = b->w;
        bg.colour = th->rule;
        bg.line_width = 0.5;
    }
    dl_box *slot = layout_item_box(L, it, bg.kind, bg.role);
    memmove(it->boxes + 1, it->boxes, (it->n - 1) * sizeof *it->boxes);
    (void)slot;
    it->boxes[0] = bg;
    return it;
}

static void briefing_next_steps(briefing *b)
{
    const model_roundtable *rt = b->rt;
    if (!briefing_has(&rt->next_steps) && !rt->n_actions)
        return;
    briefing_h1(b, "Next steps", true, "next-steps");
    md_doc md = markdown_blocks(&rt->next_steps, b->file, b->mem, b->d);
    briefing_blocks(b, &md, 0, briefing_body_para(b), false);
    if (!rt->n_actions)
        return;
    double wdue = 92, wowner = 120, wnum = 26;
    double x = b->x;
    double wact = b->w - wdue - wowner - wnum;
    briefing_cell head[4] = {
        {markdown_plain("#", b->mem), x, wnum, true},
        {markdown_plain("Action", b->mem), x + wnum, wact, true},
        {markdown_plain("Owner", b->mem), x + wnum + wact, wowner, true},
        {markdown_plain("Due", b->mem), x + wnum + wact + wowner, wdue, true},
    };
    layout_item *h = briefing_row(b, head, 4, true);
    h->space_before = md.n ? 12 : 0;
    h->keep_with_next = true;
    for (size_t i = 0; i < rt->n_actions; i++) {
        const model_action *a = &rt->actions[i];
        briefing_cell row[4] = {
            {markdown_plain(arena_printf(b->mem, "%zu", i + 1), b->mem), x, wnum, true},
            {briefing_inline(b, &a->action), x + wnum, wact, false},
            {markdown_plain(a->owner.s ? a->owner.s : "", b->mem), x + wnum + wact,
             wowner, false},
            {markdown_plain(briefing_short_date(&a->due, b->mem), b->mem),
             x + wnum + wact + wowner, wdue, false},
        };
        briefing_row(b, row, 4, false);
    }
}

/* ---- speakers ---------------------------------------------------------------- */

/* Titles that are not part of a person's initials. */
static bool briefing_is_title(const char *w, size_t len)
{
    static const char *const titles[] = {"Dr", "Dr.", "Prof", "Prof.", "Mr",
                                         "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
                                         "Mx", "Sir", "Dame", "Lord", "Lady",
                                         "Rt", "Hon", "Cllr", "DCI", "DI",
                                         "DS", "Supt"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strlen(titles[i]) == len && strncmp(w, titles[i], len) == 0)
            return true;
    return false;
}

static const char *briefing_initials(const char *name, arena *a)
{
    char out[16];
    size_t n = 0;
    const char *last = NULL;
    const char *p = name;
    for (;;) {
        while (*p == ' ')
            p++;
        size_t wl = strcspn(p, " ");
        if (!p[wl] || !briefing_is_title(p, wl))
            break;
        p += wl;
    }
    name = p;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (!last && n == 0) {
            size_t k = 1;
            while ((p[k] & 0xC0) == 0x80)
                k++;
            memcpy(out, p, k);
            n = k;
        }
        last = p;
        while (*p && *p != ' ')
            p++;
    }
    if (last && last != name) {
        size_t k = 1;
        while ((last[k] & 0xC0) == 0x80)
            k++;
        if (n + k < sizeof out) {
            memcpy(out + n, last, k);
            n += k;
        }
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x80)
            out[i] = (char)toupper((unsigned char)out[i]);
    return arena_strndup(a, out, n);
}

typedef enum { CONTACT_EMAIL, CONTACT_PHONE, CONTACT_WEB, CONTACT_LINKEDIN,
               CONTACT_TWITTER } contact_kind;

static const char *briefing_contact_uri(contact_kind k, const char *v,
                                        const char *lang, arena *a)
{
    bool has_scheme = strstr(v, "://") != NULL;
    switch (k) {
    case CONTACT_EMAIL:
        return arena_printf(a, "mailto:%s", v);
    case CONTACT_PHONE: {
        /* tel: wants a global number: a UK national number 0… is +44… */
        char digits[64];
        size_t n = 0;
        bool plus = false;
        for (const char *p = v; *p && n + 4 < sizeof digits; p++) {
            if (*p == '+' && n == 0)
                plus = true;
            else if (isdigit((unsigned char)*p))
                digits[n++] = *p;
        }
        digits[n] = '\0';
        bool uk = !lang || strncmp(lang, "en-GB", 5) == 0;
        if (!plus && uk && digits[0] == '0' && digits[1] != '0')
            return arena_printf(a, "tel:+44%s", digits + 1);
        return arena_printf(a, "tel:%s%s", plus ? "+" : "", digits);
    }
    case CONTACT_TWITTER:
        if (v[0] == '@')
            return arena_printf(a, "https://twitter.com/%s", v + 1);
        /* fall through */
    case CONTACT_WEB:
    case CONTACT_LINKEDIN:
        return has_scheme ? v : arena_printf(a, "https://%s", v);
    }
    return v;
}

static void briefing_speaker(briefing *b, const model_speaker *s, bool first)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    const char *lang = b->rt->language.s;
    double photo = 60, gap = 16;
    double tx = b->x + photo + gap, tw = b->w - photo - gap;

    /* The head of the card: photo, name, role and organisation. */
    layout_item *head = layout_item_new(L, 0);
    head->space_before = first ? 4 : 17;
    head->keep_with_next = true;
    head->separator = !first;
    head->heading = true;
    unsigned el = layout_element(L);
    const char *name = s->name.s ? s->name.s : "";
    if (s->photo_path) {
        dl_box *img = layout_item_box(L, head, DL_IMAGE, DL_ROLE_FIGURE);
        img->element = el;
        img->x = b->x;
        img->y = 2;
        img->w = photo;
        img->h = photo;
        img->u.image.path = s->photo_path;
        img->u.image.alt = arena_printf(b->mem, "Photograph of %s", name);
    } else {
        dl_box *c = layout_item_box(L, head, DL_CIRCLE, DL_ROLE_ARTIFACT);
        c->x = b->x;
        c->y = 2;
        c->w = c->h = photo;
        c->colour = th->primary;
        layout_text(L, head, b->x + photo / 2, 2 + photo / 2 + 7,
                    th->text.bold, 20, (model_colour){255, 255, 255},
                    briefing_initials(name, b->mem), DL_ROLE_ARTIFACT, 0, 1);
    }
    layout_para p = briefing_body_para(b);
    p.x = tx;
    p.width = tw;
    p.ragged = true;
    layout_para np = p;
    np.face = th->heading;
    np.size = 12.5;
    np.leading = 17;
    np.colour = th->primary;
    np.role = DL_ROLE_H3;
    md_block nb = markdown_plain(name, b->mem);
    double y = layout_paragraph_into(L, head, 0, nb.runs, nb.n_runs, &np, el);
    head->outline = name;
    head->outline_level = 1;
    layout_para rp = p;
    rp.size = 9.5;
    rp.leading = 13;
    rp.colour = th->muted;
    if (briefing_has(&s->role)) {
        md_block rb = markdown_plain(s->role.s, b->mem);
        y += layout_paragraph_into(L, head, y, rb.runs, rb.n_runs, &rp, el);
    }
    if (briefing_has(&s->organisation)) {
        layout_para op = rp;
        op.style = MD_STYLE_STRONG;
        md_block ob = markdown_plain(s->organisation.s, b->mem);
        y += layout_paragraph_into(L, head, y, ob.runs, ob.n_runs, &op, el);
    }
    head->height = y;
    double used = y;

    /* The bio, line by line, so a bio longer than a page can still break. */
    if (briefing_has(&s->bio)) {
        md_doc md = markdown_blocks(&s->bio, b->file, b->mem, b->d);
        layout_para bp = p;
        bp.size = 9.5;
        bp.leading = 13.5;
        bp.space_before = 5;
        size_t before = L->n;
        briefing_blocks(b, &md, photo + gap, bp, true);
        for (size_t i = before; i < L->n; i++) {
            L->items[i].keep_with_next = true;
            used += L->items[i].height + L->items[i].space_before;
        }
    }

    /* Contacts: a label column and clickable values. */
    const struct {
        const model_text_list *list;
        const char *label;
        contact_kind kind;
    } contacts[] = {
        {&s->email, "Email", CONTACT_EMAIL},
        {&s->phone, "Phone", CONTACT_PHONE},
        {&s->website, "Website", CONTACT_WEB},
        {&s->linkedin, "LinkedIn", CONTACT_LINKEDIN},
        {&s->twitter, "Twitter", CONTACT_TWITTER},
    };
    bool first_contact = true;
    for (size_t c = 0; c < sizeof contacts / sizeof contacts[0]; c++) {
        const model_text_list *l = contacts[c].list;
        bool labelled = false;
        for (size_t i = 0; i < l->n; i++) {
            const char *v = l->items[i].s;
            if (!v || !*v)
                continue;
            bool dup = false;
            for (size_t k = 0; k < i; k++)
                dup |= l->items[k].s && strcmp(l->items[k].s, v) == 0;
            if (dup)
                continue;
            layout_item *row = layout_item_new(L, 0);
            row->space_before = first_contact ? 6 : 1;
            row->keep_with_next = true;
            layout_para cp = p;
            cp.size = 9;
            cp.leading = 12.5;
            cp.x = tx + 56;
            cp.width = tw - 56;
            cp.link_colour = th->accent;
            unsigned cel = layout_element(L);
            if (!labelled)
                layout_text(L, row, tx, layout_para_baseline(L, &cp),
                            th->text.bold, 8, th->muted, contacts[c].label,
                            DL_ROLE_PARAGRAPH, cel, 0);
            md_run run = {.text = v, .len = strlen(v),
                          .link = briefing_contact_uri(contacts[c].kind, v,
                                                       lang, b->mem)};
            row->height = layout_paragraph_into(L, row, 0, &run, 1, &cp, cel);
            used += row->height + row->space_before;
            labelled = true;
            first_contact = false;
        }
    }
    /* The card is at least as tall as its photo. */
    layout_item *end = layout_item_new(L, used < photo + 4 ? photo + 4 - used : 0);
    end->keep_with_next = false;
}

static void briefing_speakers(briefing *b)
{
    const model_roundtable *rt = b->rt;
    if (!rt->n_speakers)
        return;
    briefing_h1(b, rt->n_speakers == 1 ? "Speaker" : "Speakers", true,
                "speakers");
    for (size_t i = 0; i < rt->n_speakers; i++)
        briefing_speaker(b, &rt->speakers[i], i == 0);
}

static md_block briefing_attendee_text(briefing *b, const model_attendee *a)
{
    md_block out = {.kind = MD_PARAGRAPH};
    size_t cap = 0;
    md_run *r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
    r->text = a->name.s ? a->name.s : "";
    r->len = strlen(r->text);
    r->style = MD_STYLE_STRONG;
    const char *parts[2] = {a->role.s, a->organisation.s};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
        r->text = arena_printf(b->mem, ", %s", parts[i]);
        r->len = strlen(r->text);
    }
    return out;
}

static void briefing_attendees(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = &b->L;
    if (!rt->n_attendees)
        return;
    briefing_h1(b, "Attendees", true, "attendees");
    /* Two columns, row by row, so reading order survives a page break. */
    double gap = 18, cw = (b->w - gap) / 2;
    layout_para p = briefing_body_para(b);
    p.size = 9.5;
    p.leading = 13;
    p.ragged = true;
    p.indent = 10;
    for (size_t i = 0; i < rt->n_attendees; i += 2) {
        layout_item *row = layout_item_new(L, 0);
        row->space_before = i == 0 ? 2 : 5;
        double h = 0;
        for (size_t c = 0; c < 2 && i + c < rt->n_attendees; c++) {
            layout_para cp = p;
            cp.x = b->x + c * (cw + gap);
            cp.width = cw;
            md_block t = briefing_attendee_text(b, &rt->attendees[i + c]);
            double ch = layout_paragraph_into(L, row, 0, t.runs, t.n_runs, &cp,
                                              layout_element(L));
            if (ch > h)
                h = ch;
        }
        row->height = h;
    }
}

/* ---- contents and assembly ------------------------------------------------- */

static void briefing_contents(briefing *b)
{
    layout *L = &b->L;
    const layout_theme *th = b->th;
    briefing_h1(b, "Contents", false, "contents");
    font_run dot = font_shape(th->text.regular, ".", 1, th->kerning, b->mem);
    for (size_t i = 0; i < b->n_toc; i++) {
        const struct toc_entry *e = &b->toc[i];
        layout_item *it = layout_item_new(L, 0);
        it->space_before = e->level == 0 ? (i == 0 ? 2 : 9) : 3;
        layout_para p = briefing_body_para(b);
        p.x = b->x + e->level * 16;
        p.width = b->w - e->level * 16 - 40;
        p.size = e->level == 0 ? 10.5 : 10;
        p.leading = e->level == 0 ? 15 : 14;
        p.style = e->level == 0 ? MD_STYLE_STRONG : 0;
        p.ragged = true;
        p.indent = e->level ? 0 : 0;
        p.role = DL_ROLE_TOC_ENTRY;
        unsigned el = layout_element(L);
        md_block mb = markdown_plain(e->title, b->mem);
        size_t first_box = it->n;
        double h = layout_paragraph_into(L, it, 0, mb.runs, mb.n_runs, &p, el);
        it->height = h;
        double last_base = h - p.leading + layout_para_baseline(L, &p);
        double end = p.x;
        for (size_t k = first_box; k < it->n; k++)
            if (it->boxes[k].kind == DL_TEXT &&
                fabs(it->boxes[k].y - last_base) < 0.01)
                end = fmax(end, it->boxes[k].x + layout_box_text_width(&it->boxes[k]));
        const layout_anchor *an = &L->anchors[e->anchor];
        int page = an->page - (int)L->doc->body_start + 1;
        char num[16];
        snprintf(num, sizeof num, "%d", page);
        double right = b->x + b->w;
        double nw = layout_text(L, it, right, last_base, th->text.regular,
                                p.size, th->ink, num, DL_ROLE_TOC_ENTRY, el, 2);
        /* Leader dots on a grid, so they line up from entry to entry. */
        double step = 4.5, dw = dot.width * p.size / 1000.0;
        double from = ceil((end + 6 - b->x) / step) * step + b->x;
        size_t nd = 0;
        for (double xd = from; xd + dw <= right - nw - 6; xd += step)
            nd++;
        if (nd && dot.n == 1) {
            dl_box *lb = layout_item_box(L, it, DL_TEXT, DL_ROLE_ARTIFACT);
            font_glyph *g = arena_calloc(b->mem, nd, sizeof *g);
            double *xs = arena_calloc(b->mem, nd, sizeof *xs);
            char *txt = arena_alloc(b->mem, nd + 1);
            for (size_t k = 0; k < nd; k++) {
                g[k] = dot.glyphs[0];
                g[k].cluster = (uint32_t)k;
                xs[k] = k * step;
                txt[k] = '.';
            }
            lb->x = from;
            lb->y = last_base;
            lb->colour = th->muted;
            lb->u.text = (dl_text){th->text.regular, p.size, g, xs, nd, txt, nd};
        }
        dl_box *link = layout_item_box(L, it, DL_LINK, DL_ROLE_TOC_ENTRY);
        link->element = el;
        link->x = p.x;
        link->y = 0;
        link->w = right - p.x;
        link->h = h;
        link->u.link.anchor = e->anchor;
        link->u.link.dest_page = -1;
    }
}

static int briefing_outline_cmp(const void *pa, const void *pb)
{
    const dl_outline *a = pa, *b = pb;
    if (a->page != b->page)
        return a->page < b->page ? -1 : 1;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return a->level < b->level ? -1 : a->level > b->level;
}

/* Moves the contents pages (laid out last, since they need the body's page
 * numbers) to just after the cover, and renumbers every page reference. */
static void briefing_move_contents(briefing *b, size_t body_end)
{
    dl_doc *d = b->L.doc;
    size_t n_toc = d->n_pages - body_end;
    size_t n_body = body_end - 1;
    dl_page *pages = arena_calloc(b->mem, d->n_pages, sizeof *pages);
    pages[0] = d->pages[0];
    for (size_t i = 0; i < n_toc; i++)
        pages[1 + i] = d->pages[body_end + i];
    for (size_t i = 0; i < n_body; i++)
        pages[1 + n_toc + i] = d->pages[1 + i];
    d->pages = pages;
#define MOVE(p) ((p) >= (int)body_end ? (p) - (int)body_end + 1 \
                 : (p) >= 1 ? (p) + (int)n_toc : (p))
    for (size_t i = 0; i < b->L.n_anchors; i++)
        b->L.anchors[i].page = MOVE(b->L.anchors[i].page);
    for (size_t i = 0; i < d->n_outline; i++)
        d->outline[i].page = MOVE(d->outline[i].page);
#undef MOVE
    /* a stable order: insertion sort (outlines are short and nearly
     * sorted) */
    for (size_t i = 1; i < d->n_outline; i++) {
        dl_outline o = d->outline[i];
        size_t j = i;
        while (j > 0 && briefing_outline_cmp(&d->outline[j - 1], &o) > 0) {
            d->outline[j] = d->outline[j - 1];
            j--;
        }
        d->outline[j] = o;
    }
    d->body_start = 1 + n_toc;
}

static void briefing_resolve_links(briefing *b)
{
    dl_doc *d = b->L.doc;
    for (size_t i = 0; i < d->n_pages; i++)
        for (size_t k = 0; k < d->pages[i].n; k++) {
            dl_box *bx = &d->pages[i].boxes[k];
            if (bx->kind != DL_LINK)
                continue;
            if (bx->u.link.uri && bx->u.link.uri[0] == '#') {
                const struct briefing_id *id = briefing_id_find(b, bx->u.link.uri + 1);
                if (!id || id->anchor < 0)
                    continue; /* reported when the text was set */
                bx->u.link.uri = NULL;
                bx->u.link.anchor = id->anchor;
            } else if (bx->u.link.uri) {
                continue;
            }
            const layout_anchor *an = &b->L.anchors[bx->u.link.anchor];
            bx->u.link.dest_page = an->page;
            bx->u.link.dest_y = an->y;
        }
}

dl_doc *layout_briefing(const model_roundtable *rt, const layout_theme *th,
                        arena *a, diag *d)
{
    dl_doc *doc = arena_alloc(a, sizeof *doc);
    doc->width = th->page_w;
    doc->height = th->page_h;
    doc->title = rt->title.s;
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
    b->th = th;
    b->mem = a;
    b->d = d;
    b->file = rt->path;
    b->x = th->margin_l;
    b->w = th->page_w - th->margin_l - th->margin_r;
    layout_init(&b->L, a, th, doc);

    /* Every id a link may name, before any text is set. */
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

    briefing_cover(b);
    doc->body_start = 1;
    briefing_summary(b);
    briefing_sections(b);
    briefing_takeaways(b);
    briefing_next_steps(b);
    briefing_speakers(b);
    briefing_attendees(b);
    layout_paginate(&b->L);
    size_t body_end = doc->n_pages;

    briefing_contents(b);
    if (b->L.n) {
        b->L.items[0].new_page = true;
        layout_paginate(&b->L);
    }
    briefing_move_contents(b, body_end);
    briefing_resolve_links(b);
    layout_furniture(&b->L, 1);
    return doc;
}
