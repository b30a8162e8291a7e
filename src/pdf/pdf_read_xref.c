/* Where a PDF's objects are (see pdf_read_internal.h): the
 * cross-reference sections from `startxref` back through /Prev, each a
 * classic table, a cross-reference stream (ISO 32000-1 7.5.8), or a table
 * with a stream beside it (/XRefStm); the object streams those place
 * objects in (7.5.7); and, for a damaged file, a scan for every `N G obj`
 * and the object streams among them. A newer section's entry wins. */
#include "pdf/pdf_read_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SECTIONS 64       /* /Prev chains */

/* Every `N G obj` in the file, the last of a number winning (as an
 * incremental update's does). */
void pdfr_scan_objects(pdf_reader *r)
{
    if (r->scanned)
        return;
    r->scanned = true;
    for (size_t i = 0; i + 5 < r->len; i++) {
        if (r->p[i] < '0' || r->p[i] > '9' || (i > 0 && !pdfr_is_ws(r->p[i - 1])))
            continue;
        size_t q = i;
        long long num = pdfr_read_uint(r, &q);
        if (num < 0 || q >= r->len || !pdfr_is_ws(r->p[q]))
            continue;
        pdfr_skip_ws(r, &q);
        if (pdfr_read_uint(r, &q) < 0)
            continue;
        pdfr_skip_ws(r, &q);
        if (!pdfr_keyword_at(r, q, "obj"))
            continue;
        if ((size_t)num < r->n_objs)
            r->offset[num] = i + 1; /* +1: 0 means unknown */
        i = q + 2;
    }
}

/* A classic table's subsections from q (just after `xref`) to `trailer`;
 * q is left after the keyword. */
static bool read_table(pdf_reader *r, size_t *pos)
{
    size_t q = *pos;
    for (;;) {
        pdfr_skip_ws(r, &q);
        if (pdfr_keyword_at(r, q, "trailer"))
            break;
        long long start = pdfr_read_uint(r, &q);
        pdfr_skip_ws(r, &q);
        long long count = pdfr_read_uint(r, &q);
        if (start < 0 || count < 0 || (size_t)count > r->len / 18 ||
            (size_t)start > r->n_objs)
            return false;
        for (long long k = 0; k < count; k++) {
            pdfr_skip_ws(r, &q);
            long long off = pdfr_read_uint(r, &q);
            pdfr_skip_ws(r, &q);
            long long gen = pdfr_read_uint(r, &q);
            pdfr_skip_ws(r, &q);
            if (off < 0 || gen < 0 || q >= r->len)
                return false;
            unsigned char type = r->p[q++];
            long long num = start + k;
            if (type == 'n' && (size_t)num < r->n_objs && (size_t)off < r->len &&
                !r->offset[num] && !r->in_stm[num])
                r->offset[num] = (size_t)off + 1;
            else if (type != 'n' && type != 'f')
                return false;
        }
    }
    *pos = q + 7;
    return true;
}

/* A non-negative integer entry of a dictionary (direct), or -1. */
static long long int_entry(const pdf_value *d, const char *key)
{
    const pdf_value *v = pdfr_dict_get(d, key);
    return v && v->kind == PV_NUM && v->integer && v->ival >= 0 ? v->ival : -1;
}

static unsigned long long field(const unsigned char *p, long long w)
{
    unsigned long long v = 0;
    for (long long i = 0; i < w; i++)
        v = v << 8 | p[i];
    return v;
}

/* The rows of a decoded cross-reference stream, by /W and /Index. */
static bool xref_rows(pdf_reader *r, const pdf_value *d,
                      const unsigned char *rows, size_t n_bytes)
{
    const pdf_value *wv = pdfr_dict_get(d, "W");
    if (!wv || wv->kind != PV_ARRAY || wv->n != 3)
        return false;
    long long w[3], row = 0;
    for (int i = 0; i < 3; i++) {
        const pdf_value *x = wv->items[i];
        if (!x || x->kind != PV_NUM || !x->integer || x->ival < 0 || x->ival > 8)
            return false;
        w[i] = x->ival;
        row += w[i];
    }
    long long size = int_entry(d, "Size");
    if (row == 0 || size < 0)
        return false;
    size_t n_rows = n_bytes / (size_t)row;
    /* no more numbers than rows, whatever /Size says */
    if (!pdfr_grow(r, (size_t)size < n_rows ? (size_t)size : n_rows))
        return false;
    const pdf_value *index = pdfr_dict_get(d, "Index");
    long long whole[2] = {0, size};
    size_t n_ranges = index && index->kind == PV_ARRAY ? index->n / 2 : 1;
    size_t at = 0;
    for (size_t k = 0; k < n_ranges; k++) {
        long long start = whole[0], count = whole[1];
        if (index && index->kind == PV_ARRAY) {
            const pdf_value *a = index->items[2 * k], *b = index->items[2 * k + 1];
            if (!a || !b || a->kind != PV_NUM || b->kind != PV_NUM || a->ival < 0 ||
                b->ival < 0)
                return false;
            start = a->ival;
            count = b->ival;
        }
        for (long long i = 0; i < count && at + (size_t)row <= n_bytes; i++) {
            const unsigned char *e = rows + at;
            at += (size_t)row;
            /* a missing type field means type 1 */
            unsigned long long type = w[0] ? field(e, w[0]) : 1;
            unsigned long long f2 = field(e + w[0], w[1]);
            long long num = start + i;
            if (num < 0 || (size_t)num >= r->n_objs || r->offset[num] ||
                r->in_stm[num])
                continue;
            if (type == 1 && f2 < r->len)
                r->offset[num] = (size_t)f2 + 1;
            else if (type == 2 && f2 < r->n_objs)
                r->in_stm[num] = (size_t)f2 + 1;
        }
    }
    return true;
}

/* The cross-reference stream at `at`: its entries, and its dictionary
 * (the trailer's keys) or NULL. */
static pdf_value *read_xref_stream(pdf_reader *r, size_t at)
{
    size_t q = at;
    long long num = pdfr_read_uint(r, &q);
    if (num < 0)
        return NULL;
    bool was_failed = r->failed;
    pdf_value *s = pdfr_parse_object_at(r, num, at);
    if (!s || s->kind != PV_STREAM || !pdf_name_is(pdfr_dict_get(s->dict, "Type"), "XRef")) {
        r->failed = was_failed;
        return NULL;
    }
    size_t n;
    unsigned char *rows = pdf_stream_decode(r, s, &n);
    bool ok = rows && xref_rows(r, s->dict, rows, n);
    free(rows);
    r->failed = was_failed;
    return ok ? s->dict : NULL;
}

static const unsigned char *find_startxref(pdf_reader *r, long long *at)
{
    size_t tail = r->len > 1024 ? r->len - 1024 : 0;
    for (size_t i = r->len; i-- > tail;)
        if (i + 9 <= r->len && memcmp(r->p + i, "startxref", 9) == 0) {
            size_t sx = i + 9;
            pdfr_skip_ws(r, &sx);
            *at = pdfr_read_uint(r, &sx);
            return r->p + i;
        }
    return NULL;
}

bool pdfr_read_xref(pdf_reader *r)
{
    long long at = -1;
    if (!find_startxref(r, &at))
        return false;
    pdf_value *first_trailer = NULL;
    for (int rounds = 0; at >= 0 && rounds < MAX_SECTIONS; rounds++) {
        size_t q = (size_t)at;
        pdf_value *t;
        if (q >= r->len)
            return false;
        if (pdfr_keyword_at(r, q, "xref")) {
            q += 4;
            if (!read_table(r, &q))
                return false;
            bool was_failed = r->failed;
            t = pdfr_parse_value(r, &q, 0);
            if (!t || t->kind != PV_DICT) {
                r->failed = was_failed;
                return false;
            }
            long long stm = int_entry(t, "XRefStm");
            if (stm >= 0 && (size_t)stm < r->len)
                read_xref_stream(r, (size_t)stm);
        } else if (!(t = read_xref_stream(r, q))) {
            return false;
        }
        if (!first_trailer)
            first_trailer = t;
        at = int_entry(t, "Prev");
    }
    r->trailer = first_trailer;
    return first_trailer != NULL;
}

/* Without a usable table: the last trailer in the file, else the last
 * cross-reference stream's dictionary that names the catalog. */
void pdfr_find_trailer(pdf_reader *r)
{
    int tries = 0;
    for (size_t i = r->len; i-- > 0 && tries < 100;) {
        if (r->p[i] != 't' || !pdfr_keyword_at(r, i, "trailer") ||
            (i > 0 && pdfr_is_regular(r->p[i - 1])))
            continue;
        size_t q = i + 7;
        bool was_failed = r->failed;
        pdf_value *t = pdfr_parse_value(r, &q, 0);
        r->failed = was_failed;
        tries++;
        if (t && t->kind == PV_DICT && pdfr_dict_get(t, "Root")) {
            r->trailer = t;
            return;
        }
    }
    for (size_t i = r->n_objs; i-- > 0;) {
        if (!r->offset[i])
            continue;
        pdf_value *v = pdfr_get_object(r, (long long)i);
        if (v && v->kind == PV_STREAM &&
            pdf_name_is(pdfr_dict_get(v->dict, "Type"), "XRef") &&
            pdfr_dict_get(v->dict, "Root")) {
            r->trailer = v->dict;
            return;
        }
    }
}

/* ---- object streams ---- */

/* The decoded bytes of object stream `sn` (kept for the next member), or
 * NULL. */
static pdf_value *objstm_bytes(pdf_reader *r, size_t sn)
{
    if (r->stm_data[sn])
        return r->stm_data[sn];
    pdf_value *s = pdfr_get_object(r, (long long)sn);
    if (!s || s->kind != PV_STREAM ||
        !pdf_name_is(pdfr_dict_get(s->dict, "Type"), "ObjStm"))
        return NULL;
    size_t n;
    unsigned char *bytes = pdf_stream_decode(r, s, &n);
    if (!bytes)
        return NULL;
    pdf_value *v = pdfr_value_new(r, PV_STRING);
    v->s = arena_alloc(r->a, n + 1);
    memcpy(v->s, bytes, n);
    v->s[n] = 0;
    v->len = n;
    free(bytes);
    r->stm_data[sn] = v;
    return v;
}

/* Reads the object stream's header, `N off` pairs, from its bytes (the
 * reader looking at them); calls back for each. */
typedef bool (*member_fn)(pdf_reader *r, long long num, size_t off, void *ctx);

static void objstm_members(pdf_reader *r, size_t sn, member_fn fn, void *ctx)
{
    pdf_value *s = pdfr_get_object(r, (long long)sn);
    pdf_value *data = objstm_bytes(r, sn);
    if (!data)
        return;
    long long count = int_entry(s->dict, "N"), first = int_entry(s->dict, "First");
    if (count < 0 || first < 0 || (size_t)first > data->len)
        return;
    const unsigned char *p = r->p;
    size_t len = r->len;
    r->p = data->s;
    r->len = data->len;
    size_t q = 0;
    for (long long k = 0; k < count; k++) {
        pdfr_skip_ws(r, &q);
        long long num = pdfr_read_uint(r, &q);
        pdfr_skip_ws(r, &q);
        long long off = pdfr_read_uint(r, &q);
        if (num < 0 || off < 0 || (size_t)off > data->len - (size_t)first ||
            !fn(r, num, (size_t)first + (size_t)off, ctx))
            break;
    }
    r->p = p;
    r->len = len;
}

typedef struct member_find {
    long long num;
    pdf_value *found;
} member_find;

static bool parse_member(pdf_reader *r, long long num, size_t at, void *ctx)
{
    member_find *m = ctx;
    if (num != m->num)
        return true;
    size_t q = at;
    m->found = pdfr_parse_value(r, &q, 0);
    return false;
}

pdf_value *pdfr_objstm_member(pdf_reader *r, long long num)
{
    size_t sn = r->in_stm[num] - 1;
    if (sn >= r->n_objs || r->in_stm[sn] || r->busy[sn])
        return NULL; /* an object stream is never inside one */
    member_find m = {num, NULL};
    objstm_members(r, sn, parse_member, &m);
    /* a stream's data is never in an object stream */
    return m.found && m.found->kind != PV_STREAM ? m.found : NULL;
}

static bool index_member(pdf_reader *r, long long num, size_t at, void *ctx)
{
    (void)at;
    size_t sn = *(size_t *)ctx;
    if ((size_t)num >= r->n_objs && !pdfr_grow(r, (size_t)num + 1))
        return false;
    if ((size_t)num < r->n_objs && !r->offset[num] && !r->in_stm[num])
        r->in_stm[num] = sn + 1;
    return true;
}

void pdfr_index_objstms(pdf_reader *r)
{
    if (r->stms_indexed)
        return;
    r->stms_indexed = true;
    bool was_failed = r->failed;
    for (size_t sn = 0; sn < r->n_objs; sn++) {
        if (!r->offset[sn])
            continue;
        pdf_value *s = pdfr_get_object(r, (long long)sn);
        if (s && s->kind == PV_STREAM &&
            pdf_name_is(pdfr_dict_get(s->dict, "Type"), "ObjStm"))
            objstm_members(r, sn, index_member, &sn);
    }
    r->failed = was_failed;
}
