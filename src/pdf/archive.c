/* Archival PDFs: document ID, PDF version, output intent and embedded
 * sources (see archive.h and archive_pdf.h). */
#include "pdf/archive_pdf.h"

#include "pdf/pdf_stream.h"
#include "pdf/pdf_text.h"

#if HPDF_VERSION_ID != 20300
#error "archive.c builds PDF objects with libharu 2.3.0 internals (HPDF_Doc_Rec, the trailer, the catalog); check them against this version before building"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/md5.h"

/* ---- dates ---- */

void archive_pdf_date(const archive_date *d, char buf[32])
{
    snprintf(buf, 32, "D:%04d%02d%02d%02d%02d%02d+00'00'", d->year, d->month,
             d->day, d->hour, d->minute, d->second);
}

void archive_xmp_date(const archive_date *d, char buf[32])
{
    snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", d->year,
             d->month, d->day, d->hour, d->minute, d->second);
}

int archive_epoch(const char *env, archive_date *out)
{
    memset(out, 0, sizeof *out);
    if (!env || !*env)
        return 0;
    long long v = 0;
    for (const char *p = env; *p; p++) {
        if (*p < '0' || *p > '9' || p - env > 12)
            return -1;
        v = v * 10 + (*p - '0');
    }
    /* up to 9999-12-31T23:59:59Z: four-digit years in both date forms */
    if (v > 253402300799LL)
        return -1;
    time_t t = (time_t)v;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return -1;
    *out = (archive_date){true, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec};
    return 1;
}

/* ---- writing ---- */

static const unsigned char id_placeholder[16] = {0};

bool archive_prepare(HPDF_Doc pdf)
{
    /* Everything briefpack writes is PDF 1.7 (ISO 32000-1); PDF/A-2 and -3
     * are built on it. libharu says 1.3 otherwise. */
    pdf->pdf_version = HPDF_VER_17;
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id)
        return false;
    HPDF_STATUS ret = HPDF_Dict_Add(pdf->trailer, "ID", id);
    ret += HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id_placeholder, 16));
    ret += HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id_placeholder, 16));
    return ret == HPDF_OK;
}

/* The placeholder as libharu writes it: /ID [<0…0> <0…0> ]. Found from the
 * end (the trailer comes last). */
static unsigned char *find_id(unsigned char *pdf, size_t len)
{
    static const char zeros[] = "00000000000000000000000000000000";
    /* the last /ID of the file whose strings are the placeholder: in the
     * cross-reference stream's dictionary, before its data (which may hold
     * the bytes "/ID" too) */
    for (size_t i = len; i-- > 0;) {
        if (i + 3 > len || memcmp(pdf + i, "/ID", 3) != 0)
            continue;
        size_t p = i + 3;
        while (p < len && (pdf[p] == ' ' || pdf[p] == '\n' || pdf[p] == '\r'))
            p++;
        if (p >= len || pdf[p] != '[')
            continue;
        p++;
        unsigned char *first = NULL;
        bool placeholder = true;
        for (int k = 0; k < 2 && placeholder; k++) {
            while (p < len && (pdf[p] == ' ' || pdf[p] == '\n' || pdf[p] == '\r'))
                p++;
            placeholder = p + 34 <= len && pdf[p] == '<' &&
                          memcmp(pdf + p + 1, zeros, 32) == 0 && pdf[p + 33] == '>';
            if (!first)
                first = pdf + p + 1;
            p += 34;
        }
        if (placeholder)
            return first;
    }
    return NULL;
}

bool archive_finish_id(unsigned char *pdf, size_t len,
                       const unsigned char seed[16])
{
    unsigned char *first = find_id(pdf, len);
    if (!first)
        return false;
    unsigned char *second = (unsigned char *)memchr(first + 32, '<', 8) + 1;
    struct md5_ctx c;
    md5_init(&c);
    md5_update(&c, 16, seed);
    md5_update(&c, len, pdf);
    unsigned char id[MD5_DIGEST_SIZE];
    md5_digest(&c, sizeof id, id);
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < 16; i++) {
        first[2 * i] = second[2 * i] = (unsigned char)hex[id[i] >> 4];
        first[2 * i + 1] = second[2 * i + 1] = (unsigned char)hex[id[i] & 15];
    }
    return true;
}

/* /F wants a byte string: the name in ASCII, anything else as '_'. */
static const char *ascii_name(arena *a, const char *s)
{
    char *o = arena_alloc(a, strlen(s) + 1);
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p <= 0x7e)
            o[n++] = (char)*p;
        else if ((*p & 0xc0) != 0x80) /* one '_' per character */
            o[n++] = '_';
    }
    o[n] = '\0';
    return o;
}

static HPDF_Dict stream_dict(HPDF_Doc pdf, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s)
        return NULL;
    pdf_stream_set_filter(s, HPDF_STREAM_FILTER_FLATE_DECODE);
    if (len && HPDF_Stream_Write(pdf_stream_of(s), data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return s;
}

static bool output_intent(HPDF_Doc pdf, const unsigned char *icc, size_t icc_len)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict profile = stream_dict(pdf, icc, icc_len);
    HPDF_Dict oi = pdf_dict_new_indirect(pdf);
    HPDF_Array list = HPDF_Array_New(mm);
    if (!profile || !oi || !list)
        return false;
    HPDF_STATUS ret = HPDF_Dict_AddNumber(profile, "N", 3);
    ret += HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    ret += HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    ret += HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                         HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
    ret += HPDF_Dict_Add(oi, "RegistryName",
                         HPDF_String_New(mm, "http://www.color.org", NULL));
    ret += HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
    ret += HPDF_Dict_Add(oi, "DestOutputProfile", profile);
    ret += HPDF_Array_Add(list, oi);
    ret += HPDF_Dict_Add(pdf->catalog, "OutputIntents", list);
    return ret == HPDF_OK;
}

typedef struct tree_entry {
    pdf_text key;
    HPDF_Dict spec;
} tree_entry;

static int tree_cmp(const void *x, const void *y)
{
    const tree_entry *a = x, *b = y;
    size_t n = a->key.n < b->key.n ? a->key.n : b->key.n;
    int c = memcmp(a->key.p, b->key.p, n);
    if (c)
        return c;
    return (a->key.n > b->key.n) - (a->key.n < b->key.n);
}

static HPDF_Dict file_spec(HPDF_Doc pdf, const archive_file *f,
                           const archive_date *date, arena *a,
                           pdf_text *key)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict ef = stream_dict(pdf, f->data, f->len);
    HPDF_Dict params = HPDF_Dict_New(mm);
    HPDF_Dict efs = HPDF_Dict_New(mm);
    HPDF_Dict spec = pdf_dict_new_indirect(pdf);
    if (!ef || !params || !efs || !spec)
        return NULL;
    HPDF_STATUS ret = HPDF_Dict_AddName(ef, "Type", "EmbeddedFile");
    ret += HPDF_Dict_AddName(ef, "Subtype", f->mime);
    ret += HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)f->len);
    ret += HPDF_Dict_Add(params, "CheckSum",
                         HPDF_Binary_New(mm, (HPDF_BYTE *)f->md5, 16));
    if (date && date->set) {
        char d[32];
        archive_pdf_date(date, d);
        ret += HPDF_Dict_Add(params, "CreationDate", HPDF_String_New(mm, d, NULL));
        ret += HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, d, NULL));
    }
    ret += HPDF_Dict_Add(ef, "Params", params);

    *key = pdf_text_of(a, f->name);
    ret += HPDF_Dict_AddName(spec, "Type", "Filespec");
    ret += HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, ascii_name(a, f->name), NULL));
    ret += HPDF_Dict_Add(spec, "UF", pdf_text_object(mm, key));
    if (f->desc)
        ret += HPDF_Dict_Add(spec, "Desc", pdf_text_string(mm, a, f->desc));
    ret += HPDF_Dict_AddName(spec, "AFRelationship", "Source");
    ret += HPDF_Dict_Add(efs, "F", ef);
    ret += HPDF_Dict_Add(spec, "EF", efs);
    return ret == HPDF_OK ? spec : NULL;
}

bool archive_write(HPDF_Doc pdf, const archive_sources *s,
                   const unsigned char *icc, size_t icc_len,
                   const archive_date *date, arena *a, char *err,
                   size_t err_size)
{
    if (!icc || icc_len < 128) {
        snprintf(err, err_size, "no ICC profile for the PDF/A output intent");
        return false;
    }
    if (!output_intent(pdf, icc, icc_len)) {
        snprintf(err, err_size, "cannot write the PDF/A output intent");
        return false;
    }
    if (!s || !s->n)
        return true;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Array af = HPDF_Array_New(mm);
    HPDF_Array names = HPDF_Array_New(mm);
    HPDF_Dict files = HPDF_Dict_New(mm);
    tree_entry *tree = arena_calloc(a, s->n, sizeof *tree);
    if (!af || !names || !files)
        return false;
    HPDF_STATUS ret = HPDF_OK;
    for (size_t i = 0; i < s->n; i++) {
        if (s->files[i].len > 0x7fffffff) {
            snprintf(err, err_size, "%s: too large to attach", s->files[i].path);
            return false;
        }
        tree[i].spec = file_spec(pdf, &s->files[i], date, a, &tree[i].key);
        if (!tree[i].spec) {
            snprintf(err, err_size, "cannot attach %s", s->files[i].name);
            return false;
        }
        /* /AF in the order collected: the top-level source first */
        ret += HPDF_Array_Add(af, tree[i].spec);
    }
    /* a name tree's keys are sorted (ISO 32000-1, 7.9.6) */
    qsort(tree, s->n, sizeof *tree, tree_cmp);
    for (size_t i = 0; i < s->n; i++) {
        ret += HPDF_Array_Add(names, pdf_text_object(mm, &tree[i].key));
        ret += HPDF_Array_Add(names, tree[i].spec);
    }
    ret += HPDF_Dict_Add(files, "Names", names);
    HPDF_Dict catalog_names = HPDF_Dict_GetItem(pdf->catalog, "Names", HPDF_OCLASS_DICT);
    if (!catalog_names) {
        catalog_names = HPDF_Dict_New(mm);
        if (!catalog_names)
            return false;
        ret += HPDF_Dict_Add(pdf->catalog, "Names", catalog_names);
    }
    ret += HPDF_Dict_Add(catalog_names, "EmbeddedFiles", files);
    ret += HPDF_Dict_Add(pdf->catalog, "AF", af);
    if (ret != HPDF_OK) {
        snprintf(err, err_size, "cannot attach the sources");
        return false;
    }
    return true;
}
