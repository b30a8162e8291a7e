/* layout: blocks → lines → positioned boxes on pages (the display list).
 * The engine here knows flows, paragraphs and pages; briefing.c knows
 * what a briefing is made of and builds its flow with it. */
#ifndef BRIEFPACK_LAYOUT_H
#define BRIEFPACK_LAYOUT_H

#include "dl.h"
#include "hyphen.h"
#include "markdown.h"
#include "model.h"
#include "shape.h"

/* Everything a document's look depends on, from its brand. */
typedef struct layout_theme {
    shape_fonts text;       /* body faces */
    font_face *heading;
    model_colour primary, accent, ink, muted, rule, tint;
    double page_w, page_h;
    double margin_l, margin_r, margin_t, margin_b;
    double size, leading;   /* body text */
    bool justify, kerning;
    /* Hyphenation patterns, loaded only when a paragraph cannot be set
     * well without them (as TeX's first pass). NULL: no hyphenation. */
    const hyphen_dict *(*hyphens_get)(void *ctx);
    void *hyphens_ctx;
    const char *footer;     /* brand footer text */
    const char *title;      /* running header */
    const char *marking;    /* protective marking or NULL */
} layout_theme;

/* One unbreakable slice of the flow: a line of text, a table row, a
 * speaker card… Boxes are placed relative to the item's top. */
typedef struct layout_item {
    double height;
    double space_before;    /* dropped at the top of a page */
    bool keep_with_next;    /* no page break between this and the next */
    bool new_page;          /* starts a new page */
    bool separator;         /* a hairline above it, unless it opens a page */
    bool heading;           /* a heading line: must not end a page */
    size_t repeat;          /* 1 + the index of an item (a table's header
                               row) to repeat when this one opens a page */
    unsigned line, lines;   /* a paragraph's line i of n (n = 0: not a
                               paragraph line) */
    dl_box *boxes;
    size_t n, cap;
    int anchor;             /* ≥ 0: record where this item lands */
    const char *outline;    /* a bookmark title for this item, or NULL */
    unsigned outline_level;
} layout_item;

typedef struct layout_anchor {
    int page;
    double y;
} layout_anchor;

typedef struct layout {
    arena *mem;
    const layout_theme *th;
    dl_doc *doc;
    layout_item *items;
    size_t n, cap;
    unsigned element;       /* the last element number handed out */
    layout_anchor *anchors;
    size_t n_anchors, anchors_cap;
} layout;

/* How a paragraph is set. */
typedef struct layout_para {
    double x, width;        /* the text column */
    double indent;          /* extra left indent of lines after the first
                               (a hanging indent is indent > 0 with the
                               label in the first line's margin) */
    double size, leading;
    unsigned style;         /* md_style bits for every run */
    font_face *face;        /* overrides the body faces (headings), or NULL */
    model_colour colour, link_colour;
    dl_role role;
    double space_before;
    bool keep_all;          /* never split (headings, short labels) */
    bool keep_with_next;    /* the last line keeps with what follows */
    bool ragged;            /* force ragged right even in a justified brand */
    bool balance;           /* lines of even length (headings, titles) */
} layout_para;

void layout_init(layout *L, arena *a, const layout_theme *th, dl_doc *doc);
layout_item *layout_item_new(layout *L, double height);
dl_box *layout_item_box(layout *L, layout_item *it, dl_kind kind, dl_role role);
unsigned layout_element(layout *L);
int layout_anchor_new(layout *L);

/* Sets runs as a paragraph: one item per line, widow and orphan control.
 * Returns the number of lines; `first_line` (if not NULL) receives the
 * index of the first line's item. */
size_t layout_paragraph(layout *L, const md_run *runs, size_t n_runs,
                        const layout_para *p, unsigned element,
                        size_t *first_line);
/* The same, into an item of its own at `y` (for cells, cards and the
 * cover): lines are added to `it` and the height used is returned. */
double layout_paragraph_into(layout *L, layout_item *it, double y,
                             const md_run *runs, size_t n_runs,
                             const layout_para *p, unsigned element);
/* A single line of text at (x, baseline y) in an item; returns its width.
 * `align` is 0 left, 1 centre, 2 right (x is then the centre or the
 * right edge). */
double layout_text(layout *L, layout_item *it, double x, double y,
                   font_face *face, double size, model_colour c,
                   const char *utf8, dl_role role, unsigned element,
                   int align);
double layout_text_width(layout *L, font_face *face, double size,
                         const char *utf8);
/* Where the baseline of a paragraph's line lies below the line's top. */
double layout_para_baseline(const layout *L, const layout_para *p);
/* The width of a text box's glyphs. */
double layout_box_text_width(const dl_box *b);

/* Places the flow's items on pages appended to the document, starting on a
 * new page, and clears the flow. */
void layout_paginate(layout *L);
/* Adds a page with nothing on it (the cover) and returns it. */
dl_page *layout_page_new(layout *L);
/* A box directly on a page (cover, furniture). */
dl_box *layout_page_box(layout *L, dl_page *pg, dl_kind kind, dl_role role);
void layout_page_text(layout *L, dl_page *pg, double x, double y,
                      font_face *face, double size, model_colour c,
                      const char *utf8, dl_role role, int align);

/* Running headers and footers on pages [from, n_pages). */
void layout_furniture(layout *L, size_t from);

/* Lays out a whole briefing (briefing.c). */
dl_doc *layout_briefing(const model_roundtable *rt, const layout_theme *th,
                        arena *a, diag *d);

/* Lays out a pack of roundtables (pack.c). */
dl_doc *layout_pack(const model_pack *pk, const layout_theme *th, arena *a,
                    diag *d);
/* Lays out a handout (handout.c). */
dl_doc *layout_handout(const model_roundtable *rt, const layout_theme *th,
                       arena *a, diag *d);

/* "Tuesday 8 March 2022" (en) in `a`. */
const char *layout_long_date(const model_date *dt, const char *lang, arena *a);

#endif
