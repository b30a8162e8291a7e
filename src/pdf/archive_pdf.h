/* archive_pdf: the archival parts of the PDF itself. libharu 2.3.0 has no
 * function for any of this (its PDF/A and attachment functions write the
 * wrong things: see docs/archiving.md), so the objects are built with its
 * object API. Private to src/pdf/. */
#ifndef BRIEFPACK_ARCHIVE_PDF_H
#define BRIEFPACK_ARCHIVE_PDF_H

#include <hpdf.h>

#include "base/arena.h"
#include "pdf/archive.h"

/* Just before the document is saved (so that the blocks allocated for the
 * pages and fonts stay where they were): PDF 1.7 and a placeholder /ID,
 * which archive_finish_id fills in once the bytes are known. */
bool archive_prepare(HPDF_Doc pdf);

/* PDF/A-3 parts: the output intent with the ICC profile (`icc`, an RGB
 * profile) and the embedded sources. `date` dates the embedded files. */
bool archive_write(HPDF_Doc pdf, const archive_sources *s,
                   const unsigned char *icc, size_t icc_len,
                   const archive_date *date, arena *a, char *err,
                   size_t err_size);

/* Replaces the placeholder /ID in a saved PDF by MD5(seed, the PDF's bytes
 * with the placeholder): the same bytes always get the same ID. False when
 * the placeholder is not found. */
bool archive_finish_id(unsigned char *pdf, size_t len,
                       const unsigned char seed[16]);

#endif
