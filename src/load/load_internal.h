/* Private to src/load/, shared by the loader's files and by nothing else
 * (tests/test_load.c aside): a small tree of YAML values that keeps every
 * place, and the helpers that turn it into model values with located
 * messages. libyaml stays inside yaml.c; the tree holds no libyaml type. */
#ifndef BRIEFPACK_LOAD_INTERNAL_H
#define BRIEFPACK_LOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "load/load.h"
#include "model.h"

/* Section 6 of the format, plus two guards of our own: a collection never
 * needs more entries than the largest count the format allows, and no
 * roundtable needs a million values; both keep a hostile file from costing
 * gigabytes before the schema gets a say. */
#define LOAD_MAX_INPUT_DEFAULT ((size_t)16 * 1024 * 1024)
#define LOAD_MAX_TEXT ((size_t)1024 * 1024)
#define LOAD_MAX_DEPTH 32u
#define LOAD_MAX_ITEMS 1000u      /* questions, sections, speakers, … */
#define LOAD_MAX_POINTS 10000u    /* takeaways, sub-points, any other list */
#define LOAD_MAX_VALUES 1000000u

typedef enum load_node_kind {
    LOAD_NODE_INVALID, /* refused and already reported: skip silently */
    LOAD_NODE_SCALAR,
    LOAD_NODE_LIST,
    LOAD_NODE_MAP
} load_node_kind;

typedef struct load_node load_node;

typedef struct load_pair {
    const load_node *key; /* always a scalar */
    const load_node *value;
} load_pair;

/* Small on purpose: a file may hold up to LOAD_MAX_VALUES of these. */
struct load_node {
    load_node_kind kind;
    model_text_style style; /* scalars */
    srcpos pos;             /* where the value starts in the file */
    union {
        struct {            /* LOAD_NODE_SCALAR */
            const char *s;  /* NUL-terminated, len bytes */
            size_t len;
            srcpos content; /* see model_text.content */
        };
        struct {            /* LOAD_NODE_LIST */
            const load_node **items;
            size_t n_items;
        };
        struct {            /* LOAD_NODE_MAP, pairs in file order */
            load_pair *pairs;
            size_t n_pairs;
        };
    };
};

/* One YAML file being read. Lines follow libyaml's idea of a line break
 * (LF, CR, CRLF, NEL, LS, PS) so that our byte offsets agree with its
 * marks. */
typedef struct load_source {
    const char *name; /* as printed in messages */
    const char *dir;  /* the folder relative paths start from */
    const char *buf;
    size_t len;
    size_t *line_start; /* byte offset of each line */
    size_t n_lines;
    bool unicode_breaks; /* NEL, LS or PS somewhere: lines of a `|` block
                            are then not simply the value's lines */
} load_source;

/* Where assets may come from: the folder of the top-level input and every
 * --allow-path, all realpath'd. Loading a shipped file uses none (trusted). */
typedef struct load_confine {
    const char **dirs;
    size_t n_dirs;
    const char *input_name; /* basename of the top-level input, for messages */
} load_confine;

typedef struct load_ctx {
    const load_options *opt;
    arena *a;       /* the document's arena: everything the model keeps */
    arena *scratch; /* the tree and line table, freed when the file is done */
    diag *d;
    load_source src;
    const load_confine *confine; /* NULL for trusted (shipped) files */
    size_t n_errors;
    /* The file's language writes dates month first (en-US): how a date
     * such as `3/4/2026` is read to suggest `YYYY-MM-DD`. */
    bool month_first;
} load_ctx;

/* source.c and yaml.c */
void load_ctx_init(load_ctx *c, const load_options *opt, arena *a, diag *d,
                   arena *scratch, const char *name, const char *dir,
                   const char *buf, size_t len);
void load_error(load_ctx *c, srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A warning: printed, but the file still builds. */
void load_warning(load_ctx *c, srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Parses c->src into a tree in c->scratch. Returns NULL when there is nothing
 * to check (empty file, bad UTF-8, a syntax error, a file too big), after
 * reporting why; a root that is not a mapping is reported by the caller,
 * which knows what it expected. */
const load_node *load_yaml_parse(load_ctx *c, bool *empty);
srcpos load_source_pos_at(const load_source *src, size_t offset);
/* A line break at buf[i] as libyaml counts them (LF, CR, CRLF, NEL, LS,
 * PS): its length in bytes, or 0. */
size_t load_line_break_len(const char *buf, size_t len, size_t i);
/* The offset of the first byte that is not well-formed UTF-8, or len. */
size_t load_utf8_invalid_at(const char *buf, size_t len);
/* "16 MiB", "1.5 KiB": a limit or a size for a message. */
void load_format_size(char *buf, size_t size, size_t n);
size_t load_source_offset(const load_source *src, srcpos pos);
/* Reads a whole file (at most `max` bytes) into `mem`. On failure reports
 * the reason at `file` and returns NULL. */
char *load_read_file(const char *path, size_t max, arena *mem, diag *d,
                     const char *file, size_t *len);

/* values.c: a mapping checked against the keys it may hold. */
typedef struct load_map {
    const load_node *node;
    const char *what;      /* "this speaker", for messages */
    srcpos missing_pos;    /* where a missing required key is reported */
    const char *const *keys; /* the keys it may hold (NULL-terminated) */
    /* Bit i: keys[i] was suggested for an unknown key (`qestion` → did you
     * mean `question`?), so its absence is not reported a second time. */
    unsigned long long suggested;
} load_map;

typedef enum load_need { LOAD_OPTIONAL, LOAD_REQUIRED } load_need;

const char *load_node_found(const load_node *n);
bool load_node_is_empty(const load_node *n);
/* Quotes user text for a message, shortened when long. */
const char *load_quote(load_ctx *c, const char *s, size_t len);
/* The closest of `candidates` (NULL-terminated) within 2 edits, or a
 * case-insensitive match; NULL when none is close. */
const char *load_suggest(const char *word, size_t len,
                         const char *const *candidates);
/* Reports unknown and duplicate keys. `keys` is NULL-terminated. */
void load_map_begin(load_ctx *c, load_map *m, const load_node *node,
                    const char *const *keys, const char *what);
const load_pair *load_map_find(const load_map *m, const char *key);
bool load_map_text(load_ctx *c, const load_map *m, const char *key,
                   load_need need, model_text *out);
bool load_map_date(load_ctx *c, const load_map *m, const char *key,
                   load_need need, model_date *out);
/* A list under `key`: returns its items (at most `limit`, reporting the
 * rest) or NULL when absent or wrong; `items_name` names them ("questions"). */
const load_node *load_map_list(load_ctx *c, const load_map *m,
                               const char *key, size_t limit,
                               const char *items_name, size_t *n);
const load_node *load_map_map(load_ctx *c, const load_map *m,
                              const char *key);
bool load_map_bool(load_ctx *c, const load_map *m, const char *key,
                   bool *out);
/* A scalar as model text; reports anything else. */
bool load_text(load_ctx *c, const load_node *n, model_text *out);
/* The same, naming the value for the one mistake worth its own message:
 * text with a `: ` in it, which YAML reads as a mapping of one key and one
 * value. `what` is the value ("this takeaway", "`heading`"), `whole` what
 * to quote ("takeaway", "value"). */
bool load_text_for(load_ctx *c, const load_node *n, const char *what,
                   const char *whole, model_text *out);
/* When `n` is such a mapping (one plain key that is none of `keys`, which
 * may be NULL, nor a typo of one; one text value), reports "WHAT was read
 * as `KEY: …` (a key and a value) …" at it and returns true. */
bool load_text_read_as_pair(load_ctx *c, const load_node *n, const char *what,
                            const char *whole, const char *const *keys);
/* A string or a list of strings, split on commas, trimmed, duplicates
 * dropped. */
void load_map_text_list(load_ctx *c, const load_map *m, const char *key,
                        model_text_list *out);
/* The same for a speaker's contact field, whose entries may also be
 * mappings `{value: TEXT, internal: true}` (model_text.internal). */
void load_map_contact_list(load_ctx *c, const load_map *m, const char *key,
                           model_text_list *out);
/* paths.c */
/* The folder rule for the file `input_name` in `dir`: its folder and every
 * --allow-path, realpath'd (those that do not exist are left out). */
void load_confine_init(load_confine *cf, arena *scratch, const char *dir,
                       const char *input_name, const load_options *opt);
/* Resolves a path written in this file, relative to `base_dir`, applying
 * the folder rule when c->confine is set. `what` names it in messages
 * ("photo"); `exts` (NULL-terminated, lower case, may be NULL) are the
 * accepted endings, described by `exts_text`. Returns an absolute path in
 * c->a, or NULL after reporting. */
const char *load_path(load_ctx *c, const model_text *written, const char *what,
                      const char *base_dir, const char *const *exts,
                      const char *exts_text);
bool load_path_has_ext(const char *path, const char *const *exts);
/* A photo or logo that load_path resolved, checked with image_probe: a file
 * that is not a readable PNG or JPEG, too large, or of a kind the PDF
 * cannot carry is reported at the value ("photo `photos/x.png` is not a
 * readable PNG: …") and gives NULL; otherwise `resolved`. */
const char *load_image(load_ctx *c, const model_text *written,
                       const char *what, const char *resolved);
/* A photo or logo written in this file (`what` names it): resolved with
 * load_path, as a .png, .jpg or .jpeg, and checked with load_image. */
const char *load_image_path(load_ctx *c, const model_text *written,
                            const char *what);
/* `path` as messages should show it: realpath'd when it exists, else with
 * `.`, `..` and repeated slashes taken out (`build/../fonts` → `fonts`). */
const char *load_path_clean(arena *a, const char *path);
const char *load_dirname(arena *a, const char *path);
const char *load_basename(const char *path);

/* document.c: what a roundtable and a pack file have in common. */
/* `format`: absent, or the one this version reads. */
void load_format(load_ctx *c, const load_map *m, model_text *out);
/* `language`, checked; en-GB when absent; its catalog (NULL after a
 * message when it has none). */
void load_language(load_ctx *c, const load_map *m, model_text *out,
                   const model_catalog **catalog);
/* Sets c->month_first from the file's `language` before any date is read
 * (dates come first in the file and in the loader). */
void load_date_order(load_ctx *c, const load_map *m);
/* The brand the document is set in: --brand, else the one `written`
 * names, else the default. Never NULL. */
model_brand *load_document_brand(load_ctx *c, const model_text *written);
/* roundtable.c and pack.c: a parsed file into the model (NULL when its top
 * level is not a mapping, after saying so). */
model_roundtable *roundtable_from_tree(load_ctx *c, const load_node *root);
model_pack *pack_from_tree(load_ctx *c, const load_node *root);
/* Checks a `language` value: the shape of a BCP 47 tag (a language of 2–3
 * or 5–8 letters, then subtags of 1–8 letters or digits), and not the name
 * of a language (`English` → did you mean `en-GB`?). Reports and returns
 * false when it is not one. */
bool load_check_language(load_ctx *c, const model_text *lang);
/* catalog.c: the catalog of `lang` (data/lang/TAG.yaml, else the
 * language's alone), or NULL after a message at the `language` line
 * listing the catalogs there are. */
const model_catalog *load_catalog(load_ctx *c, const model_text *lang);
/* audience.c: `status` (draft or final) and `version`; an item's
 * `internal`; a marking a public build (--public) may not carry. */
void load_status(load_ctx *c, const load_map *m, model_status *status,
                 model_text *status_text, model_text *version);
void load_internal_flag(load_ctx *c, const load_map *m, model_internal *out);
void load_public_marking(load_ctx *c, const model_text *classification);
/* Protective markings in rising order (OFFICIAL 0 … TOP SECRET 3); -1 for
 * one that is not of the UK Government Security Classifications. */
int load_marking_rank(const char *s);

/* brand.c */
/* The brand `written` names in the file `from` is loading. */
model_brand *brand_load_named(load_ctx *from, const model_text *written);
/* `print: simplex | duplex` (a brand's or a pack's) into *out, when given. */
void load_map_print(load_ctx *c, const load_map *m, model_print *out);
model_brand *brand_load_override(const char *name, const load_options *opt,
                                 arena *a, diag *d);

#endif
