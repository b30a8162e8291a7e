/* The PDF reader behind --extract (see pdf_read.h). */
#include "pdf/pdf_read_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

pdf_value *pdfr_value_new(pdf_reader *r, pdf_kind k)
{
    pdf_value *v = arena_alloc(r->a, sizeof *v);
    v->kind = k;
    return v;
}

bool pdfr_is_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

bool pdfr_is_regular(unsigned char c)
{
    return !pdfr_is_ws(c) && !is_delim(c);
}

void pdfr_skip_ws(pdf_reader *r, size_t *pos)
{
    while (*pos < r->len) {
        unsigned char c = r->p[*pos];
        if (pdfr_is_ws(c)) {
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
bool pdfr_keyword_at(pdf_reader *r, size_t pos, const char *kw)
{
    size_t n = strlen(kw);
    return pos + n <= r->len && memcmp(r->p + pos, kw, n) == 0 &&
           (pos + n == r->len || !pdfr_is_regular(r->p[pos + n]));
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
long long pdfr_read_uint(pdf_reader *r, size_t *pos)
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


static pdf_value *parse_name(pdf_reader *r, size_t *pos)
{
    size_t q = *pos + 1;
    size_t start = q;
    while (q < r->len && pdfr_is_regular(r->p[q]))
        q++;
    pdf_value *v = pdfr_value_new(r, PV_NAME);
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
    pdf_value *v = pdfr_value_new(r, PV_STRING);
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
    pdf_value *v = pdfr_value_new(r, PV_STRING);
    v->s = arena_alloc(r->a, (end - q) / 2 + 2);
    size_t n = 0;
    int hi = -1;
    for (; q < end; q++) {
        int h = hexval(r->p[q]);
        if (h < 0) {
            if (pdfr_is_ws(r->p[q]))
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
    pdf_value *v = pdfr_value_new(r, PV_NUM);
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
        pdfr_skip_ws(r, &t);
        long long gen = pdfr_read_uint(r, &t);
        if (gen >= 0) {
            pdfr_skip_ws(r, &t);
            if (t < r->len && r->p[t] == 'R' && pdfr_keyword_at(r, t, "R")) {
                pdf_value *ref = pdfr_value_new(r, PV_REF);
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
    pdf_value *v = pdfr_value_new(r, PV_ARRAY);
    size_t cap = 0;
    for (;;) {
        pdfr_skip_ws(r, &q);
        if (q >= r->len) {
            pdf_fail(r, "an array runs past the end of the file");
            return NULL;
        }
        if (r->p[q] == ']') {
            *pos = q + 1;
            return v;
        }
        pdf_value *item = pdfr_parse_value(r, &q, depth + 1);
        if (!item)
            return NULL;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = item;
    }
}

static pdf_value *parse_dict(pdf_reader *r, size_t *pos, int depth)
{
    size_t q = *pos + 2;
    pdf_value *v = pdfr_value_new(r, PV_DICT);
    size_t cap = 0, kcap = 0, nk = 0;
    for (;;) {
        pdfr_skip_ws(r, &q);
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
        pdfr_skip_ws(r, &q);
        pdf_value *val = pdfr_parse_value(r, &q, depth + 1);
        if (!val)
            return NULL;
        *ARENA_PUSH(r->a, v->keys, nk, kcap) = key;
        *ARENA_PUSH(r->a, v->items, v->n, cap) = val;
    }
}

pdf_value *pdfr_parse_value(pdf_reader *r, size_t *pos, int depth)
{
    if (depth > MAX_DEPTH) {
        pdf_fail(r, "objects nested more than %d deep", MAX_DEPTH);
        return NULL;
    }
    pdfr_skip_ws(r, pos);
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
    if (pdfr_keyword_at(r, *pos, "true") || pdfr_keyword_at(r, *pos, "false")) {
        pdf_value *v = pdfr_value_new(r, PV_BOOL);
        v->ival = c == 't';
        *pos += c == 't' ? 4 : 5;
        return v;
    }
    if (pdfr_keyword_at(r, *pos, "null")) {
        *pos += 4;
        return pdfr_value_new(r, PV_NULL);
    }
    pdf_fail(r, "unexpected `%c` at byte %zu", c >= 0x20 && c < 0x7f ? c : '?', *pos);
    return NULL;
}

/* ---- objects ---- */

pdf_value *pdfr_dict_get(const pdf_value *d, const char *key)
{
    if (!d || d->kind != PV_DICT)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp((const char *)d->keys[i]->s, key) == 0)
            return d->items[i];
    return NULL;
}

/* The value, with references followed. */
pdf_value *pdf_resolve(pdf_reader *r, pdf_value *v)
{
    for (int i = 0; v && v->kind == PV_REF; i++) {
        if (i >= MAX_REF_CHAIN)
            return NULL;
        v = pdfr_get_object(r, v->ref_num);
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
    return pdf_resolve(r, pdfr_dict_get(dict_of(d), key));
}

bool pdf_name_is(pdf_value *v, const char *name)
{
    return v && v->kind == PV_NAME && strcmp((const char *)v->s, name) == 0;
}

/* Parses the object at a byte offset if it is `num G obj`. */
pdf_value *pdfr_parse_object_at(pdf_reader *r, long long num, size_t at)
{
    size_t q = at;
    if (pdfr_read_uint(r, &q) != num)
        return NULL;
    pdfr_skip_ws(r, &q);
    if (pdfr_read_uint(r, &q) < 0)
        return NULL;
    pdfr_skip_ws(r, &q);
    if (!pdfr_keyword_at(r, q, "obj"))
        return NULL;
    q += 3;
    pdf_value *v = pdfr_parse_value(r, &q, 0);
    if (!v)
        return NULL;
    pdfr_skip_ws(r, &q);
    if (v->kind == PV_DICT && pdfr_keyword_at(r, q, "stream")) {
        q += 6;
        if (q < r->len && r->p[q] == '\r')
            q++;
        if (q < r->len && r->p[q] == '\n')
            q++;
        pdf_value *s = pdfr_value_new(r, PV_STREAM);
        s->dict = v;
        s->data_at = q;
        s->data_found = true;
        return s;
    }
    return v;
}

/* Where the tables put it: at an offset, or in an object stream. */
static pdf_value *object_placed(pdf_reader *r, long long num)
{
    if (r->offset[num])
        return pdfr_parse_object_at(r, num, r->offset[num] - 1);
    if (r->in_stm[num])
        return pdfr_objstm_member(r, num);
    return NULL;
}

pdf_value *pdfr_get_object(pdf_reader *r, long long num)
{
    if (num < 0 || (size_t)num >= r->n_objs)
        return NULL;
    if (r->cache[num])
        return r->cache[num];
    if (r->busy[num])
        return NULL;
    r->busy[num] = 1;
    bool was_failed = r->failed;
    pdf_value *v = object_placed(r, num);
    if (!v && !r->scanned) {
        /* the table was wrong about this one: look for it */
        r->failed = was_failed;
        pdfr_scan_objects(r);
        v = object_placed(r, num);
    }
    if (!v && !r->stms_indexed && (size_t)num < r->n_objs) {
        r->failed = was_failed;
        pdfr_index_objstms(r);
        v = object_placed(r, num);
    }
    r->busy[num] = 0;
    if (!v)
        r->failed = was_failed; /* a missing object is null, not an error */
    r->cache[num] = v;
    return v;
}

pdf_value *pdf_catalog(pdf_reader *r)
{
    pdf_value *root = r->trailer ? pdf_get(r, r->trailer, "Root") : NULL;
    if (root && root->kind == PV_DICT)
        return root;
    /* a truncated file: any object that says it is the catalog */
    pdfr_scan_objects(r);
    pdfr_index_objstms(r);
    for (size_t i = r->n_objs; i-- > 0;) {
        if (!r->offset[i] && !r->in_stm[i])
            continue;
        pdf_value *v = pdfr_get_object(r, (long long)i);
        if (v && v->kind == PV_DICT && pdf_name_is(pdfr_dict_get(v, "Type"), "Catalog"))
            return v;
    }
    return NULL;
}

/* Room for object numbers below `n` (at most PDF_MAX_OBJECTS). */
bool pdfr_grow(pdf_reader *r, size_t n)
{
    if (n > PDF_MAX_OBJECTS)
        n = PDF_MAX_OBJECTS;
    if (n <= r->n_objs)
        return true;
    size_t *offset = realloc(r->offset, n * sizeof *offset);
    if (offset)
        r->offset = offset;
    size_t *in_stm = realloc(r->in_stm, n * sizeof *in_stm);
    if (in_stm)
        r->in_stm = in_stm;
    pdf_value **cache = realloc(r->cache, n * sizeof *cache);
    if (cache)
        r->cache = cache;
    pdf_value **stm_data = realloc(r->stm_data, n * sizeof *stm_data);
    if (stm_data)
        r->stm_data = stm_data;
    unsigned char *busy = realloc(r->busy, n);
    if (busy)
        r->busy = busy;
    if (!offset || !in_stm || !cache || !stm_data || !busy) {
        pdf_fail(r, "out of memory");
        return false;
    }
    size_t old = r->n_objs;
    memset(r->offset + old, 0, (n - old) * sizeof *offset);
    memset(r->in_stm + old, 0, (n - old) * sizeof *in_stm);
    memset(r->cache + old, 0, (n - old) * sizeof *cache);
    memset(r->stm_data + old, 0, (n - old) * sizeof *stm_data);
    memset(r->busy + old, 0, n - old);
    r->n_objs = n;
    return true;
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
    /* an object outside an object stream takes at least 8 bytes ("1 0 obj
     * "): no more numbers than that, until a cross-reference stream's
     * /Size or an object stream says more */
    if (!pdfr_grow(r, len / 8 + 16)) {
        snprintf(err, err_size, "out of memory");
        pdf_reader_close(r);
        return false;
    }
    if (!pdfr_read_xref(r)) {
        memset(r->offset, 0, r->n_objs * sizeof *r->offset);
        memset(r->in_stm, 0, r->n_objs * sizeof *r->in_stm);
        r->failed = false;
        pdfr_scan_objects(r);
        pdfr_find_trailer(r);
    }
    r->failed = false;
    return true;
}

void pdf_reader_close(pdf_reader *r)
{
    free(r->offset);
    free(r->in_stm);
    free(r->cache);
    free(r->stm_data);
    free(r->busy);
    r->offset = NULL;
    r->in_stm = NULL;
    r->cache = NULL;
    r->stm_data = NULL;
    r->busy = NULL;
}
