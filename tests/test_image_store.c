/* The image store: an image decoded once per worker, read again when the
 * file changes, its stream what the PDF needs (zlib pixels and alpha, or
 * the JPEG's own bytes), a damaged file refused. Run from the repository
 * root (fixtures in tests/image/). */
#include "testutil.h"

#include <unistd.h>
#include <zlib.h>

#include "pdf/image_store.h"

#define FIX "tests/image/"

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void test_png_decoded_once_and_inflates_to_its_pixels(void **state)
{
    (void)state;
    image_store *st = image_store_new();
    const image_asset *a, *b;
    image_type type;
    char why[256];
    assert_int_equal(image_store_get(st, FIX "rgba8.png", &a, &type, why,
                                     sizeof why),
                     IMAGE_OK);
    assert_int_equal(a->type, IMAGE_PNG);
    assert_int_equal(a->components, 3);
    assert_non_null(a->alpha);
    /* the streams inflate to width × height × components bytes */
    size_t want = (size_t)a->width * a->height * 3;
    unsigned char *px = malloc(want + 1);
    uLongf got = (uLongf)want + 1;
    assert_int_equal(uncompress(px, &got, a->data, (uLong)a->data_len), Z_OK);
    assert_int_equal(got, want);
    got = (uLongf)want + 1;
    assert_int_equal(uncompress(px, &got, a->alpha, (uLong)a->alpha_len), Z_OK);
    assert_int_equal(got, (size_t)a->width * a->height);
    free(px);
    /* asked again: the same asset, not a second decode */
    assert_int_equal(image_store_get(st, FIX "rgba8.png", &b, &type, why,
                                     sizeof why),
                     IMAGE_OK);
    assert_ptr_equal(a, b);
    image_store_free(st);
}

static void test_jpeg_kept_as_its_bytes(void **state)
{
    (void)state;
    image_store *st = image_store_new();
    const image_asset *a;
    image_type type;
    char why[256];
    assert_int_equal(image_store_get(st, FIX "photo.jpg", &a, &type, why,
                                     sizeof why),
                     IMAGE_OK);
    assert_int_equal(a->type, IMAGE_JPEG);
    assert_null(a->alpha);
    assert_true(a->data_len > 4);
    assert_memory_equal(a->data, "\xFF\xD8\xFF", 3);
    image_store_free(st);
}

static void test_changed_file_read_again(void **state)
{
    (void)state;
    char dir[] = "/tmp/bp-store-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/logo.png", dir);
    copy_file(FIX "rgb8.png", path);
    image_store *st = image_store_new();
    const image_asset *a;
    image_type type;
    char why[256];
    assert_int_equal(image_store_get(st, path, &a, &type, why, sizeof why),
                     IMAGE_OK);
    assert_null(a->alpha);
    /* the same name, another image (a different size on disk) */
    copy_file(FIX "rgba8.png", path);
    assert_int_equal(image_store_get(st, path, &a, &type, why, sizeof why),
                     IMAGE_OK);
    assert_non_null(a->alpha);
    /* and now damaged: refused, not served from before */
    copy_file(FIX "short-data.png", path);
    assert_int_equal(image_store_get(st, path, &a, &type, why, sizeof why),
                     IMAGE_UNREADABLE);
    assert_non_null(strstr(why, "damaged"));
    image_store_free(st);
    unlink(path);
    rmdir(dir);
}

static void test_refusals_carry_the_kind(void **state)
{
    (void)state;
    image_store *st = image_store_new();
    const image_asset *a;
    image_type type;
    char why[256];
    assert_int_equal(image_store_get(st, FIX "text.png", &a, &type, why,
                                     sizeof why),
                     IMAGE_UNREADABLE);
    assert_int_equal(image_store_get(st, FIX "bomb.png", &a, &type, why,
                                     sizeof why),
                     IMAGE_TOO_LARGE);
    assert_int_equal(image_store_get(st, FIX "no-such.png", &a, &type, why,
                                     sizeof why),
                     IMAGE_CANNOT_OPEN);
    image_store_trim(st);
    image_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_decoded_once_and_inflates_to_its_pixels),
        cmocka_unit_test(test_jpeg_kept_as_its_bytes),
        cmocka_unit_test(test_changed_file_read_again),
        cmocka_unit_test(test_refusals_carry_the_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
