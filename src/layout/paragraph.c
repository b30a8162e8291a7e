/* Paragraphs: md runs shaped, broken into lines (Knuth–Plass), and each
 * line drawn into the flow as text boxes, with its links, its inline
 * elements (Link, Span, Code), the hyphen of a division as an artifact and
 * the space at its end kept (layout.h). */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

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
    float *xs = NULL;
    if (s->n) {
        glyphs = arena_alloc(L->mem, s->n * sizeof *glyphs);
        xs = arena_alloc(L->mem, s->n * sizeof *xs);
        memcpy(glyphs, s->glyphs, s->n * sizeof *glyphs);
        for (size_t i = 0; i < s->n; i++)
            xs[i] = (float)s->xs[i];
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
                            unsigned node, const char *link,
                            const char *title, double x0, double x1,
                            double top, double h)
{
    if (!link || x1 <= x0)
        return;
    dl_box *lb = ARENA_PUSH(scratch, out->boxes, out->n, out->cap);
    memset(lb, 0, sizeof *lb);
    lb->kind = DL_LINK;
    lb->role = p->role;
    lb->node = node;
    lb->x = x0;
    lb->y = top;
    lb->w = x1 - x0;
    lb->h = h;
    lb->u.link.uri = link;
    lb->u.link.contents = title;
}

/* The inline elements of a paragraph being set, carried from line to line:
 * a link is one Link element however many lines it runs over; a run of
 * emphasis, strong or code one Span or Code. */
typedef struct layout_inline {
    unsigned para;          /* the paragraph's own element */
    const char *link;       /* the link being set, and its element */
    unsigned link_node;
    unsigned style;         /* the style of the span being set */
    unsigned span_node;
} layout_inline;

/* The element a piece of text belongs to. */
static unsigned layout_inline_node(layout *L, layout_inline *in,
                                   const shape_piece *pc, unsigned base_style)
{
    if (!in->para)
        return 0;
    if (pc->link) {
        if (pc->link != in->link) {
            in->link = pc->link;
            in->link_node = layout_node_in(L, in->para, DL_TAG_LINK);
        }
        in->style = 0;
        return in->link_node;
    }
    in->link = NULL;
    unsigned extra = pc->style & ~base_style &
                     (MD_STYLE_EMPH | MD_STYLE_STRONG | MD_STYLE_CODE);
    if (!extra) {
        in->style = 0;
        return in->para;
    }
    if (extra != in->style) {
        in->style = extra;
        in->span_node = layout_node_in(
            L, in->para, extra & MD_STYLE_CODE ? DL_TAG_CODE : DL_TAG_SPAN);
    }
    return in->span_node;
}

/* A text box of its own at the pen, for the glyphs of one piece (the
 * hyphen at a line's end, an artifact). */
static void layout_piece_box(layout *L, arena *scratch, layout_item *it,
                             const shape_piece *pc, double x, double base,
                             double size, model_colour col, dl_role role,
                             unsigned node)
{
    layout_seg seg = {0};
    seg.box = layout_item_box(L, it, DL_TEXT, role);
    seg.box->node = node;
    seg.box->x = x;
    seg.box->y = base;
    seg.box->colour = col;
    seg.box->u.text.face = pc->face;
    seg.box->u.text.size = size;
    layout_seg_add(scratch, &seg, pc, x, -1);
    layout_seg_close(L, &seg);
}

/* A line being drawn: the text box being filled, the pen, and the link
 * rectangle being measured. */
typedef struct line_state {
    layout *L;
    arena *scratch;
    layout_item *it;
    const layout_para *p;
    layout_inline *in;
    double base, asc, desc;
    double x;
    layout_seg seg;
    layout_links links;
    const char *link, *link_title;
    unsigned link_node;
    double link_x, link_end;
} line_state;

/* How far a piece moves the pen: a glue's width, stretched or shrunk as
 * the line is justified; a box's or hyphen's glyphs. */
static double line_advance(const line_state *ls, const brk_item *bi,
                           const shape_piece *pc, const brk_line *ln)
{
    const layout_para *p = ls->p;
    bool justify = ls->L->th->justify && !p->ragged;
    if (bi->type != BRK_GLUE)
        return pc->run.width * p->size / 1000.0;
    double adv = bi->width;
    if (justify && ln->ratio > 0)
        adv += ln->ratio * bi->stretch;
    else if (justify && ln->ratio < 0)
        adv += ln->ratio * bi->shrink;
    return adv;
}

/* The link rectangle: one per line over exactly the linked text; a span
 * ends at its last box, so a space after it is not part of it. */
static void line_link(line_state *ls, const shape_piece *pc, unsigned node)
{
    if (pc->link == ls->link)
        return;
    layout_link_box(ls->scratch, &ls->links, ls->p, ls->link_node, ls->link,
                    ls->link_title, ls->link_x, ls->link_end,
                    ls->base - ls->asc, ls->asc + ls->desc);
    ls->link = pc->link;
    ls->link_title = pc->link_title;
    ls->link_node = node;
    ls->link_x = ls->x;
}

/* One box, glue or hyphen of the line, at the pen. */
static void line_piece(line_state *ls, const brk_item *bi,
                       const shape_piece *pc, double adv, bool hyphen)
{
    layout *L = ls->L;
    const layout_para *p = ls->p;
    model_colour col = pc->link ? p->link_colour : p->colour;
    if (hyphen) {
        /* The hyphen a division inserted is no part of the text: an
         * artifact, so that the word reads whole. */
        layout_seg_close(L, &ls->seg);
        layout_piece_box(L, ls->scratch, ls->it, pc, ls->x, ls->base, p->size,
                         col, DL_ROLE_ARTIFACT, 0);
        ls->x += adv;
        return;
    }
    font_face *face = pc->face;
    unsigned node = bi->type == BRK_GLUE && ls->seg.box
                        ? ls->seg.box->node
                        : layout_inline_node(L, ls->in, pc, p->style);
    if (bi->type != BRK_GLUE)
        line_link(ls, pc, node);
    shape_piece space;
    if (bi->type == BRK_GLUE && ls->seg.box) {
        /* A space joins the text before it, in that text's face. */
        if (ls->seg.box->u.text.face != face) {
            space = *pc;
            space.face = ls->seg.box->u.text.face;
            space.run = font_shape(space.face, " ", 1, L->th->kerning,
                                   ls->scratch);
            pc = &space;
        }
    } else if (!ls->seg.box || ls->seg.box->u.text.face != face ||
               ls->seg.box->node != node ||
               memcmp(&ls->seg.box->colour, &col, sizeof col) != 0) {
        layout_seg_close(L, &ls->seg);
        dl_box *box = layout_item_box(L, ls->it, DL_TEXT, p->role);
        box->node = node;
        box->x = ls->x;
        box->y = ls->base;
        box->colour = col;
        box->u.text.face = face;
        box->u.text.size = p->size;
        ls->seg.box = box;
    }
    if (ls->seg.box)
        layout_seg_add(ls->scratch, &ls->seg, pc, ls->x,
                       bi->type == BRK_GLUE ? adv : -1);
    ls->x += adv;
    if (bi->type != BRK_GLUE)
        ls->link_end = ls->x;
}

/* Draws one broken line into an item at baseline `base`. */
static void layout_line(layout *L, arena *scratch, layout_item *it,
                        const shape_para *sp, const brk_line *ln, bool first,
                        const layout_para *p, double base, layout_inline *in)
{
    font_metrics fm = layout_metrics(p, L->th);
    line_state ls = {.L = L, .scratch = scratch, .it = it, .p = p, .in = in,
                     .base = base, .asc = fm.ascender * p->size,
                     .desc = -fm.descender * p->size,
                     .x = p->x + (first ? 0 : p->indent)};
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
        line_piece(&ls, bi, pc, line_advance(&ls, bi, pc, ln), is_end);
    }
    /* A line that ends at a space (or a forced break) keeps that space, at
     * its end where it takes no room: text read from the page (a screen
     * reader, a copy) then never runs the last word into the next line's
     * first. */
    bool at_space = !hyphen_end && ln->end < sp->n &&
                    (sp->items[ln->end].type == BRK_GLUE ||
                     sp->pieces[ln->end].hard_break);
    if (at_space && ls.seg.box) {
        shape_piece space = {.face = ls.seg.box->u.text.face, .text = " ",
                             .len = 1};
        space.run = font_shape(space.face, " ", 1, L->th->kerning, scratch);
        layout_seg_add(scratch, &ls.seg, &space, ls.x, -1);
    }
    layout_seg_close(L, &ls.seg);
    layout_link_box(scratch, &ls.links, p, ls.link_node, ls.link,
                    ls.link_title, ls.link_x, ls.link_end, base - ls.asc,
                    ls.asc + ls.desc);
    for (size_t i = 0; i < ls.links.n; i++)
        *layout_item_box(L, it, DL_LINK, p->role) = ls.links.boxes[i];
}

/* The letter (or digit) a run's text continues with at byte i, looking
 * into the next runs: an apostrophe sits between letters. */
static bool layout_letter_at(const md_run *runs, size_t n_runs, size_t r,
                             size_t i)
{
    while (r < n_runs && i >= runs[r].len) {
        i = 0;
        r++;
    }
    if (r >= n_runs)
        return false;
    unsigned char c = (unsigned char)runs[r].text[i];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0xC3;
}

/* Markdown's typographic quotes (“ ” ‘ ’) as the language writes them
 * (« », „ “). The closing single quote is also the apostrophe: it closes
 * a quote only after an opening one, and never between letters. */
static const md_run *layout_local_quotes(layout *L, const md_run *runs,
                                         size_t n_runs)
{
    static const char *const english[4] = {"\u201c", "\u201d", "\u2018",
                                           "\u2019"};
    bool any = false;
    for (size_t r = 0; r < n_runs && !any; r++)
        for (size_t i = 0; i + 2 < runs[r].len && !any; i++)
            any = (unsigned char)runs[r].text[i] == 0xE2 &&
                  (unsigned char)runs[r].text[i + 1] == 0x80 &&
                  ((unsigned char)runs[r].text[i + 2] & 0xFA) == 0x98;
    if (!any)
        return runs;
    md_run *out = arena_calloc(L->mem, n_runs, sizeof *out);
    unsigned open_single = 0;
    for (size_t r = 0; r < n_runs; r++) {
        const md_run *in = &runs[r];
        out[r] = *in;
        char *t = arena_alloc(L->mem, in->len * 4 + 1);
        size_t o = 0;
        for (size_t i = 0; i < in->len;) {
            int q = -1;
            if (i + 2 < in->len && (unsigned char)in->text[i] == 0xE2 &&
                (unsigned char)in->text[i + 1] == 0x80)
                for (int k = 0; k < 4; k++)
                    if (memcmp(in->text + i, english[k], 3) == 0)
                        q = k;
            if (q == 2)
                open_single++;
            if (q == 3) {
                bool closes = open_single &&
                              !layout_letter_at(runs, n_runs, r, i + 3);
                if (closes)
                    open_single--;
                else
                    q = -1;
            }
            if (q < 0) {
                t[o++] = in->text[i++];
                continue;
            }
            size_t ql = strlen(L->quotes[q]);
            memcpy(t + o, L->quotes[q], ql);
            o += ql;
            i += 3;
        }
        t[o] = '\0';
        out[r].text = t;
        out[r].len = o;
    }
    return out;
}

static size_t layout_break(layout *L, arena *scratch, const md_run *runs,
                           size_t n_runs,
                           const layout_para *p, shape_para *sp,
                           brk_line **lines)
{
    const layout_theme *th = L->th;
    if (L->quotes)
        runs = layout_local_quotes(L, runs, n_runs);
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
        .no_hyphen_breaks = p->no_hyphen_breaks,
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
    if (p->first_fit)
        return break_greedy(sp->items, sp->n, &bp, scratch, lines);
    if (!p->keep_all && th->hyphens_get) {
        /* First without hyphens, at a stricter tolerance; only a paragraph
         * that cannot be set well that way is hyphenated (and only then are
         * the patterns loaded at all). */
        bp.tolerance = justify ? 100 : 300;
        bp.first_pass_only = true;
        n = break_paragraph(sp->items, sp->n, &bp, scratch, lines);
        if (!n) {
            const hyphen_dict *h = th->hyphens_get(th->hyphens_ctx, L->lang);
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
    /* the ink: a space kept at a line's end takes no room */
    size_t n = t->n;
    while (n && t->utf8 && t->glyphs[n - 1].cluster < t->len &&
           t->utf8[t->glyphs[n - 1].cluster] == ' ')
        n--;
    if (!n)
        return 0;
    return t->xs[n - 1] + t->glyphs[n - 1].advance * t->size / 1000.0;
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
                        const layout_para *p, unsigned node,
                        size_t *first_line)
{
    layout_inline in = {.para = node};
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
        /* body text sits on the baseline grid */
        it->grid = !it->heading && p->size == L->th->size &&
                   p->leading == L->th->leading;
        if (i == 0)
            it->space_before = p->space_before;
        layout_line(L, scratch, it, &sp, &lines[i], i == 0, p, base, &in);
        /* No orphan (a first line alone at a page foot), no widow (a
         * last line alone at a page head), and no word divided across two
         * pages (TeX's \brokenpenalty, made absolute). */
        it->keep_with_next = p->keep_all ? i + 1 < n || p->keep_with_next
                             : i == 0 ? n >= 2
                             : i + 2 == n ? true
                             : i + 1 == n ? p->keep_with_next
                                          : lines[i].hyphenated;
    }
    arena_free(scratch);
    return n;
}

double layout_paragraph_into(layout *L, layout_item *it, double y,
                             const md_run *runs, size_t n_runs,
                             const layout_para *p, unsigned node)
{
    layout_inline in = {.para = node};
    arena *scratch = arena_new();
    shape_para sp;
    brk_line *lines;
    size_t n = layout_break(L, scratch, runs, n_runs, p, &sp, &lines);
    layout_count(L, lines, n, p);
    double base = layout_baseline(p, L->th);
    for (size_t i = 0; i < n; i++)
        layout_line(L, scratch, it, &sp, &lines[i], i == 0, p,
                    y + base + i * p->leading, &in);
    arena_free(scratch);
    return n * p->leading;
}

