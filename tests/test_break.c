/* The Knuth–Plass breaker on paragraphs small enough to work out by hand. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "typeset/break.h"

static brk_item box(double w) { return (brk_item){.type = BRK_BOX, .width = w}; }
static brk_item glue(double w, double y, double z)
{
    return (brk_item){.type = BRK_GLUE, .width = w, .stretch = y, .shrink = z};
}
static brk_item penalty(double p, double w, bool flagged)
{
    return (brk_item){.type = BRK_PENALTY, .penalty = p, .width = w, .flagged = flagged};
}

/* Words of widths 3 3 3 2 5 ("aaa bbb ccc dd eeeee"), spaces of width 1
 * that stretch and shrink by 1, lines 10 wide, tolerance 200.
 *
 * Worked out by hand:
 *  - "aaa bbb" is 7 wide: 3 short with 1 of stretch, ratio 3, badness 2700:
 *    not acceptable.
 *  - "aaa bbb ccc" is 11 wide: 1 too long with 2 of shrink, ratio -0.5,
 *    badness 12.5: acceptable (decent).
 *  - "aaa bbb ccc dd" is 14: 4 too long with 3 of shrink: impossible.
 * So the first line must end after "ccc", and "dd eeeee" (8, with the
 * paragraph's infinite fill) is the last. Demerits (10 + 12.5)² + 10² =
 * 606.25. Greedy filling, which does not shrink, cannot fit "ccc" on the
 * first line and needs three lines: "aaa bbb" / "ccc dd" / "eeeee". */
static size_t sample(brk_item *it)
{
    size_t n = 0;
    double words[] = {3, 3, 3, 2, 5};
    for (size_t i = 0; i < 5; i++) {
        if (i)
            it[n++] = glue(1, 1, 1);
        it[n++] = box(words[i]);
    }
    it[n++] = glue(0, 10000, 0);
    it[n++] = penalty(-BRK_INFINITY, 0, false);
    return n;
}

static void test_hand_checked_breaks(void **state)
{
    (void)state;
    brk_item it[16];
    size_t n = sample(it);
    brk_params p = {.width_first = 10, .width_rest = 10, .tolerance = 200};
    arena *a = arena_new();
    brk_line *lines;
    size_t count = break_paragraph(it, n, &p, a, &lines);
    assert_int_equal(count, 2);
    /* items: 0 aaa 1 _ 2 bbb 3 _ 4 ccc 5 _ 6 dd 7 _ 8 eeeee 9 fill 10 end */
    assert_int_equal(lines[0].start, 0);
    assert_int_equal(lines[0].end, 5);
    assert_true(fabs(lines[0].ratio - -0.5) < 1e-9);
    assert_int_equal(lines[1].start, 6);
    assert_int_equal(lines[1].end, 10);
    assert_false(lines[0].overfull);

    brk_line *g;
    size_t gc = break_greedy(it, n, &p, a, &g);
    assert_int_equal(gc, 3);
    assert_int_equal(g[0].end, 3);
    assert_int_equal(g[1].end, 7);
    arena_free(a);
}

/* Two hyphenated lines in a row cost extra demerits; with the limit of
 * one, the breaker must find another way. */
static void test_hyphen_run_limit(void **state)
{
    (void)state;
    /* "xxxx-yyyy xxxx-yyyy xxxx-yyyy" with hyphen points; width 6 lines
     * only work by hyphenating every line. */
    brk_item it[32];
    size_t n = 0;
    for (int w = 0; w < 3; w++) {
        if (w)
            it[n++] = glue(1, 1, 0.5);
        it[n++] = box(4);
        it[n++] = penalty(50, 1, true);
        it[n++] = box(4);
    }
    it[n++] = glue(0, 10000, 0);
    it[n++] = penalty(-BRK_INFINITY, 0, false);
    brk_params p = {.width_first = 5, .width_rest = 5, .tolerance = 10000};
    arena *a = arena_new();
    brk_line *lines;
    size_t count = break_paragraph(it, n, &p, a, &lines);
    assert_true(count >= 3);
    size_t hyph = 0;
    for (size_t i = 0; i < count; i++)
        hyph += lines[i].hyphenated;
    assert_true(hyph >= 2);
    /* with at most one hyphenated line in a row, no two are adjacent */
    p.max_hyphen_run = 1;
    count = break_paragraph(it, n, &p, a, &lines);
    for (size_t i = 1; i < count; i++)
        assert_false(lines[i].hyphenated && lines[i - 1].hyphenated);
    arena_free(a);
}

/* A box wider than the line: no feasible break exists; the breaker still
 * returns lines (one overfull) instead of failing. */
static void test_overfull_box_still_breaks(void **state)
{
    (void)state;
    brk_item it[] = {box(3), glue(1, 1, 1), box(30), glue(1, 1, 1), box(3),
                     glue(0, 10000, 0), penalty(-BRK_INFINITY, 0, false)};
    brk_params p = {.width_first = 10, .width_rest = 10};
    arena *a = arena_new();
    brk_line *lines;
    size_t count = break_paragraph(it, 7, &p, a, &lines);
    assert_true(count >= 2);
    bool overfull = false;
    for (size_t i = 0; i < count; i++)
        overfull |= lines[i].overfull;
    assert_true(overfull);
    arena_free(a);
}

/* Ragged right: every line offers the same stretch at its end, so the
 * breaker evens out line lengths instead of packing greedily. */
static void test_ragged_balances(void **state)
{
    (void)state;
    /* 9 words of width 2: widths "2 2 2" = 8 per three words. With lines
     * 9 wide, greedy packs 3+3+3; so does the optimum (all lines 8). */
    brk_item it[32];
    size_t n = 0;
    for (int i = 0; i < 9; i++) {
        if (i)
            it[n++] = glue(1, 0, 0);
        it[n++] = box(2);
    }
    it[n++] = glue(0, 10000, 0);
    it[n++] = penalty(-BRK_INFINITY, 0, false);
    brk_params p = {.width_first = 9, .width_rest = 9, .rag = 3, .tolerance = 1000};
    arena *a = arena_new();
    brk_line *lines;
    size_t count = break_paragraph(it, n, &p, a, &lines);
    assert_int_equal(count, 3);
    assert_int_equal(lines[0].end, 5);
    assert_int_equal(lines[1].end, 11);
    arena_free(a);
}

/* A long paragraph: every line fits, and the number of lines is close to
 * what the total width implies (no pathological short lines). */
static void test_long_paragraph(void **state)
{
    (void)state;
    size_t words = 5000;
    brk_item *it = calloc(words * 2 + 2, sizeof *it);
    size_t n = 0;
    double total = 0;
    unsigned seed = 12345;
    for (size_t i = 0; i < words; i++) {
        if (i)
            it[n++] = glue(3, 1.5, 1);
        seed = seed * 1103515245u + 12345u;
        double w = 8 + (seed >> 16) % 40;
        total += w + 3;
        it[n++] = box(w);
    }
    it[n++] = glue(0, 10000, 0);
    it[n++] = penalty(-BRK_INFINITY, 0, false);
    brk_params p = {.width_first = 300, .width_rest = 300, .tolerance = 200};
    arena *a = arena_new();
    brk_line *lines;
    size_t count = break_paragraph(it, n, &p, a, &lines);
    assert_true(count > 0);
    assert_true(count < total / 300 * 1.1 + 2);
    for (size_t i = 0; i < count; i++)
        assert_false(lines[i].overfull);
    arena_free(a);
    free(it);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_checked_breaks),
        cmocka_unit_test(test_hyphen_run_limit),
        cmocka_unit_test(test_overfull_box_still_breaks),
        cmocka_unit_test(test_ragged_balances),
        cmocka_unit_test(test_long_paragraph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
