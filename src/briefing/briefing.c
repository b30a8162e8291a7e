/* A briefing: the cover, the body, then the contents (placed after the
 * cover), links, running heads and footers. */
#include "briefing/briefing.h"
#include "briefing/kit.h"
#include "briefing/parts.h"

dl_doc *layout_briefing(const model_roundtable *rt, const layout_theme *th,
                        arena *a, diag *d)
{
    briefing *b = briefing_begin(rt, th, a, d);
    dl_doc *doc = b->L->doc;

    briefing_declare_ids(b);

    briefing_cover(b);
    /* the contents is made last, and read here */
    b->contents_node = layout_node(b->L, DL_TAG_SECT);
    doc->body_start = 1;
    briefing_body(b);
    /* printed two-sided, the back of the cover will come before the body
     * (and the contents, an even number of pages) */
    b->L->page_shift = th->duplex ? 1 : 0;
    layout_paginate(b->L);
    briefing_finish(b, doc->n_pages);
    briefing_watermark(b);
    return doc;
}

