/* load: YAML files (libyaml) → the document model, with a located message
 * for every problem. */
#ifndef BRIEFPACK_LOAD_H
#define BRIEFPACK_LOAD_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model.h"

/* What a worker keeps between documents for the loader: the language
 * catalogs it has read, each read once (data/lang is shipped data). */
typedef struct load_cache load_cache;
load_cache *load_cache_new(void);
void load_cache_free(load_cache *c);

typedef struct load_options {
    /* The folder that holds the shipped `data/` and `fonts/` folders. */
    const char *root;
    /* Largest input file accepted, in bytes (default 16 MiB when 0). */
    size_t max_input;
    /* Folders assets may also come from (`--allow-path`), besides the
     * folder of the top-level input. */
    const char *const *allow_paths;
    size_t n_allow_paths;
    /* `--brand`: overrides the file's `brand:` key when not NULL. */
    const char *brand_override;
    /* `--public`: a marking above OFFICIAL is an error at its line. */
    bool public_version;
    /* The worker's, or NULL: every document reads its catalog again. */
    load_cache *cache;
} load_options;

/* Loads a roundtable file and its brand. Returns NULL when the file could not
 * be read or parsed at all; otherwise a model, possibly with errors in `d`
 * (the caller checks d->errors before building). */
model_roundtable *load_roundtable(const char *path, const load_options *opt,
                                  arena *a, diag *d);
/* The same from bytes in memory (standard input, fuzzing). `name` is used in
 * messages; `dir` resolves relative paths. */
model_roundtable *load_roundtable_buffer(const char *name, const char *dir,
                                         const char *buf, size_t len,
                                         const load_options *opt, arena *a,
                                         diag *d);

/* A file that may be a roundtable or a pack (a top-level `roundtables`
 * key). Exactly one of *rt and *pack is set on success; both NULL when the
 * file could not be read or parsed. Pass data/len for standard input. */
void load_document(const char *path, const char *data, size_t len,
                   const load_options *opt, arena *a, diag *d,
                   model_roundtable **rt, model_pack **pack);
/* True when the text looks like a pack (has a top-level `roundtables:`). */
bool load_looks_like_pack(const char *buf, size_t len);

/* A brand by shipped name (`data/brands/NAME.yaml`) or by path; NULL name
 * gives the neutral default. `file`/`pos` say where it was named, for the
 * message when it does not exist. Never returns NULL: on error the default
 * brand is returned and the error is in `d`. */
model_brand *load_brand(const char *name, const char *file, srcpos pos,
                        const load_options *opt, arena *a, diag *d);

/* The catalog of a language tag (data/lang/, as a file's `language` finds
 * it), or NULL with the problem in `d`. */
const model_catalog *load_language_catalog(const char *tag,
                                           const load_options *opt, arena *a,
                                           diag *d);

/* Prints the shipped brands, one a line: NAME<TAB>display name. Returns the
 * number found. */
int load_list_brands(const load_options *opt, FILE *out);

#endif
