/* pdf_stream: PDF streams compressed by briefpack (pdf/deflate.h), not by
 * libharu, and the helpers that reach into libharu's stream dictionaries
 * for it: a stream already compressed must be written with
 * `/Filter /FlateDecode` and left alone, which libharu has no function
 * for. Private to src/pdf/. Its record fields are
 * read and written with memcpy: libharu's memory pool aligns blocks to 4
 * bytes only, and a misaligned member access is undefined behaviour. */
#ifndef BRIEFPACK_PDF_STREAM_H
#define BRIEFPACK_PDF_STREAM_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "pdf/deflate.h"

/* A new dictionary that is an object of its own (written as `N 0 obj`,
 * referred to as `N 0 R`): libharu has no function for one. */
HPDF_Dict pdf_dict_new_indirect(HPDF_Doc pdf);

/* The object number of an object libharu's table holds (a page, an
 * annotation, a dictionary from pdf_dict_new_indirect). */
size_t pdf_obj_num(const void *obj);
/* The number the next object added to libharu's table would get: its
 * table's first number plus its entries. */
size_t pdf_next_obj_num(HPDF_Doc pdf);

/* libharu's stream of a stream dictionary, and its filter field. */
HPDF_Stream pdf_stream_of(HPDF_Dict stream_dict);
void pdf_stream_set_filter(HPDF_Dict stream_dict, unsigned filter);

/* Marks a stream dictionary as holding Flate data already: libharu writes
 * it as it is, with `/Filter /FlateDecode`. */
void pdf_stream_mark_deflated(HPDF_Dict stream_dict);

/* A new indirect stream holding `data` compressed with `z`. */
HPDF_Dict pdf_stream_new_deflated(HPDF_Doc pdf, deflater *z, const void *data,
                                  size_t len);

/* An empty stream dictionary (a page's contents) filled with `data`
 * compressed with `z`. */
bool pdf_stream_fill_deflated(HPDF_Dict stream_dict, deflater *z,
                              const void *data, size_t len);

#endif
