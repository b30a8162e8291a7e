/* Embedding: each face a document draws with becomes a Type0 font over a
 * CIDFontType2 (Identity-H, CIDToGIDMap /Identity) with a HarfBuzz subset as
 * FontFile2 and a ToUnicode CMap made from the text each glyph was shaped
 * from. libharu 2.3.0 has no API for any of this, so the dictionaries are
 * built with its object functions; this file (with one other) is allowed to
 * use libharu internals. */
#include "pdf/font_pdf.h"

#include "pdf/pdf_buf.h"

#if HPDF_VERSION_ID != 20300
#error "font_pdf.c builds PDF objects with libharu 2.3.0 internals (HPDF_Doc_Rec, HPDF_Dict_Rec, HPDF_Page_GetLocalFontName), which changed in 2.4.5; check them against this version before building"
#endif

#include "typeset/font_internal.h"
#include "base/oom.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>

/* A glyph drawn in this document and the text it stands for. */
typedef struct used_glyph {
    uint16_t gid;
    uint16_t text_len;       /* 0: only seen as a trailing glyph of a
                                cluster, no text of its own */
    const char *text;        /* UTF-8, in the document's arena */
} used_glyph;

typedef struct pdf_font {
    font_face *face;
    HPDF_Dict type0;         /* NULL until a page uses the face */
    uint32_t *slot_of_gid;   /* [glyph_count]: 0 unused, else index + 1 */
    used_glyph *used;
    size_t n_used, cap_used;
} pdf_font;

struct font_pdf {
    HPDF_Doc doc;
    deflater *z;
    arena *a;
    pdf_font *fonts;
    size_t n_fonts, cap_fonts;
    size_t bytes;
    bool finished;
};

/* A cluster's text longer than this is cut: a ToUnicode destination may hold
 * at most 512 bytes (256 UTF-16 units). */
#define MAX_TEXT_BYTES 240

font_pdf *font_pdf_new(HPDF_Doc doc, deflater *z, arena *a)
{
    font_pdf *fp = arena_alloc(a, sizeof *fp);
    fp->doc = doc;
    fp->z = z;
    fp->a = a;
    return fp;
}

static pdf_font *font_for(font_pdf *fp, font_face *f)
{
    for (size_t i = 0; i < fp->n_fonts; i++)
        if (fp->fonts[i].face == f)
            return &fp->fonts[i];
    pdf_font *pf = ARENA_PUSH(fp->a, fp->fonts, fp->n_fonts, fp->cap_fonts);
    pf->face = f;
    /* One index per glyph of the face (a few thousand), so marking is a
     * lookup rather than a search. */
    pf->slot_of_gid = arena_calloc(fp->a, f->glyph_count, sizeof(uint32_t));
    return pf;
}

const char *font_pdf_use(font_pdf *fp, font_face *f, HPDF_Page page)
{
    if (fp->finished || !page)
        return NULL;
    pdf_font *pf = font_for(fp, f);
    if (!pf->type0) {
        /* Only the outer dictionary exists until finish: the BaseFont's
         * subset tag depends on every glyph the document draws. */
        HPDF_Dict type0 = HPDF_Dict_New(fp->doc->mmgr);
        if (!type0)
            return NULL;
        if (HPDF_Xref_Add(fp->doc->xref, type0) != HPDF_OK)
            return NULL;
        HPDF_STATUS ret = HPDF_Dict_AddName(type0, "Type", "Font");
        ret += HPDF_Dict_AddName(type0, "Subtype", "Type0");
        ret += HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
        if (ret != HPDF_OK)
            return NULL;
        pf->type0 = type0;
    }
    /* libharu's own lookup creates the page's /Resources /Font dictionary
     * on first use, remembers it in the page's attr (so libharu's text
     * calls, if ever used on the page, add to it rather than replace it),
     * and names the entry F<n>. It takes any indirect dictionary. */
    return HPDF_Page_GetLocalFontName(page, (HPDF_Font)pf->type0);
}

/* ---- marking ---- */

/* Decodes one UTF-8 sequence; invalid bytes become U+FFFD, one at a time. */
static uint32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    uint32_t cp;
    size_t need;
    if (c < 0x80) {
        (*i)++;
        return c;
    } else if (c >= 0xc2 && c <= 0xdf) {
        cp = c & 0x1f;
        need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        cp = c & 0x0f;
        need = 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
        cp = c & 0x07;
        need = 3;
    } else {
        (*i)++;
        return 0xfffd;
    }
    if (*i + need >= len) {
        (*i)++;
        return 0xfffd;
    }
    for (size_t k = 1; k <= need; k++) {
        unsigned char cc = s[*i + k];
        if ((cc & 0xc0) != 0x80) {
            (*i)++;
            return 0xfffd;
        }
        cp = cp << 6 | (cc & 0x3f);
    }
    static const uint32_t min_of[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_of[need] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        (*i)++;
        return 0xfffd;
    }
    *i += need + 1;
    return cp;
}

static void record(font_pdf *fp, pdf_font *pf, uint16_t gid, const char *text,
                   size_t len)
{
    if (gid >= pf->face->glyph_count)
        return;
    if (len > MAX_TEXT_BYTES) {
        len = MAX_TEXT_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
            len--;
    }
    uint32_t slot = pf->slot_of_gid[gid];
    if (slot) {
        /* The first text seen for a glyph wins (a glyph has one ToUnicode
         * entry), unless it had none. */
        used_glyph *u = &pf->used[slot - 1];
        if (u->text_len == 0 && len > 0) {
            u->text = arena_strndup(fp->a, text, len);
            u->text_len = (uint16_t)len;
        }
        return;
    }
    used_glyph *u = ARENA_PUSH(fp->a, pf->used, pf->n_used, pf->cap_used);
    u->gid = gid;
    u->text = len ? arena_strndup(fp->a, text, len) : NULL;
    u->text_len = (uint16_t)len;
    pf->slot_of_gid[gid] = (uint32_t)pf->n_used;
}

/* A cluster shaped into several glyphs (a base and a mark the font has no
 * precomposed glyph for, say). Each glyph that is the font's own glyph for
 * one of the cluster's characters maps to that character; the first of the
 * others gets the characters left over, the rest nothing. */
static void record_cluster(font_pdf *fp, pdf_font *pf, const font_glyph *g,
                           size_t n, const char *text, size_t len)
{
    enum { MAX_CHARS = 32 };
    size_t start[MAX_CHARS + 1];
    uint32_t cp[MAX_CHARS];
    bool taken[MAX_CHARS] = {false};
    size_t nchars = 0, i = 0;
    while (i < len && nchars < MAX_CHARS) {
        start[nchars] = i;
        cp[nchars++] = utf8_next((const unsigned char *)text, len, &i);
    }
    start[nchars] = i;

    bool *matched = arena_calloc(fp->a, n, sizeof *matched);
    for (size_t k = 0; k < n; k++) {
        for (size_t c = 0; c < nchars; c++) {
            hb_codepoint_t gid;
            if (taken[c] ||
                !hb_font_get_nominal_glyph(pf->face->hb_font, cp[c], &gid) ||
                gid != g[k].gid)
                continue;
            taken[c] = matched[k] = true;
            record(fp, pf, g[k].gid, text + start[c], start[c + 1] - start[c]);
            break;
        }
    }
    char rest[MAX_TEXT_BYTES];
    size_t rest_len = 0;
    for (size_t c = 0; c < nchars; c++) {
        size_t clen = start[c + 1] - start[c];
        if (taken[c] || rest_len + clen > sizeof rest)
            continue;
        memcpy(rest + rest_len, text + start[c], clen);
        rest_len += clen;
    }
    for (size_t k = 0; k < n; k++) {
        if (matched[k])
            continue;
        record(fp, pf, g[k].gid, rest, rest_len);
        rest_len = 0;
    }
}

void font_pdf_mark(font_pdf *fp, font_face *f, const font_glyph *g, size_t n,
                   const char *utf8, size_t len)
{
    if (fp->finished || n == 0)
        return;
    pdf_font *pf = font_for(fp, f);
    size_t i = 0;
    while (i < n) {
        uint32_t cluster = g[i].cluster;
        size_t j = i + 1;
        while (j < n && g[j].cluster == cluster)
            j++;
        /* The cluster's text runs to the next larger cluster value (the
         * next one, for left-to-right text), or to the end. */
        size_t end = len;
        for (size_t k = j; k < n; k++) {
            if (g[k].cluster > cluster) {
                end = g[k].cluster < len ? g[k].cluster : len;
                break;
            }
        }
        size_t begin = cluster < len ? cluster : len;
        if (end < begin)
            end = begin;
        if (j - i == 1)
            record(fp, pf, g[i].gid, utf8 + begin, end - begin);
        else
            record_cluster(fp, pf, g + i, j - i, utf8 + begin, end - begin);
        i = j;
    }
}

/* ---- writing ---- */

static void tb_utf16_hex(pdf_buf *tb, const char *text, size_t len)
{
    char hex[16];
    size_t i = 0;
    while (i < len) {
        uint32_t cp = utf8_next((const unsigned char *)text, len, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            snprintf(hex, sizeof hex, "%04X%04X", 0xd800 + (cp >> 10),
                     0xdc00 + (cp & 0x3ff));
        } else {
            snprintf(hex, sizeof hex, "%04X", cp);
        }
        pdf_buf_str(tb, hex);
    }
}

static const char tounicode_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char tounicode_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* `order` lists the used glyphs by glyph id. */
static pdf_buf tounicode_cmap(font_pdf *fp, const pdf_font *pf,
                               const used_glyph *const *order, size_t n)
{
    pdf_buf tb = {.a = fp->a};
    pdf_buf_str(&tb, tounicode_head);
    char line[32];
    for (size_t i = 0; i < n; i += 100) {
        size_t block = n - i < 100 ? n - i : 100;
        snprintf(line, sizeof line, "%zu beginbfchar\n", block);
        pdf_buf_str(&tb, line);
        for (size_t k = i; k < i + block; k++) {
            const used_glyph *u = order[k];
            snprintf(line, sizeof line, "<%04X> <", u->gid);
            pdf_buf_str(&tb, line);
            /* Every drawn glyph needs an entry (poppler warns otherwise);
             * one with no text of its own maps to a zero width space, which
             * adds nothing visible to extracted text. */
            if (u->text_len)
                tb_utf16_hex(&tb, u->text, u->text_len);
            else
                pdf_buf_str(&tb, "200B");
            pdf_buf_str(&tb, ">\n");
        }
        pdf_buf_str(&tb, "endbfchar\n");
    }
    pdf_buf_str(&tb, tounicode_tail);
    return tb;
}

/* Six capital letters from the glyph set and the name, so the same document
 * gets the same tag every time while different subsets get different ones. */
static void subset_tag(const pdf_font *pf, const used_glyph *const *order,
                       size_t n, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const char *s = pf->face->ps_name; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (order[i]->gid >> 8)) * 0x100000001b3u;
        h = (h ^ (order[i]->gid & 0xff)) * 0x100000001b3u;
    }
    for (int k = 0; k < 6; k++) {
        tag[k] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static int compare_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* The most frequent width (the smallest on a tie) becomes /DW, so /W only
 * lists the others. */
static int32_t default_width(font_pdf *fp, const int32_t *widths, size_t n)
{
    if (n == 0)
        return 1000;
    int32_t *sorted = arena_alloc(fp->a, n * sizeof *sorted);
    memcpy(sorted, widths, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_i32);
    int32_t best = sorted[0];
    size_t best_run = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i])
            j++;
        if (j - i > best_run) {
            best_run = j - i;
            best = sorted[i];
        }
        i = j;
    }
    return best;
}

/* /W [first [w w ...] first [w ...]]: consecutive glyph ids share one
 * array; glyphs of the default width are left out. */
static HPDF_Array width_array(HPDF_MMgr mm, const used_glyph *const *order,
                              const int32_t *widths, size_t n, int32_t dw)
{
    HPDF_Array w = HPDF_Array_New(mm);
    if (!w)
        return NULL;
    HPDF_Array run = NULL;
    long prev = -2;
    for (size_t i = 0; i < n; i++) {
        if (widths[i] == dw)
            continue;
        uint16_t gid = order[i]->gid;
        if (!run || gid != prev + 1) {
            run = HPDF_Array_New(mm);
            if (!run || HPDF_Array_AddNumber(w, gid) != HPDF_OK ||
                HPDF_Array_Add(w, run) != HPDF_OK)
                return w;
        }
        HPDF_Array_AddNumber(run, widths[i]);
        prev = gid;
    }
    return w;
}

/* The tables a CIDFontType2 needs; hinting (cvt, fpgm, prep) is dropped by
 * HB_SUBSET_FLAGS_NO_HINTING, and the rest (cmap, name, post, OS/2,
 * GSUB/GPOS...) is of no use once glyphs are addressed by id. */
static bool keep_table(hb_tag_t tag)
{
    static const hb_tag_t keep[] = {
        HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'e', 'a', 'd'),
        HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
        HB_TAG('l', 'o', 'c', 'a'), HB_TAG('m', 'a', 'x', 'p'),
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        if (keep[i] == tag)
            return true;
    return false;
}

/* The subset font file, or NULL. Glyph 0 is always kept; glyph ids are
 * kept as drawn (RETAIN_GIDS), so CIDToGIDMap can be /Identity. */
static hb_blob_t *subset_face(const pdf_font *pf,
                              const used_glyph *const *order, size_t n)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n; i++)
        hb_set_add(glyphs, order[i]->gid);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_set_clear(drop);
    hb_tag_t tags[32];
    unsigned offset = 0, count;
    do {
        count = sizeof tags / sizeof tags[0];
        hb_face_get_table_tags(pf->face->hb_face, offset, &count, tags);
        for (unsigned i = 0; i < count; i++)
            if (!keep_table(tags[i]))
                hb_set_add(drop, tags[i]);
        offset += count;
    } while (count == sizeof tags / sizeof tags[0]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS |
                                      HB_SUBSET_FLAGS_NO_HINTING);
    /* A face of its own, not the shaping one: HarfBuzz 6.0's subsetter,
     * out of memory half way, leaves the face it read in a state that
     * crashes when the face is destroyed. That face is then let go
     * unfreed (a leak, bounded by the documents that ran out of memory),
     * and the face that shapes every document stays whole. */
    unsigned long failures = oom_failures();
    hb_face_t *source = hb_face_create(pf->face->blob, 0);
    hb_face_t *sub = source == hb_face_get_empty()
                         ? NULL : hb_subset_or_fail(source, in);
    hb_subset_input_destroy(in);
    if (oom_failures() != failures)
        return NULL; /* both faces let go unfreed, as said above */
    hb_face_destroy(source);
    if (!sub)
        return NULL;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    if (hb_blob_get_length(blob) == 0) {
        hb_blob_destroy(blob);
        return NULL;
    }
    return blob;
}

static bool write_font(font_pdf *fp, pdf_font *pf, char *err, size_t err_size)
{
    HPDF_Doc doc = fp->doc;
    HPDF_MMgr mm = doc->mmgr;
    font_face *f = pf->face;

    size_t n = pf->n_used;
    const used_glyph **order = arena_alloc(fp->a, (n + 1) * sizeof *order);
    int32_t *widths = arena_alloc(fp->a, (n + 1) * sizeof *widths);
    size_t k = 0;
    for (unsigned gid = 0; gid < f->glyph_count && k < n; gid++) {
        if (pf->slot_of_gid[gid]) {
            order[k] = &pf->used[pf->slot_of_gid[gid] - 1];
            widths[k++] = font_glyph_width(f, (uint16_t)gid);
        }
    }

    hb_blob_t *subset = subset_face(pf, order, n);
    if (!subset) {
        snprintf(err, err_size, "cannot subset font %s", f->ps_name);
        return false;
    }
    unsigned subset_len = 0;
    const char *subset_data = hb_blob_get_data(subset, &subset_len);
    HPDF_Dict file = pdf_stream_new_deflated(doc, fp->z, subset_data, subset_len);
    hb_blob_destroy(subset);
    if (!file)
        return false;
    fp->bytes += subset_len;

    char tag[7];
    subset_tag(pf, order, n, tag);
    char base[sizeof tag + sizeof f->ps_name + 1];
    snprintf(base, sizeof base, "%s+%s", tag, f->ps_name);

    HPDF_STATUS ret = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)subset_len);

    HPDF_Dict desc = pdf_dict_new_indirect(doc);
    if (!desc)
        return false;
    const font_pdf_figures *fig = &f->figures;
    ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddName(desc, "FontName", base);
    /* Symbolic (4): the font's glyphs are reached by glyph id, never through
     * a standard Latin encoding, which is what Nonsymbolic (32) promises
     * and only simple fonts use; 4 is what PDF/A checkers expect for a
     * CIDFontType2. Italic (64) when the font is slanted. */
    ret += HPDF_Dict_AddNumber(desc, "Flags", 4 | (fig->italic_angle ? 64 : 0));
    HPDF_Array bbox = HPDF_Array_New(mm);
    if (!bbox)
        return false;
    for (int i = 0; i < 4; i++)
        ret += HPDF_Array_AddNumber(bbox, fig->bbox[i]);
    ret += HPDF_Dict_Add(desc, "FontBBox", bbox);
    ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", fig->italic_angle);
    ret += HPDF_Dict_AddNumber(desc, "Ascent", fig->ascent);
    ret += HPDF_Dict_AddNumber(desc, "Descent", fig->descent);
    ret += HPDF_Dict_AddNumber(desc, "CapHeight", fig->cap_height);
    ret += HPDF_Dict_AddNumber(desc, "StemV", fig->stem_v);
    ret += HPDF_Dict_Add(desc, "FontFile2", file);

    HPDF_Dict cid = pdf_dict_new_indirect(doc);
    HPDF_Dict sysinfo = HPDF_Dict_New(mm);
    if (!cid || !sysinfo)
        return false;
    ret += HPDF_Dict_AddName(cid, "Type", "Font");
    ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    ret += HPDF_Dict_AddName(cid, "BaseFont", base);
    ret += HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    ret += HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    ret += HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);
    ret += HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
    ret += HPDF_Dict_Add(cid, "FontDescriptor", desc);
    int32_t dw = default_width(fp, widths, n);
    ret += HPDF_Dict_AddNumber(cid, "DW", dw);
    ret += HPDF_Dict_Add(cid, "W", width_array(mm, order, widths, n, dw));
    ret += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

    pdf_buf cmap = tounicode_cmap(fp, pf, order, n);
    HPDF_Dict tounicode = pdf_stream_new_deflated(doc, fp->z, cmap.p, cmap.n);
    if (!tounicode)
        return false;

    HPDF_Array descendants = HPDF_Array_New(mm);
    if (!descendants)
        return false;
    ret += HPDF_Array_Add(descendants, cid);
    ret += HPDF_Dict_AddName(pf->type0, "BaseFont", base);
    ret += HPDF_Dict_Add(pf->type0, "DescendantFonts", descendants);
    ret += HPDF_Dict_Add(pf->type0, "ToUnicode", tounicode);
    return ret == HPDF_OK;
}

bool font_pdf_finish(font_pdf *fp, char *err, size_t err_size)
{
    if (fp->finished)
        return true;
    fp->finished = true;
    if (err_size)
        err[0] = '\0';
    /* libharu's error is sticky and some of its calls only record it: an
     * error that appears while the fonts are written is theirs. */
    bool doc_was_ok = HPDF_GetError(fp->doc) == HPDF_OK;
    for (size_t i = 0; i < fp->n_fonts; i++) {
        pdf_font *pf = &fp->fonts[i];
        /* Glyphs marked for a face no page uses are never drawn. */
        if (!pf->type0)
            continue;
        if (!write_font(fp, pf, err, err_size) ||
            (doc_was_ok && HPDF_GetError(fp->doc) != HPDF_OK)) {
            if (err_size && !err[0])
                snprintf(err, err_size,
                         "libharu error 0x%04lX embedding font %s",
                         (unsigned long)HPDF_GetError(fp->doc),
                         pf->face->ps_name);
            return false;
        }
    }
    return true;
}

size_t font_pdf_bytes(const font_pdf *fp)
{
    return fp->bytes;
}

/* --- glyphs as outlines ---------------------------------------------------- */

/* Where the path goes: font units to the text's space. */
typedef struct outline_sink {
    pdf_buf *out;
    double k, dx;            /* points per font unit; the glyph's pen */
} outline_sink;

static void outline_point(outline_sink *o, float x, float y)
{
    double v[2] = {o->dx + x * o->k, y * o->k};
    char buf[32];
    for (int i = 0; i < 2; i++) {
        pdf_decimal(buf, sizeof buf, v[i]);
        pdf_buf_str(o->out, buf);
        pdf_buf_str(o->out, " ");
    }
}

static void outline_move(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st,
                         float x, float y, void *user)
{
    (void)df, (void)st, (void)user;
    outline_point(data, x, y);
    pdf_buf_str(((outline_sink *)data)->out, "m\n");
}

static void outline_line(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st,
                         float x, float y, void *user)
{
    (void)df, (void)st, (void)user;
    outline_point(data, x, y);
    pdf_buf_str(((outline_sink *)data)->out, "l\n");
}

/* TrueType's quadratic curves as PDF's cubic ones: the same curve, its
 * control points two thirds of the way to the quadratic's. */
static void outline_quad(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st,
                         float cx, float cy, float x, float y, void *user)
{
    (void)df, (void)user;
    outline_sink *o = data;
    outline_point(o, st->current_x + 2.0f / 3 * (cx - st->current_x),
                  st->current_y + 2.0f / 3 * (cy - st->current_y));
    outline_point(o, x + 2.0f / 3 * (cx - x), y + 2.0f / 3 * (cy - y));
    outline_point(o, x, y);
    pdf_buf_str(o->out, "c\n");
}

static void outline_cubic(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st,
                          float c1x, float c1y, float c2x, float c2y, float x,
                          float y, void *user)
{
    (void)df, (void)st, (void)user;
    outline_sink *o = data;
    outline_point(o, c1x, c1y);
    outline_point(o, c2x, c2y);
    outline_point(o, x, y);
    pdf_buf_str(o->out, "c\n");
}

static void outline_close(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st,
                          void *user)
{
    (void)df, (void)st, (void)user;
    pdf_buf_str(((outline_sink *)data)->out, "h\n");
}

bool font_pdf_outline(pdf_buf *out, const font_face *f, const font_glyph *g,
                      const float *xs, size_t n, double size)
{
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    /* out of memory, HarfBuzz gives its inert object, immutable */
    if (!df || hb_draw_funcs_is_immutable(df))
        return false;
    hb_draw_funcs_set_move_to_func(df, outline_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, outline_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, outline_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, outline_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, outline_close, NULL, NULL);
    outline_sink o = {.out = out, .k = size / f->upem};
    for (size_t i = 0; i < n; i++) {
        o.dx = xs[i] - xs[0] + g[i].x_offset * size / 1000.0;
#if HB_VERSION_ATLEAST(7, 0, 0)
        hb_font_draw_glyph(f->hb_font, g[i].gid, df, &o);
#else
        hb_font_get_glyph_shape(f->hb_font, g[i].gid, df, &o);
#endif
    }
    hb_draw_funcs_destroy(df);
    pdf_buf_str(out, "f\n");
    return true;
}
