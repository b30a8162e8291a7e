/* The briefing's parts share this: the state of one briefing being laid
 * out, and the helpers every part uses. Private to briefing*.c. */
#ifndef BRIEFPACK_BRIEFING_H
#define BRIEFPACK_BRIEFING_H

#include "layout.h"

#define INDENT_STEP 15.0
#define PARA_GAP 7.0

/* What the roundtables of one document share: a pack's contents list
 * and the ids its links may name. */
typedef struct briefing_shared {
    /* contents entries, in order */
    struct toc_entry {
        const char *title;
        unsigned level;
        int anchor;
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
} briefing;

/* A new briefing (or handout) of `rt` with an empty document. */
briefing *briefing_begin(const model_roundtable *rt, const layout_theme *th,
                         arena *a, diag *d);
void briefing_declare_ids(briefing *b);
/* Internal links and contents entries → pages, once every page is made. */
void briefing_resolve_links(briefing *b);
layout_para briefing_body_para(const briefing *b);
/* "Tuesday 8 March 2022 · venue · Hosted by X with Y" */
const char *briefing_facts_line(briefing *b);
bool briefing_has(const model_text *t);
const char *briefing_short_date(const model_date *dt, const char *lang,
                                arena *a);
void briefing_id(briefing *b, const char *name, int anchor);
/* The id `full` (with its pack prefix) across the whole document, or NULL. */
struct briefing_id *briefing_id_global(briefing_shared *sh, const char *full);
void briefing_h1(briefing *b, const char *title, bool toc, const char *id);
void briefing_h2(briefing *b, const char *title);
void briefing_marker(briefing *b, size_t first, const layout_para *p,
                     const char *marker, double label_right, model_colour c,
                     unsigned element, bool bold);
void briefing_blocks(briefing *b, const md_doc *md, double indent,
                     layout_para base, bool first_gap);
md_block briefing_inline(briefing *b, const model_text *t, const char *what);

/* The parts of a roundtable's body, in order (briefing.c). */
void briefing_body(briefing *b);
/* Contents (moved after the cover), links resolved, headers and footers;
 * `body_end` is the page count before the contents was laid out. */
void briefing_finish(briefing *b, size_t body_end);

/* briefing_cover.c */
void briefing_cover(briefing *b);
/* briefing_people.c */
typedef enum { CONTACT_EMAIL, CONTACT_PHONE, CONTACT_WEB, CONTACT_LINKEDIN,
               CONTACT_TWITTER, CONTACT_KINDS } contact_kind;
typedef struct briefing_contact {
    const model_text_list *list;
    const char *label;
    contact_kind kind;
} briefing_contact;
/* A speaker's contact fields, in the order they are printed. */
void briefing_contacts(const model_speaker *s, briefing_contact *out);
/* The link a contact detail opens: mailto:, tel: (UK numbers made
 * international), https://… */
const char *briefing_contact_uri(contact_kind k, const char *v,
                                 const char *lang, arena *a);
void briefing_speakers(briefing *b);
/* One speaker's card; `id` (may be NULL) names its anchor for links. */
void briefing_speaker(briefing *b, const model_speaker *s, bool first,
                      const char *id);
void briefing_attendees(briefing *b);

#endif
