/* font: loading TrueType faces, shaping text with HarfBuzz (kerning) and
 * measuring. Embedding the used glyphs in a PDF is pdf/font_pdf.h's, which
 * shares the face record (typeset/font_internal.h); no other file touches
 * HarfBuzz or font tables. */
#ifndef BRIEFPACK_FONT_H
#define BRIEFPACK_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* Loaded faces, shared by every document a worker builds (a face is read and
 * parsed once). Not thread-safe: one per worker. */
typedef struct font_lib font_lib;
typedef struct font_face font_face;

font_lib *font_lib_new(void);
void font_lib_free(font_lib *lib);

/* Loads (or returns the already loaded) face at `path`. On failure returns
 * NULL and writes a one-line reason (e.g. "not a TrueType font") to err. */
font_face *font_lib_load(font_lib *lib, const char *path, char *err,
                         size_t err_size);

/* Vertical metrics, in em (multiply by the size in points). */
typedef struct font_metrics {
    double ascender;   /* > 0, from hhea/OS2 typo */
    double descender;  /* < 0 */
    double line_gap;
    double cap_height;
    double x_height;
} font_metrics;
font_metrics font_face_metrics(const font_face *f);
/* The PostScript name (for the PDF BaseFont). */
const char *font_face_name(const font_face *f);

/* One shaped glyph. Advances and offsets are in 1/1000 em, as PDF text
 * space uses them, kerning included. `cluster` is the byte offset into the
 * UTF-8 text that was shaped. */
typedef struct font_glyph {
    uint16_t gid;
    int16_t x_offset, y_offset; /* marks move by far less than 32 em */
    int32_t advance;
    uint32_t cluster;
} font_glyph;

typedef struct font_run {
    font_glyph *glyphs;
    size_t n;
    int32_t width;     /* sum of advances, 1/1000 em */
} font_run;

/* Shapes UTF-8 text as one run (left to right, the document's language).
 * With `kerning` false, the font's kerning is switched off. The glyphs live
 * in `a`. Shaped words are cached inside the face, so shaping the same word
 * twice costs a lookup. */
font_run font_shape(font_face *f, const char *utf8, size_t len, bool kerning,
                    arena *a);
/* Width in points of the text at `size`. */
double font_text_width(font_face *f, const char *utf8, size_t len,
                       double size, bool kerning);
/* The advance PDF viewers will use for a glyph (the W array entry), in
 * 1/1000 em, so a renderer can compute TJ adjustments. */
int32_t font_glyph_width(const font_face *f, uint16_t gid);
/* True when the face has a glyph for this code point. */
bool font_has_char(const font_face *f, uint32_t codepoint);

#endif
