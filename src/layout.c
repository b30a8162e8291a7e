#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void layout_init(layout *L, arena *a, const layout_theme *th, dl_doc *doc)
{
    memset(L, 0, sizeof *L);
    L->mem = a;
    L->th = th;
    L->doc = doc;
}

layout_item *layout_item_new(layout *L, double height)
{
    layout_item *it = ARENA_PUSH(L->mem, L->items, L->n, L->cap);
    /* the flow's array is reused after each pagination */
    memset(it, 0, sizeof *it);
    it->height = height;
    it->anchor = -1;
    return it;
}

dl_box *layout_item_box(layout *L, layout_item *it, dl_kind kind, dl_role role)
{
    /* Most lines hold one or two boxes: start at two, not at the eight
     * ARENA_PUSH would give (a box is 120 bytes; a 300-page pack has
     * 15,000 lines). */
    if (!it->cap) {
        it->boxes = arena_alloc(L->mem, 2 * sizeof *it->boxes);
        it->cap = 2;
    }
    dl_box *b = ARENA_PUSH(L->mem, it->boxes, it->n, it->cap);
    b->kind = kind;
    b->role = role;
    return b;
}

unsigned layout_element(layout *L)
{
    return ++L->element;
}

int layout_anchor_new(layout *L)
{
    layout_anchor *an = ARENA_PUSH(L->mem, L->anchors, L->n_anchors, L->anchors_cap);
    an->page = -1;
    return (int)(L->n_anchors - 1);
}

/* ---- lines of text ------------------------------------------------------ */

/* A text box being filled: glyphs of one face, size and colour. */
typedef struct layout_seg {
    dl_box *box;
    font_glyph *glyphs;
    double *xs;
    size_t n, cap, xcap;
    char *utf8;
    size_t len, ucap;
} layout_seg;

static void layout_seg_add(arena *scratch, layout_seg *s, const shape_piece *pc,
                           double x_rel, double advance_override)
{
    size_t base = s->len;
    size_t need = s->len + pc->len + 1;
    if (need > s->ucap) {
        size_t ncap = s->ucap ? s->ucap * 2 : 64;
        while (ncap < need)
            ncap *= 2;
        s->utf8 = arena_realloc(scratch, s->utf8, s->ucap, ncap);
        s->ucap = ncap;
    }
    if (pc->len)
        memcpy(s->utf8 + s->len, pc->text, pc->len);
    s->len += pc->len;
    s->utf8[s->len] = '\0';
    double x = x_rel;
    double scale = pc->run.n ? s->box->u.text.size / 1000.0 : 0;
    for (size_t i = 0; i < pc->run.n; i++) {
        font_glyph *g = ARENA_PUSH(scratch, s->glyphs, s->n, s->cap);
        *g = pc->run.glyphs[i];
        g->cluster += (uint32_t)base;
        size_t xn = s->n - 1;
        double *px = ARENA_PUSH(scratch, s->xs, xn, s->xcap);
        *px = x - s->box->x + g->x_offset * scale;
        x += advance_override >= 0 && pc->run.n == 1 ? advance_override
                                                      : g->advance * scale;
    }
}

/* The segment grew in the paragraph's scratch arena; what the page keeps
 * is copied out at its exact size. */
static void layout_seg_close(layout *L, layout_seg *s)
{
    if (!s->box)
        return;
    dl_text *t = &s->box->u.text;
    font_glyph *glyphs = NULL;
    double *xs = NULL;
    if (s->n) {
        glyphs = arena_alloc(L->mem, s->n * sizeof *glyphs);
        xs = arena_alloc(L->mem, s->n * sizeof *xs);
        memcpy(glyphs, s->glyphs, s->n * sizeof *glyphs);
        memcpy(xs, s->xs, s->n * sizeof *xs);
    }
    t->glyphs = glyphs;
    t->xs = xs;
    t->n = s->n;
    t->utf8 = s->utf8 ? arena_strndup(L->mem, s->utf8, s->len) : "";
    t->len = s->len;
    memset(s, 0, sizeof *s);
}

static double layout_baseline(const layout_para *p, const layout_theme *th);

static font_metrics layout_metrics(const layout_para *p, const layout_theme *th)
{
    return font_face_metrics(p->face ? p->face : th->text.regular);
}

/* Link rectangles of a line are collected aside and added after its text:
 * adding boxes to the item while a text box is being filled would move the
 * item's array under it. */
typedef struct layout_links {
    dl_box *boxes;
    size_t n, cap;
} layout_links;

static void layout_link_box(arena *scratch, layout_links *out, const layout_para *p,
                            unsigned element, const char *link, double x0,
                            double x1, double top, double h)
{
    if (!link || x1 <= x0)
        return;
    dl_box *lb = ARENA_PUSH(scratch, out->boxes, out->n, out->cap);
    memset(lb, 0, sizeof *lb);
    lb->kind = DL_LINK;
    lb->role = p->role;
    lb->element = element;
    lb->x = x0;
    lb->y = top;
    lb->w = x1 - x0;
    lb->h = h;
    lb->u.link.uri = link;
}

/* Draws one broken line into an item at baseline `base`. */
static void layout_line(layout *L, arena *scratch, layout_item *it,
                        const shape_para *sp, const brk_line *ln, bool first,
                        const layout_para *p, double base, unsigned element)
{
    const layout_theme *th = L->th;
    double x0 = p->x + (first ? 0 : p->indent);
    double x = x0;
    layout_seg seg = {0};
    layout_links links = {0};
    const char *link = NULL;
    double link_x = 0, link_end = 0;
    font_metrics fm = layout_metrics(p, th);
    double asc = fm.ascender * p->size, desc = -fm.descender * p->size;
    bool justify = th->justify && !p->ragged;
    size_t end = ln->end;
    /* Trailing glue before the break never shows; a hyphen at the break
     * does (also after the zero-width glue of an emergency break). */
    bool hyphen_end = end < sp->n && sp->items[end].type == BRK_PENALTY &&
                      ln->hyphenated && sp->pieces[end].run.n;
    size_t trailing = end;
    while (trailing > ln->start && sp->items[trailing - 1].type == BRK_GLUE)
        trailing--;
    if (!hyphen_end)
        end = trailing;

    for (size_t k = ln->start; k <= end && k < sp->n; k++) {
        const brk_item *bi = &sp->items[k];
        const shape_piece *pc = &sp->pieces[k];
        bool is_end = k == end;
        if (is_end && !(bi->type == BRK_PENALTY && ln->hyphenated && pc->run.n))
            break;
        if (!is_end && bi->type == BRK_PENALTY)
            continue;
        /* the glue before a hyphenated break takes no space: in justified
         * text its stretch (the whole line, at an emergency break) would
         * push the hyphen to the margin */
        if (!is_end && k >= trailing && bi->type == BRK_GLUE)
            continue;
        double adv;
        if (bi->type == BRK_GLUE) {
            adv = bi->width;
            if (justify && ln->ratio > 0)
                adv += ln->ratio * bi->stretch;
            else if (justify && ln->ratio < 0)
                adv += ln->ratio * bi->shrink;
        } else {
            adv = pc->run.width * p->size / 1000.0;
        }
        /* links: one rectangle per line over exactly the linked text; a
         * span ends at its last box, so a space after it is not part of
         * it */
        if (bi->type != BRK_GLUE && pc->link != link) {
            layout_link_box(scratch, &links, p, element, link, link_x,
                            link_end, base - asc, asc + desc);
            link = pc->link;
            link_x = x;
        }
        font_face *face = pc->face;
        model_colour col = pc->link ? p->link_colour : p->colour;
        shape_piece space;
        if (bi->type == BRK_GLUE && seg.box) {
            /* A space joins the text before it, in that text's face. */
            if (seg.box->u.text.face != face) {
                space = *pc;
                space.face = seg.box->u.text.face;
                space.run = font_shape(space.face, " ", 1, th->kerning, scratch);
                pc = &space;
            }
        } else if (!seg.box || seg.box->u.text.face != face ||
                   memcmp(&seg.box->colour, &col, sizeof col) != 0) {
            layout_seg_close(L, &seg);
            seg.box = layout_item_box(L, it, DL_TEXT, p->role);
            seg.box->element = element;
            seg.box->x = x;
            seg.box->y = base;
            seg.box->colour = col;
            seg.box->u.text.face = face;
            seg.box->u.text.size = p->size;
        }
        if (seg.box)
            layout_seg_add(scratch, &seg, pc, x, bi->type == BRK_GLUE ? adv : -1);
        x += adv;
        if (bi->type != BRK_GLUE)
            link_end = x;
    }
    layout_seg_close(L, &seg);
    layout_link_box(scratch, &links, p, element, link, link_x, link_end, base - asc,
                    asc + desc);
    for (size_t i = 0; i < links.n; i++)
        *layout_item_box(L, it, DL_LINK, p->role) = links.boxes[i];
}

static size_t layout_break(layout *L, arena *scratch, const md_run *runs,
                           size_t n_runs,
                           const layout_para *p, shape_para *sp,
                           brk_line **lines)
{
    const layout_theme *th = L->th;
    shape_fonts fonts = th->text;
    if (p->face)
        fonts.regular = fonts.bold = fonts.italic = fonts.bold_italic = p->face;
    /* `code` keeps its face inside a heading too */
    bool justify = th->justify && !p->ragged;
    shape_style st = {
        .fonts = &fonts,
        .size = p->size,
        .style = p->style,
        .kerning = th->kerning,
        .justify = justify,
    };
    double w_rest = p->width - p->indent;
    *sp = shape_paragraph(runs, n_runs, &st, fmin(p->width, w_rest), scratch);
    if (!sp->n)
        return 0;
    double tolerance = justify ? 300 : 1500;
    brk_params bp = {
        .width_first = p->width,
        .width_rest = w_rest,
        .tolerance = tolerance,
        .rag = justify ? 0 : p->size * 3,
        .hyphen_demerits = 3000,
        .fitness_demerits = 3000,
        .line_penalty = 10,
        .max_hyphen_run = 2,
        .final_hyphen_demerits = 5000,
        /* a word alone on a paragraph's last line */
        .runt_width = p->width * 0.15,
        .runt_demerits = 8000,
    };
    size_t n = 0;
    if (!p->keep_all && th->hyphens_get) {
        /* First without hyphens, at a stricter tolerance; only a paragraph
         * that cannot be set well that way is hyphenated (and only then are
         * the patterns loaded at all). */
        bp.tolerance = justify ? 100 : 300;
        bp.first_pass_only = true;
        n = break_paragraph(sp->items, sp->n, &bp, scratch, lines);
        if (!n) {
            const hyphen_dict *h = th->hyphens_get(th->hyphens_ctx);
            if (h) {
                st.hyphens = h;
                *sp = shape_paragraph(runs, n_runs, &st,
                                      fmin(p->width, w_rest), scratch);
            }
            bp.tolerance = tolerance;
            bp.first_pass_only = false;
        }
    }
    if (!n)
        n = break_paragraph(sp->items, sp->n, &bp, scratch, lines);
    if (!p->balance || n < 2)
        return n;
    /* Headings and titles: the narrowest measure that still gives as many
     * lines, so the lines come out of even length (no word alone on the
     * last line). A few breaks of a short text cost microseconds. */
    double lo = p->width * 0.5, hi = p->width;
    brk_line *best = *lines;
    for (int i = 0; i < 7; i++) {
        double mid = (lo + hi) / 2;
        brk_params tb = bp;
        /* a hanging indent keeps its depth on the later lines */
        tb.width_first = mid;
        tb.width_rest = mid - p->indent;
        tb.runt_width = 0;
        if (tb.width_rest <= 0)
            break;
        brk_line *tl;
        size_t tn = break_paragraph(sp->items, sp->n, &tb, scratch, &tl);
        bool overfull = false;
        for (size_t k = 0; k < tn; k++)
            overfull |= tl[k].overfull;
        if (tn == n && !overfull) {
            hi = mid;
            best = tl;
        } else {
            lo = mid;
        }
    }
    *lines = best;
    return n;
}

double layout_box_text_width(const dl_box *b)
{
    const dl_text *t = &b->u.text;
    if (!t->n)
        return 0;
    return t->xs[t->n - 1] + t->glyphs[t->n - 1].advance * t->size / 1000.0;
}

double layout_para_baseline(const layout *L, const layout_para *p)
{
    return layout_baseline(p, L->th);
}

static double layout_baseline(const layout_para *p, const layout_theme *th)
{
    font_metrics fm = layout_metrics(p, th);
    double text_h = (fm.ascender - fm.descender) * p->size;
    return (p->leading - text_h) / 2 + fm.ascender * p->size;
}

/* The typesetting statistics of a paragraph's lines. */
static void layout_count(layout *L, const brk_line *lines, size_t n,
                         const layout_para *p)
{
    dl_stats *st = &L->doc->stats;
    bool justify = L->th->justify && !p->ragged;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        st->lines++;
        if (justify && lines[i].ratio > 1 && i + 1 < n)
            st->stretched++;
        if (lines[i].overfull)
            st->overfull++;
        if (lines[i].hyphenated) {
            st->hyphenated++;
            if (++run > st->max_hyphen_run)
                st->max_hyphen_run = run;
        } else {
            run = 0;
        }
    }
}

size_t layout_paragraph(layout *L, const md_run *runs, size_t n_runs,
                        const layout_para *p, unsigned element,
                        size_t *first_line)
{
    /* Shaping, breaking and the lines' growing arrays are scratch: freed
     * with the paragraph, so a document's memory is what its pages hold. */
    arena *scratch = arena_new();
    shape_para sp;
    brk_line *lines;
    size_t n = layout_break(L, scratch, runs, n_runs, p, &sp, &lines);
    if (first_line)
        *first_line = L->n;
    double base = layout_baseline(p, L->th);
    layout_count(L, lines, n, p);
    for (size_t i = 0; i < n; i++) {
        layout_item *it = layout_item_new(L, p->leading);
        it->line = (unsigned)i;
        it->lines = (unsigned)n;
        it->heading = p->role == DL_ROLE_H1 || p->role == DL_ROLE_H2 ||
                      p->role == DL_ROLE_H3;
        if (i == 0)
            it->space_before = p->space_before;
        layout_line(L, scratch, it, &sp, &lines[i], i == 0, p, base, element);
        /* No orphan (a first line alone at a page foot) and no widow (a
         * last line alone at a page head). */
        it->keep_with_next = p->keep_all ? i + 1 < n || p->keep_with_next
                             : i == 0 ? n >= 2
                             : i + 2 == n ? true
                             : i + 1 == n ? p->keep_with_next
                                          : false;
    }
    arena_free(scratch);
    return n;
}

double layout_paragraph_into(layout *L, layout_item *it, double y,
                             const md_run *runs, size_t n_runs,
                             const layout_para *p, unsigned element)
{
    arena *scratch = arena_new();
    shape_para sp;
    brk_line *lines;
    size_t n = layout_break(L, scratch, runs, n_runs, p, &sp, &lines);
    layout_count(L, lines, n, p);
    double base = layout_baseline(p, L->th);
    for (size_t i = 0; i < n; i++)
        layout_line(L, scratch, it, &sp, &lines[i], i == 0, p,
                    y + base + i * p->leading, element);
    arena_free(scratch);
    return n * p->leading;
}

double layout_text_width(layout *L, font_face *face, double size,
                         const char *utf8)
{
    return font_text_width(face, utf8, strlen(utf8), size, L->th->kerning);
}

static dl_box *layout_text_box(layout *L, dl_box *b, double x, double y,
                               font_face *face, double size, model_colour c,
                               const char *utf8, int align, double *width)
{
    size_t len = strlen(utf8);
    font_run run = font_shape(face, utf8, len, L->th->kerning, L->mem);
    double w = run.width * size / 1000.0;
    if (align == 1)
        x -= w / 2;
    else if (align == 2)
        x -= w;
    double *xs = arena_calloc(L->mem, run.n ? run.n : 1, sizeof *xs);
    double pen = 0;
    for (size_t i = 0; i < run.n; i++) {
        xs[i] = pen + run.glyphs[i].x_offset * size / 1000.0;
        pen += run.glyphs[i].advance * size / 1000.0;
    }
    b->x = x;
    b->y = y;
    b->colour = c;
    b->u.text = (dl_text){face, size, run.glyphs, xs, run.n,
                          arena_strndup(L->mem, utf8, len), len};
    if (width)
        *width = w;
    return b;
}

double layout_text(layout *L, layout_item *it, double x, double y,
                   font_face *face, double size, model_colour c,
                   const char *utf8, dl_role role, unsigned element, int align)
{
    double w = 0;
    dl_box *b = layout_item_box(L, it, DL_TEXT, role);
    b->element = element;
    layout_text_box(L, b, x, y, face, size, c, utf8, align, &w);
    return w;
}

/* ---- pages -------------------------------------------------------------- */

dl_page *layout_page_new(layout *L)
{
    dl_doc *d = L->doc;
    return ARENA_PUSH(L->mem, d->pages, d->n_pages, d->pages_cap);
}

dl_box *layout_page_box(layout *L, dl_page *pg, dl_kind kind, dl_role role)
{
    dl_box *b = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
    b->kind = kind;
    b->role = role;
    return b;
}

void layout_page_text(layout *L, dl_page *pg, double x, double y,
                      font_face *face, double size, model_colour c,
                      const char *utf8, dl_role role, int align)
{
    dl_box *b = layout_page_box(L, pg, DL_TEXT, role);
    b->element = role == DL_ROLE_ARTIFACT ? 0 : layout_element(L);
    layout_text_box(L, b, x, y, face, size, c, utf8, align, NULL);
}

static void layout_place(layout *L, dl_page *pg, const layout_item *it,
                         double top, int page_index, bool page_top)
{
    if (it->separator && !page_top) {
        const layout_theme *th = L->th;
        dl_box *r = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
        r->kind = DL_RULE;
        r->role = DL_ROLE_ARTIFACT;
        r->x = th->margin_l;
        r->y = top - it->space_before / 2;
        r->w = th->page_w - th->margin_l - th->margin_r;
        r->colour = th->rule;
        r->line_width = 0.5;
    }
    for (size_t i = 0; i < it->n; i++) {
        dl_box *b = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
        *b = it->boxes[i];
        b->y += top;
    }
    if (it->anchor >= 0) {
        L->anchors[it->anchor].page = page_index;
        L->anchors[it->anchor].y = top;
    }
    if (it->outline) {
        dl_doc *d = L->doc;
        dl_outline *o = ARENA_PUSH(L->mem, d->outline, d->n_outline, d->outline_cap);
        o->title = it->outline;
        o->level = it->outline_level;
        o->page = page_index;
        o->y = top;
    }
}

/* Widows, orphans and stranded headings, judged from where items landed:
 * `last` ended a page, `first` opened the next. */
static void layout_judge_break(layout *L, const layout_item *last,
                               const layout_item *first)
{
    dl_stats *st = &L->doc->stats;
    if (last && last->lines > 1 && last->line == 0)
        st->orphans++;
    if (last && last->heading)
        st->stranded++;
    if (first && first->lines > 1 && first->line == first->lines - 1)
        st->widows++;
}

void layout_paginate(layout *L)
{
    const layout_theme *th = L->th;
    double top = th->margin_t, bottom = th->page_h - th->margin_b;
    dl_page *pg = NULL;
    double y = top;
    bool empty = true;
    const layout_item *last = NULL;
    for (size_t i = 0; i < L->n;) {
        /* The group of items kept together, from i to j. */
        size_t j = i;
        while (j + 1 < L->n && L->items[j].keep_with_next &&
               !L->items[j + 1].new_page)
            j++;
        double h = 0;
        for (size_t k = i; k <= j; k++)
            h += L->items[k].height + (k > i ? L->items[k].space_before : 0);
        double sb = L->items[i].space_before;
        bool fits = y + (empty ? 0 : sb) + h <= bottom + 0.01;
        if (!pg || L->items[i].new_page || (!fits && !empty)) {
            if (pg)
                layout_judge_break(L, last, &L->items[i]);
            pg = layout_page_new(L);
            y = top;
            empty = true;
        }
        /* A group taller than a page is split where it must be. */
        for (size_t k = i; k <= j; k++) {
            const layout_item *it = &L->items[k];
            double s = empty ? 0 : it->space_before;
            if (!empty && y + s + it->height > bottom + 0.01) {
                layout_judge_break(L, last, it);
                pg = layout_page_new(L);
                y = top;
                empty = true;
                s = 0;
            }
            if (empty && it->repeat && it->repeat - 1 < k) {
                const layout_item *hd = &L->items[it->repeat - 1];
                layout_place(L, pg, hd, y, (int)(L->doc->n_pages - 1), true);
                y += hd->height;
                empty = false;
                s = 0;
            }
            layout_place(L, pg, it, y + s, (int)(L->doc->n_pages - 1), empty);
            y += s + it->height;
            empty = false;
            if (it->n || it->lines)
                last = it;
        }
        i = j + 1;
    }
    L->n = 0;
}

/* The longest start of `s` that fits in `width`, cut between words with
 * an ellipsis ("Home Office National…"). */
static const char *layout_fit_words(layout *L, font_face *face, double size,
                                    const char *s, double width)
{
    if (layout_text_width(L, face, size, s) <= width)
        return s;
    size_t len = strlen(s), best = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] != ' ')
            continue;
        const char *t = arena_printf(L->mem, "%.*s…", (int)i, s);
        if (layout_text_width(L, face, size, t) > width)
            break;
        best = i;
    }
    if (!best)
        return "";
    /* no comma or colon just before the ellipsis */
    while (best && strchr(",;:-", s[best - 1]))
        best--;
    return arena_printf(L->mem, "%.*s…", (int)best, s);
}

static const char *layout_roman(unsigned n, char *buf)
{
    static const char *const r[] = {"", "i", "ii", "iii", "iv", "v", "vi",
                                    "vii", "viii", "ix", "x"};
    if (n <= 10)
        return r[n];
    snprintf(buf, 16, "%u", n);
    return buf;
}

void layout_furniture(layout *L, size_t from)
{
    const layout_theme *th = L->th;
    dl_doc *d = L->doc;
    font_face *reg = th->text.regular, *bold = th->text.bold;
    size_t body_pages = d->n_pages - d->body_start;
    double left = th->margin_l, right = th->page_w - th->margin_r;
    for (size_t i = from; i < d->n_pages; i++) {
        dl_page *pg = &d->pages[i];
        if (th->marking) {
            layout_page_text(L, pg, th->page_w / 2, 30, bold, 9, th->ink,
                             th->marking, DL_ROLE_ARTIFACT, 1);
            layout_page_text(L, pg, th->page_w / 2, th->page_h - 22, bold, 9,
                             th->ink, th->marking, DL_ROLE_ARTIFACT, 1);
        }
        /* running header: title, then a hairline */
        if (th->title) {
            const char *t = layout_fit_words(L, reg, 8,
                                             markdown_smart(th->title, L->mem),
                                             (right - left) * 0.8);
            layout_page_text(L, pg, left, 50, reg, 8, th->muted, t,
                             DL_ROLE_ARTIFACT, 0);
        }
        dl_box *r = layout_page_box(L, pg, DL_RULE, DL_ROLE_ARTIFACT);
        r->x = left;
        r->y = 57;
        r->w = right - left;
        r->colour = th->rule;
        r->line_width = 0.5;
        dl_box *f = layout_page_box(L, pg, DL_RULE, DL_ROLE_ARTIFACT);
        f->x = left;
        f->y = th->page_h - 54;
        f->w = right - left;
        f->colour = th->rule;
        f->line_width = 0.5;
        if (th->footer)
            layout_page_text(L, pg, left, th->page_h - 42, reg, 8, th->muted,
                             th->footer, DL_ROLE_ARTIFACT, 0);
        char buf[64], rb[16];
        if (i < d->body_start)
            snprintf(buf, sizeof buf, "Page %s", layout_roman((unsigned)i + 1, rb));
        else
            snprintf(buf, sizeof buf, "Page %zu of %zu", i - d->body_start + 1,
                     body_pages);
        layout_page_text(L, pg, right, th->page_h - 42, reg, 8, th->muted, buf,
                         DL_ROLE_ARTIFACT, 2);
    }
}
