/* libharu's output packed into object streams (see objstm.h). The input is
 * what libharu 2.3.0 writes and nothing else: `N 0 obj` … `endobj` one
 * after another, a classic table (`xref`, `0 N`, 20-byte entries), a
 * trailer with /Root, /Info and /ID. Each object's bytes run from its
 * offset to the next object's (or the table), so no stream's data is ever
 * scanned for keywords. */
#include "pdf/objstm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/oom.h"
#include "pdf/pdf_buf.h"

/* Objects per object stream: enough to compress well, few enough that a
 * reader decodes little to reach one. */
#define OBJSTM_MAX 200

/* A number written with snprintf's format, for the few that are not
 * plain decimal. */
static void putf(pdf_buf *b, const char *fmt, unsigned long long v)
{
    char tmp[128];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    pdf_buf_put(b, tmp, (size_t)n);
}

typedef struct pdf_object {
    size_t off, end;        /* its bytes in the input */
    size_t body, body_end;  /* the value, or the dictionary of a stream */
    bool used, stream;
    bool length_only;       /* an integer only a stream's /Length names */
    unsigned long long length; /* its value, then */
    /* where it goes: its offset in the output (streams, object streams),
     * or its object stream and index */
    size_t out_off;
    unsigned stm, index;
} pdf_object;

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
           c == 0;
}

static size_t parse_num(const unsigned char *p, size_t n, size_t *i)
{
    size_t v = 0;
    while (*i < n && p[*i] >= '0' && p[*i] <= '9')
        v = v * 10 + (size_t)(p[(*i)++] - '0');
    return v;
}

/* The end of the dictionary that starts at p[i] (`<<`), strings and
 * nested dictionaries skipped; 0 when it does not end. */
static size_t dict_end(const unsigned char *p, size_t n, size_t i)
{
    int depth = 0;
    while (i + 1 < n) {
        unsigned char c = p[i];
        if (c == '(') {
            int paren = 1;
            for (i++; i < n && paren; i++) {
                if (p[i] == '\\')
                    i++;
                else if (p[i] == '(')
                    paren++;
                else if (p[i] == ')')
                    paren--;
            }
        } else if (c == '<' && p[i + 1] == '<') {
            depth++;
            i += 2;
        } else if (c == '>' && p[i + 1] == '>') {
            i += 2;
            if (--depth == 0)
                return i;
        } else if (c == '<') {
            while (i < n && p[i] != '>')
                i++;
            i++;
        } else {
            i++;
        }
    }
    return 0;
}

/* The object's value (or a stream's dictionary) inside its bytes. */
static bool object_parse(const unsigned char *p, pdf_object *o)
{
    size_t i = o->off;
    while (i < o->end && p[i] != '\n')
        i++; /* "N 0 obj" */
    if (i >= o->end)
        return false;
    i++;
    o->body = i;
    if (i + 1 < o->end && p[i] == '<' && p[i + 1] == '<') {
        size_t e = dict_end(p, o->end, i);
        if (!e)
            return false;
        size_t k = e;
        while (k < o->end && is_ws(p[k]))
            k++;
        if (k + 6 <= o->end && memcmp(p + k, "stream", 6) == 0) {
            o->stream = true;
            o->body_end = e;
            return true;
        }
    }
    /* a value: up to `endobj` */
    size_t e = o->end;
    while (e > o->body && memcmp(p + e - 6, "endobj", 6) != 0)
        e--;
    if (e - o->body < 6)
        return false;
    e -= 6;
    while (e > o->body && is_ws(p[e - 1]))
        e--;
    o->body_end = e;
    return true;
}

/* A stream's dictionary with `/Length N 0 R` written as the number. */
static void put_stream_dict(pdf_buf *b, const unsigned char *p, const pdf_object *o,
                            const pdf_object *objs, size_t n_objs)
{
    static const char key[] = "/Length ";
    size_t i = o->body, e = o->body_end;
    for (size_t k = i; k + sizeof key - 1 < e; k++) {
        if (memcmp(p + k, key, sizeof key - 1) != 0)
            continue;
        size_t j = k + sizeof key - 1;
        size_t num = parse_num(p, e, &j);
        if (j + 4 <= e && memcmp(p + j, " 0 R", 4) == 0 && num < n_objs &&
            objs[num].length_only) {
            pdf_buf_put(b, p + i, k + sizeof key - 1 - i);
            pdf_buf_num(b, objs[num].length);
            i = j + 4;
        }
        break;
    }
    pdf_buf_put(b, p + i, e - i);
}

/* Marks the integer objects that streams name as their /Length. */
static void find_lengths(const unsigned char *p, pdf_object *objs, size_t n)
{
    static const char key[] = "/Length ";
    for (size_t s = 1; s < n; s++) {
        pdf_object *o = &objs[s];
        if (!o->used || !o->stream)
            continue;
        for (size_t k = o->body; k + sizeof key - 1 < o->body_end; k++) {
            if (memcmp(p + k, key, sizeof key - 1) != 0)
                continue;
            size_t j = k + sizeof key - 1;
            size_t num = parse_num(p, o->body_end, &j);
            if (j + 4 > o->body_end || memcmp(p + j, " 0 R", 4) != 0 ||
                num == 0 || num >= n || !objs[num].used || objs[num].stream)
                break;
            pdf_object *len = &objs[num];
            size_t v = len->body;
            unsigned long long value = parse_num(p, len->body_end, &v);
            if (v == len->body_end && v > len->body) {
                len->length_only = true;
                len->length = value;
            }
            break;
        }
    }
}

/* The classic table and the trailer: objects' offsets, and the trailer's
 * dictionary (its bytes from `<<` to `>>`). */
static pdf_object *read_table(const unsigned char *p, size_t len, size_t *n_objs,
                              size_t *tr, size_t *tr_end, size_t *table)
{
    size_t sx = len;
    while (sx > 9 && memcmp(p + sx - 9, "startxref", 9) != 0)
        sx--;
    if (sx <= 9)
        return NULL;
    size_t i = sx;
    while (i < len && is_ws(p[i]))
        i++;
    size_t x = parse_num(p, len, &i);
    if (x + 5 > len || memcmp(p + x, "xref\n", 5) != 0)
        return NULL;
    i = x + 5;
    if (parse_num(p, len, &i) != 0 || i >= len || p[i] != ' ')
        return NULL;
    i++;
    size_t n = parse_num(p, len, &i);
    while (i < len && is_ws(p[i]))
        i++;
    if (n < 2 || n > 8388607 || i + 20 * n > len)
        return NULL;
    pdf_object *objs = calloc(n, sizeof *objs);
    if (!objs) {
        oom_note();
        return NULL;
    }
    for (size_t k = 0; k < n; k++, i += 20) {
        size_t j = i;
        objs[k].off = parse_num(p, len, &j);
        objs[k].used = p[i + 17] == 'n' && k > 0;
        if (objs[k].used && objs[k].off >= x) {
            free(objs);
            return NULL;
        }
    }
    if (i + 8 > len || memcmp(p + i, "trailer\n", 8) != 0) {
        free(objs);
        return NULL;
    }
    *tr = i + 8;
    *tr_end = dict_end(p, len, *tr);
    *table = x;
    *n_objs = n;
    if (!*tr_end) {
        free(objs);
        return NULL;
    }
    return objs;
}

static int cmp_off(const void *a, const void *b)
{
    const pdf_object *const *x = a, *const *y = b;
    return (*x)->off < (*y)->off ? -1 : (*x)->off > (*y)->off;
}

/* Each object's end: the next object's offset, or the table. */
static bool object_extents(const unsigned char *p, pdf_object *objs, size_t n,
                           size_t table)
{
    pdf_object **order = malloc(n * sizeof *order);
    if (!order) {
        oom_note();
        return false;
    }
    size_t m = 0;
    for (size_t k = 1; k < n; k++)
        if (objs[k].used)
            order[m++] = &objs[k];
    qsort(order, m, sizeof *order, cmp_off);
    bool ok = true;
    for (size_t k = 0; k < m && ok; k++) {
        order[k]->end = k + 1 < m ? order[k + 1]->off : table;
        ok = object_parse(p, order[k]);
    }
    free(order);
    return ok;
}

/* A trailer entry's value as written ("1 0 R", "[<…> <…>]"). */
static void put_trailer_key(pdf_buf *b, const unsigned char *p, size_t tr,
                            size_t tr_end, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = tr; i + kl < tr_end; i++) {
        if (memcmp(p + i, key, kl) != 0 || !is_ws(p[i + kl]))
            continue;
        size_t e = i + kl;
        while (e < tr_end && p[e] != '\n')
            e++;
        pdf_buf_put(b, p + i, e - i);
        pdf_buf_put(b, "\n", 1);
        return;
    }
}

/* The object streams: every object that is no stream (and not a length
 * written into its stream now), OBJSTM_MAX a stream. */
static bool write_objstms(pdf_buf *b, const unsigned char *p, pdf_object *objs,
                          size_t n, const pdf_raw_object *raw, size_t n_raw,
                          deflater *z, size_t first_num, size_t **stm_off,
                          size_t *n_stms)
{
    size_t cap = 0;
    *stm_off = NULL;
    *n_stms = 0;
    size_t k = 1, r = 0;
    while (k < n) {
        pdf_buf head = {0}, body = {0};
        size_t count = 0;
        for (; k < n && count < OBJSTM_MAX; k++) {
            pdf_object *o = &objs[k];
            if (!o->used || o->stream || o->length_only)
                continue;
            pdf_buf_num(&head, k);
            pdf_buf_put(&head, " ", 1);
            pdf_buf_num(&head, body.n);
            pdf_buf_put(&head, " ", 1);
            while (r < n_raw && raw[r].num < k)
                r++;
            if (r < n_raw && raw[r].num == k)
                pdf_buf_put(&body, raw[r].p, raw[r].n);
            else
                pdf_buf_put(&body, p + o->body, o->body_end - o->body);
            pdf_buf_put(&body, "\n", 1);
            o->stm = (unsigned)(first_num + *n_stms);
            o->index = (unsigned)count++;
        }
        if (!count) {
            free(head.p);
            free(body.p);
            break;
        }
        pdf_buf_put(&head, "\n", 1);
        size_t first = head.n;
        pdf_buf_put(&head, body.p, body.n);
        free(body.p);
        unsigned char *packed = NULL;
        size_t packed_len = 0;
        if (head.failed || !deflater_zlib(z, head.p, head.n, &packed, &packed_len)) {
            free(head.p);
            return false;
        }
        free(head.p);
        size_t *more = realloc(*stm_off, (cap = *n_stms + 1) * sizeof *more);
        if (!more) {
            oom_note();
            free(packed);
            return false;
        }
        *stm_off = more;
        (*stm_off)[(*n_stms)++] = b->n;
        putf(b, "%llu 0 obj\n", first_num + *n_stms - 1);
        putf(b, "<<\n/Type /ObjStm\n/N %llu\n", count);
        putf(b, "/First %llu\n", first);
        putf(b, "/Filter /FlateDecode\n/Length %llu\n>>\nstream\r\n", packed_len);
        pdf_buf_put(b, packed, packed_len);
        pdf_buf_str(b, "\r\nendstream\nendobj\n");
        free(packed);
    }
    return !b->failed;
}

static void put_be(pdf_buf *b, unsigned long long v, int width)
{
    unsigned char tmp[8];
    for (int i = 0; i < width; i++)
        tmp[i] = (unsigned char)(v >> (8 * (width - 1 - i)));
    pdf_buf_put(b, tmp, (size_t)width);
}

/* The cross-reference stream: a row per object, [type, field 2, field 3]
 * (0 free, 1 at an offset, 2 in an object stream at an index). */
static bool write_xref(pdf_buf *b, const unsigned char *p, const pdf_object *objs,
                       size_t n, const size_t *stm_off, size_t n_stms,
                       size_t tr, size_t tr_end, deflater *z)
{
    size_t self = n + n_stms, size = self + 1;
    size_t self_off = b->n;
    int w = self_off > 0xFFFFFF ? 4 : 3;
    pdf_buf rows = {0};
    for (size_t k = 0; k < size; k++) {
        if (k == 0) {
            put_be(&rows, 0, 1), put_be(&rows, 0, w), put_be(&rows, 65535, 2);
        } else if (k < n && objs[k].used && !objs[k].length_only && !objs[k].stream) {
            put_be(&rows, 2, 1), put_be(&rows, objs[k].stm, w),
                put_be(&rows, objs[k].index, 2);
        } else if (k < n && objs[k].used && objs[k].stream) {
            put_be(&rows, 1, 1), put_be(&rows, objs[k].out_off, w),
                put_be(&rows, 0, 2);
        } else if (k >= n && k < self) {
            put_be(&rows, 1, 1), put_be(&rows, stm_off[k - n], w),
                put_be(&rows, 0, 2);
        } else if (k == self) {
            put_be(&rows, 1, 1), put_be(&rows, self_off, w), put_be(&rows, 0, 2);
        } else {
            put_be(&rows, 0, 1), put_be(&rows, 0, w), put_be(&rows, 0, 2);
        }
    }
    unsigned char *packed = NULL;
    size_t packed_len = 0;
    if (rows.failed || !deflater_zlib(z, rows.p, rows.n, &packed, &packed_len)) {
        free(rows.p);
        return false;
    }
    free(rows.p);
    putf(b, "%llu 0 obj\n<<\n/Type /XRef\n", self);
    putf(b, "/Size %llu\n", size);
    putf(b, "/W [1 %llu 2]\n", (unsigned long long)w);
    put_trailer_key(b, p, tr, tr_end, "/Root");
    put_trailer_key(b, p, tr, tr_end, "/Info");
    put_trailer_key(b, p, tr, tr_end, "/ID");
    putf(b, "/Filter /FlateDecode\n/Length %llu\n>>\nstream\r\n", packed_len);
    pdf_buf_put(b, packed, packed_len);
    pdf_buf_str(b, "\r\nendstream\nendobj\n");
    free(packed);
    putf(b, "startxref\n%llu\n%%%%EOF\n", self_off);
    return !b->failed;
}

bool pdf_pack(const unsigned char *in, size_t len, const pdf_raw_object *raw,
              size_t n_raw, deflater *z, unsigned char **out, size_t *out_len)
{
    size_t n, tr, tr_end, table;
    pdf_object *objs = read_table(in, len, &n, &tr, &tr_end, &table);
    if (!objs)
        return false;
    bool ok = object_extents(in, objs, n, table);
    /* raw objects in libharu's table take an object's place; the others
     * come after its last, without a gap */
    size_t total = n;
    for (size_t r = 0; ok && r < n_raw; r++) {
        ok = raw[r].num > 0 && (r == 0 || raw[r - 1].num < raw[r].num);
        if (ok && raw[r].num < n)
            ok = objs[raw[r].num].used && !objs[raw[r].num].stream;
        else if (ok)
            ok = raw[r].num == total++;
    }
    if (ok && total > n) {
        pdf_object *more = realloc(objs, total * sizeof *objs);
        if (!more) {
            oom_note();
            ok = false;
        } else {
            objs = more;
            memset(objs + n, 0, (total - n) * sizeof *objs);
            for (size_t k = n; k < total; k++)
                objs[k].used = true;
        }
    }
    pdf_buf b = {0};
    size_t *stm_off = NULL, n_stms = 0;
    if (ok) {
        find_lengths(in, objs, n);
        /* the header as libharu wrote it (%PDF-1.7 and the binary line) */
        size_t first = table;
        for (size_t k = 1; k < n; k++)
            if (objs[k].used && objs[k].off < first)
                first = objs[k].off;
        pdf_buf_put(&b, in, first);
        /* the object streams first, so that a file cut short keeps its
         * catalog and dictionaries (pdf_read.h finds them by a scan) */
        ok = write_objstms(&b, in, objs, total, raw, n_raw, z, total, &stm_off, &n_stms);
        /* streams as they are, their lengths written directly */
        for (size_t k = 1; ok && k < n; k++) {
            pdf_object *o = &objs[k];
            if (!o->used || !o->stream)
                continue;
            o->out_off = b.n;
            pdf_buf_put(&b, in + o->off, o->body - o->off);
            put_stream_dict(&b, in, o, objs, n);
            pdf_buf_put(&b, in + o->body_end, o->end - o->body_end);
        }
        ok = ok && write_xref(&b, in, objs, total, stm_off, n_stms, tr, tr_end, z);
    }
    free(stm_off);
    free(objs);
    if (!ok || b.failed) {
        free(b.p);
        return false;
    }
    *out = b.p;
    *out_len = b.n;
    return true;
}
