#include "pdf/image_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/oom.h"
#include "pdf/deflate.h"

typedef struct store_entry {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    image_asset asset;
} store_entry;

struct image_store {
    deflater *z;
    store_entry *entries;
    size_t n, cap;
    size_t bytes;
};

/* Level 9: an image is compressed once per worker and embedded in every
 * document after, so the smallest stream is worth a millisecond (the seed's
 * logo: 1.3 KB at 9, 2.0 KB at 6). */
image_store *image_store_new(void)
{
    image_store *st = calloc(1, sizeof *st);
    if (st && !(st->z = deflater_new(9))) {
        free(st);
        return NULL;
    }
    return st;
}

static void store_clear(image_store *st)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->entries[i].path);
        free(st->entries[i].asset.data);
        free(st->entries[i].asset.alpha);
    }
    st->n = 0;
    st->bytes = 0;
}

void image_store_free(image_store *st)
{
    if (!st)
        return;
    store_clear(st);
    free(st->entries);
    deflater_free(st->z);
    free(st);
}

void image_store_trim(image_store *st)
{
    if (st && st->bytes > IMAGE_STORE_MAX_BYTES)
        store_clear(st);
}

static image_status store_load(deflater *z, const char *path,
                               image_asset *a, image_type *type, char *why,
                               size_t ws)
{
    image_info info;
    image_status st = image_probe(path, NULL, &info, why, ws);
    *type = info.type;
    if (st != IMAGE_OK)
        return st;
    memset(a, 0, sizeof *a);
    a->type = info.type;
    if (info.type == IMAGE_JPEG) {
        st = image_read_file(path, NULL, &a->data, &a->data_len, why, ws);
        if (st != IMAGE_OK)
            return st;
        a->width = info.width;
        a->height = info.height;
        a->components = info.channels;
        return IMAGE_OK;
    }
    image_pixels px;
    st = image_decode_png(path, NULL, &px, why, ws);
    if (st == IMAGE_OK) {
        a->width = px.width;
        a->height = px.height;
        a->components = px.channels;
        size_t n = (size_t)px.width * px.height;
        if (!deflater_zlib(z, px.pixels, n * px.channels, &a->data,
                           &a->data_len) ||
            (px.alpha &&
             !deflater_zlib(z, px.alpha, n, &a->alpha, &a->alpha_len))) {
            free(a->data);
            a->data = NULL;
            oom_note();
            snprintf(why, ws, "out of memory");
            st = IMAGE_CANNOT_OPEN;
        }
    }
    image_pixels_free(&px);
    return st;
}

/* The entry for `path` as the file is now (`sb`), or NULL. */
static store_entry *store_entry_of(image_store *st, const char *path,
                                   const struct stat *sb)
{
    for (size_t i = 0; i < st->n; i++) {
        store_entry *e = &st->entries[i];
        if (strcmp(e->path, path) == 0 && e->dev == sb->st_dev &&
            e->ino == sb->st_ino && e->size == sb->st_size &&
            e->mtime.tv_sec == sb->st_mtim.tv_sec &&
            e->mtime.tv_nsec == sb->st_mtim.tv_nsec)
            return e;
    }
    return NULL;
}

const image_asset *image_store_find(image_store *st, const char *path)
{
    struct stat sb;
    if (!st || stat(path, &sb) != 0)
        return NULL;
    store_entry *e = store_entry_of(st, path, &sb);
    return e ? &e->asset : NULL;
}

image_status image_store_get(image_store *st, const char *path,
                             const image_asset **out, image_type *type,
                             char *reason, size_t reason_size)
{
    struct stat sb;
    bool known = stat(path, &sb) == 0;
    store_entry *found = known ? store_entry_of(st, path, &sb) : NULL;
    if (found) {
        *out = &found->asset;
        *type = found->asset.type;
        return IMAGE_OK;
    }
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 8;
        store_entry *more = realloc(st->entries, cap * sizeof *more);
        if (!more) {
            oom_note();
        snprintf(reason, reason_size, "out of memory");
            *type = IMAGE_UNKNOWN;
            return IMAGE_CANNOT_OPEN;
        }
        st->entries = more;
        st->cap = cap;
    }
    store_entry *e = &st->entries[st->n];
    memset(e, 0, sizeof *e);
    image_status s = store_load(st->z, path, &e->asset, type, reason, reason_size);
    if (s != IMAGE_OK)
        return s;
    e->path = strdup(path);
    if (!e->path) {
        free(e->asset.data);
        free(e->asset.alpha);
        oom_note();
        snprintf(reason, reason_size, "out of memory");
        return IMAGE_CANNOT_OPEN;
    }
    if (known) {
        e->dev = sb.st_dev;
        e->ino = sb.st_ino;
        e->size = sb.st_size;
        e->mtime = sb.st_mtim;
    } else {
        /* never matched again: a file that stat cannot see */
        e->size = -1;
    }
    st->bytes += e->asset.data_len + e->asset.alpha_len;
    st->n++;
    *out = &e->asset;
    return IMAGE_OK;
}
