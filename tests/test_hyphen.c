/* Hyphenation points from libhyphen, and the per-dictionary cache in front
 * of it: a word asked again gives the same points, also after the cache has
 * filled and started again, and words too long for it still work. */
#include "testutil.h"

#include "typeset/hyphen.h"

static size_t points_of(const hyphen_dict *h, const char *w, size_t *p)
{
    return hyphen_points(h, w, strlen(w), p, 64);
}

static void test_points_are_stable(void **state)
{
    (void)state;
    hyphen_dict *h = hyphen_load(BRIEFPACK_ROOT, "en-GB");
    assert_non_null(h);
    size_t a[64], b[64];
    size_t n = points_of(h, "programmes", a);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++)
        assert_true(a[i] >= 2 && a[i] <= strlen("programmes") - 2);
    /* from the cache now */
    assert_int_equal(points_of(h, "programmes", b), n);
    assert_memory_equal(a, b, n * sizeof *a);
    /* too short, and too long for the cache (but not for libhyphen) */
    assert_int_equal(points_of(h, "data", a), 0);
    const char *longw = "internationalisationinternationalisation";
    size_t nl = points_of(h, longw, a);
    assert_true(nl > 2);
    assert_int_equal(points_of(h, longw, b), nl);
    assert_memory_equal(a, b, nl * sizeof *a);
    /* `max` is respected from the cache as from libhyphen */
    assert_int_equal(hyphen_points(h, "programmes", 10, a, 1), 1);
    hyphen_free(h);
}

static void test_cache_refills(void **state)
{
    (void)state;
    hyphen_dict *h = hyphen_load(BRIEFPACK_ROOT, "en-GB");
    hyphen_dict *fresh = hyphen_load(BRIEFPACK_ROOT, "en-GB");
    assert_non_null(h);
    size_t first[64], n_first = points_of(h, "representatives", first);
    /* many more distinct words than the cache holds */
    char w[32];
    for (unsigned i = 0; i < 20000; i++) {
        snprintf(w, sizeof w, "consultation%05u", i);
        size_t p[64], q[64];
        size_t n = points_of(h, w, p);
        if (i % 997 == 0) {
            assert_int_equal(points_of(fresh, w, q), n);
            assert_memory_equal(p, q, n * sizeof *p);
        }
    }
    size_t again[64];
    assert_int_equal(points_of(h, "representatives", again), n_first);
    assert_memory_equal(first, again, n_first * sizeof *first);
    hyphen_free(h);
    hyphen_free(fresh);
}

/* A tag in any case finds the patterns named in BCP 47's usual case, ours
 * (data/hyphen/hyph_cy.dic) and the system's; a Welsh word is divided by
 * the Welsh patterns, its digraphs (ll, dd, ch) kept whole. */
static void test_tags_in_any_case(void **state)
{
    (void)state;
    const char *found[] = {"cy", "CY", "Cy", "cy-GB", "CY-gb", "fr", "FR", "fr-ca",
                           "de", "DE-ch", "en-GB", "EN-GB", "en-us", "en_gb"};
    for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
        if (!hyphen_available(BRIEFPACK_ROOT, found[i]))
            fail_msg("no patterns found for `%s`", found[i]);
    }
    assert_false(hyphen_available(BRIEFPACK_ROOT, "ga"));
    hyphen_dict *h = hyphen_load(BRIEFPACK_ROOT, "CY");
    assert_non_null(h);
    size_t p[64];
    const char *w = "llywodraeth"; /* government: llywodr-aeth */
    size_t n = points_of(h, w, p);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        assert_false(p[i] == 1); /* never l-l */
        assert_false(strncmp(w + p[i] - 1, "dd", 2) == 0);
    }
    assert_int_equal(p[n - 1], strlen("llywodr"));
    hyphen_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_are_stable),
        cmocka_unit_test(test_cache_refills),
        cmocka_unit_test(test_tags_in_any_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
