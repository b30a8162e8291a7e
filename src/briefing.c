/* The parts of a briefing, in the order of the input format: cover,
 * contents, summary, sections, key takeaways, next steps with actions,
 * speakers, attendees. Each part is built into the layout flow; a part
 * with nothing in it is left out, and so is its contents entry. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "briefing.h"

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

const char *briefing_short_date(const model_date *dt, const char *lang,
                                arena *a)
{
    if (!dt->set)
        return "";
    if (lang && strncmp(lang, "en-US", 5) == 0)
        return arena_printf(a, "%s\u00a0%d, %d", month_names[dt->month - 1],
                            dt->day, dt->year);
    return arena_printf(a, "%d\u00a0%s %d", dt->day, month_names[dt->month - 1],
                        dt->year);
}

const char *briefing_facts_line(briefing *b)
{
    const model_roundtable *rt = b->rt;
    const char *facts = layout_long_date(&rt->date, rt->language.s, b->mem);
    if (briefing_has(&rt->venue))
        facts = arena_printf(b->mem, "%s \u00b7 %s", facts, rt->venue.s);
    if (briefing_has(&rt->host) && briefing_has(&rt->partner))
        facts = arena_printf(b->mem, "%s \u00b7 Hosted by %s with %s", facts,
                             rt->host.s, rt->partner.s);
    else if (briefing_has(&rt->host))
        facts = arena_printf(b->mem, "%s \u00b7 Hosted by %s", facts, rt->host.s);
    return facts;
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
        .link_colour = th->accent,
        .role = DL_ROLE_PARAGRAPH,
        .space_before = PARA_GAP,
    };
}

static void briefing_toc_add(briefing *b, const char *title, unsigned level,
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

/* A part heading: an accent bar, the title, a bookmark and a contents
 * entry. */
void briefing_h1(briefing *b, const char *title, bool toc,
                        const char *id)
{
    title = markdown_smart(title, b->mem);
    layout *L = b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_body_para(b);
    p.face = th->heading;
    p.size = 17;
    p.leading = 22;
    p.colour = th->primary;
    p.role = DL_ROLE_H1;
    p.space_before = 26;
    p.keep_all = true;
    p.balance = true;
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
    it->outline_level = b->level;
    /* a little more air under the heading than between paragraphs (`it`
     * may move now: the flow grows) */
    layout_item_new(L, 4)->keep_with_next = true;
    if (toc)
        briefing_toc_add(b, title, b->level, anchor);
    if (id)
        briefing_id(b, id, anchor);
}

void briefing_h2(briefing *b, const char *title)
{
    layout *L = b->L;
    layout_para p = briefing_body_para(b);
    p.face = b->th->heading;
    p.size = 12;
    p.leading = 16;
    p.colour = b->th->primary;
    p.role = DL_ROLE_H2;
    p.space_before = 14;
    p.keep_all = true;
    p.balance = true;
    p.keep_with_next = true;
    p.ragged = true;
    md_block mb = markdown_plain(title, b->mem);
    layout_paragraph(L, mb.runs, mb.n_runs, &p, layout_element(L), NULL);
}

/* A list marker in the margin of a paragraph's first line. */
void briefing_marker(briefing *b, size_t first, const layout_para *p,
                            const char *marker, double label_right,
                            model_colour c, unsigned element, bool bold)
{
    layout *L = b->L;
    if (first >= L->n)
        return;
    layout_item *it = &L->items[first];
    double base = layout_para_baseline(L, p);
    font_face *f = bold ? b->th->text.bold : b->th->text.regular;
    layout_text(L, it, label_right, base, f, p->size, c, marker,
                DL_ROLE_LIST_LABEL, element, 2);
    /* the label comes before its text in the page's reading order */
    dl_box label = it->boxes[it->n - 1];
    memmove(it->boxes + 1, it->boxes, (it->n - 1) * sizeof *it->boxes);
    it->boxes[0] = label;
}

/* A Markdown field's blocks at the text column, indented by `indent`. */
void briefing_blocks(briefing *b, const md_doc *md, double indent,
                            layout_para base, bool first_gap)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
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
            briefing_marker(b, first, &p, marker, p.x - 5, th->accent, el,
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

bool briefing_has(const model_text *t)
{
    return t->s && t->len;
}

/* ---- body parts ------------------------------------------------------------ */

md_block briefing_inline(briefing *b, const model_text *t, const char *what)
{
    md_block mb = markdown_inline(t, what, b->file, b->mem, b->d);
    briefing_check_links(b, &mb);
    return mb;
}

static void briefing_summary(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = b->L;
    if (!briefing_has(&rt->summary) && !rt->n_questions)
        return;
    const char *discussed = rt->n_questions == 1 ? "The question discussed"
                                                 : "The questions discussed";
    if (!briefing_has(&rt->summary)) {
        /* no summary to head: the list of questions is the part */
        briefing_h1(b, discussed, true, "summary");
    } else {
        briefing_h1(b, "Summary", true, "summary");
        md_doc md = markdown_blocks(&rt->summary, b->file, b->mem, b->d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), false);
        if (!rt->n_questions)
            return;
        briefing_h2(b, discussed);
    }
    layout_para p = briefing_body_para(b);
    p.x = b->x + 22;
    p.width = b->w - 22;
    p.space_before = 5;
    p.role = DL_ROLE_LIST_BODY;
    for (size_t i = 0; i < rt->n_questions; i++) {
        md_block q = briefing_inline(b, &rt->questions[i].question, "a question");
        unsigned el = layout_element(L);
        size_t first;
        if (i == 0)
            p.space_before = 2;
        size_t n = layout_paragraph(L, q.runs, q.n_runs, &p, el, &first);
        if (n) {
            briefing_marker(b, first, &p, arena_printf(b->mem, "%zu.", i + 1),
                            p.x - 6, b->th->accent, el, true);
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
    layout *L = b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_body_para(b);
    p.x = b->x + INDENT_STEP;
    p.width = b->w - INDENT_STEP;
    p.space_before = gap;
    p.role = DL_ROLE_LIST_BODY;
    md_block mb = briefing_inline(b, &t->text, "a takeaway");
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
        md_block pb = briefing_inline(b, &t->points.items[i], "a sub-point");
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
    layout *L = b->L;
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
        lab->outline_level = b->level + 1;
        briefing_toc_add(b, lab->outline, b->level + 1, lab->anchor);

        layout_para p = briefing_body_para(b);
        p.face = th->heading;
        p.size = 12;
        p.leading = 16;
        p.colour = th->primary;
        p.role = DL_ROLE_H2;
        p.space_before = 1;
        p.keep_all = true;
        p.balance = true;
        p.keep_with_next = q->n_takeaways || briefing_has(&q->notes);
        p.ragged = true;
        md_block qb = briefing_inline(b, &q->question, "a question");
        layout_paragraph(L, qb.runs, qb.n_runs, &p, el, NULL);
        size_t before = L->n;
        for (size_t k = 0; k < q->n_takeaways; k++)
            briefing_takeaway(b, &q->takeaways[k], k == 0 ? 6 : 4);
        /* The question keeps at least its first two lines of takeaways. */
        if (L->n > before + 1)
            L->items[before].keep_with_next = true;
        if (briefing_has(&q->notes)) {
            /* a label, so notes that open a page still say what they are */
            layout_item *nl = layout_item_new(L, 14);
            nl->space_before = q->n_takeaways ? 9 : 5;
            nl->keep_with_next = true;
            nl->heading = true;
            layout_text(L, nl, b->x, 10.5, th->text.bold, 8, th->muted,
                        arena_printf(b->mem, "NOTES ON QUESTION %zu", i + 1),
                        DL_ROLE_H3, layout_element(L), 0);
            md_doc md = markdown_blocks(&q->notes, b->file, b->mem, b->d);
            briefing_blocks(b, &md, 0, briefing_body_para(b), false);
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
    layout *L = b->L;
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
    /* Columns as wide as their longest entry needs (within limits); the
     * action takes the rest. */
    const char *lang = b->rt->language.s;
    font_face *reg = b->th->text.regular, *bold = b->th->text.bold;
    double pad = 10, size = 9.5;
    double wnum = 26;
    double wowner = layout_text_width(b->L, bold, size, "Owner") + pad;
    double wdue = layout_text_width(b->L, bold, size, "Due") + pad;
    for (size_t i = 0; i < rt->n_actions; i++) {
        const model_action *a = &rt->actions[i];
        if (a->owner.s)
            wowner = fmax(wowner, layout_text_width(b->L, reg, size, a->owner.s) + pad);
        wdue = fmax(wdue, layout_text_width(b->L, reg, size,
                                            briefing_short_date(&a->due, lang, b->mem)) + pad);
    }
    wowner = fmin(wowner + 2, b->w * 0.3);
    wdue = fmin(wdue + 2, b->w * 0.22);
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
    size_t header = b->L->n - 1;
    for (size_t i = 0; i < rt->n_actions; i++) {
        const model_action *a = &rt->actions[i];
        /* an empty cell says so */
        const char *owner = a->owner.s && *a->owner.s ? a->owner.s : "\u2014";
        const char *due = a->due.set ? briefing_short_date(&a->due, lang, b->mem)
                                     : "\u2014";
        briefing_cell row[4] = {
            {markdown_plain(arena_printf(b->mem, "%zu", i + 1), b->mem), x, wnum, true},
            {briefing_inline(b, &a->action, "an action"), x + wnum, wact, false},
            {markdown_plain(owner, b->mem), x + wnum + wact, wowner, false},
            {markdown_plain(due, b->mem), x + wnum + wact + wowner, wdue, false},
        };
        /* the header row is repeated on a page the table continues on */
        briefing_row(b, row, 4, false)->repeat = header + 1;
    }
}

/* ---- contents and assembly ------------------------------------------------- */

briefing *briefing_begin(const model_roundtable *rt, const layout_theme *th,
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
    b->L = arena_alloc(a, sizeof *b->L);
    b->sh = arena_alloc(a, sizeof *b->sh);
    b->id_prefix = "";
    layout_init(b->L, a, th, doc);
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

dl_doc *layout_briefing(const model_roundtable *rt, const layout_theme *th,
                        arena *a, diag *d)
{
    briefing *b = briefing_begin(rt, th, a, d);
    dl_doc *doc = b->L->doc;

    briefing_declare_ids(b);

    briefing_cover(b);
    doc->body_start = 1;
    briefing_body(b);
    layout_paginate(b->L);
    briefing_finish(b, doc->n_pages);
    return doc;
}

void briefing_body(briefing *b)
{
    briefing_summary(b);
    briefing_sections(b);
    briefing_takeaways(b);
    briefing_next_steps(b);
    briefing_speakers(b);
    briefing_attendees(b);
}

