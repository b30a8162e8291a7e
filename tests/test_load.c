/* The loader: good files load with the right values and places; every kind
 * of mistake gives its exact `FILE:LINE:COL: error: TEXT` line, all of a
 * file's mistakes in one run. Run from the repository root. */
#include "testutil.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load.h"
#include "load/load_internal.h"

typedef struct loaded {
    arena *a;
    diag d;
    load_options opt;
    model_roundtable *rt;
} loaded;

static void loaded_init(loaded *l)
{
    memset(l, 0, sizeof *l);
    l->a = arena_new();
    diag_init(&l->d, l->a);
    l->opt.root = BRIEFPACK_ROOT;
}

/* Every message, sorted by place, exactly as the tool prints them. */
static char *diag_text(const diag *d)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    diag_print(d, f);
    fclose(f);
    return text;
}

static void expect_messages(const diag *d, const char *expected)
{
    char *got = diag_text(d);
    if (strcmp(got, expected) != 0)
        print_error("expected:\n%s\ngot:\n%s\n", expected, got);
    assert_string_equal(got, expected);
    free(got);
}

static void expect_file(const char *path, const char *expected)
{
    loaded l;
    loaded_init(&l);
    load_roundtable(path, &l.opt, l.a, &l.d);
    expect_messages(&l.d, expected);
    arena_free(l.a);
}

static void expect_buffer_opt(const char *yaml, size_t len,
                              const load_options *opt, const char *expected)
{
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_roundtable_buffer("mem.yaml", "tests/load", yaml, len, opt, a, &d);
    expect_messages(&d, expected);
    arena_free(a);
}

static void expect_buffer(const char *yaml, const char *expected)
{
    load_options opt = {.root = BRIEFPACK_ROOT};
    expect_buffer_opt(yaml, strlen(yaml), &opt, expected);
}

static void assert_text(const model_text *t, const char *s, unsigned line,
                        unsigned col, unsigned cline, unsigned ccol,
                        model_text_style style)
{
    assert_non_null(t->s);
    assert_string_equal(t->s, s);
    assert_int_equal(t->len, strlen(s));
    assert_int_equal(t->pos.line, line);
    assert_int_equal(t->pos.col, col);
    assert_int_equal(t->content.line, cline);
    assert_int_equal(t->content.col, ccol);
    assert_int_equal(t->style, style);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static char *repo_path(const char *rel)
{
    char *real = realpath(rel, NULL);
    assert_non_null(real);
    return real;
}

/* ---- good files ------------------------------------------------------ */

/* brands/plain.yaml names only a bold face: the other three come from the
 * neutral brand, and briefpack says so (a warning: the file still builds). */
#define PLAIN_FACES_WARNED                                                     \
    "tests/load/brands/plain.yaml:6:1: warning: `fonts` names no `regular` "  \
    "face, so text is set in LiberationSans-Regular.ttf (the default "        \
    "brand's) instead; give `regular:` a font to keep the brand's family\n"  \
    "tests/load/brands/plain.yaml:6:1: warning: `fonts` names no `italic` "   \
    "face, so italic text is set in LiberationSans-Italic.ttf (the default "  \
    "brand's) instead; give `italic:` a font to keep the brand's family\n"   \
    "tests/load/brands/plain.yaml:6:1: warning: `fonts` names no "            \
    "`bold_italic` face, so bold italic text is set in "                      \
    "LiberationSans-BoldItalic.ttf (the default brand's) instead; give "      \
    "`bold_italic:` a font to keep the brand's family\n"

static void test_good_roundtable(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable("tests/load/good.yaml", &l.opt,
                                           l.a, &l.d);
    expect_messages(&l.d, PLAIN_FACES_WARNED);
    assert_non_null(rt);
    assert_string_equal(rt->path, "tests/load/good.yaml");
    assert_string_equal(rt->dir, "tests/load");
    assert_text(&rt->format, "briefpack/1", 2, 9, 2, 9, MODEL_TEXT_PLAIN);
    assert_text(&rt->title, "Zoë’s “quoted” roundtable", 3, 8, 3, 8,
                MODEL_TEXT_PLAIN);
    assert_text(&rt->subtitle, "It's a subtitle", 4, 11, 4, 12,
                MODEL_TEXT_SINGLE_QUOTED);
    assert_true(rt->date.set);
    assert_int_equal(rt->date.year, 2022);
    assert_int_equal(rt->date.month, 3);
    assert_int_equal(rt->date.day, 8);
    assert_int_equal(rt->date.pos.line, 5);
    assert_int_equal(rt->date.pos.col, 7);
    assert_true(rt->published.set);
    assert_int_equal(rt->published.day, 18);
    assert_int_equal(rt->published.pos.col, 12);
    assert_text(&rt->host, "techUK", 7, 7, 7, 7, MODEL_TEXT_PLAIN);
    assert_text(&rt->partner, "Home Office", 8, 10, 8, 10, MODEL_TEXT_PLAIN);
    assert_text(&rt->venue, "techUK offices, London", 9, 8, 9, 8,
                MODEL_TEXT_PLAIN);
    assert_int_equal(rt->setting, MODEL_SETTING_HYBRID);
    assert_text(&rt->setting_text, "hybrid", 10, 10, 10, 10, MODEL_TEXT_PLAIN);
    assert_text(&rt->classification, "OFFICIAL", 11, 17, 11, 17,
                MODEL_TEXT_PLAIN);
    assert_text(&rt->brand, "brands/plain.yaml", 12, 8, 12, 8,
                MODEL_TEXT_PLAIN);
    assert_text(&rt->language, "cy-GB", 13, 11, 13, 11, MODEL_TEXT_PLAIN);
    /* A block scalar starts at its `|`; its text on the next line, at the
     * block's indentation. */
    assert_text(&rt->summary,
                "Première ligne — with *emphasis*.\n\nSecond paragraph.\n", 14,
                10, 15, 5, MODEL_TEXT_LITERAL);

    assert_int_equal(rt->n_questions, 2);
    model_question *q = &rt->questions[0];
    assert_int_equal(q->pos.line, 19);
    assert_int_equal(q->pos.col, 5);
    assert_text(&q->question, "What is Industry’s view?", 19, 15, 19, 15,
                MODEL_TEXT_PLAIN);
    assert_int_equal(q->n_takeaways, 2);
    assert_text(&q->takeaways[0].text, "Look at the recommendations.", 21, 9,
                21, 9, MODEL_TEXT_PLAIN);
    assert_int_equal(q->takeaways[0].points.n, 0);
    assert_int_equal(q->takeaways[1].pos.line, 22);
    assert_int_equal(q->takeaways[1].pos.col, 9);
    assert_text(&q->takeaways[1].text, "Capacity and capability", 22, 16, 22,
                16, MODEL_TEXT_PLAIN);
    assert_int_equal(q->takeaways[1].points.n, 2);
    assert_text(&q->takeaways[1].points.items[0],
                "Who has decision making rights", 24, 13, 24, 13,
                MODEL_TEXT_PLAIN);
    assert_text(&q->takeaways[1].points.items[1], "Quoted sub-point", 25, 13,
                25, 14, MODEL_TEXT_DOUBLE_QUOTED);
    assert_text(&q->notes, "Folded notes continue here.\n", 26, 12, 27, 7,
                MODEL_TEXT_FOLDED);
    assert_text(&rt->questions[1].question, "Second question", 29, 15, 29, 15,
                MODEL_TEXT_PLAIN);
    assert_int_equal(rt->questions[1].n_takeaways, 0);
    assert_null(rt->questions[1].notes.s);

    assert_int_equal(rt->n_sections, 1);
    assert_text(&rt->sections[0].heading, "Introduction", 31, 14, 31, 14,
                MODEL_TEXT_PLAIN);
    /* `|2`: two spaces more than the explicit indentation stay in the text,
     * so the text starts at column 7, not at the first letter. */
    assert_text(&rt->sections[0].body, "  Indented by indicator.\n", 32, 11,
                33, 7, MODEL_TEXT_LITERAL);
    assert_text(&rt->next_steps, "This is an ongoing conversation.", 34, 13,
                34, 13, MODEL_TEXT_PLAIN);

    assert_int_equal(rt->n_actions, 1);
    model_action *ac = &rt->actions[0];
    assert_text(&ac->action, "Take the strategy to the Permanent Secretary",
                36, 13, 36, 13, MODEL_TEXT_PLAIN);
    assert_text(&ac->owner, "Home Office", 37, 12, 37, 12, MODEL_TEXT_PLAIN);
    assert_true(ac->due.set);
    assert_int_equal(ac->due.year, 2024);
    assert_int_equal(ac->due.month, 2);
    assert_int_equal(ac->due.day, 29);

    assert_int_equal(rt->n_speakers, 1);
    model_speaker *sp = &rt->speakers[0];
    assert_int_equal(sp->pos.line, 40);
    assert_int_equal(sp->pos.col, 5);
    assert_text(&sp->name, "Georgie Morgan", 40, 11, 40, 11, MODEL_TEXT_PLAIN);
    assert_text(&sp->role, "Head of Justice | Fraud Lead", 41, 11, 41, 11,
                MODEL_TEXT_PLAIN);
    assert_text(&sp->photo, "photos/ada.png", 43, 12, 43, 12,
                MODEL_TEXT_PLAIN);
    char *photo = repo_path("tests/load/photos/ada.png");
    assert_string_equal(sp->photo_path, photo);
    free(photo);
    assert_text(&sp->bio, "Georgie joined techUK.\n", 44, 10, 45, 7,
                MODEL_TEXT_LITERAL);
    assert_int_equal(sp->email.n, 1);
    assert_text(&sp->email.items[0], "someone@example.org", 46, 12, 46, 12,
                MODEL_TEXT_PLAIN);
    assert_int_equal(sp->phone.n, 1);
    assert_text(&sp->phone.items[0], "020 7331 2015", 47, 13, 47, 13,
                MODEL_TEXT_PLAIN);
    /* Repeats are dropped, whether in one comma-separated value or as list
     * entries. */
    assert_int_equal(sp->website.n, 1);
    assert_text(&sp->website.items[0], "www.techuk.org", 48, 14, 48, 14,
                MODEL_TEXT_PLAIN);
    assert_int_equal(sp->linkedin.n, 1);
    assert_text(&sp->linkedin.items[0], "https://bit.ly/3mtQ7Jx", 50, 9, 50, 9,
                MODEL_TEXT_PLAIN);
    assert_int_equal(sp->twitter.n, 1);
    assert_string_equal(sp->twitter.items[0].s, "@techUK");

    assert_int_equal(rt->n_attendees, 2);
    assert_text(&rt->attendees[0].name, "Bethan Page-Jones", 54, 5, 54, 5,
                MODEL_TEXT_PLAIN);
    assert_null(rt->attendees[0].role.s);
    assert_text(&rt->attendees[1].name, "Ellie Huckle", 55, 11, 55, 11,
                MODEL_TEXT_PLAIN);
    assert_string_equal(rt->attendees[1].role.s, "Programme Manager");
    assert_string_equal(rt->attendees[1].organisation.s, "techUK");

    /* The brand beside the file: what it sets, the neutral brand for the
     * rest, fonts resolved from fonts/, the logo relative to the brand. */
    model_brand *b = rt->brand_model;
    assert_non_null(b);
    assert_string_equal(b->path, "tests/load/brands/plain.yaml");
    assert_string_equal(b->name.s, "Plain Brand");
    assert_int_equal(b->name.pos.line, 2);
    assert_int_equal(b->primary.r, 0x11);
    assert_int_equal(b->primary.g, 0x22);
    assert_int_equal(b->primary.b, 0x33);
    assert_int_equal(b->accent.r, 0xAB);
    assert_int_equal(b->accent.b, 0xEF);
    assert_int_equal(b->text.r, 0x1A); /* from default.yaml */
    assert_int_equal(b->muted.r, 0x6B);
    assert_true(ends_with(b->font_regular, "/fonts/LiberationSans-Regular.ttf"));
    assert_true(ends_with(b->font_bold, "/fonts/LiberationSerif-Bold.ttf"));
    assert_string_equal(b->font_heading, b->font_bold);
    assert_true(ends_with(b->font_italic, "/fonts/LiberationSans-Italic.ttf"));
    assert_true(ends_with(b->font_bold_italic,
                          "/fonts/LiberationSans-BoldItalic.ttf"));
    char *logo = repo_path("tests/load/brands/mark.PNG");
    assert_string_equal(b->logo, logo);
    free(logo);
    assert_string_equal(b->footer.s, "Plain · footer");
    assert_int_equal(b->page, MODEL_PAGE_LETTER);
    assert_true(b->justify);
    assert_false(b->hyphenate);
    assert_false(b->kerning);
    arena_free(l.a);
}

static void test_minimal_defaults(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable("tests/load/minimal.yaml", &l.opt,
                                           l.a, &l.d);
    expect_messages(&l.d, "");
    assert_non_null(rt);
    assert_string_equal(rt->title.s, "Minimal");
    assert_null(rt->format.s);
    assert_null(rt->subtitle.s);
    assert_false(rt->published.set);
    assert_int_equal(rt->setting, MODEL_SETTING_NONE);
    assert_string_equal(rt->language.s, "en-GB");
    assert_int_equal(rt->language.len, 5);
    assert_int_equal(rt->language.pos.line, 0);
    assert_null(rt->summary.s);
    assert_int_equal(rt->n_questions + rt->n_sections + rt->n_actions +
                         rt->n_speakers + rt->n_attendees,
                     0);
    assert_string_equal(rt->brand_model->name.s, "Briefing");
    assert_string_equal(rt->brand_model->path, "./data/brands/default.yaml");
    assert_null(rt->brand_model->logo);
    assert_false(rt->brand_model->justify);
    assert_true(rt->brand_model->hyphenate);
    assert_true(rt->brand_model->kerning);
    arena_free(l.a);
}

static void test_the_example_loads(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable("examples/techuk-2022-03-08.yaml",
                                           &l.opt, l.a, &l.d);
    if (!rt && l.d.n == 1 && strstr(l.d.items[0].text, "cannot read")) {
        arena_free(l.a);
        skip(); /* written by someone else; not there yet */
    }
    expect_messages(&l.d, "");
    assert_int_equal(rt->n_questions, 4);
    assert_string_equal(rt->brand_model->name.s, "techUK");
    arena_free(l.a);
}

/* Columns count characters, after a byte order mark and with CRLF lines. */
static void test_positions_in_characters(void **state)
{
    (void)state;
    expect_buffer("{title: \"Zoë’s “x”\", date: nope}\n",
                  "mem.yaml:1:28: error: expected a date as YYYY-MM-DD, found "
                  "`nope`\n");
    expect_buffer("\xEF\xBB\xBFtitle: [x]\r\ndate: 2022-03-08\r\nvenue: [y]\r\n",
                  "mem.yaml:1:8: error: expected text, found a list\n"
                  "mem.yaml:3:8: error: expected text, found a list\n");
}

static void test_shipped_brands(void **state)
{
    (void)state;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_options opt = {.root = BRIEFPACK_ROOT};

    model_brand *t = load_brand("techuk", "x.yaml", (srcpos){1, 1}, &opt, a, &d);
    assert_string_equal(t->name.s, "techUK");
    assert_int_equal(t->primary.r, 0x3C);
    assert_int_equal(t->primary.g, 0x10);
    assert_int_equal(t->primary.b, 0x53);
    assert_int_equal(t->accent.g, 0xA7);
    assert_int_equal(t->text.r, 0x1D);
    assert_int_equal(t->muted.r, 0x5F);
    assert_true(ends_with(t->logo, "/data/brands/logos/techuk.png"));
    assert_string_equal(t->footer.s, "techUK · www.techuk.org");
    assert_int_equal(t->page, MODEL_PAGE_A4);
    assert_false(t->justify);

    model_brand *w = load_brand("whitehall", NULL, (srcpos){0, 0}, &opt, a, &d);
    assert_string_equal(w->name.s, "Whitehall Policy Unit");
    assert_true(w->justify);
    assert_true(ends_with(w->font_regular, "/fonts/LiberationSerif-Regular.ttf"));
    assert_true(ends_with(w->font_heading, "/fonts/LiberationSerif-Bold.ttf"));
    assert_true(ends_with(w->logo, "/data/brands/logos/whitehall.png"));

    model_brand *n = load_brand(NULL, NULL, (srcpos){0, 0}, &opt, a, &d);
    assert_string_equal(n->name.s, "Briefing");
    assert_null(n->logo);
    assert_true(ends_with(n->font_heading, "/fonts/LiberationSans-Bold.ttf"));
    model_brand *named = load_brand("default", "x.yaml", (srcpos){1, 1}, &opt,
                                    a, &d);
    assert_string_equal(named->name.s, "Briefing");
    expect_messages(&d, "");

    /* No data/ at all: the built-in neutral brand, silently. */
    opt.root = "/nonexistent-briefpack-root";
    model_brand *builtin = load_brand(NULL, NULL, (srcpos){0, 0}, &opt, a, &d);
    assert_string_equal(builtin->name.s, "Briefing");
    assert_null(builtin->path);
    assert_int_equal(builtin->primary.r, n->primary.r);
    assert_int_equal(builtin->accent.b, n->accent.b);
    assert_string_equal(builtin->font_bold,
                        "/nonexistent-briefpack-root/fonts/LiberationSans-Bold.ttf");
    expect_messages(&d, "");
    arena_free(a);
}

static void test_list_brands(void **state)
{
    (void)state;
    load_options opt = {.root = BRIEFPACK_ROOT};
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    int n = load_list_brands(&opt, f);
    fclose(f);
    assert_int_equal(n, 3);
    assert_string_equal(text, "default\tBriefing\n"
                              "techuk\ttechUK\n"
                              "whitehall\tWhitehall Policy Unit\n");
    free(text);
}

static void test_brand_override(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    l.opt.brand_override = "whitehall";
    model_roundtable *rt = load_roundtable("tests/load/good.yaml", &l.opt,
                                           l.a, &l.d);
    expect_messages(&l.d, "");
    assert_string_equal(rt->brand_model->name.s, "Whitehall Policy Unit");
    arena_free(l.a);

    loaded_init(&l);
    l.opt.brand_override = "nope";
    rt = load_roundtable("tests/load/minimal.yaml", &l.opt, l.a, &l.d);
    expect_messages(&l.d, "--brand: error: unknown brand `nope` (shipped "
                          "brands: default, techuk, whitehall)\n");
    assert_string_equal(rt->brand_model->name.s, "Briefing");
    arena_free(l.a);

    /* A path on the command line is the operator's: no folder rule. */
    loaded_init(&l);
    l.opt.brand_override = "tests/load/brands/plain.yaml";
    rt = load_roundtable("tests/load/minimal.yaml", &l.opt, l.a, &l.d);
    expect_messages(&l.d, PLAIN_FACES_WARNED);
    assert_string_equal(rt->brand_model->name.s, "Plain Brand");
    arena_free(l.a);
}

/* ---- mistakes ------------------------------------------------------ */

static void test_many_errors_in_one_file(void **state)
{
    (void)state;
    expect_file(
        "tests/load/bad-many.yaml",
        "tests/load/bad-many.yaml:1:1: error: missing required key `title` in "
        "the roundtable\n"
        "tests/load/bad-many.yaml:1:1: error: missing required key `date` in "
        "the roundtable\n"
        "tests/load/bad-many.yaml:3:10: error: `setting` must be in-person, "
        "online or hybrid, found `in person`; did you mean `in-person`?\n"
        "tests/load/bad-many.yaml:4:1: error: unknown key `speakrs` in the "
        "roundtable; did you mean `speakers`?\n"
        "tests/load/bad-many.yaml:6:12: error: `questions` must be a list, "
        "found text\n"
        "tests/load/bad-many.yaml:8:5: error: missing required key `name` in "
        "this speaker\n"
        "tests/load/bad-many.yaml:11:12: error: photo `photos/missing.png` not "
        "found\n"
        "tests/load/bad-many.yaml:13:5: error: expected an attendee as a name "
        "or as a mapping with `name`, found a list\n"
        "tests/load/bad-many.yaml:15:5: error: unknown key `Role` in this "
        "attendee; did you mean `role`?\n");
}

static void test_wrong_types_and_dates(void **state)
{
    (void)state;
    expect_file(
        "tests/load/bad-types.yaml",
        "tests/load/bad-types.yaml:1:8: error: expected text, found a list\n"
        "tests/load/bad-types.yaml:2:7: error: expected a date as YYYY-MM-DD, "
        "found `next Tuesday`\n"
        "tests/load/bad-types.yaml:3:12: error: expected a date as YYYY-MM-DD, "
        "found `2022-02-30` (February 2022 has 28 days)\n"
        "tests/load/bad-types.yaml:4:9: error: unsupported format "
        "`briefpack/2`; this version reads `briefpack/1`\n"
        "tests/load/bad-types.yaml:5:11: error: `language` must be a BCP 47 "
        "language tag such as en-GB, found `english please`\n"
        "tests/load/bad-types.yaml:7:3: error: `summary` was read as "
        "`nested: \xE2\x80\xA6` (a key and a value) because of the `: ` in "
        "it; put the whole value in quotes\n"
        "tests/load/bad-types.yaml:9:5: error: expected a question as a "
        "mapping with `question`, found text\n"
        "tests/load/bad-types.yaml:12:8: error: expected text, found nothing\n"
        "tests/load/bad-types.yaml:13:9: error: expected a takeaway as text or "
        "as a mapping with `point`, found a list\n"
        "tests/load/bad-types.yaml:14:9: error: missing required key `point` "
        "in this takeaway\n"
        "tests/load/bad-types.yaml:16:17: error: `points` must be a list, "
        "found text\n"
        "tests/load/bad-types.yaml:18:5: error: missing required key `body` in "
        "this section\n"
        "tests/load/bad-types.yaml:21:10: error: expected a date as "
        "YYYY-MM-DD, found `2022-04-31` (April 2022 has 30 days)\n"
        "tests/load/bad-types.yaml:22:5: error: missing required key `action` "
        "in this action\n");
    expect_buffer("title: T\ndate: 2022-13-45\npublished: 0000-01-01\n",
                  "mem.yaml:2:7: error: expected a date as YYYY-MM-DD, found "
                  "`2022-13-45` (there is no month 13)\n"
                  "mem.yaml:3:12: error: expected a date as YYYY-MM-DD, found "
                  "`0000-01-01` (there is no year 0)\n");
    expect_buffer("title: T\ndate: 2023-02-29\n",
                  "mem.yaml:2:7: error: expected a date as YYYY-MM-DD, found "
                  "`2023-02-29` (February 2023 has 28 days)\n");
    /* a mapping of more than one key is a mapping, not a stray `: ` */
    expect_buffer("title: T\ndate: 2022-03-08\nvenue:\n  a: b\n  c: d\n",
                  "mem.yaml:4:3: error: expected text, found a mapping\n");
}

static void test_duplicates_and_empty_values(void **state)
{
    (void)state;
    expect_file("tests/load/bad-dup.yaml",
                "tests/load/bad-dup.yaml:3:1: error: duplicate key `title` "
                "(first given at line 1)\n"
                "tests/load/bad-dup.yaml:6:5: error: duplicate key `question` "
                "(first given at line 5)\n"
                "tests/load/bad-dup.yaml:8:15: error: `question` is empty\n"
                "tests/load/bad-dup.yaml:11:5: error: `heading` is empty\n"
                "tests/load/bad-dup.yaml:12:5: error: `body` is empty\n");
    expect_buffer("? [a, b]\n: c\ntitle: T\ndate: 2022-03-08\n",
                  "mem.yaml:1:3: error: a key must be text, found a list\n");
}

static void test_yaml_features_refused(void **state)
{
    (void)state;
    expect_file("tests/load/bad-yaml-features.yaml",
                "tests/load/bad-yaml-features.yaml:1:8: error: YAML anchors "
                "are not supported (`&t`); write the value out in full\n"
                "tests/load/bad-yaml-features.yaml:3:11: error: YAML aliases "
                "are not supported (`*t`); write the value out in full\n"
                "tests/load/bad-yaml-features.yaml:4:8: error: YAML tags are "
                "not supported (`!!str`)\n"
                "tests/load/bad-yaml-features.yaml:5:7: error: YAML tags are "
                "not supported (`!custom`)\n"
                "tests/load/bad-yaml-features.yaml:6:1: error: a second YAML "
                "document; a file holds one (remove this `---` and what "
                "follows, or make it one file each)\n");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_file("tests/load/bad-syntax.yaml",
                "tests/load/bad-syntax.yaml:1:8: error: found unexpected end "
                "of stream; the quote opened at line 1, column 8 is never "
                "closed\n");
    expect_file("tests/load/bad-tab.yaml",
                "tests/load/bad-tab.yaml:4:1: error: found character that "
                "cannot start any token; indent YAML with spaces, not tabs\n");
    expect_buffer("title: a: b\n",
                  "mem.yaml:1:9: error: mapping values are not allowed in "
                  "this context; a value that contains `: ` must be in "
                  "quotes\n");
}

static void test_empty_and_wrong_top_level(void **state)
{
    (void)state;
    const char *empty = ": error: the file is empty; a roundtable needs at "
                        "least `title` and `date`\n";
    char want[256];
    snprintf(want, sizeof want, "tests/load/bad-empty.yaml:1:1%s", empty);
    expect_file("tests/load/bad-empty.yaml", want);
    snprintf(want, sizeof want, "tests/load/bad-comments.yaml:1:1%s", empty);
    expect_file("tests/load/bad-comments.yaml", want);
    expect_buffer("---\n~\n", "mem.yaml:1:1: error: the file is empty; a "
                              "roundtable needs at least `title` and `date`\n");
    expect_file("tests/load/bad-list.yaml",
                "tests/load/bad-list.yaml:1:1: error: expected a roundtable (a "
                "mapping with `title`, `date`, …) at the top level, found a "
                "list\n");
    expect_file("tests/load/bad-scalar.yaml",
                "tests/load/bad-scalar.yaml:1:1: error: expected a roundtable "
                "(a mapping with `title`, `date`, …) at the top level, found "
                "text\n");
    expect_file("tests/load/does-not-exist.yaml",
                "tests/load/does-not-exist.yaml: error: cannot read the file: "
                "No such file or directory\n");
}

static void test_bytes_refused(void **state)
{
    (void)state;
    expect_file("tests/load/bad-utf8.yaml",
                "tests/load/bad-utf8.yaml:1:11: error: invalid UTF-8 at byte "
                "offset 10 (0xE9); save the file as UTF-8\n");
    /* Overlong and surrogate forms are not UTF-8 either. */
    expect_buffer("title: \xC0\xAF\n", "mem.yaml:1:8: error: invalid UTF-8 at "
                                       "byte offset 7 (0xC0); save the file as "
                                       "UTF-8\n");
    expect_buffer("title: é\xED\xA0\x80\n",
                  "mem.yaml:1:9: error: invalid UTF-8 at byte offset 9 (0xED); "
                  "save the file as UTF-8\n");
    expect_file("tests/load/bad-control.yaml",
                "tests/load/bad-control.yaml:3:10: error: control characters "
                "are not allowed (U+0001)\n");
    load_options opt = {.root = BRIEFPACK_ROOT};
    expect_buffer_opt("title: T\0\ndate: 2022-03-08\n", 27, &opt,
                      "mem.yaml:1:9: error: a NUL byte at byte offset 8; is "
                      "this a text file?\n");
    expect_buffer("title: T\ndate: 2022-03-08\nvenue: \"a\\x1Bb\"\n",
                  "mem.yaml:3:10: error: the text contains the control "
                  "character U+001B, which cannot be printed\n");
}

static void test_pack_is_not_a_roundtable(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable("tests/load/bad-pack.yaml", &l.opt,
                                           l.a, &l.d);
    assert_null(rt);
    expect_messages(&l.d, "tests/load/bad-pack.yaml:3:1: error: `roundtables` "
                             "makes this file a pack, not a roundtable (write "
                             "`roundtables:` at the start of a line)\n");
    arena_free(l.a);
}

static void test_paths(void **state)
{
    (void)state;
    expect_file(
        "tests/load/bad-paths.yaml",
        "tests/load/bad-paths.yaml:5:12: error: photo `../outside.png` is "
        "outside the folder of bad-paths.yaml; use --allow-path to allow it\n"
        "tests/load/bad-paths.yaml:7:12: error: photo `/etc/passwd.png` is "
        "outside the folder of bad-paths.yaml; use --allow-path to allow it\n"
        "tests/load/bad-paths.yaml:9:12: error: photo `photos/ada.gif` must be "
        "a PNG or JPEG file (.png, .jpg or .jpeg)\n"
        "tests/load/bad-paths.yaml:11:12: error: photo `photos/nobody.jpg` not "
        "found\n");
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* Builds /tmp/…/rt/roundtable.yaml whose photo is a symlink to a file
 * outside rt/, and a photo that is a folder. */
static void test_symlinks_and_allow_path(void **state)
{
    (void)state;
    char top[] = "/tmp/briefpack-load-XXXXXX";
    assert_non_null(mkdtemp(top));
    char rt_dir[PATH_MAX], photos[PATH_MAX], outside[PATH_MAX], link[PATH_MAX],
        folder[PATH_MAX], yaml_path[PATH_MAX], inside[PATH_MAX];
    snprintf(rt_dir, sizeof rt_dir, "%s/rt", top);
    snprintf(photos, sizeof photos, "%s/rt/photos", top);
    snprintf(outside, sizeof outside, "%s/outside.png", top);
    snprintf(link, sizeof link, "%s/rt/photos/link.png", top);
    snprintf(folder, sizeof folder, "%s/rt/photos/folder.png", top);
    snprintf(inside, sizeof inside, "%s/rt/photos/in.png", top);
    snprintf(yaml_path, sizeof yaml_path, "%s/rt/roundtable.yaml", top);
    assert_int_equal(mkdir(rt_dir, 0755), 0);
    assert_int_equal(mkdir(photos, 0755), 0);
    assert_int_equal(mkdir(folder, 0755), 0);
    copy_file("tests/load/photos/ada.png", outside);
    copy_file("tests/load/photos/ada.png", inside);
    assert_int_equal(symlink(outside, link), 0);
    FILE *f;
    f = fopen(yaml_path, "w");
    assert_non_null(f);
    fprintf(f, "title: T\ndate: 2022-03-08\nspeakers:\n"
               "  - name: Linked\n    photo: photos/link.png\n"
               "  - name: Folder\n    photo: photos/folder.png\n"
               "  - name: Absolute inside\n    photo: %s\n",
            inside);
    fclose(f);

    loaded l;
    loaded_init(&l);
    load_roundtable(yaml_path, &l.opt, l.a, &l.d);
    char want[4 * PATH_MAX];
    snprintf(want, sizeof want,
             "%s:5:12: error: photo `photos/link.png` is outside the folder "
             "of roundtable.yaml; use --allow-path to allow it\n"
             "%s:7:12: error: photo `photos/folder.png` is not a file\n",
             yaml_path, yaml_path);
    expect_messages(&l.d, want);
    arena_free(l.a);

    /* --allow-path for the folder above: the link is followed and used. */
    loaded_init(&l);
    const char *allow[] = {top};
    l.opt.allow_paths = allow;
    l.opt.n_allow_paths = 1;
    model_roundtable *rt = load_roundtable(yaml_path, &l.opt, l.a, &l.d);
    snprintf(want, sizeof want,
             "%s:7:12: error: photo `photos/folder.png` is not a file\n",
             yaml_path);
    expect_messages(&l.d, want);
    char *real_outside = realpath(outside, NULL);
    char *real_inside = realpath(inside, NULL);
    assert_string_equal(rt->speakers[0].photo_path, real_outside);
    assert_null(rt->speakers[1].photo_path);
    assert_string_equal(rt->speakers[2].photo_path, real_inside);
    free(real_outside);
    free(real_inside);
    arena_free(l.a);

    unlink(yaml_path);
    unlink(link);
    unlink(inside);
    unlink(outside);
    rmdir(folder);
    rmdir(photos);
    rmdir(rt_dir);
    rmdir(top);
}

static void test_brand_errors(void **state)
{
    (void)state;
    expect_file("tests/load/bad-brand-unknown.yaml",
                "tests/load/bad-brand-unknown.yaml:3:8: error: unknown brand "
                "`techUk` (shipped brands: default, techuk, whitehall); did "
                "you mean `techuk`?\n");
    expect_file("tests/load/bad-brand-outside.yaml",
                "tests/load/bad-brand-outside.yaml:3:8: error: brand file "
                "`../../data/brands/techuk.yaml` is outside the folder of "
                "bad-brand-outside.yaml; use --allow-path to allow it\n");
    const char *b = "tests/load/brands/broken.yaml";
    char *fonts = repo_path(BRIEFPACK_ROOT "/fonts");
    char want[4096];
    /* `nmae` → did you mean `name`?: the missing `name` is not said again */
    snprintf(
        want, sizeof want,
        "tests/load/bad-brand-file.yaml:3:8: error: the brand file "
        "`brands/broken.yaml` has errors (see its own messages)\n"
        "%s:2:1: error: unknown key `nmae` in the brand; did you mean "
        "`name`?\n"
        "%s:4:12: error: a colour must be in quotes, as in `primary: "
        "\"#3C1053\"`: unquoted, # starts a YAML comment\n"
        "%s:5:11: error: expected a colour as #RRGGBB, found `3C1053`\n"
        "%s:6:3: error: unknown key `txt` in `colours`; did you mean "
        "`text`?\n"
        "%s:7:1: warning: `fonts` names no `bold_italic` face, so bold "
        "italic text is set in LiberationSans-BoldItalic.ttf (the default "
        "brand's) instead; give `bold_italic:` a font to keep the brand's "
        "family\n"
        "%s:8:12: error: font `Missing-Font.ttf` not found in %s nor "
        "beside the brand file\n"
        "%s:9:9: error: font `LiberationSans-Bold.otf` must be a TrueType "
        "file (.ttf)\n"
        "%s:10:11: error: font `../../../fonts/LiberationSans-Italic.ttf` is "
        "outside the folder of bad-brand-file.yaml; use --allow-path to "
        "allow it\n"
        "%s:12:7: error: `page` must be A4, A5 or Letter, found `A6`\n"
        "%s:13:10: error: `justify` must be true or false, found `maybe`\n"
        "%s:14:10: error: `kerning` must be true or false, found a list\n",
        b, b, b, b, b, b, fonts, b, b, b, b, b);
    free(fonts);
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable("tests/load/bad-brand-file.yaml",
                                           &l.opt, l.a, &l.d);
    expect_messages(&l.d, want);
    /* A broken brand is replaced by the neutral one, never NULL. */
    assert_string_equal(rt->brand_model->name.s, "Briefing");
    arena_free(l.a);

    /* load_brand named from a file: a missing brand file is at its place. */
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_options opt = {.root = BRIEFPACK_ROOT};
    model_brand *m = load_brand("brands/none.yaml", "tests/load/x.yaml",
                                (srcpos){4, 8}, &opt, a, &d);
    assert_string_equal(m->name.s, "Briefing");
    expect_messages(&d, "tests/load/x.yaml:4:8: error: brand file "
                        "`brands/none.yaml` not found\n");
    arena_free(a);

    a = arena_new();
    diag_init(&d, a);
    load_brand("brands/empty.yaml", "tests/load/x.yaml", (srcpos){2, 8}, &opt,
               a, &d);
    load_brand("brands/list.yaml", "tests/load/x.yaml", (srcpos){3, 8}, &opt,
               a, &d);
    expect_messages(&d, "tests/load/brands/empty.yaml:1:1: error: the brand "
                        "file is empty; a brand needs at least `name`\n"
                        "tests/load/brands/list.yaml:1:1: error: expected a "
                        "brand (a mapping with `name`, `colours`, …) at the "
                        "top level, found a list\n"
                        "tests/load/x.yaml:2:8: error: the brand file "
                        "`brands/empty.yaml` has errors (see its own "
                        "messages)\n"
                        "tests/load/x.yaml:3:8: error: the brand file "
                        "`brands/list.yaml` has errors (see its own "
                        "messages)\n");
    arena_free(a);
}

/* The complete example in docs/format.md must stay a valid file. */
static void test_docs_example_loads(void **state)
{
    (void)state;
    FILE *f = fopen("docs/format.md", "rb");
    assert_non_null(f);
    static char doc[64 * 1024];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    const char *marker = "```yaml\nformat: briefpack/1\n";
    char *start = strstr(doc, marker);
    assert_non_null(start);
    start += strlen("```yaml\n");
    char *end = strstr(start, "\n```");
    assert_non_null(end);
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_options opt = {.root = BRIEFPACK_ROOT};
    model_roundtable *rt = load_roundtable_buffer(
        "docs/format.md", "docs", start, (size_t)(end - start) + 1, &opt, a, &d);
    expect_messages(&d, "");
    assert_int_equal(rt->n_questions, 2);
    assert_int_equal(rt->speakers[0].twitter.n, 1);
    assert_int_equal(rt->speakers[0].website.n, 1);
    assert_string_equal(rt->brand_model->name.s, "techUK");
    arena_free(a);
}

/* build.c frees the document's arena and prints the messages afterwards:
 * nothing a message holds may live in the document's arena. */
static void test_messages_outlive_the_document(void **state)
{
    (void)state;
    arena *messages = arena_new();
    diag d;
    diag_init(&d, messages);
    load_options opt = {.root = BRIEFPACK_ROOT};
    const char *files[] = {"tests/load/bad-brand-file.yaml",
                           "tests/load/does-not-exist.yaml",
                           "tests/load/bad-syntax.yaml"};
    for (size_t i = 0; i < 3; i++) {
        arena *doc = arena_new();
        load_roundtable(files[i], &opt, doc, &d);
        arena_free(doc);
    }
    arena *doc = arena_new();
    opt.brand_override = "nope";
    load_roundtable("tests/load/minimal.yaml", &opt, doc, &d);
    arena_free(doc);
    char *got = diag_text(&d);
    assert_non_null(strstr(got, "tests/load/brands/broken.yaml:2:1: error: "
                                "unknown key `nmae` in the brand; did you "
                                "mean `name`?\n"));
    assert_non_null(strstr(got, "tests/load/does-not-exist.yaml: error: "
                                "cannot read the file"));
    assert_non_null(strstr(got, "tests/load/bad-syntax.yaml:1:8: error: "));
    assert_non_null(strstr(got, "--brand: error: unknown brand `nope`"));
    free(got);
    arena_free(messages);
}

/* ---- limits (section 6) -------------------------------------------- */

static char *repeat(const char *head, const char *item, size_t n,
                    const char *tail)
{
    size_t hl = strlen(head), il = strlen(item), tl = strlen(tail);
    char *s = malloc(hl + il * n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + il * i, item, il);
    memcpy(s + hl + il * n, tail, tl + 1);
    return s;
}

static void test_limits(void **state)
{
    (void)state;
    load_options opt = {.root = BRIEFPACK_ROOT, .max_input = 64};
    char *big = repeat("title: T\ndate: 2022-03-08\nvenue: ", "x", 100, "\n");
    expect_buffer_opt(big, strlen(big), &opt,
                      "mem.yaml: error: the file is larger than 64 bytes; "
                      "--max-input raises the limit\n");
    free(big);
    loaded l;
    loaded_init(&l);
    l.opt.max_input = 2 * 1024 * 1024;
    /* The file is read no further than the limit. */
    l.opt.max_input = 10;
    assert_null(load_roundtable("tests/load/good.yaml", &l.opt, l.a, &l.d));
    expect_messages(&l.d, "tests/load/good.yaml: error: the file is larger "
                          "than 10 bytes; --max-input raises the limit\n");
    arena_free(l.a);

    char *text = repeat("title: T\ndate: 2022-03-08\nsummary: ", "y",
                        1024 * 1024 + 1, "\n");
    expect_buffer(text, "mem.yaml:3:10: error: this text is 1048577 bytes "
                        "long; one value may hold at most 1 MiB\n");
    free(text);

    char *deep = repeat("title: T\ndate: 2022-03-08\nsummary: ", "[", 40, "");
    char *deep2 = repeat(deep, "]", 40, "\n");
    expect_buffer(deep2, "mem.yaml:3:10: error: expected text, found a list\n"
                         "mem.yaml:3:41: error: lists and mappings are nested "
                         "more than 32 levels deep\n");
    free(deep);
    free(deep2);
    /* A million `[`: refused at level 33, then the file is abandoned
     * rather than walked (libyaml is quadratic in the depth). */
    char *abyss = repeat("summary: ", "[", 1000000, "");
    expect_buffer(abyss, "mem.yaml:1:41: error: lists and mappings are "
                         "nested more than 32 levels deep\n");
    free(abyss);

    char *questions = repeat("title: T\ndate: 2022-03-08\nquestions:\n",
                             "  - question: Q\n", 1001, "");
    expect_buffer(questions, "mem.yaml:1004:5: error: more than 1000 "
                             "questions; that is the limit\n");
    free(questions);
    char *attendees = repeat("title: T\ndate: 2022-03-08\nattendees:\n",
                             "  - Somebody\n", 1500, "");
    expect_buffer(attendees, "mem.yaml:1004:5: error: more than 1000 "
                             "attendees; that is the limit\n");
    free(attendees);
    char *takeaways =
        repeat("title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n"
               "    takeaways: [",
               "t, ", 12000, "t]\n");
    expect_buffer(takeaways, "mem.yaml:5:30017: error: more than 10000 "
                             "takeaways under one question; that is the "
                             "limit\n");
    free(takeaways);
    char *emails = repeat("title: T\ndate: 2022-03-08\nspeakers:\n  - name: X\n"
                          "    email: [",
                          "a, ", 10001, "a]\n");
    expect_buffer(emails, "mem.yaml:5:30013: error: more than 10000 entries "
                          "in `email`; that is the limit\n");
    free(emails);
}

/* A million values is more than any roundtable: reading stops there, so a
 * hostile file cannot make the tree cost gigabytes. */
static void test_value_budget(void **state)
{
    (void)state;
    char *line = repeat("- [", "a,", 9999, "a]\n");
    char *many = repeat("summary:\n", line, 100, "");
    expect_buffer(many, "mem.yaml:101:19798: error: more than 1000000 values "
                        "in one file; stopping here\n");
    free(line);
    free(many);
}

static void test_error_flood_is_cut(void **state)
{
    (void)state;
    char *keys = malloc(150 * 16 + 64);
    assert_non_null(keys);
    strcpy(keys, "title: T\ndate: 2022-03-08\n");
    for (int i = 0; i < 150; i++)
        sprintf(keys + strlen(keys), "zz%03d: x\n", i);
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_options opt = {.root = BRIEFPACK_ROOT};
    load_roundtable_buffer("mem.yaml", "tests/load", keys, strlen(keys), &opt,
                           a, &d);
    assert_int_equal(d.n, 101);
    char *got = diag_text(&d);
    assert_true(strncmp(got, "mem.yaml: error: more than 100 problems; only "
                             "the first 100 are shown\nmem.yaml:3:1: error: "
                             "unknown key `zz000` in the roundtable\n",
                        strlen("mem.yaml: error: more than 100 problems; only "
                               "the first 100 are shown\nmem.yaml:3:1: error: "
                               "unknown key `zz000` in the roundtable\n")) ==
                0);
    free(got);
    arena_free(a);
    free(keys);
}

/* ---- the review's mistakes ------------------------------------------- */

/* Text with a `: ` in it is a mapping to YAML: one message, at the text,
 * wherever text was expected; a typo of a known key stays a typo. */
static void test_text_read_as_key_and_value(void **state)
{
    (void)state;
    const char *f = "tests/load/bad-colons.yaml";
    const char *tail = " (a key and a value) because of the `: ` in it; put "
                       "the whole ";
    char want[4096];
    snprintf(
        want, sizeof want,
        "%s:5:7: error: `question` was read as `Area: \xE2\x80\xA6`%svalue in "
        "quotes\n"
        "%s:7:9: error: this takeaway was read as `Area of concern: "
        "\xE2\x80\xA6`%stakeaway in quotes\n"
        "%s:9:9: error: unknown key `pont` in this takeaway; did you mean "
        "`point`?\n"
        "%s:12:13: error: this sub-point was read as `Who: \xE2\x80\xA6`%s"
        "sub-point in quotes\n"
        "%s:18:7: error: `heading` was read as `Part 1: \xE2\x80\xA6`%svalue "
        "in quotes\n"
        "%s:22:7: error: `action` was read as `Note: \xE2\x80\xA6`%svalue in "
        "quotes\n"
        "%s:26:9: error: this entry of `email` was read as `Office: "
        "\xE2\x80\xA6`%sentry in quotes\n"
        "%s:28:7: error: `phone` was read as `Mobile: \xE2\x80\xA6`%svalue in "
        "quotes\n"
        "%s:30:5: error: this attendee was read as `Jane Smith: "
        "\xE2\x80\xA6`%sname in quotes\n"
        "%s:31:5: error: unknown key `nmae` in this attendee; did you mean "
        "`name`?\n",
        f, tail, f, tail, f, f, tail, f, tail, f, tail, f, tail, f, tail, f,
        tail, f);
    expect_file(f, want);
    /* the review's own line, alone */
    expect_buffer("title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n"
                  "    takeaways:\n"
                  "      - Area of concern: how this will be pushed out\n",
                  "mem.yaml:6:9: error: this takeaway was read as `Area of "
                  "concern: \xE2\x80\xA6` (a key and a value) because of the "
                  "`: ` in it; put the whole takeaway in quotes\n");
    /* a flow mapping is a mapping on purpose */
    expect_buffer("title: T\ndate: 2022-03-08\nvenue: {a: b}\n",
                  "mem.yaml:3:8: error: expected text, found a mapping\n");
}

/* libyaml's words, kept, with what to do and at the useful place. */
static void test_syntax_hints(void **state)
{
    (void)state;
    const char *head = "title: T\ndate: 2022-03-08\n";
    char yaml[512];
#define EXPECT(body, msg)                                                     \
    do {                                                                      \
        snprintf(yaml, sizeof yaml, "%s%s", head, body);                     \
        expect_buffer(yaml, msg);                                             \
    } while (0)
    EXPECT("host: @techUK\n",
           "mem.yaml:3:7: error: found character that cannot start any "
           "token; a value cannot start with `@`: put it in quotes, as in "
           "\"@techUK\"\n");
    EXPECT("host: `code`\n",
           "mem.yaml:3:7: error: found character that cannot start any "
           "token; a value cannot start with a backquote (`): put it in "
           "quotes, as in \"`code` and text\"\n");
    EXPECT("venue: London: Soho\n",
           "mem.yaml:3:14: error: mapping values are not allowed in this "
           "context; a value that contains `: ` must be in quotes\n");
    /* a line that only continues the value above may be a key indented
     * too far */
    EXPECT("venue: London\n  host: techUK\n",
           "mem.yaml:4:7: error: mapping values are not allowed in this "
           "context; a value that contains `: ` must be in quotes (or, if "
           "this line starts a new key, check its indentation against the "
           "lines above it)\n");
    EXPECT("questions:\n  - question: Q\n    takeaways:\n      - a\n"
           "     - b\n",
           "mem.yaml:7:6: error: did not find expected key (while parsing a "
           "block mapping at line 4, column 5); check the indentation of "
           "this line against the lines above it\n");
    EXPECT("questions:\n  - question: Q\n    takeaways:\n      - a\n"
           "   notes: x\n",
           "mem.yaml:7:4: error: did not find expected '-' indicator (while "
           "parsing a block collection at line 4, column 3); check the "
           "indentation of this line against the lines above it\n");
    /* a quote never closed: at the quote */
    EXPECT("attendees:\n  - 'Ann\n  - Bob\n",
           "mem.yaml:4:5: error: found unexpected end of stream; the quote "
           "opened at line 4, column 5 is never closed\n");
    /* … or closed by the next value's opening quote */
    EXPECT("venue: \"London\nhost: \"techUK\"\n",
           "mem.yaml:3:8: error: did not find expected key at line 4, column "
           "8; the quote opened at line 3, column 8 is closed only at line "
           "4, column 7: is its closing quote missing?\n");
    /* a block's text not indented */
    EXPECT("summary: |\nThe text\nof the summary\n",
           "mem.yaml:4:1: error: could not find expected ':'; the text of a "
           "`|` block must be indented under its key\n");
    EXPECT("summary: >-  # folded\n\nThe text\n",
           "mem.yaml:5:1: error: could not find expected ':'; the text of a "
           "`>` block must be indented under its key\n");
    EXPECT("summary: >\nThe summary: its text\n",
           "mem.yaml:4:1: error: unknown key `The summary` in the "
           "roundtable; "
           "the text of a `>` block must be indented under its key\n");
    /* a file without a final line break: the place is on its last line,
     * not on a line after it */
    EXPECT("summary",
           "mem.yaml:3:8: error: could not find expected ':' (while "
           "scanning a simple key at line 3, column 1)\n");
#undef EXPECT
}

/* `qestion` → did you mean `question`?, and not also "missing `question`". */
static void test_typo_not_also_missing(void **state)
{
    (void)state;
    expect_buffer("title: T\ndate: 2022-03-08\nquestions:\n  - qestion: Q\n",
                  "mem.yaml:4:5: error: unknown key `qestion` in this "
                  "question; did you mean `question`?\n");
    expect_buffer("titel: T\ndate: 2022-03-08\n",
                  "mem.yaml:1:1: error: unknown key `titel` in the "
                  "roundtable; did you mean `title`?\n");
    /* a typo of another key leaves the missing one reported */
    expect_buffer("title: T\ndate: 2022-03-08\nquestions:\n  - notse: N\n",
                  "mem.yaml:4:5: error: unknown key `notse` in this "
                  "question; did you mean `notes`?\n"
                  "mem.yaml:4:5: error: missing required key `question` in "
                  "this question\n");
}

static void expect_language(const char *tag, const char *suggestion)
{
    char yaml[256], want[512];
    snprintf(yaml, sizeof yaml, "title: T\ndate: 2022-03-08\nlanguage: %s\n",
             tag);
    if (!suggestion)
        want[0] = '\0';
    else if (!*suggestion)
        snprintf(want, sizeof want,
                 "mem.yaml:3:11: error: `language` must be a BCP 47 "
                 "language tag such as en-GB, found `%s`\n",
                 tag);
    else
        snprintf(want, sizeof want,
                 "mem.yaml:3:11: error: `language` must be a BCP 47 "
                 "language tag such as en-GB, found `%s`; did you mean "
                 "`%s`?\n",
                 tag, suggestion);
    expect_buffer(yaml, want);
}

/* A well-formed tag that no catalog in data/lang/ writes. */
static void expect_no_catalog(const char *tag)
{
    char yaml[256], want[512];
    snprintf(yaml, sizeof yaml, "title: T\ndate: 2022-03-08\nlanguage: %s\n",
             tag);
    snprintf(want, sizeof want,
             "mem.yaml:3:11: error: no catalog for language `%s`: briefpack "
             "writes cy, de, en-GB, en-US, fr (a language is added as "
             "data/lang/TAG.yaml)\n",
             tag);
    expect_buffer(yaml, want);
}

static void test_language_tags(void **state)
{
    (void)state;
    /* NULL: accepted; "": refused; else refused with that suggestion */
    expect_language("en-GB", NULL);
    expect_language("cy", NULL);
    expect_language("en-us", NULL);
    expect_language("de-CH-1996", NULL);   /* de's catalog */
    expect_language("fr-CA", NULL);        /* fr's */
    /* the shape of a tag, but no catalog: an error of its own */
    expect_no_catalog("zh-Hant-TW");
    expect_no_catalog("es-419");
    expect_no_catalog("fil");
    expect_language("English", "en-GB");
    expect_language("english", "en-GB");
    expect_language("British", "en-GB");
    expect_language("American", "en-US");
    expect_language("Welsh", "cy");
    expect_language("en_GB", "en-GB");
    expect_language("en-UK", "en-GB");
    expect_language("engl", "");
    expect_language("e", "");
    expect_language("en-", "");
    expect_language("en-toolongsub", "");
    expect_language("en--GB", "");
    expect_language("123", "");
}

/* A worker's catalog cache: every spelling of a tag that names one catalog
 * file gets that file's catalog, read once; after many spellings (a batch
 * of files, each with its own region) still the same one. */
static void test_catalog_cache_by_file(void **state)
{
    (void)state;
    load_cache *cache = load_cache_new();
    assert_non_null(cache);
    load_options opt = {.root = BRIEFPACK_ROOT, .cache = cache};
    const model_catalog *fr = NULL, *cy = NULL;
    for (int i = 0; i < 200; i++) {
        char yaml[128];
        int n = i == 0   ? snprintf(yaml, sizeof yaml, "title: T\ndate: 2022-03-08\nlanguage: fr\n")
                : i % 2 ? snprintf(yaml, sizeof yaml, "title: T\ndate: 2022-03-08\nlanguage: fr-x%d\n", i)
                        : snprintf(yaml, sizeof yaml, "title: T\ndate: 2022-03-08\nlanguage: CY-x%d\n", i);
        arena *a = arena_new();
        diag d;
        diag_init(&d, a);
        model_roundtable *rt = load_roundtable_buffer("mem.yaml", "tests/load", yaml,
                                                      (size_t)n, &opt, a, &d);
        expect_messages(&d, "");
        assert_non_null(rt->catalog);
        const model_catalog **seen = i % 2 || i == 0 ? &fr : &cy;
        if (!*seen)
            *seen = rt->catalog;
        assert_ptr_equal(rt->catalog, *seen);
        arena_free(a);
    }
    assert_string_equal(fr->tag, "fr");
    assert_string_equal(cy->tag, "cy");
    load_cache_free(cache);
}

/* ` #` starts a comment: the value is gone, and the writer should know. */
static void test_comment_for_a_value(void **state)
{
    (void)state;
    const char *f = "tests/load/bad-comment.yaml";
    const char *why = "is empty: in YAML ` #` starts a comment; put the value "
                      "in quotes\n";
    char want[2048];
    snprintf(want, sizeof want,
             "%s:1:8: error: `title` %s"
             "%s:3:7: warning: `host` %s"
             "%s:4:13: warning: `partner` %s"
             "%s:7:10: warning: `summary` %s"
             "%s:10:14: warning: `twitter` %s",
             f, why, f, why, f, why, f, why, f, why);
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable(f, &l.opt, l.a, &l.d);
    expect_messages(&l.d, want);
    assert_int_equal(l.d.errors, 1);
    assert_int_equal(l.d.warnings, 4);
    assert_string_equal(rt->venue.s, "#hashtag venue");
    assert_null(rt->host.s);
    arena_free(l.a);
    /* a warning alone does not stop the build */
    expect_buffer("title: T\ndate: 2022-03-08\nhost: # techUK\n",
                  "mem.yaml:3:7: warning: `host` is empty: in YAML ` #` "
                  "starts a comment; put the value in quotes\n");
    /* a flood of warnings is cut as errors are */
    char *many = repeat("title: T\ndate: 2022-03-08\nattendees:\n",
                        "  - name: N\n    role: #r\n", 150, "");
    arena *fa = arena_new();
    diag fd;
    diag_init(&fd, fa);
    load_options fopt = {.root = BRIEFPACK_ROOT};
    load_roundtable_buffer("mem.yaml", "tests/load", many, strlen(many), &fopt,
                           fa, &fd);
    assert_int_equal(fd.n, 101);
    assert_int_equal(fd.errors, 0);
    char *got = diag_text(&fd);
    const char *cut = "mem.yaml: warning: more than 100 warnings; only the "
                      "first 100 are shown\n";
    assert_true(strncmp(got, cut, strlen(cut)) == 0);
    free(got);
    arena_free(fa);
    free(many);
    /* a comment after a list's key is how lists are written */
    expect_buffer("title: T\ndate: 2022-03-08\nattendees: # all of them\n"
                  "  - Ann\n",
                  "");
}

/* Photos and logos are read before anything is built: a file that is not
 * the image it says, cut short, enormous, or CMYK is an error at its
 * value. */
static void test_images_checked(void **state)
{
    (void)state;
    const char *f = "tests/load/bad-images.yaml";
    char want[4096];
    snprintf(
        want, sizeof want,
        "%s:3:8: error: the brand file `brands/bad-logo.yaml` has errors "
        "(see its own messages)\n"
        "%s:6:12: error: photo `photos/notes.png` is not a readable PNG: not "
        "a PNG file (it starts with `This is not a pi\xE2\x80\xA6`)\n"
        "%s:8:12: error: photo `photos/cut.png` is not a readable PNG: the "
        "file is truncated (it ends inside its image data)\n"
        "%s:10:12: error: photo `photos/huge.png` is too large: 100000 "
        "\xC3\x97 100000 pixels; an image may have at most 20000 pixels a "
        "side and 40 million in all\n"
        "%s:12:12: error: photo `photos/cmyk.jpg` cannot be used: it is a "
        "CMYK JPEG (a print-shop colour format that PDF readers show in "
        "varying colours); save it as an RGB JPEG or as a PNG\n"
        "%s:14:12: error: photo `photos/cut.jpg` is not a readable JPEG: the "
        "file is truncated (it ends inside its image data)\n"
        "%s:18:12: warning: photo `photos/rotated.jpg` is stored on its side "
        "(EXIF orientation 6), and PDF readers show it as stored; turn the "
        "image itself and save it again\n"
        "tests/load/brands/bad-logo.yaml:2:7: error: logo `not-a-logo.png` is "
        "not a readable PNG: not a PNG file (it starts with `Logo to "
        "follow`)\n",
        f, f, f, f, f, f, f);
    loaded l;
    loaded_init(&l);
    model_roundtable *rt = load_roundtable(f, &l.opt, l.a, &l.d);
    expect_messages(&l.d, want);
    assert_null(rt->speakers[0].photo_path);
    assert_non_null(rt->speakers[5].photo_path); /* 16-bit PNG */
    assert_non_null(rt->speakers[6].photo_path); /* a warning only */
    arena_free(l.a);
}

/* A folder written `build/..` is shown as the folder it is. */
static void test_paths_in_messages_are_clean(void **state)
{
    (void)state;
    loaded l;
    loaded_init(&l);
    l.opt.root = "tests/..";
    load_roundtable("tests/load/bad-brand-file.yaml", &l.opt, l.a, &l.d);
    char *text = diag_text(&l.d);
    char *fonts = repo_path("fonts");
    char want[PATH_MAX + 128];
    snprintf(want, sizeof want,
             "font `Missing-Font.ttf` not found in %s nor beside the brand "
             "file\n",
             fonts);
    if (!strstr(text, want))
        print_error("%s\nnot in:\n%s\n", want, text);
    assert_non_null(strstr(text, want));
    assert_null(strstr(text, "tests/.."));
    free(text);
    free(fonts);
    arena_free(l.a);
    /* a fonts folder that does not exist: tidied, not resolved */
    loaded_init(&l);
    l.opt.root = "tests/load/..";
    load_roundtable("tests/load/bad-brand-file.yaml", &l.opt, l.a, &l.d);
    text = diag_text(&l.d);
    assert_non_null(strstr(text, "font `Missing-Font.ttf` not found in "
                                 "tests/fonts nor beside the brand file\n"));
    free(text);
    arena_free(l.a);
    /* a default font that does not exist keeps a tidy spelling */
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    load_options opt = {.root = "tests/load/.."};
    model_brand *b = load_brand(NULL, NULL, (srcpos){0, 0}, &opt, a, &d);
    assert_string_equal(b->font_regular,
                        "tests/fonts/LiberationSans-Regular.ttf");
    arena_free(a);
}

static void test_suggestions(void **state)
{
    (void)state;
    static const char *const keys[] = {"name", "logo", "points", "summary",
                                       NULL};
    assert_string_equal(load_suggest("sumary", 6, keys), "summary");
    assert_string_equal(load_suggest("Logo", 4, keys), "logo");
    /* two edits to a short word make another word, not a typo */
    assert_null(load_suggest("foo", 3, keys));
    /* a known key inside a longer one */
    assert_string_equal(load_suggest("subpoints", 9, keys), "points");
    assert_null(load_suggest("The summary", 11, keys));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_roundtable),
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_the_example_loads),
        cmocka_unit_test(test_positions_in_characters),
        cmocka_unit_test(test_shipped_brands),
        cmocka_unit_test(test_list_brands),
        cmocka_unit_test(test_brand_override),
        cmocka_unit_test(test_many_errors_in_one_file),
        cmocka_unit_test(test_wrong_types_and_dates),
        cmocka_unit_test(test_duplicates_and_empty_values),
        cmocka_unit_test(test_yaml_features_refused),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_empty_and_wrong_top_level),
        cmocka_unit_test(test_bytes_refused),
        cmocka_unit_test(test_pack_is_not_a_roundtable),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_symlinks_and_allow_path),
        cmocka_unit_test(test_brand_errors),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_messages_outlive_the_document),
        cmocka_unit_test(test_docs_example_loads),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_value_budget),
        cmocka_unit_test(test_error_flood_is_cut),
        cmocka_unit_test(test_text_read_as_key_and_value),
        cmocka_unit_test(test_syntax_hints),
        cmocka_unit_test(test_typo_not_also_missing),
        cmocka_unit_test(test_language_tags),
        cmocka_unit_test(test_catalog_cache_by_file),
        cmocka_unit_test(test_comment_for_a_value),
        cmocka_unit_test(test_images_checked),
        cmocka_unit_test(test_paths_in_messages_are_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
