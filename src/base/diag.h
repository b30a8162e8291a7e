/* Diagnostics: every problem is collected with its place and printed as
 * `FILE:LINE:COL: error: TEXT`, all of a file's problems in one run. */
#ifndef BRIEFPACK_DIAG_H
#define BRIEFPACK_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"

/* Lines and columns count from 1, columns in characters; 0 means unknown
 * (then only FILE: is printed). */
typedef struct srcpos {
    unsigned line, col;
} srcpos;

/* A note says what a run did or would do (`--check --public` lists what
 * the public version leaves out); it is neither a problem nor counted. */
typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct diag_entry {
    diag_severity severity;
    const char *file;
    srcpos pos;
    const char *text;
} diag_entry;

/* More than this many errors (or warnings) about one file are counted but
 * not kept: one line says so instead. A hostile file could otherwise print
 * a message for each of 45,000 tags. */
#define DIAG_MAX_PER_FILE 100u

typedef struct diag_file_count {
    const char *file;
    size_t errors, warnings; /* kept, with a place */
    bool errors_noted, warnings_noted;
} diag_file_count;

typedef struct diag {
    arena *mem;
    /* Once an allocation has failed (oom.h), what follows may be its
     * consequence ("not a TrueType font"): no more messages are kept, and
     * out_of_memory says why. */
    unsigned long oom_mark;
    bool out_of_memory;
    diag_entry *items;
    size_t n, cap;
    size_t errors, warnings;
    diag_file_count *files;
    size_t n_files, files_cap;
} diag;

void diag_init(diag *d, arena *mem);
/* True (and out_of_memory set) when an allocation failed since diag_init. */
bool diag_out_of_memory(diag *d);
void diag_error(diag *d, const char *file, srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(diag *d, const char *file, srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(diag *d, const char *file, srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with the arguments as a va_list (for callers that add their
 * own bookkeeping, as the loader does). */
void diag_vreport(diag *d, diag_severity sev, const char *file, srcpos pos,
                  const char *fmt, va_list ap);
/* Prints every entry in the order of their place in the file (stable for
 * entries at the same place), one a line. */
void diag_print(const diag *d, FILE *out);
/* Writes one entry as it is printed (no newline) into buf. */
void diag_format(const diag_entry *e, char *buf, size_t size);

#endif
