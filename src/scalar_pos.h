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

#endif
