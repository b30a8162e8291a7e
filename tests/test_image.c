/* Images: image_probe says what a file is or exactly why it cannot be used,
 * image_decode_png turns every kind of PNG into the same 8-bit pixels, and
 * both refuse files over the limits before spending memory on them. The
 * fixtures are in tests/image/ (make-fixtures.py wrote them). Run from the
 * repository root. */
#include "testutil.h"

#include <unistd.h>

#include "image/image.h"

#define FIX "tests/image/"
#define W 48
#define H 48

static void rgb_at(unsigned x, unsigned y, unsigned char out[3])
{
    out[0] = (unsigned char)(x * 5 % 256);
    out[1] = (unsigned char)(y * 5 % 256);
    out[2] = (unsigned char)(x * y % 256);
}

static unsigned char alpha_at(unsigned x, unsigned y)
{
    return (unsigned char)((x * 11 + y * 3) % 256);
}

static image_info probe_ok(const char *path, image_type type, unsigned depth,
                           unsigned channels)
{
    image_info info;
    char why[256];
    image_status st = image_probe(path, NULL, &info, why, sizeof why);
    if (st != IMAGE_OK)
        print_error("%s: %s\n", path, why);
    assert_int_equal(st, IMAGE_OK);
    assert_int_equal(info.type, type);
    assert_int_equal(info.width, W);
    assert_int_equal(info.height, H);
    assert_int_equal(info.bit_depth, depth);
    assert_int_equal(info.channels, channels);
    return info;
}

static void probe_fails(const char *path, const image_limits *lim,
                        image_status want, image_type type, const char *reason)
{
    image_info info;
    char why[256];
    image_status st = image_probe(path, lim, &info, why, sizeof why);
    if (st != want || strcmp(why, reason) != 0)
        print_error("%s: status %d, reason: %s\n", path, st, why);
    assert_int_equal(st, want);
    assert_string_equal(why, reason);
    assert_int_equal(info.type, type);
}

static void test_probe_good(void **state)
{
    (void)state;
    image_info i = probe_ok(FIX "rgb8.png", IMAGE_PNG, 8, 3);
    assert_false(i.alpha);
    assert_false(i.interlaced);
    assert_int_equal(i.file_size, 6112);
    i = probe_ok(FIX "rgb16.png", IMAGE_PNG, 16, 3);
    assert_false(i.alpha);
    i = probe_ok(FIX "rgba8.png", IMAGE_PNG, 8, 4);
    assert_true(i.alpha);
    i = probe_ok(FIX "gray-alpha.png", IMAGE_PNG, 8, 2);
    assert_true(i.alpha);
    i = probe_ok(FIX "gray1.png", IMAGE_PNG, 1, 1);
    assert_false(i.alpha);
    i = probe_ok(FIX "palette.png", IMAGE_PNG, 4, 3);
    assert_true(i.palette);
    assert_true(i.alpha); /* its tRNS chunk */
    i = probe_ok(FIX "interlaced.png", IMAGE_PNG, 8, 3);
    assert_true(i.interlaced);
    i = probe_ok(FIX "photo.jpg", IMAGE_JPEG, 8, 3);
    assert_false(i.interlaced);
    assert_int_equal(i.orientation, 0);
    i = probe_ok(FIX "progressive.jpg", IMAGE_JPEG, 8, 3);
    assert_true(i.interlaced);
    probe_ok(FIX "gray.jpg", IMAGE_JPEG, 8, 1);
    i = probe_ok(FIX "rotated.jpg", IMAGE_JPEG, 8, 3);
    assert_int_equal(i.orientation, 6);
    /* the existing fixtures and examples */
    image_info info;
    char why[256];
    assert_int_equal(image_probe("examples/photos/siobhan-ni-bhriain.jpg",
                                 NULL, &info, why, sizeof why),
                     IMAGE_OK);
    assert_int_equal(image_probe("data/brands/logos/techuk.png", NULL, &info,
                                 why, sizeof why),
                     IMAGE_OK);
    assert_int_equal(info.width, 600);
    assert_int_equal(info.height, 180);
}

static void test_probe_bad(void **state)
{
    (void)state;
    probe_fails(FIX "text.png", NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "not a PNG file (it starts with `This is not a "
                "pi\xE2\x80\xA6`)");
    probe_fails(FIX "truncated.png", NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "the file is truncated (it ends inside its image data)");
    probe_fails(FIX "truncated.jpg", NULL, IMAGE_UNREADABLE, IMAGE_JPEG,
                "the file is truncated (it ends inside its image data)");
    probe_fails(FIX "bomb.png", NULL, IMAGE_TOO_LARGE, IMAGE_PNG,
                "100000 \xC3\x97 100000 pixels; an image may have at most "
                "20000 pixels a side and 40 million in all");
    probe_fails(FIX "bomb-pixels.png", NULL, IMAGE_TOO_LARGE, IMAGE_PNG,
                "10000 \xC3\x97 5000 pixels; an image may have at most 20000 "
                "pixels a side and 40 million in all");
    probe_fails(FIX "cmyk.jpg", NULL, IMAGE_UNSUPPORTED, IMAGE_JPEG,
                "it is a CMYK JPEG (a print-shop colour format that PDF "
                "readers show in varying colours); save it as an RGB JPEG or "
                "as a PNG");
    probe_fails(FIX "arithmetic.jpg", NULL, IMAGE_UNSUPPORTED, IMAGE_JPEG,
                "it is an arithmetic-coded JPEG, which PDF readers cannot "
                "show; save it as an ordinary (baseline) JPEG");
    probe_fails(FIX "precision12.jpg", NULL, IMAGE_UNSUPPORTED, IMAGE_JPEG,
                "it is a 12-bit JPEG, which PDF cannot hold; save it as an "
                "8-bit JPEG or as a PNG");
    probe_fails(FIX "nothing-here.png", NULL, IMAGE_CANNOT_OPEN, IMAGE_PNG,
                "No such file or directory");
    probe_fails("tests/image", NULL, IMAGE_CANNOT_OPEN, IMAGE_UNKNOWN,
                "it is not a file");
    /* a text file named .jpg, a PNG's header altered by a text-mode copy */
    probe_fails("tests/load/good.yaml", NULL, IMAGE_UNREADABLE, IMAGE_UNKNOWN,
                "neither a PNG nor a JPEG file (it starts with `# Every key "
                "of a\xE2\x80\xA6`)");
    image_limits small = {.max_file = 1000, .max_side = 40,
                          .max_pixels = 1000000};
    probe_fails(FIX "rgb8.png", &small, IMAGE_TOO_LARGE, IMAGE_PNG,
                "the file is 6112 bytes; an image may be at most 1000 bytes");
    small.max_file = IMAGE_MAX_FILE;
    probe_fails(FIX "photo.jpg", &small, IMAGE_TOO_LARGE, IMAGE_JPEG,
                "48 \xC3\x97 48 pixels; an image may have at most 40 pixels "
                "a side and 1 million in all");
}

/* Files written on the fly: an empty file, binary junk, a GIF, a PNG
 * whose signature lost its CR, an unknown critical chunk. */
static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_probe_odd_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/briefpack-image-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/x.png", dir);
    write_file(path, "", 0);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG, "the file is empty");
    write_file(path, "\x00\x01\x02\xFF\xFE", 5);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "not a PNG file (it starts with the bytes 00 01 02 FF)");
    write_file(path, "GIF89a\x01\x00\x01\x00", 10);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "not a PNG file (it is a GIF image)");
    write_file(path, "\x89PNG\n\x1A\n\0\0\0\rIHDR", 16);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "damaged (its first bytes were altered, as by a file "
                "transfer in text mode)");
    write_file(path, "\x89PNG\r\n", 6);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "the file is truncated (it ends inside the PNG signature)");
    /* one bit flipped in the image data */
    FILE *g = fopen(FIX "rgb8.png", "rb");
    assert_non_null(g);
    static unsigned char png[8192];
    size_t pn = fread(png, 1, sizeof png, g);
    fclose(g);
    png[8 + 25 + 8 + 100] ^= 0x10;
    write_file(path, png, pn);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_PNG,
                "damaged (the checksum of its IDAT chunk is wrong)");
    /* a JPEG named .png is used for what it is */
    FILE *f = fopen(FIX "photo.jpg", "rb");
    assert_non_null(f);
    static unsigned char jpg[8192];
    size_t n = fread(jpg, 1, sizeof jpg, f);
    fclose(f);
    write_file(path, jpg, n);
    image_info info;
    char why[256];
    assert_int_equal(image_probe(path, NULL, &info, why, sizeof why), IMAGE_OK);
    assert_int_equal(info.type, IMAGE_JPEG);
    /* a JPEG that is only its start */
    write_file(path, jpg, 2);
    probe_fails(path, NULL, IMAGE_UNREADABLE, IMAGE_JPEG,
                "the file is truncated (it ends before its frame header)");
    unlink(path);
    rmdir(dir);
}

static void expect_rgb8(const image_pixels *p)
{
    assert_int_equal(p->width, W);
    assert_int_equal(p->height, H);
    assert_int_equal(p->channels, 3);
    for (unsigned y = 0; y < H; y++)
        for (unsigned x = 0; x < W; x++) {
            unsigned char want[3];
            rgb_at(x, y, want);
            assert_memory_equal(p->pixels + (y * W + x) * 3, want, 3);
        }
}

static void decode_ok(const char *path, image_pixels *p)
{
    char why[256];
    image_status st = image_decode_png(path, NULL, p, why, sizeof why);
    if (st != IMAGE_OK)
        print_error("%s: %s\n", path, why);
    assert_int_equal(st, IMAGE_OK);
}

static void test_decode_kinds(void **state)
{
    (void)state;
    image_pixels p;
    /* 8-bit, 16-bit and interlaced: the same pixels */
    const char *same[] = {FIX "rgb8.png", FIX "rgb16.png",
                          FIX "interlaced.png", FIX "rgba-opaque.png"};
    for (size_t i = 0; i < 4; i++) {
        decode_ok(same[i], &p);
        expect_rgb8(&p);
        assert_null(p.alpha); /* an alpha channel that is all opaque too */
        image_pixels_free(&p);
    }
    /* alpha, 8 and 16 bits */
    const char *rgba[] = {FIX "rgba8.png", FIX "rgba16.png"};
    for (size_t i = 0; i < 2; i++) {
        decode_ok(rgba[i], &p);
        expect_rgb8(&p);
        assert_non_null(p.alpha);
        for (unsigned y = 0; y < H; y++)
            for (unsigned x = 0; x < W; x++)
                assert_int_equal(p.alpha[y * W + x], alpha_at(x, y));
        image_pixels_free(&p);
    }
    /* grey + alpha: one colour channel and the alpha plane */
    decode_ok(FIX "gray-alpha.png", &p);
    assert_int_equal(p.channels, 1);
    assert_non_null(p.alpha);
    for (unsigned y = 0; y < H; y++)
        for (unsigned x = 0; x < W; x++) {
            assert_int_equal(p.pixels[y * W + x], x * 5 % 256);
            assert_int_equal(p.alpha[y * W + x], alpha_at(x, y));
        }
    image_pixels_free(&p);
    /* 1-bit grey → 0 and 255 */
    decode_ok(FIX "gray1.png", &p);
    assert_int_equal(p.channels, 1);
    assert_null(p.alpha);
    for (unsigned y = 0; y < H; y++)
        for (unsigned x = 0; x < W; x++)
            assert_int_equal(p.pixels[y * W + x],
                             ((x / 4 + y / 4) & 1) ? 255 : 0);
    image_pixels_free(&p);
    /* 4-bit palette with tRNS → RGB and alpha */
    decode_ok(FIX "palette.png", &p);
    assert_int_equal(p.channels, 3);
    assert_non_null(p.alpha);
    for (unsigned y = 0; y < H; y++)
        for (unsigned x = 0; x < W; x++) {
            unsigned idx = (x / 3 + y / 3) % 16;
            const unsigned char *px = p.pixels + (y * W + x) * 3;
            assert_int_equal(px[0], idx * 16);
            assert_int_equal(px[1], 255 - idx * 16);
            assert_int_equal(px[2], idx * 8);
            unsigned a = idx == 0 ? 0 : idx == 5 ? 128 : 255;
            assert_int_equal(p.alpha[y * W + x], a);
        }
    image_pixels_free(&p);
    /* the shipped logos and example photos */
    decode_ok("data/brands/logos/techuk.png", &p);
    assert_int_equal(p.width, 600);
    image_pixels_free(&p);
    decode_ok("examples/photos/zoe-adeyemi.png", &p);
    assert_int_equal(p.width, 400);
    image_pixels_free(&p);
}

static void decode_fails(const char *path, const image_limits *lim,
                         image_status want, const char *reason)
{
    image_pixels p;
    char why[256];
    image_status st = image_decode_png(path, lim, &p, why, sizeof why);
    if (st != want || strcmp(why, reason) != 0)
        print_error("%s: status %d, reason: %s\n", path, st, why);
    assert_int_equal(st, want);
    assert_string_equal(why, reason);
    assert_null(p.pixels);
    assert_null(p.alpha);
    image_pixels_free(&p); /* harmless after a failure */
}

static void test_decode_bad(void **state)
{
    (void)state;
    decode_fails(FIX "truncated.png", NULL, IMAGE_UNREADABLE,
                 "the file is truncated");
    /* every chunk whole, the compressed data short: only decoding it all
     * finds that */
    image_info info;
    char why[256];
    assert_int_equal(image_probe(FIX "short-data.png", NULL, &info, why,
                                 sizeof why),
                     IMAGE_OK);
    decode_fails(FIX "short-data.png", NULL, IMAGE_UNREADABLE,
                 "its picture data is damaged; open it in an image editor "
                 "and save it again (libpng: Not enough image data)");
    decode_fails(FIX "text.png", NULL, IMAGE_UNREADABLE, "not a PNG file");
    decode_fails(FIX "bomb.png", NULL, IMAGE_TOO_LARGE,
                 "100000 \xC3\x97 100000 pixels; an image may have at most "
                 "20000 pixels a side and 40 million in all");
    decode_fails(FIX "nothing-here.png", NULL, IMAGE_CANNOT_OPEN,
                 "No such file or directory");
    image_limits small = {.max_file = IMAGE_MAX_FILE, .max_side = 20000,
                          .max_pixels = 2000};
    decode_fails(FIX "rgb16.png", &small, IMAGE_TOO_LARGE,
                 "48 \xC3\x97 48 pixels; an image may have at most 20000 "
                 "pixels a side and 0 million in all");
}

static void test_messages(void **state)
{
    (void)state;
    char buf[512];
    image_message(buf, sizeof buf, "photo", "photos/x.png", IMAGE_UNREADABLE,
                  IMAGE_PNG, "the file is truncated");
    assert_string_equal(buf, "photo `photos/x.png` is not a readable PNG: the "
                             "file is truncated");
    image_message(buf, sizeof buf, "logo", "l.jpg", IMAGE_UNSUPPORTED,
                  IMAGE_JPEG, "it is a CMYK JPEG");
    assert_string_equal(buf, "logo `l.jpg` cannot be used: it is a CMYK JPEG");
    image_message(buf, sizeof buf, "photo", "p.png", IMAGE_TOO_LARGE,
                  IMAGE_PNG, "1 \xC3\x97 2 pixels");
    assert_string_equal(buf, "photo `p.png` is too large: 1 \xC3\x97 2 pixels");
    image_message(buf, sizeof buf, "photo", "p.png", IMAGE_CANNOT_OPEN,
                  IMAGE_PNG, "Permission denied");
    assert_string_equal(buf, "photo `p.png` cannot be opened: Permission "
                             "denied");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_good),
        cmocka_unit_test(test_probe_bad),
        cmocka_unit_test(test_probe_odd_files),
        cmocka_unit_test(test_decode_kinds),
        cmocka_unit_test(test_decode_bad),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
