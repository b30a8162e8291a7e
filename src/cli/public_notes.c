#include "cli/public_notes.h"

#include <stdio.h>
#include <string.h>

#define NOTE_TEXT_MAX 60

/* The start of an item's text, one line, for the note. */
static void note_text(char *out, size_t size, const char *s)
{
    size_t o = 0, chars = 0;
    for (; s && *s && o + 5 < size && chars < NOTE_TEXT_MAX; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xC0) != 0x80)
            chars++;
        out[o++] = c == '\n' || c == '\t' ? ' ' : c < 0x20 ? '?' : (char)c;
    }
    if (s && *s && o + 4 <= size) {
        while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--; /* never half a character */
        if (o && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
            o--;
        memcpy(out + o, "\u2026", 3);
        o += 3;
    }
    out[o] = '\0';
}

static void note(diag *d, const char *file, srcpos pos, const char *what,
                 const char *text)
{
    char t[NOTE_TEXT_MAX * 4 + 8];
    note_text(t, sizeof t, text);
    diag_note(d, file, pos, "the public version leaves out %s%s%s%s", what,
              text ? " \u201c" : "", text ? t : "", text ? "\u201d" : "");
}

static void notes_contacts(const model_speaker *s, const char *f, diag *d)
{
    const model_text_list *fields[] = {&s->email, &s->phone, &s->website,
                                       &s->linkedin, &s->twitter};
    static const char *const names[] = {"an e-mail address", "a phone number",
                                        "a web address", "a LinkedIn address",
                                        "a Twitter account"};
    for (size_t k = 0; k < 5; k++)
        for (size_t i = 0; i < fields[k]->n; i++)
            if (fields[k]->items[i].internal)
                note(d, f, fields[k]->items[i].pos,
                     names[k], fields[k]->items[i].s);
}

static void notes_roundtable(const model_roundtable *rt, diag *d)
{
    const char *f = rt->path;
    if (rt->classification.s && *rt->classification.s)
        note(d, f, rt->classification.pos, "the marking", rt->classification.s);
    for (size_t i = 0; i < rt->n_sections; i++)
        if (rt->sections[i].internal.set)
            note(d, f, rt->sections[i].pos, "the section",
                 rt->sections[i].heading.s);
    for (size_t i = 0; i < rt->n_questions; i++) {
        const model_question *q = &rt->questions[i];
        if (q->internal.set) {
            note(d, f, q->pos, "the question (with its takeaways and notes)",
                 q->question.s);
            continue;
        }
        for (size_t k = 0; k < q->n_takeaways; k++)
            if (q->takeaways[k].internal.set)
                note(d, f, q->takeaways[k].pos, "the takeaway",
                     q->takeaways[k].text.s);
    }
    for (size_t i = 0; i < rt->next_step_list.n; i++)
        if (rt->next_step_list.items[i].internal)
            note(d, f, rt->next_step_list.items[i].pos, "the next step",
                 rt->next_step_list.items[i].s);
    for (size_t i = 0; i < rt->n_actions; i++)
        if (rt->actions[i].internal.set)
            note(d, f, rt->actions[i].pos, "the action", rt->actions[i].action.s);
    for (size_t i = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        if (s->internal.set)
            note(d, f, s->pos, "the speaker", s->name.s);
        else
            notes_contacts(s, f, d);
    }
    if (rt->n_attendees) {
        char what[64];
        snprintf(what, sizeof what, "the attendees (%zu name%s)",
                 rt->n_attendees, rt->n_attendees == 1 ? "" : "s");
        note(d, f, rt->attendees[0].pos, what, NULL);
    }
}

void public_notes(const model_roundtable *rt, const model_pack *pack,
                  diag *d)
{
    if (!pack) {
        notes_roundtable(rt, d);
        return;
    }
    if (pack->classification.s && *pack->classification.s)
        note(d, pack->path, pack->classification.pos, "the marking",
             pack->classification.s);
    for (size_t i = 0; i < pack->n_items; i++)
        notes_roundtable(pack->items[i], d);
}
