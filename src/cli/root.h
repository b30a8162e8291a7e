/* root: where briefpack's own data is (the folder holding `data/` — the
 * shipped brands, the ICC profile, the schema — and `fonts/`), found from
 * where the program is, so that a build run from a clone, an installed
 * copy and a moved install tree all work without being told:
 *
 *   1. beside the executable: BIN/../share/briefpack (an install, wherever
 *      its tree was moved), BIN/.. (build/briefpack in a clone);
 *   2. the folder compiled in: PREFIX/share/briefpack (BRIEFPACK_DATADIR);
 *   3. $BRIEFPACK_ROOT, for a binary copied away from its data.
 *
 * The first folder that holds both `data/brands/` and `fonts/` is used.
 * Which folder it is never changes a PDF's bytes (a shipped file is read,
 * never named in the output). */
#ifndef BRIEFPACK_ROOT_H
#define BRIEFPACK_ROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The folder, resolved (no `..`), into buf; NULL when none of the places
 * above holds the data. */
const char *root_find(char *buf, size_t size);

/* Says, after `briefpack: `, that the data was not found, every folder
 * that was searched, and how to point at the data. */
void root_not_found(FILE *out);

#endif
