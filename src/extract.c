/* Reading the sources back out of an archival briefing (see extract.h).
 * Every read is bounded by the buffer; nesting, reference chains and the
 * name tree's depth are limited; sizes are checked before anything is
 * allocated for them. */
#include "extract.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "arena.h"
#include "md5.h"

#define MAX_DEPTH 64          /* arrays and dictionaries inside each other */
#define MAX_REF_CHAIN 32      /* a reference to a reference to … */
#define MAX_TREE_DEPTH 32     /* name tree levels */
#define MAX_FILES 10000
#define MAX_PDF_SIZE ((size_t)1 << 30)
#define MAX_INFLATED ((size_t)1 << 30)

/* ---- values ---- */

typedef enum pv_kind {
    PV_NULL, PV_BOOL, PV_NUM, PV_NAME, PV_STRING, PV_ARRAY, PV_DICT, PV_REF,
    PV_STREAM
} pv_kind;

typedef struct pv pv;
struct pv {
    pv_kind kind;
    bool integer;             /* PV_NUM: written without a point */
    double num;
    long long ival;
    unsigned char *s;         /* PV_NAME, PV_STRING: bytes, NUL-terminated */
    size_t len;
    pv **items;               /* PV_ARRAY: items; PV_DICT: values */
    pv **keys;                /* PV_DICT: names */
    size_t n;
    long long ref_num;        /* PV_REF */
    pv *dict;                 /* PV_STREAM: its dictionary */
    size_t data_at;           /* PV_STREAM: offset of the raw bytes */
    bool data_found;
};

typedef struct reader {
    const unsigned char *p;
    size_t len;
    arena *a;
    size_t *offset;           /* by object number: 0 = unknown */
    pv **cache;
    unsigned char *busy;      /* being parsed (a /Length that refers back) */
    size_t n_objs;
    bool scanned;
    size_t inflated;          /* bytes inflated so far, all files */
    pv *trailer;
    char *err;
    size_t err_size;
    bool failed;
} reader;

static void fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(reader *r, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->err_size, fmt, ap);
    va_end(ap);
}

static pv *pv_new(reader *r, pv_kind k)
{
    pv *v = arena_alloc(r->a, sizeof *v);
    v->kind = k;
    return v;
}

static bool is_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static bool is_regular(unsigned char c)
{
    return !is_ws(c) && !is_delim(c);
}

static void skip_ws(reader *r, size_t *pos)
{
    while (*pos < r->len) {
        unsigned char c = r->p[*pos];
        if (is_ws(c)) {
            (*pos)++;
        } else if (c == '%') {
            while (*pos < r->len && r->p[*pos] != '\n' && r->p[*pos] != '\r')
                (*pos)++;
        } else {
            break;
        }
    }
}

/* The keyword at pos (a run of regular characters) equals `kw`. */
static bool keyword_at(reader *r, size_t pos, const char *kw)
{
    size_t n = strlen(kw);
    return pos + n <= r->len && memcmp(r->p + pos, kw, n) == 0 &&
           (pos + n == r->len || !is_regular(r->p[pos + n]));
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* An unsigned integer of at most 18 digits at pos, or -1. */
static long long read_uint(reader *r, size_t *pos)
{
    size_t q = *pos;
    long long v = 0;
    int digits = 0;
    while (q < r->len && r->p[q] >= '0' && r->p[q] <= '9' && digits < 18) {
        v = v * 10 + (r->p[q] - '0');
        q++;
        digits++;
    }
    if (!digits || (q < r->len && r->p[q] >= '0' && r->p[q] <= '9'))
        return -1;
    *pos = q;
    return v;
}

static pv *parse_value(reader *r, size_t *pos, int depth);

static pv *parse_name(reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    size_t start = q;
    while (q < r->len && is_regular(r->p[q]))
        q++;
    pv *v = pv_new(r, PV_NAME);
    v->s = arena_alloc(r->a, q - start + 1);
    size_t n = 0;
    for (size_t i = start; i < q; i++) {
        if (r->p[i] == '#' && i + 2 < q && hexval(r->p[i + 1]) >= 0 &&
            hexval(r->p[i + 2]) >= 0) {
            v->s[n++] = (unsigned char)(hexval(r->p[i + 1]) << 4 | hexval(r->p[i + 2]));
            i += 2;
        } else {
            v->s[n++] = r->p[i];
        }
    }
    v->s[n] = '\0';
    v->len = n;
    *pos = q;
    return v;
}

static pv *parse_literal(reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    /* the decoded string is never longer than the written one */
    size_t end = q;
    int nest = 1;
    while (end < r->len && nest > 0) {
        if (r->p[end] == '\\')
            end++;
        else if (r->p[end] == '(')
            nest++;
        else if (r->p[end] == ')')
            nest--;
        end++;
    }
    if (nest > 0) {
        fail(r, "a string runs past the end of the file");
        return NULL;
    }
    pv *v = pv_new(r, PV_STRING);
    v->s = arena_alloc(r->a, end - q + 1);
    size_t n = 0;
    nest = 1;
    while (q < end) {
        unsigned char c = r->p[q++];
        if (c == '(') {
            nest++;
        } else if (c == ')') {
            if (--nest == 0)
                break;
        } else if (c == '\\' && q < end) {
            unsigned char e = r->p[q++];
            switch (e) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '\r':
                if (q < end && r->p[q] == '\n')
                    q++;
                continue;
            case '\n':
                continue;
            default:
                if (e >= '0' && e <= '7') {
                    unsigned o = (unsigned)(e - '0');
                    for (int k = 0; k < 2 && q < end && r->p[q] >= '0' && r->p[q] <= '7'; k++)
                        o = o * 8 + (unsigned)(r->p[q++] - '0');
                    c = (unsigned char)o;
                } else {
                    c = e;
                }
            }
        } else if (c == '\r') {
            /* an end of line in a string is read as \n */
            if (q < end && r->p[q] == '\n')
                q++;
            c = '\n';
        }
        v->s[n++] = c;
    }
    v->s[n] = '\0';
    v->len = n;
    *pos = end;
    return v;
}

static pv *parse_hex(reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    size_t end = q;
    while (end < r->len && r->p[end] != '>')
        end++;
    if (end >= r->len) {
        fail(r, "a hexadecimal string runs past the end of the file");
        return NULL;
    }
    pv *v = pv_new(r, PV_STRING);
    v->s = arena_alloc(r->a, (end - q) / 2 + 2);
    size_t n = 0;
    int hi = -1;
    for (; q < end; q++) {
        int h = hexval(r->p[q]);
        if (h < 0) {
            if (is_ws(r->p[q]))
                continue;
            fail(r, "a hexadecimal string holds `%c`", r->p[q]);
            return NULL;
        }
        if (hi < 0) {
            hi = h;
        } else {
            v->s[n++] = (unsigned char)(hi << 4 | h);
            hi = -1;
        }
    }
    if (hi >= 0)
        v->s[n++] = (unsigned char)(hi << 4);
    v->s[n] = '\0';
    v->len = n;
    *pos = end + 1;
    return v;
}

static pv *parse_number(reader *r, size_t *pos)
{
    size_t q = *pos;
    char buf[64];
    size_t n = 0;
    bool point = false;
    while (q < r->len && (r->p[q] == '+' || r->p[q] == '-' || r->p[q] == '.' ||
                          (r->p[q] >= '0' && r->p[q] <= '9'))) {
        if (r->p[q] == '.')
            point = true;
        if (n + 1 < sizeof buf)
            buf[n++] = (char)r->p[q];
        q++;
    }
    buf[n] = '\0';
    pv *v = pv_new(r, PV_NUM);
    v->num = strtod(buf, NULL);
    v->integer = !point;
    /* a real is kept as an integer only when it fits (a cast out of range
     * is undefined) */
    if (!point)
        v->ival = strtoll(buf, NULL, 10); /* saturates */
    else if (v->num > -9.2e18 && v->num < 9.2e18)
        v->ival = (long long)v->num;
    else
        v->ival = v->num < 0 ? LLONG_MIN : LLONG_MAX;
    *pos = q;
    /* `N G R`: a reference */
    if (!point && buf[0] != '-' && buf[0] != '+' && v->ival >= 0) {
        size_t t = q;
        skip_ws(r, &t);
        long long gen = read_uint(r, &t);
        if (gen >= 0) {
            skip_ws(r, &t);
            if (t < r->len && r->p[t] == 'R' && keyword_at(r, t, "R")) {
                pv *ref = pv_new(r, PV_REF);
                ref->ref_num = v->ival;
                *pos = t + 1;
                return ref;
            }
        }
    }
    return v;
}

static pv *parse_array(reader *r, size_t *pos, int depth)
{
    size_t q = *pos + 1;
    pv *v = pv_new(r, PV_ARRAY);
    size_t cap = 0;
    for (;;) {
        skip_ws(r, &q);
        if (q >= r->len) {
            fail(r, "an array runs past the end of the file");
            return NULL;
        }
        if (r->p[q] == ']') {
            *pos = q + 1;
            return v;
        }
        pv *item = parse_value(r, &q, depth + 1);
        if (!item)
            return NULL;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = item;
    }
}

static pv *parse_dict(reader *r, size_t *pos, int depth)
{
    size_t q = *pos + 2;
    pv *v = pv_new(r, PV_DICT);
    size_t cap = 0, kcap = 0, nk = 0;
    for (;;) {
        skip_ws(r, &q);
        if (q + 1 >= r->len) {
            fail(r, "a dictionary runs past the end of the file");
            return NULL;
        }
        if (r->p[q] == '>' && r->p[q + 1] == '>') {
            *pos = q + 2;
            return v;
        }
        if (r->p[q] != '/') {
            fail(r, "a dictionary key is not a name (at byte %zu)", q);
            return NULL;
        }
        pv *key = parse_name(r, &q);
        skip_ws(r, &q);
        pv *val = parse_value(r, &q, depth + 1);
        if (!val)
            return NULL;
        *ARENA_PUSH(r->a, v->keys, nk, kcap) = key;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = val;
    }
}

static pv *parse_value(reader *r, size_t *pos, int depth)
{
    if (depth > MAX_DEPTH) {
        fail(r, "objects nested more than %d deep", MAX_DEPTH);
        return NULL;
    }
    skip_ws(r, pos);
    if (*pos >= r->len) {
        fail(r, "the file ends inside an object");
        return NULL;
    }
    unsigned char c = r->p[*pos];
    if (c == '/')
        return parse_name(r, pos);
    if (c == '(')
        return parse_literal(r, pos);
    if (c == '<')
        return *pos + 1 < r->len && r->p[*pos + 1] == '<' ? parse_dict(r, pos, depth)
                                                          : parse_hex(r, pos);
    if (c == '[')
        return parse_array(r, pos, depth);
    if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))
        return parse_number(r, pos);
    if (keyword_at(r, *pos, "true") || keyword_at(r, *pos, "false")) {
        pv *v = pv_new(r, PV_BOOL);
        v->ival = c == 't';
        *pos += c == 't' ? 4 : 5;
        return v;
    }
    if (keyword_at(r, *pos, "null")) {
        *pos += 4;
        return pv_new(r, PV_NULL);
    }
    fail(r, "unexpected `%c` at byte %zu", c >= 0x20 && c < 0x7f ? c : '?', *pos);
    return NULL;
}

/* ---- objects ---- */

static pv *dict_get(const pv *d, const char *key)
{
    if (!d || d->kind != PV_DICT)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp((const char *)d->keys[i]->s, key) == 0)
            return d->items[i];
    return NULL;
}

static pv *get_object(reader *r, long long num);

/* The value, with references followed. */
static pv *resolve(reader *r, pv *v)
{
    for (int i = 0; v && v->kind == PV_REF; i++) {
        if (i >= MAX_REF_CHAIN)
            return NULL;
        v = get_object(r, v->ref_num);
    }
    return v;
}

static pv *dict_of(pv *v)
{
    if (v && v->kind == PV_STREAM)
        return v->dict;
    return v && v->kind == PV_DICT ? v : NULL;
}

static pv *get(reader *r, pv *d, const char *key)
{
    return resolve(r, dict_get(dict_of(d), key));
}

static bool name_is(pv *v, const char *name)
{
    return v && v->kind == PV_NAME && strcmp((const char *)v->s, name) == 0;
}

/* Every `N G obj` in the file, the last of a number winning (as an
 * incremental update's does). */
static void scan_objects(reader *r)
{
    if (r->scanned)
        return;
    r->scanned = true;
    for (size_t i = 0; i + 5 < r->len; i++) {
        if (r->p[i] < '0' || r->p[i] > '9' || (i > 0 && !is_ws(r->p[i - 1])))
            continue;
        size_t q = i;
        long long num = read_uint(r, &q);
        if (num < 0 || q >= r->len || !is_ws(r->p[q]))
            continue;
        skip_ws(r, &q);
        if (read_uint(r, &q) < 0)
            continue;
        skip_ws(r, &q);
        if (!keyword_at(r, q, "obj"))
            continue;
        if ((size_t)num < r->n_objs)
            r->offset[num] = i + 1; /* +1: 0 means unknown */
        i = q + 2;
    }
}

/* Parses the object at a byte offset if it is `num G obj`. */
static pv *parse_object_at(reader *r, long long num, size_t at)
{
    size_t q = at;
    if (read_uint(r, &q) != num)
        return NULL;
    skip_ws(r, &q);
    if (read_uint(r, &q) < 0)
        return NULL;
    skip_ws(r, &q);
    if (!keyword_at(r, q, "obj"))
        return NULL;
    q += 3;
    pv *v = parse_value(r, &q, 0);
    if (!v)
        return NULL;
    skip_ws(r, &q);
    if (v->kind == PV_DICT && keyword_at(r, q, "stream")) {
        q += 6;
        if (q < r->len && r->p[q] == '\r')
            q++;
        if (q < r->len && r->p[q] == '\n')
            q++;
        pv *s = pv_new(r, PV_STREAM);
        s->dict = v;
        s->data_at = q;
        s->data_found = true;
        return s;
    }
    return v;
}

static pv *get_object(reader *r, long long num)
{
    if (num < 0 || (size_t)num >= r->n_objs)
        return NULL;
    if (r->cache[num])
        return r->cache[num];
    if (r->busy[num])
        return NULL;
    r->busy[num] = 1;
    pv *v = NULL;
    bool was_failed = r->failed;
    if (r->offset[num])
        v = parse_object_at(r, num, r->offset[num] - 1);
    if (!v && !r->scanned) {
        /* the table was wrong about this one: look for it */
        r->failed = was_failed;
        scan_objects(r);
        if (r->offset[num])
            v = parse_object_at(r, num, r->offset[num] - 1);
    }
    r->busy[num] = 0;
    if (!v)
        r->failed = was_failed; /* a missing object is null, not an error */
    r->cache[num] = v;
    return v;
}

/* The classic cross-reference table and trailer at `startxref`, following
 * /Prev; false when there is none or it does not make sense. */
static bool read_xref(reader *r)
{
    size_t tail = r->len > 1024 ? r->len - 1024 : 0;
    size_t sx = 0;
    bool found = false;
    for (size_t i = r->len; i-- > tail;)
        if (i + 9 <= r->len && memcmp(r->p + i, "startxref", 9) == 0) {
            sx = i + 9;
            found = true;
            break;
        }
    if (!found)
        return false;
    skip_ws(r, &sx);
    long long at = read_uint(r, &sx);
    pv *first_trailer = NULL;
    for (int rounds = 0; at >= 0 && rounds < 64; rounds++) {
        size_t q = (size_t)at;
        if (q >= r->len || !keyword_at(r, q, "xref"))
            return false;
        q += 4;
        for (;;) {
            skip_ws(r, &q);
            if (keyword_at(r, q, "trailer"))
                break;
            long long start = read_uint(r, &q);
            skip_ws(r, &q);
            long long count = read_uint(r, &q);
            if (start < 0 || count < 0 || (size_t)count > r->len / 18 ||
                (size_t)start > r->n_objs)
                return false;
            for (long long k = 0; k < count; k++) {
                skip_ws(r, &q);
                long long off = read_uint(r, &q);
                skip_ws(r, &q);
                long long gen = read_uint(r, &q);
                skip_ws(r, &q);
                if (off < 0 || gen < 0 || q >= r->len)
                    return false;
                unsigned char type = r->p[q++];
                long long num = start + k;
                if (type == 'n' && (size_t)num < r->n_objs && (size_t)off < r->len &&
                    !r->offset[num])
                    r->offset[num] = (size_t)off + 1;
                else if (type != 'n' && type != 'f')
                    return false;
            }
        }
        q += 7;
        bool was_failed = r->failed;
        pv *t = parse_value(r, &q, 0);
        if (!t || t->kind != PV_DICT) {
            r->failed = was_failed;
            return false;
        }
        if (!first_trailer)
            first_trailer = t;
        pv *prev = dict_get(t, "Prev");
        at = prev && prev->kind == PV_NUM && prev->integer ? prev->ival : -1;
    }
    r->trailer = first_trailer;
    return first_trailer != NULL;
}

/* Without a usable table: the last trailer in the file, else none. */
static void find_trailer(reader *r)
{
    int tries = 0;
    for (size_t i = r->len; i-- > 0 && tries < 100;) {
        if (r->p[i] != 't' || !keyword_at(r, i, "trailer") ||
            (i > 0 && is_regular(r->p[i - 1])))
            continue;
        size_t q = i + 7;
        bool was_failed = r->failed;
        pv *t = parse_value(r, &q, 0);
        r->failed = was_failed;
        tries++;
        if (t && t->kind == PV_DICT && dict_get(t, "Root")) {
            r->trailer = t;
            return;
        }
    }
}

static pv *find_catalog(reader *r)
{
    pv *root = r->trailer ? get(r, r->trailer, "Root") : NULL;
    if (root && root->kind == PV_DICT)
        return root;
    /* a truncated file: any object that says it is the catalog */
    scan_objects(r);
    for (size_t i = r->n_objs; i-- > 0;) {
        if (!r->offset[i])
            continue;
        pv *v = get_object(r, (long long)i);
        if (v && v->kind == PV_DICT && name_is(dict_get(v, "Type"), "Catalog"))
            return v;
    }
    return NULL;
}

/* ---- streams ---- */

static bool stream_bytes(reader *r, pv *s, const unsigned char **data, size_t *len)
{
    pv *lv = get(r, s, "Length");
    size_t at = s->data_at;
    if (at > r->len) {
        fail(r, "a stream starts past the end of the file");
        return false;
    }
    if (lv && lv->kind == PV_NUM && lv->integer && lv->ival >= 0 &&
        (size_t)lv->ival <= r->len - at) {
        size_t end = at + (size_t)lv->ival;
        size_t q = end;
        skip_ws(r, &q);
        if (keyword_at(r, q, "endstream")) {
            *data = r->p + at;
            *len = (size_t)lv->ival;
            return true;
        }
    }
    /* a wrong /Length: up to the next endstream */
    for (size_t i = at; i + 9 <= r->len; i++)
        if (r->p[i] == 'e' && memcmp(r->p + i, "endstream", 9) == 0) {
            size_t end = i;
            if (end > at && r->p[end - 1] == '\n')
                end--;
            if (end > at && r->p[end - 1] == '\r')
                end--;
            *data = r->p + at;
            *len = end - at;
            return true;
        }
    fail(r, "a stream has no end (the file is truncated)");
    return false;
}

/* The decoded bytes of a stream (malloc'd), FlateDecode or none. */
static unsigned char *stream_decode(reader *r, pv *s, size_t *out_len)
{
    const unsigned char *raw;
    size_t raw_len;
    if (!stream_bytes(r, s, &raw, &raw_len))
        return NULL;
    pv *filter = get(r, s, "Filter");
    bool flate = false;
    if (filter && filter->kind == PV_ARRAY) {
        if (filter->n > 1) {
            fail(r, "an embedded file uses several filters");
            return NULL;
        }
        filter = filter->n ? resolve(r, filter->items[0]) : NULL;
    }
    if (filter) {
        if (!name_is(filter, "FlateDecode")) {
            fail(r, "an embedded file uses the filter /%s, which is not read here",
                 filter->kind == PV_NAME ? (const char *)filter->s : "?");
            return NULL;
        }
        flate = true;
    }
    pv *parms = get(r, s, "DecodeParms");
    if (parms && parms->kind == PV_ARRAY)
        parms = parms->n ? resolve(r, parms->items[0]) : NULL;
    pv *pred = parms ? get(r, parms, "Predictor") : NULL;
    if (pred && pred->kind == PV_NUM && pred->ival > 1) {
        fail(r, "an embedded file uses a predictor, which is not read here");
        return NULL;
    }
    if (!flate) {
        unsigned char *copy = malloc(raw_len ? raw_len : 1);
        if (!copy) {
            fail(r, "out of memory");
            return NULL;
        }
        memcpy(copy, raw, raw_len);
        *out_len = raw_len;
        return copy;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        fail(r, "cannot start zlib");
        return NULL;
    }
    size_t cap = raw_len < MAX_INFLATED / 8 ? raw_len * 4 + 1024 : MAX_INFLATED, n = 0;
    unsigned char *out = malloc(cap);
    int zr = Z_OK;
    size_t in_done = 0;
    while (out && zr != Z_STREAM_END) {
        if (n == cap) {
            if (cap >= MAX_INFLATED || r->inflated + n >= MAX_INFLATED) {
                free(out);
                inflateEnd(&z);
                fail(r, "an embedded file inflates to more than %zu bytes",
                     MAX_INFLATED);
                return NULL;
            }
            size_t ncap = cap * 2 > MAX_INFLATED ? MAX_INFLATED : cap * 2;
            unsigned char *grown = realloc(out, ncap);
            if (!grown) {
                free(out);
                out = NULL;
                break;
            }
            out = grown;
            cap = ncap;
        }
        /* zlib counts in unsigned int: feed it in slices */
        size_t in_left = raw_len - in_done;
        size_t out_left = cap - n;
        z.next_in = (Bytef *)(raw + in_done);
        z.avail_in = (uInt)(in_left > UINT_MAX ? UINT_MAX : in_left);
        z.next_out = out + n;
        z.avail_out = (uInt)(out_left > UINT_MAX ? UINT_MAX : out_left);
        uInt before_in = z.avail_in, before_out = z.avail_out;
        zr = inflate(&z, Z_NO_FLUSH);
        in_done += before_in - z.avail_in;
        n += before_out - z.avail_out;
        if (zr == Z_STREAM_END)
            break;
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            free(out);
            inflateEnd(&z);
            fail(r, "an embedded file is damaged (zlib: %s)", z.msg ? z.msg : "bad data");
            return NULL;
        }
        if (before_in - z.avail_in == 0 && before_out - z.avail_out == 0 &&
            n < cap) {
            free(out);
            inflateEnd(&z);
            fail(r, "an embedded file is cut short");
            return NULL;
        }
    }
    inflateEnd(&z);
    if (!out) {
        fail(r, "out of memory");
        return NULL;
    }
    r->inflated += n;
    *out_len = n;
    return out;
}

/* ---- text ---- */

static void put_utf8(unsigned char *o, size_t *n, uint32_t cp)
{
    if (cp < 0x80) {
        o[(*n)++] = (unsigned char)cp;
    } else if (cp < 0x800) {
        o[(*n)++] = (unsigned char)(0xc0 | cp >> 6);
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        o[(*n)++] = (unsigned char)(0xe0 | cp >> 12);
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    } else {
        o[(*n)++] = (unsigned char)(0xf0 | cp >> 18);
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    }
}

/* A PDF text string as UTF-8 (malloc'd): UTF-16BE with its mark, UTF-8
 * with its mark, else PDFDocEncoding. A NUL inside is kept as U+FFFD, so
 * the result never hides a part of the name. */
static char *text_utf8(const pv *v)
{
    if (!v || v->kind != PV_STRING)
        return NULL;
    unsigned char *o = malloc(v->len * 3 + 4);
    if (!o)
        return NULL;
    size_t n = 0;
    const unsigned char *s = v->s;
    size_t len = v->len;
    if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
        for (size_t i = 2; i + 1 < len; i += 2) {
            uint32_t u = (uint32_t)s[i] << 8 | s[i + 1];
            if (u >= 0xd800 && u <= 0xdbff && i + 3 < len) {
                uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                    i += 2;
                } else {
                    u = 0xfffd;
                }
            } else if (u >= 0xd800 && u <= 0xdfff) {
                u = 0xfffd;
            }
            put_utf8(o, &n, u ? u : 0xfffd);
        }
    } else {
        size_t i = 0;
        bool utf8 = len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf;
        if (utf8) {
            i = 3;
            for (; i < len; i++)
                o[n++] = s[i] ? s[i] : '?';
        } else {
            /* PDFDocEncoding: Latin-1 but for 0x18–0x1F and 0x80–0x9F */
            static const uint16_t high[32] = {
                0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
                0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
                0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd,
            };
            static const uint16_t low[8] = {0x02d8, 0x02c7, 0x02c6, 0x02d9,
                                            0x02dd, 0x02db, 0x02da, 0x02dc};
            for (; i < len; i++) {
                unsigned char c = s[i];
                uint32_t u = c >= 0x80 && c <= 0x9f   ? high[c - 0x80]
                             : c >= 0x18 && c <= 0x1f ? low[c - 0x18]
                             : c == 0                 ? 0xfffd
                                                      : c;
                put_utf8(o, &n, u);
            }
        }
    }
    o[n] = '\0';
    return (char *)o;
}

/* ---- embedded files ---- */

typedef struct collect {
    reader *r;
    extract_list *out;
    size_t cap;
    pv **seen;                /* file specifications already taken */
    size_t n_seen, seen_cap;
} collect;

static bool take_spec(collect *c, pv *spec_ref, const pv *key)
{
    reader *r = c->r;
    pv *spec = resolve(r, spec_ref);
    if (!spec && spec_ref && spec_ref->kind == PV_REF) {
        fail(r, "attached file (object %lld) is missing: the PDF is truncated "
                "or damaged", spec_ref->ref_num);
        return false;
    }
    if (!spec || spec->kind != PV_DICT)
        return true;
    for (size_t i = 0; i < c->n_seen; i++)
        if (c->seen[i] == spec)
            return true;
    *ARENA_PUSH(r->a, c->seen, c->n_seen, c->seen_cap) = spec;
    pv *ef = get(r, spec, "EF");
    pv *stream = ef ? get(r, ef, "UF") : NULL;
    if (!stream || stream->kind != PV_STREAM)
        stream = ef ? get(r, ef, "F") : NULL;
    if (!stream || stream->kind != PV_STREAM)
        return true; /* a reference to an outside file: nothing inside */
    if (c->out->n >= MAX_FILES) {
        fail(r, "more than %d embedded files", MAX_FILES);
        return false;
    }
    char *name = text_utf8(get(r, spec, "UF"));
    if (!name)
        name = text_utf8(get(r, spec, "F"));
    if (!name)
        name = text_utf8(key);
    if (!name) {
        name = strdup("");
        if (!name) {
            fail(r, "out of memory");
            return false;
        }
    }
    extract_file *f = ARENA_PUSH(r->a, c->out->files, c->out->n, c->cap);
    f->name = name;
    f->source = name_is(get(r, spec, "AFRelationship"), "Source");
    pv *mime = get(r, stream, "Subtype");
    if (mime && mime->kind == PV_NAME)
        f->mime = strdup((const char *)mime->s);
    f->data = stream_decode(r, stream, &f->len);
    if (!f->data) {
        char why[256];
        snprintf(why, sizeof why, "%s", r->err);
        r->failed = false;
        fail(r, "attached file `%s`: %s", name, why);
        return false;
    }
    pv *params = get(r, stream, "Params");
    pv *size = params ? get(r, params, "Size") : NULL;
    if (size && size->kind == PV_NUM && (size->ival < 0 || (size_t)size->ival != f->len)) {
        fail(r, "attached file `%s` has %zu bytes but says it has %lld: damaged",
             name, f->len, size->ival);
        return false;
    }
    pv *sum = params ? get(r, params, "CheckSum") : NULL;
    if (sum && sum->kind == PV_STRING && sum->len == 16) {
        unsigned char d[16];
        md5(f->data, f->len, d);
        if (memcmp(d, sum->s, 16) != 0) {
            fail(r, "attached file `%s` does not match its checksum: damaged", name);
            return false;
        }
    }
    return true;
}

static bool walk_tree(collect *c, pv *node, int depth)
{
    reader *r = c->r;
    node = resolve(r, node);
    if (!node || node->kind != PV_DICT)
        return true;
    if (depth > MAX_TREE_DEPTH) {
        fail(r, "the embedded files' name tree is more than %d levels deep",
             MAX_TREE_DEPTH);
        return false;
    }
    pv *names = get(r, node, "Names");
    if (names && names->kind == PV_ARRAY)
        for (size_t i = 0; i + 1 < names->n; i += 2)
            if (!take_spec(c, names->items[i + 1], resolve(r, names->items[i])))
                return false;
    pv *kids = get(r, node, "Kids");
    if (kids && kids->kind == PV_ARRAY)
        for (size_t i = 0; i < kids->n; i++)
            if (!walk_tree(c, kids->items[i], depth + 1))
                return false;
    return true;
}

void extract_list_free(extract_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->files[i].name);
        free(l->files[i].mime);
        free(l->files[i].data);
    }
    free(l->files);
    memset(l, 0, sizeof *l);
    l->top = EXTRACT_NONE;
}

bool extract_read(const unsigned char *pdf, size_t len, extract_list *out,
                  char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    out->top = EXTRACT_NONE;
    if (err_size)
        err[0] = '\0';
    /* the header may follow some junk (readers allow 1024 bytes) */
    bool header = false;
    for (size_t i = 0; i + 5 <= len && i < 1024 && !header; i++)
        header = memcmp(pdf + i, "%PDF-", 5) == 0;
    if (!header) {
        snprintf(err, err_size, "not a PDF file");
        return false;
    }
    arena *a = arena_new();
    reader r = {.p = pdf, .len = len, .a = a, .err = err, .err_size = err_size};
    /* an object takes at least 8 bytes ("1 0 obj "): no more numbers than
     * that */
    r.n_objs = len / 8 + 16;
    r.offset = calloc(r.n_objs, sizeof *r.offset);
    r.cache = calloc(r.n_objs, sizeof *r.cache);
    r.busy = calloc(r.n_objs, 1);
    bool ok = false;
    if (!r.offset || !r.cache || !r.busy) {
        snprintf(err, err_size, "out of memory");
        goto done;
    }
    if (!read_xref(&r)) {
        memset(r.offset, 0, r.n_objs * sizeof *r.offset);
        r.failed = false;
        scan_objects(&r);
        find_trailer(&r);
    }
    r.failed = false;
    pv *catalog = find_catalog(&r);
    if (!catalog) {
        if (!r.failed)
            snprintf(err, err_size, "no document catalog found (damaged, or "
                                    "not a PDF briefpack can read)");
        goto done;
    }
    r.failed = false;
    /* pointers into the list's array move as it grows: the arena's copy is
     * handed over at the end */
    extract_list tmp = {.top = EXTRACT_NONE};
    collect c = {.r = &r, .out = &tmp};
    bool good = true;
    pv *af = get(&r, catalog, "AF");
    if (af && af->kind == PV_ARRAY)
        for (size_t i = 0; i < af->n && good; i++)
            good = take_spec(&c, af->items[i], NULL);
    pv *names = get(&r, catalog, "Names");
    pv *tree = names ? get(&r, names, "EmbeddedFiles") : NULL;
    if (good && tree)
        good = walk_tree(&c, tree, 0);
    /* the top-level source: the first /Source file of /AF (briefpack puts
     * it first) */
    size_t n_af = af && af->kind == PV_ARRAY ? af->n : 0;
    for (size_t i = 0; i < tmp.n && i < n_af && tmp.top == EXTRACT_NONE; i++)
        if (tmp.files[i].source)
            tmp.top = i;
    if (tmp.n) {
        out->files = calloc(tmp.n, sizeof *out->files);
        if (!out->files) {
            for (size_t i = 0; i < tmp.n; i++) {
                free(tmp.files[i].name);
                free(tmp.files[i].mime);
                free(tmp.files[i].data);
            }
            snprintf(err, err_size, "out of memory");
            goto done;
        }
        memcpy(out->files, tmp.files, tmp.n * sizeof *out->files);
        out->n = tmp.n;
        out->top = tmp.top;
    }
    ok = good;
done:
    free(r.offset);
    free(r.cache);
    free(r.busy);
    arena_free(a);
    return ok;
}

/* ---- writing ---- */

const char *extract_unsafe_name(const char *name)
{
    if (!name || !*name)
        return "it has no name";
    if (name[0] == '/')
        return "it is an absolute path";
    if (strlen(name) > 4000)
        return "the name is too long";
    const char *p = name;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0)
            return "it has an empty part (//)";
        if (n == 1 && p[0] == '.')
            return "it has a `.` part";
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "it leads out of the folder (`..`)";
        if (n > 255)
            return "a part of it is too long";
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (c < 0x20 || c == 0x7f)
                return "it holds a control character";
            if (c == '\\')
                return "it holds a backslash";
        }
        if (!e)
            break;
        p = e + 1;
        if (!*p)
            return "it ends with /";
    }
    return NULL;
}

static unsigned char *read_input(const char *path, size_t *len, FILE *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(err, "briefpack: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(err, "briefpack: %s: is a folder, not a PDF\n", path);
        fclose(f);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_PDF_SIZE) {
                fprintf(err, "briefpack: %s: larger than %zu bytes\n", path,
                        MAX_PDF_SIZE);
                free(buf);
                buf = NULL;
                break;
            }
            unsigned char *g = realloc(buf, cap * 2);
            if (!g) {
                free(buf);
                buf = NULL;
                fprintf(err, "briefpack: out of memory\n");
                break;
            }
            buf = g;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(err, "briefpack: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    *len = n;
    return buf;
}

/* Writes one file under the folder `dirfd`, part by part, never following
 * a symbolic link, to a temporary name renamed into place. */
static bool write_under(int dirfd, const char *name, const unsigned char *data,
                        size_t len, const char *out_dir, FILE *err)
{
    char *copy = strdup(name);
    if (!copy) {
        fprintf(err, "briefpack: out of memory\n");
        return false;
    }
    int fd = dup(dirfd);
    char *part = copy;
    bool ok = fd >= 0;
    for (char *slash; ok && (slash = strchr(part, '/')); part = slash + 1) {
        *slash = '\0';
        if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
            fprintf(err, "briefpack: %s/%s: cannot make the folder: %s\n",
                    out_dir, name, strerror(errno));
            ok = false;
            break;
        }
        int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            int e = errno;
            fprintf(err, "briefpack: %s/%s: refused: `%s` on the way %s\n",
                    out_dir, name, part,
                    e == ELOOP || e == ENOTDIR ? "is a symbolic link or not a folder"
                                               : strerror(e));
            ok = false;
            break;
        }
        close(fd);
        fd = next;
    }
    if (ok) {
        char tmp[300];
        int out = -1;
        for (int k = 0; k < 100 && out < 0; k++) {
            snprintf(tmp, sizeof tmp, ".%.200s.briefpack-%ld-%d", part,
                     (long)getpid(), k);
            out = openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
            if (out < 0 && errno != EEXIST)
                break;
        }
        if (out < 0) {
            fprintf(err, "briefpack: %s/%s: cannot write: %s\n", out_dir, name,
                    strerror(errno));
            ok = false;
        } else {
            size_t done = 0;
            while (done < len) {
                ssize_t w = write(out, data + done, len - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    break;
                done += (size_t)w;
            }
            bool wrote = done == len && fsync(out) == 0;
            int e = errno;
            if (close(out) != 0)
                wrote = false;
            struct stat st;
            if (wrote && fstatat(fd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISDIR(st.st_mode)) {
                fprintf(err, "briefpack: %s/%s: refused: a folder has that name\n",
                        out_dir, name);
                ok = false;
            } else if (!wrote || renameat(fd, tmp, fd, part) != 0) {
                fprintf(err, "briefpack: %s/%s: cannot write: %s\n", out_dir,
                        name, strerror(wrote ? errno : e));
                ok = false;
            }
            if (!ok)
                unlinkat(fd, tmp, 0);
        }
    }
    if (fd >= 0)
        close(fd);
    free(copy);
    return ok;
}

int extract_main(const char *pdf_path, const char *out_dir, FILE *err)
{
    size_t len;
    unsigned char *pdf = read_input(pdf_path, &len, err);
    if (!pdf)
        return 1;
    extract_list l;
    char why[512];
    bool read_ok = extract_read(pdf, len, &l, why, sizeof why);
    free(pdf);
    int status = 1;
    if (!read_ok) {
        fprintf(err, "briefpack: %s: %s\n", pdf_path, why);
        goto done;
    }
    if (l.top == EXTRACT_NONE) {
        fprintf(err, "briefpack: %s: no briefpack source is attached to this "
                     "PDF (it was not built with --archive)\n", pdf_path);
        goto done;
    }
    if (!out_dir) {
        const extract_file *f = &l.files[l.top];
        if (fwrite(f->data, 1, f->len, stdout) != f->len || fflush(stdout) != 0) {
            fprintf(err, "briefpack: cannot write to standard output\n");
            goto done;
        }
        status = 0;
        goto done;
    }
    /* every name first: nothing is written when one is unsafe */
    bool safe = true;
    for (size_t i = 0; i < l.n; i++) {
        const char *bad = extract_unsafe_name(l.files[i].name);
        for (size_t k = 0; k < i && !bad; k++)
            if (strcmp(l.files[k].name, l.files[i].name) == 0)
                bad = "two attached files have this name";
        if (bad) {
            fprintf(err, "briefpack: %s: refusing attached file `%s`: %s\n",
                    pdf_path, l.files[i].name, bad);
            safe = false;
        }
    }
    if (!safe) {
        fprintf(err, "briefpack: nothing was written\n");
        goto done;
    }
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(err, "briefpack: %s: cannot make the folder: %s\n", out_dir,
                strerror(errno));
        goto done;
    }
    int dirfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        fprintf(err, "briefpack: %s: %s\n", out_dir, strerror(errno));
        goto done;
    }
    status = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!write_under(dirfd, l.files[i].name, l.files[i].data, l.files[i].len,
                         out_dir, err))
            status = 1;
    close(dirfd);
done:
    extract_list_free(&l);
    return status;
}
