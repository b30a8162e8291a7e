/* markdown: a Markdown field of the model (CommonMark, parsed by libcmark)
 * → a flat list of blocks, each a list of styled inline runs. Constructs
 * that v1 does not accept are reported at their YAML line and column. */
#ifndef BRIEFPACK_MARKDOWN_H
#define BRIEFPACK_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model.h"

enum md_style {
    MD_STYLE_EMPH = 1,
    MD_STYLE_STRONG = 2,
    MD_STYLE_CODE = 4,
};

typedef struct md_run {
    const char *text;      /* UTF-8, typographic quotes and dashes applied */
    size_t len;
    unsigned style;        /* md_style bits */
    const char *link;      /* the link's target, or NULL */
    const char *link_title; /* what the link is, in words, when its text
                               does not say ("Email Ada Lovelace"), or NULL */
    srcpos link_pos;       /* where the link is in the YAML file */
    bool hard_break;       /* a forced line break follows this run */
} md_run;

typedef enum md_block_kind { MD_PARAGRAPH, MD_LIST_ITEM } md_block_kind;

/* Lists are flattened: a list item's first paragraph is an MD_LIST_ITEM
 * block carrying the marker; its later paragraphs are MD_PARAGRAPH blocks
 * at the same depth. Depth counts list nesting (0 outside lists). */
typedef struct md_block {
    md_block_kind kind;
    unsigned depth;
    unsigned quote;        /* block quote nesting */
    bool ordered;          /* marker: number (ordered) or bullet */
    int number;
    bool tight;            /* the list is tight: no space between items */
    md_run *runs;
    size_t n_runs;
    srcpos pos;            /* in the YAML file */
} md_block;

typedef struct md_doc {
    md_block *blocks;
    size_t n;
} md_doc;

/* A Markdown field of several blocks (summary, body, bio, notes). */
md_doc markdown_blocks(const model_text *t, const char *file, arena *a,
                       diag *d);
/* An inline field (a takeaway, a question): the runs of its one paragraph.
 * A list, a block quote or a second paragraph is an error naming `what`
 * ("a takeaway"). */
md_block markdown_inline(const model_text *t, const char *what,
                         const char *file, arena *a, diag *d);
/* Straight quotes, -- and --- and ... made typographic, as the Markdown
 * fields are (CommonMark's smart punctuation), for plain text fields. */
const char *markdown_smart(const char *s, arena *a);
/* Plain text runs (no Markdown), e.g. for names and roles; punctuation
 * made typographic. */
md_block markdown_plain(const char *s, arena *a);

/* Where in the YAML file a place inside a text value is: `line` and `col`
 * as cmark counts them (from 1; the column in bytes). */
srcpos markdown_yaml_pos(const model_text *t, int line, int col);

#endif
