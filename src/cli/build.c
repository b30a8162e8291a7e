#include "cli/build.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/outputs.h"
#include "cli/public_notes.h"
#include "cli/sources.h"
#include "load/contrast.h"
#include "pdf/archive.h"
#include "pdf/deflate.h"
#include "typeset/font.h"
#include "typeset/hyphen.h"
#include "pdf/image_store.h"
#include "briefing/briefing.h"
#include "layout/dump.h"
#include "layout/layout.h"
#include "typeset/markdown.h"
#include "base/oom.h"
#include "base/template.h"

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
    deflater *deflate_quick; /* object streams */
    load_cache *catalogs;   /* language catalogs, read once */
    const char *want_lang;  /* the document being built's language */
    /* the sRGB profile for --archive, read on first need */
    unsigned char *icc;
    size_t icc_len;
};

/* Everything a worker keeps between documents, made (again) when missing. */
static bool worker_fill(build_worker *w)
{
    if (!w->fonts)
        w->fonts = font_lib_new();
    if (!w->images)
        w->images = image_store_new();
    if (!w->deflate)
        w->deflate = deflater_new(6);
    if (!w->deflate_quick)
        w->deflate_quick = deflater_new(1);
    if (!w->catalogs)
        w->catalogs = load_cache_new();
    return w->fonts && w->images && w->deflate && w->deflate_quick && w->catalogs;
}

/* After running out of memory, what the worker kept may be half made (a
 * font whose tables HarfBuzz could not load looks like one without them):
 * it is all let go, and made again for the next document. */
static void worker_empty(build_worker *w)
{
    font_lib_free(w->fonts);
    image_store_free(w->images);
    deflater_free(w->deflate);
    deflater_free(w->deflate_quick);
    load_cache_free(w->catalogs);
    free(w->icc);
    for (size_t i = 0; i < w->n_hyph; i++)
        hyphen_free(w->hyph[i].dict);
    const char *root = w->root;
    memset(w, 0, sizeof *w);
    w->root = root;
}

build_worker *build_worker_new(const char *root)
{
    build_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->root = root;
    if (!worker_fill(w)) {
        build_worker_free(w);
        return NULL;
    }
    return w;
}

void build_worker_free(build_worker *w)
{
    if (!w)
        return;
    worker_empty(w);
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

static const hyphen_dict *build_hyphens_get(void *ctx, const char *lang)
{
    build_worker *w = ctx;
    bool missing;
    return build_hyphens(w, lang ? lang : w->want_lang, &missing);
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

/* What a document's look is made of: its brand, and what the document says
 * of itself (a roundtable's or a pack's). */
typedef struct theme_source {
    const model_brand *brand;
    model_page_size page;       /* the brand's, or --page */
    bool duplex;                /* --duplex, else the pack's, the brand's */
    bool handout;
    const char *file;           /* where the language was written */
    const char *title;          /* the running head */
    const char *marking;        /* printed on every page, or NULL */
    const model_text *language;
    const model_catalog *catalog;
    model_status status;        /* a draft is marked as one */
    const model_text *version;
    const model_date *date;     /* a draft's: published, else the meeting */
} theme_source;

static theme_source theme_of_roundtable(const model_roundtable *rt)
{
    return (theme_source){.brand = rt->brand_model, .file = rt->path,
                          .title = rt->title.s,
                          .marking = rt->classification.s,
                          .language = &rt->language, .catalog = rt->catalog,
                          .status = rt->status, .version = &rt->version,
                          .date = rt->published.set ? &rt->published : &rt->date};
}

static theme_source theme_of_pack(const model_pack *pk)
{
    return (theme_source){.brand = pk->brand_model, .file = pk->path,
                          .title = pk->title.s, .marking = pk->marking,
                          .language = &pk->language, .catalog = pk->catalog,
                          .status = pk->status, .version = &pk->version,
                          .date = &pk->date};
}

/* What the command line and the document say of the paper: --page over
 * the brand's size; --duplex or --simplex, else the pack's `print`, else
 * the brand's, else one-sided. */
static void theme_paper(theme_source *src, const build_options *opt,
                        const model_pack *pack)
{
    src->page = opt->page_set ? opt->page : src->brand->page;
    model_print print = opt->print ? opt->print
                        : pack && pack->print ? pack->print
                                              : src->brand->print;
    src->duplex = print == MODEL_PRINT_DUPLEX;
    src->handout = opt->handout;
}

/* The page, its margins and the scale of the design on it. The design is
 * made for A4 (and used as it is on Letter); A5 is A4 by one rule: the
 * page and its margins are A4's times k = 1/√2, the type and its leading
 * A4's times ∛k (0.89: 11 pt text is set at 9.8 pt), a little larger than
 * the page, as a smaller page is held nearer the eye. The design is laid
 * out on a page of A5's size divided by ∛k and the display list scaled by
 * ∛k at the end. Printed two-sided, the inner margin takes 14 pt of the
 * outer one for the binding. */
static void build_page(layout_theme *th, model_page_size page, bool duplex,
                       bool handout)
{
    double k = 1, t = 1;
    if (page == MODEL_PAGE_LETTER) {
        th->page_w = 612;
        th->page_h = 792;
    } else if (page == MODEL_PAGE_A5) {
        /* 148 × 210 mm */
        th->page_w = 419.528;
        th->page_h = 595.276;
        k = sqrt(0.5);
        t = cbrt(k);
    } else {
        th->page_w = 595.276;
        th->page_h = 841.89;
    }
    th->scale = t;
    th->page_w /= t;
    th->page_h /= t;
    /* an 11 pt text on a 425 pt measure: about 75 characters a line; a
     * handout's 10 pt on a wider one, for one or two printed pages */
    double side = handout ? 62 : 85, gutter = duplex ? 14 : 0;
    th->margin_l = (side + gutter) * k / t;
    th->margin_r = (side - gutter) * k / t;
    th->margin_t = 84 * k / t;
    th->margin_b = 78 * k / t;
    th->duplex = duplex;
}

/* A draft: the watermark's word and colour, the footer's "Draft 2, 14
 * March 2022", and every text colour dark enough to keep AA contrast over
 * the watermark (a colour that already does is kept as the brand has it;
 * text on the cover's band and the table's header row is on its own
 * colour, not on the watermark). */
static void build_draft(const theme_source *src, layout_theme *th, arena *a)
{
    const model_catalog *cat = src->catalog;
    th->watermark = cat->draft;
    th->watermark_colour = (model_colour){0xE6, 0xE6, 0xE6};
    model_colour *text[] = {&th->ink, &th->muted, &th->link, &th->primary};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        *text[i] = contrast_darken(*text[i], th->watermark_colour, CONTRAST_AA);
    char d[16], y[16];
    const model_date *dt = src->date;
    const char *day = dt->day == 1 && cat->day_one ? cat->day_one : d;
    snprintf(d, sizeof d, "%d", dt->day);
    snprintf(y, sizeof y, "%d", dt->year);
    const char *date = template_fill(a, cat->date_short, "day", day, "month",
                                     cat->months[dt->month - 1], "year", y,
                                     (const char *)NULL);
    const char *line =
        src->version->s && *src->version->s
            ? template_fill(a, cat->draft_footer, "version", src->version->s,
                            "date", date, (const char *)NULL)
            : template_fill(a, cat->draft_footer_unversioned, "date", date,
                            (const char *)NULL);
    th->draft_line = line;
    th->footer = th->footer ? arena_printf(a, "%s \u00b7 %s", line, th->footer)
                            : line;
}

static bool build_theme(build_worker *w, const theme_source *src,
                        layout_theme *th, bool public_version, arena *a,
                        diag *d)
{
    const model_brand *br = src->brand;
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
    th->link = br->link;
    th->ink = br->text;
    th->muted = br->muted;
    th->rule = build_tint(br->muted, 0.6);
    th->tint = build_tint(br->primary, 0.75);
    build_page(th, src->page, src->duplex, src->handout);
    th->size = 11;
    th->leading = 16;
    th->justify = br->justify;
    th->kerning = br->kerning;
    th->footer = br->footer.s;
    th->title = src->title;  /* made typographic by layout */
    th->marking = src->marking && *src->marking ? src->marking : NULL;
    th->catalog = src->catalog;
    th->public_version = public_version;
    if (public_version)
        th->marking = NULL;
    if (src->status == MODEL_STATUS_DRAFT)
        build_draft(src, th, a);
    if (br->hyphenate) {
        const char *lang = src->language->s ? src->language->s : "en-GB";
        bool missing = !hyphen_available(w->root, lang);
        /* loaded on first need (most documents never need it), for the
         * language of what is being set: a pack's chapter may have its
         * own */
        w->want_lang = lang;
        th->hyphens_get = build_hyphens_get;
        th->hyphens_ctx = w;
        if (missing)
            diag_warning(d, src->file, src->language->pos.line
                                           ? src->language->pos
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
    if (!f && errno == ENOMEM)
        oom_raise();
    if (!f) {
        snprintf(err, err_size, "cannot read the ICC profile %s: %s", path,
                 strerror(errno));
        return false;
    }
    unsigned char *buf = malloc(1 << 20);
    if (!buf) {
        fclose(f);
        oom_raise();
    }
    size_t n = fread(buf, 1, 1 << 20, f);
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
/* A pack's chapter in another language than the pack's is hyphenated with
 * its own patterns; one with none gets the warning a roundtable would. */
static void build_item_hyphens(build_worker *w, const model_pack *pk, diag *d)
{
    if (!pk->brand_model->hyphenate)
        return;
    for (size_t i = 0; i < pk->n_items; i++) {
        const model_text *l = &pk->items[i]->language;
        if (!l->s || (pk->language.s && strcmp(l->s, pk->language.s) == 0) ||
            hyphen_available(w->root, l->s))
            continue;
        diag_warning(d, pk->items[i]->path, l->pos.line ? l->pos : (srcpos){1, 1},
                     "no hyphenation patterns for language `%s`: text is set "
                     "without hyphenation", l->s);
    }
}

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
    if (opt->public_version)
        s = arena_printf(a, "%s%s--public", s, *s ? " " : "");
    if (opt->print)
        s = arena_printf(a, "%s%s--%s", s, *s ? " " : "",
                         opt->print == MODEL_PRINT_DUPLEX ? "duplex" : "simplex");
    if (opt->page_set)
        s = arena_printf(a, "%s%s--page %s", s, *s ? " " : "",
                         opt->page == MODEL_PAGE_A5       ? "A5"
                         : opt->page == MODEL_PAGE_LETTER ? "Letter"
                                                          : "A4");
    const char *brand = opt->load.brand_override;
    if (brand && *brand) {
        const char *slash = strrchr(brand, '/');
        s = arena_printf(a, "%s%s--brand %s", s, *s ? " " : "",
                         slash ? slash + 1 : brand);
    }
    return s;
}

/* A loaded document (roundtable or pack) for the stages after loading. */
typedef struct build_doc {
    model_roundtable *rt;
    model_pack *pack;
} build_doc;

/* Load, images, theme and layout: the display list of `input`, or NULL
 * with the problems in `d`. */
static dl_doc *build_lay_out(build_worker *w, const char *input,
                             const char *data, size_t len,
                             const build_options *opt, arena *a,
                             build_doc *bd, diag *d)
{
    model_roundtable *rt = NULL;
    model_pack *pack = NULL;
    image_store_trim(w->images);
    load_options lo = opt->load;
    lo.cache = w->catalogs;
    load_document(input, data, len, &lo, a, d, &rt, &pack);
    bd->rt = rt;
    bd->pack = pack;
    if (!rt && !pack)
        return NULL;
    outputs_guard(opt->output, opt->load.brand_override, rt, pack, d);
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
        return NULL;
    if (opt->archive && (pack ? pack->status : rt->status) == MODEL_STATUS_DRAFT) {
        const model_text *st = pack ? &pack->status_text : &rt->status_text;
        diag_error(d, input, st->pos,
                   "this file is a draft: an archive (--archive) keeps the "
                   "final text only; set `status: final` when the text is "
                   "agreed, or build without --archive to circulate it");
        return NULL;
    }
    if (pack && opt->handout) {
        diag_error(d, input, (srcpos){1, 1},
                   "--handout makes a handout of one roundtable; this file is "
                   "a pack (build its roundtables one by one)");
        return NULL;
    }
    theme_source look = pack ? theme_of_pack(pack) : theme_of_roundtable(rt);
    theme_paper(&look, opt, pack);
    layout_theme *th = arena_alloc(a, sizeof *th);
    if (!build_theme(w, &look, th, opt->public_version, a, d))
        return NULL;
    if (pack)
        build_item_hyphens(w, pack, d);
    if (opt->public_version && opt->check_only)
        public_notes(rt, pack, d);
    /* Markdown problems are found while laying out; with --check the
     * layout runs too (it costs milliseconds) but nothing is rendered. */
    if (opt->handout) {
        /* compact: a size smaller on a wider measure, for one or two
         * printed pages */
        th->size = 10;
        th->leading = 14;
    }
    dl_doc *doc = pack          ? layout_pack(pack, th, a, d)
                  : opt->handout ? layout_handout(rt, th, a, d)
                                 : layout_briefing(rt, th, a, d);
    return d->errors ? NULL : doc;
}

/* The display list to a PDF: dates, the sources (attached with --archive,
 * and always part of the document ID), the output intent. */
static bool build_render(build_worker *w, const char *input, const char *data,
                         size_t len, const build_options *opt, arena *a,
                         const build_doc *bd, const dl_doc *doc,
                         render_result *out, diag *d)
{
    char err[4096 + 512];
    render_info info = {.creator = "briefpack " BRIEFPACK_VERSION,
                        .archive = opt->archive,
                        .images = w->images,
                        .deflate = w->deflate,
                        .deflate_quick = w->deflate_quick};
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (archive_epoch(sde, &info.date) < 0) {
        diag_error(d, input, (srcpos){0, 0},
                   "SOURCE_DATE_EPOCH must be a number of seconds since "
                   "1970-01-01 UTC (up to the year 9999), not `%s`", sde);
        return false;
    }
    const char *opts = build_opts(opt, a);
    archive_sources sources;
    if (!sources_collect(input, data, len, bd->pack ? NULL : bd->rt, bd->pack,
                         w->root, opts, opt->archive, a, &sources, err,
                         sizeof err)) {
        diag_error(d, input, (srcpos){0, 0}, "%s", err);
        return false;
    }
    sources_seed(&sources, BRIEFPACK_VERSION, opts, info.id_seed);
    if (opt->archive) {
        if (!build_icc(w, err, sizeof err)) {
            diag_error(d, input, (srcpos){0, 0}, "%s", err);
            return false;
        }
        info.icc = w->icc;
        info.icc_len = w->icc_len;
        info.sources = &sources;
    }
    if (!render_pdf(doc, &info, a, out, err, sizeof err)) {
        diag_error(d, input, (srcpos){0, 0}, "%s", err);
        return false;
    }
    return true;
}

static bool build_stages(build_worker *w, const char *input, const char *data,
                         size_t len, const build_options *opt,
                         render_result *out, diag *d)
{
    arena *a = arena_new();
    build_doc bd;
    dl_doc *doc = build_lay_out(w, input, data, len, opt, a, &bd, d);
    bool ok = doc && (opt->check_only ||
                      build_render(w, input, data, len, opt, a, &bd, doc,
                                   out, d));
    if (ok)
        out->stats = doc->stats;
    /* Messages live in the diag's own arena, so the document's can go. */
    arena_free(a);
    return ok;
}

bool build_file(build_worker *w, const char *input, const char *data,
                size_t len, const build_options *opt, render_result *out,
                diag *d)
{
    memset(out, 0, sizeof *out);
    oom_scope scope;
    if (setjmp(scope.env)) {
        /* out of memory: the document's arenas, parsers and PDF are freed
         * by the unwind (oom.h) */
        free(out->pdf);
        memset(out, 0, sizeof *out);
        d->out_of_memory = true;
        worker_empty(w);
        return false;
    }
    oom_scope_begin(&scope);
    bool ok = (worker_fill(w) || (oom_note(), false)) &&
              build_stages(w, input, data, len, opt, out, d);
    oom_scope_end(&scope);
    if (diag_out_of_memory(d)) {
        /* a library's failure, counted but not raised */
        free(out->pdf);
        memset(out, 0, sizeof *out);
        worker_empty(w);
        ok = false;
    }
    return ok;
}

bool build_dump_layout(build_worker *w, const char *input,
                       const build_options *opt, FILE *out, diag *d)
{
    oom_scope scope;
    if (setjmp(scope.env)) {
        d->out_of_memory = true;
        worker_empty(w);
        return false;
    }
    oom_scope_begin(&scope);
    bool ok = worker_fill(w);
    if (ok) {
        arena *a = arena_new();
        build_doc bd;
        dl_doc *doc = build_lay_out(w, input, NULL, 0, opt, a, &bd, d);
        if (doc)
            dl_dump(doc, out);
        ok = doc != NULL;
        arena_free(a);
    }
    oom_scope_end(&scope);
    return ok && !diag_out_of_memory(d);
}
