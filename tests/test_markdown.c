/* Markdown fields → blocks and runs, and errors at YAML places. */
#include "testutil.h"

#include "typeset/markdown.h"

static model_text literal(const char *s, unsigned line, unsigned col)
{
    /* as the loader fills a `|` block whose first content line is `line`,
     * indented so its text starts at column `col` */
    return (model_text){.s = s, .len = strlen(s), .pos = {line - 1, col - 2},
                        .content = {line, col}, .style = MODEL_TEXT_LITERAL};
}

static char *runs_text(const md_block *b, arena *a)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_runs; i++)
        n += b->runs[i].len;
    char *s = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < b->n_runs; i++) {
        memcpy(s + k, b->runs[i].text, b->runs[i].len);
        k += b->runs[i].len;
    }
    return s;
}

static void test_inline_styles_and_links(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    model_text t = literal("Plain **strong** and *em* with `code` and "
                           "[a link](https://example.org).\n", 5, 3);
    md_doc doc = markdown_blocks(&t, "f.yaml", a, &d);
    assert_int_equal(d.errors, 0);
    assert_int_equal(doc.n, 1);
    const md_block *b = &doc.blocks[0];
    assert_int_equal(b->kind, MD_PARAGRAPH);
    assert_string_equal(runs_text(b, a),
                        "Plain strong and em with code and a link.");
    bool strong = false, em = false, code = false, link = false;
    for (size_t i = 0; i < b->n_runs; i++) {
        const md_run *r = &b->runs[i];
        if (r->style & MD_STYLE_STRONG)
            strong = strncmp(r->text, "strong", r->len) == 0;
        if (r->style & MD_STYLE_EMPH)
            em = strncmp(r->text, "em", r->len) == 0;
        if (r->style & MD_STYLE_CODE)
            code = strncmp(r->text, "code", r->len) == 0;
        if (r->link) {
            link = strcmp(r->link, "https://example.org") == 0 &&
                   strncmp(r->text, "a link", r->len) == 0;
        }
    }
    assert_true(strong && em && code && link);
    arena_free(a);
}

static void test_smart_punctuation(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    model_text t = literal("\"Quoted\" -- it's 2020---2022...\n", 3, 3);
    md_block b = markdown_inline(&t, "a takeaway", "f.yaml", a, &d);
    assert_string_equal(runs_text(&b, a),
                        "\u201cQuoted\u201d \u2013 it\u2019s 2020\u20142022\u2026");
    arena_free(a);
}

static void test_inline_field_is_one_paragraph(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    /* a takeaway written as a `|` block whose text starts at 10:7 */
    model_text t = literal("First.\n\nSecond.\n\n- a list\n\n> quoted\n", 10, 7);
    markdown_inline(&t, "a takeaway", "f.yaml", a, &d);
    assert_int_equal(d.errors, 3);
    char buf[512];
    diag_format(&d.items[0], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:12:7: error: a takeaway is a single paragraph"));
    diag_format(&d.items[1], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:14:7: error: a takeaway cannot hold a list"));
    assert_non_null(strstr(buf, "points:"));
    diag_format(&d.items[2], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:16:7: error: a takeaway cannot hold a block quote"));
    /* escaped, the same characters are text */
    diag_init(&d, a);
    model_text ok = literal("1\\. First \\- then \\> this\n", 3, 3);
    md_block b = markdown_inline(&ok, "a question", "f.yaml", a, &d);
    assert_int_equal(d.errors, 0);
    assert_string_equal(runs_text(&b, a), "1. First - then > this");
    arena_free(a);
}

static void test_nested_lists_flatten(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    model_text t = literal("Intro.\n\n- one\n- two\n  - two.a\n- three\n\n"
                           "> quoted\n\n3. third\n4. fourth\n", 10, 3);
    md_doc doc = markdown_blocks(&t, "f.yaml", a, &d);
    assert_int_equal(d.errors, 0);
    assert_int_equal(doc.n, 8);
    assert_int_equal(doc.blocks[0].kind, MD_PARAGRAPH);
    assert_int_equal(doc.blocks[1].kind, MD_LIST_ITEM);
    assert_int_equal(doc.blocks[1].depth, 1);
    assert_int_equal(doc.blocks[3].depth, 2);
    assert_string_equal(runs_text(&doc.blocks[3], a), "two.a");
    assert_int_equal(doc.blocks[4].depth, 1);
    assert_int_equal(doc.blocks[5].quote, 1);
    assert_true(doc.blocks[6].ordered);
    assert_int_equal(doc.blocks[6].number, 3);
    assert_int_equal(doc.blocks[7].number, 4);
    /* places: "- two" is line 4 of the text, so line 13 of the file */
    assert_int_equal(doc.blocks[2].pos.line, 13);
    arena_free(a);
}

static void test_rejects_at_yaml_place(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    /* text starts at line 20, column 5 of the file */
    model_text t = literal("Fine.\n\n## Heading\n\n<div>html</div>\n\n"
                           "An ![image](x.png) here.\n", 20, 5);
    markdown_blocks(&t, "f.yaml", a, &d);
    assert_int_equal(d.errors, 3);
    char buf[512];
    diag_format(&d.items[0], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:22:5: error: headings"));
    diag_format(&d.items[1], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:24:5: error: raw HTML"));
    diag_format(&d.items[2], buf, sizeof buf);
    assert_non_null(strstr(buf, "f.yaml:26:"));
    assert_non_null(strstr(buf, "images"));
    arena_free(a);
}

static void test_plain_scalar_place(void **state)
{
    (void)state;
    model_text t = {.s = "abcdef", .len = 6, .pos = {7, 12}, .content = {7, 12},
                    .style = MODEL_TEXT_PLAIN};
    srcpos p = markdown_yaml_pos(&t, 1, 4);
    assert_int_equal(p.line, 7);
    assert_int_equal(p.col, 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_styles_and_links),
        cmocka_unit_test(test_smart_punctuation),
        cmocka_unit_test(test_nested_lists_flatten),
        cmocka_unit_test(test_inline_field_is_one_paragraph),
        cmocka_unit_test(test_rejects_at_yaml_place),
        cmocka_unit_test(test_plain_scalar_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
