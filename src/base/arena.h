/* One arena per document: every allocation a document needs lives here and
 * is released at once with arena_free, so a batch worker that builds
 * documents one after another cannot leak between them. */
#ifndef BRIEFPACK_ARENA_H
#define BRIEFPACK_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* An arena belongs to the oom scope it is made in (oom.h): if the scope is
 * unwound, the arena is freed with it. */
arena *arena_new(void);
/* One that outlives the scope it is made in (a font's cache, kept across
 * documents): never freed by an unwind. */
arena *arena_new_lasting(void);
void arena_free(arena *a);

/* Zero-filled, aligned for any type. Never returns NULL: out of memory
 * raises (oom_raise), since a half-built document is worse than none. */
void *arena_alloc(arena *a, size_t size);
void *arena_calloc(arena *a, size_t count, size_t size);
/* Grows a block allocated from this arena (the old block is abandoned). */
void *arena_realloc(arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* realpath(3) into the arena: NULL with errno set when the path cannot be
 * resolved (ENOMEM raises instead, oom.h). */
char *arena_realpath(arena *a, const char *path);
/* Bytes handed out so far (for the benchmark's memory accounting). */
size_t arena_used(const arena *a);

/* A growable array in an arena: `ARENA_PUSH(a, items, n, cap)` appends one
 * zeroed element and returns a pointer to it. */
void *arena_grow(arena *a, void *items, size_t elem, size_t *cap, size_t need);
#define ARENA_PUSH(a, items, n, cap)                                          \
    ((items) = arena_grow((a), (items), sizeof *(items), &(cap), (n) + 1),    \
     &(items)[(n)++])

#endif
