/* The document model: plain C structs that the loader fills from YAML and
 * every later stage reads. No YAML type crosses this line. Every value keeps
 * the place it came from so that any stage can report a problem at the
 * user's line and column. All memory belongs to the document's arena. */
#ifndef BRIEFPACK_MODEL_H
#define BRIEFPACK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

/* How a scalar was written; the Markdown stage uses it to map a place inside
 * the text back to the YAML file. */
typedef enum model_text_style {
    MODEL_TEXT_PLAIN,
    MODEL_TEXT_SINGLE_QUOTED,
    MODEL_TEXT_DOUBLE_QUOTED,
    MODEL_TEXT_LITERAL, /* | */
    MODEL_TEXT_FOLDED   /* > */
} model_text_style;

/* A string value. `s == NULL` means the key was absent. */
typedef struct model_text {
    const char *s;          /* NUL-terminated UTF-8 */
    size_t len;
    srcpos pos;             /* the start of the value (the `|` of a block) */
    srcpos content;         /* the first character of the text itself: for a
                               block scalar the first content line and its
                               indentation + 1; for quoted, after the quote */
    model_text_style style;
    /* Marked `internal: true` (a contact detail or a next step written as
     * a mapping): left out of the public version (--public). */
    bool internal;
    /* The value as written in the file, from `pos` on, when YAML reshaped
     * it (joined lines, unescaped quotes; always for `>`): lets a place
     * inside the value be found in the file (scalar_pos.h). NULL when the
     * value's characters are the file's, line for line. */
    const char *raw;
    size_t raw_len;
} model_text;

typedef struct model_text_list {
    model_text *items;
    size_t n;
} model_text_list;

typedef struct model_date {
    bool set;
    int year, month, day;   /* calendar date, validated */
    srcpos pos;
} model_date;

typedef struct model_colour {
    uint8_t r, g, b;
} model_colour;

/* `internal: true` on an item: what the public version (--public) leaves
 * out. `pos` is where it was said, for `--check --public`'s list. */
typedef struct model_internal {
    bool set;
    srcpos pos;
} model_internal;

/* A takeaway bullet: Markdown inline text, optionally with sub-points. */
typedef struct model_takeaway {
    srcpos pos;             /* the `- ` of the list item */
    model_internal internal;
    model_text text;
    model_text_list points; /* sub-points, each Markdown inline */
} model_takeaway;

typedef struct model_question {
    srcpos pos;
    model_internal internal;
    model_text question;    /* Markdown inline */
    model_takeaway *takeaways;
    size_t n_takeaways;
    model_text notes;       /* Markdown */
} model_question;

typedef struct model_section {
    srcpos pos;
    model_internal internal;
    model_text heading;
    model_text body;        /* Markdown */
} model_section;

typedef struct model_action {
    srcpos pos;
    model_internal internal;
    model_text action;      /* Markdown inline */
    model_text owner;
    model_date due;
} model_action;

typedef struct model_speaker {
    srcpos pos;
    model_internal internal;
    model_text name, role, organisation;
    model_text photo;       /* as written */
    const char *photo_path; /* resolved (absolute or relative to cwd), or NULL */
    model_text photo_alt;   /* what the photo shows, for readers who cannot
                               see it; absent: "Photograph of NAME" */
    model_text bio;         /* Markdown */
    model_text_list email, phone, website, linkedin, twitter;
} model_speaker;

typedef struct model_attendee {
    srcpos pos;
    model_text name, role, organisation;
} model_attendee;

typedef enum model_setting {
    MODEL_SETTING_NONE,
    MODEL_SETTING_IN_PERSON,
    MODEL_SETTING_ONLINE,
    MODEL_SETTING_HYBRID
} model_setting;

typedef enum model_status { MODEL_STATUS_FINAL, MODEL_STATUS_DRAFT } model_status;

/* The words a document prints in one language, from data/lang/TAG.yaml
 * (load/catalog.c): labels, part headings, dates, punctuation. Templates
 * name what they hold in braces: "Page {n} of {total}". Loaded once per
 * document and language; every field is set (never NULL) but day_one and
 * calling_code. */
typedef struct model_catalog {
    const char *tag;            /* the catalog's file name: en-GB, cy */
    const char *days[7];        /* Monday … Sunday */
    const char *months[12];
    const char *day_one;        /* the first of a month ("1er"), or NULL */
    const char *date_long;      /* {weekday} {day} {month} {year} */
    const char *date_short;     /* {day} {month} {year} */
    /* opening and closing double quotes, then single ones */
    const char *quotes[4];
    const char *calling_code;   /* a national number 0… is +CODE… (tel:) */
    /* the cover's labels and values */
    const char *date, *time, *chair, *hosted_by, *with, *venue, *format, *in_person,
        *online, *hybrid, *published, *prepared_for, *pack_contents;
    const char *roundtables_one, *roundtables_other, *speakers_one,
        *speakers_other, *count_separator;
    const char *facts_hosted, *facts_hosted_with, *facts_chaired;
    /* parts */
    const char *contents, *summary, *question_discussed,
        *questions_discussed, *takeaways, *next_steps, *speaker, *speakers,
        *attendees, *about_pack;
    const char *question_label, *question_outline, *notes_label;
    const char *action_number, *action, *owner, *due;
    const char *action_number_said; /* "#" in words, for a screen reader */
    const char *email, *phone, *website, *web, *linkedin, *twitter;
    const char *email_title, *photo_alt, *logo_alt, *biography,
        *biography_title;
    const char *pack_chapter, *handout_kicker;
    const char *page_of, *blank_page, *contents_entry;
    const char *draft, *draft_footer, *draft_footer_unversioned, *draft_title;
    const char *status;         /* the cover's label for a draft's line */
    const char *chatham_house;
} model_catalog;

typedef enum model_page_size { MODEL_PAGE_A4, MODEL_PAGE_LETTER, MODEL_PAGE_A5 } model_page_size;

/* How the document is printed (`print:` in a brand or a pack, --duplex):
 * unset leaves it to what comes next in line, then one-sided. */
typedef enum model_print {
    MODEL_PRINT_UNSET,
    MODEL_PRINT_SIMPLEX,
    MODEL_PRINT_DUPLEX
} model_print;

typedef struct model_brand {
    const char *path;       /* the brand file, or NULL for the built-in default */
    model_text name;
    model_colour primary, accent, text, muted;
    model_colour link;      /* links and labels (`colours.link`), when
                               link_set; else derived from the accent */
    bool link_set;
    /* Resolved paths of the TrueType faces (never NULL after loading). */
    const char *font_regular, *font_bold, *font_italic, *font_bold_italic,
        *font_heading;
    const char *logo;       /* resolved path, or NULL */
    model_text logo_text;   /* as written in the brand file `path` */
    model_text logo_alt;    /* what the logo shows; absent: "NAME logo" */
    model_text footer;
    model_page_size page;
    /* Typesetting switches (brand keys `justify`, `hyphenate`, `kerning`). */
    bool justify, hyphenate, kerning;
    model_print print;      /* `print`: one- or two-sided */
} model_brand;

typedef struct model_roundtable {
    const char *path;       /* the file as named on the command line */
    const char *dir;        /* its folder, for resolving relative paths */
    model_text format;
    model_text title, subtitle;
    model_date date, published;
    model_text host, partner, venue;
    model_text time;        /* when it met, as written ("14:00–16:00") */
    model_text chair;       /* who chaired it */
    model_setting setting;
    model_text setting_text;
    model_text classification;
    model_text brand;       /* as written; the loaded brand is below */
    model_text language;    /* BCP 47; "en-GB" when absent */
    const model_catalog *catalog; /* the words in that language */
    model_status status;    /* `status`: draft or final (the default) */
    model_text status_text;
    model_text version;     /* a draft's version, as written */
    bool chatham_house;     /* held under the Chatham House Rule */
    model_text_list keywords; /* for the PDF's metadata */
    model_text summary;
    model_question *questions;
    size_t n_questions;
    model_section *sections;
    size_t n_sections;
    model_text next_steps;
    /* `next_steps` written as a list: each step Markdown, each may be
     * internal (then next_steps.s is NULL) */
    model_text_list next_step_list;
    model_action *actions;
    size_t n_actions;
    model_speaker *speakers;
    size_t n_speakers;
    model_attendee *attendees;
    size_t n_attendees;
    model_brand *brand_model; /* the loaded brand (never NULL after loading) */
    /* `handout: notes: N`: N + 1 (ruled lines under each question of
     * the handout, plus one); 0 when not given (the handout's default) */
    unsigned handout_notes;
    srcpos handout_notes_pos;
} model_roundtable;

/* A pack: several roundtables bound into one document. */
typedef struct model_pack {
    const char *path;
    const char *dir;
    model_text format;
    model_text title, subtitle, prepared_for;
    model_date date;
    model_text classification; /* as written; see marking below */
    const char *marking;       /* printed on every page: the pack's, or the
                                  highest of its items' when it names none */
    model_text brand, language;
    const model_catalog *catalog;
    model_status status;       /* a draft pack may hold final items */
    model_text status_text;
    model_text version;
    model_text cover_note;     /* Markdown */
    model_text_list keywords;
    model_roundtable **items;
    size_t n_items;
    model_brand *brand_model;
    model_print print;         /* `print`: overrides the brand's */
} model_pack;

#endif
