/* A stream's bytes (see pdf_read.h): its data by /Length, or up to
 * `endstream` when the length is wrong; FlateDecode inflated, with PNG
 * predictors undone. */
#include "pdf/pdf_read_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>


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
        pdfr_skip_ws(r, &q);
        if (pdfr_keyword_at(r, q, "endstream")) {
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

/* ---- PNG predictors (ISO 32000-1 7.4.4.4), as cross-reference and
 * object streams written by other tools use them ---- */

typedef struct predictor {
    int kind;               /* 0 none, 2 PNG (each row says its filter) */
    size_t bpp, row;        /* bytes per pixel (at least 1), per row */
} predictor;

static long long parm(pdf_reader *r, pdf_value *parms, const char *key, long long dflt)
{
    pdf_value *v = parms ? pdf_get(r, parms, key) : NULL;
    return v && v->kind == PV_NUM && v->integer ? v->ival : dflt;
}

static bool predictor_of(pdf_reader *r, pdf_value *parms, predictor *p)
{
    *p = (predictor){0};
    long long kind = parm(r, parms, "Predictor", 1);
    if (kind == 1)
        return true;
    if (kind < 10 || kind > 15) {
        pdf_fail(r, "a stream uses predictor %lld, which is not read here", kind);
        return false;
    }
    long long colors = parm(r, parms, "Colors", 1),
              bpc = parm(r, parms, "BitsPerComponent", 8),
              columns = parm(r, parms, "Columns", 1);
    if (colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 &&
                                      bpc != 16) ||
        columns < 1 || columns > (1 << 24)) {
        pdf_fail(r, "a stream's predictor parameters make no sense");
        return false;
    }
    size_t bits = (size_t)(colors * bpc);
    p->kind = 2;
    p->bpp = (bits + 7) / 8;
    p->row = ((size_t)columns * bits + 7) / 8;
    return true;
}

static unsigned char paeth(unsigned char a, unsigned char b, unsigned char c)
{
    int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the rows' filters in place: each row of 1 + row bytes becomes
 * its `row` bytes. */
static bool unpredict(pdf_reader *r, const predictor *p, unsigned char *buf,
                      size_t *len)
{
    size_t stride = p->row + 1, rows = *len / stride;
    if (*len % stride) {
        pdf_fail(r, "a stream's predicted rows are cut short");
        return false;
    }
    unsigned char *prev = NULL;
    for (size_t y = 0; y < rows; y++) {
        unsigned char filter = buf[y * stride];
        unsigned char *in = buf + y * stride + 1;
        unsigned char *out = buf + y * p->row; /* never ahead of in */
        for (size_t x = 0; x < p->row; x++) {
            unsigned char a = x >= p->bpp ? out[x - p->bpp] : 0;
            unsigned char b = prev ? prev[x] : 0;
            unsigned char c = prev && x >= p->bpp ? prev[x - p->bpp] : 0;
            unsigned char v = in[x];
            switch (filter) {
            case 0: break;
            case 1: v = (unsigned char)(v + a); break;
            case 2: v = (unsigned char)(v + b); break;
            case 3: v = (unsigned char)(v + (a + b) / 2); break;
            case 4: v = (unsigned char)(v + paeth(a, b, c)); break;
            default:
                pdf_fail(r, "a stream's predicted row has filter %u", filter);
                return false;
            }
            out[x] = v;
        }
        prev = out;
    }
    *len = rows * p->row;
    return true;
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
    predictor pred;
    if (!predictor_of(r, parms, &pred))
        return NULL;
    if (!flate && pred.kind) {
        pdf_fail(r, "a stream has a predictor but no filter");
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
    if (pred.kind == 2 && !unpredict(r, &pred, out, &n)) {
        free(out);
        return NULL;
    }
    *out_len = n;
    return out;
}
