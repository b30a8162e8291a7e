/* Archival PDFs: document ID, PDF version, output intent and embedded
 * sources (see archive.h). */
#include "archive.h"

#include <hpdf.h>

#include "pdf_stream.h"

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

#include "md5.h"

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

/* ---- collecting the sources ---- */

static const unsigned char *read_whole(const char *path, arena *a, size_t *len,
                                       char *err, size_t err_size)
{
    /* never blocks: a named pipe (read once already, by the loader) is
     * opened without waiting for a writer, and refused */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot read it again to attach it: %s",
                 path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        snprintf(err, err_size,
                 "%s: not a regular file: --archive attaches the source, which "
                 "must be a file (or standard input)", path);
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = arena_alloc(a, size + 1);
    size_t got = fread(buf, 1, size + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || got != size) {
        snprintf(err, err_size, "%s: %s while it was read", path,
                 bad ? "read error" : "the file changed");
        return NULL;
    }
    *len = size;
    return buf;
}

static const char *mime_of(const char *name)
{
    size_t n = strlen(name);
    static const struct {
        const char *ext, *mime;
    } types[] = {
        {".yaml", "application/yaml"}, {".yml", "application/yaml"},
        {".png", "image/png"},         {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && strcasecmp(name + n - e, types[i].ext) == 0)
            return types[i].mime;
    }
    return "application/octet-stream";
}

typedef struct collector {
    arena *a;
    archive_sources *out;
    const char *top_real;   /* the top-level folder, resolved */
    const char *root_real;  /* the shipped data, resolved (may be NULL) */
    char *err;
    size_t err_size;
    bool strict;            /* a file that cannot be read is an error (else
                               it is left out) */
} collector;

/* `path` named relative to the top-level folder; NULL when it is the same
 * file as one already collected. */
static const char *relative_name(collector *c, const char *real)
{
    size_t n = strlen(c->top_real);
    if (strcmp(c->top_real, "/") == 0)
        return real[0] == '/' && real[1] ? real + 1 : NULL;
    if (strncmp(real, c->top_real, n) == 0 && real[n] == '/' && real[n + 1])
        return real + n + 1;
    return arena_printf(c->a, "_outside%s", real);
}

static bool add_file(collector *c, const char *path, const char *desc)
{
    char *real = realpath(path, NULL);
    if (!real) {
        snprintf(c->err, c->err_size, "%s: cannot read it again to attach it: %s",
                 path, strerror(errno));
        return !c->strict;
    }
    const char *name = relative_name(c, real);
    bool seen = false;
    for (size_t i = 0; i < c->out->n && !seen; i++)
        seen = strcmp(c->out->files[i].path, real) == 0;
    if (!seen && name) {
        /* two files may not share a name (a pack item called like the
         * top-level file read from standard input, say) */
        const char *unique = name;
        for (size_t k = 2, clash = 1; clash; k++) {
            clash = 0;
            for (size_t i = 0; i < c->out->n && !clash; i++)
                clash = strcmp(c->out->files[i].name, unique) == 0;
            if (clash)
                unique = arena_printf(c->a, "%s~%zu", name, k);
        }
        name = unique;
        archive_file *f = ARENA_PUSH(c->a, c->out->files, c->out->n, c->out->cap);
        f->path = arena_strdup(c->a, real);
        f->name = arena_strdup(c->a, name);
        f->mime = mime_of(real);
        f->desc = desc;
        f->data = read_whole(real, c->a, &f->len, c->err, c->err_size);
        if (!f->data) {
            free(real);
            c->out->n--;
            return !c->strict;
        }
        md5(f->data, f->len, f->md5);
    }
    free(real);
    return true;
}

static bool shipped(const collector *c, const char *path)
{
    if (!c->root_real || !path)
        return false;
    char *real = realpath(path, NULL);
    if (!real)
        return false;
    size_t n = strlen(c->root_real);
    bool in = strncmp(real, c->root_real, n) == 0 && real[n] == '/' &&
              strncmp(real + n + 1, "data/", 5) == 0;
    free(real);
    return in;
}

static bool add_photos(collector *c, const model_roundtable *rt)
{
    for (size_t i = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        if (!s->photo_path)
            continue;
        const char *who = s->name.s ? s->name.s : "a speaker";
        if (!add_file(c, s->photo_path,
                      arena_printf(c->a, "Photo of %s, a speaker", who)))
            return false;
    }
    return true;
}

bool archive_collect(const char *input, const char *data, size_t len,
                     const model_roundtable *rt, const model_pack *pack,
                     const char *root, const char *opts, bool strict, arena *a,
                     archive_sources *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    const char *dir = pack ? pack->dir : rt ? rt->dir : ".";
    char *top = realpath(dir && *dir ? dir : ".", NULL);
    char *rootr = root ? realpath(root, NULL) : NULL;
    collector c = {.a = a, .out = out, .err = err, .err_size = err_size,
                   .strict = strict};
    c.top_real = arena_strdup(a, top ? top : ".");
    c.root_real = rootr ? arena_strdup(a, rootr) : NULL;
    free(top);
    free(rootr);
    bool ok = true;

    /* the top-level file: its own name, whatever its folder */
    archive_file *f = ARENA_PUSH(a, out->files, out->n, out->cap);
    bool from_memory = data != NULL;
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (from_memory && (strcmp(input, "-") == 0 || strcmp(input, "<stdin>") == 0))
        base = "briefing.yaml";
    f->name = *base ? base : "briefing.yaml";
    f->path = from_memory ? input : arena_strdup(a, input);
    f->mime = "application/yaml";
    f->top = true;
    f->desc = arena_printf(a,
                           "The source of this %s (briefpack YAML). Rebuild "
                           "it with: briefpack %s%s%s",
                           pack ? "briefing pack" : "briefing", opts,
                           *opts ? " " : "", f->name);
    if (from_memory) {
        unsigned char *copy = arena_alloc(a, len + 1);
        memcpy(copy, data, len);
        f->data = copy;
        f->len = len;
    } else {
        f->data = read_whole(input, a, &f->len, err, err_size);
        if (!f->data && strict)
            return false;
        /* the same file must not come twice (a photo cannot be it, but be
         * safe): remember it by its resolved path */
        char *real = realpath(input, NULL);
        if (real) {
            f->path = arena_strdup(a, real);
            free(real);
        }
    }
    if (f->data)
        md5(f->data, f->len, f->md5);
    else
        out->n--; /* a named pipe, read once by the loader: left out */

    if (pack) {
        for (size_t i = 0; i < pack->n_items && ok; i++)
            ok = add_file(&c, pack->items[i]->path,
                          arena_printf(a, "Roundtable %zu of this pack (briefpack YAML)",
                                       i + 1));
        for (size_t i = 0; i < pack->n_items && ok; i++)
            ok = add_photos(&c, pack->items[i]);
    } else if (rt) {
        ok = add_photos(&c, rt);
    }
    const model_brand *br = pack ? pack->brand_model : rt ? rt->brand_model : NULL;
    if (ok && br && br->path && !shipped(&c, br->path)) {
        ok = add_file(&c, br->path, "The brand file (briefpack YAML)");
        if (ok && br->logo && !shipped(&c, br->logo))
            ok = add_file(&c, br->logo, "The brand's logo");
    }
    return ok;
}

void archive_seed(const archive_sources *s, const char *version,
                  const char *opts, unsigned char seed[16])
{
    md5_ctx c;
    md5_init(&c);
    md5_update(&c, "briefpack", 10);
    md5_update(&c, version, strlen(version) + 1);
    md5_update(&c, opts, strlen(opts) + 1);
    for (size_t i = 0; i < s->n; i++) {
        const archive_file *f = &s->files[i];
        unsigned char n[8];
        for (int k = 0; k < 8; k++)
            n[k] = (unsigned char)((uint64_t)f->len >> (8 * k));
        /* the top-level file by its bytes only: the same text from a file
         * or from standard input gives the same document */
        if (!f->top)
            md5_update(&c, f->name, strlen(f->name) + 1);
        md5_update(&c, n, sizeof n);
        /* each file's own digest, computed once when it was read */
        md5_update(&c, f->md5, sizeof f->md5);
    }
    md5_final(&c, seed);
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
    size_t from = len > 4096 ? len - 4096 : 0;
    for (size_t i = len; i-- > from;) {
        if (i + 3 > len || memcmp(pdf + i, "/ID", 3) != 0)
            continue;
        size_t p = i + 3;
        while (p < len && (pdf[p] == ' ' || pdf[p] == '\n' || pdf[p] == '\r'))
            p++;
        if (p >= len || pdf[p] != '[')
            return NULL;
        p++;
        unsigned char *first = NULL;
        for (int k = 0; k < 2; k++) {
            while (p < len && (pdf[p] == ' ' || pdf[p] == '\n' || pdf[p] == '\r'))
                p++;
            if (p + 34 > len || pdf[p] != '<' || memcmp(pdf + p + 1, zeros, 32) != 0 ||
                pdf[p + 33] != '>')
                return NULL;
            if (!first)
                first = pdf + p + 1;
            p += 34;
        }
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
    md5_ctx c;
    md5_init(&c);
    md5_update(&c, seed, 16);
    md5_update(&c, pdf, len);
    unsigned char id[16];
    md5_final(&c, id);
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < 16; i++) {
        first[2 * i] = second[2 * i] = (unsigned char)hex[id[i] >> 4];
        first[2 * i + 1] = second[2 * i + 1] = (unsigned char)hex[id[i] & 15];
    }
    return true;
}

/* A text string: literal when it is printable ASCII, else UTF-16BE with a
 * byte order mark (invalid UTF-8 becomes U+FFFD). */
static size_t utf16_encode(const char *s, unsigned char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    out[o++] = 0xfe;
    out[o++] = 0xff;
    while (*p) {
        uint32_t cp = 0xfffd;
        size_t need = 0;
        if (*p < 0x80) {
            cp = *p;
        } else if (*p >= 0xc2 && *p <= 0xdf) {
            cp = *p & 0x1f;
            need = 1;
        } else if (*p >= 0xe0 && *p <= 0xef) {
            cp = *p & 0x0f;
            need = 2;
        } else if (*p >= 0xf0 && *p <= 0xf4) {
            cp = *p & 0x07;
            need = 3;
        }
        size_t k = 1;
        for (; k <= need; k++) {
            if ((p[k] & 0xc0) != 0x80)
                break;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        static const uint32_t min_of[4] = {0, 0x80, 0x800, 0x10000};
        if (k <= need || (need && (cp < min_of[need] || cp > 0x10ffff ||
                                   (cp >= 0xd800 && cp <= 0xdfff)))) {
            cp = 0xfffd;
            k = 1;
        } else if (!need && *p >= 0x80) {
            cp = 0xfffd;
        }
        p += k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
            out[o++] = (unsigned char)(hi >> 8);
            out[o++] = (unsigned char)hi;
            out[o++] = (unsigned char)(lo >> 8);
            out[o++] = (unsigned char)lo;
        } else {
            out[o++] = (unsigned char)(cp >> 8);
            out[o++] = (unsigned char)cp;
        }
    }
    return o;
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* The bytes of a text string as written (for sorting the name tree). */
typedef struct text_bytes {
    unsigned char *p;
    size_t n;
    bool ascii;
} text_bytes;

static text_bytes text_of(arena *a, const char *s)
{
    text_bytes t;
    t.ascii = printable_ascii(s);
    if (t.ascii) {
        t.n = strlen(s);
        t.p = (unsigned char *)arena_strndup(a, s, t.n);
    } else {
        t.p = arena_alloc(a, strlen(s) * 2 + 4);
        t.n = utf16_encode(s, t.p);
    }
    return t;
}

static HPDF_Dict text_object(HPDF_MMgr mm, const text_bytes *t)
{
    if (t->ascii)
        return (HPDF_Dict)HPDF_String_New(mm, (const char *)t->p, NULL);
    return (HPDF_Dict)HPDF_Binary_New(mm, t->p, (HPDF_UINT)t->n);
}

static HPDF_Dict text_string(HPDF_MMgr mm, arena *a, const char *s)
{
    text_bytes t = text_of(a, s);
    return text_object(mm, &t);
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
    text_bytes key;
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
                           text_bytes *key)
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

    *key = text_of(a, f->name);
    ret += HPDF_Dict_AddName(spec, "Type", "Filespec");
    ret += HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, ascii_name(a, f->name), NULL));
    ret += HPDF_Dict_Add(spec, "UF", text_object(mm, key));
    if (f->desc)
        ret += HPDF_Dict_Add(spec, "Desc", text_string(mm, a, f->desc));
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
        ret += HPDF_Array_Add(names, text_object(mm, &tree[i].key));
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
