/* Where a character of a YAML scalar's value is in the file.
 *
 * libyaml reports where a scalar starts, not where each character of its
 * value came from, and YAML rewrites text on the way: plain, quoted and
 * folded scalars join lines, quotes are unescaped. A Markdown error inside
 * such a value is found in the decoded text, so to report it at the file's
 * line and column the loader keeps the scalar's source bytes (`raw`) when
 * the two differ in shape, and this module walks both side by side. */
#ifndef BRIEFPACK_SCALAR_POS_H
#define BRIEFPACK_SCALAR_POS_H

#include "model.h"

#include <stddef.h>
#include <stdint.h>

#define SCALAR_POS_NONE SIZE_MAX

/* The offset in `raw` of the decoded byte `target` of `value` (target may be
 * value_len: the end). `raw` starts at the scalar's first character in the
 * file: the opening quote, the `>` or `|` header, or the first character of
 * a plain scalar. SCALAR_POS_NONE when the two do not line up (never
 * expected, but a wrong place is worse than a coarse one). */
size_t scalar_pos_raw_offset(model_text_style style, const char *value,
                             size_t value_len, const char *raw, size_t raw_len,
                             size_t target);

/* The file position of the decoded byte `offset` of `t`. Exact when the
 * loader kept `t->raw`; otherwise (a one-line plain or quoted value without
 * escapes, or a `|` block, whose lines are the file's) by arithmetic. */
srcpos scalar_pos_at(const model_text *t, size_t offset);

/* The same for many places of one value in increasing order (Markdown's
 * nodes): each call goes on from where the last stopped, so a value's
 * places cost one walk, not one each. Start from a zeroed cursor; a place
 * before the last one starts again from the beginning. */
typedef struct scalar_pos_cursor {
    bool started, failed;
    size_t i, j;       /* a value offset and the raw offset it maps to */
    unsigned line;     /* the file line of raw offset j */
    size_t chars;      /* characters from that line's start to j */
    bool first_line;   /* j is on the value's first line (column from pos) */
    size_t k;          /* without raw: value offset reached, */
    unsigned dline;    /* the value's line there, */
    size_t dline_start; /* where that line starts, */
    size_t dchars;     /* and characters from there to k */
} scalar_pos_cursor;

srcpos scalar_pos_seek(const model_text *t, scalar_pos_cursor *c,
                       size_t offset);

#endif
