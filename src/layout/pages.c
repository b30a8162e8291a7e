/* What is on every page besides its part of the flow: the running heads,
 * footers, folios and markings, a blank page's notice (layout.h); and the
 * finishing of a document's pages: left-hand pages mirrored, the scale of
 * the page size. */
#include "layout/layout.h"

#include "base/template.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

const char *layout_folio(layout *L, size_t number, size_t total)
{
    char n[32], t[32];
    snprintf(n, sizeof n, "%zu", number);
    snprintf(t, sizeof t, "%zu", total);
    return template_fill(L->mem, L->th->catalog->page_of, "n", n, "total", t,
                         (const char *)NULL);
}

/* Where the furniture sits, in proportion to the margins it sits in (the
 * A4 design's: a running head 50 pt from the top over an 84 pt margin, a
 * footer 42 pt from the foot under a 78 pt one). */
double layout_head_y(const layout_theme *th, double at)
{
    return th->margin_t * at / 84.0;
}

double layout_foot_y(const layout_theme *th, double at)
{
    return th->page_h - th->margin_b * at / 78.0;
}

void layout_marking(layout *L, dl_page *pg)
{
    const layout_theme *th = L->th;
    if (!th->marking)
        return;
    /* the first is read, once, at the start of the document (the element
     * made for it); every other is furniture. Centred on the text area,
     * which a left-hand page mirrors. */
    double mid = (th->margin_l + th->page_w - th->margin_r) / 2;
    bool said = L->marking_node && !L->marking_said;
    layout_page_text(L, pg, mid, layout_head_y(th, 30), th->text.bold, 9, th->ink,
                     th->marking, said ? DL_ROLE_PARAGRAPH : DL_ROLE_HEADER,
                     said ? L->marking_node : 0, 1);
    L->marking_said |= said;
    layout_page_text(L, pg, mid, layout_foot_y(th, 22), th->text.bold, 9, th->ink,
                     th->marking, DL_ROLE_FOOTER, 0, 1);
}

/* A page left blank by rule says so, in the middle of its text area: an
 * artifact, as nothing of the document is there. */
static void layout_blank_page_notice(layout *L, dl_page *pg)
{
    const layout_theme *th = L->th;
    double mid = (th->margin_l + th->page_w - th->margin_r) / 2;
    double y = (th->margin_t + th->page_h - th->margin_b) / 2;
    layout_page_text(L, pg, mid, y, th->text.italic, 9, th->muted,
                     th->catalog->blank_page, DL_ROLE_ARTIFACT, 0, 1);
}

void layout_furniture(layout *L, size_t from)
{
    const layout_theme *th = L->th;
    dl_doc *d = L->doc;
    font_face *reg = th->text.regular;
    double left = th->margin_l, right = th->page_w - th->margin_r;
    for (size_t i = from; i < d->n_pages; i++) {
        dl_page *pg = &d->pages[i];
        layout_marking(L, pg);
        if (pg->blank) {
            layout_blank_page_notice(L, pg);
            continue;
        }
        /* the running head and the folio on the outer edge: a left-hand
         * page's left, a right-hand page's right */
        bool verso = th->duplex && i % 2 == 1;
        double outer = verso ? left : right, inner = verso ? right : left;
        int out_align = verso ? 0 : 2, in_align = verso ? 2 : 0;
        if (th->title) {
            const char *t = layout_fit_words(L, reg, 8,
                                             markdown_smart(th->title, L->mem),
                                             (right - left) * 0.8);
            layout_page_text(L, pg, th->duplex ? outer : left, layout_head_y(th, 50),
                             reg, 8, th->muted, t, DL_ROLE_HEADER, 0,
                             th->duplex ? out_align : 0);
        }
        dl_box *r = layout_page_box(L, pg, DL_RULE, DL_ROLE_HEADER);
        r->x = left;
        r->y = layout_head_y(th, 57);
        r->w = right - left;
        r->colour = th->rule;
        r->line_width = 0.5;
        dl_box *f = layout_page_box(L, pg, DL_RULE, DL_ROLE_FOOTER);
        f->x = left;
        f->y = layout_foot_y(th, 54);
        f->w = right - left;
        f->colour = th->rule;
        f->line_width = 0.5;
        if (th->footer)
            layout_page_text(L, pg, inner, layout_foot_y(th, 42), reg, 8, th->muted,
                             th->footer, DL_ROLE_FOOTER, 0, in_align);
        layout_page_text(L, pg, outer, layout_foot_y(th, 42), reg, 8, th->muted,
                         layout_folio(L, i + 1, d->n_pages), DL_ROLE_FOOTER, 0,
                         out_align);
    }
}

/* A box moved by dx and scaled by k about the page's corner. */
static void layout_box_scale(arena *a, dl_box *b, double dx, double k)
{
    b->x = (b->x + dx) * k;
    if (k == 1)
        return;
    b->y *= k;
    b->w *= k;
    b->h *= k;
    b->line_width *= k;
    if (b->kind == DL_TEXT) {
        dl_text *t = &b->u.text;
        t->size *= k;
        /* a table's repeated header shares its pen positions with the
         * first: each box gets its own */
        float *xs = arena_calloc(a, t->n ? t->n : 1, sizeof *xs);
        for (size_t i = 0; i < t->n; i++)
            xs[i] = (float)(t->xs[i] * k);
        t->xs = xs;
    } else if (b->kind == DL_LINK) {
        b->u.link.dest_y *= k;
    }
}

void layout_finish(layout *L)
{
    const layout_theme *th = L->th;
    dl_doc *d = L->doc;
    double k = th->scale > 0 ? th->scale : 1;
    /* a left-hand page's margins are the right-hand one's mirrored: its
     * inner (binding) margin on the right */
    double mirror = th->margin_r - th->margin_l;
    for (size_t i = 0; i < d->n_pages; i++) {
        double dx = th->duplex && i % 2 == 1 ? mirror : 0;
        for (size_t b = 0; b < d->pages[i].n; b++)
            layout_box_scale(L->mem, &d->pages[i].boxes[b], dx, k);
    }
    for (size_t i = 0; i < d->n_outline; i++)
        d->outline[i].y *= k;
    layout_para body = {.size = th->size, .leading = th->leading};
    d->width = th->page_w * k;
    d->height = th->page_h * k;
    d->duplex = th->duplex;
    d->area_top = th->margin_t * k;
    d->area_bottom = (th->page_h - th->margin_b) * k;
    d->grid_first = (th->margin_t + layout_para_baseline(L, &body)) * k;
    d->grid_step = th->leading * k;
    d->text_size = th->size * k;
    d->scale = k;
    layout_measure(d);
}
