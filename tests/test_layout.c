/* The layout stage alone (issue 17), in the manner of cmark's api_test:
 * models and flows built in code, laid out, and the display list checked —
 * lines and their keep rules, pages and kept groups, a briefing's parts,
 * roles and reading order, links resolved to pages, no widow or orphan. */
#include "testutil.h"

#include "base/arena.h"
#include "base/diag.h"
#include "briefing/briefing.h"
#include "layout/layout.h"
#include "load/load.h"
#include "typeset/font.h"
#include "typeset/markdown.h"

#define FONT(name) BRIEFPACK_ROOT "/fonts/" name ".ttf"

typedef struct fixture {
    font_lib *fonts;
    layout_theme th;
    arena *a;
    arena *msgs;
    diag d;
} fixture;

static font_face *face(fixture *fx, const char *path)
{
    char err[256];
    font_face *f = font_lib_load(fx->fonts, path, err, sizeof err);
    assert_non_null(f);
    return f;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->fonts = font_lib_new();
    layout_theme *th = &fx->th;
    th->text.regular = face(fx, FONT("LiberationSans-Regular"));
    th->text.bold = face(fx, FONT("LiberationSans-Bold"));
    th->text.italic = face(fx, FONT("LiberationSans-Italic"));
    th->text.bold_italic = face(fx, FONT("LiberationSans-BoldItalic"));
    th->text.code = face(fx, FONT("LiberationMono-Regular"));
    th->heading = th->text.bold;
    th->primary = (model_colour){0, 48, 87};
    th->accent = (model_colour){0, 110, 160};
    th->ink = (model_colour){29, 29, 27};
    th->muted = (model_colour){95, 99, 104};
    th->rule = th->tint = (model_colour){200, 200, 200};
    th->page_w = 595.276;
    th->page_h = 841.89;
    th->margin_l = th->margin_r = 85;
    th->margin_t = 84;
    th->margin_b = 78;
    th->size = 11;
    th->leading = 16;
    th->kerning = true;
    th->title = "A roundtable";
    th->footer = "Footer";
    fx->a = arena_new_lasting();
    fx->msgs = arena_new_lasting();
    diag_init(&fx->d, fx->msgs);
    /* the words of folios and blank pages */
    load_options lo = {.root = BRIEFPACK_ROOT};
    th->catalog = load_language_catalog("en-GB", &lo, fx->a, &fx->d);
    *state = fx;
    return th->catalog ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    arena_free(fx->a);
    arena_free(fx->msgs);
    font_lib_free(fx->fonts);
    free(fx);
    return 0;
}

static model_text text(const char *s)
{
    return (model_text){.s = s, .len = strlen(s), .pos = {1, 1},
                        .content = {1, 1}};
}

static const char *const words =
    "Procurement frameworks were discussed at length, with suppliers "
    "describing the cost of bidding for work that is then delayed or "
    "cancelled, and the department describing the assurance it needs "
    "before money can be committed to a programme of this size. ";

static const char *repeat(arena *a, const char *s, int n)
{
    const char *out = "";
    for (int i = 0; i < n; i++)
        out = arena_printf(a, "%s%s", out, s);
    return out;
}

/* --- the engine ---------------------------------------------------------- */

/* The first box of `role` whose text is `s`, and its page (or NULL). */
static const dl_box *find(const dl_doc *doc, dl_role role, const char *s,
                          size_t *page)
{
    for (size_t i = 0; i < doc->n_pages; i++)
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const dl_box *b = &doc->pages[i].boxes[k];
            if (b->kind == DL_TEXT && b->role == role &&
                strcmp(b->u.text.utf8, s) == 0) {
                if (page)
                    *page = i;
                return b;
            }
        }
    return NULL;
}


static void test_paragraph_lines_and_keeps(void **state)
{
    fixture *fx = *state;
    layout L;
    dl_doc doc = {.width = fx->th.page_w, .height = fx->th.page_h};
    layout_init(&L, fx->a, &fx->th, &doc);
    md_block mb = markdown_plain(repeat(fx->a, words, 2), fx->a);
    layout_para p = {.x = 85, .width = 200, .size = 11, .leading = 16,
                     .colour = fx->th.ink, .role = DL_ROLE_PARAGRAPH};
    unsigned el = layout_node(&L, DL_TAG_P);
    size_t first;
    size_t n = layout_paragraph(&L, mb.runs, mb.n_runs, &p, el, &first);
    assert_true(n >= 5);
    assert_int_equal(first, 0);
    assert_int_equal(L.n, n);
    for (size_t i = 0; i < n; i++) {
        const layout_item *it = &L.items[i];
        assert_true(it->height == 16);
        assert_int_equal(it->line, i);
        assert_int_equal(it->lines, n);
        for (size_t k = 0; k < it->n; k++) {
            assert_int_equal(it->boxes[k].role, DL_ROLE_PARAGRAPH);
            assert_int_equal(it->boxes[k].node, el);
            /* inside the measure */
            if (it->boxes[k].kind == DL_TEXT)
                assert_true(it->boxes[k].x + layout_box_text_width(&it->boxes[k]) <=
                            85 + 200 + 0.01);
        }
    }
    /* no orphan (the first line keeps with the second), no widow (the one
     * before last keeps with the last), the middle free to break */
    assert_true(L.items[0].keep_with_next);
    assert_true(L.items[n - 2].keep_with_next);
    assert_false(L.items[1].keep_with_next);
    assert_false(L.items[n - 1].keep_with_next);
}

static void test_paginate_keeps_groups_whole(void **state)
{
    fixture *fx = *state;
    layout L;
    dl_doc doc = {.width = fx->th.page_w, .height = fx->th.page_h};
    layout_init(&L, fx->a, &fx->th, &doc);
    /* 679.89 pt of text area: two items of 300 fit, the third does not;
     * a group of two kept together moves whole to the next page */
    for (int i = 0; i < 4; i++) {
        layout_item *it = layout_item_new(&L, 300);
        dl_box *b = layout_item_box(&L, it, DL_RECT, DL_ROLE_ARTIFACT);
        b->w = b->h = 10;
        b->x = i; /* which item this is */
        it->keep_with_next = i == 1;
    }
    layout_item *forced = layout_item_new(&L, 10);
    forced->new_page = true;
    layout_item_box(&L, forced, DL_RECT, DL_ROLE_ARTIFACT)->x = 9;
    layout_paginate(&L);
    assert_int_equal(doc.n_pages, 4);
    assert_int_equal(doc.pages[0].n, 1);          /* item 0 alone */
    assert_int_equal(doc.pages[1].n, 2);          /* items 1 and 2, kept */
    assert_true(doc.pages[1].boxes[0].x == 1);
    assert_true(doc.pages[1].boxes[1].x == 2);
    assert_true(doc.pages[2].boxes[0].x == 3);
    assert_true(doc.pages[3].boxes[0].x == 9);    /* new_page */
    /* placed from the top margin down */
    assert_true(doc.pages[1].boxes[0].y == fx->th.margin_t);
    assert_true(doc.pages[1].boxes[1].y == fx->th.margin_t + 300);
    assert_int_equal(L.n, 0);                     /* the flow is cleared */
}

/* A line of body text in the flow: an item of the body leading on the
 * grid, one box at its baseline. */
static layout_item *grid_line(layout *L, double space_before)
{
    layout_item *it = layout_item_new(L, 16);
    it->grid = true;
    it->space_before = space_before;
    dl_box *b = layout_item_box(L, it, DL_RECT, DL_ROLE_ARTIFACT);
    b->w = b->h = 1;
    return it;
}

static void test_paginate_grid(void **state)
{
    fixture *fx = *state;
    layout L;
    dl_doc doc = {.width = fx->th.page_w, .height = fx->th.page_h};
    layout_init(&L, fx->a, &fx->th, &doc);
    /* a line, a heading of 22 pt with 26 pt above it and a 4 pt spacer
     * after it (52 pt: not a whole number of 16 pt lines), a line, then a
     * line 7 pt below it */
    grid_line(&L, 0);
    layout_item *h = layout_item_new(&L, 22);
    h->space_before = 26;
    h->keep_with_next = true;
    layout_item_box(&L, h, DL_RECT, DL_ROLE_ARTIFACT)->w = 2;
    layout_item *gap = layout_item_new(&L, 4);
    gap->keep_with_next = true;
    grid_line(&L, 0);
    grid_line(&L, 7);
    layout_paginate(&L);
    assert_int_equal(doc.n_pages, 1);
    const dl_box *b = doc.pages[0].boxes;
    double top = fx->th.margin_t;
    /* every line of body text on the grid: a whole number of lines from
     * the top */
    assert_true(b[0].y == top);
    assert_true(b[2].y == top + 80);   /* 16 + 52 = 68 → the grid line at 80 */
    assert_true(b[3].y == top + 112);  /* 96 + 7 → 112, a whole line */
    /* the heading moved down with its line: the 12 pt the grid takes are
     * above it (26 + 12), the 4 pt under it kept */
    assert_true(b[1].y == top + 80 - 4 - 22);
}

static void test_paginate_two_sided(void **state)
{
    fixture *fx = *state;
    layout_theme th = fx->th;
    th.duplex = true;
    layout L;
    dl_doc doc = {.width = th.page_w, .height = th.page_h};
    layout_init(&L, fx->a, &th, &doc);
    /* three parts that start a page, of 1, 2 and 1 pages */
    int pages[] = {1, 2, 1};
    for (int part = 0; part < 3; part++)
        for (int i = 0; i < pages[part]; i++) {
            layout_item *it = layout_item_new(&L, 600);
            it->new_page = i == 0;
            layout_item_box(&L, it, DL_RECT, DL_ROLE_ARTIFACT)->x = part;
        }
    layout_paginate(&L);
    /* 1: part 0; 2: blank; 3, 4: part 1; 5: part 2 (no blank needed) */
    assert_int_equal(doc.n_pages, 5);
    bool blank[] = {false, true, false, false, false};
    bool by_rule[] = {true, true, true, false, true};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(doc.pages[i].blank, blank[i]);
        assert_int_equal(doc.pages[i].by_rule, by_rule[i]);
        assert_int_equal(doc.pages[i].n, blank[i] ? 0 : 1);
    }
    assert_true(doc.pages[4].boxes[0].x == 2);
    /* the blank page says so, as an artifact, and has no folio; the
     * others' folios say their place */
    layout_furniture(&L, 0);
    const dl_box *notice = find(&doc, DL_ROLE_ARTIFACT,
                                "This page is intentionally left blank", NULL);
    assert_non_null(notice);
    assert_int_equal(notice->node, 0);
    size_t page = 9;
    assert_non_null(find(&doc, DL_ROLE_FOOTER, "Page 3 of 5", &page));
    assert_int_equal(page, 2);
    assert_null(find(&doc, DL_ROLE_FOOTER, "Page 2 of 5", NULL));
    /* a left-hand page is mirrored: its boxes move by the margins'
     * difference (here none: margins 85/85), its folio on the left */
    const dl_box *folio = find(&doc, DL_ROLE_FOOTER, "Page 4 of 5", &page);
    assert_true(folio->x == th.margin_l);
}

static void test_paginate_short_tail(void **state)
{
    fixture *fx = *state;
    layout L;
    dl_doc doc = {.width = fx->th.page_w, .height = fx->th.page_h};
    layout_init(&L, fx->a, &fx->th, &doc);
    /* 45 lines of text: 42 fill the 679.89 pt page, 3 would be left */
    for (int i = 0; i < 45; i++)
        grid_line(&L, 0);
    layout_paginate(&L);
    assert_int_equal(doc.n_pages, 2);
    double area = fx->th.page_h - fx->th.margin_b - fx->th.margin_t;
    size_t second = doc.pages[1].n;
    /* the second page got enough of the text to be a third full */
    assert_true(second * 16 >= area / 3);
    assert_true(doc.pages[0].n * 16 >= area / 2);
    assert_false(doc.pages[1].by_rule);
}

/* --- a briefing ---------------------------------------------------------- */

static model_roundtable *roundtable(fixture *fx, int paragraphs)
{
    arena *a = fx->a;
    model_roundtable *rt = arena_alloc(a, sizeof *rt);
    model_brand *br = arena_alloc(a, sizeof *br);
    br->name = text("Test brand");
    rt->brand_model = br;
    rt->path = "test.yaml";
    rt->title = text("A roundtable");
    rt->date = (model_date){true, 2024, 5, 1, {1, 1}};
    rt->host = text("The host");
    rt->language = text("en-GB");
    diag cd;
    diag_init(&cd, a);
    load_options lo = {.root = BRIEFPACK_ROOT};
    rt->catalog = load_language_catalog("en-GB", &lo, a, &cd);
    assert_non_null(rt->catalog);
    fx->th.catalog = rt->catalog;   /* the folios' words */
    rt->summary = text(repeat(a, "A summary that [links to the first question](#q1). ", 1));
    rt->n_questions = 2;
    rt->questions = arena_calloc(a, 2, sizeof *rt->questions);
    for (int i = 0; i < 2; i++) {
        model_question *q = &rt->questions[i];
        q->question = text(i ? "What should change?" : "What works today?");
        q->n_takeaways = 3;
        q->takeaways = arena_calloc(a, 3, sizeof *q->takeaways);
        for (int k = 0; k < 3; k++)
            q->takeaways[k].text = text("A point made by more than one attendee.");
    }
    rt->n_sections = 1;
    rt->sections = arena_calloc(a, 1, sizeof *rt->sections);
    rt->sections[0].heading = text("Discussion");
    const char *body = "";
    for (int i = 0; i < paragraphs; i++)
        body = arena_printf(a, "%s%s\n\n", body, words);
    rt->sections[0].body = text(body);
    rt->n_speakers = 1;
    rt->speakers = arena_calloc(a, 1, sizeof *rt->speakers);
    rt->speakers[0].name = text("Ada Lovelace");
    rt->speakers[0].role = text("Director");
    rt->speakers[0].bio = text("Ada has worked on analytical engines for years.");
    return rt;
}

static void test_briefing_parts_and_roles(void **state)
{
    fixture *fx = *state;
    model_roundtable *rt = roundtable(fx, 4);
    dl_doc *doc = layout_briefing(rt, &fx->th, fx->a, &fx->d);
    assert_int_equal(fx->d.errors, 0);
    assert_non_null(doc);
    assert_int_equal(doc->body_start, 1);
    size_t page;
    assert_non_null(find(doc, DL_ROLE_TITLE, "A roundtable", &page));
    assert_int_equal(page, 0); /* the cover */
    assert_non_null(find(doc, DL_ROLE_H1, "Summary", NULL));
    assert_non_null(find(doc, DL_ROLE_H1, "Key takeaways", NULL));
    assert_non_null(find(doc, DL_ROLE_H1, "Discussion", NULL));
    assert_non_null(find(doc, DL_ROLE_H1, "Speaker", NULL));
    /* (with a space: read with its question as one heading) */
    assert_non_null(find(doc, DL_ROLE_H2, "QUESTION 1 ", NULL));
    assert_non_null(find(doc, DL_ROLE_H3, "Ada Lovelace", NULL));
    /* every box on its page; a list's label just before its text */
    for (size_t i = 0; i < doc->n_pages; i++) {
        const dl_page *pg = &doc->pages[i];
        for (size_t k = 0; k < pg->n; k++) {
            const dl_box *b = &pg->boxes[k];
            assert_true(b->x >= 0 && b->y >= 0);
            assert_true(b->x <= doc->width && b->y <= doc->height);
            /* a list's label (Lbl), then its text (LBody), one item (LI) */
            if (b->role == DL_ROLE_LIST_LABEL && i > 0) {
                assert_true(k + 1 < pg->n);
                const dl_box *body = &pg->boxes[k + 1];
                assert_int_equal(body->role, DL_ROLE_LIST_BODY);
                const dl_node *lbl = &doc->nodes[b->node];
                const dl_node *lbody = &doc->nodes[body->node];
                assert_int_equal(lbl->tag, DL_TAG_LBL);
                assert_int_equal(lbody->tag, DL_TAG_LBODY);
                assert_int_equal(lbl->parent, lbody->parent);
                assert_int_equal(doc->nodes[lbl->parent].tag, DL_TAG_LI);
            }
            /* every box of content in an element; furniture in none */
            if (DL_IS_ARTIFACT(b->role))
                assert_int_equal(b->node, 0);
            else if (b->kind == DL_TEXT || b->kind == DL_IMAGE)
                assert_true(b->node > 0 && b->node < doc->n_nodes);
        }
    }
    /* the summary's link to #q1 leads to the page of question 1 */
    bool linked = false;
    for (size_t i = 0; i < doc->n_pages; i++)
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const dl_box *b = &doc->pages[i].boxes[k];
            if (b->kind == DL_LINK && !b->u.link.uri) {
                assert_true(b->u.link.dest_page >= 1);
                assert_true((size_t)b->u.link.dest_page < doc->n_pages);
                linked = true;
            }
        }
    assert_true(linked);
    /* the structure: every part a Sect of the document, opened by a
     * heading; no heading skips a level */
    size_t sects = 0;
    for (size_t i = 1; i < doc->n_nodes; i++) {
        const dl_node *n = &doc->nodes[i];
        assert_true(n->parent < i);
        if (n->tag == DL_TAG_SECT && n->parent == 0)
            sects++;
        if (n->tag == DL_TAG_H)
            assert_true(n->level >= 1 && n->level <= 3);
    }
    assert_true(sects >= 5);
    /* bookmarks: parts at the top level, questions below */
    assert_true(doc->n_outline >= 5);
    assert_string_equal(doc->outline[0].title, "Summary");
    assert_int_equal(doc->outline[0].level, 0);
}

static void test_long_briefing_no_widow_or_orphan(void **state)
{
    fixture *fx = *state;
    model_roundtable *rt = roundtable(fx, 60);
    dl_doc *doc = layout_briefing(rt, &fx->th, fx->a, &fx->d);
    assert_int_equal(fx->d.errors, 0);
    assert_true(doc->n_pages >= 6);
    assert_true(doc->stats.lines > 200);
    assert_int_equal(doc->stats.widows, 0);
    assert_int_equal(doc->stats.orphans, 0);
    assert_int_equal(doc->stats.stranded, 0);
    assert_int_equal(doc->stats.overfull, 0);
    /* a contents page after the cover, and page furniture on every page
     * after the cover: the folio (numbered as the paper is, the cover
     * page 1) as a footer artifact */
    assert_non_null(find(doc, DL_ROLE_H1, "Contents", NULL));
    assert_int_equal(doc->body_start, 2);
    for (size_t i = 1; i < doc->n_pages; i++) {
        char folio[64];
        snprintf(folio, sizeof folio, "Page %zu of %zu", i + 1, doc->n_pages);
        bool found = false;
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const dl_box *b = &doc->pages[i].boxes[k];
            found |= b->kind == DL_TEXT && b->role == DL_ROLE_FOOTER &&
                     b->node == 0 && strcmp(b->u.text.utf8, folio) == 0;
        }
        assert_true(found);
    }
}

static void test_link_to_nowhere_is_reported(void **state)
{
    fixture *fx = *state;
    model_roundtable *rt = roundtable(fx, 1);
    rt->summary = text("See [the answer](#nowhere).");
    size_t before = fx->d.errors;
    layout_briefing(rt, &fx->th, fx->a, &fx->d);
    assert_int_equal(fx->d.errors, before + 1);
    assert_non_null(strstr(fx->d.items[fx->d.n - 1].text,
                           "the link to `#nowhere` goes nowhere"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paragraph_lines_and_keeps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paginate_keeps_groups_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paginate_grid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paginate_two_sided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paginate_short_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_briefing_parts_and_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_briefing_no_widow_or_orphan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_to_nowhere_is_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
