/* break: paragraphs → lines, with the Knuth–Plass total-fit algorithm
 * (boxes, glue and penalties; badness, demerits and fitness classes;
 * flagged penalties for hyphens). Knows nothing of fonts or text: only
 * widths. */
#ifndef BRIEFPACK_BREAK_H
#define BRIEFPACK_BREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

#define BRK_INFINITY 10000.0

typedef enum brk_type { BRK_BOX, BRK_GLUE, BRK_PENALTY } brk_type;

typedef struct brk_item {
    brk_type type;
    double width;           /* box: its width; glue: natural space;
                               penalty: what is added if the line ends here
                               (the width of a hyphen) */
    double stretch, shrink; /* glue only */
    double penalty;         /* penalty only: ≥ BRK_INFINITY forbids a break,
                               ≤ -BRK_INFINITY forces one */
    bool flagged;           /* penalty only: a hyphen */
} brk_item;

typedef struct brk_params {
    double width_first;     /* the first line's width */
    double width_rest;      /* every later line's width */
    double tolerance;       /* the largest badness accepted (TeX's
                               \tolerance); 0 means 200 */
    double line_penalty;    /* added to every line's badness; 0 means 10 */
    double hyphen_demerits; /* two hyphenated lines in a row; 0 → 3000 */
    double fitness_demerits;/* adjacent lines of very different tightness */
    double rag;             /* > 0: ragged right, the stretch every line
                               end offers (TeX's \rightskip) */
    int max_hyphen_run;     /* the most consecutive hyphenated lines
                               (0: no limit) */
    double final_hyphen_demerits; /* a hyphen on the last line but one
                               (TeX's \finalhyphendemerits); 0 → 5000 */
    double runt_width;      /* a last line narrower than this (a word left
                               alone) costs runt_demerits; 0: no check */
    double runt_demerits;
    bool first_pass_only;   /* return 0 lines rather than fall back to the
                               emergency pass (the caller will try again,
                               with hyphenation) */
} brk_params;

typedef struct brk_line {
    size_t start;           /* first item on the line */
    size_t end;             /* the break item (not drawn unless a penalty
                               with width, i.e. a hyphen) */
    double ratio;           /* how much the line's glue is stretched (> 0)
                               or shrunk (< 0): glue width = natural +
                               ratio * stretch (or shrink) */
    bool hyphenated;        /* ends at a flagged penalty */
    bool overfull;          /* nothing better existed (the caller splits
                               long words so this should not happen) */
} brk_line;

/* Breaks items [0, n) into lines. The items must end with a forced break
 * (a penalty of -BRK_INFINITY), usually after a glue of infinite stretch.
 * Lines are allocated in `a`; returns how many. Leading glue and penalties
 * after a break are skipped: `start` is the line's first box. */
size_t break_paragraph(const brk_item *items, size_t n, const brk_params *p,
                       arena *a, brk_line **lines);

/* Greedy first fit, for comparison in tests and the benchmark. */
size_t break_greedy(const brk_item *items, size_t n, const brk_params *p,
                    arena *a, brk_line **lines);

#endif
