/* pdf_text: PDF text strings (ISO 32000-1 7.9.2.2) made by briefpack: a
 * literal when the text is printable ASCII, else UTF-16BE with a byte
 * order mark, as libharu's "UTF-8" encoder would write it, without
 * building that encoder (a table libharu fills for every document: about
 * 1.4 million instructions, a twentieth of a briefing's build). Private to
 * src/pdf/. */
#ifndef BRIEFPACK_PDF_TEXT_H
#define BRIEFPACK_PDF_TEXT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* The bytes of a text string as written (the attachments' name tree is
 * sorted by them). */
typedef struct pdf_text {
    unsigned char *p;
    size_t n;
    bool ascii;
} pdf_text;

/* `s` (UTF-8; invalid sequences become U+FFFD) as a text string's bytes,
 * in `a`. */
pdf_text pdf_text_of(arena *a, const char *s);
/* A string object of those bytes, in libharu's memory. */
HPDF_Dict pdf_text_object(HPDF_MMgr mm, const pdf_text *t);
/* Both at once. */
HPDF_Dict pdf_text_string(HPDF_MMgr mm, arena *a, const char *s);

#endif
