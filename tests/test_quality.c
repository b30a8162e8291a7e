/* The typesetting quality report: lays out every example (each brand, as a
 * briefing and as a handout, on A4, A5 and Letter, one- and two-sided), the
 * pack, and a pack of generated roundtables, and prints per document what the
 * paragraph and page breaking did and what the finished pages measure
 * (layout_measure): body lines on the baseline grid, how full pages are,
 * how contents entries wrap, the narrowest justified space, breaks inside
 * addresses. Asserts what must hold: nothing overfull, widowed, orphaned
 * or stranded, at most two hyphenated lines in a row; every body line on
 * the grid; no page under a third full that no rule made so (a handout:
 * no page but its last less than two thirds full); contents entries that
 * wrap only when they must and never end a line with a hyphen; no space
 * under 0.8 of its width; no address broken after a hyphen.
 * Also run alone: build/test_quality prints the table. */
#include "testutil.h"

#include <glob.h>
#include <unistd.h>

#include "cli/build.h"

static void header(void)
{
    printf("%-46s %5s %4s %4s %4s %4s %3s %3s %3s %9s %5s %5s %5s %5s "
           "%11s %5s %5s\n",
           "document", "lines", "strt", "over", "hyph", "hrun", "wid", "orp",
           "str", "grid", "pages", "short", "part", "fill", "toc w/e/h",
           "space", "addr");
}

static void report(const char *name, const dl_stats *s)
{
    char grid[32], toc[32];
    snprintf(grid, sizeof grid, "%zu/%zu", s->grid_lines - s->grid_off,
             s->grid_lines);
    snprintf(toc, sizeof toc, "%zu/%zu/%zu", s->toc_wrapped, s->toc_early,
             s->toc_hyphen_ends);
    printf("%-46s %5zu %4zu %4zu %4zu %4zu %3zu %3zu %3zu %9s %5zu %5zu %5zu "
           "%5.2f %11s %5.2f %2zu/%zu\n",
           name, s->lines, s->stretched, s->overfull, s->hyphenated,
           s->max_hyphen_run, s->widows, s->orphans, s->stranded, grid,
           s->pages, s->pages_short, s->pages_partial, s->fill_min, toc,
           s->space_min, s->address_breaks, s->address_hyphen_breaks);
}

typedef struct variant {
    const char *brand;      /* NULL: the file's */
    bool handout;
    model_page_size page;   /* over the brand's */
    bool duplex;
} variant;

/* Lays out `path` as `v` says, prints its row and asserts what must hold. */
static size_t judge(build_worker *w, const char *path, const char *label,
                    variant v)
{
    arena *msgs = arena_new();
    diag d;
    diag_init(&d, msgs);
    build_options opt = {.load = {.root = BRIEFPACK_ROOT,
                                  .max_input = 16u << 20,
                                  .brand_override = v.brand},
                         .check_only = true,
                         .handout = v.handout,
                         .print = v.duplex ? MODEL_PRINT_DUPLEX
                                           : MODEL_PRINT_SIMPLEX,
                         .page_set = true,
                         .page = v.page};
    render_result r;
    bool ok = build_file(w, path, NULL, 0, &opt, &r, &d);
    diag_print(&d, stderr);
    assert_true(ok);
    char name[160];
    snprintf(name, sizeof name, "%s%s%s%s%s%s", label, v.brand ? " @" : "",
             v.brand ? v.brand : "", v.handout ? " handout" : "",
             v.page == MODEL_PAGE_A5       ? " A5"
             : v.page == MODEL_PAGE_LETTER ? " Letter"
                                           : "",
             v.duplex ? " duplex" : "");
    report(name, &r.stats);
    const dl_stats *s = &r.stats;
    /* what must hold: every failure named, the run goes on so that the
     * whole table is printed */
    struct {
        bool bad;
        const char *what;
    } rules[] = {
        {s->lines <= 10, "hardly any text"},
        {s->overfull, "overfull lines"},
        {s->widows, "widows"},
        {s->orphans, "orphans"},
        {s->stranded, "stranded headings"},
        {s->max_hyphen_run > 2, "more than two hyphens in a row"},
        {!s->grid_lines, "no body text measured"},
        {s->grid_off, "body lines off the grid"},
        {!v.handout && s->pages_short, "pages under a third full"},
        {v.handout && s->pages_partial, "a handout page partly empty"},
        {s->toc_early, "contents entries wrapped too early"},
        {s->toc_hyphen_ends, "contents lines ending in a hyphen"},
        {s->space_min < 0.8 - 1e-9, "spaces under 0.8"},
        {s->address_hyphen_breaks, "addresses broken after a hyphen"},
    };
    size_t bad = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].bad) {
            printf("    ^ FAILS: %s\n", rules[i].what);
            bad++;
        }
    arena_free(msgs);
    return bad;
}

/* Every page size and side of one input in one brand. */
static size_t judge_all(build_worker *w, const char *path,
                        const char *label, const char *brand, bool handout)
{
    static const model_page_size sizes[] = {MODEL_PAGE_A4, MODEL_PAGE_A5,
                                            MODEL_PAGE_LETTER};
    size_t bad = 0;
    for (size_t k = 0; k < 3; k++)
        for (int duplex = 0; duplex < 2; duplex++)
            bad += judge(w, path, label,
                         (variant){brand, handout, sizes[k], duplex != 0});
    return bad;
}

static void test_examples(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("examples/*.yaml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 3);
    build_worker *w = build_worker_new(BRIEFPACK_ROOT);
    header();
    /* Every brand, so that justified and ragged setting are both judged. */
    const char *brands[] = {NULL, "default", "techuk", "whitehall"};
    size_t bad = 0;
    for (size_t b = 0; b < 4; b++)
        for (size_t i = 0; i < g.gl_pathc; i++)
            for (int handout = 0; handout < 2; handout++)
                bad += judge_all(w, g.gl_pathv[i], g.gl_pathv[i] + 9,
                                 brands[b], handout != 0);
    for (size_t b = 0; b < 4; b++)
        bad += judge_all(w, "examples/pack/public-safety-pack.yaml",
                         "pack/public-safety-pack.yaml", brands[b], false);
    build_worker_free(w);
    globfree(&g);
    assert_int_equal(bad, 0);
}

/* A pack of short generated roundtables (tests/gen_roundtables.py): many
 * chapter ends, where short tails are most likely. */
static void test_generated_pack(void **state)
{
    (void)state;
    char dir[] = "/tmp/briefpack-quality-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "python3 tests/gen_roundtables.py %s/r 24 && "
             "{ printf 'title: Generated pack\\ndate: 2024-01-10\\n"
             "roundtables:\\n'; for f in %s/r/*.yaml; do "
             "echo \"  - r/$(basename $f)\"; done; } > %s/pack.yaml",
             dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    char pack[256];
    snprintf(pack, sizeof pack, "%s/pack.yaml", dir);
    build_worker *w = build_worker_new(BRIEFPACK_ROOT);
    size_t bad = judge_all(w, pack, "generated pack of 24", NULL, false) +
                 judge_all(w, pack, "generated pack of 24", "whitehall", false);
    build_worker_free(w);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_generated_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
