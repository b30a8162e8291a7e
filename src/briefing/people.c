/* Speakers' cards and the attendees list. */
#include <ctype.h>
#include <string.h>

#include "briefing/kit.h"
#include "briefing/parts.h"


/* Titles that are not part of a person's initials. */
static bool briefing_is_title(const char *w, size_t len)
{
    static const char *const titles[] = {"Dr", "Dr.", "Prof", "Prof.", "Mr",
                                         "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
                                         "Mx", "Sir", "Dame", "Lord", "Lady",
                                         "Rt", "Hon", "Cllr", "DCI", "DI",
                                         "DS", "Supt"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strlen(titles[i]) == len && strncmp(w, titles[i], len) == 0)
            return true;
    return false;
}

static const char *briefing_initials(const char *name, arena *a)
{
    char out[16];
    size_t n = 0;
    const char *last = NULL;
    const char *p = name;
    for (;;) {
        while (*p == ' ')
            p++;
        size_t wl = strcspn(p, " ");
        if (!p[wl] || !briefing_is_title(p, wl))
            break;
        p += wl;
    }
    name = p;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (!last && n == 0) {
            size_t k = 1;
            while ((p[k] & 0xC0) == 0x80)
                k++;
            memcpy(out, p, k);
            n = k;
        }
        last = p;
        while (*p && *p != ' ')
            p++;
    }
    if (last && last != name) {
        size_t k = 1;
        while ((last[k] & 0xC0) == 0x80)
            k++;
        if (n + k < sizeof out) {
            memcpy(out + n, last, k);
            n += k;
        }
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x80)
            out[i] = (char)toupper((unsigned char)out[i]);
    return arena_strndup(a, out, n);
}


void briefing_contacts(const model_speaker *s, const model_catalog *cat,
                       briefing_contact *out)
{
    out[0] = (briefing_contact){&s->email, cat->email, CONTACT_EMAIL};
    out[1] = (briefing_contact){&s->phone, cat->phone, CONTACT_PHONE};
    out[2] = (briefing_contact){&s->website, cat->website, CONTACT_WEB};
    out[3] = (briefing_contact){&s->linkedin, cat->linkedin, CONTACT_LINKEDIN};
    out[4] = (briefing_contact){&s->twitter, cat->twitter, CONTACT_TWITTER};
}

bool briefing_contact_shown(const briefing *b, const model_text_list *l,
                            size_t i)
{
    const char *v = l->items[i].s;
    if (!v || !*v || (b->th->public_version && l->items[i].internal))
        return false;
    for (size_t k = 0; k < i; k++)
        if (l->items[k].s && strcmp(l->items[k].s, v) == 0)
            return false;
    return true;
}

const char *briefing_contact_uri(contact_kind k, const char *v,
                                 const char *calling_code, arena *a)
{
    bool has_scheme = strstr(v, "://") != NULL;
    switch (k) {
    case CONTACT_EMAIL:
        return arena_printf(a, "mailto:%s", v);
    case CONTACT_PHONE: {
        /* tel: wants a global number: a UK national number 0… is +44… */
        char digits[64];
        size_t n = 0;
        bool plus = false;
        for (const char *p = v; *p && n + 4 < sizeof digits; p++) {
            if (*p == '+' && n == 0)
                plus = true;
            else if (plus && strncmp(p, "(0)", 3) == 0)
                p += 2; /* "+44 (0)20 …": the 0 is dialled only at home */
            else if (isdigit((unsigned char)*p))
                digits[n++] = *p;
        }
        digits[n] = '\0';
        /* a national number (a trunk 0, not 00) in the language's
         * country: +CODE without the 0 */
        if (!plus && calling_code && digits[0] == '0' && digits[1] != '0')
            return arena_printf(a, "tel:+%s%s", calling_code, digits + 1);
        return arena_printf(a, "tel:%s%s", plus ? "+" : "", digits);
    }
    case CONTACT_TWITTER:
        if (v[0] == '@')
            return arena_printf(a, "https://twitter.com/%s", v + 1);
        /* fall through */
    case CONTACT_KINDS:
    case CONTACT_WEB:
    case CONTACT_LINKEDIN:
        return has_scheme ? v : arena_printf(a, "https://%s", v);
    }
    return v;
}

const char *briefing_contact_title(briefing *b, contact_kind k,
                                   const model_speaker *s)
{
    /* an address or a number says what it is; "Email" says whom */
    if (k == CONTACT_EMAIL && s->name.s && *s->name.s)
        return briefing_say(b, b->cat->email_title, "name", s->name.s);
    return NULL;
}

#define SPEAKER_PHOTO 60.0 /* the photo's (or initials') side */
#define SPEAKER_GAP 16.0   /* between it and the text */

/* The head of a card: photo (or initials), name, role and organisation,
 * in one unbreakable item; returns its height. */
static double speaker_head(briefing *b, const model_speaker *s, bool first,
                           const char *id, const layout_para *p)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    double photo = SPEAKER_PHOTO;
    /* read as: the name (a heading), role, organisation, the photo */
    unsigned name_node = layout_heading(L, b->level + 2);
    unsigned role_node = layout_node(L, DL_TAG_P);
    unsigned org_node = layout_node(L, DL_TAG_P);
    layout_item *head = layout_item_new(L, 0);
    head->space_before = first ? 4 : 17;
    head->keep_with_next = true;
    head->separator = !first;
    if (id) {
        head->anchor = layout_anchor_new(L);
        briefing_id(b, id, head->anchor);
    }
    head->heading = true;
    const char *name = s->name.s ? s->name.s : "";
    if (s->photo_path) {
        unsigned fig = layout_node(L, DL_TAG_FIGURE);
        layout_node_at(L, fig)->alt = briefing_photo_alt(b, s);
        dl_box *img = layout_item_box(L, head, DL_IMAGE, DL_ROLE_FIGURE);
        img->node = fig;
        img->x = b->x;
        img->y = 2;
        img->w = photo;
        img->h = photo;
        img->u.image.path = s->photo_path;
        /* every photo in the same round frame as the initials */
        img->u.image.round = true;
    } else {
        /* the initials stand in for a photo: decoration, the name follows */
        dl_box *c = layout_item_box(L, head, DL_CIRCLE, DL_ROLE_ARTIFACT);
        c->x = b->x;
        c->y = 2;
        c->w = c->h = photo;
        c->colour = th->primary;
        layout_text(L, head, b->x + photo / 2, 2 + photo / 2 + 7,
                    th->text.bold, 20, (model_colour){255, 255, 255},
                    briefing_initials(name, b->mem), DL_ROLE_ARTIFACT, 0, 1);
    }
    layout_para np = *p;
    np.face = th->heading;
    np.size = 12.5;
    np.leading = 17;
    np.colour = th->primary;
    np.role = DL_ROLE_H3;
    md_block nb = markdown_plain(name, b->mem);
    double y = layout_paragraph_into(L, head, 0, nb.runs, nb.n_runs, &np,
                                     name_node);
    head->outline = name;
    head->outline_level = b->level + 1;
    layout_para rp = *p;
    rp.size = 9.5;
    rp.leading = 13;
    rp.colour = th->muted;
    if (briefing_has(&s->role)) {
        md_block rb = markdown_plain(s->role.s, b->mem);
        y += layout_paragraph_into(L, head, y, rb.runs, rb.n_runs, &rp,
                                   role_node);
    }
    if (briefing_has(&s->organisation)) {
        layout_para op = rp;
        op.style = MD_STYLE_STRONG;
        md_block ob = markdown_plain(s->organisation.s, b->mem);
        y += layout_paragraph_into(L, head, y, ob.runs, ob.n_runs, &op,
                                   org_node);
    }
    head->height = y;
    return y;
}

double briefing_contact_rows(briefing *b, const model_speaker *s,
                             const briefing_contact_style *cs)
{
    layout *L = b->L;
    const layout_theme *th = b->th;
    const char *lang = b->cat->calling_code;
    double used = 0;
    briefing_contact contacts[CONTACT_KINDS];
    briefing_contacts(s, b->cat, contacts);
    if (cs->web_short)
        contacts[CONTACT_WEB].label = b->cat->web;
    bool first_contact = true;
    /* a list that reads label then value: Email, a@b.org */
    unsigned list = layout_open(L, DL_TAG_L);
    for (size_t c = 0; c < CONTACT_KINDS; c++) {
        const model_text_list *l = contacts[c].list;
        bool labelled = false;
        for (size_t i = 0; i < l->n; i++) {
            const char *v = l->items[i].s;
            if (!briefing_contact_shown(b, l, i))
                continue;
            layout_item *row = layout_item_new(L, 0);
            row->space_before = first_contact ? cs->gap_first : cs->gap;
            row->keep_with_next = true;
            layout_para cp = briefing_body_para(b);
            cp.size = cs->size;
            cp.leading = cs->leading;
            cp.x = cs->x + cs->label_w;
            cp.width = cs->width - cs->label_w;
            cp.ragged = true;
            cp.link_colour = cs->link_colour;
            cp.role = DL_ROLE_LIST_BODY;
            unsigned li = layout_open(L, DL_TAG_LI);
            if (!labelled)
                layout_text(L, row, cs->x, layout_para_baseline(L, &cp),
                            th->text.bold, cs->label_size, th->muted,
                            contacts[c].label, DL_ROLE_LIST_LABEL,
                            layout_node(L, DL_TAG_LBL), 0);
            md_run run = {.text = v, .len = strlen(v),
                          .link = briefing_contact_uri(contacts[c].kind, v,
                                                       lang, b->mem),
                          .link_title = briefing_contact_title(
                              b, contacts[c].kind, s)};
            row->height = layout_paragraph_into(L, row, 0, &run, 1, &cp,
                                                layout_node(L, DL_TAG_LBODY));
            layout_close(L, li);
            used += row->height + row->space_before;
            labelled = true;
            first_contact = false;
        }
    }
    layout_close(L, list);
    return used;
}

void briefing_speaker(briefing *b, const model_speaker *s, bool first,
                      const char *id)
{
    layout *L = b->L;
    unsigned card = layout_open(L, DL_TAG_SECT);
    double photo = SPEAKER_PHOTO, gap = SPEAKER_GAP;
    layout_para p = briefing_body_para(b);
    p.x = b->x + photo + gap;
    p.width = b->w - photo - gap;
    p.ragged = true;
    double used = speaker_head(b, s, first, id, &p);

    /* The bio, line by line: a card may break inside it, as a paragraph
     * does, its head kept with the first two lines (as the paragraph keeps
     * them) and its last lines with the contacts, so that no page is left
     * short for a whole card moved to the next. */
    if (briefing_has(&s->bio)) {
        md_doc md = markdown_blocks(&s->bio, b->file, b->mem, b->d);
        layout_para bp = p;
        bp.size = 9.5;
        bp.leading = 13.5;
        bp.space_before = 5;
        size_t before = L->n;
        briefing_blocks(b, &md, photo + gap, bp, true);
        for (size_t i = before; i < L->n; i++)
            used += L->items[i].height + L->items[i].space_before;
        if (L->n > before)
            L->items[L->n - 1].keep_with_next = true;
    }
    used += briefing_contact_rows(b, s, &(briefing_contact_style){
        .x = p.x, .width = p.width, .label_w = 56, .label_size = 8,
        .size = 9, .leading = 12.5, .gap_first = 6, .gap = 1,
        .link_colour = b->th->link});
    /* The card is at least as tall as its photo. */
    layout_item *end = layout_item_new(L, used < photo + 4 ? photo + 4 - used : 0);
    end->keep_with_next = false;
    layout_close(L, card);
}

void briefing_speakers(briefing *b)
{
    const model_roundtable *rt = b->rt;
    size_t shown = 0;
    for (size_t i = 0; i < rt->n_speakers; i++)
        shown += !briefing_skips(b, &rt->speakers[i].internal);
    if (!shown)
        return;
    unsigned part = briefing_part(b, shown == 1 ? b->cat->speaker : b->cat->speakers,
                                  true, "speakers");
    if (b->speakers_elsewhere) {
        /* in a pack: who spoke, each with a link to their one card in the
         * pack's Speakers chapter */
        for (size_t i = 0, n = 0; i < rt->n_speakers; i++) {
            const model_speaker *s = &rt->speakers[i];
            if (briefing_skips(b, &s->internal))
                continue;
            md_block t = briefing_speaker_line(b, s, ", ");
            size_t cap = t.n_runs;
            md_run *r = ARENA_PUSH(b->mem, t.runs, t.n_runs, cap);
            r->text = " \u2014 ";
            r->len = strlen(r->text);
            r = ARENA_PUSH(b->mem, t.runs, t.n_runs, cap);
            r->text = b->cat->biography;
            r->len = strlen(r->text);
            r->link = arena_printf(b->mem, "#%s", b->speaker_id(b, s));
            r->link_title = briefing_say(b, b->cat->biography_title, "name",
                                         s->name.s ? s->name.s : "");
            layout_para p = briefing_body_para(b);
            p.space_before = n++ == 0 ? 2 : 0;
            p.ragged = true;
            layout_paragraph(b->L, t.runs, t.n_runs, &p,
                             layout_node(b->L, DL_TAG_P), NULL);
        }
        briefing_end(b, part);
        return;
    }
    for (size_t i = 0, n = 0; i < rt->n_speakers; i++)
        if (!briefing_skips(b, &rt->speakers[i].internal))
            briefing_speaker(b, &rt->speakers[i], n++ == 0, NULL);
    briefing_end(b, part);
}

static md_block briefing_attendee_text(briefing *b, const model_attendee *a)
{
    md_block out = {.kind = MD_PARAGRAPH};
    size_t cap = 0;
    md_run *r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
    r->text = a->name.s ? markdown_smart(a->name.s, b->mem) : "";
    r->len = strlen(r->text);
    r->style = MD_STYLE_STRONG;
    const char *parts[2] = {a->role.s, a->organisation.s};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        r = ARENA_PUSH(b->mem, out.runs, out.n_runs, cap);
        r->text = arena_printf(b->mem, ", %s", markdown_smart(parts[i], b->mem));
        r->len = strlen(r->text);
    }
    return out;
}

void briefing_attendees(briefing *b)
{
    const model_roundtable *rt = b->rt;
    layout *L = b->L;
    /* the public version names no one who was there */
    if (!rt->n_attendees || b->th->public_version)
        return;
    unsigned part = briefing_part(b, b->cat->attendees, true, "attendees");
    /* Two columns read downwards: the first half of the list on the left,
     * the second on the right, row by row so the list can still break
     * between pages. The list is made first, in its own order, so that it
     * is read down the columns, not across the rows. */
    unsigned list = layout_open(L, DL_TAG_L);
    unsigned *body = arena_calloc(b->mem, rt->n_attendees, sizeof *body);
    for (size_t i = 0; i < rt->n_attendees; i++)
        body[i] = layout_node_in(L, layout_node(L, DL_TAG_LI), DL_TAG_LBODY);
    layout_close(L, list);
    double gap = 18, cw = (b->w - gap) / 2;
    size_t rows = (rt->n_attendees + 1) / 2;
    layout_para p = briefing_body_para(b);
    p.size = 9.5;
    p.leading = 13;
    p.ragged = true;
    p.indent = 10;
    for (size_t i = 0; i < rows; i++) {
        layout_item *row = layout_item_new(L, 0);
        row->space_before = i == 0 ? 2 : 5;
        double h = 0;
        for (size_t c = 0; c < 2 && i + c * rows < rt->n_attendees; c++) {
            layout_para cp = p;
            cp.x = b->x + c * (cw + gap);
            cp.width = cw;
            md_block t = briefing_attendee_text(b, &rt->attendees[i + c * rows]);
            double ch = layout_paragraph_into(L, row, 0, t.runs, t.n_runs, &cp,
                                              body[i + c * rows]);
            if (ch > h)
                h = ch;
        }
        row->height = h;
    }
    briefing_end(b, part);
}
