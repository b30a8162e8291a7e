/* The flow onto pages: items placed with the keep rules, anchors and
 * bookmarks recorded; the running heads, footers and markings
 * (layout.h). */
#include "layout/layout.h"

#include "base/template.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Puts an item's boxes on the page at `top`. A `repeat` (a table's header
 * row again on a page the table continues on) is drawn, but only as an
 * artifact: the structure holds the header once. */
static void layout_place(layout *L, dl_page *pg, const layout_item *it,
                         double top, int page_index, bool page_top,
                         bool repeat)
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
        if (repeat && it->boxes[i].kind == DL_LINK)
            continue;
        dl_box *b = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
        *b = it->boxes[i];
        b->y += top;
        if (repeat) {
            b->role = DL_ROLE_ARTIFACT;
            b->node = 0;
        }
    }
    if (repeat)
        return;
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
                layout_place(L, pg, hd, y, (int)(L->doc->n_pages - 1), true,
                             true);
                y += hd->height;
                empty = false;
                s = 0;
            }
            layout_place(L, pg, it, y + s, (int)(L->doc->n_pages - 1), empty,
                         false);
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

void layout_marking(layout *L, dl_page *pg)
{
    const layout_theme *th = L->th;
    if (!th->marking)
        return;
    /* the first is read, once, at the start of the document (the element
     * made for it); every other is furniture */
    bool said = L->marking_node && !L->marking_said;
    layout_page_text(L, pg, th->page_w / 2, 30, th->text.bold, 9, th->ink,
                     th->marking, said ? DL_ROLE_PARAGRAPH : DL_ROLE_HEADER,
                     said ? L->marking_node : 0, 1);
    L->marking_said |= said;
    layout_page_text(L, pg, th->page_w / 2, th->page_h - 22, th->text.bold, 9,
                     th->ink, th->marking, DL_ROLE_FOOTER, 0, 1);
}

void layout_furniture(layout *L, size_t from)
{
    const layout_theme *th = L->th;
    dl_doc *d = L->doc;
    font_face *reg = th->text.regular;
    size_t body_pages = d->n_pages - d->body_start;
    double left = th->margin_l, right = th->page_w - th->margin_r;
    for (size_t i = from; i < d->n_pages; i++) {
        dl_page *pg = &d->pages[i];
        layout_marking(L, pg);
        /* running header: title, then a hairline */
        if (th->title) {
            const char *t = layout_fit_words(L, reg, 8,
                                             markdown_smart(th->title, L->mem),
                                             (right - left) * 0.8);
            layout_page_text(L, pg, left, 50, reg, 8, th->muted, t,
                             DL_ROLE_HEADER, 0, 0);
        }
        dl_box *r = layout_page_box(L, pg, DL_RULE, DL_ROLE_HEADER);
        r->x = left;
        r->y = 57;
        r->w = right - left;
        r->colour = th->rule;
        r->line_width = 0.5;
        dl_box *f = layout_page_box(L, pg, DL_RULE, DL_ROLE_FOOTER);
        f->x = left;
        f->y = th->page_h - 54;
        f->w = right - left;
        f->colour = th->rule;
        f->line_width = 0.5;
        if (th->footer)
            layout_page_text(L, pg, left, th->page_h - 42, reg, 8, th->muted,
                             th->footer, DL_ROLE_FOOTER, 0, 0);
        char buf[64], rb[16], total[32];
        const char *folio;
        if (i < d->body_start) {
            folio = template_fill(L->mem, th->catalog->page_front, "n",
                                  layout_roman((unsigned)i + 1, rb),
                                  (const char *)NULL);
        } else {
            snprintf(buf, sizeof buf, "%zu", i - d->body_start + 1);
            snprintf(total, sizeof total, "%zu", body_pages);
            folio = template_fill(L->mem, th->catalog->page_of, "n", buf,
                                  "total", total, (const char *)NULL);
        }
        layout_page_text(L, pg, right, th->page_h - 42, reg, 8, th->muted,
                         folio, DL_ROLE_FOOTER, 0, 2);
    }
}
