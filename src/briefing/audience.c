/* One source, every audience (issue 16): what the public version leaves
 * out, the Chatham House Rule's notice, a draft's watermark, and the
 * language a roundtable is set in (its words, quotes and hyphenation). */
#include <math.h>
#include <string.h>

#include "briefing/kit.h"

bool briefing_skips(const briefing *b, const model_internal *internal)
{
    return b->th->public_version && internal->set;
}

void briefing_language(briefing *b)
{
    static const char *const english[4] = {"\u201c", "\u201d", "\u2018",
                                           "\u2019"};
    b->cat = b->rt->catalog;
    b->L->lang = b->rt->language.s;
    bool same = true;
    for (int i = 0; i < 4; i++)
        same &= strcmp(b->cat->quotes[i], english[i]) == 0;
    b->L->quotes = same ? NULL : b->cat->quotes;
}

void briefing_chatham_house(briefing *b, double space_before)
{
    if (!b->rt->chatham_house)
        return;
    layout_para p = briefing_body_para(b);
    p.size = b->th->size - 1;
    p.leading = b->th->leading - 2;
    p.space_before = space_before;
    p.ragged = true;
    p.colour = b->th->ink;
    p.indent = 0;
    p.x = b->x + 10;
    p.width = b->w - 10;
    p.style = MD_STYLE_EMPH;
    md_block mb = markdown_plain(b->cat->chatham_house, b->mem);
    size_t first;
    size_t n = layout_paragraph(b->L, mb.runs, mb.n_runs, &p,
                                layout_node(b->L, DL_TAG_P), &first);
    /* a bar in the margin, as a block quote has: decoration */
    for (size_t k = first; k < first + n; k++) {
        dl_box *r = layout_item_box(b->L, &b->L->items[k], DL_RULE,
                                    DL_ROLE_ARTIFACT);
        r->x = b->x + 2;
        r->y = 0;
        r->h = b->L->items[k].height;
        r->colour = b->th->accent;
        r->line_width = 2;
    }
}

void briefing_watermark(briefing *b)
{
    const layout_theme *th = b->th;
    if (!th->watermark)
        return;
    layout *L = b->L;
    dl_doc *doc = L->doc;
    font_face *face = th->text.bold;
    double w1 = layout_text_width(L, face, 1, th->watermark);
    if (w1 <= 0)
        return;
    for (size_t i = 0; i < doc->n_pages; i++) {
        dl_page *pg = &doc->pages[i];
        layout_item tmp = {.anchor = -1};
        /* across the diagonal of the page (of the cover: of what its band
         * leaves), taking three fifths of it, its middle at the middle */
        double k = doc->scale > 0 ? doc->scale : 1;  /* A5: the design's units */
        bool cover = i == 0 && b->cover_band_end > 0;
        double top = cover ? b->cover_band_end * k : 0;
        /* (on the cover, above the footer: it has no rule to sit below) */
        double bottom = cover && doc->area_bottom > top ? doc->area_bottom
                                                        : doc->height;
        double h = bottom - top;
        double angle = atan2(h, doc->width);
        double size = fmin(0.6 * hypot(doc->width, h) / w1, 200);
        double tw = w1 * size, cap = 0.72 * size;
        double c = cos(angle), s = sin(angle);
        /* (y down, the text turned up) */
        double x = doc->width / 2 - c * tw / 2 + s * cap / 2;
        double y = top + h / 2 + s * tw / 2 + c * cap / 2;
        layout_text(L, &tmp, x, y, face, size, th->watermark_colour,
                    th->watermark, DL_ROLE_ARTIFACT, 0, 0);
        if (!tmp.n)
            continue;
        tmp.boxes[0].u.text.angle = angle * 180.0 / M_PI;
        /* behind everything: the page's first box */
        ARENA_PUSH(b->mem, pg->boxes, pg->n, pg->cap);
        memmove(pg->boxes + 1, pg->boxes, (pg->n - 1) * sizeof *pg->boxes);
        pg->boxes[0] = tmp.boxes[0];
    }
}
