/* pdf_stream: PDF streams compressed by briefpack, not by libharu.
 *
 * libharu 2.3.0 compresses every stream with zlib at its default level
 * while saving; in a batch that was a third of all the work. libdeflate
 * (Debian's libdeflate) writes the same zlib format two to three times as
 * fast and a little smaller, from a whole buffer at once, which is what
 * page contents, font files and images are. A deflater belongs to one
 * worker (its compressor is not shared between threads).
 *
 * The helpers here also reach into libharu's stream dictionaries: a
 * stream already compressed must be written with `/Filter /FlateDecode`
 * and left alone, which libharu has no function for. Its record fields are
 * read and written with memcpy: libharu's memory pool aligns blocks to 4
 * bytes only, and a misaligned member access is undefined behaviour. */
#ifndef BRIEFPACK_PDF_STREAM_H
#define BRIEFPACK_PDF_STREAM_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct deflater deflater;

/* `level` as libdeflate counts (1–12); 6 is zlib's default ratio. */
deflater *deflater_new(int level);
void deflater_free(deflater *z);
/* `in` compressed into zlib format, in malloc'd memory (free it). */
bool deflater_zlib(deflater *z, const void *in, size_t len,
                   unsigned char **out, size_t *out_len);

/* A new dictionary that is an object of its own (written as `N 0 obj`,
 * referred to as `N 0 R`): libharu has no function for one. */
HPDF_Dict pdf_dict_new_indirect(HPDF_Doc pdf);

/* libharu's stream of a stream dictionary, and its filter field. */
HPDF_Stream pdf_stream_of(HPDF_Dict stream_dict);
void pdf_stream_set_filter(HPDF_Dict stream_dict, unsigned filter);

/* Marks a stream dictionary as holding Flate data already: libharu writes
 * it as it is, with `/Filter /FlateDecode`. */
void pdf_stream_mark_deflated(HPDF_Dict stream_dict);

/* A new indirect stream holding `data` compressed with `z`. */
HPDF_Dict pdf_stream_new_deflated(HPDF_Doc pdf, deflater *z, const void *data,
                                  size_t len);

/* Compresses what has been written into a stream dictionary (a page's
 * contents) with `z`, in place. */
bool pdf_stream_deflate(HPDF_Dict stream_dict, deflater *z);

#endif
