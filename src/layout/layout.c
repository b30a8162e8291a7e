/* The flow and its items, the structure's nodes, single lines of text, and
 * boxes put straight on a page (layout.h). */
#include "layout/layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void layout_init(layout *L, arena *a, const layout_theme *th, dl_doc *doc)
{
    memset(L, 0, sizeof *L);
    L->mem = a;
    L->th = th;
    L->doc = doc;
    if (!doc->n_nodes)
        ARENA_PUSH(a, doc->nodes, doc->n_nodes, doc->nodes_cap)->tag =
            DL_TAG_DOCUMENT;
}

layout_item *layout_item_new(layout *L, double height)
{
    layout_item *it = ARENA_PUSH(L->mem, L->items, L->n, L->cap);
    /* the flow's array is reused after each pagination */
    memset(it, 0, sizeof *it);
    it->height = height;
    it->anchor = -1;
    return it;
}

dl_box *layout_item_box(layout *L, layout_item *it, dl_kind kind, dl_role role)
{
    /* Most lines hold one or two boxes: start at two, not at the eight
     * ARENA_PUSH would give (a box is 120 bytes; a 300-page pack has
     * 15,000 lines). */
    if (!it->cap) {
        it->boxes = arena_alloc(L->mem, 2 * sizeof *it->boxes);
        it->cap = 2;
    }
    dl_box *b = ARENA_PUSH(L->mem, it->boxes, it->n, it->cap);
    b->kind = kind;
    b->role = role;
    return b;
}

unsigned layout_node_in(layout *L, unsigned parent, dl_tag tag)
{
    dl_doc *d = L->doc;
    dl_node *n = ARENA_PUSH(L->mem, d->nodes, d->n_nodes, d->nodes_cap);
    n->tag = tag;
    n->parent = parent;
    return (unsigned)(d->n_nodes - 1);
}

unsigned layout_node(layout *L, dl_tag tag)
{
    return layout_node_in(L, L->container, tag);
}

unsigned layout_open(layout *L, dl_tag tag)
{
    L->container = layout_node(L, tag);
    return L->container;
}

void layout_close(layout *L, unsigned node)
{
    L->container = L->doc->nodes[node].parent;
}

unsigned layout_heading(layout *L, unsigned level)
{
    unsigned n = layout_node(L, DL_TAG_H);
    L->doc->nodes[n].level = level < 1 ? 1 : level > 6 ? 6 : level;
    return n;
}

dl_node *layout_node_at(layout *L, unsigned node)
{
    return &L->doc->nodes[node];
}

int layout_anchor_new(layout *L)
{
    layout_anchor *an = ARENA_PUSH(L->mem, L->anchors, L->n_anchors, L->anchors_cap);
    an->page = -1;
    return (int)(L->n_anchors - 1);
}

double layout_text_width(layout *L, font_face *face, double size,
                         const char *utf8)
{
    return font_text_width(face, utf8, strlen(utf8), size, L->th->kerning);
}

static dl_box *layout_text_box(layout *L, dl_box *b, double x, double y,
                               font_face *face, double size, model_colour c,
                               const char *utf8, int align, double *width)
{
    size_t len = strlen(utf8);
    font_run run = font_shape(face, utf8, len, L->th->kerning, L->mem);
    double w = run.width * size / 1000.0;
    /* Aligned by its ink: spaces at the ends (" 3" after a contents
     * entry, "1. " before a question: read as such) take no room. */
    double lead = 0, trail = 0;
    size_t i0 = 0;
    for (; i0 < run.n && utf8[run.glyphs[i0].cluster] == ' '; i0++)
        lead += run.glyphs[i0].advance * size / 1000.0;
    for (size_t i = run.n; i-- > i0 && utf8[run.glyphs[i].cluster] == ' ';)
        trail += run.glyphs[i].advance * size / 1000.0;
    if (align == 1)
        x -= (w - trail + lead) / 2;
    else if (align == 2)
        x -= w - trail;
    float *xs = arena_calloc(L->mem, run.n ? run.n : 1, sizeof *xs);
    double pen = 0;
    for (size_t i = 0; i < run.n; i++) {
        xs[i] = (float)(pen + run.glyphs[i].x_offset * size / 1000.0);
        pen += run.glyphs[i].advance * size / 1000.0;
    }
    b->x = x;
    b->y = y;
    b->colour = c;
    b->u.text = (dl_text){face, size, run.glyphs, xs, run.n,
                          arena_strndup(L->mem, utf8, len), len, 0};
    if (width)
        *width = w - lead - trail;
    return b;
}

double layout_text(layout *L, layout_item *it, double x, double y,
                   font_face *face, double size, model_colour c,
                   const char *utf8, dl_role role, unsigned node, int align)
{
    double w = 0;
    dl_box *b = layout_item_box(L, it, DL_TEXT, role);
    b->node = DL_IS_ARTIFACT(role) ? 0 : node;
    layout_text_box(L, b, x, y, face, size, c, utf8, align, &w);
    return w;
}

dl_page *layout_page_new(layout *L)
{
    dl_doc *d = L->doc;
    return ARENA_PUSH(L->mem, d->pages, d->n_pages, d->pages_cap);
}

dl_box *layout_page_box(layout *L, dl_page *pg, dl_kind kind, dl_role role)
{
    dl_box *b = ARENA_PUSH(L->mem, pg->boxes, pg->n, pg->cap);
    b->kind = kind;
    b->role = role;
    return b;
}

void layout_page_text(layout *L, dl_page *pg, double x, double y,
                      font_face *face, double size, model_colour c,
                      const char *utf8, dl_role role, unsigned node,
                      int align)
{
    dl_box *b = layout_page_box(L, pg, DL_TEXT, role);
    b->node = DL_IS_ARTIFACT(role) ? 0 : node;
    layout_text_box(L, b, x, y, face, size, c, utf8, align, NULL);
}
