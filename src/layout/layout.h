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
    /* A right-hand page's: with `duplex`, margin_l is the inner margin
     * (the binding's), margin_r the outer; a left-hand page mirrors them
     * (layout_finish moves its boxes). */
    double margin_l, margin_r, margin_t, margin_b;
    double size, leading;   /* body text; the leading is the step of the
                               baseline grid body text sits on */
    bool duplex;            /* printed on both sides of the sheet */
    /* The design is laid out on a page of page_w × page_h points and the
     * whole display list is multiplied by `scale` at the end (1 but for a
     * page size made from the A4 design by rule: A5). */
    double scale;
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
    /* its line ("Draft 0.3, 14 March 2022"): in the footer, and as a fact
     * on the cover that every reader gets (the watermark is an artifact) */
    const char *draft_line;
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
    /* Its top on the baseline grid (a line of body text, the head of a
     * card): pushed down to the next grid line. Items kept with it that
     * are not are moved down as well, so the space before them grows and
     * the space after them stays as set. */
    bool grid;
    /* > 0: ruled space to write in; the last item of its page runs its
     * rules on to the page's foot, one every fill_pitch. */
    double fill_pitch;
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
    /* Two-sided printing: the pages still to be put before the ones being
     * made (the contents, a blank page), so that a page's side is known:
     * page i will be page i + 1 + page_shift on paper. */
    long page_shift;
    /* A short page after a full one is left as it is, not given lines
     * from the page before it (a handout's rule: every page full but the
     * last, which may be as short as it is). */
    bool short_tail_ok;
} layout;

/* The least room between a contents entry's text and its page number. */
#define LAYOUT_TOC_GAP 12.0

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
    bool first_fit;         /* each line takes every word that fits: no line
                               ends before it must (contents entries) */
    bool no_hyphen_breaks;  /* no line ends after a hyphen of the text */
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
 * new page, and clears the flow. Items sit on the baseline grid; a part
 * that starts a page starts a right-hand one when printed two-sided (a
 * blank page before it if need be); a page is not left less than a third
 * full when the page before it can give it lines (paginate.c). */
void layout_paginate(layout *L);
/* Adds a page with nothing on it (the cover) and returns it. */
dl_page *layout_page_new(layout *L);
/* Adds a page left blank by rule (it will say so). */
dl_page *layout_page_blank(layout *L);
/* Whether page `index` of the document will be a right-hand page. */
bool layout_recto(const layout *L, size_t index);
/* A box directly on a page (cover, furniture). */
dl_box *layout_page_box(layout *L, dl_page *pg, dl_kind kind, dl_role role);
void layout_page_text(layout *L, dl_page *pg, double x, double y,
                      font_face *face, double size, model_colour c,
                      const char *utf8, dl_role role, unsigned node,
                      int align);

/* The protective marking at the top and foot of a page: the first top one
 * of the document is content (L->marking_node), every other furniture. */
void layout_marking(layout *L, dl_page *pg);
/* Running headers and footers on pages [from, n_pages), on the outer edge
 * when printed two-sided; a blank page's notice. */
void layout_furniture(layout *L, size_t from);
/* Where furniture sits: `at` points below the page's top (above its foot)
 * in the A4 design, in proportion to the top (bottom) margin. */
double layout_head_y(const layout_theme *th, double at);
double layout_foot_y(const layout_theme *th, double at);
/* "Page 3 of 14": the folio of page `number` (from 1) of `total`, in the
 * document's language (its catalog's `page_of`). A page left blank by rule
 * says the catalog's `blank_page`. */
const char *layout_folio(layout *L, size_t number, size_t total);
/* Once every page is made: left-hand pages mirrored, the display list
 * scaled to the page (theme's `scale`), the grid recorded and the pages
 * measured for the quality report (measure.c). */
void layout_finish(layout *L);
/* The quality report's figures of a finished document (measure.c). */
void layout_measure(dl_doc *doc);

#endif
