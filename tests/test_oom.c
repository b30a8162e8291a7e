/* Out of memory as an error: scopes, holds, tracking by address, the
 * libcmark allocator, and a build that runs out (src/oom.h). */
#include "testutil.h"

#include "base/arena.h"
#include "cli/build.h"
#include "base/diag.h"
#include "base/oom.h"

static int released[8];
static size_t n_released;

static void note_release(void *p)
{
    released[n_released++] = *(int *)p;
}

/* Holds are released newest first when the scope unwinds, and the setjmp
 * returns 1 after it. */
static void test_unwind_releases_newest_first(void **state)
{
    (void)state;
    n_released = 0;
    static int one = 1, two = 2, three = 3;
    oom_hold a, b, c;
    oom_scope s;
    volatile int reached = 0;
    if (setjmp(s.env) == 0) {
        oom_scope_begin(&s);
        oom_hold_push(&a, note_release, &one);
        oom_hold_push(&b, note_release, &two);
        oom_hold_push(&c, note_release, &three);
        oom_hold_drop(&b); /* let go normally: not released by the unwind */
        reached = 1;
        oom_raise();
    }
    assert_int_equal(reached, 1);
    assert_int_equal(n_released, 2);
    assert_int_equal(released[0], 3);
    assert_int_equal(released[1], 1);
    assert_false(oom_in_scope());
}

/* A normal end passes what is still held to the outer scope, which then
 * releases it when it unwinds. */
static void test_end_passes_holds_outward(void **state)
{
    (void)state;
    n_released = 0;
    static int v = 7;
    oom_hold h;
    oom_scope outer, inner;
    if (setjmp(outer.env) == 0) {
        oom_scope_begin(&outer);
        if (setjmp(inner.env) == 0) {
            oom_scope_begin(&inner);
            oom_hold_push(&h, note_release, &v);
            oom_scope_end(&inner);
        }
        assert_int_equal(n_released, 0);
        oom_raise();
    }
    assert_int_equal(n_released, 1);
    assert_int_equal(released[0], 7);
}

/* An arena made in a scope is freed by its unwind (LeakSanitizer and
 * valgrind would see it otherwise); a lasting one is not. */
static void test_arena_belongs_to_its_scope(void **state)
{
    (void)state;
    arena *volatile lasting = NULL;
    oom_scope s;
    if (setjmp(s.env) == 0) {
        oom_scope_begin(&s);
        arena *a = arena_new();
        arena_alloc(a, 100000);
        lasting = arena_new_lasting();
        arena_alloc(lasting, 1000);
        oom_raise();
    }
    assert_non_null(lasting);
    assert_true(arena_used(lasting) >= 1000);
    arena_free(lasting);
}

/* Blocks recorded by address are freed by the unwind unless forgotten;
 * the record grows past its first slots. */
static void test_tracking_frees_recorded_blocks(void **state)
{
    (void)state;
    void *volatile kept = NULL;
    oom_scope s;
    if (setjmp(s.env) == 0) {
        oom_scope_begin(&s);
        oom_track_begin(&s);
        for (int i = 0; i < 500; i++)
            oom_track_add(malloc(32));
        kept = malloc(64);
        oom_track_add(kept);
        oom_track_remove(kept);
        oom_raise();
    }
    /* still ours: the unwind forgot it */
    memset(kept, 0, 64);
    free(kept);
}

/* libcmark's blocks: calloc'd zeroed, grown keeping their bytes, freed one
 * by one, and those still held freed by the unwind. */
static void test_cmark_allocator(void **state)
{
    (void)state;
    oom_scope s;
    if (setjmp(s.env) == 0) {
        oom_scope_begin(&s);
        unsigned char *p = oom_cmark_calloc(10, 10);
        for (int i = 0; i < 100; i++)
            assert_int_equal(p[i], 0);
        memset(p, 'x', 100);
        p = oom_cmark_realloc(p, 100000);
        assert_int_equal(p[99], 'x');
        void *q = oom_cmark_calloc(1, 50);
        oom_cmark_free(q);
        (void)oom_cmark_calloc(3, 7);
        oom_raise(); /* p and the last block are freed here */
    }
    assert_false(oom_in_scope());
}

/* A count of failures that a build compares: a failed malloc is counted
 * (in the normal build; under a sanitizer only oom_note counts). */
static void test_failures_are_counted(void **state)
{
    (void)state;
    unsigned long before = oom_failures();
    oom_note();
    assert_int_equal(oom_failures(), before + 1);
    diag d;
    arena *a = arena_new_lasting();
    diag_init(&d, a);
    diag_error(&d, "x.yaml", (srcpos){1, 1}, "a real problem");
    oom_note();
    diag_error(&d, "x.yaml", (srcpos){2, 1}, "not a TrueType font");
    /* the message after the failure may be its consequence: not kept */
    assert_int_equal(d.n, 1);
    assert_true(d.errors >= 2);
    assert_true(diag_out_of_memory(&d));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unwind_releases_newest_first),
        cmocka_unit_test(test_end_passes_holds_outward),
        cmocka_unit_test(test_arena_belongs_to_its_scope),
        cmocka_unit_test(test_tracking_frees_recorded_blocks),
        cmocka_unit_test(test_cmark_allocator),
        cmocka_unit_test(test_failures_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
