/* The quality report's figures (layout.h's layout_measure), read off the
 * finished display list as a reader would see the pages, not taken from
 * what the layout meant to do: baselines on the grid, how full pages are,
 * how the contents' entries wrap, how far justified spaces shrink, where
 * addresses break. */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

/* Body text: paragraphs, list items and quotes set at the body size. */
static bool measure_is_body(const dl_doc *d, const dl_box *b)
{
    return b->kind == DL_TEXT &&
           (b->role == DL_ROLE_PARAGRAPH || b->role == DL_ROLE_LIST_BODY ||
            b->role == DL_ROLE_QUOTE) &&
           fabs(b->u.text.size - d->text_size) < 0.01;
}

/* The cover is no page of text. */
static bool measure_is_cover(const dl_doc *d, size_t page)
{
    return page == 0 && d->body_start > 0;
}

static void measure_grid(const dl_doc *d, dl_stats *st)
{
    for (size_t i = 0; i < d->n_pages; i++) {
        if (measure_is_cover(d, i))
            continue;
        const dl_page *pg = &d->pages[i];
        double last = -1;
        for (size_t k = 0; k < pg->n; k++) {
            const dl_box *b = &pg->boxes[k];
            if (!measure_is_body(d, b) || fabs(b->y - last) < 0.01)
                continue;
            /* one line counted once, however many boxes it holds (they
             * come together in a page's reading order) */
            last = b->y;
            st->grid_lines++;
            double lines = (b->y - d->grid_first) / d->grid_step;
            if (lines < -0.001 || fabs(lines - round(lines)) > 0.001)
                st->grid_off++;
        }
    }
}

/* How far down the text area a page's content reaches, 0–1: text to its
 * descenders, shapes and rules to their foot; not the furniture. */
static double measure_fill(const dl_doc *d, const dl_page *pg)
{
    double foot = d->area_top;
    for (size_t k = 0; k < pg->n; k++) {
        const dl_box *b = &pg->boxes[k];
        if (b->role == DL_ROLE_HEADER || b->role == DL_ROLE_FOOTER ||
            b->kind == DL_LINK)
            continue;
        double top = b->kind == DL_TEXT ? b->y - 0.75 * b->u.text.size : b->y;
        double bottom = b->kind == DL_TEXT ? b->y + 0.25 * b->u.text.size
                                           : b->y + b->h;
        if (top < d->area_top - 1)
            continue; /* the marking above the text area */
        foot = fmax(foot, bottom);
    }
    double f = (foot - d->area_top) / (d->area_bottom - d->area_top);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

static void measure_pages(const dl_doc *d, dl_stats *st)
{
    st->fill_min = 1;
    for (size_t i = 0; i < d->n_pages; i++) {
        const dl_page *pg = &d->pages[i];
        if (measure_is_cover(d, i) || pg->blank)
            continue;
        double f = measure_fill(d, pg);
        st->pages++;
        st->fill_min = fmin(st->fill_min, f);
        /* short although the page before ran full into it */
        if (f < 1.0 / 3 && !pg->by_rule)
            st->pages_short++;
        /* ended by the flow, not by a rule, well before its foot */
        bool last = i + 1 == d->n_pages || d->pages[i + 1].by_rule;
        if (!last && f < 2.0 / 3)
            st->pages_partial++;
    }
    if (!st->pages)
        st->fill_min = 0;
}

/* The element a text box's words belong to: its paragraph, item or entry,
 * above the links and spans inside it. */
static unsigned measure_block(const dl_doc *d, unsigned node)
{
    while (node && (d->nodes[node].tag == DL_TAG_LINK ||
                    d->nodes[node].tag == DL_TAG_SPAN ||
                    d->nodes[node].tag == DL_TAG_CODE))
        node = d->nodes[node].parent;
    return node;
}

/* Where a text box's ink ends (a space kept at a line's end takes no
 * room), and where its first glyph that is not a space begins. */
static double measure_ink_end(const dl_box *b)
{
    return b->x + layout_box_text_width(b);
}

static double measure_ink_start(const dl_box *b)
{
    const dl_text *t = &b->u.text;
    for (size_t i = 0; i < t->n; i++)
        if (t->glyphs[i].cluster < t->len && t->utf8[t->glyphs[i].cluster] != ' ')
            return b->x + t->xs[i];
    return b->x;
}

/* The width of a box's first word, from its first glyph. */
static double measure_first_word(const dl_box *b)
{
    const dl_text *t = &b->u.text;
    for (size_t i = 0; i < t->n; i++)
        if (t->glyphs[i].cluster < t->len && t->utf8[t->glyphs[i].cluster] == ' ')
            return t->xs[i];
    return layout_box_text_width(b);
}

/* The width of a space in a box's face and size: one of its own spaces,
 * else a quarter of an em (as narrow as a text face's space is). */
static double measure_space_width(const dl_box *b)
{
    const dl_text *t = &b->u.text;
    for (size_t i = 0; i < t->n; i++)
        if (t->glyphs[i].cluster < t->len && t->utf8[t->glyphs[i].cluster] == ' ')
            return t->glyphs[i].advance * t->size / 1000.0;
    return 0.25 * t->size;
}

static bool measure_ends_in_hyphen(const dl_box *b)
{
    const dl_text *t = &b->u.text;
    size_t n = t->len;
    while (n && t->utf8[n - 1] == ' ')
        n--;
    return (n >= 1 && t->utf8[n - 1] == '-') ||
           (n >= 3 && memcmp(t->utf8 + n - 3, "\u2010", 3) == 0);
}

/* One contents entry's lines: its text boxes (not its page number) on a
 * page, line by line; what can be judged of its wrapping. */
static void measure_toc_page(const dl_doc *d, const dl_page *pg, dl_stats *st)
{
    for (size_t k = 0; k < pg->n; k++) {
        const dl_box *b = &pg->boxes[k];
        if (b->kind != DL_TEXT || b->role != DL_ROLE_TOC_ENTRY)
            continue;
        unsigned entry = b->node;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = pg->boxes[j].kind == DL_TEXT &&
                   pg->boxes[j].role == DL_ROLE_TOC_ENTRY &&
                   pg->boxes[j].node == entry;
        if (seen)
            continue;
        /* the entry's boxes: the last one is its page number */
        const dl_box *box[64];
        size_t n = 0;
        for (size_t j = k; j < pg->n && n < 64; j++)
            if (pg->boxes[j].kind == DL_TEXT &&
                pg->boxes[j].role == DL_ROLE_TOC_ENTRY &&
                pg->boxes[j].node == entry)
                box[n++] = &pg->boxes[j];
        if (n < 2)
            continue;
        st->toc_entries++;
        const dl_box *num = box[--n];
        double room = measure_ink_start(num) - LAYOUT_TOC_GAP * d->scale;
        if (box[n - 1]->y - box[0]->y > 0.01)
            st->toc_wrapped++;
        for (size_t j = 0; j + 1 < n; j++) {
            if (fabs(box[j + 1]->y - box[j]->y) < 0.01)
                continue;
            /* box j ends a line, box j+1 starts the next */
            if (measure_ends_in_hyphen(box[j]))
                st->toc_hyphen_ends++;
            double space = measure_space_width(box[j]);
            if (measure_ink_end(box[j]) + space + measure_first_word(box[j + 1]) <=
                room - 0.01)
                st->toc_early++;
        }
    }
}

/* The narrowest space between two words, as a share of its natural
 * width. */
static void measure_spaces(const dl_box *b, dl_stats *st)
{
    const dl_text *t = &b->u.text;
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (t->glyphs[i].cluster >= t->len || t->utf8[t->glyphs[i].cluster] != ' ')
            continue;
        double natural = t->glyphs[i].advance * t->size / 1000.0;
        if (natural <= 0)
            continue;
        double set = t->xs[i + 1] - t->glyphs[i + 1].x_offset * t->size / 1000.0 -
                     t->xs[i];
        st->space_min = fmin(st->space_min, set / natural);
    }
}

/* The word a line ends inside, joined with its end on the next line: a
 * break inside an address, and whether it falls after a hyphen. */
static void measure_break(const dl_box *end, const dl_box *next, dl_stats *st)
{
    const dl_text *a = &end->u.text, *b = &next->u.text;
    if (!a->len || a->utf8[a->len - 1] == ' ' || !b->len || b->utf8[0] == ' ')
        return;
    size_t from = a->len;
    while (from && a->utf8[from - 1] != ' ')
        from--;
    size_t to = 0;
    while (to < b->len && b->utf8[to] != ' ')
        to++;
    char word[512];
    size_t n1 = a->len - from, n2 = to;
    if (n1 + n2 >= sizeof word)
        return;
    memcpy(word, a->utf8 + from, n1);
    memcpy(word + n1, b->utf8, n2);
    if (!shape_is_address(word, n1 + n2))
        return;
    st->address_breaks++;
    if (n1 && a->utf8[a->len - 1] == '-')
        st->address_hyphen_breaks++;
}

static void measure_text(const dl_doc *d, dl_stats *st)
{
    st->space_min = 1;
    for (size_t i = 0; i < d->n_pages; i++) {
        const dl_page *pg = &d->pages[i];
        measure_toc_page(d, pg, st);
        const dl_box *prev = NULL;
        for (size_t k = 0; k < pg->n; k++) {
            const dl_box *b = &pg->boxes[k];
            if (b->kind != DL_TEXT || DL_IS_ARTIFACT(b->role))
                continue;
            measure_spaces(b, st);
            if (prev && b->y > prev->y + 0.01 &&
                measure_block(d, prev->node) == measure_block(d, b->node))
                measure_break(prev, b, st);
            prev = b;
        }
    }
}

void layout_measure(dl_doc *doc)
{
    dl_stats *st = &doc->stats;
    measure_grid(doc, st);
    measure_pages(doc, st);
    measure_text(doc, st);
}
