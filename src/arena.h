/* One arena per document: every allocation a document needs lives here and
 * is released at once with arena_free, so a batch worker that builds
 * documents one after another cannot leak between them. */
#ifndef BRIEFPACK_ARENA_H
#define BRIEFPACK_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* Zero-filled, aligned for any type. Never returns NULL: out of memory
 * aborts, since a half-built document is worse than none. */
void *arena_alloc(arena *a, size_t size);
void *arena_calloc(arena *a, size_t count, size_t size);
/* Grows a block allocated from this arena (the old block is abandoned). */
void *arena_realloc(arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for the benchmark's memory accounting). */
size_t arena_used(const arena *a);

/* A growable array in an arena: `ARENA_PUSH(a, items, n, cap)` appends one
 * zeroed element and returns a pointer to it. */
void *arena_grow(arena *a, void *items, size_t elem, size_t *cap, size_t need);
#define ARENA_PUSH(a, items, n, cap)                                          \
    ((items) = arena_grow((a), (items), sizeof *(items), &(cap), (n) + 1),    \
     &(items)[(n)++])

#endif
