#include "layout/dump.h"

#include <math.h>
#include <string.h>

static const char *role_name(dl_role r)
{
    static const char *const names[] = {
        "artifact", "title", "subtitle", "h1", "h2", "h3", "paragraph",
        "list-label", "list-body", "quote", "toc-entry", "table-header",
        "table-cell", "figure", "caption"};
    return (size_t)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

static const char *kind_name(dl_kind k)
{
    static const char *const names[] = {"text", "rect", "rule", "circle",
                                        "image", "link"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* At most two decimals, no trailing zeros, no "-0". */
static void num(FILE *out, const char *key, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0)
        r = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f", r);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    fprintf(out, " %s%s", key, buf);
}

static void quoted(FILE *out, const char *s, size_t len)
{
    fputs(" \"", out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void colour(FILE *out, model_colour c)
{
    fprintf(out, " #%02x%02x%02x", c.r, c.g, c.b);
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

static const char *tag_name(dl_tag t)
{
    static const char *const names[] = {
        "Document", "Sect", "H", "P", "BlockQuote", "L", "LI", "Lbl",
        "LBody", "Table", "THead", "TBody", "TR", "TH", "TD", "TOC", "TOCI",
        "Reference", "Link", "Figure", "Span", "Code"};
    return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static void dump_box(const dl_doc *doc, const dl_box *b, FILE *out)
{
    fprintf(out, "  %s %s", kind_name(b->kind), role_name(b->role));
    if (b->node)
        fprintf(out, " node=%u", b->node);
    num(out, "x=", b->x);
    num(out, "y=", b->y);
    switch (b->kind) {
    case DL_TEXT: {
        const dl_text *t = &b->u.text;
        double w = t->n ? t->xs[t->n - 1] + t->glyphs[t->n - 1].advance *
                                                t->size / 1000.0
                        : 0;
        num(out, "w=", w);
        num(out, "size=", t->size);
        fprintf(out, " face=%s", t->face ? font_face_name(t->face) : "?");
        colour(out, b->colour);
        quoted(out, t->utf8 ? t->utf8 : "", t->len);
        if (t->angle != 0)
            num(out, "angle=", t->angle);
        break;
    }
    case DL_LINK:
        num(out, "w=", b->w);
        num(out, "h=", b->h);
        if (b->u.link.uri) {
            fputs(" ->", out);
            quoted(out, b->u.link.uri, strlen(b->u.link.uri));
        } else {
            fprintf(out, " -> page %d", b->u.link.dest_page + 1);
            num(out, "y=", b->u.link.dest_y);
        }
        break;
    case DL_IMAGE:
        num(out, "w=", b->w);
        num(out, "h=", b->h);
        fprintf(out, " file=%s%s%s", base_name(b->u.image.path),
                b->u.image.round ? " round" : "",
                b->u.image.align_right ? " right" : "");
        if (b->node && doc->nodes[b->node].alt) {
            fputs(" alt", out);
            quoted(out, doc->nodes[b->node].alt, strlen(doc->nodes[b->node].alt));
        }
        break;
    case DL_RULE:
        num(out, "w=", b->w);
        num(out, "h=", b->h);
        num(out, "line=", b->line_width);
        colour(out, b->colour);
        break;
    default:
        num(out, "w=", b->w);
        num(out, "h=", b->h);
        colour(out, b->colour);
        break;
    }
    fputc('\n', out);
}

void dl_dump(const dl_doc *doc, FILE *out)
{
    fprintf(out, "document");
    num(out, "w=", doc->width);
    num(out, "h=", doc->height);
    fprintf(out, " pages=%zu body-from=%zu lang=%s%s\n", doc->n_pages,
            doc->body_start + 1, doc->lang ? doc->lang : "",
            doc->duplex ? " duplex" : "");
    fputs("title", out);
    quoted(out, doc->title ? doc->title : "", doc->title ? strlen(doc->title) : 0);
    fputc('\n', out);
    for (size_t i = 0; i < doc->n_pages; i++) {
        /* blank: left empty by rule; by-rule: opened by one (the cover,
         * a part that starts a page), not by the page before running
         * full */
        fprintf(out, "page %zu%s%s\n", i + 1,
                doc->pages[i].blank ? " blank" : "",
                doc->pages[i].by_rule ? " by-rule" : "");
        const dl_page *pg = &doc->pages[i];
        for (size_t k = 0; k < pg->n; k++)
            dump_box(doc, &pg->boxes[k], out);
    }
    /* the structure: each node under its parent, by number */
    for (size_t i = 0; i < doc->n_nodes; i++) {
        const dl_node *n = &doc->nodes[i];
        fprintf(out, "node %zu %s", i, tag_name(n->tag));
        if (n->tag == DL_TAG_H)
            fprintf(out, "%u", n->level);
        if (i)
            fprintf(out, " in %u", n->parent);
        if (n->row_header)
            fputs(" row-header", out);
        if (n->lang)
            fprintf(out, " lang=%s", n->lang);
        if (n->alt) {
            fputs(" alt", out);
            quoted(out, n->alt, strlen(n->alt));
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < doc->n_outline; i++) {
        const dl_outline *o = &doc->outline[i];
        fprintf(out, "outline %u page %d", o->level, o->page + 1);
        num(out, "y=", o->y);
        quoted(out, o->title, strlen(o->title));
        fputc('\n', out);
    }
}
