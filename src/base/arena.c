#include "base/arena.h"

#include <errno.h>
#include <limits.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/oom.h"

/* Under AddressSanitizer a block given up by arena_realloc is poisoned, so
 * a pointer kept into it (a classic mistake with growable arrays) is caught
 * at once instead of silently writing into the abandoned copy. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_POISON(p, n) ((void)(p), (void)(n))
#define ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_ALIGN 16
#define ARENA_CHUNK (64 * 1024)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_chunk;

struct arena {
    oom_hold hold;          /* in the scope it was made in (oom.h) */
    arena_chunk *head;
    size_t total;
};

static void arena_release(void *p)
{
    arena *a = p;
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        ARENA_UNPOISON(c->data, c->size);
        free(c);
        c = next;
    }
    free(a);
}

arena *arena_new_lasting(void)
{
    arena *a = calloc(1, sizeof *a);
    if (!a)
        oom_raise();
    return a;
}

arena *arena_new(void)
{
    arena *a = arena_new_lasting();
    oom_hold_push(&a->hold, arena_release, a);
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    oom_hold_drop(&a->hold);
    arena_release(a);
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* Large requests get a chunk of their own behind the current one so
         * the space left in the current chunk is not wasted. */
        size_t want = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
        arena_chunk *n = malloc(sizeof *n + want);
        if (!n)
            oom_raise();
        n->size = want;
        n->used = 0;
        if (c && size > ARENA_CHUNK / 4) {
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        oom_raise();
    return arena_alloc(a, count * size);
}

/* Growing the most recent allocation of the current chunk extends it where
 * it is, and a large block in a chunk of its own is realloc'd: a doubling
 * array no longer leaves all its earlier copies behind (a 50-roundtable
 * pack: 64.8 → 4x.x MB of heap). Anything else is copied and the old block
 * abandoned (poisoned under ASan, so a stale pointer to it is caught). */
static void *arena_grow_in_place(arena *a, void *old, size_t old_size,
                                 size_t new_size)
{
    size_t old_al = (old_size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    size_t new_al = (new_size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (!old || !old_al || new_al <= old_al)
        return NULL;
    arena_chunk *c = a->head;
    if (c && (unsigned char *)old + old_al == c->data + c->used &&
        c->size - c->used >= new_al - old_al) {
        memset(c->data + c->used, 0, new_al - old_al);
        c->used += new_al - old_al;
        a->total += new_al - old_al;
        return old;
    }
    /* a dedicated chunk sits right behind the head (arena_alloc) */
    for (arena_chunk **link = c ? &c->next : NULL, *d; link && (d = *link);
         link = &d->next) {
        if (d->data != (unsigned char *)old)
            continue;
        if (d->used != old_al || d->size != old_al || new_al <= ARENA_CHUNK / 4)
            return NULL;
        arena_chunk *n = realloc(d, sizeof *n + new_al);
        if (!n)
            oom_raise();
        memset(n->data + old_al, 0, new_al - old_al);
        n->size = n->used = new_al;
        a->total += new_al - old_al;
        *link = n;
        return n->data;
    }
    return NULL;
}

void *arena_realloc(arena *a, void *old, size_t old_size, size_t new_size)
{
    void *grown = arena_grow_in_place(a, old, old_size, new_size);
    if (grown)
        return grown;
    void *p = arena_alloc(a, new_size);
    if (old && old_size) {
        memcpy(p, old, old_size < new_size ? old_size : new_size);
        ARENA_POISON(old, old_size);
    }
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

char *arena_realpath(arena *a, const char *path)
{
    char buf[PATH_MAX];
    if (!realpath(path, buf)) {
        if (errno == ENOMEM)
            oom_raise();
        return NULL;
    }
    return arena_strdup(a, buf);
}

size_t arena_used(const arena *a)
{
    return a->total;
}

void *arena_grow(arena *a, void *items, size_t elem, size_t *cap, size_t need)
{
    if (need <= *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *p = arena_realloc(a, items, *cap * elem, ncap * elem);
    *cap = ncap;
    return p;
}
