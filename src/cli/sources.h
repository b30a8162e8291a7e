/* sources: the files a document is made from, read again after loading:
 * they feed the document ID (any change to a source changes it) and, with
 * --archive, are attached to the PDF (pdf/archive.h). */
#ifndef BRIEFPACK_SOURCES_H
#define BRIEFPACK_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "model.h"
#include "pdf/archive.h"

/* The source files of a loaded document: the top-level file (read again
 * from `input`, or `data`/`len` when it came from memory), for a pack every
 * roundtable file, every photo they name, and a brand given by path (not a
 * shipped one, under `root`) with its logo. `opts` says how it was built
 * ("--archive --brand x"), for the top-level file's description. With
 * `strict` (--archive), false with a reason in err when a file cannot be
 * read again (a named pipe, a file removed meanwhile); otherwise such a
 * file is left out (it only feeds the document ID). */
bool sources_collect(const char *input, const char *data, size_t len,
                     const model_roundtable *rt, const model_pack *pack,
                     const char *root, const char *opts, bool strict, arena *a,
                     archive_sources *out, char *err, size_t err_size);

/* The digest of the sources, the version and the options: mixed into the
 * document ID, so that any change to a source (even a comment that changes
 * nothing visible) changes the ID. */
void sources_seed(const archive_sources *s, const char *version,
                  const char *opts, unsigned char seed[16]);

#endif
