/* font_pdf: the faces a document draws with, embedded in its PDF as
 * subset Type0/CIDFontType2 fonts (Identity-H, CIDToGIDMap /Identity), a
 * HarfBuzz subset as FontFile2 and a ToUnicode CMap made from the text each
 * glyph was shaped from. Private to src/pdf/ (render.c). */
#ifndef BRIEFPACK_FONT_PDF_H
#define BRIEFPACK_FONT_PDF_H

#include <hpdf.h>

#include "base/arena.h"
#include "pdf/pdf_buf.h"
#include "pdf/pdf_stream.h"
#include "typeset/font.h"

/* The fonts of one PDF document. Glyphs are recorded as they are drawn; the
 * subset is built and written at font_pdf_finish, before the document is
 * saved. */
typedef struct font_pdf font_pdf;
font_pdf *font_pdf_new(HPDF_Doc doc, deflater *z, arena *a);
/* Makes sure the face is in this page's /Resources /Font dictionary and
 * returns the resource name to use with Tf (e.g. "F1"). NULL on a libharu
 * error. */
const char *font_pdf_use(font_pdf *fp, font_face *f, HPDF_Page page);
/* Records that these glyphs, shaped from `utf8` (clusters index it), are
 * drawn, so they are kept in the subset and mapped in ToUnicode. */
void font_pdf_mark(font_pdf *fp, font_face *f, const font_glyph *g, size_t n,
                   const char *utf8, size_t len);
/* Draws the glyphs as filled outlines, not text (a draft's watermark:
 * seen, but not text a reader copies or searches): glyph i's pen at
 * xs[i] - xs[0] from the origin, at `size`, in the current matrix and fill
 * colour. False when HarfBuzz cannot draw (out of memory). */
bool font_pdf_outline(pdf_buf *out, const font_face *f, const font_glyph *g,
                      const float *xs, size_t n, double size);
/* Subsets each used face and writes FontFile2, widths and ToUnicode.
 * Returns false with a reason in err on failure. */
bool font_pdf_finish(font_pdf *fp, char *err, size_t err_size);
/* Embedded font bytes written (after finish), for the benchmark. */
size_t font_pdf_bytes(const font_pdf *fp);

#endif
