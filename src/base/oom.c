/* Scopes, holds and the counting malloc wrappers; see oom.h. */
#include "base/oom.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OOM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define OOM_SANITIZED 1
#endif
#endif

static _Thread_local oom_scope *oom_top;
static _Thread_local unsigned long oom_failed;

/* --- the malloc wrappers ------------------------------------------------ */

#ifndef OOM_SANITIZED
/* glibc's own allocator, under the names it exports for this purpose: the
 * wrappers below take the place of malloc, calloc and realloc for every
 * library in the process (ELF interposition), and count what fails.
 * Memory still comes from, and goes back to, glibc (free is glibc's). */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);

#ifdef BRIEFPACK_FAULTS
/* The fault-injection build (tests/e2e_faults.sh, never installed):
 * BRIEFPACK_FAIL_ALLOC=N fails the Nth allocation of the process, N+ the
 * Nth and every one after it; BRIEFPACK_COUNT_ALLOC=1 prints how many
 * there were at exit. Process-wide counters: this build only. */
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_ulong fault_calls;
static unsigned long fault_at;
static bool fault_after;

__attribute__((constructor)) static void fault_setup(void)
{
    const char *s = getenv("BRIEFPACK_FAIL_ALLOC");
    if (s && *s) {
        char *end;
        fault_at = strtoul(s, &end, 10);
        fault_after = *end == '+';
    }
}

static void fault_report(void)
{
    fprintf(stderr, "allocations: %lu\n", (unsigned long)atomic_load(&fault_calls));
}

__attribute__((constructor)) static void fault_count_setup(void)
{
    const char *s = getenv("BRIEFPACK_COUNT_ALLOC");
    if (s && *s == '1')
        atexit(fault_report);
}

static bool fault_now(void)
{
    unsigned long n = atomic_fetch_add(&fault_calls, 1) + 1;
    bool fail = fault_at && (n == fault_at || (fault_after && n > fault_at));
    if (fail && n == fault_at && getenv("BRIEFPACK_FAIL_TRACE")) {
        void *frames[32];
        int k = backtrace(frames, 32);
        backtrace_symbols_fd(frames, k, 2);
    }
    if (fail)
        errno = ENOMEM;
    return fail;
}
#else
static inline bool fault_now(void)
{
    return false;
}
#endif

void *malloc(size_t size)
{
    void *p = fault_now() ? NULL : __libc_malloc(size);
    if (!p && size)
        oom_failed++;
    return p;
}

void *calloc(size_t count, size_t size)
{
    void *p = fault_now() ? NULL : __libc_calloc(count, size);
    if (!p && count && size)
        oom_failed++;
    return p;
}

void *realloc(void *old, size_t size)
{
    void *p = fault_now() && size ? NULL : __libc_realloc(old, size);
    if (!p && size)
        oom_failed++;
    return p;
}
#endif

unsigned long oom_failures(void)
{
    return oom_failed;
}

void oom_note(void)
{
    oom_failed++;
}

/* --- scopes and holds --------------------------------------------------- */

static void hold_unlink(oom_hold *h)
{
    h->prev->next = h->next;
    h->next->prev = h->prev;
    h->prev = h->next = NULL;
}

static void hold_link(oom_scope *s, oom_hold *h)
{
    h->next = &s->held;
    h->prev = s->held.prev;
    s->held.prev->next = h;
    s->held.prev = h;
}

void oom_scope_begin(oom_scope *s)
{
    s->outer = oom_top;
    s->held.prev = s->held.next = &s->held;
    s->held.release = NULL;
    s->held.p = NULL;
    s->track.on = false;
    oom_top = s;
}

bool oom_in_scope(void)
{
    return oom_top != NULL;
}

void oom_hold_push(oom_hold *h, void (*release)(void *), void *p)
{
    h->release = release;
    h->p = p;
    h->prev = h->next = NULL;
    if (oom_top)
        hold_link(oom_top, h);
}

void oom_hold_drop(oom_hold *h)
{
    if (h && h->prev)
        hold_unlink(h);
}

#define TOMB ((void *)1)

/* Lets go of the record; with `blocks_too`, of the blocks as well. */
static void track_end(oom_track *t, bool blocks_too)
{
    if (!t->on)
        return;
    for (size_t i = 0; blocks_too && i < t->cap; i++)
        if (t->slots[i] && t->slots[i] != TOMB)
            free(t->slots[i]);
    if (t->slots != t->first)
        free(t->slots);
    t->on = false;
}

void oom_scope_end(oom_scope *s)
{
    oom_top = s->outer;
    track_end(&s->track, false);
    while (s->held.next != &s->held) {
        oom_hold *h = s->held.next;
        hold_unlink(h);
        if (s->outer)
            hold_link(s->outer, h);
    }
}

_Noreturn void oom_raise(void)
{
    oom_scope *s = oom_top;
    oom_failed++;
    if (!s) {
        static const char msg[] = "briefpack: out of memory\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
        _exit(1);
    }
    /* the scope first: a release that allocates, and fails, then goes to
     * the outer scope rather than back into this one */
    oom_top = s->outer;
    track_end(&s->track, true);
    while (s->held.prev != &s->held) {
        oom_hold *h = s->held.prev;
        hold_unlink(h);
        h->release(h->p);
    }
    longjmp(s->env, 1);
}

void *oom_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom_raise();
    return p;
}

void *oom_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom_raise();
    return p;
}

void *oom_xrealloc(void *old, size_t size)
{
    void *p = realloc(old, size ? size : 1);
    if (!p)
        oom_raise();
    return p;
}

char *oom_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = oom_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* --- tracking by address (libhyphen) ------------------------------------ */

static size_t track_hash(const void *p, size_t cap)
{
    uintptr_t v = (uintptr_t)p;
    v ^= v >> 17;
    v *= (uintptr_t)0x9E3779B97F4A7C15u;
    return (size_t)(v >> 7) & (cap - 1);
}

void oom_track_begin(oom_scope *s)
{
    oom_track *t = &s->track;
    memset(t->first, 0, sizeof t->first);
    t->slots = t->first;
    t->cap = OOM_TRACK_INLINE;
    t->used = 0;
    t->on = true;
}

static bool track_grow(oom_track *t)
{
    size_t cap = t->cap * 4;
    void **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    size_t used = 0;
    for (size_t i = 0; i < t->cap; i++) {
        void *p = t->slots[i];
        if (!p || p == TOMB)
            continue;
        size_t k = track_hash(p, cap);
        while (slots[k])
            k = (k + 1) & (cap - 1);
        slots[k] = p;
        used++;
    }
    if (t->slots != t->first)
        free(t->slots);
    t->slots = slots;
    t->cap = cap;
    t->used = used;
    return true;
}

void oom_track_add(void *p)
{
    oom_track *t = oom_top ? &oom_top->track : NULL;
    if (!t || !t->on || !p)
        return;
    /* at most half full, tombstones counted, so a search always ends */
    if ((t->used + 1) * 2 > t->cap && !track_grow(t)) {
        free(p);
        oom_raise();
    }
    size_t k = track_hash(p, t->cap);
    while (t->slots[k] && t->slots[k] != TOMB)
        k = (k + 1) & (t->cap - 1);
    if (!t->slots[k])
        t->used++;
    t->slots[k] = p;
}

void oom_track_remove(void *p)
{
    oom_track *t = oom_top ? &oom_top->track : NULL;
    if (!t || !t->on || !p)
        return;
    for (size_t k = track_hash(p, t->cap); t->slots[k];
         k = (k + 1) & (t->cap - 1))
        if (t->slots[k] == p) {
            t->slots[k] = TOMB;
            return;
        }
}

/* --- libcmark's allocator ----------------------------------------------- */

/* A hold before each block, keeping the block aligned as malloc's are. */
typedef union cmark_head {
    oom_hold hold;
    max_align_t align;
} cmark_head;

static void cmark_release(void *p)
{
    free(p);
}

static void *cmark_link(cmark_head *h)
{
    oom_hold_push(&h->hold, cmark_release, h);
    return h + 1;
}

void *oom_cmark_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(cmark_head)) / size)
        oom_raise();
    cmark_head *h = calloc(1, sizeof *h + count * size);
    if (!h)
        oom_raise();
    return cmark_link(h);
}

void *oom_cmark_realloc(void *p, size_t size)
{
    if (!p)
        return oom_cmark_calloc(1, size);
    if (size > SIZE_MAX - sizeof(cmark_head))
        oom_raise();
    cmark_head *h = (cmark_head *)p - 1;
    /* unlinked while it may move; linked again whatever happens */
    bool linked = h->hold.prev != NULL;
    oom_scope *owner = oom_top;
    oom_hold_drop(&h->hold);
    cmark_head *n = realloc(h, sizeof *h + size);
    if (!n) {
        if (linked && owner)
            oom_hold_push(&h->hold, cmark_release, h);
        oom_raise();
    }
    return cmark_link(n);
}

void oom_cmark_free(void *p)
{
    if (!p)
        return;
    cmark_head *h = (cmark_head *)p - 1;
    oom_hold_drop(&h->hold);
    free(h);
}
