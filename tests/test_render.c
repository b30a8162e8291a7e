/* The render stage alone (issue 17): a display list made by hand drawn
 * into a PDF, and the PDF read back with briefpack's own reader
 * (pdf/pdf_read.h): pages, text, shapes, links and their targets,
 * images from the worker's store, the outline and the page labels; the
 * same bytes twice; an image the store does not hold is an error, never a
 * decode behind layout's back. */
#include "testutil.h"

#include "base/arena.h"
#include "dl.h"
#include "pdf/pdf_read.h"
#include "pdf/deflate.h"
#include "pdf/image_store.h"
#include "pdf/render.h"
#include "typeset/font.h"

#define SANS BRIEFPACK_ROOT "/fonts/LiberationSans-Regular.ttf"
#define PHOTO BRIEFPACK_ROOT "/examples/photos/zoe-adeyemi.png"

typedef struct fixture {
    font_lib *fonts;
    font_face *sans;
    image_store *images;
    deflater *z;
    arena *a;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    char err[256];
    fx->fonts = font_lib_new();
    fx->sans = font_lib_load(fx->fonts, SANS, err, sizeof err);
    assert_non_null(fx->sans);
    fx->images = image_store_new();
    fx->z = deflater_new(6);
    fx->a = arena_new_lasting();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    arena_free(fx->a);
    image_store_free(fx->images);
    deflater_free(fx->z);
    font_lib_free(fx->fonts);
    free(fx);
    return 0;
}

static dl_box *add(fixture *fx, dl_page *pg, dl_kind kind, dl_role role)
{
    dl_box *b = ARENA_PUSH(fx->a, pg->boxes, pg->n, pg->cap);
    b->kind = kind;
    b->role = role;
    return b;
}

static void add_text(fixture *fx, dl_page *pg, double x, double y,
                     const char *s)
{
    dl_box *b = add(fx, pg, DL_TEXT, DL_ROLE_PARAGRAPH);
    font_run run = font_shape(fx->sans, s, strlen(s), true, fx->a);
    float *xs = arena_calloc(fx->a, run.n, sizeof *xs);
    double pen = 0;
    for (size_t i = 0; i < run.n; i++) {
        xs[i] = (float)pen;
        pen += run.glyphs[i].advance * 12 / 1000.0;
    }
    b->x = x;
    b->y = y;
    b->u.text = (dl_text){fx->sans, 12, run.glyphs, xs, run.n, s, strlen(s), 0};
}

/* A structure element below the document (node 0). */
static unsigned new_node(fixture *fx, dl_doc *d, dl_tag tag, unsigned parent)
{
    if (!d->n_nodes) {
        dl_node *root = ARENA_PUSH(fx->a, d->nodes, d->n_nodes, d->nodes_cap);
        *root = (dl_node){.tag = DL_TAG_DOCUMENT};
    }
    dl_node *n = ARENA_PUSH(fx->a, d->nodes, d->n_nodes, d->nodes_cap);
    *n = (dl_node){.tag = tag, .parent = parent};
    return (unsigned)(d->n_nodes - 1);
}

static unsigned figure_node(fixture *fx, dl_doc *d, const char *alt)
{
    unsigned n = new_node(fx, d, DL_TAG_FIGURE, 0);
    d->nodes[n].alt = alt;
    return n;
}

/* Two A4 pages: text, a rectangle, a rule, a circle, a web link, a link
 * to page 2, a photo; page 2 a line of text; one bookmark. */
static dl_doc *sample(fixture *fx, bool with_photo)
{
    dl_doc *d = arena_alloc(fx->a, sizeof *d);
    d->width = 595.276;
    d->height = 841.89;
    d->title = "Render test";
    d->lang = "en-GB";
    d->date = (model_date){true, 2024, 5, 1, {0, 0}};
    d->n_pages = d->pages_cap = 2;
    d->pages = arena_calloc(fx->a, 2, sizeof *d->pages);
    d->body_start = 1;
    dl_page *p1 = &d->pages[0], *p2 = &d->pages[1];
    unsigned para = new_node(fx, d, DL_TAG_P, 0);
    add_text(fx, p1, 85, 100, "Hello, reader");
    p1->boxes[p1->n - 1].node = para;
    dl_box *r = add(fx, p1, DL_RECT, DL_ROLE_ARTIFACT);
    *r = (dl_box){.kind = DL_RECT, .x = 85, .y = 120, .w = 100, .h = 20,
                  .colour = {0, 48, 87}};
    dl_box *rule = add(fx, p1, DL_RULE, DL_ROLE_ARTIFACT);
    *rule = (dl_box){.kind = DL_RULE, .x = 85, .y = 150, .w = 425,
                     .line_width = 0.5};
    dl_box *c = add(fx, p1, DL_CIRCLE, DL_ROLE_ARTIFACT);
    *c = (dl_box){.kind = DL_CIRCLE, .x = 85, .y = 160, .w = 60, .h = 60};
    dl_box *web = add(fx, p1, DL_LINK, DL_ROLE_PARAGRAPH);
    *web = (dl_box){.kind = DL_LINK, .x = 85, .y = 90, .w = 60, .h = 14};
    web->u.link.uri = "https://example.org/";
    web->node = new_node(fx, d, DL_TAG_LINK, para);
    dl_box *in = add(fx, p1, DL_LINK, DL_ROLE_PARAGRAPH);
    *in = (dl_box){.kind = DL_LINK, .x = 150, .y = 90, .w = 40, .h = 14};
    in->u.link.dest_page = 1;
    in->u.link.dest_y = 200;
    in->node = new_node(fx, d, DL_TAG_LINK, para);
    if (with_photo) {
        dl_box *img = add(fx, p1, DL_IMAGE, DL_ROLE_FIGURE);
        *img = (dl_box){.kind = DL_IMAGE, .role = DL_ROLE_FIGURE, .x = 300,
                        .y = 300, .w = 60, .h = 60};
        img->u.image.path = PHOTO;
        img->node = figure_node(fx, d, "Photograph of Zoe");
        img->u.image.round = true;
    }
    add_text(fx, p2, 85, 100, "Page two");
    p2->boxes[p2->n - 1].node = new_node(fx, d, DL_TAG_P, 0);
    d->n_outline = d->outline_cap = 1;
    d->outline = arena_calloc(fx->a, 1, sizeof *d->outline);
    d->outline[0] = (dl_outline){"Part one", 0, 1, 200};
    return d;
}

static render_result render(fixture *fx, const dl_doc *d, bool expect_ok,
                            char *err, size_t err_size)
{
    render_info info = {.creator = "test", .images = fx->images,
                        .deflate = fx->z};
    render_result out;
    bool ok = render_pdf(d, &info, fx->a, &out, err, err_size);
    assert_int_equal(ok, expect_ok);
    return out;
}

/* Whether `needle` is in the bytes (glyph codes hold NULs: not strstr). */
static bool contains(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, needle, k) == 0)
            return true;
    return false;
}

static pdf_value *page_of(pdf_reader *r, size_t i)
{
    pdf_value *pages = pdf_get(r, pdf_catalog(r), "Pages");
    assert_non_null(pages);
    pdf_value *kids = pdf_get(r, pages, "Kids");
    assert_non_null(kids);
    assert_true(kids->kind == PV_ARRAY && i < kids->n);
    return pdf_resolve(r, kids->items[i]);
}

/* The /Alt of the first Figure element below `k`, depth first. */
static pdf_value *find_alt(pdf_reader *r, pdf_value *k, int depth)
{
    k = pdf_resolve(r, k);
    if (!k || depth > 20)
        return NULL;
    if (k->kind == PV_ARRAY) {
        for (size_t i = 0; i < k->n; i++) {
            pdf_value *alt = find_alt(r, k->items[i], depth + 1);
            if (alt)
                return alt;
        }
        return NULL;
    }
    if (k->kind != PV_DICT)
        return NULL;
    if (pdf_name_is(pdf_get(r, k, "S"), "Figure"))
        return pdf_get(r, k, "Alt");
    return find_alt(r, pdf_get(r, k, "K"), depth + 1);
}

/* A stream's decoded bytes, kept in the reader's arena. */
static unsigned char *cs_copy(pdf_reader *r, pdf_value *s, size_t *n)
{
    unsigned char *bytes = pdf_stream_decode(r, s, n);
    assert_non_null(bytes);
    unsigned char *copy = arena_alloc(r->a, *n + 1);
    memcpy(copy, bytes, *n);
    free(bytes);
    return copy;
}

static void test_render_draws_every_box(void **state)
{
    fixture *fx = *state;
    const image_asset *asset;
    image_type type;
    char why[256], err[512];
    assert_int_equal(image_store_get(fx->images, PHOTO, &asset, &type, why,
                                     sizeof why),
                     IMAGE_OK);
    render_result out = render(fx, sample(fx, true), true, err, sizeof err);
    assert_int_equal(out.pages, 2);
    assert_memory_equal(out.pdf, "%PDF-1.7", 8);
    pdf_reader r;
    assert_true(pdf_reader_open(&r, out.pdf, out.size, fx->a, err, sizeof err));
    pdf_value *p1 = page_of(&r, 0);
    /* two link annotations: the web one and the one to page 2 */
    pdf_value *annots = pdf_get(&r, p1, "Annots");
    assert_non_null(annots);
    assert_int_equal(annots->n, 2);
    pdf_value *a0 = pdf_resolve(&r, annots->items[0]);
    pdf_value *action = pdf_get(&r, a0, "A");
    assert_non_null(action);
    pdf_value *uri = pdf_get(&r, action, "URI");
    assert_non_null(uri);
    assert_string_equal((const char *)uri->s, "https://example.org/");
    pdf_value *dest = pdf_get(&r, pdf_resolve(&r, annots->items[1]), "Dest");
    assert_non_null(dest);
    assert_true(pdf_resolve(&r, dest->items[0]) == page_of(&r, 1));
    /* the content: text shown with TJ, a filled rectangle, a stroked line,
     * the photo clipped to a circle and drawn as an XObject */
    pdf_value *contents = pdf_get(&r, p1, "Contents");
    size_t n;
    unsigned char *cs = pdf_stream_decode(&r, contents, &n);
    assert_non_null(cs);
    const char *ops[] = {"] TJ", " re\n", "S\n", "W n\n", " Do\n"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        assert_true(contains(cs, n, ops[i]));
    free(cs);
    pdf_value *res = pdf_get(&r, p1, "Resources");
    assert_non_null(pdf_get(&r, res, "Font"));
    assert_non_null(pdf_get(&r, res, "XObject"));
    /* the outline and the page labels (i, then 1) */
    pdf_value *cat = pdf_catalog(&r);
    assert_non_null(pdf_get(&r, cat, "Outlines"));
    assert_non_null(pdf_get(&r, cat, "PageLabels"));
    /* tagged: the structure tree holds the photo's Figure with its alt
     * text, the links have their structure parents, the page its tab order */
    assert_true(pdf_get(&r, pdf_get(&r, cat, "MarkInfo"), "Marked")->kind == PV_BOOL);
    pdf_value *root = pdf_get(&r, cat, "StructTreeRoot");
    assert_non_null(root);
    assert_non_null(pdf_get(&r, root, "ParentTree"));
    assert_true(pdf_name_is(pdf_get(&r, p1, "Tabs"), "S"));
    assert_non_null(pdf_get(&r, a0, "StructParent"));
    pdf_value *alt = find_alt(&r, pdf_get(&r, root, "K"), 0);
    assert_non_null(alt);
    assert_string_equal((const char *)alt->s, "Photograph of Zoe");
    assert_true(contains(cs_copy(&r, contents, &n), n, "BDC"));
    pdf_reader_close(&r);
    free(out.pdf);
}

static void test_render_same_bytes_twice(void **state)
{
    fixture *fx = *state;
    char err[512];
    render_result a = render(fx, sample(fx, false), true, err, sizeof err);
    render_result b = render(fx, sample(fx, false), true, err, sizeof err);
    assert_int_equal(a.size, b.size);
    assert_memory_equal(a.pdf, b.pdf, a.size);
    free(a.pdf);
    free(b.pdf);
}

static void test_render_never_decodes(void **state)
{
    fixture *fx = *state;
    char err[512];
    /* the store is empty: render must not go and decode the photo */
    render_result out = render(fx, sample(fx, true), false, err, sizeof err);
    assert_null(out.pdf);
    assert_non_null(strstr(err, "changed while the briefing was made"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_render_draws_every_box, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_same_bytes_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_never_decodes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
