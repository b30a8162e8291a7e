/* The body of a roundtable, in the order of the input format: summary,
 * sections, key takeaways, next steps with actions, then its speakers and
 * attendees (people.c). Each part is built into the layout flow; a part
 * with nothing in it is left out, and so is its contents entry. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "briefing/kit.h"
#include "briefing/parts.h"

static void briefing_summary(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = b->L;
    size_t shown = 0;
    for (size_t i = 0; i < rt->n_questions; i++)
        shown += !briefing_skips(b, &rt->questions[i].internal);
    if (!briefing_has(&rt->summary) && !shown)
        return;
    const char *discussed = shown == 1 ? b->cat->question_discussed
                                       : b->cat->questions_discussed;
    unsigned part;
    if (!briefing_has(&rt->summary)) {
        /* no summary to head: the list of questions is the part */
        part = briefing_part(b, discussed, true, "summary");
    } else {
        part = briefing_part(b, b->cat->summary, true, "summary");
        md_doc md = markdown_blocks(&rt->summary, b->file, b->mem, b->d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), false);
        if (!shown) {
            briefing_end(b, part);
            return;
        }
        briefing_h2(b, discussed);
    }
    layout_para p = briefing_body_para(b);
    p.x = b->x + 22;
    p.width = b->w - 22;
    p.space_before = 5;
    p.role = DL_ROLE_LIST_BODY;
    unsigned list = layout_open(L, DL_TAG_L);
    size_t number = 0;
    for (size_t i = 0; i < rt->n_questions; i++) {
        if (briefing_skips(b, &rt->questions[i].internal))
            continue;
        md_block q = briefing_inline(b, &rt->questions[i].question, "a question");
        if (number == 0)
            p.space_before = 2;
        size_t first = L->n;
        briefing_label label = {arena_printf(b->mem, "%zu.", ++number), p.x - 6,
                                b->th->link, true};
        size_t n = briefing_list_item(b, q.runs, q.n_runs, &p, &label, NULL);
        if (n) {
            /* #qN leads here unless the question has a takeaways block */
            L->items[first].anchor = layout_anchor_new(L);
            briefing_id(b, arena_printf(b->mem, "q%zu", i + 1),
                        L->items[first].anchor);
        }
        /* a list's items sit on the grid line after the one before */
        p.space_before = 0;
    }
    briefing_end(b, list);
    briefing_end(b, part);
}

static void briefing_sections(briefing *b)
{
    const model_roundtable *rt = b->rt;
    for (size_t i = 0; i < rt->n_sections; i++) {
        const model_section *s = &rt->sections[i];
        if (briefing_skips(b, &s->internal))
            continue;
        unsigned part = briefing_part(b, s->heading.s ? s->heading.s : "", true,
                                      b->section_ids[i]);
        md_doc md = markdown_blocks(&s->body, b->file, b->mem, b->d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), false);
        briefing_end(b, part);
    }
}

/* One takeaway: a bullet with a hanging indent, and its sub-points (a list
 * in its body). */
static void briefing_takeaway(briefing *b, const model_takeaway *t,
                              double gap)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    layout_para p = briefing_body_para(b);
    p.x = b->x + INDENT_STEP;
    p.width = b->w - INDENT_STEP;
    p.space_before = gap;
    p.role = DL_ROLE_LIST_BODY;
    md_block mb = briefing_inline(b, &t->text, "a takeaway");
    size_t first = L->n;
    unsigned body;
    briefing_label bullet = {"\u2022", p.x - 6, th->link, false};
    size_t n = briefing_list_item(b, mb.runs, mb.n_runs, &p, &bullet, &body);
    if (n >= 2)
        L->items[first].keep_with_next = true;
    if (t->points.n) {
        unsigned sub = layout_open(L, DL_TAG_L);
        for (size_t i = 0; i < t->points.n; i++) {
            layout_para sp = p;
            sp.x = p.x + INDENT_STEP;
            sp.width = p.width - INDENT_STEP;
            sp.space_before = 0;
            md_block pb = briefing_inline(b, &t->points.items[i], "a sub-point");
            briefing_label dash = {"\u2013", sp.x - 6, th->muted, false};
            briefing_list_item(b, pb.runs, pb.n_runs, &sp, &dash, NULL);
        }
        briefing_end(b, sub);
    }
    briefing_end(b, layout_node_at(L, body)->parent);
}

/* How many of a question's takeaways the document prints. */
static size_t briefing_takeaways_shown(const briefing *b,
                                       const model_question *q)
{
    size_t n = 0;
    for (size_t k = 0; k < q->n_takeaways; k++)
        n += !briefing_skips(b, &q->takeaways[k].internal);
    return n;
}

static void briefing_takeaways(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = b->L;
    const layout_theme *th = b->th;
    bool any = false;
    for (size_t i = 0; i < rt->n_questions; i++)
        any |= !briefing_skips(b, &rt->questions[i].internal) &&
               (briefing_takeaways_shown(b, &rt->questions[i]) ||
                briefing_has(&rt->questions[i].notes));
    if (!any)
        return;
    unsigned part = briefing_part(b, b->cat->takeaways, true, "takeaways");
    size_t number = 0;
    for (size_t i = 0; i < rt->n_questions; i++) {
        const model_question *q = &rt->questions[i];
        if (briefing_skips(b, &q->internal))
            continue;
        const char *n = arena_printf(b->mem, "%zu", ++number);
        /* "QUESTION 1" label, read with the question as one heading */
        unsigned heading = layout_heading(L, b->level + 2);
        layout_item *lab = layout_item_new(L, 15);
        lab->space_before = number == 1 ? 4 : 20;
        lab->keep_with_next = true;
        lab->heading = true;
        /* (a space after it: read with the question, as one heading) */
        const char *label = arena_printf(b->mem, "%s ",
                                         briefing_say(b, b->cat->question_label,
                                                      "n", n));
        layout_text(L, lab, b->x, 11, th->text.bold, 8.5, th->link, label,
                    DL_ROLE_H2, heading, 0);
        lab->anchor = layout_anchor_new(L);
        briefing_id(b, arena_printf(b->mem, "q%zu", i + 1), lab->anchor);
        const char *qtext = q->question.s ? q->question.s : "";
        lab->outline = briefing_say(b, b->cat->question_outline, "n", n,
                                    "question", qtext);
        lab->outline_level = b->level + 1;
        briefing_toc_add(b, lab->outline, b->level + 1, lab->anchor);
        /* the label's length, for the contents' hanging indent */
        const char *at = strstr(b->cat->question_outline, "{question}");
        if (at)
            b->sh->toc[b->sh->n_toc - 1].label_len =
                strlen(briefing_say(b, arena_strndup(b->mem, b->cat->question_outline,
                                                     (size_t)(at - b->cat->question_outline)),
                                    "n", n));

        layout_para p = briefing_heading_para(b, DL_ROLE_H2, 12, 16);
        p.space_before = 1;
        size_t takeaways = briefing_takeaways_shown(b, q);
        p.keep_with_next = takeaways || briefing_has(&q->notes);
        md_block qb = briefing_inline(b, &q->question, "a question");
        layout_paragraph(L, qb.runs, qb.n_runs, &p, heading, NULL);
        size_t before = L->n;
        if (takeaways) {
            unsigned list = layout_open(L, DL_TAG_L);
            for (size_t k = 0, shown = 0; k < q->n_takeaways; k++)
                if (!briefing_skips(b, &q->takeaways[k].internal))
                    briefing_takeaway(b, &q->takeaways[k], shown++ == 0 ? 6 : 0);
            briefing_end(b, list);
        }
        /* The question keeps at least its first two lines of takeaways. */
        if (L->n > before + 1)
            L->items[before].keep_with_next = true;
        if (briefing_has(&q->notes)) {
            /* a label, so notes that open a page still say what they are */
            layout_item *nl = layout_item_new(L, 14);
            nl->space_before = takeaways ? 9 : 5;
            nl->keep_with_next = true;
            nl->heading = true;
            layout_text(L, nl, b->x, 10.5, th->text.bold, 8, th->muted,
                        briefing_say(b, b->cat->notes_label, "n", n),
                        DL_ROLE_H3, layout_heading(L, b->level + 3), 0);
            md_doc md = markdown_blocks(&q->notes, b->file, b->mem, b->d);
            briefing_blocks(b, &md, 0, briefing_body_para(b), false);
        }
    }
    briefing_end(b, part);
}

/* A table row: cells set side by side in one unbreakable item. */
typedef struct briefing_cell {
    md_block text;
    double x, w;
    bool bold;
    const char *said;   /* NULL, or what a reader says for its text */
} briefing_cell;

/* A row of the current THead or TBody: TR > TH (the column's header) or
 * TD. */
static layout_item *briefing_row(briefing *b, const briefing_cell *cells,
                                 size_t n, bool header)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    unsigned tr = layout_open(L, DL_TAG_TR);
    layout_item *it = layout_item_new(L, 0);
    double pad = 5, hmax = 0;
    for (size_t i = 0; i < n; i++) {
        layout_para p = briefing_body_para(b);
        p.x = cells[i].x + pad;
        p.width = cells[i].w - 2 * pad;
        p.size = 9.5;
        p.leading = 13;
        p.ragged = true;
        p.role = header ? DL_ROLE_TABLE_HEADER : DL_ROLE_TABLE_CELL;
        p.style = cells[i].bold || header ? MD_STYLE_STRONG : 0;
        p.colour = header ? (model_colour){255, 255, 255} : th->ink;
        unsigned cell = layout_node(L, header ? DL_TAG_TH : DL_TAG_TD);
        layout_node_at(L, cell)->actual = cells[i].said;
        double h = layout_paragraph_into(L, it, pad, cells[i].text.runs,
                                         cells[i].text.n_runs, &p, cell);
        if (h > hmax)
            hmax = h;
    }
    it->height = hmax + 2 * pad;
    /* background or rule, drawn under the text: put it first */
    dl_box bg = {0};
    if (header) {
        bg.kind = DL_RECT;
        bg.role = DL_ROLE_ARTIFACT;
        bg.x = b->x;
        bg.w = b->w;
        bg.h = it->height;
        bg.colour = th->primary;
    } else {
        bg.kind = DL_RULE;
        bg.role = DL_ROLE_ARTIFACT;
        bg.x = b->x;
        bg.y = it->height;
        bg.w = b->w;
        bg.colour = th->rule;
        bg.line_width = 0.5;
    }
    dl_box *slot = layout_item_box(L, it, bg.kind, bg.role);
    memmove(it->boxes + 1, it->boxes, (it->n - 1) * sizeof *it->boxes);
    (void)slot;
    it->boxes[0] = bg;
    layout_close(L, tr);
    return it;
}

static void briefing_actions(briefing *b, bool after_text);

static void briefing_next_steps(briefing *b)
{
    const model_roundtable *rt = b->rt;
    size_t steps = 0, actions = 0;
    for (size_t i = 0; i < rt->next_step_list.n; i++)
        steps += !(b->th->public_version && rt->next_step_list.items[i].internal);
    for (size_t i = 0; i < rt->n_actions; i++)
        actions += !briefing_skips(b, &rt->actions[i].internal);
    if (!briefing_has(&rt->next_steps) && !steps && !actions)
        return;
    unsigned part = briefing_part(b, b->cat->next_steps, true, "next-steps");
    md_doc md = markdown_blocks(&rt->next_steps, b->file, b->mem, b->d);
    briefing_blocks(b, &md, 0, briefing_body_para(b), false);
    bool text = md.n != 0;
    for (size_t i = 0; i < rt->next_step_list.n; i++) {
        const model_text *step = &rt->next_step_list.items[i];
        if (b->th->public_version && step->internal)
            continue;
        md = markdown_blocks(step, b->file, b->mem, b->d);
        briefing_blocks(b, &md, 0, briefing_body_para(b), text);
        text |= md.n != 0;
    }
    if (actions)
        briefing_actions(b, text);
    briefing_end(b, part);
}

/* The actions as a table: #, Action, Owner, Due. */
static void briefing_actions(briefing *b, bool after_text)
{
    const model_roundtable *rt = b->rt;
    layout *L = b->L;
    /* Columns as wide as their longest entry needs (within limits); the
     * action takes the rest. */
    const model_catalog *lang = b->cat;
    font_face *reg = b->th->text.regular, *bold = b->th->text.bold;
    double pad = 10, size = 9.5;
    double wnum = fmax(26, layout_text_width(b->L, bold, size, lang->action_number) + pad);
    double wowner = layout_text_width(b->L, bold, size, lang->owner) + pad;
    double wdue = layout_text_width(b->L, bold, size, lang->due) + pad;
    for (size_t i = 0; i < rt->n_actions; i++) {
        const model_action *a = &rt->actions[i];
        if (briefing_skips(b, &a->internal))
            continue;
        if (a->owner.s)
            wowner = fmax(wowner, layout_text_width(b->L, reg, size, a->owner.s) + pad);
        wdue = fmax(wdue, layout_text_width(b->L, reg, size,
                                            briefing_short_date(&a->due, lang, b->mem)) + pad);
    }
    wowner = fmin(wowner + 2, b->w * 0.3);
    wdue = fmin(wdue + 2, b->w * 0.22);
    double x = b->x;
    double wact = b->w - wdue - wowner - wnum;
    briefing_cell head[4] = {
        {markdown_plain(lang->action_number, b->mem), x, wnum, true,
         lang->action_number_said},
        {markdown_plain(lang->action, b->mem), x + wnum, wact, true, NULL},
        {markdown_plain(lang->owner, b->mem), x + wnum + wact, wowner, true, NULL},
        {markdown_plain(lang->due, b->mem), x + wnum + wact + wowner, wdue, true, NULL},
    };
    unsigned table = layout_open(L, DL_TAG_TABLE);
    unsigned thead = layout_open(L, DL_TAG_THEAD);
    layout_item *h = briefing_row(b, head, 4, true);
    layout_close(L, thead);
    h->space_before = after_text ? 12 : 0;
    h->keep_with_next = true;
    size_t header = b->L->n - 1;
    unsigned tbody = layout_open(L, DL_TAG_TBODY);
    size_t number = 0, rows[2] = {0, 0}; /* the first row's item, the last's */
    size_t before_last = 0;
    for (size_t i = 0; i < rt->n_actions; i++) {
        const model_action *a = &rt->actions[i];
        if (briefing_skips(b, &a->internal))
            continue;
        /* an empty cell says so */
        const char *owner = a->owner.s && *a->owner.s ? a->owner.s : "\u2014";
        const char *due = a->due.set ? briefing_short_date(&a->due, lang, b->mem)
                                     : "\u2014";
        briefing_cell row[4] = {
            {markdown_plain(arena_printf(b->mem, "%zu", ++number), b->mem), x, wnum, true, NULL},
            {briefing_inline(b, &a->action, "an action"), x + wnum, wact, false, NULL},
            {markdown_plain(owner, b->mem), x + wnum + wact, wowner, false, NULL},
            {markdown_plain(due, b->mem), x + wnum + wact + wowner, wdue, false, NULL},
        };
        /* the header row is repeated on a page the table continues on */
        briefing_row(b, row, 4, false)->repeat = header + 1;
        before_last = rows[1];
        rows[1] = L->n - 1;
        if (number == 1)
            rows[0] = rows[1];
    }
    /* never the header and one row alone at a page's foot, nor the last
     * row alone on the next page: at least two rows go together */
    if (number >= 2)
        L->items[rows[0]].keep_with_next = true;
    if (number >= 3)
        L->items[before_last].keep_with_next = true;
    layout_close(L, tbody);
    layout_close(L, table);
}

void briefing_body(briefing *b)
{
    briefing_summary(b);
    briefing_sections(b);
    briefing_takeaways(b);
    briefing_next_steps(b);
    briefing_speakers(b);
    briefing_attendees(b);
}

