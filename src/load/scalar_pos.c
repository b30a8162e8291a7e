#include "load/scalar_pos.h"

#include <string.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A line break at raw[j] as libyaml reads one (LF, CR, CRLF, NEL, LS, PS):
 * its length in bytes, or 0. */
static size_t break_len(const char *raw, size_t m, size_t j)
{
    const unsigned char *u = (const unsigned char *)raw;
    if (j >= m)
        return 0;
    if (u[j] == '\n')
        return 1;
    if (u[j] == '\r')
        return j + 1 < m && u[j + 1] == '\n' ? 2 : 1;
    if (u[j] == 0xC2 && j + 1 < m && u[j + 1] == 0x85)
        return 2;
    if (u[j] == 0xE2 && j + 2 < m && u[j + 1] == 0x80 &&
        (u[j + 2] == 0xA8 || u[j + 2] == 0xA9))
        return 3;
    return 0;
}

static size_t utf8_put(unsigned long cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A double-quoted escape at raw[j] (a backslash): the bytes it stands for
 * and its length in the file. 0 for an escaped line break, which stands for
 * nothing; -1 for something libyaml would have refused. */
static int unescape(const char *raw, size_t m, size_t j, char out[4],
                    size_t *out_len)
{
    if (j + 1 >= m)
        return -1;
    size_t br = break_len(raw, m, j + 1);
    if (br) {
        *out_len = 0;
        return (int)(1 + br);
    }
    char e = raw[j + 1];
    *out_len = 1;
    switch (e) {
    case '0': out[0] = '\0'; return 2;
    case 'a': out[0] = '\a'; return 2;
    case 'b': out[0] = '\b'; return 2;
    case 't': case '\t': out[0] = '\t'; return 2;
    case 'n': out[0] = '\n'; return 2;
    case 'v': out[0] = '\v'; return 2;
    case 'f': out[0] = '\f'; return 2;
    case 'r': out[0] = '\r'; return 2;
    case 'e': out[0] = '\x1B'; return 2;
    case ' ': case '"': case '/': case '\\': out[0] = e; return 2;
    case 'N': *out_len = utf8_put(0x85, out); return 2;
    case '_': *out_len = utf8_put(0xA0, out); return 2;
    case 'L': *out_len = utf8_put(0x2028, out); return 2;
    case 'P': *out_len = utf8_put(0x2029, out); return 2;
    case 'x': case 'u': case 'U': {
        size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (j + 2 + digits > m)
            return -1;
        unsigned long cp = 0;
        for (size_t k = 0; k < digits; k++) {
            char h = raw[j + 2 + k];
            int v = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
            if (v < 0)
                return -1;
            cp = cp * 16 + (unsigned long)v;
        }
        if (cp > 0x10FFFF)
            return -1;
        *out_len = utf8_put(cp, out);
        return (int)(2 + digits);
    }
    default:
        return -1;
    }
}

/* Skips what YAML drops between two characters of the value: line breaks,
 * indentation, trailing spaces and (in double quotes) escaped line breaks. */
static size_t skip_blanks(model_text_style style, const char *raw, size_t m,
                          size_t j)
{
    for (;;) {
        size_t br;
        if (j < m && (raw[j] == ' ' || raw[j] == '\t'))
            j++;
        else if ((br = break_len(raw, m, j)) > 0)
            j += br;
        else if (style == MODEL_TEXT_DOUBLE_QUOTED && j + 1 < m &&
                 raw[j] == '\\' && (br = break_len(raw, m, j + 1)) > 0)
            j += 1 + br;
        else
            return j;
    }
}

/* Where the value's text starts in raw (after the opening quote, or the
 * header line of a block), or SCALAR_POS_NONE. */
static size_t raw_start(model_text_style style, const char *raw, size_t m)
{
    size_t j = 0;
    switch (style) {
    case MODEL_TEXT_SINGLE_QUOTED:
    case MODEL_TEXT_DOUBLE_QUOTED:
        return m ? 1 : SCALAR_POS_NONE; /* the opening quote */
    case MODEL_TEXT_LITERAL:
    case MODEL_TEXT_FOLDED:
        /* the header line: `>`, indicators, maybe a comment */
        while (j < m && !break_len(raw, m, j))
            j++;
        if (j >= m)
            return SCALAR_POS_NONE;
        return j + break_len(raw, m, j);
    default:
        return 0;
    }
}

/* Walks value and raw side by side from (*pi, *pj) until *pi reaches
 * target. False when they do not line up. */
static bool walk(model_text_style style, const char *value, size_t value_len,
                 const char *raw, size_t m, size_t *pi, size_t *pj,
                 size_t target)
{
    size_t i = *pi, j = *pj;
    while (i < target) {
        char c = value[i];
        char esc[4];
        size_t esc_len = 0;
        if (is_blank(c)) {
            /* Either the file has it (kept as written or escaped) or YAML
             * made it by folding a line break: then the file moves on at
             * the next character that is not blank. */
            size_t k = j;
            if (style == MODEL_TEXT_DOUBLE_QUOTED) {
                while (k + 1 < m && raw[k] == '\\' && break_len(raw, m, k + 1))
                    k = skip_blanks(style, raw, m, k);
                int n = k < m && raw[k] == '\\'
                            ? unescape(raw, m, k, esc, &esc_len)
                            : -1;
                if (n > 0 && esc_len == 1 && esc[0] == c) {
                    j = k + (size_t)n;
                    i++;
                    continue;
                }
            }
            if (k < m && raw[k] == c)
                j = k + 1;
            i++;
            continue;
        }
        /* LS and PS stay in the value although they end a line: a byte
         * the file has right here is that byte */
        if (j < m && raw[j] == c && (unsigned char)c >= 0x80) {
            i++;
            j++;
            continue;
        }
        j = skip_blanks(style, raw, m, j);
        if (j >= m)
            return false;
        if (style == MODEL_TEXT_DOUBLE_QUOTED && raw[j] == '\\') {
            int n = unescape(raw, m, j, esc, &esc_len);
            if (n <= 0 || esc_len == 0 || i + esc_len > value_len ||
                memcmp(value + i, esc, esc_len) != 0)
                return false;
            i += esc_len;
            j += (size_t)n;
            continue;
        }
        if (style == MODEL_TEXT_SINGLE_QUOTED && c == '\'') {
            if (j + 1 >= m || raw[j] != '\'' || raw[j + 1] != '\'')
                return false;
            i++;
            j += 2;
            continue;
        }
        if (raw[j] != c)
            return false;
        i++;
        j++;
    }
    if (target < value_len && !is_blank(value[target]))
        j = skip_blanks(style, raw, m, j);
    if (j > m)
        return false;
    *pi = i;
    *pj = j;
    return true;
}

size_t scalar_pos_raw_offset(model_text_style style, const char *value,
                             size_t value_len, const char *raw, size_t raw_len,
                             size_t target)
{
    if (target > value_len)
        return SCALAR_POS_NONE;
    size_t i = 0, j = raw_start(style, raw, raw_len);
    if (j == SCALAR_POS_NONE ||
        !walk(style, value, value_len, raw, raw_len, &i, &j, target))
        return SCALAR_POS_NONE;
    return j;
}

static unsigned chars_in(const char *s, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* Moves the cursor's file position over raw[from, to): lines and the
 * characters since the last line start. */
static void advance_lines(const char *raw, size_t m, size_t from, size_t to,
                          scalar_pos_cursor *c)
{
    size_t run = from;
    for (size_t k = from; k < to && k < m;) {
        size_t br = break_len(raw, m, k);
        if (br) {
            c->line++;
            k += br;
            c->chars = 0;
            c->first_line = false;
            run = k;
        } else {
            k++;
        }
    }
    if (to > run)
        c->chars += chars_in(raw + run, (to < m ? to : m) - run);
}

srcpos scalar_pos_seek(const model_text *t, scalar_pos_cursor *c,
                       size_t offset)
{
    if (!t->s)
        return t->pos;
    if (offset > t->len)
        offset = t->len;
    if (t->raw && !c->failed) {
        if (!c->started || offset < c->i) {
            memset(c, 0, sizeof *c);
            c->started = true;
            c->line = t->pos.line;
            c->first_line = true;
            c->j = raw_start(t->style, t->raw, t->raw_len);
            if (c->j == SCALAR_POS_NONE)
                c->failed = true;
            else
                advance_lines(t->raw, t->raw_len, 0, c->j, c);
        }
        size_t i = c->i, j = c->j;
        if (!c->failed &&
            walk(t->style, t->s, t->len, t->raw, t->raw_len, &i, &j, offset)) {
            advance_lines(t->raw, t->raw_len, c->j, j, c);
            c->i = i;
            c->j = j;
            return (srcpos){c->line, c->first_line ? t->pos.col + c->chars
                                                   : c->chars + 1};
        }
        c->failed = true;
        c->started = false;
    }
    /* Lines of the value are lines of the file from `content` on; counted
     * from where the last call stopped. */
    if (!c->started || offset < c->k) {
        bool failed = c->failed;
        memset(c, 0, sizeof *c);
        c->failed = failed;
        c->started = true;
    }
    for (; c->k < offset; c->k++) {
        if (t->s[c->k] == '\n') {
            c->dline++;
            c->dline_start = c->k + 1;
            c->dchars = 0;
        } else if (((unsigned char)t->s[c->k] & 0xC0) != 0x80) {
            c->dchars++;
        }
    }
    srcpos base = t->content.line ? t->content : t->pos;
    unsigned col = (unsigned)c->dchars;
    if (c->dline == 0)
        return (srcpos){base.line, base.col + col};
    if (t->style == MODEL_TEXT_LITERAL || t->style == MODEL_TEXT_FOLDED)
        return (srcpos){base.line + c->dline, base.col + col};
    return (srcpos){base.line + c->dline, col + 1};
}

srcpos scalar_pos_at(const model_text *t, size_t offset)
{
    scalar_pos_cursor c = {0};
    return scalar_pos_seek(t, &c, offset);
}
