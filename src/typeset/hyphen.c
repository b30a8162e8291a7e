#include "typeset/hyphen.h"

#include <ctype.h>
#include <errno.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/oom.h"

/* Words already hyphenated, per dictionary (and so per worker: a
 * dictionary is never shared between threads). A batch sets the same words
 * over and over; libhyphen's pattern walk was 3% of a batch's time. Words
 * of up to HYPHEN_CACHE_WORD bytes; when the table is full it starts
 * again empty. */
#define HYPHEN_CACHE_SLOTS 8192 /* a power of two */
#define HYPHEN_CACHE_WORD 31
#define HYPHEN_CACHE_POINTS 12

typedef struct hyphen_cache_entry {
    uint8_t len;               /* 0: empty */
    uint8_t n_points;
    uint8_t points[HYPHEN_CACHE_POINTS];
    char word[HYPHEN_CACHE_WORD];
} hyphen_cache_entry;

typedef struct hyphen_cache {
    size_t used;
    hyphen_cache_entry slots[HYPHEN_CACHE_SLOTS];
} hyphen_cache;

struct hyphen_dict {
    HyphenDict *dict;
    hyphen_cache *cache; /* NULL when it could not be allocated */
    /* Some pattern sets (not English) have replacement patterns, for which
     * libhyphen frees blocks of its allocator with plain free(); tracking
     * by address would then free them twice. */
    bool replaces;
};

/* libhyphen's allocator, in place of its own (hnjalloc.c), which prints
 * "can't allocate N bytes" and calls exit(1) when malloc fails: the
 * library calls these through the PLT, so the program's definitions take
 * their place. Out of memory here is the document's (oom_raise); while a
 * pattern file loads, or a word is hyphenated, every block is recorded so
 * that a load or a word cut short leaks nothing. */
void *hnj_malloc(int size);
void *hnj_realloc(void *p, int size);
void hnj_free(void *p);

void *hnj_malloc(int size)
{
    void *p = malloc(size > 0 ? (size_t)size : 1);
    if (!p)
        oom_raise();
    oom_track_add(p);
    return p;
}

void *hnj_realloc(void *p, int size)
{
    /* forgotten while it may move, recorded again whatever happens */
    oom_track_remove(p);
    void *q = realloc(p, size > 0 ? (size_t)size : 1);
    if (!q) {
        oom_track_add(p);
        oom_raise();
    }
    oom_track_add(q);
    return q;
}

void hnj_free(void *p)
{
    oom_track_remove(p);
    free(p);
}

#define HYPHEN_SYSTEM_DIR "/usr/share/hyphen"

static bool hyphen_try(const char *dir, const char *name, char *path,
                       size_t size)
{
    snprintf(path, size, "%s/hyph_%s.dic", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    fclose(f);
    return true;
}

/* The pattern file for a tag: data/hyphen under root, then the system's;
 * the language alone when the region has none. */
static bool hyphen_find(const char *root, const char *lang, char *path,
                        size_t size)
{
    /* The files are named in BCP 47's usual case (hyph_en_GB, hyph_cy),
     * a tag may be written in any: the language in lower case, a region
     * in upper, a script with a capital (`EN-gb` is hyph_en_GB). */
    char name[64], lang_only[64];
    size_t n = 0, subtag = 0, start = 0;
    for (; lang && lang[n] && n < sizeof name - 1; n++) {
        if (lang[n] == '-' || lang[n] == '_') {
            name[n] = '_';
            subtag++;
            start = n + 1;
            continue;
        }
        size_t len = strcspn(lang + start, "-_");
        bool upper = subtag > 0 && (len == 2 || (len == 4 && n == start));
        name[n] = upper ? (char)toupper((unsigned char)lang[n])
                        : (char)tolower((unsigned char)lang[n]);
    }
    name[n] = '\0';
    size_t k = strcspn(name, "_");
    memcpy(lang_only, name, k);
    lang_only[k] = '\0';

    char data[4096];
    snprintf(data, sizeof data, "%s/data/hyphen", root ? root : ".");
    const char *dirs[] = {data, HYPHEN_SYSTEM_DIR};
    for (size_t i = 0; i < 2; i++) {
        if (hyphen_try(dirs[i], name, path, size))
            return true;
        if (strcmp(name, lang_only) != 0 &&
            hyphen_try(dirs[i], lang_only, path, size))
            return true;
    }
    return false;
}

bool hyphen_available(const char *root, const char *lang)
{
    char path[4096];
    return hyphen_find(root, lang, path, sizeof path);
}

hyphen_dict *hyphen_load(const char *root, const char *lang)
{
    char path[4096];
    if (!hyphen_find(root, lang, path, sizeof path))
        return NULL;
    hyphen_dict *h = oom_xcalloc(1, sizeof *h);
    oom_hold hold;
    oom_hold_push(&hold, free, h);
    oom_scope s;
    if (setjmp(s.env))
        oom_raise(); /* the half-loaded patterns are freed: the document's */
    oom_scope_begin(&s);
    oom_track_begin(&s);
    errno = 0;
    HyphenDict *d = hnj_hyphen_load(path);
    int e = errno;
    oom_scope_end(&s);
    if (!d && e == ENOMEM)
        oom_raise(); /* fopen's own allocation */
    oom_hold_drop(&hold);
    if (!d) {
        free(h);
        return NULL;
    }
    h->dict = d;
    for (HyphenDict *level = d; level && !h->replaces; level = level->nextlevel)
        for (int i = 0; i < level->num_states && !h->replaces; i++)
            h->replaces = level->states[i].repl != NULL;
    h->cache = calloc(1, sizeof *h->cache);
    return h;
}

void hyphen_free(hyphen_dict *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h->cache);
    free(h);
}

static size_t hyphen_points_uncached(const hyphen_dict *h, const char *word,
                                     size_t len, size_t *points, size_t max)
{
    if (!h || len < 5 || len > 100)
        return 0;
    char buf[128], hyph[128 + 5], hyphword[128 * 2 + 2];
    memcpy(buf, word, len);
    buf[len] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    oom_scope s;
    if (setjmp(s.env))
        oom_raise();
    oom_scope_begin(&s);
    if (!h->replaces)
        oom_track_begin(&s);
    /* libhyphen counts its minimums in characters for UTF-8 patterns. */
    int failed = hnj_hyphen_hyphenate3(h->dict, buf, (int)len, hyph, hyphword,
                                       &rep, &pos, &cut, 2, 3, 2, 2);
    oom_scope_end(&s);
    if (failed)
        return 0;
    size_t count = 0;
    for (size_t i = 0; i + 1 < len && count < max; i++) {
        /* Only at a character boundary, and never at a non-standard
         * (replacement) hyphenation point, which English patterns lack. */
        if ((hyph[i] & 1) && ((unsigned char)buf[i + 1] & 0xC0) != 0x80 &&
            !(rep && rep[i]))
            points[count++] = i + 1;
    }
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}

static uint32_t hyphen_hash(const char *s, size_t len)
{
    uint32_t x = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        x = (x ^ (unsigned char)s[i]) * 16777619u;
    return x;
}

size_t hyphen_points(const hyphen_dict *h, const char *word, size_t len,
                     size_t *points, size_t max)
{
    if (!h || len < 5 || len > 100)
        return 0;
    hyphen_cache *c = h->cache;
    if (!c || len > HYPHEN_CACHE_WORD)
        return hyphen_points_uncached(h, word, len, points, max);
    size_t mask = HYPHEN_CACHE_SLOTS - 1;
    size_t i = hyphen_hash(word, len) & mask;
    for (;; i = (i + 1) & mask) {
        hyphen_cache_entry *e = &c->slots[i];
        if (e->len == 0)
            break;
        if (e->len == len && memcmp(e->word, word, len) == 0) {
            size_t n = e->n_points < max ? e->n_points : max;
            for (size_t k = 0; k < n; k++)
                points[k] = e->points[k];
            return n;
        }
    }
    size_t all[HYPHEN_CACHE_POINTS + 1];
    size_t n = hyphen_points_uncached(h, word, len, all, HYPHEN_CACHE_POINTS + 1);
    if (n <= HYPHEN_CACHE_POINTS) {
        /* at most three quarters full, so a search always ends */
        if (c->used >= HYPHEN_CACHE_SLOTS / 4 * 3) {
            memset(c->slots, 0, sizeof c->slots);
            c->used = 0;
            i = hyphen_hash(word, len) & mask;
        }
        while (c->slots[i].len)
            i = (i + 1) & mask;
        hyphen_cache_entry *e = &c->slots[i];
        e->len = (uint8_t)len;
        e->n_points = (uint8_t)n;
        for (size_t k = 0; k < n; k++)
            e->points[k] = (uint8_t)all[k];
        memcpy(e->word, word, len);
        c->used++;
    }
    if (n > HYPHEN_CACHE_POINTS)
        return hyphen_points_uncached(h, word, len, points, max);
    size_t out = n < max ? n : max;
    for (size_t k = 0; k < out; k++)
        points[k] = all[k];
    return out;
}
