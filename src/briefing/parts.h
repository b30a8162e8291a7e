/* parts: the parts of a roundtable's document, each made with the kit
 * (kit.h). Private to src/briefing/: included by the documents made of
 * them (briefing.c, pack.c, handout.c) and by body.c. */
#ifndef BRIEFPACK_BRIEFING_PARTS_H
#define BRIEFPACK_BRIEFING_PARTS_H

#include "briefing/kit.h"

/* The parts of a roundtable's body, in order (body.c). */
void briefing_body(briefing *b);
/* Contents (moved after the cover), links resolved, headers and footers;
 * `body_end` is the page count before the contents was laid out. */
void briefing_finish(briefing *b, size_t body_end);

/* cover.c */
void briefing_cover(briefing *b);
/* people.c */
typedef enum { CONTACT_EMAIL, CONTACT_PHONE, CONTACT_WEB, CONTACT_LINKEDIN,
               CONTACT_TWITTER, CONTACT_KINDS } contact_kind;
typedef struct briefing_contact {
    const model_text_list *list;
    const char *label;
    contact_kind kind;
} briefing_contact;
/* A speaker's contact fields, in the order they are printed, labelled in
 * the catalog's words. */
void briefing_contacts(const model_speaker *s, const model_catalog *cat,
                       briefing_contact *out);
/* Whether entry i of a contact field is printed: not empty, not a repeat
 * of an earlier one, not internal in the public version. */
bool briefing_contact_shown(const briefing *b, const model_text_list *l,
                            size_t i);
/* The link a contact detail opens: mailto:, tel: (a national number made
 * international with the language's calling code), https://… */
const char *briefing_contact_uri(contact_kind k, const char *v,
                                 const char *calling_code, arena *a);
/* What a contact link is, in words, when its text does not say: "Email
 * NAME" (an address says nothing of whose it is); NULL otherwise. */
const char *briefing_contact_title(briefing *b, contact_kind k,
                                   const model_speaker *s);
/* How a speaker's contact details are set: one a row, a label (the first
 * of its kind only) in a column at x, the values as links after it. */
typedef struct briefing_contact_style {
    double x, width, label_w, label_size;
    double size, leading;   /* the values' */
    double gap_first, gap;  /* space above the first row, the others */
    model_colour link_colour;
    bool web_short;         /* "Web" for a website (a narrow label column) */
} briefing_contact_style;
/* The rows of a speaker's contact details, a list (L > LI > Lbl + LBody),
 * each kept with the next; returns the height they take. */
double briefing_contact_rows(briefing *b, const model_speaker *s,
                             const briefing_contact_style *cs);
void briefing_speakers(briefing *b);
/* One speaker's card; `id` (may be NULL) names its anchor for links. */
void briefing_speaker(briefing *b, const model_speaker *s, bool first,
                      const char *id);
void briefing_attendees(briefing *b);

#endif
