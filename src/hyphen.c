#include "hyphen.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hyphen_dict {
    HyphenDict *dict;
};

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
    char name[64], lang_only[64];
    size_t n = 0;
    for (; lang && lang[n] && n < sizeof name - 1; n++)
        name[n] = lang[n] == '-' ? '_' : lang[n];
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
    HyphenDict *d = hnj_hyphen_load(path);
    if (!d)
        return NULL;
    hyphen_dict *h = malloc(sizeof *h);
    if (!h) {
        hnj_hyphen_free(d);
        return NULL;
    }
    h->dict = d;
    return h;
}

void hyphen_free(hyphen_dict *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h);
}

size_t hyphen_points(const hyphen_dict *h, const char *word, size_t len,
                     size_t *points, size_t max)
{
    if (!h || len < 5 || len > 100)
        return 0;
    char buf[128], hyph[128 + 5], hyphword[128 * 2 + 2];
    memcpy(buf, word, len);
    buf[len] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    /* libhyphen counts its minimums in characters for UTF-8 patterns. */
    if (hnj_hyphen_hyphenate3(h->dict, buf, (int)len, hyph, hyphword, &rep, &pos,
                              &cut, 2, 3, 2, 2) != 0)
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
