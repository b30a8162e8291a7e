#include "typeset/break.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* One feasible breakpoint: where a line may end, with the best way found to
 * get there. Active nodes are those from which a next line may still start;
 * a node leaves the active list once the line from it would be overfull. */
typedef struct brk_node {
    size_t pos;             /* the break item */
    size_t line;            /* lines before and including this break */
    int fitness;
    bool hyphenated;
    int hyphen_run;         /* consecutive hyphenated lines ending here */
    double total_width, total_stretch, total_shrink; /* sums after the break */
    double demerits;
    double ratio;
    struct brk_node *prev;  /* the break that ends the previous line */
    struct brk_node *next;  /* the active list */
} brk_node;

typedef struct brk_state {
    const brk_item *items;
    size_t n;
    const brk_params *p;
    arena *mem;
    double *sum_w, *sum_y, *sum_z; /* prefix sums up to item i */
    brk_node *active;
    double tolerance;
    bool emergency;
} brk_state;

static double brk_line_width(const brk_params *p, size_t line)
{
    return line == 0 ? p->width_first : p->width_rest;
}

static bool brk_is_feasible(const brk_item *items, size_t i)
{
    const brk_item *it = &items[i];
    if (it->type == BRK_PENALTY)
        return it->penalty < BRK_INFINITY;
    if (it->type == BRK_GLUE)
        return i > 0 && items[i - 1].type == BRK_BOX;
    return false;
}

/* The sums after a break at `b`: glue and penalties that follow the break
 * vanish at the start of the next line, up to the next box or forced
 * break. */
static void brk_after(const brk_state *s, size_t b, double *w, double *y,
                      double *z)
{
    /* sum_x[b] counts the items before b; the loop adds b itself and what
     * follows it up to the next box. */
    size_t i = b;
    *w = s->sum_w[b];
    *y = s->sum_y[b];
    *z = s->sum_z[b];
    for (; i < s->n; i++) {
        const brk_item *it = &s->items[i];
        if (it->type == BRK_BOX)
            break;
        if (it->type == BRK_PENALTY && it->penalty <= -BRK_INFINITY && i > b)
            break;
        *w += it->type == BRK_GLUE ? it->width : 0;
        *y += it->type == BRK_GLUE ? it->stretch : 0;
        *z += it->type == BRK_GLUE ? it->shrink : 0;
    }
}

static int brk_fitness(double r)
{
    if (r < -0.5)
        return 0;
    if (r <= 0.5)
        return 1;
    if (r <= 1)
        return 2;
    return 3;
}

static brk_node *brk_node_new(brk_state *s, size_t pos, size_t line,
                              int fitness, double demerits, double ratio,
                              bool hyph, brk_node *prev)
{
    brk_node *nd = arena_alloc(s->mem, sizeof *nd);
    nd->pos = pos;
    nd->line = line;
    nd->fitness = fitness;
    nd->demerits = demerits;
    nd->ratio = ratio;
    nd->hyphenated = hyph;
    nd->hyphen_run = hyph ? (prev ? prev->hyphen_run : 0) + 1 : 0;
    nd->prev = prev;
    brk_after(s, pos, &nd->total_width, &nd->total_stretch, &nd->total_shrink);
    return nd;
}

typedef struct brk_candidate {
    brk_node *from;
    double demerits, ratio;
    bool set;
} brk_candidate;

/* Considers a break at item b from every active node: computes each
 * line's badness and demerits, deactivates nodes whose line is already
 * too long, and activates the best new node per fitness class. */
static void brk_try(brk_state *s, size_t b)
{
    const brk_item *it = &s->items[b];
    const brk_params *p = s->p;
    double pen = it->type == BRK_PENALTY ? it->penalty : 0;
    bool flagged = it->type == BRK_PENALTY && it->flagged;
    double pen_w = it->type == BRK_PENALTY ? it->width : 0;
    bool forced = pen <= -BRK_INFINITY;
    brk_candidate best[4] = {{0}};
    double best_all = DBL_MAX;
    brk_node *prev_active = NULL, *last_removed = NULL;
    double last_removed_ratio = 0;

    for (brk_node *a = s->active; a;) {
        brk_node *next = a->next;
        double width = s->sum_w[b] - a->total_width + pen_w;
        double stretch = s->sum_y[b] - a->total_stretch + p->rag;
        double shrink = s->sum_z[b] - a->total_shrink;
        double target = brk_line_width(p, a->line);
        double r;
        if (width < target)
            r = stretch > 0 ? (target - width) / stretch : BRK_INFINITY;
        else if (width > target)
            r = shrink > 0 ? (target - width) / shrink : -BRK_INFINITY;
        else
            r = 0;
        double bad = fabs(r) >= 100 ? BRK_INFINITY : 100 * fabs(r * r * r);
        if (bad > BRK_INFINITY)
            bad = BRK_INFINITY;
        bool too_long = r < -1;
        bool hyph_ok = !flagged || !p->max_hyphen_run ||
                       a->hyphen_run < p->max_hyphen_run;

        if (!too_long && bad <= s->tolerance && hyph_ok) {
            double lb = (p->line_penalty ? p->line_penalty : 10) + bad;
            double d = lb * lb;
            if (pen >= 0)
                d += pen * pen;
            else if (!forced)
                d -= pen * pen;
            if (flagged && a->hyphenated)
                d += p->hyphen_demerits ? p->hyphen_demerits : 3000;
            if (forced && b == s->n - 1) {
                /* the paragraph's last line */
                if (a->hyphenated)
                    d += p->final_hyphen_demerits ? p->final_hyphen_demerits
                                                  : 5000;
                if (p->runt_width > 0 && width < p->runt_width && a->prev)
                    d += p->runt_demerits;
            }
            int fit = brk_fitness(r);
            if (abs(fit - a->fitness) > 1)
                d += p->fitness_demerits ? p->fitness_demerits : 3000;
            d += a->demerits;
            if (!best[fit].set || d < best[fit].demerits)
                best[fit] = (brk_candidate){a, d, r, true};
            if (d < best_all)
                best_all = d;
        }
        if (too_long || forced) {
            /* No later break can make this line short enough again. */
            if (prev_active)
                prev_active->next = next;
            else
                s->active = next;
            last_removed = a;
            last_removed_ratio = r;
        } else {
            prev_active = a;
        }
        a = next;
    }

    /* Emergency: every way to reach this point is overfull and nothing is
     * left active, so keep the latest one rather than lose the paragraph. */
    if (best_all == DBL_MAX && !s->active && last_removed && s->emergency) {
        best[0] = (brk_candidate){last_removed, last_removed->demerits + 1e9,
                                  last_removed_ratio, true};
        best_all = best[0].demerits;
    }
    if (best_all == DBL_MAX)
        return;
    double fd = p->fitness_demerits ? p->fitness_demerits : 3000;
    for (int f = 0; f < 4; f++) {
        if (!best[f].set || best[f].demerits > best_all + fd)
            continue;
        brk_node *nd = brk_node_new(s, b, best[f].from->line + 1, f,
                                    best[f].demerits, best[f].ratio, flagged,
                                    best[f].from);
        nd->next = s->active;
        s->active = nd;
    }
}

static brk_node *brk_run(brk_state *s, double tolerance, bool emergency)
{
    s->tolerance = tolerance;
    s->emergency = emergency;
    s->active = brk_node_new(s, 0, 0, 1, 0, 0, false, NULL);
    /* The start node's sums are those before item 0 (a paragraph does not
     * drop its leading items). */
    s->active->total_width = s->active->total_stretch =
        s->active->total_shrink = 0;
    brk_node *last = NULL;
    for (size_t b = 0; b < s->n && s->active; b++) {
        if (!brk_is_feasible(s->items, b))
            continue;
        brk_try(s, b);
        if (s->items[b].type == BRK_PENALTY &&
            s->items[b].penalty <= -BRK_INFINITY && b == s->n - 1) {
            for (brk_node *a = s->active; a; a = a->next)
                if (a->pos == b && (!last || a->demerits < last->demerits))
                    last = a;
        }
    }
    return last;
}

static size_t brk_collect(const brk_state *s, brk_node *last, arena *a,
                          brk_line **lines)
{
    size_t count = last->line;
    brk_line *out = arena_calloc(a, count ? count : 1, sizeof *out);
    for (brk_node *nd = last; nd && nd->prev; nd = nd->prev) {
        brk_line *l = &out[nd->line - 1];
        l->end = nd->pos;
        l->ratio = nd->ratio;
        l->hyphenated = nd->hyphenated;
        l->overfull = nd->ratio < -1;
        size_t start = nd->prev->pos;
        if (nd->prev->prev || start > 0)
            start++;
        while (start < nd->pos && s->items[start].type != BRK_BOX)
            start++;
        l->start = start;
    }
    *lines = out;
    return count;
}

static void brk_sums(brk_state *s)
{
    s->sum_w = arena_calloc(s->mem, s->n + 1, sizeof(double));
    s->sum_y = arena_calloc(s->mem, s->n + 1, sizeof(double));
    s->sum_z = arena_calloc(s->mem, s->n + 1, sizeof(double));
    for (size_t i = 0; i < s->n; i++) {
        const brk_item *it = &s->items[i];
        bool counts = it->type != BRK_PENALTY;
        s->sum_w[i + 1] = s->sum_w[i] + (counts ? it->width : 0);
        s->sum_y[i + 1] = s->sum_y[i] + (it->type == BRK_GLUE ? it->stretch : 0);
        s->sum_z[i + 1] = s->sum_z[i] + (it->type == BRK_GLUE ? it->shrink : 0);
    }
}

size_t break_paragraph(const brk_item *items, size_t n, const brk_params *p,
                       arena *a, brk_line **lines)
{
    *lines = NULL;
    if (!n)
        return 0;
    brk_state s = {.items = items, .n = n, .p = p, .mem = a};
    brk_sums(&s);
    double tol = p->tolerance > 0 ? p->tolerance : 200;
    brk_node *last = brk_run(&s, tol, false);
    if (!last && p->first_pass_only)
        return 0;
    if (!last)
        last = brk_run(&s, BRK_INFINITY, true);
    if (!last)
        return 0;
    return brk_collect(&s, last, a, lines);
}

size_t break_greedy(const brk_item *items, size_t n, const brk_params *p,
                    arena *a, brk_line **lines)
{
    /* First fit: each line takes words while they fit at natural width;
     * the glue is then stretched to fill it, as a word processor does. */
    size_t cap = 0, count = 0;
    brk_line *out = NULL;
    size_t start = 0;
    while (start < n && items[start].type != BRK_BOX)
        start++;
    double w = 0, y = 0, z = 0;
    size_t fit = (size_t)-1;
    double fit_w = 0, fit_y = 0, fit_z = 0;
    for (size_t i = start; i < n; i++) {
        const brk_item *it = &items[i];
        double target = brk_line_width(p, count);
        bool forced = it->type == BRK_PENALTY && it->penalty <= -BRK_INFINITY;
        if (brk_is_feasible(items, i) || forced) {
            double lw = w + (it->type == BRK_PENALTY ? it->width : 0);
            if (lw > target && fit != (size_t)-1) {
                /* break at the last place that fitted */
            } else if (!forced && lw <= target) {
                fit = i;
                fit_w = lw;
                fit_y = y;
                fit_z = z;
                goto advance;
            } else {
                fit = i;
                fit_w = lw;
                fit_y = y;
                fit_z = z;
            }
            brk_line *l = ARENA_PUSH(a, out, count, cap);
            l->start = start;
            l->end = fit;
            l->hyphenated = items[fit].type == BRK_PENALTY && items[fit].flagged;
            l->overfull = fit_w > target;
            double stretch = fit_y + p->rag;
            bool last = items[fit].type == BRK_PENALTY &&
                        items[fit].penalty <= -BRK_INFINITY;
            l->ratio = last ? 0
                       : fit_w < target ? (stretch > 0 ? (target - fit_w) / stretch : 0)
                       : fit_w > target && fit_z > 0 ? (target - fit_w) / fit_z
                                                     : 0;
            start = fit + 1;
            while (start < n && items[start].type != BRK_BOX &&
                   !(items[start].type == BRK_PENALTY &&
                     items[start].penalty <= -BRK_INFINITY))
                start++;
            w = y = z = 0;
            fit = (size_t)-1;
            if (start >= n || last)
                break;
            i = start - 1;
            continue;
        }
    advance:
        if (it->type != BRK_PENALTY) {
            w += it->width;
            if (it->type == BRK_GLUE) {
                y += it->stretch;
                z += it->shrink;
            }
        }
    }
    *lines = out;
    return count;
}
