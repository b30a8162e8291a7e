/* kit: the state of one briefing being laid out, and the helpers every
 * part of it is made with (kit.c). Private to src/briefing/: included by
 * the parts (body.c, cover.c, contents.c, people.c) and the three
 * documents made of them (briefing.c, pack.c, handout.c). */
#ifndef BRIEFPACK_BRIEFING_KIT_H
#define BRIEFPACK_BRIEFING_KIT_H

#include "base/template.h"
#include "layout/layout.h"

#define INDENT_STEP 15.0

/* What the roundtables of one document share: a pack's contents list
 * and the ids its links may name. */
typedef struct briefing_shared {
    /* contents entries, in order */
    struct toc_entry {
        const char *title;
        unsigned level;
        int anchor;
        size_t label_len;   /* "Question 2: ": the later lines turn over
                               under the text, not its label */
    } *toc;
    size_t n_toc, toc_cap;
    /* ids that `[text](#id)` links may name (with their roundtable's
     * prefix), and their anchors */
    struct briefing_id {
        const char *name;
        int anchor;
    } *ids;
    size_t n_ids, ids_cap;
} briefing_shared;

typedef struct briefing {
    layout *L;              /* shared by every roundtable of a pack */
    briefing_shared *sh;
    const char *id_prefix;  /* "" alone; "r2-" for a pack's second item */
    unsigned level;         /* outline depth of this roundtable's parts */
    const model_roundtable *rt;
    const model_catalog *cat; /* the words of rt's language */
    const layout_theme *th;
    arena *mem;
    diag *d;
    const char *file;
    double x, w;            /* the text column */
    const char **section_ids;
    /* the cover's label/value rows when not the meeting's own (a pack) */
    const char *(*cover_rows)[2];
    size_t n_cover_rows;
    /* in a pack: speakers are printed once, in the pack's own chapter, and
     * each roundtable lists them with a link there */
    bool speakers_elsewhere;
    /* the global id of a speaker's card in the pack (speakers_elsewhere) */
    const char *(*speaker_id)(struct briefing *b, const model_speaker *s);
    void *pack;             /* the pack being laid out, for speaker_id */
    unsigned toc_max_level; /* contents entries deeper than this are left
                               out (0: all) */
    unsigned contents_node; /* the Sect the contents will be made in */
    double cover_band_end;  /* where the cover's band ends (0: no cover):
                               a draft's watermark goes below it */
    int toc_page_shift;     /* a body page's index (as laid out, before the
                               contents) to its number on paper */
} briefing;

/* A new briefing (or handout) of `rt` with an empty document. */
briefing *briefing_begin(const model_roundtable *rt, const layout_theme *th,
                         arena *a, diag *d);
void briefing_declare_ids(briefing *b);
/* Internal links and contents entries → pages, once every page is made. */
void briefing_resolve_links(briefing *b);
layout_para briefing_body_para(const briefing *b);
/* A heading's settings: the heading face in the primary colour, never
 * split, lines of even length, kept with what follows, ragged. */
layout_para briefing_heading_para(const briefing *b, dl_role role,
                                  double size, double leading);
/* "Tuesday 8 March 2022 · venue · Hosted by X with Y" */
const char *briefing_facts_line(briefing *b);
/* The head of a handout and of a pack's chapter: the roundtable's title set
 * as `title`, its subtitle under it (regular, `subtitle_size`, muted) and
 * the facts line (ragged, kept whole). A node of 0 is a new P made in
 * turn. */
typedef struct briefing_head {
    layout_para title;
    unsigned title_node;
    double subtitle_size;
    unsigned subtitle_node;
    model_colour facts_colour;
    bool facts_keep_with_next;
    unsigned facts_node;
    bool facts_draft;           /* a draft's line after the facts (the
                                   handout, which has no cover) */
} briefing_head;
void briefing_title_block(briefing *b, const briefing_head *h);
/* A rule across the measure, `y` below the top of `it`: decoration, an
 * artifact. */
void briefing_rule(briefing *b, layout_item *it, double y, model_colour colour,
                   double line_width);
bool briefing_has(const model_text *t);
/* A catalog's words with their blanks filled: briefing_say(b,
 * b->cat->page_of, "n", "3", "total", "8") is "Page 3 of 8". */
#define briefing_say(b, ...) template_fill((b)->mem, __VA_ARGS__, (const char *)NULL)
/* Whether the document leaves the item out: the public version (--public)
 * leaves out what is marked internal. */
bool briefing_skips(const briefing *b, const model_internal *internal);
/* "Tuesday 8 March 2022" in the catalog's language ("Tuesday, March 8,
 * 2022", "mardi 1er mars 2022", "Dienstag, 8. März 2022"). */
const char *briefing_long_date(const model_date *dt, const model_catalog *cat,
                               arena *a);
/* "8 March 2022" ("March 8, 2022"). */
const char *briefing_short_date(const model_date *dt, const model_catalog *cat,
                                arena *a);
/* Sets the words, quotes and hyphenation language for b->rt (each
 * chapter of a pack has its own). */
void briefing_language(briefing *b);
/* The Chatham House Rule's notice, as a paragraph of the current part,
 * when the roundtable was held under it. */
void briefing_chatham_house(briefing *b, double space_before);
/* "DRAFT" across every page of the document, behind everything (an
 * artifact), when the theme says the document is a draft. */
void briefing_watermark(briefing *b);
void briefing_id(briefing *b, const char *name, int anchor);
/* A contents entry, in the order of the document. */
void briefing_toc_add(briefing *b, const char *title, unsigned level,
                      int anchor);
/* The id `full` (with its pack prefix) across the whole document, or NULL. */
struct briefing_id *briefing_id_global(briefing_shared *sh, const char *full);
/* A part of the document: a Sect (made the current container) opened by
 * its heading, an accent bar, a bookmark and (with `toc`) a contents
 * entry; `id` names it for links. Ended by briefing_end. */
unsigned briefing_part(briefing *b, const char *title, bool toc,
                       const char *id);
/* The same in a Sect made earlier (where the part is to be read). */
unsigned briefing_part_at(briefing *b, unsigned sect, const char *title,
                          bool toc, const char *id);
void briefing_end(briefing *b, unsigned node);
/* A heading one level below the part's. */
void briefing_h2(briefing *b, const char *title);
/* A label in the margin of a paragraph's first line (a list marker, a
 * question's number), as the element `node`, before the text in reading
 * order. */
void briefing_marker(briefing *b, size_t first, const layout_para *p,
                     const char *marker, double label_right, model_colour c,
                     unsigned node, bool bold);
/* A list item's label: its text, right-aligned at `right`. */
typedef struct briefing_label {
    const char *text;
    double right;
    model_colour colour;
    bool bold;
} briefing_label;
/* An item of the current list (LI > Lbl + LBody): the text set in the
 * body, the label hung in the margin. With `lbody`, the item stays the
 * current container (for sub-points: close it with briefing_end on its LI,
 * the parent of *lbody); else it is closed. Returns the number of lines. */
size_t briefing_list_item(briefing *b, const md_run *runs, size_t n_runs,
                          const layout_para *p, const briefing_label *label,
                          unsigned *lbody);
void briefing_blocks(briefing *b, const md_doc *md, double indent,
                     layout_para base, bool first_gap);
md_block briefing_inline(briefing *b, const model_text *t, const char *what);
/* What a brand's logo and a speaker's photo show, for readers who cannot
 * see them: the file's `logo_alt` / `photo_alt`, else "NAME logo" and
 * "Photograph of NAME". */
const char *briefing_logo_alt(briefing *b, const model_brand *br);
const char *briefing_photo_alt(briefing *b, const model_speaker *s);
/* A speaker's name in bold, then `lead` and their role and organisation:
 * "**Ada Lovelace** — Director, Analytical Ltd". More runs may follow. */
md_block briefing_speaker_line(briefing *b, const model_speaker *s,
                               const char *lead);

#endif
