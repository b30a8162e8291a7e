/* Turning tree values into model values: key checks, text, dates, lists
 * and contact lists, each reporting at the user's line and column. Shared
 * by the roundtable, pack and brand loaders, so every file kind gets the
 * same messages. Paths are paths.c's. */
#include "load/load_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "load/scalar_pos.h"

#define QUOTE_MAX_CHARS 60
#define SUGGEST_MAX_LEN 64
#define MAP_MAX_KEYS 32

bool load_node_is_empty(const load_node *n)
{
    if (n->kind != LOAD_NODE_SCALAR)
        return false;
    if (n->len == 0)
        return true;
    /* YAML's null, when written plain: `subtitle: ~` means no subtitle, not
     * a subtitle reading "~". */
    return n->style == MODEL_TEXT_PLAIN &&
           (strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
            strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

const char *load_node_found(const load_node *n)
{
    switch (n->kind) {
    case LOAD_NODE_LIST:
        return "a list";
    case LOAD_NODE_MAP:
        return "a mapping";
    case LOAD_NODE_SCALAR:
        return load_node_is_empty(n) ? "nothing" : "text";
    default:
        return "a value that was refused";
    }
}

const char *load_quote(load_ctx *c, const char *s, size_t len)
{
    /* One message, one line: line breaks and tabs become spaces, other
     * control characters (an escape sequence from a hostile file) `?`. */
    char *out = arena_alloc(c->scratch, QUOTE_MAX_CHARS * 4 + 4);
    size_t o = 0, chars = 0, i = 0;
    while (i < len && chars < QUOTE_MAX_CHARS) {
        size_t n = 1;
        while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
            n++;
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n' || ch == '\t' || ch == '\r') {
            out[o++] = ' ';
        } else if (ch < 0x20 || ch == 0x7F) {
            /* never a control character on the user's terminal */
            out[o++] = '?';
        } else {
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
        chars++;
    }
    if (i < len) {
        memcpy(out + o, "\xE2\x80\xA6", 3); /* … */
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* Optimal string alignment distance (edits, adjacent swaps counted once). */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[SUGGEST_MAX_LEN + 2][SUGGEST_MAX_LEN + 2];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *load_suggest(const char *word, size_t len,
                         const char *const *candidates)
{
    if (len > SUGGEST_MAX_LEN)
        return NULL;
    for (size_t i = 0; candidates[i]; i++)
        if (strlen(candidates[i]) == len &&
            strncasecmp(word, candidates[i], len) == 0)
            return candidates[i];
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; candidates[i]; i++) {
        size_t lc = strlen(candidates[i]);
        if (lc > SUGGEST_MAX_LEN)
            continue;
        size_t dist = edit_distance(word, len, candidates[i], lc);
        /* Two edits to a word of up to four letters make a different word
         * (`foo` is not `logo`), not a typo. */
        size_t shorter = len < lc ? len : lc;
        if (dist < best_d && (dist < 2 || shorter > 4)) {
            best = candidates[i];
            best_d = dist;
        }
    }
    if (best)
        return best;
    /* a known key inside a longer one: `subpoints`, `speaker_bio` (not a
     * line of text read as a key: `The summary`) */
    for (size_t i = 0; candidates[i] && !memchr(word, ' ', len); i++) {
        size_t lc = strlen(candidates[i]);
        if (lc >= 4 && lc < len) {
            for (size_t k = 0; k + lc <= len; k++)
                if (strncasecmp(word + k, candidates[i], lc) == 0 &&
                    (k == 0 || k + lc == len))
                    return candidates[i];
        }
    }
    return NULL;
}

/* The index of `key` in `keys`, or -1. */
static int key_index(const char *const *keys, const char *key)
{
    for (int i = 0; keys && keys[i]; i++)
        if (strcmp(keys[i], key) == 0)
            return i;
    return -1;
}

static bool is_block_scalar(const load_node *n)
{
    return n->kind == LOAD_NODE_SCALAR &&
           (n->style == MODEL_TEXT_LITERAL || n->style == MODEL_TEXT_FOLDED);
}

/* Where a key of a brand goes when it is written in a roundtable or a
 * pack (`page: A5` for an A5 roundtable), or NULL. */
static const char *key_elsewhere(const char *key, const char *what)
{
    static const struct {
        const char *key, *where;
    } elsewhere[] = {
        {"page", "the page size is a brand's `page` or the command line's "
                 "--page (A4, A5 or Letter)"},
        {"print", "two-sided printing is a pack's or a brand's `print` or "
                  "the command line's --duplex"},
        {"colours", "colours are a brand's: name a brand file with `brand:`"},
        {"fonts", "fonts are a brand's: name a brand file with `brand:`"},
        {"logo", "the logo is a brand's: name a brand file with `brand:`"},
        {"footer", "the footer is a brand's: name a brand file with `brand:`"},
        {"justify", "justification is a brand's: name a brand file with "
                    "`brand:`"},
        {"hyphenate", "hyphenation is a brand's: name a brand file with "
                      "`brand:`"},
        {"kerning", "kerning is a brand's: name a brand file with `brand:`"},
    };
    if (strcmp(what, "the roundtable") != 0 && strcmp(what, "the pack") != 0)
        return NULL;
    for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++)
        if (strcmp(key, elsewhere[i].key) == 0)
            return elsewhere[i].where;
    return NULL;
}

void load_map_begin(load_ctx *c, load_map *m, const load_node *node,
                    const char *const *keys, const char *what)
{
    m->node = node;
    m->what = what;
    m->missing_pos = node->pos;
    m->keys = keys;
    m->suggested = 0;
    const load_node *seen[MAP_MAX_KEYS] = {0};
    for (size_t i = 0; i < node->n_pairs; i++) {
        const load_node *key = node->pairs[i].key;
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], key->s) != 0)
            k++;
        if (!keys[k]) {
            const char *near = load_suggest(key->s, key->len, keys);
            /* `summary: |` with its text not indented: the text's lines
             * that hold a `: ` are read as keys of this mapping. */
            const load_node *before = i ? node->pairs[i - 1].value : NULL;
            const char *block =
                before && is_block_scalar(before) && before->len == 0
                    ? (before->style == MODEL_TEXT_LITERAL ? "|" : ">")
                    : NULL;
            if (near) {
                int at = key_index(keys, near);
                if (at >= 0 && at < 64)
                    m->suggested |= 1ull << at;
                load_error(c, key->pos,
                           "unknown key `%s` in %s; did you mean `%s`?",
                           load_quote(c, key->s, key->len), what, near);
            } else if (block) {
                load_error(c, key->pos,
                           "unknown key `%s` in %s; the text of a `%s` block "
                           "must be indented under its key",
                           load_quote(c, key->s, key->len), what, block);
            } else if (key_elsewhere(key->s, what)) {
                load_error(c, key->pos, "unknown key `%s` in %s; %s",
                           load_quote(c, key->s, key->len), what,
                           key_elsewhere(key->s, what));
            } else {
                load_error(c, key->pos, "unknown key `%s` in %s",
                           load_quote(c, key->s, key->len), what);
            }
        } else if (k < MAP_MAX_KEYS && seen[k]) {
            load_error(c, key->pos,
                       "duplicate key `%s` (first given at line %u)", keys[k],
                       seen[k]->pos.line);
        } else if (k < MAP_MAX_KEYS) {
            seen[k] = key;
        }
    }
}

const load_pair *load_map_find(const load_map *m, const char *key)
{
    for (size_t i = 0; i < m->node->n_pairs; i++)
        if (strcmp(m->node->pairs[i].key->s, key) == 0)
            return &m->node->pairs[i];
    return NULL;
}

bool load_text_read_as_pair(load_ctx *c, const load_node *n, const char *what,
                            const char *whole, const char *const *keys)
{
    if (n->kind != LOAD_NODE_MAP || n->n_pairs != 1)
        return false;
    const load_node *key = n->pairs[0].key;
    const load_node *value = n->pairs[0].value;
    if (key->style != MODEL_TEXT_PLAIN || value->kind != LOAD_NODE_SCALAR ||
        load_node_is_empty(value))
        return false;
    /* `{a: b}` is a mapping on purpose */
    size_t at = load_source_offset(&c->src, n->pos);
    if (at < c->src.len && c->src.buf[at] == '{')
        return false;
    if (keys && (key_index(keys, key->s) >= 0 ||
                 load_suggest(key->s, key->len, keys)))
        return false;
    load_error(c, n->pos,
               "%s was read as `%s: \xE2\x80\xA6` (a key and a value) because "
               "of the `: ` in it; put the whole %s in quotes",
               what, load_quote(c, key->s, key->len), whole);
    return true;
}

/* Keeps the value's source bytes when they differ in shape from the value
 * (see model_text.raw). Most values are written as they read: one memcmp. */
static void keep_raw(load_ctx *c, const load_node *n, model_text *out)
{
    if (n->style == MODEL_TEXT_LITERAL && !c->src.unicode_breaks)
        return;
    size_t start = load_source_offset(&c->src, n->pos);
    if (start >= c->src.len)
        return;
    const char *raw = c->src.buf + start;
    size_t room = c->src.len - start;
    bool quoted = n->style == MODEL_TEXT_SINGLE_QUOTED ||
                  n->style == MODEL_TEXT_DOUBLE_QUOTED;
    size_t q = quoted ? 1 : 0;
    bool block = n->style == MODEL_TEXT_FOLDED || n->style == MODEL_TEXT_LITERAL;
    if (!block && room >= n->len + 2 * q &&
        memcmp(raw + q, n->s, n->len) == 0 &&
        (!quoted || raw[n->len + 1] == raw[0]))
        return;
    size_t end = scalar_pos_raw_offset(n->style, n->s, n->len, raw, room,
                                       n->len);
    if (end == SCALAR_POS_NONE)
        return;
    if (quoted && end < room)
        end++;
    out->raw = arena_strndup(c->a, raw, end);
    out->raw_len = end;
}

bool load_text_for(load_ctx *c, const load_node *n, const char *what,
                   const char *whole, model_text *out)
{
    if (n->kind == LOAD_NODE_INVALID)
        return false;
    if (n->kind != LOAD_NODE_SCALAR) {
        if (!load_text_read_as_pair(c, n, what, whole, NULL))
            load_error(c, n->pos, "expected text, found %s",
                       load_node_found(n));
        return false;
    }
    out->s = arena_strndup(c->a, n->s, n->len);
    out->len = n->len;
    out->pos = n->pos;
    out->content = n->content;
    out->style = n->style;
    keep_raw(c, n, out);
    return true;
}

bool load_text(load_ctx *c, const load_node *n, model_text *out)
{
    return load_text_for(c, n, "this value", "value", out);
}

/* For a key whose value is empty: where a ` #` after its colon starts a
 * comment (`host: #techUK`), the value the writer meant. */
static bool comment_after_key(load_ctx *c, const load_node *key, srcpos *at)
{
    const load_source *src = &c->src;
    size_t i = load_source_offset(src, key->pos);
    if (i >= src->len)
        return false;
    if (key->style == MODEL_TEXT_PLAIN) {
        i += key->len;
    } else if (key->style == MODEL_TEXT_SINGLE_QUOTED ||
               key->style == MODEL_TEXT_DOUBLE_QUOTED) {
        char q = src->buf[i++];
        while (i < src->len && src->buf[i] != q && src->buf[i] != '\n') {
            if (q == '"' && src->buf[i] == '\\')
                i++;
            i++;
        }
        i++;
    } else {
        return false;
    }
    while (i < src->len && (src->buf[i] == ' ' || src->buf[i] == '\t'))
        i++;
    if (i >= src->len || src->buf[i] != ':')
        return false;
    i++;
    size_t spaces = 0;
    while (i < src->len && (src->buf[i] == ' ' || src->buf[i] == '\t')) {
        i++;
        spaces++;
    }
    if (!spaces || i >= src->len || src->buf[i] != '#')
        return false;
    *at = load_source_pos_at(src, i);
    return true;
}

/* The value under `key` when one is given: absent and empty values are the
 * same thing to an optional key, and an error to a required one. `text`:
 * the key holds text, so an empty value that is really a comment
 * (`host: #techUK`) is worth a word even when the key is optional. */
static const load_node *map_value_of(load_ctx *c, const load_map *m,
                                     const char *key, load_need need,
                                     bool text)
{
    const load_pair *p = load_map_find(m, key);
    if (!p) {
        int k = key_index(m->keys, key);
        bool suggested = k >= 0 && k < 64 && (m->suggested >> k & 1);
        if (need == LOAD_REQUIRED && !suggested)
            load_error(c, m->missing_pos, "missing required key `%s` in %s",
                       key, m->what);
        return NULL;
    }
    if (load_node_is_empty(p->value)) {
        srcpos hash;
        if (text && p->value->style == MODEL_TEXT_PLAIN &&
            p->value->len == 0 && comment_after_key(c, p->key, &hash)) {
            if (need == LOAD_REQUIRED)
                load_error(c, hash,
                           "`%s` is empty: in YAML ` #` starts a comment; put "
                           "the value in quotes",
                           key);
            else
                load_warning(c, hash,
                             "`%s` is empty: in YAML ` #` starts a comment; "
                             "put the value in quotes",
                             key);
        } else if (need == LOAD_REQUIRED) {
            load_error(c,
                       p->value->style == MODEL_TEXT_PLAIN ? p->key->pos
                                                           : p->value->pos,
                       "`%s` is empty", key);
        }
        return NULL;
    }
    if (p->value->kind == LOAD_NODE_INVALID)
        return NULL;
    return p->value;
}

static const load_node *map_value(load_ctx *c, const load_map *m,
                                  const char *key, load_need need)
{
    return map_value_of(c, m, key, need, false);
}

bool load_map_text(load_ctx *c, const load_map *m, const char *key,
                   load_need need, model_text *out)
{
    const load_node *v = map_value_of(c, m, key, need, true);
    return v && load_text_for(c, v, arena_printf(c->scratch, "`%s`", key),
                              "value", out);
}

/* A number of 1 to `max_digits` digits at s[*i], moved past. */
static bool date_part(const char *s, size_t len, size_t *i, size_t max_digits,
                      int *out, size_t *digits)
{
    *out = 0;
    *digits = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9' && *digits < max_digits) {
        *out = *out * 10 + (s[*i] - '0');
        (*i)++;
        (*digits)++;
    }
    return *digits > 0 && (*i == len || s[*i] < '0' || s[*i] > '9');
}

static bool date_real(int y, int mo, int d)
{
    return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 &&
           d <= calendar_days_in_month(y, mo);
}

/* The date meant by one written another common way, as YYYY-MM-DD, or
 * NULL: 19/11/2026, 19.11.2026 or 19-11-2026 (day first, or month first
 * when the file's language says so: 11/19/2026 in en-US; the other order
 * when only it makes a real day), 2026/11/19, 2022-3-8. A two-digit year
 * is not guessed. */
static const char *date_suggest(load_ctx *c, const char *s, size_t len)
{
    int n[3];
    size_t digits[3], i = 0;
    for (size_t k = 0; k < 3; k++) {
        if (!date_part(s, len, &i, 4, &n[k], &digits[k]))
            return NULL;
        if (k < 2 && (i == len || !strchr("/.-", s[i++])))
            return NULL;
    }
    if (i != len)
        return NULL;
    int y, mo, d;
    if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2) {
        y = n[0], mo = n[1], d = n[2];
    } else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2) {
        y = n[2];
        mo = c->month_first ? n[0] : n[1];
        d = c->month_first ? n[1] : n[0];
        if (!date_real(y, mo, d)) {
            int swap = mo;
            mo = d;
            d = swap;
        }
    } else {
        return NULL;
    }
    if (!date_real(y, mo, d))
        return NULL;
    return arena_printf(c->scratch, "%04d-%02d-%02d", y, mo, d);
}

bool load_map_date(load_ctx *c, const load_map *m, const char *key,
                   load_need need, model_date *out)
{
    const load_node *v = map_value(c, m, key, need);
    if (!v)
        return false;
    if (v->kind != LOAD_NODE_SCALAR) {
        load_error(c, v->pos, "expected a date as YYYY-MM-DD, found %s",
                   load_node_found(v));
        return false;
    }
    const char *s = v->s;
    bool shape = v->len == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; shape && i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            shape = false;
    if (!shape) {
        const char *meant = date_suggest(c, s, v->len);
        load_error(c, v->pos, "expected a date as YYYY-MM-DD, found `%s`%s%s%s",
                   load_quote(c, s, v->len), meant ? "; did you mean `" : "",
                   meant ? meant : "", meant ? "`?" : "");
        return false;
    }
    int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8);
    if (y == 0) {
        load_error(c, v->pos,
                   "expected a date as YYYY-MM-DD, found `%s` (there is no "
                   "year 0)",
                   s);
        return false;
    }
    if (mo < 1 || mo > 12) {
        load_error(c, v->pos,
                   "expected a date as YYYY-MM-DD, found `%s` (there is no "
                   "month %d)",
                   s, mo);
        return false;
    }
    int in_month = calendar_days_in_month(y, mo);
    if (d < 1 || d > in_month) {
        load_error(c, v->pos,
                   "expected a date as YYYY-MM-DD, found `%s` (%s %d has %d "
                   "days)",
                   s, calendar_month_name(mo), y, in_month);
        return false;
    }
    out->set = true;
    out->year = y;
    out->month = mo;
    out->day = d;
    out->pos = v->pos;
    return true;
}

const load_node *load_map_list(load_ctx *c, const load_map *m,
                               const char *key, size_t limit,
                               const char *items_name, size_t *n)
{
    *n = 0;
    const load_node *v = map_value(c, m, key, LOAD_OPTIONAL);
    if (!v)
        return NULL;
    if (v->kind != LOAD_NODE_LIST) {
        load_error(c, v->pos, "`%s` must be a list, found %s", key,
                   load_node_found(v));
        return NULL;
    }
    *n = v->n_items;
    if (*n > limit) {
        load_error(c, v->items[limit]->pos,
                   "more than %zu %s; that is the limit", limit, items_name);
        *n = limit;
    }
    return v;
}

const load_node *load_map_map(load_ctx *c, const load_map *m,
                              const char *key)
{
    const load_node *v = map_value(c, m, key, LOAD_OPTIONAL);
    if (v && v->kind == LOAD_NODE_SCALAR) {
        /* `notes:8`, one key and its value with no space between: YAML
         * reads one word */
        const char *colon = memchr(v->s, ':', v->len);
        bool pair = colon && colon > v->s && colon + 1 < v->s + v->len &&
                    colon[1] != ' ' && !memchr(v->s, ' ', v->len);
        if (pair)
            load_error(c, v->pos,
                       "`%s` must be a mapping, found `%s`; write `%.*s: %s` "
                       "(a space after the colon) on a line of its own below "
                       "`%s:`, indented",
                       key, load_quote(c, v->s, v->len), (int)(colon - v->s),
                       v->s, colon + 1, key);
        else
            load_error(c, v->pos,
                       "`%s` must be a mapping (its keys on the lines below "
                       "it, indented), found `%s`",
                       key, load_quote(c, v->s, v->len));
        return NULL;
    }
    if (v && v->kind != LOAD_NODE_MAP) {
        load_error(c, v->pos, "`%s` must be a mapping, found %s", key,
                   load_node_found(v));
        return NULL;
    }
    return v;
}

bool load_map_bool(load_ctx *c, const load_map *m, const char *key, bool *out)
{
    const load_node *v = map_value(c, m, key, LOAD_OPTIONAL);
    if (!v)
        return false;
    if (v->kind == LOAD_NODE_SCALAR && strcasecmp(v->s, "true") == 0)
        *out = true;
    else if (v->kind == LOAD_NODE_SCALAR && strcasecmp(v->s, "false") == 0)
        *out = false;
    else if (v->kind == LOAD_NODE_SCALAR) {
        /* YAML 1.1's other spellings of a switch, which YAML 1.2 (and
         * briefpack) read as text */
        static const char *const yes[] = {"yes", "y", "on", "1", NULL};
        static const char *const no[] = {"no", "n", "off", "0", NULL};
        const char *meant = NULL;
        for (size_t i = 0; yes[i] && !meant; i++)
            if (strcasecmp(v->s, yes[i]) == 0)
                meant = "true";
        for (size_t i = 0; no[i] && !meant; i++)
            if (strcasecmp(v->s, no[i]) == 0)
                meant = "false";
        load_error(c, v->pos, "`%s` must be true or false, found `%s`%s%s%s",
                   key, load_quote(c, v->s, v->len),
                   meant ? "; did you mean `" : "", meant ? meant : "",
                   meant ? "`?" : "");
    } else
        load_error(c, v->pos, "`%s` must be true or false, found %s", key,
                   load_node_found(v));
    return true;
}

/* Appends the comma-separated parts of one scalar, trimmed. A part keeps
 * its own column when the value is plain on one line (the usual case);
 * otherwise it is placed at the value. */
static void split_contact(load_ctx *c, const load_node *n, model_text **parts,
                          size_t *n_parts, size_t *cap)
{
    bool exact = n->style == MODEL_TEXT_PLAIN && !memchr(n->s, '\n', n->len);
    size_t i = 0;
    while (i <= n->len) {
        const char *comma = memchr(n->s + i, ',', n->len - i);
        size_t end = comma ? (size_t)(comma - n->s) : n->len;
        size_t b = i, e = end;
        while (b < e && (n->s[b] == ' ' || n->s[b] == '\t' || n->s[b] == '\n'))
            b++;
        while (e > b &&
               (n->s[e - 1] == ' ' || n->s[e - 1] == '\t' || n->s[e - 1] == '\n'))
            e--;
        if (e > b) {
            model_text *t = ARENA_PUSH(c->scratch, *parts, *n_parts, *cap);
            t->s = n->s + b;
            t->len = e - b;
            t->pos = n->pos;
            t->content = n->content;
            t->style = n->style;
            if (exact) {
                for (size_t k = 0; k < b; k++)
                    if (((unsigned char)n->s[k] & 0xC0) != 0x80)
                        t->content.col++;
                t->pos = t->content;
            }
        }
        i = end + 1;
    }
}

static uint64_t text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* A contact detail written as a mapping, to mark it internal:
 * `{value: 020 7331 2015, internal: true}`. */
static void contact_entry(load_ctx *c, const load_node *item, const char *key,
                          model_text **parts, size_t *n_parts, size_t *cap)
{
    static const char *const entry_keys[] = {"value", "internal", NULL};
    load_map em;
    load_map_begin(c, &em, item, entry_keys,
                   arena_printf(c->scratch, "this entry of `%s`", key));
    model_text value;
    model_internal internal = {0};
    load_internal_flag(c, &em, &internal);
    if (!load_map_text(c, &em, "value", LOAD_REQUIRED, &value))
        return;
    size_t before = *n_parts;
    split_contact(c, load_map_find(&em, "value")->value, parts, n_parts, cap);
    for (size_t i = before; i < *n_parts; i++)
        (*parts)[i].internal = internal.set;
}

static void text_list(load_ctx *c, const load_map *m, const char *key,
                      model_text_list *out, bool contacts);

/* Whether a mapping in a contact field means to be an entry `{value: …,
 * internal: …}`: one of its keys is one of those, or a typo of one. */
static bool contact_entry_like(const load_node *n)
{
    static const char *const entry_keys[] = {"value", "internal", NULL};
    for (size_t i = 0; i < n->n_pairs; i++)
        if (load_suggest(n->pairs[i].key->s, n->pairs[i].key->len, entry_keys))
            return true;
    return false;
}

void load_map_text_list(load_ctx *c, const load_map *m, const char *key,
                        model_text_list *out)
{
    text_list(c, m, key, out, false);
}

void load_map_contact_list(load_ctx *c, const load_map *m, const char *key,
                           model_text_list *out)
{
    text_list(c, m, key, out, true);
}

static void text_list(load_ctx *c, const load_map *m, const char *key,
                      model_text_list *out, bool contacts)
{
    memset(out, 0, sizeof *out);
    const load_node *v = map_value_of(c, m, key, LOAD_OPTIONAL, true);
    if (!v)
        return;
    model_text *parts = NULL;
    size_t n_parts = 0, cap = 0;
    if (v->kind == LOAD_NODE_SCALAR) {
        split_contact(c, v, &parts, &n_parts, &cap);
    } else if (contacts && v->kind == LOAD_NODE_MAP && contact_entry_like(v) &&
               !load_text_read_as_pair(c, v,
                                       arena_printf(c->scratch, "`%s`", key),
                                       "value", (const char *const[]){"value", "internal", NULL})) {
        contact_entry(c, v, key, &parts, &n_parts, &cap);
    } else if (v->kind == LOAD_NODE_MAP && contacts && contact_entry_like(v)) {
        return;
    } else if (v->kind == LOAD_NODE_LIST) {
        size_t n = v->n_items;
        if (n > LOAD_MAX_POINTS) {
            load_error(c, v->items[LOAD_MAX_POINTS]->pos,
                       "more than %u entries in `%s`; that is the limit",
                       LOAD_MAX_POINTS, key);
            n = LOAD_MAX_POINTS;
        }
        for (size_t i = 0; i < n; i++) {
            const load_node *item = v->items[i];
            if (item->kind == LOAD_NODE_SCALAR)
                split_contact(c, item, &parts, &n_parts, &cap);
            else if (contacts && item->kind == LOAD_NODE_MAP &&
                     contact_entry_like(item) &&
                     !load_text_read_as_pair(
                         c, item,
                         arena_printf(c->scratch, "this entry of `%s`", key),
                         "entry", (const char *const[]){"value", "internal", NULL}))
                contact_entry(c, item, key, &parts, &n_parts, &cap);
            else if (contacts && item->kind == LOAD_NODE_MAP &&
                     contact_entry_like(item))
                continue;
            else if (item->kind != LOAD_NODE_INVALID &&
                     !load_text_read_as_pair(
                         c, item,
                         arena_printf(c->scratch, "this entry of `%s`", key),
                         "entry", NULL))
                load_error(c, item->pos, "expected text, found %s",
                           load_node_found(item));
        }
    } else if (load_text_read_as_pair(c, v,
                                      arena_printf(c->scratch, "`%s`", key),
                                      "value", NULL)) {
        return;
    } else {
        load_error(c, v->pos, "`%s` must be text or a list of texts, found %s",
                   key, load_node_found(v));
        return;
    }
    if (!n_parts)
        return;
    /* Drop exact repeats ("@techUK,@techUK"), keeping the first. */
    size_t slots = 16;
    while (slots < n_parts * 2)
        slots *= 2;
    const model_text **table = arena_calloc(c->scratch, slots, sizeof *table);
    out->items = arena_calloc(c->a, n_parts, sizeof *out->items);
    for (size_t i = 0; i < n_parts; i++) {
        const model_text *t = &parts[i];
        size_t h = (size_t)text_hash(t->s, t->len) & (slots - 1);
        bool repeat = false;
        while (table[h] && !repeat) {
            repeat = table[h]->len == t->len &&
                     memcmp(table[h]->s, t->s, t->len) == 0;
            h = (h + 1) & (slots - 1);
        }
        if (repeat)
            continue;
        table[h] = t;
        model_text *kept = &out->items[out->n++];
        *kept = *t;
        kept->s = arena_strndup(c->a, t->s, t->len);
    }
}
