/* The flow onto pages (layout.h's layout_paginate). Where each item goes is
 * planned first, page by page: the keep rules, the baseline grid (a line
 * of body text starts on a grid line; what is kept with it above it moves
 * down with it), parts that open on a right-hand page when printed
 * two-sided. A plan that leaves a page less than a third full although the
 * page before it ran full is made again with that page ending earlier, so
 * the short tail gets enough of its part to make a page. Then the items'
 * boxes are put on the pages, with anchors and bookmarks. */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

/* A page the plan opens. */
typedef struct plan_page {
    bool blank, by_rule;
    double used;            /* from the text area's top to its last item's
                               foot */
} plan_page;

typedef struct plan {
    layout *L;
    arena *mem;             /* the plan's own, freed with it */
    int *page;              /* each item's page, from 0 */
    double *top;            /* its top */
    double *gap;            /* the space above it, < 0 when it opens its
                               page */
    bool *repeat;           /* a header row drawn again above it */
    plan_page *pages;
    size_t n_pages, pages_cap;
    bool *brk;              /* a page breaks before this group (to give
                               the page after enough of its part) */
} plan;

/* The fill a page must reach when the page before it can give it lines. */
#define LAYOUT_MIN_FILL (1.0 / 3.0)

bool layout_recto(const layout *L, size_t index)
{
    return ((long)index + 1 + L->page_shift) % 2 != 0;
}

dl_page *layout_page_blank(layout *L)
{
    dl_page *pg = layout_page_new(L);
    pg->blank = true;
    pg->by_rule = true;
    return pg;
}

/* The first grid line at or below y. */
static double grid_snap(const layout_theme *th, double y)
{
    double k = ceil((y - th->margin_t) / th->leading - 1e-6);
    return th->margin_t + (k > 0 ? k : 0) * th->leading;
}

/* The item a run from k of items kept with what follows, none on the grid,
 * leads to when that item is on the grid (a heading over its text); n when
 * the run leads elsewhere. */
static size_t glued_grid_item(const layout *L, size_t k)
{
    size_t m = k;
    while (m < L->n && !L->items[m].grid) {
        if (!L->items[m].keep_with_next || m + 1 >= L->n ||
            L->items[m + 1].new_page)
            return L->n;
        m++;
    }
    return m;
}

/* Where item k's top goes when the flow has reached y (`empty`: nothing
 * on the page yet, its space is dropped). A grid item snaps down to the
 * grid; a run glued to one is moved down as a whole, so that the grid
 * item lands on a grid line with only its own space above it. */
static double item_top(const layout *L, size_t k, double y, bool empty)
{
    const layout_item *it = &L->items[k];
    double t = y + (empty ? 0 : it->space_before);
    if (it->grid)
        return grid_snap(L->th, t);
    bool starts = empty || k == 0 || L->items[k - 1].grid ||
                  !L->items[k - 1].keep_with_next;
    size_t m = starts ? glued_grid_item(L, k) : L->n;
    if (m >= L->n)
        return t;
    double end = t + it->height;
    for (size_t q = k + 1; q <= m; q++)
        end += L->items[q].space_before + (q < m ? L->items[q].height : 0);
    return t + grid_snap(L->th, end) - end;
}

static size_t plan_open(plan *P, bool by_rule)
{
    layout *L = P->L;
    size_t at = L->doc->n_pages + P->n_pages;
    if (by_rule && L->th->duplex && !layout_recto(L, at)) {
        plan_page *b = ARENA_PUSH(P->mem, P->pages, P->n_pages, P->pages_cap);
        b->blank = b->by_rule = true;
    }
    plan_page *pg = ARENA_PUSH(P->mem, P->pages, P->n_pages, P->pages_cap);
    pg->by_rule = by_rule;
    return P->n_pages - 1;
}

/* The group of items kept together from i: its last item. */
static size_t group_end(const layout *L, size_t i)
{
    size_t j = i;
    while (j + 1 < L->n && L->items[j].keep_with_next &&
           !L->items[j + 1].new_page)
        j++;
    return j;
}

/* Where the group i..j would end if set from y on a page that has items. */
static double group_bottom(const layout *L, size_t i, size_t j, double y)
{
    for (size_t k = i; k <= j; k++)
        y = item_top(L, k, y, false) + L->items[k].height;
    return y;
}

/* Places item k on the page the plan has open, or on a new one. */
static void plan_item(plan *P, size_t k, size_t *pg, double *y, bool *empty)
{
    layout *L = P->L;
    const layout_item *it = &L->items[k];
    double top = L->th->margin_t;
    double t = item_top(L, k, *y, *empty);
    double foot = L->th->page_h - L->th->margin_b;
    if (!*empty && t + it->height > foot + 0.01) {
        *pg = plan_open(P, false);
        *y = top;
        *empty = true;
    }
    bool fresh = *empty;
    P->repeat[k] = false;
    if (fresh && it->repeat && it->repeat - 1 < k) {
        P->repeat[k] = true;
        *y += L->items[it->repeat - 1].height;
    }
    t = item_top(L, k, *y, fresh);
    P->page[k] = (int)*pg;
    P->top[k] = t;
    P->gap[k] = fresh ? -1 : t - *y;
    *y = t + it->height;
    *empty = false;
    P->pages[*pg].used = *y - top;
}

static void plan_run(plan *P)
{
    layout *L = P->L;
    double top = L->th->margin_t, foot = L->th->page_h - L->th->margin_b;
    P->n_pages = 0;
    size_t pg = 0;
    double y = top;
    bool empty = true, any = false;
    for (size_t i = 0; i < L->n;) {
        size_t j = group_end(L, i);
        bool rule = !any || L->items[i].new_page;
        bool full = !rule && !empty &&
                    (P->brk[i] || group_bottom(L, i, j, y) > foot + 0.01);
        if (rule || full) {
            pg = plan_open(P, rule);
            y = top;
            empty = true;
            any = true;
        }
        for (size_t k = i; k <= j; k++)
            plan_item(P, k, &pg, &y, &empty);
        i = j + 1;
    }
}

/* Whether page p is less than a third full although the page before it
 * ran full into it. */
static bool plan_short(const plan *P, size_t p)
{
    const layout_theme *th = P->L->th;
    double area = th->page_h - th->margin_b - th->margin_t;
    return p > 0 && !P->pages[p].by_rule && !P->pages[p - 1].blank &&
           P->pages[p].used < area * LAYOUT_MIN_FILL;
}

/* For the short page p: the group of the page before it to start p with,
 * so that p gets what it lacks and a line more while the page before
 * stays at least half full (or, when that cannot be, more than a third);
 * 0 when there is none. */
static size_t plan_move_from(const plan *P, size_t p)
{
    const layout *L = P->L;
    const layout_theme *th = L->th;
    double area = th->page_h - th->margin_b - th->margin_t;
    double need = area * LAYOUT_MIN_FILL + th->leading - P->pages[p].used;
    size_t best = 0, fallback = 0;
    for (size_t g = 0; g < L->n; g = group_end(L, g) + 1) {
        if (g == 0 || P->page[g] < (int)p - 1)
            continue;
        if (P->page[g] > (int)p - 1)
            break;
        double before = P->top[g] - th->margin_t;
        if (P->gap[g] < 0 || P->pages[p - 1].used - before < need)
            continue;
        if (before >= area * 0.5)
            best = g;
        else if (before >= area * LAYOUT_MIN_FILL + th->leading)
            fallback = g;
    }
    return best ? best : fallback;
}

/* Plans, then makes each short page take enough of its part from the page
 * before it (that page ends before an earlier group) and plans again,
 * until no page is short or none can be helped. */
static void plan_make(plan *P)
{
    for (int round = 0; round < 8; round++) {
        plan_run(P);
        if (P->L->short_tail_ok)
            return;
        bool moved = false;
        for (size_t p = 1; p < P->n_pages; p++) {
            if (!plan_short(P, p))
                continue;
            size_t g = plan_move_from(P, p);
            if (g && !P->brk[g])
                moved = P->brk[g] = true;
        }
        if (!moved)
            return;
    }
}

/* Puts an item's boxes on the page at `top`; `gap` is the space above it
 * (< 0 at the top of a page). A `repeat` (a table's header row again on a
 * page the table continues on) is drawn, but only as an artifact: the
 * structure holds the header once. `foot` > 0: a ruled space that ends its
 * page runs its rules on to there. */
static void layout_place(layout *L, dl_page *pg, const layout_item *it,
                         double top, double gap, int page_index, bool repeat,
                         double foot)
{
    if (it->separator && gap >= 0) {
        const layout_theme *th = L->th;
        dl_box *r = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
        r->kind = DL_RULE;
        r->role = DL_ROLE_ARTIFACT;
        r->x = th->margin_l;
        r->y = top - gap / 2;
        r->w = th->page_w - th->margin_l - th->margin_r;
        r->colour = th->rule;
        r->line_width = 0.5;
    }
    const dl_box *last_rule = NULL;
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
        if (b->kind == DL_RULE)
            last_rule = &it->boxes[i];
    }
    if (foot > 0 && it->fill_pitch > 0 && last_rule) {
        dl_box rule = *last_rule;
        for (double y = rule.y + it->fill_pitch; top + y <= foot + 0.01;
             y += it->fill_pitch) {
            dl_box *b = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
            *b = rule;
            b->y = top + y;
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

/* The plan carried out: its pages made, each item's boxes put on its. */
static void plan_place(plan *P)
{
    layout *L = P->L;
    dl_doc *d = L->doc;
    size_t base = d->n_pages;
    for (size_t p = 0; p < P->n_pages; p++) {
        dl_page *pg = P->pages[p].blank ? layout_page_blank(L)
                                        : layout_page_new(L);
        pg->by_rule = P->pages[p].by_rule;
    }
    double foot = L->th->page_h - L->th->margin_b;
    const layout_item *last = NULL;
    for (size_t k = 0; k < L->n; k++) {
        const layout_item *it = &L->items[k];
        size_t page = base + (size_t)P->page[k];
        if (k > 0 && P->page[k] != P->page[k - 1])
            layout_judge_break(L, last, it);
        dl_page *pg = &d->pages[page];
        double top = P->top[k];
        if (P->repeat[k]) {
            const layout_item *hd = &L->items[it->repeat - 1];
            layout_place(L, pg, hd, top - hd->height, -1, (int)page, true, 0);
        }
        bool ends_page = k + 1 == L->n || P->page[k + 1] != P->page[k];
        layout_place(L, pg, it, top, P->gap[k], (int)page, false,
                     ends_page ? foot : 0);
        if (it->n || it->lines)
            last = it;
    }
}

void layout_paginate(layout *L)
{
    arena *mem = arena_new();
    plan P = {.L = L, .mem = mem};
    size_t n = L->n ? L->n : 1;
    P.page = arena_calloc(mem, n, sizeof *P.page);
    P.top = arena_calloc(mem, n, sizeof *P.top);
    P.gap = arena_calloc(mem, n, sizeof *P.gap);
    P.repeat = arena_calloc(mem, n, sizeof *P.repeat);
    P.brk = arena_calloc(mem, n, sizeof *P.brk);
    if (L->n) {
        plan_make(&P);
        plan_place(&P);
    }
    arena_free(mem);
    L->n = 0;
}
