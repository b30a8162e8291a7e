/* The display list: what layout decided, page by page, and all that render
 * needs to draw it. Every box says what it is in the document (its role),
 * so that the PDF can be tagged for screen readers from this list alone.
 * Coordinates are points from the top-left corner of the page, y down;
 * text boxes are placed by their baseline. */
#ifndef BRIEFPACK_DL_H
#define BRIEFPACK_DL_H

#include <stdbool.h>
#include <stddef.h>

#include "font.h"
#include "model.h"

typedef enum dl_role {
    DL_ROLE_ARTIFACT,       /* page furniture: headers, footers, bands */
    DL_ROLE_TITLE,          /* the document title on the cover */
    DL_ROLE_SUBTITLE,
    DL_ROLE_H1,
    DL_ROLE_H2,
    DL_ROLE_H3,
    DL_ROLE_PARAGRAPH,
    DL_ROLE_LIST_LABEL,     /* a bullet or number */
    DL_ROLE_LIST_BODY,
    DL_ROLE_QUOTE,
    DL_ROLE_TOC_ENTRY,
    DL_ROLE_TABLE_HEADER,
    DL_ROLE_TABLE_CELL,
    DL_ROLE_FIGURE,         /* an image, with alt text */
    DL_ROLE_CAPTION,
} dl_role;

typedef enum dl_kind {
    DL_TEXT,
    DL_RECT,                /* filled rectangle */
    DL_RULE,                /* a stroked line from (x, y) to (x+w, y+h) */
    DL_CIRCLE,              /* filled circle inside the box */
    DL_IMAGE,
    DL_LINK,                /* an invisible clickable area */
} dl_kind;

typedef struct dl_text {
    font_face *face;
    double size;
    const font_glyph *glyphs;
    const double *xs;       /* each glyph's pen position from the box's x */
    size_t n;
    const char *utf8;       /* the text the glyphs were shaped from;
                               clusters index it */
    size_t len;
} dl_text;

typedef struct dl_link {
    const char *uri;        /* external target, or NULL */
    int dest_page;          /* internal target (0-based page), when uri is
                               NULL */
    int anchor;             /* layout's own: the anchor dest_page comes
                               from, resolved before render sees it */
    double dest_y;
} dl_link;

typedef struct dl_box {
    dl_kind kind;
    dl_role role;
    unsigned element;       /* which logical element (paragraph, heading,
                               list item…) the box belongs to; boxes of one
                               element share the number */
    double x, y, w, h;
    model_colour colour;
    double line_width;      /* DL_RULE */
    union {
        dl_text text;
        dl_link link;
        struct {
            const char *path;
            const char *alt;
            bool align_right;   /* fitted to the box's right edge */
            bool round;         /* cropped to a circle filling the box */
        } image;
    } u;
} dl_box;

typedef struct dl_page {
    dl_box *boxes;
    size_t n, cap;
} dl_page;

typedef struct dl_outline {
    const char *title;
    unsigned level;         /* 0 = top */
    int page;
    double y;
} dl_outline;

/* What the typesetting did, for the quality report (tests/quality). */
typedef struct dl_stats {
    size_t lines;           /* lines of running text set */
    size_t stretched;       /* justified lines whose spaces stretch beyond
                               their stretchability (ratio > 1) */
    size_t overfull;        /* lines wider than their measure */
    size_t hyphenated;      /* lines ending in a hyphenation */
    size_t max_hyphen_run;  /* most consecutive hyphenated lines */
    size_t widows;          /* a paragraph's last line alone at a page top */
    size_t orphans;         /* a paragraph's first line alone at a page foot */
    size_t stranded;        /* a heading last on its page */
} dl_stats;

typedef struct dl_doc {
    double width, height;
    dl_page *pages;
    size_t n_pages, pages_cap;
    dl_outline *outline;
    size_t n_outline, outline_cap;
    /* Pages before this one are front matter, numbered i, ii…; the body
     * is numbered from 1. */
    size_t body_start;
    /* metadata */
    const char *title, *subject, *author, *lang;
    const char *const *keywords;
    size_t n_keywords;
    model_date date;
    dl_stats stats;
} dl_doc;

#endif
