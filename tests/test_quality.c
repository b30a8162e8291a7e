/* The typesetting quality report: lays out every example and prints, per
 * document, what the paragraph and page breaking did. Asserts the counts
 * that must be zero (overfull lines, widows, orphans, stranded headings)
 * and at most two hyphenated lines in a row; prints the rest.
 * Also run alone: build/test_quality prints the table. */
#include "testutil.h"

#include <glob.h>

#include "cli/build.h"

static void report(const char *path, const dl_stats *s)
{
    printf("%-44s %6zu %9zu %8zu %10zu %8zu %6zu %7zu %8zu\n", path, s->lines,
           s->stretched, s->overfull, s->hyphenated, s->max_hyphen_run,
           s->widows, s->orphans, s->stranded);
}

static void test_examples(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("examples/*.yaml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 3);
    build_worker *w = build_worker_new(BRIEFPACK_ROOT);
    printf("%-44s %6s %9s %8s %10s %8s %6s %7s %8s\n", "document", "lines",
           "stretched", "overfull", "hyphenated", "hyph-run", "widows",
           "orphans", "stranded");
    /* Every brand, so that justified and ragged setting are both judged. */
    const char *brands[] = {NULL, "default", "techuk", "whitehall"};
    for (size_t b = 0; b < 4; b++) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            arena *msgs = arena_new();
            diag d;
            diag_init(&d, msgs);
            build_options opt = {.load = {.root = BRIEFPACK_ROOT,
                                          .max_input = 16u << 20,
                                          .brand_override = brands[b]},
                                 .check_only = true};
            render_result r;
            bool ok = build_file(w, g.gl_pathv[i], NULL, 0, &opt, &r, &d);
            diag_print(&d, stderr);
            assert_true(ok);
            char name[128];
            snprintf(name, sizeof name, "%s%s%s", g.gl_pathv[i] + 9,
                     brands[b] ? " @" : "", brands[b] ? brands[b] : "");
            report(name, &r.stats);
            assert_true(r.stats.lines > 50);
            assert_int_equal(r.stats.overfull, 0);
            assert_int_equal(r.stats.widows, 0);
            assert_int_equal(r.stats.orphans, 0);
            assert_int_equal(r.stats.stranded, 0);
            assert_true(r.stats.max_hyphen_run <= 2);
            arena_free(msgs);
        }
    }
    build_worker_free(w);
    globfree(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
