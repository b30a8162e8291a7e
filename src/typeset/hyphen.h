/* hyphen: where a word may be hyphenated, from the language's TeX-style
 * pattern file read by libhyphen (as LibreOffice does). */
#ifndef BRIEFPACK_HYPHEN_H
#define BRIEFPACK_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hyphen_dict hyphen_dict;

/* Loads the patterns for a BCP 47 tag ("en-GB"): data/hyphen under `root`
 * first, then the system's /usr/share/hyphen. NULL when none exist (the
 * caller warns and sets text without hyphenation). */
hyphen_dict *hyphen_load(const char *root, const char *lang);
void hyphen_free(hyphen_dict *h);
/* Whether patterns for the tag exist, without loading them. */
bool hyphen_available(const char *root, const char *lang);

/* The byte offsets inside `word` after which a hyphen may go, at least 2
 * letters from the start and 3 from the end. Only called for lower-case
 * alphabetic words. Returns how many were written (at most max). */
size_t hyphen_points(const hyphen_dict *h, const char *word, size_t len,
                     size_t *points, size_t max);

#endif
