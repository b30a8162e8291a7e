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

#define HANDOUT_NOTE_LINES 6
#define HANDOUT_NOTE_PITCH 19.0

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
         * question. Lines in the text colour at a weight a greyscale
         * printer keeps. */
        layout_item *lines = layout_item_new(L, HANDOUT_NOTE_LINES * HANDOUT_NOTE_PITCH + 4);
        lines->space_before = 2;
        for (int k = 1; k <= HANDOUT_NOTE_LINES; k++) {
            briefing_rule(b, lines, k * HANDOUT_NOTE_PITCH, th->muted, 0.6);
        }
    }
    layout_close(L, sect);
}

/* Speakers, compact: name and role on one line, the bio in a smaller
 * size, contacts run together on one line. No photograph: a handout is
 * printed, often in black and white. */
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
    const char *lang = b->cat->calling_code;
    for (size_t i = 0, n = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        if (briefing_skips(b, &s->internal))
            continue;
        unsigned card = layout_open(L, DL_TAG_SECT);
        md_block head = briefing_speaker_line(b, s, " \u2014 ");
        layout_para hp = briefing_body_para(b);
        hp.ragged = true;
        hp.role = DL_ROLE_H3;
        hp.space_before = n++ == 0 ? 2 : 12;
        hp.keep_all = true;
        hp.keep_with_next = true;
        size_t first;
        layout_paragraph(L, head.runs, head.n_runs, &hp,
                         layout_heading(L, b->level + 2), &first);
        L->items[first].outline = s->name.s;
        L->items[first].outline_level = b->level + 1;

        layout_para bp = briefing_body_para(b);
        bp.size = th->size - 0.5;
        bp.leading = th->leading - 1;
        bp.space_before = 3;
        size_t before = L->n;
        if (briefing_has(&s->bio)) {
            md_doc md = markdown_blocks(&s->bio, b->file, b->mem, b->d);
            briefing_blocks(b, &md, 0, bp, true);
        }
        /* contacts: "Email a@b · Phone 020 … · Web …" */
        briefing_contact contacts[CONTACT_KINDS];
        briefing_contacts(s, b->cat, contacts);
        contacts[CONTACT_WEB].label = b->cat->web;
        md_block cb = {.kind = MD_PARAGRAPH};
        size_t ccap = 0;
        for (size_t c = 0; c < CONTACT_KINDS; c++) {
            const model_text_list *l = contacts[c].list;
            for (size_t k = 0; k < l->n; k++) {
                const char *v = l->items[k].s;
                if (!briefing_contact_shown(b, l, k))
                    continue;
                md_run *lr = ARENA_PUSH(b->mem, cb.runs, cb.n_runs, ccap);
                lr->text = arena_printf(b->mem, "%s%s\u00a0", cb.n_runs > 1
                                        ? " \u00b7 " : "", contacts[c].label);
                lr->len = strlen(lr->text);
                lr->style = MD_STYLE_STRONG;
                md_run *vr = ARENA_PUSH(b->mem, cb.runs, cb.n_runs, ccap);
                vr->text = v;
                vr->len = strlen(v);
                vr->link = briefing_contact_uri(contacts[c].kind, v, lang, b->mem);
                vr->link_title = briefing_contact_title(b, contacts[c].kind, s);
            }
        }
        if (cb.n_runs) {
            layout_para cp = bp;
            cp.size = th->size - 1;
            cp.ragged = true;
            cp.space_before = 4;
            cp.link_colour = th->ink;
            layout_paragraph(L, cb.runs, cb.n_runs, &cp, layout_node(L, DL_TAG_P),
                             NULL);
        }
        /* a short card stays whole */
        double h = 0;
        for (size_t k = before; k < L->n; k++)
            h += L->items[k].height + L->items[k].space_before;
        if (h < 200)
            for (size_t k = before; k + 1 < L->n; k++)
                L->items[k].keep_with_next = true;
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
    handout_title(b);
    handout_questions(b);
    handout_speakers(b);
    layout_paginate(b->L);
    b->L->doc->body_start = 0;
    briefing_resolve_links(b);
    layout_furniture(b->L, 0);
    briefing_watermark(b);
    return b->L->doc;
}
