/* The PDF reader behind --extract (see pdf_read.h). */
#include "pdf_read.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_DEPTH 64          /* arrays and dictionaries inside each other */
#define MAX_REF_CHAIN 32      /* a reference to a reference to … */
/* ---- values ---- */

void pdf_fail(pdf_reader *r, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->err_size, fmt, ap);
    va_end(ap);
}

static pdf_value *value_new(pdf_reader *r, pdf_kind k)
{
    pdf_value *v = arena_alloc(r->a, sizeof *v);
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

static void skip_ws(pdf_reader *r, size_t *pos)
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
static bool keyword_at(pdf_reader *r, size_t pos, const char *kw)
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
static long long read_uint(pdf_reader *r, size_t *pos)
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

static pdf_value *parse_value(pdf_reader *r, size_t *pos, int depth);

static pdf_value *parse_name(pdf_reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    size_t start = q;
    while (q < r->len && is_regular(r->p[q]))
        q++;
    pdf_value *v = value_new(r, PV_NAME);
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

static pdf_value *parse_literal(pdf_reader *r, size_t *pos)
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
        pdf_fail(r, "a string runs past the end of the file");
        return NULL;
    }
    pdf_value *v = value_new(r, PV_STRING);
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

static pdf_value *parse_hex(pdf_reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    size_t end = q;
    while (end < r->len && r->p[end] != '>')
        end++;
    if (end >= r->len) {
        pdf_fail(r, "a hexadecimal string runs past the end of the file");
        return NULL;
    }
    pdf_value *v = value_new(r, PV_STRING);
    v->s = arena_alloc(r->a, (end - q) / 2 + 2);
    size_t n = 0;
    int hi = -1;
    for (; q < end; q++) {
        int h = hexval(r->p[q]);
        if (h < 0) {
            if (is_ws(r->p[q]))
                continue;
            pdf_fail(r, "a hexadecimal string holds `%c`", r->p[q]);
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

static pdf_value *parse_number(pdf_reader *r, size_t *pos)
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
    pdf_value *v = value_new(r, PV_NUM);
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
                pdf_value *ref = value_new(r, PV_REF);
                ref->ref_num = v->ival;
                *pos = t + 1;
                return ref;
            }
        }
    }
    return v;
}

static pdf_value *parse_array(pdf_reader *r, size_t *pos, int depth)
{
    size_t q = *pos + 1;
    pdf_value *v = value_new(r, PV_ARRAY);
    size_t cap = 0;
    for (;;) {
        skip_ws(r, &q);
        if (q >= r->len) {
            pdf_fail(r, "an array runs past the end of the file");
            return NULL;
        }
        if (r->p[q] == ']') {
            *pos = q + 1;
            return v;
        }
        pdf_value *item = parse_value(r, &q, depth + 1);
        if (!item)
            return NULL;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = item;
    }
}

static pdf_value *parse_dict(pdf_reader *r, size_t *pos, int depth)
{
    size_t q = *pos + 2;
    pdf_value *v = value_new(r, PV_DICT);
    size_t cap = 0, kcap = 0, nk = 0;
    for (;;) {
        skip_ws(r, &q);
        if (q + 1 >= r->len) {
            pdf_fail(r, "a dictionary runs past the end of the file");
            return NULL;
        }
        if (r->p[q] == '>' && r->p[q + 1] == '>') {
            *pos = q + 2;
            return v;
        }
        if (r->p[q] != '/') {
            pdf_fail(r, "a dictionary key is not a name (at byte %zu)", q);
            return NULL;
        }
        pdf_value *key = parse_name(r, &q);
        skip_ws(r, &q);
        pdf_value *val = parse_value(r, &q, depth + 1);
        if (!val)
            return NULL;
        *ARENA_PUSH(r->a, v->keys, nk, kcap) = key;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = val;
    }
}

static pdf_value *parse_value(pdf_reader *r, size_t *pos, int depth)
{
    if (depth > MAX_DEPTH) {
        pdf_fail(r, "objects nested more than %d deep", MAX_DEPTH);
        return NULL;
    }
    skip_ws(r, pos);
    if (*pos >= r->len) {
        pdf_fail(r, "the file ends inside an object");
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
        pdf_value *v = value_new(r, PV_BOOL);
        v->ival = c == 't';
        *pos += c == 't' ? 4 : 5;
        return v;
    }
    if (keyword_at(r, *pos, "null")) {
        *pos += 4;
        return value_new(r, PV_NULL);
    }
    pdf_fail(r, "unexpected `%c` at byte %zu", c >= 0x20 && c < 0x7f ? c : '?', *pos);
    return NULL;
}

/* ---- objects ---- */

static pdf_value *dict_get(const pdf_value *d, const char *key)
{
    if (!d || d->kind != PV_DICT)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp((const char *)d->keys[i]->s, key) == 0)
            return d->items[i];
    return NULL;
}

static pdf_value *get_object(pdf_reader *r, long long num);

/* The value, with references followed. */
pdf_value *pdf_resolve(pdf_reader *r, pdf_value *v)
{
    for (int i = 0; v && v->kind == PV_REF; i++) {
        if (i >= MAX_REF_CHAIN)
            return NULL;
        v = get_object(r, v->ref_num);
    }
    return v;
}

static pdf_value *dict_of(pdf_value *v)
{
    if (v && v->kind == PV_STREAM)
        return v->dict;
    return v && v->kind == PV_DICT ? v : NULL;
}

pdf_value *pdf_get(pdf_reader *r, pdf_value *d, const char *key)
{
    return pdf_resolve(r, dict_get(dict_of(d), key));
}

bool pdf_name_is(pdf_value *v, const char *name)
{
    return v && v->kind == PV_NAME && strcmp((const char *)v->s, name) == 0;
}

/* Every `N G obj` in the file, the last of a number winning (as an
 * incremental update's does). */
static void scan_objects(pdf_reader *r)
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
static pdf_value *parse_object_at(pdf_reader *r, long long num, size_t at)
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
    pdf_value *v = parse_value(r, &q, 0);
    if (!v)
        return NULL;
    skip_ws(r, &q);
    if (v->kind == PV_DICT && keyword_at(r, q, "stream")) {
        q += 6;
        if (q < r->len && r->p[q] == '\r')
            q++;
        if (q < r->len && r->p[q] == '\n')
            q++;
        pdf_value *s = value_new(r, PV_STREAM);
        s->dict = v;
        s->data_at = q;
        s->data_found = true;
        return s;
    }
    return v;
}

static pdf_value *get_object(pdf_reader *r, long long num)
{
    if (num < 0 || (size_t)num >= r->n_objs)
        return NULL;
    if (r->cache[num])
        return r->cache[num];
    if (r->busy[num])
        return NULL;
    r->busy[num] = 1;
    pdf_value *v = NULL;
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
static bool read_xref(pdf_reader *r)
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
    pdf_value *first_trailer = NULL;
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
        pdf_value *t = parse_value(r, &q, 0);
        if (!t || t->kind != PV_DICT) {
            r->failed = was_failed;
            return false;
        }
        if (!first_trailer)
            first_trailer = t;
        pdf_value *prev = dict_get(t, "Prev");
        at = prev && prev->kind == PV_NUM && prev->integer ? prev->ival : -1;
    }
    r->trailer = first_trailer;
    return first_trailer != NULL;
}

/* Without a usable table: the last trailer in the file, else none. */
static void find_trailer(pdf_reader *r)
{
    int tries = 0;
    for (size_t i = r->len; i-- > 0 && tries < 100;) {
        if (r->p[i] != 't' || !keyword_at(r, i, "trailer") ||
            (i > 0 && is_regular(r->p[i - 1])))
            continue;
        size_t q = i + 7;
        bool was_failed = r->failed;
        pdf_value *t = parse_value(r, &q, 0);
        r->failed = was_failed;
        tries++;
        if (t && t->kind == PV_DICT && dict_get(t, "Root")) {
            r->trailer = t;
            return;
        }
    }
}

pdf_value *pdf_catalog(pdf_reader *r)
{
    pdf_value *root = r->trailer ? pdf_get(r, r->trailer, "Root") : NULL;
    if (root && root->kind == PV_DICT)
        return root;
    /* a truncated file: any object that says it is the catalog */
    scan_objects(r);
    for (size_t i = r->n_objs; i-- > 0;) {
        if (!r->offset[i])
            continue;
        pdf_value *v = get_object(r, (long long)i);
        if (v && v->kind == PV_DICT && pdf_name_is(dict_get(v, "Type"), "Catalog"))
            return v;
    }
    return NULL;
}

/* ---- streams ---- */

static bool stream_bytes(pdf_reader *r, pdf_value *s, const unsigned char **data, size_t *len)
{
    pdf_value *lv = pdf_get(r, s, "Length");
    size_t at = s->data_at;
    if (at > r->len) {
        pdf_fail(r, "a stream starts past the end of the file");
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
    pdf_fail(r, "a stream has no end (the file is truncated)");
    return false;
}

/* The decoded bytes of a stream (malloc'd), FlateDecode or none. */
unsigned char *pdf_stream_decode(pdf_reader *r, pdf_value *s, size_t *out_len)
{
    const unsigned char *raw;
    size_t raw_len;
    if (!stream_bytes(r, s, &raw, &raw_len))
        return NULL;
    pdf_value *filter = pdf_get(r, s, "Filter");
    bool flate = false;
    if (filter && filter->kind == PV_ARRAY) {
        if (filter->n > 1) {
            pdf_fail(r, "an embedded file uses several filters");
            return NULL;
        }
        filter = filter->n ? pdf_resolve(r, filter->items[0]) : NULL;
    }
    if (filter) {
        if (!pdf_name_is(filter, "FlateDecode")) {
            pdf_fail(r, "an embedded file uses the filter /%s, which is not read here",
                 filter->kind == PV_NAME ? (const char *)filter->s : "?");
            return NULL;
        }
        flate = true;
    }
    pdf_value *parms = pdf_get(r, s, "DecodeParms");
    if (parms && parms->kind == PV_ARRAY)
        parms = parms->n ? pdf_resolve(r, parms->items[0]) : NULL;
    pdf_value *pred = parms ? pdf_get(r, parms, "Predictor") : NULL;
    if (pred && pred->kind == PV_NUM && pred->ival > 1) {
        pdf_fail(r, "an embedded file uses a predictor, which is not read here");
        return NULL;
    }
    if (!flate) {
        unsigned char *copy = malloc(raw_len ? raw_len : 1);
        if (!copy) {
            pdf_fail(r, "out of memory");
            return NULL;
        }
        memcpy(copy, raw, raw_len);
        *out_len = raw_len;
        return copy;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        pdf_fail(r, "cannot start zlib");
        return NULL;
    }
    size_t cap = raw_len < PDF_MAX_INFLATED / 8 ? raw_len * 4 + 1024 : PDF_MAX_INFLATED, n = 0;
    unsigned char *out = malloc(cap);
    int zr = Z_OK;
    size_t in_done = 0;
    while (out && zr != Z_STREAM_END) {
        if (n == cap) {
            if (cap >= PDF_MAX_INFLATED || r->inflated + n >= PDF_MAX_INFLATED) {
                free(out);
                inflateEnd(&z);
                pdf_fail(r, "an embedded file inflates to more than %zu bytes",
                     PDF_MAX_INFLATED);
                return NULL;
            }
            size_t ncap = cap * 2 > PDF_MAX_INFLATED ? PDF_MAX_INFLATED : cap * 2;
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
            pdf_fail(r, "an embedded file is damaged (zlib: %s)", z.msg ? z.msg : "bad data");
            return NULL;
        }
        if (before_in - z.avail_in == 0 && before_out - z.avail_out == 0 &&
            n < cap) {
            free(out);
            inflateEnd(&z);
            pdf_fail(r, "an embedded file is cut short");
            return NULL;
        }
    }
    inflateEnd(&z);
    if (!out) {
        pdf_fail(r, "out of memory");
        return NULL;
    }
    r->inflated += n;
    *out_len = n;
    return out;
}

bool pdf_reader_open(pdf_reader *r, const unsigned char *pdf, size_t len,
                     arena *a, char *err, size_t err_size)
{
    memset(r, 0, sizeof *r);
    r->p = pdf;
    r->len = len;
    r->a = a;
    r->err = err;
    r->err_size = err_size;
    /* an object takes at least 8 bytes ("1 0 obj "): no more numbers than
     * that */
    r->n_objs = len / 8 + 16;
    r->offset = calloc(r->n_objs, sizeof *r->offset);
    r->cache = calloc(r->n_objs, sizeof *r->cache);
    r->busy = calloc(r->n_objs, 1);
    if (!r->offset || !r->cache || !r->busy) {
        snprintf(err, err_size, "out of memory");
        pdf_reader_close(r);
        return false;
    }
    if (!read_xref(r)) {
        memset(r->offset, 0, r->n_objs * sizeof *r->offset);
        r->failed = false;
        scan_objects(r);
        find_trailer(r);
    }
    r->failed = false;
    return true;
}

void pdf_reader_close(pdf_reader *r)
{
    free(r->offset);
    free(r->cache);
    free(r->busy);
    r->offset = NULL;
    r->cache = NULL;
    r->busy = NULL;
}
