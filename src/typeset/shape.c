#include "typeset/shape.h"

#include <string.h>

#define SHAPE_FIL 100000.0      /* stretch that fills any line */
#define SHAPE_HYPHEN_PENALTY 50       /* justified text */
#define SHAPE_HYPHEN_PENALTY_RAGGED 200 /* ragged text hyphenates only
                                          to avoid a very short line */
#define SHAPE_DASH_PENALTY 50
#define SHAPE_URL_PENALTY 50
#define SHAPE_LETTER_PENALTY 5000/* between letters of a word too long for
                                    any line: a last resort */
#define SHAPE_MAX_POINTS 256

typedef struct shape_builder {
    const shape_style *st;
    double line_width;
    arena *mem;
    brk_item *items;
    shape_piece *pieces;
    size_t n, cap, pcap;
} shape_builder;

size_t shape_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!len) {
        *cp = 0;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (!n || n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = u[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

font_face *shape_face(const shape_fonts *f, unsigned style)
{
    if ((style & MD_STYLE_CODE) && f->code)
        return f->code;
    bool bold = style & MD_STYLE_STRONG, italic = style & MD_STYLE_EMPH;
    if (bold && italic)
        return f->bold_italic;
    if (bold)
        return f->bold;
    if (italic)
        return f->italic;
    return f->regular;
}

static double shape_pt(const shape_builder *b, int32_t thousandths)
{
    return thousandths * b->st->size / 1000.0;
}

static shape_piece *shape_push(shape_builder *b, brk_type type)
{
    ARENA_PUSH(b->mem, b->items, b->n, b->cap)->type = type;
    size_t pn = b->n - 1;
    return ARENA_PUSH(b->mem, b->pieces, pn, b->pcap);
}

static void shape_penalty(shape_builder *b, double penalty, double width,
                          bool flagged, const font_run *hyphen,
                          font_face *face, const md_run *r)
{
    shape_piece *p = shape_push(b, BRK_PENALTY);
    brk_item *it = &b->items[b->n - 1];
    it->penalty = penalty;
    it->width = width;
    it->flagged = flagged;
    p->face = face;
    if (r) {
        p->style = r->style | b->st->style;
        p->link = r->link;
        p->link_title = r->link_title;
    }
    if (hyphen) {
        p->run = *hyphen;
        p->text = "-";
        p->len = 1;
    }
}

static void shape_glue(shape_builder *b, font_face *face, const md_run *r)
{
    /* Spaces collapse, and a paragraph never starts with one. */
    if (!b->n || b->items[b->n - 1].type == BRK_GLUE ||
        (b->items[b->n - 1].type == BRK_PENALTY &&
         b->items[b->n - 1].penalty <= -BRK_INFINITY))
        return;
    font_run sp = font_shape(face, " ", 1, b->st->kerning, b->mem);
    shape_piece *p = shape_push(b, BRK_GLUE);
    brk_item *it = &b->items[b->n - 1];
    double w = shape_pt(b, sp.width);
    it->width = w;
    if (b->st->justify) {
        /* a space shrinks to no less than 0.8 of itself: tighter, words
         * run together */
        it->stretch = w / 2;
        it->shrink = w / 5;
    }
    p->face = face;
    p->style = r->style | b->st->style;
    p->link = r->link;
        p->link_title = r->link_title;
    p->text = " ";
    p->len = 1;
    p->run = sp;
}

/* A slice of a shaped word: the glyphs whose cluster lies in [from, to),
 * clusters made relative to `from`. */
static font_run shape_slice(const font_run *w, uint32_t from, uint32_t to,
                            arena *a)
{
    font_run out = {0};
    size_t first = 0;
    while (first < w->n && w->glyphs[first].cluster < from)
        first++;
    size_t last = first;
    while (last < w->n && w->glyphs[last].cluster < to)
        last++;
    out.n = last - first;
    out.glyphs = arena_calloc(a, out.n ? out.n : 1, sizeof *out.glyphs);
    for (size_t i = 0; i < out.n; i++) {
        out.glyphs[i] = w->glyphs[first + i];
        out.glyphs[i].cluster -= from;
        out.width += out.glyphs[i].advance;
    }
    return out;
}

static void shape_box(shape_builder *b, font_face *face, const md_run *r,
                      const char *s, size_t len, font_run run)
{
    shape_piece *p = shape_push(b, BRK_BOX);
    b->items[b->n - 1].width = shape_pt(b, run.width);
    p->face = face;
    p->style = r->style | b->st->style;
    p->link = r->link;
        p->link_title = r->link_title;
    p->text = s;
    p->len = len;
    p->run = run;
}

static bool shape_is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static bool shape_is_lower_word(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += shape_utf8_next(s + i, len - i, &c);
        bool lower = (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
                     (c >= 0x100 && c <= 0x17F && (c & 1));
        if (!lower)
            return false;
    }
    return true;
}

/* An address: a scheme (`https://`), an e-mail or handle (`@`), `www.`,
 * or a domain with a path (`gov.uk/guidance`). A slash alone is a word's:
 * `ISO/IEC`, `and/or`. */
bool shape_is_address(const char *s, size_t len)
{
    if (memchr(s, '@', len) || (len > 4 && memcmp(s, "www.", 4) == 0))
        return true;
    const char *slash = memchr(s, '/', len);
    if (!slash)
        return false;
    size_t at = (size_t)(slash - s);
    if (at > 0 && s[at - 1] == ':')
        return true;
    return memchr(s, '.', at) != NULL;
}

typedef struct shape_point {
    size_t at;        /* byte offset: the break goes before this byte */
    double penalty;
    bool hyphen;      /* a hyphen is drawn if the line ends here */
    bool flagged;
    bool ragged;      /* the line may end short here (inside addresses) */
} shape_point;

static size_t shape_word_points(const shape_builder *b, const char *s,
                                size_t len, bool too_long, shape_point *pts)
{
    size_t n = 0;
    bool url = shape_is_address(s, len);
    /* Letters: trim punctuation around the word; hyphenate only the
     * lower-case alphabetic core (no names, acronyms or numbers). */
    size_t a = 0, z = len;
    while (a < z && strchr("\"'([{", s[a]))
        a++;
    while (z > a && strchr("\"'.,;:!?)]}", s[z - 1]))
        z--;
    /* typographic quotes around the word */
    while (z - a >= 3 && (unsigned char)s[z - 3] == 0xE2 &&
           (unsigned char)s[z - 2] == 0x80 &&
           ((unsigned char)s[z - 1] == 0x99 || (unsigned char)s[z - 1] == 0x9D))
        z -= 3;
    while (z - a >= 3 && (unsigned char)s[a] == 0xE2 &&
           (unsigned char)s[a + 1] == 0x80 &&
           ((unsigned char)s[a + 2] == 0x98 || (unsigned char)s[a + 2] == 0x9C))
        a += 3;

    for (size_t i = 0; i < len && n < SHAPE_MAX_POINTS;) {
        uint32_t c;
        size_t k = shape_utf8_next(s + i, len - i, &c);
        size_t next = i + k;
        if (url && (c == '.' || c == '@' || c == '-') && i > a && i < z &&
            (!n || pts[n - 1].at < i)) {
            /* an address breaks before a dot, an at sign or a hyphen
             * (as the Chicago Manual has it), which then starts the next
             * line: nothing is added, and no line ends in what reads as a
             * divided word; a hyphen is the last resort of the three */
            pts[n++] = (shape_point){i, c == '-' ? 2 * SHAPE_URL_PENALTY
                                                 : SHAPE_URL_PENALTY,
                                     false, false, true};
        }
        if (next < len && n < SHAPE_MAX_POINTS) {
            if (c == '-' && i > 0 && !url && !b->st->no_hyphen_breaks)
                pts[n++] = (shape_point){next, SHAPE_HYPHEN_PENALTY, false, true, false};
            else if (c == 0x2013 || c == 0x2014 || (c == '/' && i > 0 && !url))
                pts[n++] = (shape_point){next, SHAPE_DASH_PENALTY, false, false, false};
            else if (url && c == '/' && s[next] != '/' && i > a && next < z)
                /* and after a slash (not inside `//`) */
                pts[n++] = (shape_point){next, SHAPE_URL_PENALTY, false, false, true};
            else if (url && (c == '-' || s[next] == '.' || s[next] == '@'))
                ; /* never after a hyphen; a dot or @ breaks before itself */
            else if (too_long) {
                /* an emergency break inside a word too long for its
                 * measure: between two letters it is drawn with a hyphen,
                 * as a reader expects of a divided word (not in an
                 * address, where a hyphen would change it) */
                uint32_t d = 0;
                shape_utf8_next(s + next, len - next, &d);
                bool letters = !url && shape_is_letter(c) && shape_is_letter(d);
                pts[n++] = (shape_point){next, SHAPE_LETTER_PENALTY, letters,
                                         letters, true};
            }
        }
        i = next;
    }
    if (n == 0 && b->st->hyphens && !url && z > a &&
        shape_is_lower_word(s + a, z - a)) {
        size_t hp[64];
        size_t h = hyphen_points(b->st->hyphens, s + a, z - a, hp, 64);
        for (size_t i = 0; i < h && n < SHAPE_MAX_POINTS; i++)
            pts[n++] = (shape_point){a + hp[i],
                                     b->st->justify ? SHAPE_HYPHEN_PENALTY
                                                    : SHAPE_HYPHEN_PENALTY_RAGGED,
                                     true, true, false};
    }
    return n;
}

/* The width of the glyphs of a shaped word whose clusters lie in
 * [from, to). */
static double shape_slice_width(const shape_builder *b, const font_run *w,
                                size_t from, size_t to)
{
    int32_t sum = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->glyphs[i].cluster >= from && w->glyphs[i].cluster < to)
            sum += w->glyphs[i].advance;
    return shape_pt(b, sum);
}

/* An address too long for its line keeps its own break points (after a
 * slash, before a dot or @); only a stretch between two of them that is
 * itself too long for the line gets emergency points, between any two
 * characters but after a hyphen. `pts` holds the n own points; returns
 * the count with the emergency ones, in order. */
static size_t shape_address_points(const shape_builder *b, const char *s,
                                   size_t len, const font_run *whole,
                                   shape_point *pts, size_t n)
{
    shape_point own[SHAPE_MAX_POINTS];
    memcpy(own, pts, n * sizeof *own);
    size_t out = 0, from = 0;
    for (size_t k = 0; k <= n && out < SHAPE_MAX_POINTS; k++) {
        size_t to = k < n ? own[k].at : len;
        if (shape_slice_width(b, whole, from, to) > b->line_width) {
            for (size_t i = from; i < to && out < SHAPE_MAX_POINTS;) {
                uint32_t c;
                size_t next = i + shape_utf8_next(s + i, len - i, &c);
                if (next < to && c != '-')
                    pts[out++] = (shape_point){next, SHAPE_LETTER_PENALTY,
                                               false, false, true};
                i = next;
            }
        }
        if (k < n && out < SHAPE_MAX_POINTS)
            pts[out++] = own[k];
        from = to;
    }
    return out;
}

static void shape_word(shape_builder *b, const md_run *r, const char *s,
                       size_t len)
{
    font_face *face = shape_face(b->st->fonts, r->style | b->st->style);
    font_run whole = font_shape(face, s, len, b->st->kerning, b->mem);
    bool too_long = shape_pt(b, whole.width) > b->line_width;
    bool address = shape_is_address(s, len);
    shape_point pts[SHAPE_MAX_POINTS];
    size_t n = shape_word_points(b, s, len, too_long && !address, pts);
    if (address && too_long)
        n = shape_address_points(b, s, len, &whole, pts, n);
    if (!n) {
        shape_box(b, face, r, s, len, whole);
        return;
    }
    font_run hyphen = {0};
    double hyphen_w = 0;
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t to = i < n ? pts[i].at : len;
        shape_box(b, face, r, s + from, to - from,
                  shape_slice(&whole, (uint32_t)from, (uint32_t)to, b->mem));
        if (i < n) {
            if (pts[i].hyphen && !hyphen.n) {
                hyphen = font_shape(face, "-", 1, b->st->kerning, b->mem);
                hyphen_w = shape_pt(b, hyphen.width);
            }
            if (pts[i].ragged) {
                /* A break inside an address leaves its line short even in
                 * justified text (a URL has no spaces to stretch): glue that
                 * stretches, the break, and glue that takes the stretch
                 * back when the line goes on (TeX's \hfil\penalty\hfilneg
                 * trick). */
                shape_penalty(b, BRK_INFINITY, 0, false, NULL, face, r);
                shape_push(b, BRK_GLUE)->face = face;
                b->items[b->n - 1].stretch = b->line_width;
                shape_penalty(b, pts[i].penalty, pts[i].hyphen ? hyphen_w : 0,
                              pts[i].flagged, pts[i].hyphen ? &hyphen : NULL,
                              face, r);
                shape_push(b, BRK_GLUE)->face = face;
                b->items[b->n - 1].stretch = -b->line_width;
            } else {
                shape_penalty(b, pts[i].penalty, pts[i].hyphen ? hyphen_w : 0,
                              pts[i].flagged, pts[i].hyphen ? &hyphen : NULL,
                              face, r);
            }
        }
        from = to;
    }
}

static bool shape_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Punctuation that must not start a line: the space before it (as some
 * authors type "why ?") does not break. */
static bool shape_no_break_before(const char *s, size_t len)
{
    /* and a spaced en or em dash stays at the end of its line */
    if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
        return true;
    return len && strchr(".,;:!?)]}", s[0]) != NULL;
}

static void shape_end_line(shape_builder *b, const md_run *r)
{
    while (b->n && b->items[b->n - 1].type == BRK_GLUE)
        b->n--;
    shape_piece *g = shape_push(b, BRK_GLUE);
    b->items[b->n - 1].stretch = SHAPE_FIL;
    (void)g;
    shape_penalty(b, -BRK_INFINITY, 0, false, NULL,
                  r ? shape_face(b->st->fonts, r->style | b->st->style)
                    : b->st->fonts->regular,
                  r);
}

shape_para shape_paragraph(const md_run *runs, size_t n_runs,
                           const shape_style *st, double line_width,
                           arena *a)
{
    shape_builder b = {.st = st, .line_width = line_width, .mem = a};
    for (size_t i = 0; i < n_runs; i++) {
        const md_run *r = &runs[i];
        font_face *face = shape_face(st->fonts, r->style | st->style);
        size_t p = 0;
        while (p < r->len) {
            if (shape_is_space(r->text[p])) {
                while (p < r->len && shape_is_space(r->text[p]))
                    p++;
                shape_glue(&b, face, r);
                continue;
            }
            size_t q = p;
            while (q < r->len && !shape_is_space(r->text[q]))
                q++;
            if (b.n && b.items[b.n - 1].type == BRK_GLUE &&
                shape_no_break_before(r->text + p, q - p)) {
                /* keep the glue but forbid breaking at it */
                brk_item g = b.items[b.n - 1];
                shape_piece gp = b.pieces[b.n - 1];
                b.n--;
                shape_penalty(&b, BRK_INFINITY, 0, false, NULL, face, r);
                shape_push(&b, BRK_GLUE);
                b.items[b.n - 1] = g;
                b.pieces[b.n - 1] = gp;
            }
            shape_word(&b, r, r->text + p, q - p);
            p = q;
        }
        if (r->hard_break && i + 1 < n_runs) {
            shape_end_line(&b, r);
            b.pieces[b.n - 1].hard_break = true;
        }
    }
    if (b.n)
        shape_end_line(&b, n_runs ? &runs[n_runs - 1] : NULL);
    return (shape_para){b.items, b.pieces, b.n, st->size};
}
