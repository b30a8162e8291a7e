/* font: loading, rejection of other files, shaping (kerning, ligatures,
 * cache), widths, and a PDF made end to end whose text poppler must extract
 * exactly. Runs from the repository root. */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf/font_pdf.h"
#include "typeset/font.h"

#define SANS BRIEFPACK_ROOT "/fonts/LiberationSans-Regular.ttf"
#define SANS_BOLD BRIEFPACK_ROOT "/fonts/LiberationSans-Bold.ttf"
#define SERIF_ITALIC BRIEFPACK_ROOT "/fonts/LiberationSerif-Italic.ttf"
#define NOT_A_FONT BRIEFPACK_ROOT "/tests/font-not-a-font.txt"

static const char sample[] = "Siobhán Zoë Łukasz £5 €10 – — “quoted” … "
                             "AVATAR office";

typedef struct fixture {
    font_lib *lib;
    font_face *sans;
    arena *a;
    char dir[64];            /* a temporary directory for files */
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    char err[200] = "";
    fx->lib = font_lib_new();
    fx->sans = font_lib_load(fx->lib, SANS, err, sizeof err);
    if (!fx->sans) {
        fprintf(stderr, "cannot load %s: %s\n", SANS, err);
        return -1;
    }
    fx->a = arena_new();
    strcpy(fx->dir, "/tmp/test_font.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    /* BRIEFPACK_KEEP_TEST_FILES=1 keeps the PDFs for a look with qpdf --qdf. */
    if (getenv("BRIEFPACK_KEEP_TEST_FILES")) {
        fprintf(stderr, "test files kept in %s\n", fx->dir);
    } else {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", fx->dir);
    }
    arena_free(fx->a);
    font_lib_free(fx->lib);
    free(fx);
    return 0;
}

/* A whole (small) file, NUL-terminated, in the arena. */
static char *slurp(arena *a, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = arena_alloc(a, (size_t)size + 1);
    size_t got = fread(buf, 1, (size_t)size, fp);
    fclose(fp);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* pdftotext ends each page with blank lines and a form feed. */
static char *trim_end(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\f'))
        s[--n] = '\0';
    return s;
}

static bool have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* ---- loading ---- */

static void test_load(void **state)
{
    fixture *fx = *state;
    char err[200] = "";
    assert_string_equal(font_face_name(fx->sans), "LiberationSans");
    /* Loading again returns the cached face. */
    assert_ptr_equal(font_lib_load(fx->lib, SANS, err, sizeof err), fx->sans);

    font_metrics m = font_face_metrics(fx->sans);
    /* Liberation Sans: hhea ascender 1854, descender -434, upem 2048;
     * OS/2 cap height 1409, x height 1082. */
    assert_true(m.ascender > 0.90 && m.ascender < 0.91);
    assert_true(m.descender < -0.21 && m.descender > -0.22);
    assert_true(m.line_gap >= 0 && m.line_gap < 0.05);
    assert_true(m.cap_height > 0.68 && m.cap_height < 0.70);
    assert_true(m.x_height > 0.52 && m.x_height < 0.54);

    font_face *bold = font_lib_load(fx->lib, SANS_BOLD, err, sizeof err);
    assert_non_null(bold);
    assert_ptr_not_equal(bold, fx->sans);
    assert_string_equal(font_face_name(bold), "LiberationSans-Bold");
}

static void expect_rejected(fixture *fx, const char *path, const char *reason)
{
    char err[200] = "";
    assert_null(font_lib_load(fx->lib, path, err, sizeof err));
    if (strncmp(err, reason, strlen(reason)) != 0)
        fail_msg("%s: got \"%s\", want \"%s...\"", path, err, reason);
    assert_null(strchr(err, '\n'));
}

static void test_reject_files(void **state)
{
    fixture *fx = *state;
    char path[128];

    expect_rejected(fx, NOT_A_FONT, "not a TrueType font");
    expect_rejected(fx, BRIEFPACK_ROOT "/no/such/font.ttf",
                    "cannot read the font file: No such file");
    expect_rejected(fx, BRIEFPACK_ROOT "/fonts", "cannot read the font file");

    snprintf(path, sizeof path, "%s/empty.ttf", fx->dir);
    write_file(path, "", 0);
    expect_rejected(fx, path, "not a TrueType font");

    /* An OpenType font with CFF outlines starts with 'OTTO'. */
    unsigned char otto[64] = {'O', 'T', 'T', 'O', 0, 1};
    snprintf(path, sizeof path, "%s/cff.otf", fx->dir);
    write_file(path, otto, sizeof otto);
    expect_rejected(fx, path, "CFF-flavoured OpenType is not supported; "
                              "use a TrueType (.ttf) font");

    /* The right signature but garbage after it, and a font cut short: the
     * table directory points past the end. */
    unsigned char fake[64] = {0, 1, 0, 0, 0, 9, 0xff, 0xff};
    snprintf(path, sizeof path, "%s/fake.ttf", fx->dir);
    write_file(path, fake, sizeof fake);
    expect_rejected(fx, path, "not a TrueType font");

    size_t len;
    char *ttf = slurp(fx->a, SANS, &len);
    assert_non_null(ttf);
    for (size_t cut = 12; cut < len; cut = cut * 3 + 1) {
        snprintf(path, sizeof path, "%s/cut%zu.ttf", fx->dir, cut);
        write_file(path, ttf, cut);
        expect_rejected(fx, path, "not a TrueType font");
    }
    /* Flipped bytes must not crash whatever the outcome. */
    for (size_t i = 0; i < 64; i++) {
        snprintf(path, sizeof path, "%s/flip%zu.ttf", fx->dir, i);
        char *copy = arena_alloc(fx->a, len);
        memcpy(copy, ttf, len);
        for (size_t k = 0; k < 16; k++)
            copy[(i * 7919 + k * 104729) % len] ^= (char)(0x5a + i);
        write_file(path, copy, len);
        char err[200];
        font_face *f = font_lib_load(fx->lib, path, err, sizeof err);
        if (f) {
            font_run r = font_shape(f, sample, strlen(sample), true, fx->a);
            assert_true(r.n > 0);
        }
    }
}

/* ---- shaping and measuring ---- */

static int32_t sum_advances(font_run r)
{
    int32_t w = 0;
    for (size_t i = 0; i < r.n; i++)
        w += r.glyphs[i].advance;
    return w;
}

static void test_kerning(void **state)
{
    fixture *fx = *state;
    font_run kerned = font_shape(fx->sans, "AVATAR", 6, true, fx->a);
    font_run plain = font_shape(fx->sans, "AVATAR", 6, false, fx->a);
    assert_int_equal(kerned.n, 6);
    assert_int_equal(plain.n, 6);
    assert_true(kerned.width < plain.width);
    assert_int_equal(kerned.width, sum_advances(kerned));
    /* Without kerning every advance is the glyph's W entry. */
    for (size_t i = 0; i < plain.n; i++)
        assert_int_equal(plain.glyphs[i].advance,
                         font_glyph_width(fx->sans, plain.glyphs[i].gid));
    assert_true(font_text_width(fx->sans, "AVATAR", 6, 10, true) <
                font_text_width(fx->sans, "AVATAR", 6, 10, false));
    for (size_t i = 0; i < kerned.n; i++)
        assert_int_equal(kerned.glyphs[i].cluster, i);
}

static void test_no_ligatures(void **state)
{
    fixture *fx = *state;
    /* Liberation 2 has no "fi"/"ffi" ligatures, only kerning: one glyph per
     * letter, each its own cluster. (A ligature's ToUnicode entry is tested
     * in the PDF test with U+FB01.) */
    font_run r = font_shape(fx->sans, "office", 6, true, fx->a);
    assert_int_equal(r.n, 6);
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(r.glyphs[i].cluster, i);
}

static void test_cache(void **state)
{
    fixture *fx = *state;
    /* Short (cached) and long (not cached) texts shape the same twice, and
     * each call hands out the caller's own copy. */
    const char *texts[] = {"Roundtable", sample};
    for (int t = 0; t < 2; t++) {
        size_t len = strlen(texts[t]);
        font_run r1 = font_shape(fx->sans, texts[t], len, true, fx->a);
        font_run r2 = font_shape(fx->sans, texts[t], len, true, fx->a);
        assert_int_equal(r1.n, r2.n);
        assert_int_equal(r1.width, r2.width);
        assert_ptr_not_equal(r1.glyphs, r2.glyphs);
        assert_memory_equal(r1.glyphs, r2.glyphs, r1.n * sizeof *r1.glyphs);
        r1.glyphs[0].gid = 0; /* the cache must not see this */
        font_run r3 = font_shape(fx->sans, texts[t], len, true, fx->a);
        assert_memory_equal(r2.glyphs, r3.glyphs, r2.n * sizeof *r2.glyphs);
    }
    /* The kerning flag is part of the key. */
    font_run k = font_shape(fx->sans, "AV", 2, true, fx->a);
    font_run nk = font_shape(fx->sans, "AV", 2, false, fx->a);
    assert_true(k.width < nk.width);
    /* Many distinct words: past the cap nothing breaks. */
    char word[16];
    for (int i = 0; i < 25000; i++) {
        int n = snprintf(word, sizeof word, "w%d", i);
        assert_true(font_text_width(fx->sans, word, (size_t)n, 10, true) > 0);
    }
    font_run before = font_shape(fx->sans, "w7", 2, true, fx->a);
    font_run after = font_shape(fx->sans, "w24999", 6, true, fx->a);
    assert_true(before.n == 2 && after.n == 6);
    font_run empty = font_shape(fx->sans, "", 0, true, fx->a);
    assert_int_equal(empty.n, 0);
    assert_int_equal(empty.width, 0);
}

static void test_widths(void **state)
{
    fixture *fx = *state;
    /* hmtx: 'A' 1366, space 569, 'i' 455 units of 2048 (unkerned: the
     * font kerns "A "). */
    font_run a = font_shape(fx->sans, "A i", 3, false, fx->a);
    assert_int_equal(a.n, 3);
    assert_int_equal(font_glyph_width(fx->sans, a.glyphs[0].gid), 667);
    assert_int_equal(font_glyph_width(fx->sans, a.glyphs[1].gid), 278);
    assert_int_equal(font_glyph_width(fx->sans, a.glyphs[2].gid), 222);
    assert_int_equal(a.width, 667 + 278 + 222);
    font_run kerned = font_shape(fx->sans, "A i", 3, true, fx->a);
    assert_int_equal(kerned.glyphs[0].advance, 667 - 55);
    double w = font_text_width(fx->sans, "A", 1, 12, true);
    assert_true(w > 8.003 && w < 8.005);
    assert_true(font_has_char(fx->sans, 'A'));
    assert_true(font_has_char(fx->sans, 0x20ac));  /* € */
    assert_true(font_has_char(fx->sans, 0x0141));  /* Ł */
    assert_false(font_has_char(fx->sans, 0x4e00)); /* 一 */
    assert_false(font_has_char(fx->sans, 0x1f600));
}

/* ---- PDF ---- */

/* Writes one line of shaped glyphs the way the render stage does: glyph
 * ids as Identity-H codes, with a TJ adjustment wherever the shaped advance
 * differs from the width the viewer takes from /W. */
static void draw_glyphs(font_pdf *fp, font_face *f, HPDF_Page page,
                        const font_glyph *glyphs, size_t n, const char *text,
                        double x, double y)
{
    font_pdf_mark(fp, f, glyphs, n, text, strlen(text));
    const char *name = font_pdf_use(fp, f, page);
    assert_non_null(name);

    HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
    char buf[64];
    snprintf(buf, sizeof buf, "BT /%s 12 Tf %.2f %.2f Td [<", name, x, y);
    HPDF_Stream_WriteStr(out, buf);
    for (size_t i = 0; i < n; i++) {
        const font_glyph *g = &glyphs[i];
        int32_t adjust = font_glyph_width(f, g->gid) - g->advance;
        snprintf(buf, sizeof buf, "%04X", g->gid);
        HPDF_Stream_WriteStr(out, buf);
        if (adjust && i + 1 < n) {
            snprintf(buf, sizeof buf, "> %d <", (int)adjust);
            HPDF_Stream_WriteStr(out, buf);
        }
    }
    HPDF_Stream_WriteStr(out, ">] TJ ET\n");
}

static void draw_text(font_pdf *fp, font_face *f, HPDF_Page page, arena *a,
                      const char *text, double x, double y)
{
    font_run run = font_shape(f, text, strlen(text), true, a);
    draw_glyphs(fp, f, page, run.glyphs, run.n, text, x, y);
}

/* "fine" drawn with the U+FB01 glyph in place of "fi", as a font with a
 * "liga" feature would shape it: one glyph whose cluster covers two
 * characters must extract as both. */
static void draw_ligature(font_pdf *fp, font_face *f, HPDF_Page page,
                          arena *a, double x, double y)
{
    font_run fi = font_shape(f, "\xef\xac\x81", 3, true, a);
    font_run fine = font_shape(f, "fine", 4, true, a);
    assert_int_equal(fi.n, 1);
    assert_int_equal(fine.n, 4);
    assert_int_not_equal(fi.glyphs[0].gid, 0);
    font_glyph g[3] = {fi.glyphs[0], fine.glyphs[2], fine.glyphs[3]};
    g[0].cluster = 0;
    draw_glyphs(fp, f, page, g, 3, "fine", x, y);
}

/* Makes a two-page PDF at `path`; returns the embedded font bytes. */
static size_t make_pdf(fixture *fx, const char *path)
{
    char err[200] = "";
    font_face *bold = font_lib_load(fx->lib, SANS_BOLD, err, sizeof err);
    font_face *italic = font_lib_load(fx->lib, SERIF_ITALIC, err, sizeof err);
    assert_non_null(bold);
    assert_non_null(italic);

    HPDF_Doc doc = HPDF_New(NULL, NULL);
    assert_non_null(doc);
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    arena *a = arena_new();
    deflater *z = deflater_new(6);
    font_pdf *fp = font_pdf_new(doc, z, a);

    HPDF_Page p1 = HPDF_AddPage(doc);
    draw_text(fp, fx->sans, p1, a, sample, 72, 700);
    draw_text(fp, bold, p1, a, "Bold AVATAR", 72, 680);
    assert_string_equal(font_pdf_use(fp, fx->sans, p1), "F1");
    assert_string_equal(font_pdf_use(fp, bold, p1), "F2");
    /* libharu's own text calls on the same page add to the same /Font
     * dictionary. */
    HPDF_Page_SetFontAndSize(p1, HPDF_GetFont(doc, "Helvetica", NULL), 12);
    HPDF_Page_BeginText(p1);
    HPDF_Page_TextOut(p1, 72, 660, "Helvetica");
    HPDF_Page_EndText(p1);

    HPDF_Page p2 = HPDF_AddPage(doc);
    draw_text(fp, italic, p2, a, "Italic page two", 72, 700);
    draw_text(fp, fx->sans, p2, a, "office", 72, 680);
    draw_ligature(fp, fx->sans, p2, a, 72, 660);
    /* Outside the Basic Multilingual Plane: the font has no glyph, so
     * .notdef is drawn, and extraction still gives the character back. */
    draw_text(fp, fx->sans, p2, a, "smile \xf0\x9f\x98\x80 q\xcc\x83", 72, 640);
    assert_string_equal(font_pdf_use(fp, italic, p2), "F1");
    assert_string_equal(font_pdf_use(fp, fx->sans, p2), "F2");

    assert_true(font_pdf_finish(fp, err, sizeof err));
    size_t bytes = font_pdf_bytes(fp);
    assert_int_equal(HPDF_SaveToFile(doc, path), HPDF_OK);
    HPDF_Free(doc);
    deflater_free(z);
    arena_free(a);
    return bytes;
}

/* Runs `cmd` (a format whose %s is the PDF's path) and returns its
 * standard output, its standard error in *err_text. */
static char *run_tool(fixture *fx, const char *cmd, const char *pdf,
                      char **err_text)
{
    char out[128], errf[128], line[512], full[1024];
    snprintf(out, sizeof out, "%s/out.txt", fx->dir);
    snprintf(errf, sizeof errf, "%s/err.txt", fx->dir);
    snprintf(line, sizeof line, cmd, pdf);
    snprintf(full, sizeof full, "%s > '%s' 2> '%s'", line, out, errf);
    int status = system(full);
    if (status != 0)
        fail_msg("%s failed (%d): %s", line, status, slurp(fx->a, errf, NULL));
    *err_text = slurp(fx->a, errf, NULL);
    return slurp(fx->a, out, NULL);
}

static void test_pdf_end_to_end(void **state)
{
    fixture *fx = *state;
    if (!have_tool("pdftotext") || !have_tool("pdffonts") || !have_tool("qpdf"))
        skip();
    char path[128];
    snprintf(path, sizeof path, "%s/e2e.pdf", fx->dir);
    size_t bytes = make_pdf(fx, path);
    assert_true(bytes > 1000 && bytes < 60000);

    char *err;
    char *text = run_tool(fx, "pdftotext -enc UTF-8 -f 1 -l 1 '%s' -", path, &err);
    assert_string_equal(err, "");
    char want[512];
    snprintf(want, sizeof want, "%s\nBold AVATAR\nHelvetica", sample);
    assert_string_equal(trim_end(text), want);
    text = run_tool(fx, "pdftotext -enc UTF-8 -f 2 -l 2 '%s' -", path, &err);
    assert_string_equal(err, "");
    assert_string_equal(trim_end(text), "Italic page two\noffice\nfine\n"
                                        "smile \xf0\x9f\x98\x80 q\xcc\x83");

    /* name type encoding emb sub uni object: three embedded subsets and
     * libharu's Helvetica. */
    char *fonts = run_tool(fx, "pdffonts '%s'", path, &err);
    assert_string_equal(err, "");
    const char *names[] = {"+LiberationSans ", "+LiberationSans-Bold ",
                           "+LiberationSerif-Italic "};
    for (size_t i = 0; i < 3; i++) {
        char *line = strstr(fonts, names[i]);
        assert_non_null(line);
        assert_true(line - fonts >= 6);
        for (int k = -6; k < 0; k++)
            assert_true(line[k] >= 'A' && line[k] <= 'Z');
        char *eol = strchr(line, '\n');
        assert_non_null(eol);
        *eol = '\0';
        assert_non_null(strstr(line, " CID TrueType "));
        assert_non_null(strstr(line, " Identity-H "));
        assert_non_null(strstr(line, " yes yes yes "));
        *eol = '\n';
    }
    assert_non_null(strstr(fonts, "Helvetica"));

    char *check = run_tool(fx, "qpdf --check '%s'", path, &err);
    assert_non_null(strstr(check, "No syntax or stream encoding errors"));
    assert_null(strstr(check, "WARNING"));
    assert_string_equal(err, "");
}

/* A face put on a page but never drawn with still makes a valid font (just
 * .notdef); glyphs marked for a face no page uses embed nothing. */
static void test_pdf_unused_face(void **state)
{
    fixture *fx = *state;
    char err[200] = "";
    font_face *bold = font_lib_load(fx->lib, SANS_BOLD, err, sizeof err);
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    arena *a = arena_new();
    deflater *z = deflater_new(6);
    font_pdf *fp = font_pdf_new(doc, z, a);
    HPDF_Page page = HPDF_AddPage(doc);
    assert_string_equal(font_pdf_use(fp, fx->sans, page), "F1");
    font_run r = font_shape(bold, "unused", 6, true, a);
    font_pdf_mark(fp, bold, r.glyphs, r.n, "unused", 6);
    assert_true(font_pdf_finish(fp, err, sizeof err));
    assert_true(font_pdf_finish(fp, err, sizeof err)); /* once only */
    assert_null(font_pdf_use(fp, fx->sans, page));
    size_t bytes = font_pdf_bytes(fp);
    assert_true(bytes > 0 && bytes < 2000);
    char path[128];
    snprintf(path, sizeof path, "%s/unused.pdf", fx->dir);
    assert_int_equal(HPDF_SaveToFile(doc, path), HPDF_OK);
    HPDF_Free(doc);
    deflater_free(z);
    arena_free(a);
    if (!have_tool("pdffonts") || !have_tool("qpdf"))
        skip();
    char *tool_err;
    char *out = run_tool(fx, "pdffonts '%s'", path, &tool_err);
    assert_non_null(strstr(out, "+LiberationSans "));
    assert_null(strstr(out, "Bold"));
    out = run_tool(fx, "qpdf --check '%s'", path, &tool_err);
    assert_string_equal(tool_err, "");
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
}

static void test_pdf_reproducible(void **state)
{
    fixture *fx = *state;
    char p1[128], p2[128];
    snprintf(p1, sizeof p1, "%s/r1.pdf", fx->dir);
    snprintf(p2, sizeof p2, "%s/r2.pdf", fx->dir);
    make_pdf(fx, p1);
    make_pdf(fx, p2);
    size_t n1, n2;
    char *b1 = slurp(fx->a, p1, &n1);
    char *b2 = slurp(fx->a, p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_reject_files),
        cmocka_unit_test(test_kerning),
        cmocka_unit_test(test_no_ligatures),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_pdf_end_to_end),
        cmocka_unit_test(test_pdf_unused_face),
        cmocka_unit_test(test_pdf_reproducible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
