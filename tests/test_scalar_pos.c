/* Places inside YAML values that YAML reshaped: folded, quoted, escaped. */
#include "testutil.h"

#include "load/scalar_pos.h"

/* The place of the first `needle` in the value `t` (file positions). */
static srcpos place_of(const model_text *t, const char *needle)
{
    const char *at = strstr(t->s, needle);
    assert_non_null(at);
    return scalar_pos_at(t, (size_t)(at - t->s));
}

static model_text text(const char *value, const char *raw,
                       model_text_style style, unsigned line, unsigned col)
{
    return (model_text){.s = value, .len = strlen(value), .pos = {line, col},
                        .content = {line, col}, .style = style, .raw = raw,
                        .raw_len = raw ? strlen(raw) : 0};
}

static void test_plain_folded_lines(void **state)
{
    (void)state;
    /* summary: A plain paragraph\n  over a second <b>line</b>. */
    model_text t = text("A plain paragraph over a second <b>line</b>.",
                        "A plain paragraph\n  over a second <b>line</b>.",
                        MODEL_TEXT_PLAIN, 3, 10);
    srcpos p = place_of(&t, "<b>");
    assert_int_equal(p.line, 4);
    assert_int_equal(p.col, 17);
    p = place_of(&t, "plain");
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 12);
}

static void test_double_quoted_escapes(void **state)
{
    (void)state;
    /* \u00e9 is two bytes in the value and six characters in the file; an
     * escaped line break stands for nothing */
    model_text t = text("caf\xC3\xA9\n\n# Heading x",
                        "\"caf\\u00e9\\n\\\n   \\n# Heading \\x78\"",
                        MODEL_TEXT_DOUBLE_QUOTED, 2, 5);
    srcpos p = place_of(&t, "#");
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 6);
    p = place_of(&t, "x");
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 16);
}

static void test_single_quoted_doubled_quote(void **state)
{
    (void)state;
    model_text t = text("it's <b>x</b>", "'it''s <b>x</b>'",
                        MODEL_TEXT_SINGLE_QUOTED, 1, 7);
    srcpos p = place_of(&t, "<b>");
    assert_int_equal(p.line, 1);
    assert_int_equal(p.col, 14);
}

static void test_folded_block_keeps_more_indented_lines(void **state)
{
    (void)state;
    const char *raw = ">-  # a comment\n"
                      "  one\n"
                      "  two\n"
                      "\n"
                      "    indented <i>\n"
                      "  last <b>\n";
    model_text t = text("one two\n\n  indented <i>\nlast <b>", raw,
                        MODEL_TEXT_FOLDED, 7, 13);
    srcpos p = place_of(&t, "<i>");
    assert_int_equal(p.line, 11);
    assert_int_equal(p.col, 14);
    p = place_of(&t, "<b>");
    assert_int_equal(p.line, 12);
    assert_int_equal(p.col, 8);
}

static void test_crlf_lines(void **state)
{
    (void)state;
    model_text t = text("a b <b>", "a\r\n  b <b>", MODEL_TEXT_PLAIN, 5, 3);
    srcpos p = place_of(&t, "<b>");
    assert_int_equal(p.line, 6);
    assert_int_equal(p.col, 5);
}

static void test_unicode_line_breaks(void **state)
{
    (void)state;
    /* plain text folded over a NEL and an LS (YAML 1.1 line breaks) */
    model_text t = text("one two <b>", "one\xC2\x85  two\xE2\x80\xA8   <b>",
                        MODEL_TEXT_PLAIN, 2, 9);
    srcpos p = place_of(&t, "two");
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 3);
    p = place_of(&t, "<b>");
    assert_int_equal(p.line, 4);
    assert_int_equal(p.col, 4);
    /* an escaped NEL in double quotes stands for nothing */
    model_text d = text("ab<i>", "\"a\\\xC2\x85  b<i>\"",
                        MODEL_TEXT_DOUBLE_QUOTED, 1, 5);
    p = place_of(&d, "<i>");
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 4);
}

static void test_mismatch_falls_back(void **state)
{
    (void)state;
    /* raw that is not this value's source: no exact place is claimed */
    assert_int_equal(scalar_pos_raw_offset(MODEL_TEXT_PLAIN, "abc", 3, "xyz",
                                           3, 2),
                     SCALAR_POS_NONE);
    model_text t = text("abc", "xyz", MODEL_TEXT_PLAIN, 4, 9);
    srcpos p = scalar_pos_at(&t, 2);
    assert_int_equal(p.line, 4);
    assert_int_equal(p.col, 11);
}

static void test_literal_lines_are_file_lines(void **state)
{
    (void)state;
    model_text t = {.s = "one\ntwo <b>", .len = 11, .pos = {3, 10},
                    .content = {4, 5}, .style = MODEL_TEXT_LITERAL};
    srcpos p = place_of(&t, "<b>");
    assert_int_equal(p.line, 5);
    assert_int_equal(p.col, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_folded_lines),
        cmocka_unit_test(test_double_quoted_escapes),
        cmocka_unit_test(test_single_quoted_doubled_quote),
        cmocka_unit_test(test_folded_block_keeps_more_indented_lines),
        cmocka_unit_test(test_crlf_lines),
        cmocka_unit_test(test_unicode_line_breaks),
        cmocka_unit_test(test_mismatch_falls_back),
        cmocka_unit_test(test_literal_lines_are_file_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
