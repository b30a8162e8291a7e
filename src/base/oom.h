/* oom: running out of memory ends one document with a message, never the
 * process.
 *
 * A document's build runs inside an oom_scope, set with setjmp:
 *
 *     oom_scope s;
 *     if (setjmp(s.env)) { ...out of memory: report it... }
 *     oom_scope_begin(&s);
 *     ...build...
 *     oom_scope_end(&s);
 *
 * An allocation of ours that fails (an arena's, a font cache's) and one
 * that a library cannot survive (libcmark and libhyphen take a NULL for
 * granted) calls oom_raise(), which releases everything the scope holds
 * (its arenas, an open YAML parser or PDF document, libcmark's blocks) and
 * jumps back to the setjmp. Libraries that return their failures (libyaml,
 * HarfBuzz, libharu, libpng) are caught by counting: in a normal build this
 * program's malloc, calloc and realloc wrap glibc's and count each thread's
 * failures, so a build that met one is reported as out of memory even
 * when a library hid it (HarfBuzz makes a table it could not load look
 * empty), and what the failure made a library say ("not a TrueType font",
 * "damaged") is never reported as the file's fault (diag.c drops it).
 *
 * State: each thread has its innermost scope and its failure count, in
 * thread-local storage: the only state outside the objects a worker owns,
 * because libcmark's and libhyphen's allocators take no argument through
 * which a scope could be passed. Under AddressSanitizer (which owns
 * malloc) the count sees only the failures reported with oom_note. */
#ifndef BRIEFPACK_OOM_H
#define BRIEFPACK_OOM_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

/* Something to release if the scope is unwound: linked into the innermost
 * scope by oom_hold_push, unlinked by oom_hold_drop (before the thing is
 * released normally). A hold lives where its owner does (on the stack, in
 * the object it guards). */
typedef struct oom_hold {
    struct oom_hold *prev, *next;
    void (*release)(void *p);
    void *p;
} oom_hold;

/* Blocks recorded by address (oom_track_begin): open addressing, in the
 * scope itself until it needs more room. */
#define OOM_TRACK_INLINE 16
typedef struct oom_track {
    bool on;
    void **slots;
    size_t cap, used;
    void *first[OOM_TRACK_INLINE];
} oom_track;

typedef struct oom_scope {
    jmp_buf env;
    struct oom_scope *outer;
    oom_hold held;          /* the list's head; unused as a hold */
    oom_track track;        /* see oom_track_begin */
} oom_scope;

/* After setjmp(s->env) returned 0: s becomes the thread's innermost scope. */
void oom_scope_begin(oom_scope *s);
/* The normal end: what is still held passes to the outer scope (or is
 * let go when there is none). */
void oom_scope_end(oom_scope *s);
/* Releases what the innermost scope holds, newest first, ends the scope
 * and jumps to its setjmp (which returns 1). With no scope, prints
 * "briefpack: out of memory" and ends the process with status 1. */
_Noreturn void oom_raise(void);
/* True when the thread is inside a scope. */
bool oom_in_scope(void);

void oom_hold_push(oom_hold *h, void (*release)(void *), void *p);
void oom_hold_drop(oom_hold *h);

/* Allocation failures met by this thread so far (counted by the malloc
 * wrappers, and by oom_note). A build compares it before and after. */
unsigned long oom_failures(void);
/* Counts a failure that the wrappers cannot see (under a sanitizer, or a
 * library's own report of one). */
void oom_note(void);

/* malloc, calloc, realloc and strdup that raise instead of returning NULL. */
void *oom_xmalloc(size_t size);
void *oom_xcalloc(size_t count, size_t size);
void *oom_xrealloc(void *p, size_t size);
char *oom_xstrdup(const char *s);

/* For a library that frees some of what its allocator gives with plain
 * free() (libhyphen), so a header cannot be put before each block: while
 * a scope that called oom_track_begin is innermost, oom_track_add records
 * each block by address and oom_track_remove forgets it; unwinding the
 * scope frees every block still recorded. */
void oom_track_begin(oom_scope *s);
void oom_track_add(void *p);
void oom_track_remove(void *p);

/* An allocator for libcmark (its cmark_mem): blocks linked into the
 * innermost scope, so a parse cut short by oom_raise leaks nothing. */
void *oom_cmark_calloc(size_t count, size_t size);
void *oom_cmark_realloc(void *p, size_t size);
void oom_cmark_free(void *p);

#endif
