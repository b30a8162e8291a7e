/* The handout: printed before the roundtable, when there are questions and
 * speakers but no takeaways yet. A compact title block instead of a cover,
 * each question followed by ruled space for notes, then the speakers. It
 * must read as well in black and white as in colour: meaning never rests
 * on colour alone, and the writing lines are dark enough to survive a
 * greyscale printer. */
#include <math.h>
#include <string.h>

#include "briefing/briefing.h"
#include "briefing/kit.h"
#include "briefing/parts.h"

/* Ruled lines under a question unless the file says (`handout: notes:`):
 * eight at a line and a half of the handout's text (21 pt, 7.4 mm, as
 * college-ruled paper) make about 6 cm to write in. */
#define HANDOUT_NOTE_LINES 8
#define HANDOUT_NOTE_PITCH 1.5
/* A bio's measure: at most 30 ems (about 70 characters), beside a column
 * of at least 110 pt for the speaker's name and role. */
#define HANDOUT_BIO_EMS 30.0
#define HANDOUT_NAME_COLUMN 110.0
#define HANDOUT_COLUMN_GAP 16.0

/* Title, subtitle and the meeting's facts on one line, then a rule. Read
 * as: what the page is ("Roundtable handout"), the title (a heading), the
 * subtitle, the facts, the logo. */
static void handout_title(briefing *b)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    unsigned sect = layout_open(L, DL_TAG_SECT);
    unsigned kicker_node = layout_node(L, DL_TAG_P);
    unsigned title_node = layout_heading(L, 1);
    unsigned subtitle_node = layout_node(L, DL_TAG_P);
    unsigned facts_node = layout_node(L, DL_TAG_P);
    unsigned logo_node = layout_node(L, DL_TAG_FIGURE);

    layout_item *kicker = layout_item_new(L, 16);
    kicker->keep_with_next = true;
    layout_text(L, kicker, b->x, 11, th->text.bold, 8.5, th->link,
                b->cat->handout_kicker, DL_ROLE_PARAGRAPH, kicker_node, 0);
    if (rt->brand_model && rt->brand_model->logo) {
        dl_box *logo = layout_item_box(L, kicker, DL_IMAGE, DL_ROLE_FIGURE);
        logo->node = logo_node;
        logo->x = b->x + b->w - 110;
        logo->y = -6;
        logo->w = 110;
        logo->h = 30;
        logo->u.image.path = rt->brand_model->logo;
        layout_node_at(L, logo_node)->alt = briefing_logo_alt(b, rt->brand_model);
        logo->u.image.align_right = true;
    }

    briefing_head head = {
        .title = briefing_heading_para(b, DL_ROLE_TITLE, 19, 24),
        .title_node = title_node,
        .subtitle_size = 12.5,
        .subtitle_node = subtitle_node,
        .facts_colour = th->ink,
        .facts_node = facts_node,
        .facts_draft = true,
    };
    /* beside the logo, when there is one */
    head.title.width = rt->brand_model && rt->brand_model->logo ? b->w - 120 : b->w;
    head.title.space_before = 2;
    briefing_title_block(b, &head);
    briefing_chatham_house(b, 8);
    layout_item *rule = layout_item_new(L, 10);
    rule->keep_with_next = false;
    briefing_rule(b, rule, 8, th->ink, 0.75);
    layout_close(L, sect);
}

/* Each question, then lines to write on. */
static void handout_questions(briefing *b)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    if (!rt->n_questions)
        return;
    unsigned sect = layout_open(L, DL_TAG_SECT);
    size_t number = 0;
    bool warned_notes = false;
    for (size_t i = 0; i < rt->n_questions; i++) {
        const model_question *q = &rt->questions[i];
        if (briefing_skips(b, &q->internal))
            continue;
        const char *num = arena_printf(b->mem, "%zu", ++number);
        /* the question, its number hung in the margin: one heading */
        layout_para p = briefing_heading_para(b, DL_ROLE_H2, 12, 16);
        p.space_before = number == 1 ? 4 : 14;
        unsigned el = layout_heading(L, b->level + 2);
        md_block qb = briefing_inline(b, &q->question, "a question");
        size_t first;
        size_t n = layout_paragraph(L, qb.runs, qb.n_runs, &p, el, &first);
        if (!n)
            continue;
        layout_item *it = &L->items[first];
        it->heading = true;
        int anchor = layout_anchor_new(L);
        it->anchor = anchor;
        it->outline = briefing_say(b, b->cat->question_outline, "n", num,
                                   "question",
                                   markdown_smart(q->question.s ? q->question.s : "",
                                                  b->mem));
        it->outline_level = b->level;
        briefing_id(b, arena_printf(b->mem, "q%zu", i + 1), anchor);
        briefing_marker(b, first, &p, arena_printf(b->mem, "%s. ", num),
                        b->x - 7, th->ink, el, true);

        /* The writing space is one unbreakable block that stays with its
         * question; ending a page, its rules run on to the page's foot.
         * Lines in the text colour at a weight a greyscale printer keeps. */
        unsigned lines_n = rt->handout_notes ? rt->handout_notes - 1
                                             : HANDOUT_NOTE_LINES;
        double pitch = HANDOUT_NOTE_PITCH * th->leading;
        /* Never more than a page holds under its question (a block taller
         * than the page would run off it): the page of lines asked for. */
        double question_h = 0;
        for (size_t k = first; k < first + n; k++)
            question_h += L->items[k].height + L->items[k].space_before;
        double room = th->page_h - th->margin_t - th->margin_b - question_h -
                      6 - th->leading; /* the gap, the grid's rounding */
        unsigned fit = room > pitch ? (unsigned)floor(room / pitch) : 1;
        if (lines_n > fit) {
            if (!warned_notes && rt->handout_notes)
                diag_warning(b->d, b->file, rt->handout_notes_pos,
                             "%u lines of notes do not fit on a page under "
                             "question %s: it gets %u, a page of them",
                             lines_n, num, fit);
            warned_notes = true;
            lines_n = fit;
        }
        layout_item *lines = layout_item_new(L, lines_n * pitch + 4);
        lines->space_before = 2;
        lines->fill_pitch = lines_n ? pitch : 0;
        for (unsigned k = 1; k <= lines_n; k++)
            briefing_rule(b, lines, k * pitch, th->muted, 0.6);
    }
    layout_close(L, sect);
}

/* A speaker's name, role and organisation in the column beside the bio,
 * in an item of no height the bio's lines follow (they are read after
 * it); returns the column's height. */
static double handout_speaker_head(briefing *b, const model_speaker *s,
                                   double width, bool first)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    unsigned name_node = layout_heading(L, b->level + 2);
    unsigned role_node = layout_node(L, DL_TAG_P);
    unsigned org_node = layout_node(L, DL_TAG_P);
    layout_item *head = layout_item_new(L, 0);
    head->space_before = first ? 2 : th->leading;
    head->keep_with_next = true;
    head->heading = true;
    head->grid = true;
    head->outline = s->name.s;
    head->outline_level = b->level + 1;
    layout_para np = briefing_body_para(b);
    np.width = width;
    np.face = th->heading;
    np.size = th->size + 0.5;
    np.colour = th->primary;
    np.role = DL_ROLE_H3;
    np.ragged = true;
    np.keep_all = true;
    md_block nb = markdown_plain(s->name.s ? s->name.s : "", b->mem);
    double y = layout_paragraph_into(L, head, 0, nb.runs, nb.n_runs, &np,
                                     name_node);
    layout_para rp = np;
    rp.face = NULL;
    rp.size = th->size - 1;
    rp.leading = th->leading - 1.5;
    rp.colour = th->muted;
    rp.role = DL_ROLE_PARAGRAPH;
    if (briefing_has(&s->role)) {
        md_block rb = markdown_plain(s->role.s, b->mem);
        y += layout_paragraph_into(L, head, y, rb.runs, rb.n_runs, &rp,
                                   role_node);
    }
    if (briefing_has(&s->organisation)) {
        rp.style = MD_STYLE_STRONG;
        md_block ob = markdown_plain(s->organisation.s, b->mem);
        y += layout_paragraph_into(L, head, y, ob.runs, ob.n_runs, &rp,
                                   org_node);
    }
    return y;
}

/* Speakers: the name, role and organisation in a narrow column, the bio
 * beside it on a measure a reader can follow (at most about 70
 * characters), the contact details under it one a line. No photograph: a
 * handout is printed, often in black and white. */
static void handout_speakers(briefing *b)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const model_roundtable *rt = b->rt;
    size_t shown = 0;
    for (size_t i = 0; i < rt->n_speakers; i++)
        shown += !briefing_skips(b, &rt->speakers[i].internal);
    if (!shown)
        return;
    unsigned part = briefing_part(b, shown == 1 ? b->cat->speaker : b->cat->speakers,
                                  false, "speakers");
    double bio_w = fmin(HANDOUT_BIO_EMS * th->size,
                        b->w - HANDOUT_COLUMN_GAP - HANDOUT_NAME_COLUMN);
    double name_w = b->w - HANDOUT_COLUMN_GAP - bio_w;
    double bio_x = b->x + name_w + HANDOUT_COLUMN_GAP;
    for (size_t i = 0, n = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        if (briefing_skips(b, &s->internal))
            continue;
        unsigned card = layout_open(L, DL_TAG_SECT);
        size_t head = L->n;
        double column = handout_speaker_head(b, s, name_w, n++ == 0);
        size_t before = L->n;
        if (briefing_has(&s->bio)) {
            md_doc md = markdown_blocks(&s->bio, b->file, b->mem, b->d);
            layout_para bp = briefing_body_para(b);
            bp.x = bio_x;
            bp.width = bio_w;
            bp.ragged = true;
            briefing_blocks(b, &md, name_w + HANDOUT_COLUMN_GAP, bp, false);
        }
        /* the contact details under the bio, one a line, kept together
         * and with the bio's last line (never a page that opens on an
         * address whose owner is on the page before) */
        size_t contacts = L->n;
        briefing_contact_rows(b, s, &(briefing_contact_style){
            .x = bio_x, .width = bio_w, .label_w = 46,
            .label_size = th->size - 2, .size = th->size - 1,
            .leading = th->leading, .gap_first = th->leading / 2,
            .link_colour = th->ink, .web_short = true});
        for (size_t k = contacts > before ? contacts - 1 : contacts;
             k + 1 < L->n; k++)
            L->items[k].keep_with_next = true;
        /* the name's column stays with the lines beside it, and the card
         * is at least as tall as that column */
        double h = 0;
        for (size_t k = before; k < L->n; k++) {
            if (h < column)
                L->items[k].keep_with_next = true;
            h += L->items[k].height + L->items[k].space_before;
        }
        L->items[head].keep_with_next = true;
        layout_item *end = layout_item_new(L, h < column ? column - h : 0);
        end->keep_with_next = false;
        layout_close(L, card);
    }
    briefing_end(b, part);
}

dl_doc *layout_handout(const model_roundtable *rt, const layout_theme *th,
                       arena *a, diag *d)
{
    briefing *b = briefing_begin(rt, th, a, d);
    briefing_declare_ids(b);
    /* a handout says nothing of what was concluded: no takeaways, next
     * steps or actions, whatever the file holds */
    /* every page full (ruled space runs on to a page's foot) but the last,
     * which is left as short as it is rather than take lines from the
     * page before and leave two pages partly empty */
    b->L->short_tail_ok = true;
    handout_title(b);
    handout_questions(b);
    handout_speakers(b);
    layout_paginate(b->L);
    b->L->doc->body_start = 0;
    briefing_resolve_links(b);
    layout_furniture(b->L, 0);
    layout_finish(b->L);
    briefing_watermark(b);
    return b->L->doc;
}
