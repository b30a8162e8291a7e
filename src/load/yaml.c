/* The only file that speaks libyaml: bytes → a tree of load_node values, each
 * with its place in the file (lines and columns from 1, columns in
 * characters). Everything YAML can do that a briefpack file must not
 * (anchors, aliases, tags, several documents, runaway nesting) is refused
 * here with a located message, so the schema code only sees plain data. */
#include "load/load_internal.h"
#include "base/oom.h"
#include "load/scalar_pos.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* How deep a refused subtree may go before we stop reading the file: libyaml
 * spends time quadratic in the nesting depth, so a file of a million `[`
 * must be abandoned, not walked. */
#define LOAD_SKIP_DEPTH 1000u

typedef struct yaml_builder {
    load_ctx *c;
    yaml_parser_t parser;
    bool stopped;    /* no more events: a syntax error or a refusal */
    size_t n_values;
    /* The last event read, for the hints on a syntax error after it. */
    yaml_event_type_t last_type;
    yaml_scalar_style_t last_style;
    yaml_mark_t last_start, last_end;
    /* The event read and not yet deleted (there is never more than one),
     * deleted with the parser if the arena runs out of memory (oom.h). */
    yaml_event_t *live;
    oom_hold hold;
} yaml_builder;

static void event_delete(yaml_builder *b, yaml_event_t *ev)
{
    yaml_event_delete(ev);
    b->live = NULL;
}

static void builder_release(void *p)
{
    yaml_builder *b = p;
    if (b->live)
        yaml_event_delete(b->live);
    yaml_parser_delete(&b->parser);
}

static srcpos mark_pos(yaml_mark_t m)
{
    return (srcpos){(unsigned)m.line + 1, (unsigned)m.column + 1};
}

/* The byte offsets of line `line` (from 1): its first byte and the end of
 * its text (before the line break). */
static bool source_line(const load_source *src, unsigned line, size_t *begin,
                        size_t *end)
{
    if (line == 0 || line > src->n_lines)
        return false;
    *begin = src->line_start[line - 1];
    size_t e = line < src->n_lines ? src->line_start[line] : src->len;
    while (e > *begin && (src->buf[e - 1] == '\n' || src->buf[e - 1] == '\r'))
        e--;
    /* NEL, LS and PS end a line too (two and three bytes). */
    if (e >= *begin + 2 && load_line_break_len(src->buf, src->len, e - 2) == 2)
        e -= 2;
    else if (e >= *begin + 3 && load_line_break_len(src->buf, src->len, e - 3) == 3)
        e -= 3;
    *end = e;
    return true;
}

/* For a line of block text that is not indented: the `|` or `>` of the
 * block header on the nearest non-blank line above it, or 0. */
static char block_header_above(const load_source *src, unsigned line)
{
    for (unsigned l = line; l-- > 1;) {
        size_t b, e;
        if (!source_line(src, l, &b, &e))
            return 0;
        /* a comment after the header: `summary: |  # notes` */
        for (size_t i = b; i < e; i++)
            if (src->buf[i] == '#' && i > b &&
                (src->buf[i - 1] == ' ' || src->buf[i - 1] == '\t')) {
                e = i;
                break;
            }
        while (e > b && (src->buf[e - 1] == ' ' || src->buf[e - 1] == '\t'))
            e--;
        if (e == b)
            continue; /* blank: look further up */
        /* the header: `|` or `>`, then at most an indentation digit and a
         * chomping indicator, after a space or at the start of the line */
        size_t i = e;
        while (i > b && e - i < 2 &&
               ((src->buf[i - 1] >= '1' && src->buf[i - 1] <= '9') ||
                src->buf[i - 1] == '-' || src->buf[i - 1] == '+'))
            i--;
        if (i == b)
            return 0;
        char h = src->buf[i - 1];
        if ((h == '|' || h == '>') &&
            (i - 1 == b || src->buf[i - 2] == ' ' || src->buf[i - 2] == '\t'))
            return h;
        return 0;
    }
    return 0;
}

/* Whether the `:` at `pos` is on a line that only continues the value of
 * a line above (no key, no `- ` before it on its own line). */
static bool continues_above(const load_source *src, srcpos pos)
{
    size_t b, e;
    if (!source_line(src, pos.line, &b, &e))
        return false;
    size_t colon = load_source_offset(src, pos);
    size_t i = b;
    while (i < colon && src->buf[i] == ' ')
        i++;
    if (i + 1 < colon && src->buf[i] == '-' && src->buf[i + 1] == ' ')
        return false;
    for (; i + 1 < colon; i++)
        if (src->buf[i] == ':' &&
            (src->buf[i + 1] == ' ' || src->buf[i + 1] == '\t'))
            return false;
    return true;
}

/* libyaml counts a line break at the end of a file that has none: a
 * place past the last line is the end of the last line. */
static srcpos clamp_pos(const load_source *src, srcpos pos)
{
    if (pos.line <= src->n_lines)
        return pos;
    size_t b, e;
    if (!source_line(src, (unsigned)src->n_lines, &b, &e))
        return pos;
    return load_source_pos_at(src, e);
}

/* libyaml's problem, in its words, with a hint for the mistakes people
 * make most, at the place that helps most: the opening quote of a quote
 * never closed, the first line of block text not indented, else where
 * libyaml stopped. */
static void report_syntax_error(yaml_builder *b)
{
    load_ctx *c = b->c;
    const yaml_parser_t *p = &b->parser;
    const char *problem = p->problem ? p->problem : "cannot parse the YAML";
    const char *context = p->context ? p->context : "";
    srcpos pos = clamp_pos(&c->src, mark_pos(p->problem_mark));
    srcpos ctx = clamp_pos(&c->src, mark_pos(p->context_mark));
    size_t at = load_source_offset(&c->src, pos);
    char ch = at < c->src.len ? c->src.buf[at] : '\0';

    if (strcmp(problem, "found unexpected end of stream") == 0 &&
        strcmp(context, "while scanning a quoted scalar") == 0) {
        load_error(c, ctx,
                   "%s; the quote opened at line %u, column %u is never "
                   "closed",
                   problem, ctx.line, ctx.col);
        return;
    }
    if (strcmp(problem, "could not find expected ':'") == 0 &&
        strcmp(context, "while scanning a simple key") == 0) {
        char h = block_header_above(&c->src, ctx.line);
        if (h) {
            load_error(c, ctx,
                       "%s; the text of a `%c` block must be indented under "
                       "its key",
                       problem, h);
            return;
        }
    }
    /* A quoted value that runs over several lines and is followed by a
     * mistake on its last line: most likely its closing quote is missing
     * and the next line's opening quote closed it. */
    if (b->last_type == YAML_SCALAR_EVENT &&
        (b->last_style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
         b->last_style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
        b->last_end.line > b->last_start.line &&
        p->problem_mark.line == b->last_end.line) {
        srcpos open = mark_pos(b->last_start);
        srcpos close = mark_pos(b->last_end);
        load_error(c, open,
                   "%s at line %u, column %u; the quote opened at line %u, "
                   "column %u is closed only at line %u, column %u: is its "
                   "closing quote missing?",
                   problem, pos.line, pos.col, open.line, open.col,
                   close.line, close.col - 1);
        return;
    }

    const char *hint = "";
    if (ch == '\t') {
        /* libyaml's words for a tab are cryptic; say what to do. */
        hint = "; indent YAML with spaces, not tabs";
    } else if (strcmp(problem,
                      "found character that cannot start any token") == 0 &&
               ch == '@') {
        hint = "; a value cannot start with `@`: put it in quotes, as in "
               "\"@techUK\"";
    } else if (strcmp(problem,
                      "found character that cannot start any token") == 0 &&
               ch == '`') {
        hint = "; a value cannot start with a backquote (`): put it in "
               "quotes, as in \"`code` and text\"";
    } else if (strcmp(problem,
                      "mapping values are not allowed in this context") ==
               0) {
        hint = continues_above(&c->src, pos)
                   ? "; a value that contains `: ` must be in quotes (or, "
                     "if this line starts a new key, check its indentation "
                     "against the lines above it)"
                   : "; a value that contains `: ` must be in quotes";
    } else if (strcmp(problem, "did not find expected comment or line "
                               "break") == 0 &&
               strcmp(context, "while scanning a block scalar") == 0) {
        /* `- > quoted text`: a `>` or `|` starts a block of text */
        size_t at_ctx = load_source_offset(&c->src, ctx);
        char h = at_ctx < c->src.len ? c->src.buf[at_ctx] : '>';
        hint = h == '|' ? "; `|` starts a block of text on the lines below: "
                          "to begin a text with `|`, put the whole text in "
                          "quotes"
                        : "; `>` starts a block of text on the lines below: "
                          "to begin a text with `>`, put the whole text in "
                          "quotes, as in \"> quoted\"";
    } else if (strcmp(problem, "did not find expected '-' indicator") == 0 ||
               strcmp(problem, "did not find expected key") == 0) {
        hint = "; check the indentation of this line against the lines "
               "above it";
    }
    bool context_elsewhere =
        p->context && (p->context_mark.line != p->problem_mark.line ||
                       p->context_mark.column != p->problem_mark.column);
    if (context_elsewhere)
        load_error(c, pos, "%s (%s at line %u, column %u)%s", problem,
                   p->context, ctx.line, ctx.col, hint);
    else
        load_error(c, pos, "%s%s", problem, hint);
}

static void report_parser_error(yaml_builder *b)
{
    load_ctx *c = b->c;
    const yaml_parser_t *p = &b->parser;
    const char *problem = p->problem ? p->problem : "cannot parse the YAML";
    if (p->error == YAML_MEMORY_ERROR) {
        oom_raise();
    } else if (p->error == YAML_READER_ERROR) {
        srcpos pos = load_source_pos_at(&c->src, p->problem_offset);
        if (p->problem_value >= 0)
            load_error(c, pos, "%s (U+%04X)", problem,
                       (unsigned)p->problem_value);
        else
            load_error(c, pos, "%s", problem);
    } else {
        report_syntax_error(b);
    }
}

static bool next_event(yaml_builder *b, yaml_event_t *ev)
{
    if (b->stopped)
        return false;
    if (yaml_parser_parse(&b->parser, ev)) {
        b->live = ev;
        b->last_type = ev->type;
        b->last_start = ev->start_mark;
        b->last_end = ev->end_mark;
        if (ev->type == YAML_SCALAR_EVENT)
            b->last_style = ev->data.scalar.style;
        return true;
    }
    report_parser_error(b);
    b->stopped = true;
    return false;
}

/* Consumes the rest of a collection whose start event was just read. */
static bool skip_collection(yaml_builder *b)
{
    unsigned depth = 1;
    while (depth) {
        yaml_event_t ev;
        if (!next_event(b, &ev))
            return false;
        if (ev.type == YAML_SEQUENCE_START_EVENT ||
            ev.type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (ev.type == YAML_SEQUENCE_END_EVENT ||
                 ev.type == YAML_MAPPING_END_EVENT)
            depth--;
        event_delete(b, &ev);
        if (depth > LOAD_SKIP_DEPTH) {
            b->stopped = true;
            return false;
        }
    }
    return true;
}

static void refuse_properties(yaml_builder *b, srcpos pos,
                              const yaml_char_t *anchor, const yaml_char_t *tag)
{
    load_ctx *c = b->c;
    if (anchor)
        load_error(c, pos,
                   "YAML anchors are not supported (`&%s`); write the value "
                   "out in full",
                   load_quote(c, (const char *)anchor, strlen((const char *)anchor)));
    if (tag) {
        static const char core[] = "tag:yaml.org,2002:";
        const char *t = (const char *)tag;
        if (strncmp(t, core, sizeof core - 1) == 0)
            load_error(c, pos, "YAML tags are not supported (`!!%s`)",
                       load_quote(c, t + sizeof core - 1,
                                  strlen(t + sizeof core - 1)));
        else
            load_error(c, pos, "YAML tags are not supported (`%s`)",
                       load_quote(c, t, strlen(t)));
    }
}

/* For a `|` or `>` scalar: the line after the header (leading blank lines
 * stay in the text as newlines, so text line k is file line header + 1 + k)
 * and the block's indentation + 1. The indentation is the first non-blank
 * content line's leading spaces in the file minus those libyaml kept. */
static srcpos block_content_pos(const load_source *src, srcpos pos,
                                const char *value, size_t len)
{
    if (len == 0 || pos.line >= src->n_lines)
        return pos;
    size_t spaces_in_file = 0;
    bool found = false;
    for (size_t l = pos.line; l < src->n_lines && !found; l++) {
        size_t i = src->line_start[l];
        size_t end = l + 1 < src->n_lines ? src->line_start[l + 1] : src->len;
        size_t m = 0;
        while (i + m < end && src->buf[i + m] == ' ')
            m++;
        if (i + m < end && !load_line_break_len(src->buf, src->len, i + m)) {
            spaces_in_file = m;
            found = true;
        }
    }
    size_t i = 0;
    while (i < len) {
        size_t m = 0;
        while (i + m < len && value[i + m] == ' ')
            m++;
        if (i + m < len && value[i + m] != '\n') {
            if (spaces_in_file >= m)
                spaces_in_file -= m;
            break;
        }
        const char *nl = memchr(value + i, '\n', len - i);
        if (!nl)
            break;
        i = (size_t)(nl - value) + 1;
    }
    return (srcpos){pos.line + 1, (unsigned)spaces_in_file + 1};
}

/* The first control character (other than tab and line feed) in valid
 * UTF-8 text, or 0. libyaml refuses them written raw, but escapes in double
 * quotes ("\0", "\x1B") still produce them, and no PDF can print them. */
static unsigned control_char_in(const char *s, size_t len, size_t *at)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        *at = i;
        if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n') || u[i] == 0x7F)
            return u[i];
        if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
            return u[i + 1];
    }
    return 0;
}

static model_text_style text_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return MODEL_TEXT_SINGLE_QUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return MODEL_TEXT_DOUBLE_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE: return MODEL_TEXT_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return MODEL_TEXT_FOLDED;
    default: return MODEL_TEXT_PLAIN;
    }
}

static void build_scalar(yaml_builder *b, load_node *n, const yaml_event_t *ev)
{
    load_ctx *c = b->c;
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (len > LOAD_MAX_TEXT) {
        load_error(c, n->pos,
                   "this text is %zu bytes long; one value may hold at most "
                   "1 MiB",
                   len);
        return;
    }
    size_t cc_at = 0;
    unsigned cc = control_char_in(value, len, &cc_at);
    if (cc) {
        /* at the escape that made it (`"\r"`), not at the opening quote */
        srcpos where = n->pos;
        size_t start = load_source_offset(&c->src, n->pos);
        if (start < c->src.len) {
            size_t j = scalar_pos_raw_offset(
                text_style(ev->data.scalar.style), value, len,
                c->src.buf + start, c->src.len - start, cc_at);
            if (j != SCALAR_POS_NONE)
                where = load_source_pos_at(&c->src, start + j);
        }
        load_error(c, where,
                   "the text contains the control character U+%04X, which "
                   "cannot be printed",
                   cc);
        return;
    }
    n->kind = LOAD_NODE_SCALAR;
    n->s = arena_strndup(c->scratch, value, len);
    n->len = len;
    n->content = n->pos;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        n->style = MODEL_TEXT_SINGLE_QUOTED;
        n->content.col++;
        break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        n->style = MODEL_TEXT_DOUBLE_QUOTED;
        n->content.col++;
        break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE:
        n->style = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE
                       ? MODEL_TEXT_LITERAL
                       : MODEL_TEXT_FOLDED;
        /* pos is the `|` (or a refused anchor or tag before it on the same
         * line): the content starts on the next line either way. */
        n->content = block_content_pos(&c->src, n->pos, value, len);
        break;
    default:
        n->style = MODEL_TEXT_PLAIN;
        break;
    }
}

static load_node *build_node(yaml_builder *b, yaml_event_t *ev,
                             unsigned depth);

/* Builds one entry of a collection from the event just read, or skips it
 * when the collection already holds more than any part of the format may. */
static load_node *build_entry(yaml_builder *b, yaml_event_t *ev,
                              unsigned depth, size_t count)
{
    if (count <= LOAD_MAX_POINTS)
        return build_node(b, ev, depth);
    bool collection = ev->type == YAML_SEQUENCE_START_EVENT ||
                      ev->type == YAML_MAPPING_START_EVENT;
    event_delete(b, ev);
    if (collection && !skip_collection(b))
        return NULL;
    return arena_alloc(b->c->scratch, sizeof(load_node));
}

static bool build_collection(yaml_builder *b, load_node *n, bool is_map,
                             unsigned depth)
{
    load_ctx *c = b->c;
    size_t cap = 0, count = 0;
    const load_node *key = NULL;
    for (;;) {
        yaml_event_t ev;
        if (!next_event(b, &ev))
            return false;
        if (ev.type == YAML_SEQUENCE_END_EVENT ||
            ev.type == YAML_MAPPING_END_EVENT) {
            event_delete(b, &ev);
            return true;
        }
        load_node *child = build_entry(b, &ev, depth + 1, count / (is_map ? 2 : 1));
        if (!child)
            return false;
        count++;
        if (!is_map) {
            if (count <= LOAD_MAX_POINTS + 1)
                *ARENA_PUSH(c->scratch, n->items, n->n_items, cap) = child;
            continue;
        }
        if (count % 2 == 1) {
            key = child;
            if (key->kind == LOAD_NODE_LIST || key->kind == LOAD_NODE_MAP)
                load_error(c, key->pos, "a key must be text, found %s",
                           load_node_found(key));
            continue;
        }
        if (key->kind == LOAD_NODE_SCALAR && count / 2 <= LOAD_MAX_POINTS + 1) {
            load_pair *p = ARENA_PUSH(c->scratch, n->pairs, n->n_pairs, cap);
            p->key = key;
            p->value = child;
        }
    }
}

/* Builds the value that starts with `ev` (which it consumes). Returns NULL
 * when reading stopped; a refused value comes back as LOAD_NODE_INVALID. */
static load_node *build_node(yaml_builder *b, yaml_event_t *ev, unsigned depth)
{
    load_ctx *c = b->c;
    load_node *n = arena_alloc(c->scratch, sizeof *n);
    n->kind = LOAD_NODE_INVALID;
    n->pos = mark_pos(ev->start_mark);
    if (++b->n_values > LOAD_MAX_VALUES) {
        load_error(c, n->pos,
                   "more than %u values in one file; stopping here",
                   LOAD_MAX_VALUES);
        event_delete(b, ev);
        b->stopped = true;
        return NULL;
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        load_error(c, n->pos,
                   "YAML aliases are not supported (`*%s`); write the value "
                   "out in full",
                   (const char *)ev->data.alias.anchor);
        event_delete(b, ev);
        return n;
    case YAML_SCALAR_EVENT:
        refuse_properties(b, n->pos, ev->data.scalar.anchor,
                          ev->data.scalar.tag);
        build_scalar(b, n, ev);
        event_delete(b, ev);
        return n;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool is_map = ev->type == YAML_MAPPING_START_EVENT;
        if (is_map)
            refuse_properties(b, n->pos, ev->data.mapping_start.anchor,
                              ev->data.mapping_start.tag);
        else
            refuse_properties(b, n->pos, ev->data.sequence_start.anchor,
                              ev->data.sequence_start.tag);
        event_delete(b, ev);
        if (depth > LOAD_MAX_DEPTH) {
            load_error(c, n->pos,
                       "lists and mappings are nested more than %u levels "
                       "deep",
                       LOAD_MAX_DEPTH);
            return skip_collection(b) ? n : NULL;
        }
        n->kind = is_map ? LOAD_NODE_MAP : LOAD_NODE_LIST;
        return build_collection(b, n, is_map, depth) ? n : NULL;
    }
    default:
        /* libyaml only starts a node with the events above. */
        event_delete(b, ev);
        return n;
    }
}

static const load_node *parse_stream(yaml_builder *b, bool *empty)
{
    yaml_event_t ev;
    if (!next_event(b, &ev))
        return NULL;
    event_delete(b, &ev); /* stream start */
    if (!next_event(b, &ev))
        return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        event_delete(b, &ev);
        *empty = true;
        return NULL;
    }
    event_delete(b, &ev); /* document start */
    if (!next_event(b, &ev))
        return NULL;
    const load_node *root = build_node(b, &ev, 1);
    if (!root || !next_event(b, &ev))
        return NULL;
    event_delete(b, &ev); /* document end */
    if (!next_event(b, &ev))
        return NULL;
    if (ev.type == YAML_DOCUMENT_START_EVENT)
        load_error(b->c, mark_pos(ev.start_mark),
                   "a second YAML document; a file holds one (remove this "
                   "`---` and what follows, or make it one file each)");
    event_delete(b, &ev);
    if (load_node_is_empty(root)) {
        *empty = true;
        return NULL;
    }
    return root;
}

const load_node *load_yaml_parse(load_ctx *c, bool *empty)
{
    *empty = false;
    const load_source *src = &c->src;
    size_t max = c->opt && c->opt->max_input ? c->opt->max_input
                                             : LOAD_MAX_INPUT_DEFAULT;
    if (src->len > max) {
        char limit[64];
        load_format_size(limit, sizeof limit, max);
        load_error(c, (srcpos){0, 0},
                   "the file is larger than %s; --max-input raises the limit",
                   limit);
        return NULL;
    }
    size_t bad = load_utf8_invalid_at(src->buf, src->len);
    if (bad < src->len) {
        load_error(c, load_source_pos_at(src, bad),
                   "invalid UTF-8 at byte offset %zu (0x%02X); save the file "
                   "as UTF-8",
                   bad, (unsigned)(unsigned char)src->buf[bad]);
        return NULL;
    }
    /* libyaml would take a NUL for the end of the input and quietly ignore
     * the rest. */
    const char *nul = memchr(src->buf, '\0', src->len);
    if (nul) {
        size_t at = (size_t)(nul - src->buf);
        load_error(c, load_source_pos_at(src, at),
                   "a NUL byte at byte offset %zu; is this a text file?", at);
        return NULL;
    }
    yaml_builder b;
    memset(&b, 0, sizeof b);
    b.c = c;
    if (!yaml_parser_initialize(&b.parser))
        oom_raise();
    oom_hold_push(&b.hold, builder_release, &b);
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)src->buf,
                                 src->len);
    const load_node *root = parse_stream(&b, empty);
    oom_hold_drop(&b.hold);
    yaml_parser_delete(&b.parser);
    return root;
}
