#include "typeset/markdown.h"

#include "base/oom.h"
#include "load/scalar_pos.h"

#include <cmark.h>
#include <string.h>

/* Where a line of the value starts, for the line asked for last. */
typedef struct md_line_cursor {
    int line;
    size_t off;
} md_line_cursor;

typedef struct md_walk {
    const model_text *src;
    md_line_cursor line_cursor;   /* places of nodes, found in one pass */
    scalar_pos_cursor pos_cursor;
    const char *file;
    arena *mem;
    diag *d;
    md_block *blocks;
    size_t n, cap;
    /* the runs of the block being filled */
    md_run *runs;
    size_t n_runs, runs_cap;
    const char *link;
    srcpos link_pos;
    srcpos block_pos;       /* the block being filled */
    unsigned style;
    unsigned depth, quote;
    bool html_reported;
} md_walk;

/* The offset in the value where cmark's line `line` starts, going on from
 * the last line asked for (nodes come in document order). */
static size_t md_line_offset(const model_text *t, md_line_cursor *lc, int line)
{
    const char *s = t->s ? t->s : "";
    if (lc->line < 1 || line < lc->line) {
        lc->line = 1;
        lc->off = 0;
    }
    while (lc->line < line && lc->off < t->len) {
        const char *nl = memchr(s + lc->off, '\n', t->len - lc->off);
        if (!nl) {
            lc->off = t->len;
            break;
        }
        lc->off = (size_t)(nl - s) + 1;
        lc->line++;
    }
    return lc->off;
}

static srcpos md_pos(const model_text *t, md_line_cursor *lc,
                     scalar_pos_cursor *pc, int line, int col)
{
    /* cmark counts lines from 1 and columns in bytes from 1 */
    size_t off = md_line_offset(t, lc, line < 1 ? 1 : line);
    if (col > 1)
        off += (size_t)col - 1 < t->len - off ? (size_t)col - 1 : t->len - off;
    return scalar_pos_seek(t, pc, off);
}

srcpos markdown_yaml_pos(const model_text *t, int line, int col)
{
    md_line_cursor lc = {0};
    scalar_pos_cursor pc = {0};
    return md_pos(t, &lc, &pc, line, col);
}

static srcpos md_node_pos(md_walk *w, cmark_node *n)
{
    cmark_node *p = n;
    /* cmark 0.30 leaves some inlines without a place: use the block's. */
    while (p && cmark_node_get_start_line(p) == 0)
        p = cmark_node_parent(p);
    if (!p)
        return scalar_pos_seek(w->src, &w->pos_cursor, 0);
    int line = cmark_node_get_start_line(p);
    int col = cmark_node_get_start_column(p);
    /* On a paragraph's later lines, cmark 0.30 gives an inline the column
     * of its paragraph's first line plus its offset in the line's text
     * after the line's indentation (and `>` markers): put it back on the
     * line as written. */
    cmark_node *block = p;
    bool quoted = false;
    while (block && cmark_node_get_type(block) >= CMARK_NODE_FIRST_INLINE)
        block = cmark_node_parent(block);
    for (cmark_node *q = block; q; q = cmark_node_parent(q))
        quoted |= cmark_node_get_type(q) == CMARK_NODE_BLOCK_QUOTE;
    if (block != p && block && cmark_node_get_start_line(block) < line) {
        const char *s = w->src->s ? w->src->s : "";
        size_t off = md_line_offset(w->src, &w->line_cursor, line);
        int lead = 0;
        while (off < w->src->len &&
               (s[off] == ' ' || s[off] == '\t' || (quoted && s[off] == '>'))) {
            off++;
            lead++;
        }
        col = col - (cmark_node_get_start_column(block) - 1) + lead;
        if (col < 1)
            col = 1;
    }
    return md_pos(w->src, &w->line_cursor, &w->pos_cursor, line, col);
}

static void md_reject(md_walk *w, cmark_node *n, const char *what)
{
    diag_error(w->d, w->file, md_node_pos(w, n),
               "%s are not allowed in briefpack Markdown (v1 accepts "
               "paragraphs, lists, emphasis, code, links and block quotes)",
               what);
}

static void md_run_add(md_walk *w, const char *s, size_t len)
{
    if (!len)
        return;
    md_run *prev = w->n_runs ? &w->runs[w->n_runs - 1] : NULL;
    /* Adjacent text of the same style is one run: fewer, longer runs make
     * shaping and drawing cheaper. */
    if (prev && !prev->hard_break && prev->style == w->style &&
        prev->link == w->link && prev->text + prev->len == s) {
        prev->len += len;
        return;
    }
    md_run *r = ARENA_PUSH(w->mem, w->runs, w->n_runs, w->runs_cap);
    r->text = s;
    r->len = len;
    r->style = w->style;
    r->link = w->link;
    r->link_pos = w->link_pos;
}

static void md_text(md_walk *w, const char *s)
{
    size_t len = strlen(s);
    md_run_add(w, arena_strndup(w->mem, s, len), len);
}

static void md_inlines(md_walk *w, cmark_node *parent)
{
    for (cmark_node *n = cmark_node_first_child(parent); n;
         n = cmark_node_next(n)) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            md_text(w, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
            md_text(w, " ");
            break;
        case CMARK_NODE_LINEBREAK:
            if (w->n_runs)
                w->runs[w->n_runs - 1].hard_break = true;
            break;
        case CMARK_NODE_CODE: {
            unsigned old = w->style;
            w->style |= MD_STYLE_CODE;
            md_text(w, cmark_node_get_literal(n));
            w->style = old;
            break;
        }
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG: {
            unsigned old = w->style;
            w->style |= cmark_node_get_type(n) == CMARK_NODE_EMPH
                            ? MD_STYLE_EMPH
                            : MD_STYLE_STRONG;
            md_inlines(w, n);
            w->style = old;
            break;
        }
        case CMARK_NODE_LINK: {
            const char *old = w->link;
            srcpos old_pos = w->link_pos;
            w->link = arena_strdup(w->mem, cmark_node_get_url(n));
            w->link_pos = md_node_pos(w, n);
            md_inlines(w, n);
            w->link = old;
            w->link_pos = old_pos;
            break;
        }
        case CMARK_NODE_IMAGE:
            md_reject(w, n, "images");
            break;
        case CMARK_NODE_HTML_INLINE: {
            /* `<b>x</b>` is two nodes: a message for each opening tag (and
             * for a closing tag that no opening one came before) */
            const char *lit = cmark_node_get_literal(n);
            bool closing = lit && strncmp(lit, "</", 2) == 0;
            if (!closing || !w->html_reported)
                diag_error(w->d, w->file, md_node_pos(w, n),
                           "raw HTML tags are not allowed in briefpack "
                           "Markdown; write **bold**, *italic* or a "
                           "[link](https://…) instead");
            w->html_reported = true;
            break;
        }
        default:
            break;
        }
    }
}

/* The text of source line `line` (1-based) of the field. */
static const char *md_line(const model_text *t, int line, size_t *len)
{
    const char *p = t->s, *end = t->s + t->len;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n')
            l++;
    const char *e = p;
    while (e < end && *e != '\n')
        e++;
    *len = (size_t)(e - p);
    return p;
}

/* A GitHub-style table's delimiter row: |---|:--:|, cells of dashes. */
static bool md_is_table_rule(const char *s, size_t len)
{
    size_t dashes = 0, pipes = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '-')
            dashes++;
        else if (c == '|')
            pipes++;
        else if (c != ':' && c != ' ' && c != '\t')
            return false;
    }
    return dashes >= 3 && pipes >= 1;
}

/* CommonMark has no tables, so a table would print as rows of pipes: find
 * one and say so. */
static bool md_is_table(const md_walk *w, cmark_node *para)
{
    int first = cmark_node_get_start_line(para);
    int last = cmark_node_get_end_line(para);
    if (!w->src->s || first < 1 || last <= first)
        return false;
    size_t len1, len2;
    const char *l1 = md_line(w->src, first, &len1);
    const char *l2 = md_line(w->src, first + 1, &len2);
    return memchr(l1, '|', len1) && md_is_table_rule(l2, len2);
}

/* The block's place is found before its inlines': places are asked for in
 * document order, so the position cursor only moves forward. */
static void md_block_begin(md_walk *w, cmark_node *n)
{
    w->block_pos = md_node_pos(w, n);
    w->html_reported = false;
    w->runs = NULL;
    w->n_runs = w->runs_cap = 0;
}

static md_block *md_block_end(md_walk *w, md_block_kind kind)
{
    md_block *b = ARENA_PUSH(w->mem, w->blocks, w->n, w->cap);
    b->kind = kind;
    b->depth = w->depth;
    b->quote = w->quote;
    b->runs = w->runs;
    b->n_runs = w->n_runs;
    b->pos = w->block_pos;
    return b;
}

static void md_blocks(md_walk *w, cmark_node *parent, cmark_node *list_item)
{
    for (cmark_node *n = cmark_node_first_child(parent); n;
         n = cmark_node_next(n)) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_PARAGRAPH: {
            if (md_is_table(w, n)) {
                md_reject(w, n, "tables");
                break;
            }
            md_block_begin(w, n);
            md_inlines(w, n);
            bool first = list_item && n == cmark_node_first_child(list_item);
            md_block *b = md_block_end(w, first ? MD_LIST_ITEM : MD_PARAGRAPH);
            if (first) {
                cmark_node *list = cmark_node_parent(list_item);
                b->ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
                b->tight = cmark_node_get_list_tight(list);
                int num = cmark_node_get_list_start(list);
                for (cmark_node *s = cmark_node_previous(list_item); s;
                     s = cmark_node_previous(s))
                    num++;
                b->number = num;
            }
            break;
        }
        case CMARK_NODE_LIST:
            w->depth++;
            for (cmark_node *item = cmark_node_first_child(n); item;
                 item = cmark_node_next(item)) {
                if (!cmark_node_first_child(item) ||
                    cmark_node_get_type(cmark_node_first_child(item)) !=
                        CMARK_NODE_PARAGRAPH) {
                    /* An empty item, or one that opens with a nested list:
                     * give it an empty first paragraph to carry the marker. */
                    md_block_begin(w, item);
                    md_block *b = md_block_end(w, MD_LIST_ITEM);
                    b->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
                    b->tight = cmark_node_get_list_tight(n);
                    b->number = cmark_node_get_list_start(n);
                }
                md_blocks(w, item, item);
            }
            w->depth--;
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            w->quote++;
            md_blocks(w, n, NULL);
            w->quote--;
            break;
        case CMARK_NODE_HEADING:
            md_reject(w, n, "headings");
            break;
        case CMARK_NODE_HTML_BLOCK:
            md_reject(w, n, "raw HTML blocks");
            break;
        case CMARK_NODE_CODE_BLOCK:
            md_reject(w, n, "code blocks (fenced, or lines indented by four spaces)");
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            md_reject(w, n, "horizontal rules");
            break;
        default:
            break;
        }
    }
}

/* libcmark's default allocator calls abort() when memory runs out; this
 * one raises (oom.h) and keeps every block in the document's scope, so a
 * parse cut short leaks nothing. `mem` must outlive the tree. */
static cmark_node *md_parse(const model_text *t, cmark_mem *mem)
{
    *mem = (cmark_mem){oom_cmark_calloc, oom_cmark_realloc, oom_cmark_free};
    cmark_parser *p = cmark_parser_new_with_mem(
        CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8, mem);
    cmark_parser_feed(p, t->s ? t->s : "", t->s ? t->len : 0);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

md_doc markdown_blocks(const model_text *t, const char *file, arena *a,
                       diag *d)
{
    md_walk w = {.src = t, .file = file, .mem = a, .d = d};
    if (!t->s)
        return (md_doc){0};
    cmark_mem mem;
    cmark_node *doc = md_parse(t, &mem);
    md_blocks(&w, doc, NULL);
    cmark_node_free(doc);
    return (md_doc){w.blocks, w.n};
}

/* An inline field is one paragraph: a list, a block quote or a blank line
 * in it has no place on the page, so it is an error rather than text
 * silently run together. Other blocks are refused by md_blocks. */
static void md_check_inline(md_walk *w, cmark_node *doc, const char *what)
{
    size_t paragraphs = 0;
    for (cmark_node *n = cmark_node_first_child(doc); n;
         n = cmark_node_next(n)) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_LIST:
            diag_error(w->d, w->file, md_node_pos(w, n),
                       "%s cannot hold a list%s; to begin the text with a "
                       "number or a dash, write `1\\.` or `\\-`",
                       what,
                       strcmp(what, "a takeaway") == 0
                           ? " (a takeaway's sub-points go under `points:`)"
                           : "");
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            diag_error(w->d, w->file, md_node_pos(w, n),
                       "%s cannot hold a block quote; to begin the text "
                       "with `>`, write `\\>`",
                       what);
            break;
        case CMARK_NODE_PARAGRAPH:
            if (++paragraphs == 2)
                diag_error(w->d, w->file, md_node_pos(w, n),
                           "%s is a single paragraph; remove the blank line "
                           "before this text",
                           what);
            break;
        default:
            break;
        }
    }
}

md_block markdown_inline(const model_text *t, const char *what,
                         const char *file, arena *a, diag *d)
{
    md_walk w = {.src = t, .file = file, .mem = a, .d = d};
    md_block out = {.kind = MD_PARAGRAPH, .pos = t->pos};
    if (!t->s)
        return out;
    cmark_mem mem;
    cmark_node *doc = md_parse(t, &mem);
    md_check_inline(&w, doc, what);
    md_blocks(&w, doc, NULL);
    cmark_node_free(doc);
    size_t cap = 0;
    for (size_t i = 0; i < w.n; i++) {
        if (i && out.n_runs) {
            md_run *sp = ARENA_PUSH(a, out.runs, out.n_runs, cap);
            sp->text = " ";
            sp->len = 1;
        }
        for (size_t j = 0; j < w.blocks[i].n_runs; j++)
            *ARENA_PUSH(a, out.runs, out.n_runs, cap) = w.blocks[i].runs[j];
    }
    return out;
}

const char *markdown_smart(const char *s, arena *a)
{
    if (!s || (!strpbrk(s, "'\"") && !strstr(s, "--") && !strstr(s, "...")))
        return s;
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 3 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        /* opening after a space or bracket, closing (or apostrophe) after
         * anything else: as CommonMark's smart punctuation does */
        bool open = i == 0 || strchr(" \t\n([{", s[i - 1]) ||
                    ((unsigned char)s[i - 1] == 0x9C || (unsigned char)s[i - 1] == 0x98);
        const char *rep = NULL;
        size_t skip = 0;
        if (c == '\'')
            rep = open ? "\u2018" : "\u2019";
        else if (c == '"')
            rep = open ? "\u201C" : "\u201D";
        else if (c == '-' && s[i + 1] == '-' && s[i + 2] == '-')
            rep = "\u2014", skip = 2;
        else if (c == '-' && s[i + 1] == '-')
            rep = "\u2013", skip = 1;
        else if (c == '.' && s[i + 1] == '.' && s[i + 2] == '.')
            rep = "\u2026", skip = 2;
        if (rep) {
            size_t k = strlen(rep);
            memcpy(o, rep, k);
            o += k;
            i += skip;
        } else {
            *o++ = c;
        }
    }
    *o = '\0';
    return out;
}

md_block markdown_plain(const char *s, arena *a)
{
    md_block out = {.kind = MD_PARAGRAPH};
    if (!s || !*s)
        return out;
    s = markdown_smart(s, a);
    out.runs = arena_alloc(a, sizeof *out.runs);
    out.runs[0].text = s;
    out.runs[0].len = strlen(s);
    out.n_runs = 1;
    return out;
}
