/* libharu's stream dictionaries, reached into (see pdf_stream.h). */
#include "pdf/pdf_stream.h"

#if HPDF_VERSION_ID != 20300
#error "pdf_stream.c reads and writes libharu 2.3.0's records (HPDF_Dict_Rec, HPDF_Doc_Rec); check them against this version before building"
#endif

#include "base/oom.h"

#include <stdlib.h>
#include <string.h>

HPDF_Dict pdf_dict_new_indirect(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;
    return d;
}

size_t pdf_obj_num(const void *obj)
{
    HPDF_UINT32 id;
    memcpy(&id, (const char *)obj + offsetof(HPDF_Obj_Header, obj_id), sizeof id);
    return id & 0x00FFFFFF;
}

size_t pdf_next_obj_num(HPDF_Doc pdf)
{
    HPDF_Xref xref = pdf->xref;
    HPDF_UINT32 start;
    HPDF_List entries;
    HPDF_UINT count;
    memcpy(&start, (const char *)xref + offsetof(HPDF_Xref_Rec, start_offset), sizeof start);
    memcpy(&entries, (const char *)xref + offsetof(HPDF_Xref_Rec, entries), sizeof entries);
    memcpy(&count, (const char *)entries + offsetof(HPDF_List_Rec, count), sizeof count);
    return (size_t)start + count;
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

bool pdf_stream_fill_deflated(HPDF_Dict d, deflater *z, const void *data,
                              size_t len)
{
    unsigned char *packed;
    size_t packed_len;
    if (!deflater_zlib(z, data, len, &packed, &packed_len))
        return false;
    bool ok = HPDF_Stream_Write(pdf_stream_of(d), packed,
                                (HPDF_UINT)packed_len) == HPDF_OK;
    free(packed);
    if (ok)
        pdf_stream_mark_deflated(d);
    return ok;
}

HPDF_Dict pdf_stream_new_deflated(HPDF_Doc pdf, deflater *z, const void *data,
                                  size_t len)
{
    HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    return d && pdf_stream_fill_deflated(d, z, data, len) ? d : NULL;
}
