#include "pdf_stream.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

struct deflater {
    struct libdeflate_compressor *c;
};

deflater *deflater_new(int level)
{
    deflater *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    z->c = libdeflate_alloc_compressor(level);
    if (!z->c) {
        free(z);
        return NULL;
    }
    return z;
}

void deflater_free(deflater *z)
{
    if (!z)
        return;
    libdeflate_free_compressor(z->c);
    free(z);
}

bool deflater_zlib(deflater *z, const void *in, size_t len,
                   unsigned char **out, size_t *out_len)
{
    size_t cap = libdeflate_zlib_compress_bound(z->c, len);
    unsigned char *buf = malloc(cap ? cap : 1);
    if (!buf)
        return false;
    size_t n = libdeflate_zlib_compress(z->c, in, len, buf, cap);
    if (n == 0) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = n;
    return true;
}

HPDF_Dict pdf_dict_new_indirect(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;
    return d;
}

HPDF_Stream pdf_stream_of(HPDF_Dict d)
{
    HPDF_Stream st;
    memcpy(&st, (const char *)d + offsetof(HPDF_Dict_Rec, stream), sizeof st);
    return st;
}

void pdf_stream_set_filter(HPDF_Dict d, unsigned filter)
{
    HPDF_UINT f = filter;
    memcpy((char *)d + offsetof(HPDF_Dict_Rec, filter), &f, sizeof f);
}

/* Called by libharu while it writes the dictionary's keys: with the filter
 * field at none, HPDF_Dict_Write removes any /Filter key added by hand,
 * so the key is written here instead. */
static HPDF_STATUS write_flate_key(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

void pdf_stream_mark_deflated(HPDF_Dict d)
{
    pdf_stream_set_filter(d, HPDF_STREAM_FILTER_NONE);
    HPDF_Dict_OnWriteFunc fn = write_flate_key;
    memcpy((char *)d + offsetof(HPDF_Dict_Rec, write_fn), &fn, sizeof fn);
}

HPDF_Dict pdf_stream_new_deflated(HPDF_Doc pdf, deflater *z, const void *data,
                                  size_t len)
{
    unsigned char *packed;
    size_t packed_len;
    if (!deflater_zlib(z, data, len, &packed, &packed_len))
        return NULL;
    HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    bool ok = d && HPDF_Stream_Write(pdf_stream_of(d), packed,
                                     (HPDF_UINT)packed_len) == HPDF_OK;
    free(packed);
    if (!ok)
        return NULL;
    pdf_stream_mark_deflated(d);
    return d;
}

bool pdf_stream_deflate(HPDF_Dict d, deflater *z)
{
    HPDF_Stream st = pdf_stream_of(d);
    HPDF_UINT32 size = HPDF_Stream_Size(st);
    unsigned char *plain = malloc(size ? size : 1);
    if (!plain)
        return false;
    HPDF_UINT got = size;
    if (HPDF_Stream_Seek(st, 0, HPDF_SEEK_SET) != HPDF_OK ||
        (size && HPDF_Stream_Read(st, plain, &got) != HPDF_OK) ||
        got != size) {
        free(plain);
        return false;
    }
    unsigned char *packed;
    size_t packed_len;
    bool ok = deflater_zlib(z, plain, size, &packed, &packed_len);
    free(plain);
    if (!ok)
        return false;
    HPDF_MemStream_FreeData(st);
    ok = HPDF_Stream_Write(st, packed, (HPDF_UINT)packed_len) == HPDF_OK;
    free(packed);
    if (ok)
        pdf_stream_mark_deflated(d);
    return ok;
}
