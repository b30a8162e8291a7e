/* layout: blocks → lines → positioned boxes on pages (the display list).
 * The engine here knows flows, paragraphs and pages; src/briefing/ knows
 * what a briefing is made of and builds its flow with it. */
#ifndef BRIEFPACK_LAYOUT_H
#define BRIEFPACK_LAYOUT_H

#include "dl.h"
#include "typeset/hyphen.h"
#include "typeset/markdown.h"
#include "model.h"
#include "typeset/shape.h"

/* Everything a document's look depends on, from its brand. */
typedef struct layout_theme {
    shape_fonts text;       /* body faces */
    font_face *heading;
    model_colour primary, accent, ink, muted, rule, tint;
    model_colour link;      /* links and labels: text in the accent's hue
                               that passes WCAG AA on white */
    double page_w, page_h;
    double margin_l, margin_r, margin_t, margin_b;
    double size, leading;   /* body text */
    bool justify, kerning;
    /* Hyphenation patterns of a language (BCP 47), loaded only when a
     * paragraph cannot be set well without them (as TeX's first pass).
     * NULL, or a NULL result: no hyphenation. */
    const hyphen_dict *(*hyphens_get)(void *ctx, const char *lang);
    void *hyphens_ctx;
    const char *footer;     /* brand footer text */
    const char *title;      /* running header */
    const char *marking;    /* protective marking or NULL */
    /* The words of the page furniture ("Page 3 of 8"): the document's
     * language's (a pack's chapters have their own, layout.lang). */
    const model_catalog *catalog;
    /* The public version (--public): what is marked internal, the
     * attendees and the marking are left out. */
    bool public_version;
    /* A draft: this word across every page, in this colour (light enough
     * that every text colour keeps AA contrast over it); NULL: final. */
    const char *watermark;
    model_colour watermark_colour;
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
    unsigned container;     /* the element new ones are made in */
    unsigned marking_node;  /* the element the marking is read as, once */
    bool marking_said;
    layout_anchor *anchors;
    size_t n_anchors, anchors_cap;
    /* The language of what is being set (a pack's chapter may have its
     * own): its hyphenation patterns, and its quotation marks for the
     * typographic quotes Markdown makes (“ ” ‘ ’), or NULL to keep
     * those. */
    const char *lang;
    const char *const *quotes;
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

/* Starts a document's structure with its node 0 unless it has one. */
void layout_init(layout *L, arena *a, const layout_theme *th, dl_doc *doc);
layout_item *layout_item_new(layout *L, double height);
dl_box *layout_item_box(layout *L, layout_item *it, dl_kind kind, dl_role role);
int layout_anchor_new(layout *L);

/* The document's logical structure (dl.h's nodes), made in reading order
 * as the flow is: layout_node adds an element to the current container (a
 * paragraph, a heading, a list label: its boxes then carry its number);
 * layout_open adds one and makes it the current container (a part, a
 * list, a table) until layout_close. layout_node_in adds to a given one. */
unsigned layout_node(layout *L, dl_tag tag);
unsigned layout_node_in(layout *L, unsigned parent, dl_tag tag);
unsigned layout_open(layout *L, dl_tag tag);
void layout_close(layout *L, unsigned node);
/* A heading of `level`, in the current container. */
unsigned layout_heading(layout *L, unsigned level);
dl_node *layout_node_at(layout *L, unsigned node);

/* Sets runs as a paragraph of the element `node`: one item per line,
 * widow and orphan control; links, emphasis, strong and code become
 * elements inside it (Link, Span, Code). Returns the number of lines;
 * `first_line` (if not NULL) receives the index of the first line's
 * item. */
size_t layout_paragraph(layout *L, const md_run *runs, size_t n_runs,
                        const layout_para *p, unsigned node,
                        size_t *first_line);
/* The same, into an item of its own at `y` (for cells, cards and the
 * cover): lines are added to `it` and the height used is returned. */
double layout_paragraph_into(layout *L, layout_item *it, double y,
                             const md_run *runs, size_t n_runs,
                             const layout_para *p, unsigned node);
/* A single line of text at (x, baseline y) in an item; returns its width.
 * `align` is 0 left, 1 centre, 2 right (x is then the centre or the
 * right edge). */
double layout_text(layout *L, layout_item *it, double x, double y,
                   font_face *face, double size, model_colour c,
                   const char *utf8, dl_role role, unsigned node,
                   int align);
double layout_text_width(layout *L, font_face *face, double size,
                         const char *utf8);
/* Where the baseline of a paragraph's line lies below the line's top. */
double layout_para_baseline(const layout *L, const layout_para *p);
/* The width of a text box's glyphs, but for spaces at its end. */
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
                      const char *utf8, dl_role role, unsigned node,
                      int align);

/* The protective marking at the top and foot of a page: the first top one
 * of the document is content (L->marking_node), every other furniture. */
void layout_marking(layout *L, dl_page *pg);
/* Running headers and footers on pages [from, n_pages). */
void layout_furniture(layout *L, size_t from);

#endif
