/* The briefing's parts share this: the state of one briefing being laid
 * out, and the helpers every part uses. Private to briefing*.c. */
#ifndef BRIEFPACK_BRIEFING_H
#define BRIEFPACK_BRIEFING_H

#include "layout.h"

#define INDENT_STEP 15.0
#define PARA_GAP 7.0

typedef struct briefing {
    layout L;
    const model_roundtable *rt;
    const layout_theme *th;
    arena *mem;
    diag *d;
    const char *file;
    double x, w;            /* the text column */
    /* contents entries, in order */
    struct toc_entry {
        const char *title;
        unsigned level;
        int anchor;
    } *toc;
    size_t n_toc, toc_cap;
    /* ids that `[text](#id)` links may name, and their anchors */
    struct briefing_id {
        const char *name;
        int anchor;
    } *ids;
    size_t n_ids, ids_cap;
    const char **section_ids;
} briefing;

/* A new briefing (or handout) of `rt` with an empty document. */
briefing *briefing_begin(const model_roundtable *rt, const layout_theme *th,
                         arena *a, diag *d);
void briefing_declare_ids(briefing *b);
/* Internal links and contents entries → pages, once every page is made. */
void briefing_resolve_links(briefing *b);
layout_para briefing_body_para(const briefing *b);
bool briefing_has(const model_text *t);
const char *briefing_short_date(const model_date *dt, const char *lang,
                                arena *a);
void briefing_id(briefing *b, const char *name, int anchor);
void briefing_h1(briefing *b, const char *title, bool toc, const char *id);
void briefing_h2(briefing *b, const char *title);
void briefing_marker(briefing *b, size_t first, const layout_para *p,
                     const char *marker, double label_right, model_colour c,
                     unsigned element, bool bold);
void briefing_blocks(briefing *b, const md_doc *md, double indent,
                     layout_para base, bool first_gap);
md_block briefing_inline(briefing *b, const model_text *t);

/* briefing_cover.c */
void briefing_cover(briefing *b);
/* briefing_people.c */
typedef enum { CONTACT_EMAIL, CONTACT_PHONE, CONTACT_WEB, CONTACT_LINKEDIN,
               CONTACT_TWITTER } contact_kind;
/* The link a contact detail opens: mailto:, tel: (UK numbers made
 * international), https://… */
const char *briefing_contact_uri(contact_kind k, const char *v,
                                 const char *lang, arena *a);
void briefing_speakers(briefing *b);
void briefing_attendees(briefing *b);

#endif
