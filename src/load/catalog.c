/* Language catalogs (data/lang/TAG.yaml): the words a document prints in
 * its language, read with the same YAML reader and the same checks as any
 * other file, once per worker and language (once per document without a
 * worker's cache). Adding a language is adding a file; which catalogs
 * exist is the folder's listing. */
#include "load/load_internal.h"

#include <dirent.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef enum { CAT_TEXT, CAT_OPTIONAL, CAT_DAYS, CAT_MONTHS, CAT_QUOTES } cat_kind;

/* A key of a catalog, where it goes, and the names its braces may hold
 * (a template: "Page {n} of {total}"). */
typedef struct cat_key {
    const char *key;
    size_t offset;
    cat_kind kind;
    const char *names;      /* space-separated; NULL: no braces */
} cat_key;

#define CAT(k, kind, names) {#k, offsetof(model_catalog, k), kind, names}
static const cat_key cat_keys[] = {
    CAT(days, CAT_DAYS, NULL),
    CAT(months, CAT_MONTHS, NULL),
    CAT(day_one, CAT_OPTIONAL, NULL),
    CAT(date_long, CAT_TEXT, "weekday day month year"),
    CAT(date_short, CAT_TEXT, "day month year"),
    CAT(quotes, CAT_QUOTES, NULL),
    CAT(calling_code, CAT_OPTIONAL, NULL),
    CAT(date, CAT_TEXT, NULL),
    CAT(time, CAT_TEXT, NULL),
    CAT(chair, CAT_TEXT, NULL),
    CAT(hosted_by, CAT_TEXT, NULL),
    CAT(with, CAT_TEXT, NULL),
    CAT(venue, CAT_TEXT, NULL),
    CAT(format, CAT_TEXT, NULL),
    CAT(in_person, CAT_TEXT, NULL),
    CAT(online, CAT_TEXT, NULL),
    CAT(hybrid, CAT_TEXT, NULL),
    CAT(published, CAT_TEXT, NULL),
    CAT(prepared_for, CAT_TEXT, NULL),
    CAT(pack_contents, CAT_TEXT, NULL),
    CAT(roundtables_one, CAT_TEXT, "n"),
    CAT(roundtables_other, CAT_TEXT, "n"),
    CAT(speakers_one, CAT_TEXT, "n"),
    CAT(speakers_other, CAT_TEXT, "n"),
    CAT(count_separator, CAT_TEXT, NULL),
    CAT(facts_hosted, CAT_TEXT, "host"),
    CAT(facts_hosted_with, CAT_TEXT, "host partner"),
    CAT(facts_chaired, CAT_TEXT, "chair"),
    CAT(contents, CAT_TEXT, NULL),
    CAT(summary, CAT_TEXT, NULL),
    CAT(question_discussed, CAT_TEXT, NULL),
    CAT(questions_discussed, CAT_TEXT, NULL),
    CAT(takeaways, CAT_TEXT, NULL),
    CAT(next_steps, CAT_TEXT, NULL),
    CAT(speaker, CAT_TEXT, NULL),
    CAT(speakers, CAT_TEXT, NULL),
    CAT(attendees, CAT_TEXT, NULL),
    CAT(about_pack, CAT_TEXT, NULL),
    CAT(question_label, CAT_TEXT, "n"),
    CAT(question_outline, CAT_TEXT, "n question"),
    CAT(notes_label, CAT_TEXT, "n"),
    CAT(action_number, CAT_TEXT, NULL),
    CAT(action, CAT_TEXT, NULL),
    CAT(owner, CAT_TEXT, NULL),
    CAT(due, CAT_TEXT, NULL),
    CAT(email, CAT_TEXT, NULL),
    CAT(phone, CAT_TEXT, NULL),
    CAT(website, CAT_TEXT, NULL),
    CAT(web, CAT_TEXT, NULL),
    CAT(linkedin, CAT_TEXT, NULL),
    CAT(twitter, CAT_TEXT, NULL),
    CAT(email_title, CAT_TEXT, "name"),
    CAT(photo_alt, CAT_TEXT, "name"),
    CAT(logo_alt, CAT_TEXT, "name"),
    CAT(biography, CAT_TEXT, NULL),
    CAT(biography_title, CAT_TEXT, "name"),
    CAT(pack_chapter, CAT_TEXT, "n total"),
    CAT(handout_kicker, CAT_TEXT, NULL),
    CAT(page_of, CAT_TEXT, "n total"),
    CAT(blank_page, CAT_TEXT, NULL),
    CAT(contents_entry, CAT_TEXT, "title n"),
    CAT(action_number_said, CAT_TEXT, NULL),
    CAT(draft, CAT_TEXT, NULL),
    CAT(status, CAT_TEXT, NULL),
    CAT(draft_footer, CAT_TEXT, "version date"),
    CAT(draft_footer_unversioned, CAT_TEXT, "date"),
    CAT(draft_title, CAT_TEXT, "title"),
    CAT(chatham_house, CAT_TEXT, NULL),
};
#undef CAT
#define CAT_N (sizeof cat_keys / sizeof cat_keys[0])

static const char *cat_root(const load_options *opt)
{
    return opt->root && *opt->root ? opt->root : ".";
}

/* Every `{name}` of a template is one it may hold. */
static void cat_check_braces(load_ctx *c, const cat_key *k,
                             const model_text *t)
{
    for (const char *p = strchr(t->s, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        size_t n = end ? (size_t)(end - p - 1) : 0;
        bool known = false;
        for (const char *w = k->names; end && w && *w;) {
            size_t wl = strcspn(w, " ");
            known |= wl == n && strncmp(w, p + 1, n) == 0;
            w += wl + (w[wl] == ' ');
        }
        if (!known)
            load_error(c, t->pos,
                       "`%s` holds `%s`, which it cannot fill (it may hold: "
                       "%s)",
                       k->key, load_quote(c, p, end ? n + 2 : strlen(p)),
                       k->names ? k->names : "no braces");
    }
}

/* A list of exactly `n` texts into out[]. */
static void cat_list(load_ctx *c, const load_map *m, const char *key,
                     size_t want, const char **out)
{
    size_t n;
    const load_node *l = load_map_list(c, m, key, 12, key, &n);
    const load_pair *p = load_map_find(m, key);
    if (!p) {
        load_error(c, m->missing_pos, "missing required key `%s` in the "
                                      "catalog", key);
        return;
    }
    if (!l)
        return;
    if (n != want) {
        load_error(c, l->pos, "`%s` must list %zu texts, found %zu", key,
                   want, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        model_text t;
        if (load_text(c, l->items[i], &t) && t.len)
            out[i] = t.s;
        else if (!c->n_errors)
            load_error(c, l->items[i]->pos, "expected text, found nothing");
    }
}

static model_catalog *cat_from_tree(load_ctx *c, const load_node *root,
                                    const char *tag)
{
    if (root->kind != LOAD_NODE_MAP) {
        load_error(c, root->pos, "expected a language catalog (a mapping "
                                 "of keys to words) at the top level");
        return NULL;
    }
    const char **keys = arena_calloc(c->scratch, CAT_N + 1, sizeof *keys);
    for (size_t i = 0; i < CAT_N; i++)
        keys[i] = cat_keys[i].key;
    model_catalog *cat = arena_calloc(c->a, 1, sizeof *cat);
    cat->tag = arena_strdup(c->a, tag);
    load_map m;
    load_map_begin(c, &m, root, keys, "the catalog");
    m.missing_pos = (srcpos){1, 1};
    for (size_t i = 0; i < CAT_N; i++) {
        const cat_key *k = &cat_keys[i];
        const char **slot = (const char **)((char *)cat + k->offset);
        model_text t;
        switch (k->kind) {
        case CAT_DAYS:
            cat_list(c, &m, k->key, 7, slot);
            break;
        case CAT_MONTHS:
            cat_list(c, &m, k->key, 12, slot);
            break;
        case CAT_QUOTES:
            cat_list(c, &m, k->key, 4, slot);
            break;
        case CAT_OPTIONAL:
        case CAT_TEXT:
            if (load_map_text(c, &m, k->key, k->kind == CAT_TEXT
                                                 ? LOAD_REQUIRED
                                                 : LOAD_OPTIONAL, &t)) {
                cat_check_braces(c, k, &t);
                *slot = t.s;
            }
            break;
        }
    }
    return c->n_errors ? NULL : cat;
}

static int cat_compare(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "cy, de, en-GB, en-US, fr": the catalogs there are. */
static const char *cat_list_shipped(const load_options *opt, arena *a)
{
    const char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *dir = opendir(arena_printf(a, "%s/data/lang", cat_root(opt)));
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0 &&
                e->d_name[0] != '.')
                *ARENA_PUSH(a, names, n, cap) = arena_strndup(a, e->d_name, len - 5);
        }
        closedir(dir);
    }
    if (!n)
        return "none";
    qsort(names, n, sizeof *names, cat_compare);
    const char *out = "";
    for (size_t i = 0; i < n; i++)
        out = arena_printf(a, "%s%s%s", out, i ? ", " : "", names[i]);
    return out;
}

static bool cat_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The catalog file for a tag: the tag itself (any case), then its language
 * alone (fr-CA → fr, cy-GB → cy), and for English en-GB. NULL when none
 * exists. */
static const char *cat_find(const load_options *opt, arena *a,
                            const char *tag, const char **found)
{
    DIR *dir = opendir(arena_printf(a, "%s/data/lang", cat_root(opt)));
    if (!dir)
        return NULL;
    size_t lang_len = strcspn(tag, "-");
    const char *exact = NULL, *lang = NULL;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        size_t n = len - 5;
        if (n == strlen(tag) && strncasecmp(e->d_name, tag, n) == 0)
            exact = arena_strndup(a, e->d_name, n);
        else if (n == lang_len && strncasecmp(e->d_name, tag, n) == 0)
            lang = arena_strndup(a, e->d_name, n);
    }
    closedir(dir);
    *found = exact ? exact : lang;
    /* English with no catalog of its own (`en`, en-AU, en-IE…) is written
     * as in Britain: en-US is the one English that differs */
    if (!*found && lang_len == 2 && strncasecmp(tag, "en", 2) == 0)
        *found = "en-GB";
    if (!*found)
        return NULL;
    const char *path = arena_printf(a, "%s/data/lang/%s.yaml", cat_root(opt), *found);
    return cat_is_file(path) ? path : NULL;
}

struct load_cache {
    arena *a;               /* lasting: the catalogs live here */
    struct load_cached {
        const char *tag;    /* as the document wrote it */
        const char *name;   /* the catalog file's: data/lang/NAME.yaml */
        const model_catalog *cat;
    } *items;
    size_t n, cap;
};

/* How many spellings of a tag a worker remembers besides one per catalog. */
#define LOAD_CACHE_SPELLINGS 64

static void cat_cache_add(load_cache *cache, const char *tag, const char *name,
                          const model_catalog *cat)
{
    struct load_cached *k = ARENA_PUSH(cache->a, cache->items, cache->n,
                                       cache->cap);
    k->tag = arena_strdup(cache->a, tag);
    k->name = name;
    k->cat = cat;
}

load_cache *load_cache_new(void)
{
    load_cache *c = calloc(1, sizeof *c);
    if (c && !(c->a = arena_new_lasting())) {
        free(c);
        return NULL;
    }
    return c;
}

void load_cache_free(load_cache *c)
{
    if (!c)
        return;
    arena_free(c->a);
    free(c);
}

const model_catalog *load_catalog(load_ctx *from, const model_text *lang)
{
    const load_options *opt = from->opt;
    const char *tag = lang->s ? lang->s : "en-GB";
    srcpos at = lang->pos.line ? lang->pos : (srcpos){1, 1};
    load_cache *cache = opt->cache;
    for (size_t i = 0; cache && i < cache->n; i++)
        if (strcasecmp(cache->items[i].tag, tag) == 0)
            return cache->items[i].cat;
    const char *name;
    const char *path = cat_find(opt, from->scratch, tag, &name);
    if (!path) {
        load_error(from, at,
                   "no catalog for language `%s`: briefpack writes %s (a "
                   "language is added as data/lang/TAG.yaml)",
                   load_quote(from, tag, strlen(tag)),
                   cat_list_shipped(opt, from->scratch));
        return NULL;
    }
    /* Another spelling of a catalog already read (`fr-CA` after `fr`):
     * each file is read once, and the spellings remembered are bounded, so
     * a batch of many tags keeps a worker's memory to its catalogs. */
    for (size_t i = 0; cache && i < cache->n; i++)
        if (strcmp(cache->items[i].name, name) == 0) {
            const model_catalog *known = cache->items[i].cat;
            if (cache->n < LOAD_CACHE_SPELLINGS)
                cat_cache_add(cache, tag, cache->items[i].name, known);
            return known;
        }
    arena *scratch = arena_new();
    size_t len = 0;
    const char *shown = load_path_clean(from->a, path);
    char *buf = load_read_file(path, LOAD_MAX_INPUT_DEFAULT, scratch, from->d,
                               shown, &len);
    model_catalog *cat = NULL;
    if (buf) {
        load_ctx c;
        /* a good catalog is kept by the worker, in its lasting arena */
        load_ctx_init(&c, opt, cache ? cache->a : from->a, from->d, scratch,
                      shown, ".", buf, len);
        bool empty;
        const load_node *root = load_yaml_parse(&c, &empty);
        if (empty)
            load_error(&c, (srcpos){1, 1}, "the catalog is empty");
        else if (root)
            cat = cat_from_tree(&c, root, name);
        from->n_errors += c.n_errors;
        if (cat && cache)
            cat_cache_add(cache, tag, arena_strdup(cache->a, name), cat);
    }
    arena_free(scratch);
    if (!cat)
        load_error(from, at, "the catalog of `%s` has errors (see its own "
                             "messages)",
                   load_quote(from, tag, strlen(tag)));
    return cat;
}

const model_catalog *load_language_catalog(const char *tag,
                                           const load_options *opt, arena *a,
                                           diag *d)
{
    const load_options no_options = {0};
    arena *scratch = arena_new();
    load_ctx c;
    load_ctx_init(&c, opt ? opt : &no_options, a, d, scratch, "--language",
                  ".", "", 0);
    model_text t = {.s = tag, .len = strlen(tag)};
    const model_catalog *cat = load_catalog(&c, &t);
    arena_free(scratch);
    return cat;
}
