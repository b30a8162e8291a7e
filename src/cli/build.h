/* build: one input file → one PDF in memory, through every stage. A worker
 * owns what is shared between the documents it builds one after another
 * (loaded fonts, hyphenation patterns); each document has its own arena,
 * freed whole when it is done. */
#ifndef BRIEFPACK_BUILD_H
#define BRIEFPACK_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "load/load.h"
#include "pdf/render.h"

#define BRIEFPACK_VERSION "0.1.0"

typedef struct build_worker build_worker;

build_worker *build_worker_new(const char *root);
void build_worker_free(build_worker *w);

typedef struct build_options {
    load_options load;
    bool check_only;        /* validate, build nothing */
    bool handout;           /* the handout variant (--handout) */
    bool archive;           /* PDF/A-3a with the sources attached (--archive) */
    /* the public version (--public; also load.public_version): no internal
     * item, no attendees, no marking; with check_only, a note for each
     * thing it leaves out */
    bool public_version;
    /* --duplex / --simplex: over a pack's or brand's `print` */
    model_print print;
    /* --page: over the brand's `page` */
    bool page_set;
    model_page_size page;
    /* The file the PDF will replace, or NULL: none of the files the input
     * reads (a photo, a logo, a font, the brand file, a pack's item) may
     * be it, or the PDF would destroy its own source. */
    const char *output;
} build_options;

/* Builds `input` (a path, or "-" with `data`/`len` given). On success the
 * PDF is in `out` (the caller frees out->pdf). Problems go to `d`, whose
 * arena must outlive the call. Returns true when the file was valid (and,
 * unless check_only, built).
 *
 * Out of memory anywhere in the build is not a crash: the call returns
 * false with d->out_of_memory set and nothing of the document left
 * allocated (oom.h); the messages of the file said before it ran out are
 * kept, those after it are not (they may be its consequence). The worker
 * then lets go of what it kept and makes it again for the next document.
 *
 * The same inputs and version always give the same bytes: dates come from
 * the file (`published`, else `date`) or from SOURCE_DATE_EPOCH in the
 * environment, and the document ID from the content (archive.h). With
 * opt->archive the PDF is PDF/A-3a and carries its sources. */
bool build_file(build_worker *w, const char *input, const char *data,
                size_t len, const build_options *opt, render_result *out,
                diag *d);

/* Loads `input` and lays it out as build_file would, then writes its
 * display list as text (layout/dump.h) to `out`: what layout decided, for
 * the golden tests (tests/layout/) and for a person reading a change. */
bool build_dump_layout(build_worker *w, const char *input,
                       const build_options *opt, FILE *out, diag *d);

#endif
