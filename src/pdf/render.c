#include "pdf/render.h"

#include "base/oom.h"
#include "pdf/archive_pdf.h"
#include "pdf/font_pdf.h"
#include "pdf/objstm.h"
#include "pdf/pdf_buf.h"
#include "pdf/image_store.h"
#include "pdf/pdf_stream.h"
#include "pdf/pdf_text.h"
#include "pdf/render_meta.h"
#include "pdf/tags.h"

#include <hpdf.h>
#include <malloc.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if HPDF_VERSION_ID != 20300
#error "render.c writes into libharu 2.3.0's page stream; check it against this version"
#endif

typedef struct render_error {
    HPDF_STATUS status, detail;
} render_error;

/* libharu calls this on every error. It must neither exit nor jump: the
 * status is kept and checked after each phase, and the document freed. */
static void render_on_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
    render_error *e = user;
    if (!e->status) {
        e->status = status;
        e->detail = detail;
    }
}

typedef struct render_state {
    HPDF_Doc pdf;
    const dl_doc *doc;
    arena *mem;
    font_pdf *fonts;
    HPDF_Page *pages;
    /* images decoded once per document, by path */
    struct render_image {
        const char *path;
        HPDF_Image img;
        double w, h;
    } *images;
    image_store *store;     /* the worker's, or one for this document */
    deflater *deflate;      /* likewise */
    size_t n_images, images_cap;
    /* the page's content, written here (not through libharu's page
     * operators and its memory stream: libharu's memory pool keeps every
     * byte it was given until the document is freed) and handed to
     * libharu compressed; the buffer is kept from page to page */
    pdf_buf content;
    /* the page's text state, to write only what changes */
    size_t page;            /* its index */
    bool in_text;
    /* the marked-content sequence open (tags.h): an element's content
     * (node), an artifact (role), or none; opened inside BT…ET or outside,
     * and closed on the same side */
    enum { MC_NONE, MC_CONTENT, MC_ARTIFACT } mc;
    unsigned mc_node;
    dl_role mc_role;
    bool mc_in_text;
    tag_writer *tags;
    const font_face *face;
    double size;
    model_colour colour;
    bool colour_set;
    char *err;
    size_t err_size;
    render_meta meta;       /* the metadata, finished just before saving */
} render_state;

/* A two-byte code in a literal string: the bytes as they are, except the
 * three a string must escape and the two line ends a reader would turn
 * into a plain newline. */
static char *render_code(char *p, unsigned v)
{
    unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    for (int i = 0; i < 2; i++) {
        switch (b[i]) {
        case '(': case ')': case '\\':
            *p++ = '\\';
            *p++ = (char)b[i];
            break;
        case '\n':
            *p++ = '\\';
            *p++ = 'n';
            break;
        case '\r':
            *p++ = '\\';
            *p++ = 'r';
            break;
        default:
            *p++ = (char)b[i];
        }
    }
    return p;
}

static char *render_long(char *p, long v)
{
    char tmp[24];
    size_t n = 0;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    if (v < 0)
        *p++ = '-';
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static void render_write(render_state *s, const char *text)
{
    pdf_buf_str(&s->content, text);
}

static void render_nums(render_state *s, const double *v, size_t n,
                        const char *op)
{
    pdf_buf_ops(&s->content, v, n, op);
}

static void render_mc_close(render_state *s)
{
    if (s->mc != MC_NONE) {
        render_write(s, "EMC\n");
        s->mc = MC_NONE;
    }
}

/* Every piece of content inside exactly one marked-content sequence: an
 * element's (with an MCID that the structure tree maps back to it) or an
 * artifact's (page furniture as pagination artifacts, rules and bands as
 * layout ones). Boxes of one element drawn one after another share it. */
static void render_mc(render_state *s, const dl_box *b, bool in_text)
{
    bool artifact = DL_IS_ARTIFACT(b->role) || !b->node;
    if (s->mc != MC_NONE && s->mc_in_text == in_text &&
        (artifact ? s->mc == MC_ARTIFACT && s->mc_role == b->role
                  : s->mc == MC_CONTENT && s->mc_node == b->node))
        return;
    render_mc_close(s);
    s->mc_in_text = in_text;
    if (artifact) {
        s->mc = MC_ARTIFACT;
        s->mc_role = b->role;
        render_write(s, b->role == DL_ROLE_HEADER
                            ? "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"
                        : b->role == DL_ROLE_FOOTER
                            ? "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
                            : "/Artifact BMC\n");
        return;
    }
    s->mc = MC_CONTENT;
    s->mc_node = b->node;
    char buf[96];
    snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\n",
             tags_type(s->doc, b->node), tags_mcid(s->tags, s->page, b->node));
    render_write(s, buf);
}

static void render_text_end(render_state *s)
{
    if (s->in_text) {
        if (s->mc_in_text)
            render_mc_close(s);
        render_write(s, "ET Q\n");
        s->in_text = false;
    }
}

/* Turned text (a draft's watermark) as outlines: seen on the page, but
 * not text that copying, searching or a text extractor picks up between
 * the lines of the real text (it is an artifact to screen readers too). */
static void render_text_outlined(render_state *s, const dl_box *b)
{
    const dl_text *t = &b->u.text;
    render_text_end(s);
    render_mc(s, b, false);
    double r = t->angle * M_PI / 180.0, c = cos(r), sn = sin(r);
    double m[6] = {c, sn, -sn, c, b->x + c * t->xs[0],
                   s->doc->height - b->y + sn * t->xs[0]};
    double rgb[3] = {b->colour.r / 255.0, b->colour.g / 255.0,
                     b->colour.b / 255.0};
    render_write(s, "q\n");
    render_nums(s, rgb, 3, "rg");
    render_nums(s, m, 6, "cm");
    if (!font_pdf_outline(&s->content, t->face, t->glyphs, t->xs, t->n,
                          t->size))
        oom_raise();
    render_write(s, "Q\n");
}

static void render_text(render_state *s, HPDF_Page page, const dl_box *b)
{
    const dl_text *t = &b->u.text;
    if (!t->n)
        return;
    if (t->angle != 0) {
        render_text_outlined(s, b);
        return;
    }
    const char *name = font_pdf_use(s->fonts, t->face, page);
    if (!name)
        return;
    font_pdf_mark(s->fonts, t->face, t->glyphs, t->n, t->utf8, t->len);
    if (!s->in_text) {
        if (!s->mc_in_text)
            render_mc_close(s);
        render_write(s, "q BT\n");
        s->in_text = true;
        s->face = NULL;
        s->colour_set = false;
    }
    render_mc(s, b, true);
    if (s->face != t->face || s->size != t->size) {
        char buf[64];
        pdf_decimal(buf, sizeof buf, t->size);
        render_write(s, "/");
        render_write(s, name);
        render_write(s, " ");
        render_write(s, buf);
        render_write(s, " Tf\n");
        s->face = t->face;
        s->size = t->size;
    }
    if (!s->colour_set || memcmp(&s->colour, &b->colour, sizeof b->colour)) {
        double c[3] = {b->colour.r / 255.0, b->colour.g / 255.0,
                       b->colour.b / 255.0};
        render_nums(s, c, 3, "rg");
        s->colour = b->colour;
        s->colour_set = true;
    }
    double tm[6] = {1, 0, 0, 1, b->x + t->xs[0], s->doc->height - b->y};
    render_nums(s, tm, 6, "Tm");
    /* Glyph ids as Identity-H codes; a number between them moves the pen
     * from where the font's advance leaves it to where layout put the next
     * glyph (kerning, justified spaces). The pen is tracked with the
     * rounded numbers, so errors do not add up along a line. The codes go
     * in literal strings as bytes, not hex: half the bytes to write and to
     * compress (the content streams deflate in half the time, and smaller).
     * The whole array in one buffer: at most 4 bytes (2, each escaped) and
     * a number of at most 14 characters per glyph. */
    char stackbuf[4096];
    size_t need = t->n * 20 + 16;
    char *buf = need <= sizeof stackbuf ? stackbuf : arena_alloc(s->mem, need);
    char *o = buf;
    *o++ = '[';
    *o++ = '(';
    double pen = t->xs[0];
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0) {
            double diff = t->xs[i] - pen;
            long adj = lround(-diff * 1000.0 / t->size);
            if (adj != 0) {
                *o++ = ')';
                o = render_long(o, adj);
                *o++ = '(';
                pen -= adj * t->size / 1000.0;
            }
        }
        o = render_code(o, t->glyphs[i].gid);
        pen += font_glyph_width(t->face, t->glyphs[i].gid) * t->size / 1000.0;
    }
    memcpy(o, ")] TJ\n", 6);
    o += 6;
    pdf_buf_put(&s->content, buf, (size_t)(o - buf));
}

/* An image XObject holding `data` as it is. The image store has decoded and
 * checked the file already (image_store.h), so libharu never reads an
 * image file and never writes half an image. Fields of libharu's records
 * are written with memcpy: its memory pool aligns blocks to 4 bytes only,
 * and a misaligned member access is undefined behaviour. */
static HPDF_Dict render_xobject(render_state *s, const unsigned char *data,
                                size_t len, uint32_t w, uint32_t h,
                                unsigned components, bool jpeg)
{
    HPDF_Dict img = HPDF_DictStream_New(s->pdf->mmgr, s->pdf->xref);
    if (!img)
        return NULL;
    HPDF_UINT16 cls;
    memcpy(&cls, (char *)img + offsetof(HPDF_Obj_Header, obj_class), sizeof cls);
    cls |= HPDF_OSUBCLASS_XOBJECT;
    memcpy((char *)img + offsetof(HPDF_Obj_Header, obj_class), &cls, sizeof cls);
    HPDF_STATUS ret = HPDF_Dict_AddName(img, "Type", "XObject");
    ret += HPDF_Dict_AddName(img, "Subtype", "Image");
    ret += HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
    ret += HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
    ret += HPDF_Dict_AddName(img, "ColorSpace",
                             components == 1 ? "DeviceGray" : "DeviceRGB");
    ret += HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
    if (jpeg) {
        /* DCTDecode: libharu names the filter and copies the bytes */
        pdf_stream_set_filter(img, HPDF_STREAM_FILTER_DCT_DECODE);
    } else {
        pdf_stream_mark_deflated(img);
    }
    ret += HPDF_Stream_Write(pdf_stream_of(img), data, (HPDF_UINT)len);
    return ret == HPDF_OK ? img : NULL;
}

/* A PNG's pixels and alpha (as an /SMask) or a JPEG as it is, each written
 * once per document however many boxes show it. */
static HPDF_Image render_image(render_state *s, const char *path,
                               double *iw, double *ih)
{
    for (size_t i = 0; i < s->n_images; i++)
        if (strcmp(s->images[i].path, path) == 0) {
            *iw = s->images[i].w;
            *ih = s->images[i].h;
            return s->images[i].img;
        }
    /* decoded before layout (build.c); a file changed since is not read
     * again here */
    const image_asset *a = image_store_find(s->store, path);
    if (!a) {
        snprintf(s->err, s->err_size,
                 "image `%s` changed while the briefing was made; build it "
                 "again", path);
        return NULL;
    }
    bool jpeg = a->type == IMAGE_JPEG;
    HPDF_Image img = render_xobject(s, a->data, a->data_len, a->width,
                                    a->height, a->components, jpeg);
    if (img && a->alpha) {
        HPDF_Dict mask = render_xobject(s, a->alpha, a->alpha_len, a->width,
                                        a->height, 1, false);
        if (!mask || HPDF_Dict_Add(img, "SMask", mask) != HPDF_OK)
            img = NULL;
    }
    if (!img) {
        snprintf(s->err, s->err_size,
                 "image `%s` could not be added to the PDF", path);
        return NULL;
    }
    struct render_image *ri = ARENA_PUSH(s->mem, s->images, s->n_images,
                                         s->images_cap);
    ri->path = path;
    ri->img = img;
    ri->w = *iw = a->width;
    ri->h = *ih = a->height;
    return img;
}

/* A destination that keeps the reader's zoom: [page /XYZ left top null].
 * libharu's HPDF_Destination_SetXYZ refuses a zoom of 0 (null), so the
 * array is written here. */
static HPDF_Destination render_dest(render_state *s, int page, double top)
{
    HPDF_Destination d = HPDF_Page_CreateDestination(s->pages[page]);
    if (!d)
        return NULL;
    HPDF_Array_Clear(d);
    HPDF_Array_Add(d, s->pages[page]);
    HPDF_Array_AddName(d, "XYZ");
    HPDF_Array_AddReal(d, 0);
    HPDF_Array_AddReal(d, (HPDF_REAL)(s->doc->height - top));
    HPDF_Array_Add(d, HPDF_Null_New(s->pdf->mmgr));
    return d;
}

static void render_rgb(render_state *s, model_colour c, bool stroke)
{
    double v[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    render_nums(s, v, 3, stroke ? "RG" : "rg");
}

/* A circle as four Bézier curves (the usual 0.5523 of the radius for the
 * control points), from its rightmost point round. */
static void render_circle(render_state *s, double cx, double cy, double r)
{
    const double k = 0.5522847498 * r;
    double m[2] = {cx + r, cy};
    render_nums(s, m, 2, "m");
    double c[4][6] = {
        {cx + r, cy + k, cx + k, cy + r, cx, cy + r},
        {cx - k, cy + r, cx - r, cy + k, cx - r, cy},
        {cx - r, cy - k, cx - k, cy - r, cx, cy - r},
        {cx + k, cy - r, cx + r, cy - k, cx + r, cy},
    };
    for (int i = 0; i < 4; i++)
        render_nums(s, c[i], 6, "c");
}

/* What a link is, in words (its /Contents): what layout said, else the
 * text of its element on this page. */
static void render_link_contents(render_state *s, HPDF_Annotation a,
                                 const dl_box *link)
{
    const char *text = link->u.link.contents;
    if (!text && link->node) {
        const dl_page *pg = &s->doc->pages[s->page];
        const char *joined = "";
        for (size_t i = 0; i < pg->n; i++) {
            const dl_box *b = &pg->boxes[i];
            if (b->kind == DL_TEXT && b->node == link->node)
                joined = arena_printf(s->mem, "%s%s", joined, b->u.text.utf8);
        }
        text = joined;
    }
    if (!text || !*text)
        return;
    /* trimmed: a line's last box ends in the space kept there */
    size_t n = strlen(text);
    while (n && text[n - 1] == ' ')
        n--;
    const char *trimmed = arena_strndup(s->mem, text, n);
    HPDF_Dict_Add((HPDF_Dict)a, "Contents",
                  pdf_text_string(s->pdf->mmgr, s->mem, trimmed));
}

static bool render_box(render_state *s, HPDF_Page page, const dl_box *b)
{
    double H = s->doc->height;
    if (b->kind == DL_TEXT) {
        render_text(s, page, b);
        return true;
    }
    render_text_end(s);
    if (b->kind != DL_LINK)
        render_mc(s, b, false);
    switch (b->kind) {
    case DL_RECT: {
        render_rgb(s, b->colour, false);
        double r[4] = {b->x, H - b->y - b->h, b->w, b->h};
        render_nums(s, r, 4, "re");
        render_write(s, "f\n");
        break;
    }
    case DL_RULE: {
        render_rgb(s, b->colour, true);
        double w = b->line_width, from[2] = {b->x, H - b->y},
               to[2] = {b->x + b->w, H - b->y - b->h};
        render_nums(s, &w, 1, "w");
        render_nums(s, from, 2, "m");
        render_nums(s, to, 2, "l");
        render_write(s, "S\n");
        break;
    }
    case DL_CIRCLE:
        render_rgb(s, b->colour, false);
        render_circle(s, b->x + b->w / 2, H - b->y - b->h / 2, b->w / 2);
        render_write(s, "f\n");
        break;
    case DL_IMAGE: {
        double iw = 0, ih = 0;
        HPDF_Image img = render_image(s, b->u.image.path, &iw, &ih);
        if (!img)
            return false;
        if (iw <= 0 || ih <= 0)
            return false;
        double w, h, x = b->x, y = b->y;
        if (b->u.image.round) {
            /* a portrait: filling a circle, its middle kept */
            double scale = fmax(b->w / iw, b->h / ih);
            w = iw * scale;
            h = ih * scale;
            x += (b->w - w) / 2;
            y += (b->h - h) / 2;
            render_write(s, "q\n");
            render_circle(s, b->x + b->w / 2, H - b->y - b->h / 2,
                          fmin(b->w, b->h) / 2);
            render_write(s, "W n\n");
        } else {
            /* inside the box, aspect kept, at its top left (or right) */
            double scale = fmin(b->w / iw, b->h / ih);
            w = iw * scale;
            h = ih * scale;
            if (b->u.image.align_right)
                x += b->w - w;
        }
        const char *name = HPDF_Page_GetXObjectName(page, img);
        if (!name)
            return false;
        double cm[6] = {w, 0, 0, h, x, H - y - h};
        render_write(s, "q\n");
        render_nums(s, cm, 6, "cm");
        render_write(s, "/");
        render_write(s, name);
        render_write(s, " Do\nQ\n");
        if (b->u.image.round)
            render_write(s, "Q\n");
        break;
    }
    case DL_LINK: {
        HPDF_Rect r = {(HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h),
                       (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(H - b->y)};
        HPDF_Annotation a = NULL;
        if (b->u.link.uri) {
            a = HPDF_Page_CreateURILinkAnnot(page, r, b->u.link.uri);
        } else if (b->u.link.dest_page >= 0 &&
                   (size_t)b->u.link.dest_page < s->doc->n_pages) {
            HPDF_Destination d = render_dest(s, b->u.link.dest_page,
                                             b->u.link.dest_y - 12);
            if (d)
                a = HPDF_Page_CreateLinkAnnot(page, r, d);
        }
        if (a) {
            HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
            HPDF_Dict_AddNumber((HPDF_Dict)a, "F", 4);
            render_link_contents(s, a, b);
            if (b->node)
                tags_annotation(s->tags, s->page, b->node, (HPDF_Dict)a);
        }
        break;
    }
    default:
        break;
    }
    return true;
}

static void render_outline(render_state *s)
{
    const dl_doc *d = s->doc;
    HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < d->n_outline; i++) {
        const dl_outline *o = &d->outline[i];
        unsigned lv = o->level < 3 ? o->level : 3;
        HPDF_Outline parent = lv ? parents[lv - 1] : NULL;
        /* plain ASCII titles as PDFDocEncoding, half the bytes of the
         * UTF-16 that the others need (pdf_text) */
        HPDF_Outline ol = HPDF_CreateOutline(s->pdf, parent, "", NULL);
        if (!ol)
            return;
        HPDF_Dict_Add(ol, "Title", pdf_text_string(s->pdf->mmgr, s->mem, o->title));
        if (o->page >= 0 && (size_t)o->page < d->n_pages) {
            HPDF_Destination dst = render_dest(s, o->page, o->y - 12);
            if (dst)
                HPDF_Outline_SetDestination(ol, dst);
        }
        HPDF_Outline_SetOpened(ol, lv == 0);
        parents[lv] = ol;
        for (unsigned k = lv + 1; k < 4; k++)
            parents[k] = NULL;
    }
}

/* The document's dates: SOURCE_DATE_EPOCH when given, else its own date
 * (published, or the roundtable's) at midnight UTC; never the clock. */
static archive_date render_date(const dl_doc *d, const render_info *info)
{
    if (info->date.set)
        return info->date;
    archive_date t = {0};
    if (d->date.set)
        t = (archive_date){true, d->date.year, d->date.month, d->date.day,
                           0, 0, 0};
    return t;
}

static void render_info_dict(render_state *s, const render_info *info)
{
    const dl_doc *d = s->doc;
    const char *joined = NULL;
    for (size_t i = 0; i < d->n_keywords; i++)
        joined = joined ? arena_printf(s->mem, "%s, %s", joined, d->keywords[i])
                        : d->keywords[i];
    if (joined)
        HPDF_SetInfoAttr(s->pdf, HPDF_INFO_KEYWORDS, joined);
    const char *creator = info->creator ? info->creator : "briefpack";
    const char *producer = arena_printf(s->mem, "%s with libharu %s", creator,
                                        HPDF_VERSION_TEXT);
    render_meta m = {
        .title = d->title, .subject = d->subject, .author = d->author,
        .creator = creator, .producer = producer, .lang = d->lang,
        .keywords = d->keywords, .n_keywords = d->n_keywords,
        .keywords_joined = joined, .date = render_date(d, info),
        .pdfa = info->archive,
    };
    render_meta_write(s->pdf, &m, s->mem);
    s->meta = m;
}

/* libharu's allocator: its failures are counted (oom.h), so a PDF that
 * libharu could not finish for want of memory is reported as that. */
static void *render_alloc(HPDF_UINT size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom_note();
    return p;
}

static void render_free(void *p)
{
    free(p);
}

static void render_release(void *pdf)
{
    HPDF_Free(pdf);
}

/* The saved PDF, copied out of libharu (malloc'd), or NULL. */
static unsigned char *render_saved(HPDF_Doc pdf, size_t *len)
{
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *saved = malloc(size ? size : 1);
    if (!saved) {
        oom_note();
        return NULL; /* no bytes: reported as a failure by the caller */
    }
    HPDF_UINT32 got = size;
    if (HPDF_ReadFromStream(pdf, saved, &got) != HPDF_OK && got != size)
        got = 0;
    if (!got) {
        free(saved);
        return NULL;
    }
    *len = got;
    return saved;
}

/* The saved PDF as the file's bytes: packed into object streams and a
 * cross-reference stream with the structure's raw objects (objstm.h),
 * then given its document ID. */
static void render_pack(render_state *s, const render_info *info,
                        const unsigned char *saved, size_t len,
                        render_result *out)
{
    unsigned char *packed;
    size_t packed_len;
    size_t n_raw;
    const pdf_raw_object *raw = tags_objects(s->tags, &n_raw);
    if (!pdf_pack(saved, len, raw, n_raw,
                  info->deflate_quick ? info->deflate_quick : s->deflate,
                  &packed, &packed_len)) {
        snprintf(s->err, s->err_size, "could not pack the PDF's objects");
        return;
    }
    out->pdf = packed;
    out->size = packed_len;
    if (!archive_finish_id(out->pdf, out->size, info->id_seed))
        snprintf(s->err, s->err_size, "could not write the document ID");
}

bool render_pdf(const dl_doc *doc, const render_info *info, arena *a,
                render_result *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    render_error e = {0};
    /* libharu's own memory pool: its many small objects come from 64 KB
     * blocks freed together, not from malloc one by one */
    HPDF_Doc pdf = HPDF_NewEx(render_on_error, render_alloc, render_free,
                              64 * 1024, &e);
    if (!pdf)
        oom_raise();
    /* freed if the arena runs out of memory while the PDF is made */
    oom_hold hold;
    oom_hold_push(&hold, render_release, pdf);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    render_state s = {.pdf = pdf, .doc = doc, .mem = a, .err = err,
                      .err_size = err_size, .store = info->images,
                      .deflate = info->deflate, .content = {.a = a}};
    s.fonts = font_pdf_new(pdf, s.deflate, a);
    s.pages = arena_calloc(a, doc->n_pages ? doc->n_pages : 1, sizeof *s.pages);
    s.tags = tags_new(pdf, doc, s.pages, a);
    for (size_t i = 0; i < doc->n_pages && !e.status; i++) {
        s.pages[i] = HPDF_AddPage(pdf);
        HPDF_Page_SetWidth(s.pages[i], (HPDF_REAL)doc->width);
        HPDF_Page_SetHeight(s.pages[i], (HPDF_REAL)doc->height);
    }
    bool ok = !e.status;
    for (size_t i = 0; i < doc->n_pages && ok && !e.status; i++) {
        HPDF_Page page = s.pages[i];
        s.content.n = 0;
        s.in_text = false;
        s.page = i;
        for (size_t k = 0; k < doc->pages[i].n && ok; k++)
            ok = render_box(&s, page, &doc->pages[i].boxes[k]);
        render_text_end(&s);
        render_mc_close(&s);
        /* the page's content stream, read with memcpy: libharu's memory
         * pool aligns its blocks to 4 bytes only (see render_image) */
        HPDF_PageAttr attr;
        memcpy(&attr, (const char *)page + offsetof(HPDF_Dict_Rec, attr), sizeof attr);
        HPDF_Dict contents;
        memcpy(&contents, (const char *)attr + offsetof(HPDF_PageAttr_Rec, contents),
               sizeof contents);
        if (ok && !pdf_stream_fill_deflated(contents, s.deflate, s.content.p, s.content.n)) {
            snprintf(err, err_size, "could not compress page %zu", i + 1);
            ok = false;
        }
    }
    /* pages are numbered as the paper is, from 1 for the cover: the
     * labels are the printed folios */
    if (ok && !e.status && doc->n_pages)
        HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, "");
    /* two-sided: opened two pages side by side, the cover alone */
    if (ok && !e.status && doc->duplex)
        HPDF_SetPageLayout(pdf, HPDF_PAGE_LAYOUT_TWO_PAGE_RIGHT);
    if (ok && !e.status) {
        render_outline(&s);
        if (doc->n_outline)
            HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
        render_info_dict(&s, info);
    }
    if (ok && !e.status && !font_pdf_finish(s.fonts, err, err_size))
        ok = false;
    /* Metadata, the PDF/A parts and the placeholder of the document ID
     * (filled in from the finished bytes below), last: libharu's memory
     * pool places its blocks one after another, and these must not move
     * the pages' and fonts'. */
    if (ok && !e.status && info->archive) {
        archive_date date = render_date(doc, info);
        if (!archive_write(pdf, info->sources, info->icc, info->icc_len, &date,
                           a, err, err_size))
            ok = false;
    }
    if (ok && !e.status && (!render_meta_finish(pdf, &s.meta) || !archive_prepare(pdf)))
        ok = false;
    /* last: the structure's elements are numbered after libharu's objects */
    if (ok && !e.status && !tags_finish(s.tags)) {
        snprintf(err, err_size, "could not write the document's structure");
        ok = false;
    }
    unsigned char *saved = NULL;
    size_t saved_len = 0;
    if (ok && !e.status && HPDF_SaveToStream(pdf) == HPDF_OK && !e.status) {
        saved = render_saved(pdf, &saved_len);
        out->pages = doc->n_pages;
        out->font_bytes = font_pdf_bytes(s.fonts);
    }
    if (e.status && !err[0])
        snprintf(err, err_size, "PDF library error 0x%04X (detail %u)",
                 (unsigned)e.status, (unsigned)e.detail);
    bool failed = e.status || !ok;
    /* libharu's memory (every object, and the saved file once more) goes
     * before packing needs its own: a large pack's peak is a third lower */
    oom_hold_drop(&hold);
    HPDF_Free(pdf);
    /* a long document's libharu memory (its 64 KB blocks, in the middle of
     * the heap) is given back to the system before the packing takes its
     * own, or it stays counted in the process's peak: the 50-roundtable
     * pack 66 → 62 MB. Short ones are not worth the walk of the heap. */
    if (doc->n_pages >= 64)
        malloc_trim(0);
    if (saved && !failed)
        render_pack(&s, info, saved, saved_len, out);
    free(saved);
    if ((failed || err[0] || !out->size) && out->pdf) {
        free(out->pdf);
        out->pdf = NULL;
        out->size = 0;
    }
    if (!err[0] && !out->pdf)
        snprintf(err, err_size, "could not write the PDF");
    return out->pdf != NULL;
}
