#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "font.h"
#include "hyphen.h"
#include "image_store.h"
#include "layout.h"
#include "markdown.h"

#define BUILD_MAX_LANGS 8

struct build_worker {
    const char *root;
    font_lib *fonts;
    struct {
        char lang[32];
        hyphen_dict *dict;
        bool missing;
    } hyph[BUILD_MAX_LANGS];
    size_t n_hyph;
    image_store *images;    /* photos and logos, decoded once */
    deflater *deflate;      /* page contents and fonts */
    const char *want_lang;  /* the document being built's language */
    /* the sRGB profile for --archive, read on first need */
    unsigned char *icc;
    size_t icc_len;
};

build_worker *build_worker_new(const char *root)
{
    build_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->root = root;
    w->fonts = font_lib_new();
    w->images = image_store_new();
    w->deflate = deflater_new(6);
    if (!w->fonts || !w->images || !w->deflate) {
        build_worker_free(w);
        return NULL;
    }
    return w;
}

void build_worker_free(build_worker *w)
{
    if (!w)
        return;
    font_lib_free(w->fonts);
    image_store_free(w->images);
    deflater_free(w->deflate);
    free(w->icc);
    for (size_t i = 0; i < w->n_hyph; i++)
        hyphen_free(w->hyph[i].dict);
    free(w);
}

static const hyphen_dict *build_hyphens(build_worker *w, const char *lang,
                                        bool *missing)
{
    for (size_t i = 0; i < w->n_hyph; i++)
        if (strcmp(w->hyph[i].lang, lang) == 0) {
            *missing = w->hyph[i].missing;
            return w->hyph[i].dict;
        }
    hyphen_dict *h = hyphen_load(w->root, lang);
    *missing = !h;
    if (w->n_hyph < BUILD_MAX_LANGS) {
        snprintf(w->hyph[w->n_hyph].lang, sizeof w->hyph[0].lang, "%s", lang);
        w->hyph[w->n_hyph].dict = h;
        w->hyph[w->n_hyph].missing = !h;
        w->n_hyph++;
    } else {
        /* more languages than slots: load each time (rare) */
        hyphen_free(h);
        return NULL;
    }
    return h;
}

static const hyphen_dict *build_hyphens_get(void *ctx)
{
    build_worker *w = ctx;
    bool missing;
    return build_hyphens(w, w->want_lang, &missing);
}

static font_face *build_face(build_worker *w, const model_brand *br,
                             const char *path, diag *d)
{
    char err[256];
    font_face *f = font_lib_load(w->fonts, path, err, sizeof err);
    if (!f)
        diag_error(d, br->path ? br->path : path, br->path ? br->name.pos : (srcpos){0, 0},
                   "font %s: %s", path, err);
    return f;
}

static model_colour build_tint(model_colour c, double t)
{
    /* mix with white */
    return (model_colour){(uint8_t)(c.r + (255 - c.r) * t),
                          (uint8_t)(c.g + (255 - c.g) * t),
                          (uint8_t)(c.b + (255 - c.b) * t)};
}

static bool build_theme(build_worker *w, const model_roundtable *rt,
                        layout_theme *th, diag *d)
{
    const model_brand *br = rt->brand_model;
    memset(th, 0, sizeof *th);
    th->text.regular = build_face(w, br, br->font_regular, d);
    th->text.bold = build_face(w, br, br->font_bold, d);
    th->text.italic = build_face(w, br, br->font_italic, d);
    th->text.bold_italic = build_face(w, br, br->font_bold_italic, d);
    th->heading = build_face(w, br, br->font_heading, d);
    /* code spans: the shipped monospaced face, whatever the brand */
    char mono[4096];
    snprintf(mono, sizeof mono, "%s/fonts/LiberationMono-Regular.ttf", w->root);
    char err[256];
    th->text.code = font_lib_load(w->fonts, mono, err, sizeof err);
    if (!th->text.regular || !th->text.bold || !th->text.italic ||
        !th->text.bold_italic || !th->heading)
        return false;
    th->primary = br->primary;
    th->accent = br->accent;
    th->ink = br->text;
    th->muted = br->muted;
    th->rule = build_tint(br->muted, 0.6);
    th->tint = build_tint(br->primary, 0.75);
    if (br->page == MODEL_PAGE_LETTER) {
        th->page_w = 612;
        th->page_h = 792;
    } else {
        th->page_w = 595.276;
        th->page_h = 841.89;
    }
    /* an 11 pt text on a 425 pt measure: about 75 characters a line */
    th->margin_l = th->margin_r = 85;
    th->margin_t = 84;
    th->margin_b = 78;
    th->size = 11;
    th->leading = 16;
    th->justify = br->justify;
    th->kerning = br->kerning;
    th->footer = br->footer.s;
    th->title = rt->title.s;  /* made typographic by layout */
    th->marking = rt->classification.s && *rt->classification.s
                      ? rt->classification.s
                      : NULL;
    if (br->hyphenate) {
        const char *lang = rt->language.s ? rt->language.s : "en-GB";
        bool missing = !hyphen_available(w->root, lang);
        if (!missing) {
            /* loaded on first need (most documents never need it) */
            w->want_lang = lang;
            th->hyphens_get = build_hyphens_get;
            th->hyphens_ctx = w;
        }
        if (missing)
            diag_warning(d, rt->path, rt->language.pos.line ? rt->language.pos
                                                             : (srcpos){1, 1},
                         "no hyphenation patterns for language `%s`: text is "
                         "set without hyphenation", lang);
    }
    return true;
}

/* data/icc/sRGB.icc, the PDF/A output intent's profile. */
static bool build_icc(build_worker *w, char *err, size_t err_size)
{
    if (w->icc)
        return true;
    char path[4096];
    snprintf(path, sizeof path, "%s/data/icc/sRGB.icc", w->root ? w->root : ".");
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "cannot read the ICC profile %s: %s", path,
                 strerror(errno));
        return false;
    }
    unsigned char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    /* an ICC profile starts with its size; an RGB one says "RGB " at 16 */
    if (!buf || n < 132 || n == 1 << 20 ||
        ((size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3]) != n ||
        memcmp(buf + 16, "RGB ", 4) != 0 || memcmp(buf + 36, "acsp", 4) != 0) {
        free(buf);
        snprintf(err, err_size, "%s is not an RGB ICC profile", path);
        return false;
    }
    w->icc = buf;
    w->icc_len = n;
    return true;
}

/* The options that change the output, as they would be typed (for the
 * document ID and the attached source's description). A brand given by
 * path is named by its file name: the file itself is attached. */
/* Decodes one image into the worker's store; damaged pixel data, which the
 * loader's look at the file's structure cannot see, is reported at the line
 * that names the file. */
static void build_image(build_worker *w, const char *file,
                        const model_text *written, const char *what,
                        const char *path, diag *d)
{
    if (!path)
        return;
    const image_asset *a;
    image_type type;
    char why[256], text[768];
    image_status st = image_store_get(w->images, path, &a, &type, why,
                                      sizeof why);
    if (st == IMAGE_OK)
        return;
    image_message(text, sizeof text, what,
                  written->s ? written->s : path, st, type, why);
    diag_error(d, file, written->s ? written->pos : (srcpos){0, 0}, "%s",
               text);
}

static void build_images(build_worker *w, const model_roundtable *rt,
                         diag *d)
{
    const model_brand *br = rt->brand_model;
    if (br && br->logo)
        build_image(w, br->path ? br->path : rt->path, &br->logo_text, "logo",
                    br->logo, d);
    for (size_t i = 0; i < rt->n_speakers; i++)
        build_image(w, rt->path, &rt->speakers[i].photo, "photo",
                    rt->speakers[i].photo_path, d);
}

/* Every Markdown field of a roundtable, parsed for its messages only. The
 * links' targets (`#q2`) are checked in layout, which knows the ids. */
static void build_check_markdown(const model_roundtable *rt, arena *a,
                                 diag *d)
{
    const char *f = rt->path;
    markdown_blocks(&rt->summary, f, a, d);
    for (size_t i = 0; i < rt->n_questions; i++) {
        const model_question *q = &rt->questions[i];
        markdown_inline(&q->question, "a question", f, a, d);
        for (size_t k = 0; k < q->n_takeaways; k++) {
            const model_takeaway *t = &q->takeaways[k];
            markdown_inline(&t->text, "a takeaway", f, a, d);
            for (size_t p = 0; p < t->points.n; p++)
                markdown_inline(&t->points.items[p], "a sub-point", f, a, d);
        }
        markdown_blocks(&q->notes, f, a, d);
    }
    for (size_t i = 0; i < rt->n_sections; i++)
        markdown_blocks(&rt->sections[i].body, f, a, d);
    markdown_blocks(&rt->next_steps, f, a, d);
    for (size_t i = 0; i < rt->n_actions; i++)
        markdown_inline(&rt->actions[i].action, "an action", f, a, d);
    for (size_t i = 0; i < rt->n_speakers; i++)
        markdown_blocks(&rt->speakers[i].bio, f, a, d);
}

static const char *build_opts(const build_options *opt, arena *a)
{
    const char *s = opt->archive ? "--archive" : "";
    if (opt->handout)
        s = arena_printf(a, "%s%s--handout", s, *s ? " " : "");
    const char *brand = opt->load.brand_override;
    if (brand && *brand) {
        const char *slash = strrchr(brand, '/');
        s = arena_printf(a, "%s%s--brand %s", s, *s ? " " : "",
                         slash ? slash + 1 : brand);
    }
    return s;
}

bool build_file(build_worker *w, const char *input, const char *data,
                size_t len, const build_options *opt, render_result *out,
                diag *d)
{
    memset(out, 0, sizeof *out);
    arena *a = arena_new();
    bool ok = false;
    model_roundtable *rt = NULL;
    model_pack *pack = NULL;
    image_store_trim(w->images);
    load_document(input, data, len, &opt->load, a, d, &rt, &pack);
    if (!rt && !pack)
        goto done;
    bool load_failed = d->errors != 0;
    if (pack) {
        for (size_t i = 0; i < pack->n_items; i++)
            if (pack->items[i])
                build_images(w, pack->items[i], d);
    } else {
        build_images(w, rt, d);
    }
    if (load_failed) {
        /* Nothing is laid out, but the Markdown that did load is still
         * checked: every problem of a file in one run. */
        if (pack) {
            markdown_blocks(&pack->cover_note, pack->path, a, d);
            for (size_t i = 0; i < pack->n_items; i++)
                if (pack->items[i])
                    build_check_markdown(pack->items[i], a, d);
        } else {
            build_check_markdown(rt, a, d);
        }
    }
    if (d->errors)
        goto done;
    const model_roundtable *loaded_rt = rt;
    if (pack && opt->handout) {
        diag_error(d, input, (srcpos){1, 1},
                   "--handout makes a handout of one roundtable; this file is "
                   "a pack (build its roundtables one by one)");
        goto done;
    }
    if (pack) {
        /* the theme of a pack: its brand, title, language and marking */
        model_roundtable *lead = arena_alloc(a, sizeof *lead);
        lead->path = pack->path;
        lead->title = pack->title;
        lead->language = pack->language;
        lead->brand_model = pack->brand_model;
        lead->classification.s = pack->marking;
        rt = lead;
    }
    layout_theme th;
    if (!build_theme(w, rt, &th, d))
        goto done;
    /* Markdown problems are found while laying out; with --check the
     * layout runs too (it costs milliseconds) but nothing is rendered. */
    if (opt->handout) {
        /* compact: a size smaller on a wider measure, for one or two
         * printed pages */
        th.size = 10;
        th.leading = 13.5;
        th.margin_l = th.margin_r = 62;
    }
    dl_doc *doc = pack          ? layout_pack(pack, &th, a, d)
                  : opt->handout ? layout_handout(rt, &th, a, d)
                                 : layout_briefing(rt, &th, a, d);
    if (d->errors)
        goto done;
    if (opt->check_only) {
        out->stats = doc->stats;
        ok = true;
        goto done;
    }
    char err[4096 + 512];
    render_info info = {.creator = "briefpack " BRIEFPACK_VERSION,
                        .archive = opt->archive,
                        .images = w->images,
                        .deflate = w->deflate};
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (archive_epoch(sde, &info.date) < 0) {
        diag_error(d, input, (srcpos){0, 0},
                   "SOURCE_DATE_EPOCH must be a number of seconds since "
                   "1970-01-01 UTC (up to the year 9999), not `%s`", sde);
        goto done;
    }
    /* The sources: attached with --archive, and always part of the
     * document ID. */
    const char *opts = build_opts(opt, a);
    archive_sources sources;
    if (!archive_collect(input, data, len, pack ? NULL : loaded_rt, pack,
                         w->root, opts, opt->archive, a, &sources, err,
                         sizeof err)) {
        diag_error(d, input, (srcpos){0, 0}, "%s", err);
        goto done;
    }
    archive_seed(&sources, BRIEFPACK_VERSION, opts, info.id_seed);
    if (opt->archive) {
        if (!build_icc(w, err, sizeof err)) {
            diag_error(d, input, (srcpos){0, 0}, "%s", err);
            goto done;
        }
        info.icc = w->icc;
        info.icc_len = w->icc_len;
        info.sources = &sources;
    }
    if (!render_pdf(doc, &info, a, out, err, sizeof err)) {
        diag_error(d, input, (srcpos){0, 0}, "%s", err);
        goto done;
    }
    out->stats = doc->stats;
    ok = true;
done:
    /* Messages live in the diag's own arena, so the document's can go. */
    arena_free(a);
    return ok;
}
