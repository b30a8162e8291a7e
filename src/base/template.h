/* template: the words of a language catalog with their blanks filled:
 * "Page {n} of {total}" with n = "3", total = "8" is "Page 3 of 8". */
#ifndef BRIEFPACK_TEMPLATE_H
#define BRIEFPACK_TEMPLATE_H

#include "base/arena.h"

/* `tmpl` with each `{name}` replaced by its value; the arguments after it
 * are name, value pairs, ended by NULL. A name not given stays as written.
 * The result is in `a` (or `tmpl` itself when it has no braces). */
const char *template_fill(arena *a, const char *tmpl, ...)
    __attribute__((sentinel));

#endif
