/* The display list: what layout decided, page by page, and all that render
 * needs to draw it and to tag it for screen readers.
 *
 * Boxes. Every box on a page says what it is (its role) and, unless it is
 * page furniture or decoration (an artifact), which element of the
 * document's logical structure it belongs to (its node). Coordinates are
 * points from the top-left corner of the page, y down; text boxes are
 * placed by their baseline. A page's boxes are in reading order within
 * each element.
 *
 * Structure. The nodes form a tree rooted at node 0, the document: parts
 * (Sect), headings, paragraphs, lists (L > LI > Lbl + LBody), tables,
 * the contents (TOC > TOCI), links, figures. Children are in reading
 * order, the order they were made in; an element's own text in the order
 * its boxes come. Render turns the tree into the PDF's structure tree and
 * makes no decision of its own. */
#ifndef BRIEFPACK_DL_H
#define BRIEFPACK_DL_H

#include <stdbool.h>
#include <stddef.h>

#include "typeset/font.h"
#include "model.h"

typedef enum dl_role {
    DL_ROLE_ARTIFACT,       /* decoration: rules, bands, leaders, shapes */
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
    DL_ROLE_HEADER,         /* page furniture at the top: running head */
    DL_ROLE_FOOTER,         /* at the foot: footer text, folio */
} dl_role;

/* Whether a box is no part of the content (ISO 32000-1 14.8.2.2). */
#define DL_IS_ARTIFACT(role)                                                  \
    ((role) == DL_ROLE_ARTIFACT || (role) == DL_ROLE_HEADER ||                \
     (role) == DL_ROLE_FOOTER)

/* The structure types a briefing is made of (ISO 32000-1 14.8.4). */
typedef enum dl_tag {
    DL_TAG_DOCUMENT,
    DL_TAG_SECT,            /* a part, a chapter, a speaker's card */
    DL_TAG_H,               /* a heading of `level` 1–6 */
    DL_TAG_P,
    DL_TAG_BLOCKQUOTE,
    DL_TAG_L,               /* a list: LI > Lbl (the marker) + LBody */
    DL_TAG_LI,
    DL_TAG_LBL,
    DL_TAG_LBODY,
    DL_TAG_TABLE,           /* THead / TBody > TR > TH / TD */
    DL_TAG_THEAD,
    DL_TAG_TBODY,
    DL_TAG_TR,
    DL_TAG_TH,
    DL_TAG_TD,
    DL_TAG_TOC,             /* the contents: TOCI > Reference > Link */
    DL_TAG_TOCI,
    DL_TAG_REFERENCE,
    DL_TAG_LINK,            /* its text and its annotations */
    DL_TAG_FIGURE,
    DL_TAG_SPAN,            /* emphasis, strong */
    DL_TAG_CODE,
} dl_tag;

typedef struct dl_node {
    dl_tag tag;
    unsigned level;         /* DL_TAG_H */
    unsigned parent;        /* the node it is part of (0 for node 0) */
    bool row_header;        /* DL_TAG_TH: heads its row, not its column */
    const char *alt;        /* DL_TAG_FIGURE: what the image shows */
    const char *actual;     /* what a reader says for its printed text
                               (the actions table's "#": "Number") */
    const char *lang;       /* BCP 47, when not the document's */
} dl_node;

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
    /* each glyph's pen position from the box's x: a float's precision
     * (1/30,000 pt across a page) is far finer than a PDF needs, in half
     * the memory (a 300-page pack has 600,000 glyphs) */
    const float *xs;
    size_t n;
    const char *utf8;       /* the text the glyphs were shaped from;
                               clusters index it */
    size_t len;
    double angle;           /* degrees anticlockwise about (x, y): a
                               draft's watermark; 0 for all other text */
} dl_text;

typedef struct dl_link {
    const char *uri;        /* external target, or NULL */
    const char *contents;   /* what it is, in words (the annotation's
                               /Contents); NULL: its text */
    int dest_page;          /* internal target (0-based page), when uri is
                               NULL */
    int anchor;             /* layout's own: the anchor dest_page comes
                               from, resolved before render sees it */
    double dest_y;
} dl_link;

typedef struct dl_box {
    dl_kind kind;
    dl_role role;
    unsigned node;          /* the element of the structure it belongs to
                               (dl_doc.nodes); 0 for an artifact */
    double x, y, w, h;
    model_colour colour;
    double line_width;      /* DL_RULE */
    union {
        dl_text text;
        dl_link link;
        struct {
            const char *path;   /* its alt text is its node's */
            bool align_right;   /* fitted to the box's right edge */
            bool round;         /* cropped to a circle filling the box */
        } image;
    } u;
} dl_box;

typedef struct dl_page {
    dl_box *boxes;
    size_t n, cap;
    /* Left empty by rule (a left-hand page before a part that opens on a
     * right-hand one): it says so, as an artifact. */
    bool blank;
    /* Opened by a rule (the cover, a part that starts a page, a blank
     * page), not because the page before it was full: it may be short. */
    bool by_rule;
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
    /* Measured on the finished pages (layout_measure), for the quality
     * report: */
    size_t grid_lines;      /* lines of body text (paragraphs, list items) */
    size_t grid_off;        /* of those, lines whose baseline is off the
                               grid */
    size_t pages;           /* pages that count for fill (not the cover,
                               nor a blank one) */
    size_t pages_short;     /* of those, less than a third full although
                               the page before them ran full */
    size_t pages_partial;   /* of those, not the last, less than two
                               thirds full (a handout's pages fill) */
    double fill_min;        /* the least full of the counted pages, 0–1 */
    size_t toc_entries;     /* contents entries */
    size_t toc_wrapped;     /* of those, set on more than one line */
    size_t toc_early;       /* lines of an entry that end although the next
                               word would have fitted */
    size_t toc_hyphen_ends; /* contents lines that end in a hyphen */
    double space_min;       /* the narrowest space between words, as a
                               share of its natural width (1: none shrank) */
    size_t address_breaks;  /* lines that end inside an address (a URL, an
                               e-mail address) */
    size_t address_hyphen_breaks; /* of those, ending after a hyphen */
} dl_stats;

typedef struct dl_doc {
    double width, height;
    dl_page *pages;
    size_t n_pages, pages_cap;
    dl_node *nodes;         /* the structure; nodes[0] is the document */
    size_t n_nodes, nodes_cap;
    dl_outline *outline;
    size_t n_outline, outline_cap;
    /* The first page after the cover and the contents. Pages are numbered
     * as the paper is, from 1 for the cover. */
    size_t body_start;
    /* Printed on both sides of the sheet: opens two pages side by side,
     * the cover alone (/PageLayout /TwoPageRight). */
    bool duplex;
    /* The text area's top and foot, and the baseline grid its body text
     * sits on: body baselines at grid_first + k × grid_step, body text set
     * at text_size (for the quality report, layout_measure). */
    double area_top, area_bottom;
    double grid_first, grid_step, text_size;
    /* Points on the page per point of the design (1 but for A5). */
    double scale;
    /* metadata */
    const char *title, *subject, *author, *lang;
    const char *const *keywords;
    size_t n_keywords;
    model_date date;
    dl_stats stats;
} dl_doc;

#endif
