/* Archival PDFs (issue 6) through the library, whatever the command line
 * offers: every example built as PDF/A-3a, checked by tests/pdfa_check,
 * its sources read back byte for byte; the same bytes on every build; a
 * document ID that changes with any change to the source;
 * SOURCE_DATE_EPOCH; and the reader of attachments against damaged files,
 * unsafe names and symbolic links. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "cli/build.h"
#include "extract/extract.h"
#include "pdf/pdf_read.h"

static build_worker *worker;
static bool expect_failure; /* do not print the messages of a failure */

static const char *const examples[] = {
    "examples/techuk-2022-03-08.yaml",
    "examples/digital-forensics-2022-04-12.yaml",
    "examples/net-zero-estates-2022-09-20.yaml",
    "examples/pack/public-safety-pack.yaml",
};

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Builds `input` (or `data` under the name `input`); false on failure,
 * with the messages printed. */
static bool build(const char *input, const char *data, size_t len, bool archive,
                  bool handout, render_result *r, char *msg, size_t msg_size)
{
    arena *mem = arena_new();
    diag d;
    diag_init(&d, mem);
    build_options opt = {.load = {.root = BRIEFPACK_ROOT, .max_input = 16u << 20},
                         .archive = archive,
                         .handout = handout};
    bool ok = build_file(worker, input, data, len, &opt, r, &d);
    if (msg_size)
        msg[0] = '\0';
    if (d.n && msg_size)
        diag_format(&d.items[0], msg, msg_size);
    if (!ok && !expect_failure)
        diag_print(&d, stderr);
    arena_free(mem);
    return ok;
}

/* The document ID: the first string of the trailer's /ID, as hex. */
static void pdf_id(const render_result *r, char out[33])
{
    arena *a = arena_new_lasting();
    pdf_reader rd;
    char err[256];
    assert_true(pdf_reader_open(&rd, r->pdf, r->size, a, err, sizeof err));
    assert_non_null(rd.trailer);
    pdf_value *id = pdf_get(&rd, rd.trailer, "ID");
    assert_true(id && id->kind == PV_ARRAY && id->n == 2);
    pdf_value *first = pdf_resolve(&rd, id->items[0]);
    assert_true(first && first->kind == PV_STRING && first->len == 16);
    for (size_t i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02X", first->s[i]);
    pdf_reader_close(&rd);
    arena_free(a);
}

static bool contains(const render_result *r, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= r->size; i++)
        if (memcmp(r->pdf + i, s, n) == 0)
            return true;
    return false;
}

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    worker = build_worker_new(BRIEFPACK_ROOT);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/briefpack-archive-XXXXXX");
    return worker && mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    build_worker_free(worker);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Every example: PDF/A-3a by the checker, sources back byte for byte, the
 * same bytes twice. */
static void test_examples(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0] + 1; i++) {
        bool handout = i == sizeof examples / sizeof examples[0];
        const char *in = handout ? examples[0] : examples[i];
        render_result a, b;
        char msg[512];
        assert_true(build(in, NULL, 0, true, handout, &a, msg, sizeof msg));
        assert_true(build(in, NULL, 0, true, handout, &b, msg, sizeof msg));
        assert_int_equal(a.size, b.size);
        assert_memory_equal(a.pdf, b.pdf, a.size);
        assert_memory_equal(a.pdf, "%PDF-1.7\n", 9);

        extract_list l;
        char err[256];
        assert_true(extract_read(a.pdf, a.size, &l, err, sizeof err));
        assert_true(l.top != EXTRACT_NONE);
        size_t len;
        unsigned char *src = slurp(in, &len);
        assert_int_equal(l.files[l.top].len, len);
        assert_memory_equal(l.files[l.top].data, src, len);
        free(src);
        const char *slash = strrchr(in, '/');
        assert_string_equal(l.files[l.top].name, slash + 1);
        assert_string_equal(l.files[l.top].mime, "application/yaml");
        /* every attached file is the file at its name */
        char dir[256];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - in), in);
        for (size_t k = 0; k < l.n; k++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, l.files[k].name);
            unsigned char *f = slurp(path, &len);
            assert_int_equal(l.files[k].len, len);
            assert_memory_equal(l.files[k].data, f, len);
            free(f);
        }
        if (strstr(in, "pack"))
            assert_int_equal(l.n, 4);
        if (strstr(in, "digital-forensics"))
            assert_int_equal(l.n, 4); /* the YAML and three photos */
        extract_list_free(&l);

        char pdf[128], cmd[256];
        snprintf(pdf, sizeof pdf, "%s/example%zu.pdf", tmpdir, i);
        spit(pdf, a.pdf, a.size);
        snprintf(cmd, sizeof cmd, "python3 tests/pdfa_check '%s'", pdf);
        assert_int_equal(system(cmd), 0);
        if (strstr(in, "digital-forensics")) {
            /* the checker finds each of a list of breakages in it */
            snprintf(cmd, sizeof cmd,
                     "python3 tests/pdfa_check --self-test '%s' | grep -v '^PASS'", pdf);
            assert_int_not_equal(system(cmd), 0); /* grep found no FAIL */
        }
        free(a.pdf);
        free(b.pdf);
    }
}

/* The document ID is always there and follows the source: one character
 * more in a comment, which changes nothing visible, changes it. */
static void test_document_id(void **state)
{
    (void)state;
    size_t len;
    unsigned char *src = slurp(examples[0], &len);
    char *changed = malloc(len + 1);
    memcpy(changed, src, len);
    char *hash = memchr(changed, '#', len);
    assert_non_null(hash);
    hash[1] = hash[1] == 'x' ? 'y' : 'x';
    for (int archive = 0; archive < 2; archive++) {
        render_result a, b, c;
        char msg[256], ida[33], idb[33], idc[33];
        assert_true(build("techuk.yaml", (const char *)src, len, archive, false, &a, msg, sizeof msg));
        assert_true(build("techuk.yaml", (const char *)src, len, archive, false, &c, msg, sizeof msg));
        assert_true(build("techuk.yaml", changed, len, archive, false, &b, msg, sizeof msg));
        pdf_id(&a, ida);
        pdf_id(&b, idb);
        pdf_id(&c, idc);
        assert_string_not_equal(ida, "00000000000000000000000000000000");
        assert_string_equal(ida, idc);
        assert_string_not_equal(ida, idb);
        free(a.pdf);
        free(b.pdf);
        free(c.pdf);
    }
    free(changed);
    free(src);
}

static void test_source_date_epoch(void **state)
{
    (void)state;
    render_result r;
    char msg[512];
    assert_true(build(examples[0], NULL, 0, true, false, &r, msg, sizeof msg));
    /* the file's own date (published, else date) at midnight UTC */
    assert_true(contains(&r, "/CreationDate (D:20220318000000+00'00')"));
    assert_true(contains(&r, "<xmp:CreateDate>2022-03-18T00:00:00+00:00</xmp:CreateDate>"));
    free(r.pdf);

    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_true(build(examples[0], NULL, 0, true, false, &r, msg, sizeof msg));
    assert_true(contains(&r, "/CreationDate (D:20231114221320+00'00')"));
    assert_true(contains(&r, "/ModDate (D:20231114221320+00'00')"));
    assert_true(contains(&r, "<xmp:CreateDate>2023-11-14T22:13:20+00:00</xmp:CreateDate>"));
    assert_true(contains(&r, "<xmp:ModifyDate>2023-11-14T22:13:20+00:00</xmp:ModifyDate>"));
    free(r.pdf);

    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    expect_failure = true;
    assert_false(build(examples[0], NULL, 0, false, false, &r, msg, sizeof msg));
    expect_failure = false;
    assert_non_null(strstr(msg, "SOURCE_DATE_EPOCH"));
    assert_null(r.pdf);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_unsafe_names(void **state)
{
    (void)state;
    const char *good[] = {"a.yaml", "photos/x.png", "roundtables/2022/a b.yaml",
                          "Siobh\xc3\xa1n.jpg", "_outside/home/u/x.png", "..a", "a..b"};
    const char *bad[] = {"", "/etc/passwd", "../x.yaml", "a/../../x", "a/./b",
                         "./a", "a//b", "a/", "a\\b", "a\nb", "..", "."};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_null(extract_unsafe_name(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_non_null(extract_unsafe_name(bad[i]));
}

/* Truncated and damaged files: never a crash, never a wrong byte. */
static void test_damaged(void **state)
{
    (void)state;
    render_result r;
    char msg[256];
    assert_true(build(examples[1], NULL, 0, true, false, &r, msg, sizeof msg));
    size_t len;
    unsigned char *src = slurp(examples[1], &len);
    unsigned char *copy = malloc(r.size);
    uint32_t seed = 12345;
    for (int round = 0; round < 600; round++) {
        size_t n = r.size;
        memcpy(copy, r.pdf, r.size);
        seed = seed * 1103515245u + 12345u;
        if (round < 300) {
            n = (size_t)seed % r.size; /* cut short */
        } else {
            size_t at = (seed >> 8) % r.size; /* one byte changed */
            copy[at] = (unsigned char)(copy[at] ^ (1u << (round % 8)));
        }
        extract_list l;
        char err[256];
        bool ok = extract_read(copy, n, &l, err, sizeof err);
        if (ok && l.top != EXTRACT_NONE && strcmp(l.files[l.top].name,
                                                  "digital-forensics-2022-04-12.yaml") == 0) {
            assert_int_equal(l.files[l.top].len, len);
            assert_memory_equal(l.files[l.top].data, src, len);
        }
        if (!ok)
            assert_true(err[0] != '\0');
        extract_list_free(&l);
    }
    free(copy);
    free(src);
    free(r.pdf);
}

static void test_extract_to_folder(void **state)
{
    (void)state;
    render_result r;
    char msg[256];
    assert_true(build(examples[1], NULL, 0, true, false, &r, msg, sizeof msg));
    char pdf[128], out[128], cmd[1024];
    snprintf(pdf, sizeof pdf, "%s/df.pdf", tmpdir);
    spit(pdf, r.pdf, r.size);
    free(r.pdf);
    FILE *devnull = fopen("/dev/null", "w");

    /* every file at its place, then again over the first copy */
    snprintf(out, sizeof out, "%s/out", tmpdir);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(extract_main(pdf, out, devnull), 0);
        snprintf(cmd, sizeof cmd,
                 "cmp -s '%s/digital-forensics-2022-04-12.yaml' "
                 "examples/digital-forensics-2022-04-12.yaml && "
                 "cmp -s '%s/photos/zoe-adeyemi.png' examples/photos/zoe-adeyemi.png && "
                 "cmp -s '%s/photos/siobhan-ni-bhriain.jpg' examples/photos/siobhan-ni-bhriain.jpg",
                 out, out, out);
        assert_int_equal(system(cmd), 0);
    }

    /* a symbolic link on the way out is not followed */
    char sneaky[128], elsewhere[128];
    snprintf(sneaky, sizeof sneaky, "%s/sneaky", tmpdir);
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", tmpdir);
    assert_int_equal(mkdir(sneaky, 0777), 0);
    assert_int_equal(mkdir(elsewhere, 0777), 0);
    snprintf(cmd, sizeof cmd, "%s/photos", sneaky);
    assert_int_equal(symlink(elsewhere, cmd), 0);
    assert_int_equal(extract_main(pdf, sneaky, devnull), 1);
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", elsewhere);
    assert_int_equal(system(cmd), 0);

    /* a PDF without a source, and one that is no PDF */
    render_result plain;
    assert_true(build(examples[0], NULL, 0, false, false, &plain, msg, sizeof msg));
    snprintf(pdf, sizeof pdf, "%s/plain.pdf", tmpdir);
    spit(pdf, plain.pdf, plain.size);
    free(plain.pdf);
    assert_int_equal(extract_main(pdf, NULL, devnull), 1);
    assert_int_equal(extract_main(examples[0], NULL, devnull), 1);
    assert_int_equal(extract_main("/nonexistent/x.pdf", NULL, devnull), 1);
    fclose(devnull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_document_id),
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_unsafe_names),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_extract_to_folder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
