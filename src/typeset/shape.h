/* shape: styled inline runs → the boxes, glue and penalties of a paragraph,
 * each box shaped with its font (HarfBuzz, through font.h) and measured.
 * Also decides where a line may break inside a word: after explicit hyphens
 * and dashes, at hyphenation points, and anywhere in a word too long for
 * the line. */
#ifndef BRIEFPACK_SHAPE_H
#define BRIEFPACK_SHAPE_H

#include "base/arena.h"
#include "typeset/break.h"
#include "typeset/font.h"
#include "typeset/hyphen.h"
#include "typeset/markdown.h"

typedef struct shape_fonts {
    font_face *regular, *bold, *italic, *bold_italic;
    font_face *code;        /* for `code` spans; NULL: the regular face */
} shape_fonts;

typedef struct shape_style {
    const shape_fonts *fonts;
    double size;            /* points */
    unsigned style;         /* md_style bits added to every run (headings) */
    bool kerning;
    bool justify;
    const hyphen_dict *hyphens; /* NULL: no hyphenation */
    bool no_hyphen_breaks;  /* never a line end after a hyphen of the text
                               (a contents entry) */
} shape_style;

/* What a break item stands for: the glyphs of a box, the space of a glue,
 * the hyphen drawn when a line ends at a penalty. */
typedef struct shape_piece {
    font_face *face;
    unsigned style;
    const char *link;
    const char *link_title; /* md_run's */
    const char *text;       /* UTF-8 of the glyphs (" " for glue, "-" for a
                               hyphen) */
    size_t len;
    font_run run;
    bool hard_break;        /* this penalty is a forced line break inside the
                               paragraph */
} shape_piece;

typedef struct shape_para {
    brk_item *items;
    shape_piece *pieces;    /* parallel to items */
    size_t n;
    double size;
} shape_para;

/* Builds a paragraph's items. `line_width` is the narrowest line it will be
 * set in: a word wider than that gets break points between its letters. */
shape_para shape_paragraph(const md_run *runs, size_t n_runs,
                           const shape_style *st, double line_width,
                           arena *a);

/* Whether a word is an address: a scheme (`https://`), an e-mail address
 * or handle (`@`), `www.`, or a domain with a path (`gov.uk/guidance`); a
 * slash alone is a word's (`ISO/IEC`, `and/or`). Such a word breaks only
 * after a `/` or before a `.` or `@`, with nothing added. */
bool shape_is_address(const char *s, size_t len);

/* The face for a set of md_style bits. */
font_face *shape_face(const shape_fonts *f, unsigned style);

/* Decodes one UTF-8 code point at s (len bytes left); returns its length
 * (1 for an invalid byte, with *cp = U+FFFD). */
size_t shape_utf8_next(const char *s, size_t len, uint32_t *cp);

#endif
