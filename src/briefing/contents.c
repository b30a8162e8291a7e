/* The contents page, its move to the front, the outline in page order and
 * the links resolved to their pages: what is left to do once a briefing's
 * body is laid out (briefing_finish). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "briefing/kit.h"
#include "briefing/parts.h"

/* The contents: a TOC of TOCI > Reference > Link (the entry's title and
 * page number, and the annotation), an entry's sub-entries in a TOC of
 * their own inside it. Made in the Sect the document keeps for it after
 * its cover (b->contents_node), so that it is read there. */
static void briefing_contents(briefing *b)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    unsigned part = briefing_part_at(b, b->contents_node, b->cat->contents,
                                     false, "contents");
    unsigned toc[8];            /* the TOC open at each level */
    unsigned item[8];           /* and its last entry */
    unsigned depth = 0;
    toc[0] = layout_open(L, DL_TAG_TOC);
    font_run dot = font_shape(th->text.regular, ".", 1, th->kerning, b->mem);
    for (size_t i = 0; i < b->sh->n_toc; i++) {
        const struct toc_entry *e = &b->sh->toc[i];
        if (b->toc_max_level && e->level > b->toc_max_level)
            continue;
        unsigned lv = e->level < 7 ? e->level : 7;
        while (depth > lv)
            layout_close(L, toc[depth--]);
        while (depth < lv) {
            L->container = item[depth];
            toc[++depth] = layout_open(L, DL_TAG_TOC);
        }
        L->container = toc[depth];
        item[depth] = layout_node(L, DL_TAG_TOCI);
        unsigned ref = layout_node_in(L, item[depth], DL_TAG_REFERENCE);
        unsigned el = layout_node_in(L, ref, DL_TAG_LINK);
        layout_item *it = layout_item_new(L, 0);
        it->space_before = e->level == 0 ? (i == 0 ? 2 : 9) : 3;
        const layout_anchor *an = &L->anchors[e->anchor];
        /* numbered as the paper is: the body's pages come after the cover,
         * the contents and any blank page */
        int page = an->page + b->toc_page_shift;
        char num[16];
        /* (a space before it: read after the title, not run into it) */
        snprintf(num, sizeof num, " %d", page);
        layout_para p = briefing_body_para(b);
        p.size = e->level == 0 ? 10.5 : 10;
        p.leading = e->level == 0 ? 15 : 14;
        double right = b->x + b->w;
        double nw = layout_text_width(L, th->text.regular, p.size, num + 1);
        /* the title takes the measure up to its page number, every word
         * that fits on a line, and a hyphen of the title never ends one */
        p.x = b->x + e->level * 16;
        p.width = right - nw - LAYOUT_TOC_GAP - p.x;
        p.style = e->level == 0 ? MD_STYLE_STRONG : 0;
        p.ragged = true;
        p.first_fit = true;
        p.no_hyphen_breaks = true;
        p.keep_all = true;
        /* "Question 2: …" turns over under its text, not its label */
        if (e->label_len)
            p.indent = layout_text_width(L, th->text.regular, p.size,
                                         arena_strndup(b->mem, e->title,
                                                       e->label_len));
        p.role = DL_ROLE_TOC_ENTRY;
        md_block mb = markdown_plain(e->title, b->mem);
        size_t first_box = it->n;
        double h = layout_paragraph_into(L, it, 0, mb.runs, mb.n_runs, &p, el);
        it->height = h;
        double last_base = h - p.leading + layout_para_baseline(L, &p);
        double end = p.x;
        for (size_t k = first_box; k < it->n; k++)
            if (it->boxes[k].kind == DL_TEXT &&
                fabs(it->boxes[k].y - last_base) < 0.01)
                end = fmax(end, it->boxes[k].x + layout_box_text_width(&it->boxes[k]));
        layout_text(L, it, right, last_base, th->text.regular, p.size,
                    th->ink, num, DL_ROLE_TOC_ENTRY, el, 2);
        /* Leader dots on a grid, so they line up from entry to entry. */
        double step = 4.5, dw = dot.width * p.size / 1000.0;
        double from = ceil((end + 6 - b->x) / step) * step + b->x;
        size_t nd = 0;
        for (double xd = from; xd + dw <= right - nw - 6; xd += step)
            nd++;
        if (nd && dot.n == 1) {
            dl_box *lb = layout_item_box(L, it, DL_TEXT, DL_ROLE_ARTIFACT);
            font_glyph *g = arena_calloc(b->mem, nd, sizeof *g);
            float *xs = arena_calloc(b->mem, nd, sizeof *xs);
            char *txt = arena_alloc(b->mem, nd + 1);
            for (size_t k = 0; k < nd; k++) {
                g[k] = dot.glyphs[0];
                g[k].cluster = (uint32_t)k;
                xs[k] = (float)(k * step);
                txt[k] = '.';
            }
            lb->x = from;
            lb->y = last_base;
            lb->colour = th->muted;
            lb->u.text = (dl_text){th->text.regular, p.size, g, xs, nd, txt, nd, 0};
        }
        dl_box *link = layout_item_box(L, it, DL_LINK, DL_ROLE_TOC_ENTRY);
        link->node = el;
        link->x = p.x;
        link->y = 0;
        link->w = right - p.x;
        link->h = h;
        link->u.link.anchor = e->anchor;
        link->u.link.dest_page = -1;
        link->u.link.contents = briefing_say(b, b->cat->contents_entry, "title",
                                             e->title, "n",
                                             arena_printf(b->mem, "%d", page));
    }
    briefing_end(b, part);
}

static int briefing_outline_cmp(const void *pa, const void *pb)
{
    const dl_outline *a = pa, *b = pb;
    if (a->page != b->page)
        return a->page < b->page ? -1 : 1;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return a->level < b->level ? -1 : a->level > b->level;
}

/* Moves the contents pages (laid out last, since they need the body's page
 * numbers) to just after the cover, and renumbers every page reference.
 * Printed two-sided, the back of the cover is left blank and so is the
 * back of a contents that ends on a right-hand page, so that the contents
 * and the body open on right-hand pages. */
static void briefing_move_contents(briefing *b, size_t body_end)
{
    dl_doc *d = b->L->doc;
    bool duplex = b->th->duplex;
    size_t n_toc = d->n_pages - body_end;
    size_t front = duplex ? 1 : 0, pad = duplex ? n_toc % 2 : 0;
    size_t n_body = body_end - 1;
    size_t total = 1 + front + n_toc + pad + n_body;
    dl_page *pages = arena_calloc(b->mem, total, sizeof *pages);
    dl_page blank = {.blank = true, .by_rule = true};
    size_t at = 0;
    pages[at++] = d->pages[0];
    if (front)
        pages[at++] = blank;
    for (size_t i = 0; i < n_toc; i++)
        pages[at++] = d->pages[body_end + i];
    if (pad)
        pages[at++] = blank;
    for (size_t i = 0; i < n_body; i++)
        pages[at++] = d->pages[1 + i];
    d->pages = pages;
    d->n_pages = d->pages_cap = total;
#define MOVE(p) ((p) >= (int)body_end ? (p) - (int)body_end + 1 + (int)front \
                 : (p) >= 1 ? (p) + (int)(front + n_toc + pad) : (p))
    for (size_t i = 0; i < b->L->n_anchors; i++)
        b->L->anchors[i].page = MOVE(b->L->anchors[i].page);
    for (size_t i = 0; i < d->n_outline; i++)
        d->outline[i].page = MOVE(d->outline[i].page);
#undef MOVE
    /* a stable order: insertion sort (outlines are short and nearly
     * sorted) */
    for (size_t i = 1; i < d->n_outline; i++) {
        dl_outline o = d->outline[i];
        size_t j = i;
        while (j > 0 && briefing_outline_cmp(&d->outline[j - 1], &o) > 0) {
            d->outline[j] = d->outline[j - 1];
            j--;
        }
        d->outline[j] = o;
    }
    d->body_start = 1 + front + n_toc + pad;
}

void briefing_resolve_links(briefing *b)
{
    dl_doc *d = b->L->doc;
    for (size_t i = 0; i < d->n_pages; i++)
        for (size_t k = 0; k < d->pages[i].n; k++) {
            dl_box *bx = &d->pages[i].boxes[k];
            if (bx->kind != DL_LINK)
                continue;
            if (bx->u.link.uri && bx->u.link.uri[0] == '#') {
                const struct briefing_id *id = briefing_id_global(b->sh, bx->u.link.uri + 1);
                bx->u.link.uri = NULL;
                if (!id || id->anchor < 0) {
                    /* a part this variant leaves out (a handout has no
                     * takeaways): the text stays, the link goes */
                    bx->u.link.dest_page = -1;
                    continue;
                }
                bx->u.link.anchor = id->anchor;
            } else if (bx->u.link.uri) {
                continue;
            }
            const layout_anchor *an = &b->L->anchors[bx->u.link.anchor];
            bx->u.link.dest_page = an->page;
            bx->u.link.dest_y = an->y;
        }
}


/* The contents laid out and paginated after the body's pages. Its page
 * numbers count its own pages, which are known only once it is set: it is
 * set for a guess (one page), and again, from a clean state, while the
 * count it gives differs. */
static void briefing_contents_pages(briefing *b, size_t body_end)
{
    layout *L = b->L;
    dl_doc *d = L->doc;
    size_t front = b->th->duplex ? 1 : 0;
    size_t nodes = d->n_nodes, anchors = L->n_anchors, outline = d->n_outline;
    unsigned container = L->container;
    dl_stats stats = d->stats;
    size_t guess = b->th->duplex ? 2 : 1;
    for (int attempt = 0; attempt < 4; attempt++) {
        b->toc_page_shift = (int)(1 + front + guess);
        briefing_contents(b);
        if (!L->n)
            return;
        L->items[0].new_page = true;
        /* the contents opens on page 3 when printed two-sided */
        L->page_shift = (long)(1 + front) - (long)body_end;
        layout_paginate(L);
        size_t got = d->n_pages - body_end;
        if (b->th->duplex)
            got += got % 2;
        if (got == guess)
            return;
        guess = got;
        /* the pages it made are let go (their slots are reused: emptied) */
        memset(d->pages + body_end, 0,
               (d->n_pages - body_end) * sizeof *d->pages);
        memset(d->nodes + nodes, 0, (d->n_nodes - nodes) * sizeof *d->nodes);
        memset(L->anchors + anchors, 0,
               (L->n_anchors - anchors) * sizeof *L->anchors);
        d->n_pages = body_end;
        d->n_nodes = nodes;
        L->n_anchors = anchors;
        d->n_outline = outline;
        d->stats = stats;
        L->container = container;
    }
}

void briefing_finish(briefing *b, size_t body_end)
{
    /* A contents page earns its place from three body pages on. */
    if (body_end - 1 >= 3 && b->sh->n_toc >= 3)
        briefing_contents_pages(b, body_end);
    briefing_move_contents(b, body_end);
    briefing_resolve_links(b);
    layout_furniture(b->L, 1);
    layout_finish(b->L);
}
