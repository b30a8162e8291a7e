/* The cover: brand band, logo, title and subtitle, the meeting's facts.
 * Read as: the marking (made first, kit.c), the title (a heading), the
 * subtitle, the facts (a list of label and value), the logo. */
#include <math.h>

#include "briefing/kit.h"
#include "briefing/parts.h"

/* The elements of the cover, made in reading order before its boxes. */
typedef struct cover_nodes {
    unsigned sect, title, subtitle, facts, notice, logo;
} cover_nodes;

/* The cover's heights are the A4 design's, in proportion to the page's
 * (an A5 page is shorter for its width than the design's A4). */
static double cover_y(const layout_theme *th, double a4)
{
    return a4 * th->page_h / 841.89;
}

static bool cover_has_logo(const briefing *b)
{
    return b->rt->brand_model && b->rt->brand_model->logo;
}

/* The brand's logo at the top, or the host's name as a wordmark (an
 * artifact: the host is among the facts). */
static void cover_logo(briefing *b, dl_page *pg, unsigned node)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    double left = th->margin_l;
    if (cover_has_logo(b)) {
        dl_box *logo = layout_page_box(L, pg, DL_IMAGE, DL_ROLE_FIGURE);
        logo->x = left;
        logo->y = cover_y(th, 64);
        /* render keeps the image's aspect ratio inside w × h */
        logo->h = 44;
        logo->w = 200;
        logo->u.image.path = rt->brand_model->logo;
        logo->node = node;
        layout_node_at(L, node)->alt = briefing_logo_alt(b, rt->brand_model);
    }
}

/* Where the band's boxes are on the cover page, for cover_fit. */
typedef struct cover_band_boxes {
    size_t band, stripe, title_from, title_to;
    double slack;           /* how much shorter the band may get */
} cover_band_boxes;

/* The band in the brand's colour with the title and subtitle on it;
 * returns where the band (and its stripe) ends. */
static double cover_band(briefing *b, dl_page *pg, const cover_nodes *cn,
                         cover_band_boxes *bb)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    double left = th->margin_l, width = th->page_w - th->margin_l - th->margin_r;
    /* Title and subtitle are set as paragraphs into an item and measured.
     * A long title steps down in size; if even the smallest does not fit,
     * the band grows, so no line ever falls off the colour. Without a logo
     * above it the band rises to the top of the page's text area, the host
     * named in it over the title, which sits at its foot. */
    bool logo = cover_has_logo(b);
    double band_top = logo ? cover_y(th, 170) : layout_head_y(th, 57);
    double band_end = cover_y(th, 500), pad = 40;
    double band_h = band_end - band_top;
    model_colour white = {255, 255, 255};
    static const double sizes[] = {27, 24, 21, 18};
    layout_item *tmp = NULL;
    double y = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        tmp = arena_alloc(b->mem, sizeof *tmp);
        tmp->anchor = -1;
        layout_para tp = {
            .x = left, .width = width, .size = sizes[k],
            .leading = sizes[k] * 1.22, .face = th->heading, .colour = white,
            .link_colour = white, .role = DL_ROLE_TITLE, .keep_all = true,
            .ragged = true, .balance = true,
        };
        md_block title = markdown_plain(rt->title.s, b->mem);
        y = layout_paragraph_into(L, tmp, 0, title.runs, title.n_runs, &tp,
                                  cn->title);
        if (briefing_has(&rt->subtitle)) {
            layout_para sp = tp;
            sp.size = fmax(12.5, sizes[k] * 0.55);
            sp.leading = sp.size * 1.35;
            sp.face = th->text.regular;
            sp.colour = th->tint;
            sp.role = DL_ROLE_SUBTITLE;
            md_block sub = markdown_plain(rt->subtitle.s, b->mem);
            y += 10 + layout_paragraph_into(L, tmp, y + 10, sub.runs,
                                            sub.n_runs, &sp, cn->subtitle);
        }
        if (y <= band_h - 2 * pad)
            break;
    }
    if (y > band_h - 2 * pad)
        band_h = y + 2 * pad;

    /* a band grown for its title keeps its size; else it may give up
     * all but a smaller padding to the facts under it */
    bb->slack = fmax(0, band_h - y - 2 * 24);
    bb->band = pg->n;
    dl_box *band = layout_page_box(L, pg, DL_RECT, DL_ROLE_ARTIFACT);
    band->x = 0;
    band->y = band_top;
    band->w = th->page_w;
    band->h = band_h;
    band->colour = th->primary;
    dl_box *stripe = layout_page_box(L, pg, DL_RECT, DL_ROLE_ARTIFACT);
    stripe->x = 0;
    stripe->y = band_top + band_h;
    stripe->w = th->page_w;
    stripe->h = 6;
    stripe->colour = th->accent;
    bb->stripe = pg->n - 1;
    /* a little above the middle looks centred; without a logo the title
     * stands at the band's foot, under the host's name at its head */
    double offset = logo ? band_top + fmax(pad, (band_h - y) / 2 - 12)
                         : band_top + band_h - pad - y;
    if (!logo && briefing_has(&rt->host))
        layout_page_text(L, pg, left, band_top + pad + 14, th->heading, 15,
                         th->tint, rt->host.s, DL_ROLE_ARTIFACT, 0, 0);
    bb->title_from = pg->n;
    for (size_t i = 0; i < tmp->n; i++) {
        dl_box *bx = ARENA_PUSH(b->mem, pg->boxes, pg->n, pg->cap);
        *bx = tmp->boxes[i];
        bx->y += offset;
    }
    bb->title_to = pg->n;
    return band_top + band_h;
}

/* The facts of the meeting (a pack: what the pack is), as label and value
 * rows below the band. */
static double cover_facts(briefing *b, dl_page *pg, double band_end,
                          const cover_nodes *cn)
{
    unsigned list = cn->facts;
    const model_catalog *cat = b->cat;
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    double left = th->margin_l, width = th->page_w - th->margin_l - th->margin_r;
    typedef struct {
        const char *label, *value;
    } cover_row;
    cover_row rows[10];
    size_t nr = 0;
    rows[nr++] = (cover_row){cat->date, briefing_long_date(&rt->date, cat, b->mem)};
    if (briefing_has(&rt->time))
        rows[nr++] = (cover_row){cat->time, rt->time.s};
    if (briefing_has(&rt->host))
        rows[nr++] = (cover_row){cat->hosted_by, rt->host.s};
    if (briefing_has(&rt->partner))
        rows[nr++] = (cover_row){cat->with, rt->partner.s};
    if (briefing_has(&rt->chair))
        rows[nr++] = (cover_row){cat->chair, rt->chair.s};
    if (briefing_has(&rt->venue))
        rows[nr++] = (cover_row){cat->venue, rt->venue.s};
    if (rt->setting != MODEL_SETTING_NONE)
        rows[nr++] = (cover_row){
            cat->format, rt->setting == MODEL_SETTING_IN_PERSON ? cat->in_person
                         : rt->setting == MODEL_SETTING_ONLINE  ? cat->online
                                                                : cat->hybrid};
    if (b->n_cover_rows) {
        /* a pack's cover says what the pack is, not a meeting's facts */
        nr = 0;
        for (size_t i = 0; i < b->n_cover_rows && i < 8; i++)
            rows[nr++] = (cover_row){b->cover_rows[i][0], b->cover_rows[i][1]};
    } else if (rt->published.set)
        rows[nr++] = (cover_row){cat->published,
                                 briefing_long_date(&rt->published, cat, b->mem)};
    if (th->draft_line)
        rows[nr++] = (cover_row){cat->status, th->draft_line};
    layout_item *facts = &(layout_item){.anchor = -1};
    /* the labels' column as wide as the longest label needs */
    double label_w = 78;
    for (size_t i = 0; i < nr; i++)
        label_w = fmax(label_w, layout_text_width(L, th->text.bold, 8.5,
                                                  rows[i].label) + 12);
    layout_para vp = {
        .x = left + label_w, .width = width - label_w, .size = 11, .leading = 15,
        .colour = th->ink, .link_colour = th->ink, .role = DL_ROLE_PARAGRAPH,
        .keep_all = true, .ragged = true,
    };
    double y = band_end + cover_y(th, 30);
    for (size_t i = 0; i < nr; i++) {
        unsigned li = layout_node_in(L, list, DL_TAG_LI);
        layout_text(L, facts, left, y + layout_para_baseline(L, &vp),
                    th->text.bold, 8.5, th->muted, rows[i].label,
                    DL_ROLE_LIST_LABEL, layout_node_in(L, li, DL_TAG_LBL), 0);
        md_block v = markdown_plain(rows[i].value, b->mem);
        y += layout_paragraph_into(L, facts, y, v.runs, v.n_runs, &vp,
                                   layout_node_in(L, li, DL_TAG_LBODY)) + 6;
    }
    if (cn->notice) {
        /* the Chatham House Rule, under the facts, with a bar beside it */
        layout_para np = vp;
        np.x = left + 10;
        np.width = width - 10;
        np.size = 9.5;
        np.leading = 13;
        np.style = MD_STYLE_EMPH;
        np.keep_all = false;
        md_block nb = markdown_plain(cat->chatham_house, b->mem);
        double top = y + 14;
        double h = layout_paragraph_into(L, facts, top, nb.runs, nb.n_runs,
                                         &np, cn->notice);
        dl_box *bar = layout_item_box(L, facts, DL_RULE, DL_ROLE_ARTIFACT);
        bar->x = left + 2;
        bar->y = top;
        bar->h = h;
        bar->colour = th->accent;
        bar->line_width = 2;
        y = top + h;
    }
    for (size_t i = 0; i < facts->n; i++)
        *ARENA_PUSH(b->mem, pg->boxes, pg->n, pg->cap) = facts->boxes[i];
    return y;
}

/* Moves boxes [from, to) up by dy. */
static void cover_raise(dl_page *pg, size_t from, size_t to, double dy)
{
    for (size_t i = from; i < to; i++)
        pg->boxes[i].y -= dy;
}

/* Many facts and the Chatham House notice on a short page (A5) would run
 * into the footer: they move up, taking first the gap under the band,
 * then the band's spare height, then the room above it (to the logo). */
static void cover_fit(briefing *b, dl_page *pg, const cover_band_boxes *bb,
                      size_t facts_from, double facts_end, bool logo)
{
    const layout_theme *th = b->th;
    double limit = layout_foot_y(th, 42) - 8 - 10;  /* the footer's top */
    double over = facts_end - limit;
    if (over <= 0)
        return;
    double gap = fmin(over, fmax(0, cover_y(th, 30) - 12));
    cover_raise(pg, facts_from, pg->n, gap);
    over -= gap;
    double shrink = fmin(over, bb->slack);
    pg->boxes[bb->band].h -= shrink;
    cover_raise(pg, bb->stripe, bb->stripe + 1, shrink);
    cover_raise(pg, bb->title_from, bb->title_to, shrink / 2);
    cover_raise(pg, facts_from, pg->n, shrink);
    over -= shrink;
    double top = pg->boxes[bb->band].y;
    double room = logo ? top - (cover_y(th, 64) + 44 + 16) : 0;
    double lift = fmin(over, fmax(0, room));
    cover_raise(pg, bb->band, bb->title_to, lift);
    cover_raise(pg, facts_from, pg->n, lift);
    b->cover_band_end = pg->boxes[bb->stripe].y + pg->boxes[bb->stripe].h;
}

void briefing_cover(briefing *b)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    dl_page *pg = layout_page_new(L);
    pg->by_rule = true;
    cover_nodes cn;
    cn.sect = layout_open(L, DL_TAG_SECT);
    cn.title = layout_heading(L, 1);
    cn.subtitle = layout_node(L, DL_TAG_P);
    cn.facts = layout_node(L, DL_TAG_L);
    cn.notice = b->rt->chatham_house ? layout_node(L, DL_TAG_P) : 0;
    cn.logo = layout_node(L, DL_TAG_FIGURE);
    layout_close(L, cn.sect);
    layout_marking(L, pg);
    cover_logo(b, pg, cn.logo);
    cover_band_boxes bb;
    b->cover_band_end = cover_band(b, pg, &cn, &bb);
    size_t facts_from = pg->n;
    double facts_end = cover_facts(b, pg, b->cover_band_end, &cn);
    cover_fit(b, pg, &bb, facts_from, facts_end, cover_has_logo(b));
    if (th->footer)
        layout_page_text(L, pg, th->margin_l, layout_foot_y(th, 42),
                         th->text.regular, 8, th->muted, th->footer,
                         DL_ROLE_FOOTER, 0, 0);
}
