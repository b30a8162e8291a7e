/* build: one input file → one PDF in memory, through every stage. A worker
 * owns what is shared between the documents it builds one after another
 * (loaded fonts, hyphenation patterns); each document has its own arena,
 * freed whole when it is done. */
#ifndef BRIEFPACK_BUILD_H
#define BRIEFPACK_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "load.h"
#include "render.h"

#define BRIEFPACK_VERSION "0.1.0"

typedef struct build_worker build_worker;

build_worker *build_worker_new(const char *root);
void build_worker_free(build_worker *w);

typedef struct build_options {
    load_options load;
    bool check_only;        /* validate, build nothing */
    bool handout;           /* the handout variant (--handout) */
    bool archive;           /* PDF/A-3u with the sources attached (--archive) */
} build_options;

/* Builds `input` (a path, or "-" with `data`/`len` given). On success the
 * PDF is in `out` (the caller frees out->pdf). Problems go to `d`, whose
 * arena must outlive the call. Returns true when the file was valid (and,
 * unless check_only, built).
 *
 * The same inputs and version always give the same bytes: dates come from
 * the file (`published`, else `date`) or from SOURCE_DATE_EPOCH in the
 * environment, and the document ID from the content (archive.h). With
 * opt->archive the PDF is PDF/A-3u and carries its sources. */
bool build_file(build_worker *w, const char *input, const char *data,
                size_t len, const build_options *opt, render_result *out,
                diag *d);

#endif
