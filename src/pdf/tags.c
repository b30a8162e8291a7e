/* The logical structure of the PDF from the display list's nodes; see
 * tags.h. */
#include "pdf/tags.h"

#if HPDF_VERSION_ID != 20300
#error "tags.c adds to libharu 2.3.0's catalog and pages through its records (HPDF_Doc_Rec); check them against this version before building"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pdf/pdf_buf.h"
#include "pdf/pdf_stream.h"
#include "pdf/pdf_text.h"

/* One piece of an element's own content: a marked-content sequence (an
 * MCID on a page) or a link annotation, in drawing order. */
typedef struct tag_item {
    uint32_t seq;
    uint32_t page;
    int32_t mcid;           /* -1: the annotation t->annots[annot] */
    uint32_t annot;
} tag_item;

typedef struct tag_node {
    tag_item *items;
    size_t n, cap;
    bool content;           /* it, or something in it, is on a page */
    uint32_t first;         /* the drawing order of its first content */
    size_t num;             /* its object number */
    unsigned *kids;         /* children with content, in the order made */
    size_t n_kids, kids_cap;
} tag_node;

/* Which element each MCID of a page belongs to (the ParentTree's array). */
typedef struct tag_page {
    unsigned *node;
    size_t n, cap;
    bool annots;
} tag_page;

typedef struct tag_annot {
    unsigned node;
    HPDF_Dict annot;
} tag_annot;

struct tag_writer {
    HPDF_Doc pdf;
    HPDF_MMgr mm;
    const dl_doc *doc;
    HPDF_Page *pages;
    arena *a;
    tag_node *nodes;
    tag_page *page;
    tag_annot *annots;
    size_t n_annots, annots_cap;
    uint32_t seq;
    pdf_buf out;            /* the raw objects' bytes (objstm.h), all of them */
    pdf_raw_object *raw;    /* the elements and the root, by number */
    size_t n_raw, raw_cap;
};

static const char *const tag_names[] = {
    [DL_TAG_DOCUMENT] = "Document", [DL_TAG_SECT] = "Sect",
    [DL_TAG_H] = "H",               [DL_TAG_P] = "P",
    [DL_TAG_BLOCKQUOTE] = "BlockQuote",
    [DL_TAG_L] = "L",               [DL_TAG_LI] = "LI",
    [DL_TAG_LBL] = "Lbl",           [DL_TAG_LBODY] = "LBody",
    [DL_TAG_TABLE] = "Table",       [DL_TAG_THEAD] = "THead",
    [DL_TAG_TBODY] = "TBody",       [DL_TAG_TR] = "TR",
    [DL_TAG_TH] = "TH",             [DL_TAG_TD] = "TD",
    [DL_TAG_TOC] = "TOC",           [DL_TAG_TOCI] = "TOCI",
    [DL_TAG_REFERENCE] = "Reference", [DL_TAG_LINK] = "Link",
    [DL_TAG_FIGURE] = "Figure",     [DL_TAG_SPAN] = "Span",
    [DL_TAG_CODE] = "Code",
};

const char *tags_type(const dl_doc *doc, unsigned node)
{
    static const char *const headings[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    const dl_node *n = &doc->nodes[node];
    if (n->tag == DL_TAG_H)
        return headings[n->level >= 1 && n->level <= 6 ? n->level - 1 : 0];
    return (size_t)n->tag < sizeof tag_names / sizeof tag_names[0]
               ? tag_names[n->tag]
               : "Span";
}

tag_writer *tags_new(HPDF_Doc pdf, const dl_doc *doc, HPDF_Page *pages,
                     arena *a)
{
    tag_writer *t = arena_alloc(a, sizeof *t);
    t->pdf = pdf;
    t->mm = pdf->mmgr;
    t->doc = doc;
    t->pages = pages;
    t->a = a;
    t->nodes = arena_calloc(a, doc->n_nodes ? doc->n_nodes : 1, sizeof *t->nodes);
    t->page = arena_calloc(a, doc->n_pages ? doc->n_pages : 1, sizeof *t->page);
    t->out.a = a;
    return t;
}

static void tags_item(tag_writer *t, unsigned node, tag_item item)
{
    tag_node *n = &t->nodes[node];
    item.seq = ++t->seq;
    if (!n->content)
        n->first = item.seq;
    n->content = true;
    *ARENA_PUSH(t->a, n->items, n->n, n->cap) = item;
}

int tags_mcid(tag_writer *t, size_t page, unsigned node)
{
    tag_page *pg = &t->page[page];
    int mcid = (int)pg->n;
    *ARENA_PUSH(t->a, pg->node, pg->n, pg->cap) = node;
    tags_item(t, node, (tag_item){.page = (unsigned)page, .mcid = mcid});
    return mcid;
}

bool tags_annotation(tag_writer *t, size_t page, unsigned node,
                     HPDF_Dict annot)
{
    int key = (int)(t->doc->n_pages + t->n_annots);
    tag_annot *an = ARENA_PUSH(t->a, t->annots, t->n_annots, t->annots_cap);
    an->node = node;
    an->annot = annot;
    t->page[page].annots = true;
    tags_item(t, node, (tag_item){.page = (uint32_t)page, .mcid = -1,
                                  .annot = (uint32_t)(t->n_annots - 1)});
    return HPDF_Dict_AddNumber(annot, "StructParent", key) == HPDF_OK;
}

/* --- the elements' bytes ----------------------------------------------- */

static void out_put(tag_writer *t, const void *s, size_t n)
{
    pdf_buf_put(&t->out, s, n);
}

static void out_str(tag_writer *t, const char *s)
{
    pdf_buf_str(&t->out, s);
}

static void out_num(tag_writer *t, unsigned long long v)
{
    pdf_buf_num(&t->out, v);
}

/* " N 0 R" */
static void out_ref(tag_writer *t, size_t num)
{
    out_put(t, " ", 1);
    out_num(t, num);
    out_put(t, " 0 R", 4);
}

/* A text string as pdf_text makes it: a literal (its parentheses and
 * backslashes escaped), or UTF-16 in hexadecimal. */
static void out_text(tag_writer *t, const char *s)
{
    pdf_text x = pdf_text_of(t->a, s);
    static const char hex[] = "0123456789ABCDEF";
    out_put(t, x.ascii ? "(" : "<", 1);
    for (size_t i = 0; i < x.n; i++) {
        unsigned char c = x.p[i];
        if (!x.ascii) {
            char h[2] = {hex[c >> 4], hex[c & 15]};
            out_put(t, h, 2);
        } else {
            if (c == '(' || c == ')' || c == '\\')
                out_put(t, "\\", 1);
            out_put(t, &c, 1);
        }
    }
    out_put(t, x.ascii ? ")" : ">", 1);
}

/* One raw object begins: its number and where its bytes start (an offset
 * in the buffer until every object is written: the buffer moves as it
 * grows). */
static void out_begin(tag_writer *t, size_t num)
{
    pdf_raw_object *r = ARENA_PUSH(t->a, t->raw, t->n_raw, t->raw_cap);
    r->num = num;
    r->n = t->out.n;
}

static void out_end(tag_writer *t)
{
    pdf_raw_object *r = &t->raw[t->n_raw - 1];
    r->n = t->out.n - r->n;
}

/* A kid of an element: its own content (a marked-content reference or an
 * annotation) or a child element. */
static void tags_item_out(tag_writer *t, const tag_item *it, size_t elem_page)
{
    size_t pg = pdf_obj_num(t->pages[it->page]);
    if (it->mcid >= 0 && pg == elem_page) {
        out_put(t, " ", 1);
        out_num(t, (unsigned long long)it->mcid);
    } else if (it->mcid >= 0) {
        out_str(t, " <</Type /MCR /Pg");
        out_ref(t, pg);
        out_str(t, " /MCID ");
        out_num(t, (unsigned long long)it->mcid);
        out_str(t, ">>");
    } else {
        out_str(t, " <</Type /OBJR /Pg");
        out_ref(t, pg);
        out_str(t, " /Obj");
        out_ref(t, pdf_obj_num(t->annots[it->annot].annot));
        out_str(t, ">>");
    }
}

static int kid_cmp_first(const tag_writer *t, unsigned a, unsigned b)
{
    uint32_t fa = t->nodes[a].first, fb = t->nodes[b].first;
    return fa < fb ? -1 : fa > fb;
}

/* The element's /K: a container's children in the order they were made;
 * an element with content of its own, that content and its (inline)
 * children in the order they were drawn. One MCID alone is written as
 * the number itself. */
static void tags_kids(tag_writer *t, unsigned i, size_t elem_page)
{
    tag_node *n = &t->nodes[i];
    if (n->n == 1 && !n->n_kids && n->items[0].mcid >= 0 &&
        pdf_obj_num(t->pages[n->items[0].page]) == elem_page) {
        out_str(t, " /K ");
        out_num(t, (unsigned long long)n->items[0].mcid);
        return;
    }
    if (n->n) {
        /* children by their first drawing (insertion sort: a paragraph
         * has a few links or spans at most) */
        for (size_t a = 1; a < n->n_kids; a++)
            for (size_t b = a; b > 0 && kid_cmp_first(t, n->kids[b - 1], n->kids[b]) > 0; b--) {
                unsigned tmp = n->kids[b];
                n->kids[b] = n->kids[b - 1];
                n->kids[b - 1] = tmp;
            }
    }
    out_str(t, " /K [");
    size_t ii = 0, ki = 0;
    while (ii < n->n || ki < n->n_kids) {
        bool take_item = ki == n->n_kids ||
                         (ii < n->n && n->items[ii].seq < t->nodes[n->kids[ki]].first);
        if (take_item)
            tags_item_out(t, &n->items[ii++], elem_page);
        else
            out_ref(t, t->nodes[n->kids[ki++]].num);
    }
    out_str(t, " ]");
}

static void tags_attributes(tag_writer *t, unsigned i)
{
    const dl_node *dn = &t->doc->nodes[i];
    if (dn->tag == DL_TAG_FIGURE) {
        out_str(t, " /Alt ");
        out_text(t, dn->alt ? dn->alt : "");
    }
    if (dn->actual) {
        out_str(t, " /ActualText ");
        out_text(t, dn->actual);
    }
    if (dn->lang) {
        out_str(t, " /Lang ");
        out_text(t, dn->lang);
    }
    if (dn->tag == DL_TAG_TH)
        out_str(t, dn->row_header ? " /A <</O /Table /Scope /Row>>"
                                  : " /A <</O /Table /Scope /Column>>");
}

/* One element: `<</S /P /P 12 0 R /Pg 5 0 R /K 3>>`. */
static void tags_element(tag_writer *t, unsigned i, size_t parent)
{
    tag_node *tn = &t->nodes[i];
    out_begin(t, tn->num);
    out_str(t, "<</S /");
    out_str(t, tags_type(t->doc, i));
    out_str(t, " /P");
    out_ref(t, parent);
    /* the page of its first marked content, for its MCIDs */
    size_t elem_page = 0;
    for (size_t k = 0; k < tn->n && !elem_page; k++)
        if (tn->items[k].mcid >= 0)
            elem_page = pdf_obj_num(t->pages[tn->items[k].page]);
    if (elem_page) {
        out_str(t, " /Pg");
        out_ref(t, elem_page);
    }
    tags_kids(t, i, elem_page);
    tags_attributes(t, i);
    out_str(t, ">>");
    out_end(t);
}

/* The root, with the ParentTree inside it: each page's MCIDs (key: the
 * page's index) and each annotation (keys after the pages) back to their
 * elements. Also the pages' /StructParents, and /Tabs /S where there are
 * annotations (the tab order is the structure's). */
static bool tags_root(tag_writer *t, size_t root)
{
    HPDF_STATUS ret = HPDF_OK;
    out_begin(t, root);
    out_str(t, "<</Type /StructTreeRoot /K");
    out_ref(t, t->nodes[0].num);
    out_str(t, " /ParentTree <</Nums [");
    for (size_t p = 0; p < t->doc->n_pages; p++) {
        tag_page *pg = &t->page[p];
        if (!pg->n)
            continue;
        out_put(t, " ", 1);
        out_num(t, p);
        out_str(t, " [");
        for (size_t m = 0; m < pg->n; m++)
            out_ref(t, t->nodes[pg->node[m]].num);
        out_str(t, " ]");
        ret += HPDF_Dict_AddNumber(t->pages[p], "StructParents", (HPDF_INT32)p);
    }
    for (size_t i = 0; i < t->n_annots; i++) {
        out_put(t, " ", 1);
        out_num(t, t->doc->n_pages + i);
        out_ref(t, t->nodes[t->annots[i].node].num);
    }
    out_str(t, " ]>> /ParentTreeNextKey ");
    out_num(t, t->doc->n_pages + t->n_annots);
    out_str(t, ">>");
    out_end(t);
    for (size_t p = 0; p < t->doc->n_pages; p++)
        if (t->page[p].annots)
            ret += HPDF_Dict_AddName(t->pages[p], "Tabs", "S");
    return ret == HPDF_OK;
}

bool tags_finish(tag_writer *t)
{
    const dl_doc *doc = t->doc;
    size_t n = doc->n_nodes;
    if (!n)
        return true;
    /* what has content, from the leaves up (a node is made after its
     * parent, so its number is larger) */
    for (size_t i = n; i-- > 1;) {
        tag_node *c = &t->nodes[i], *p = &t->nodes[doc->nodes[i].parent];
        if (!c->content)
            continue;
        if (!p->content || c->first < p->first)
            p->first = c->first;
        p->content = true;
    }
    if (!t->nodes[0].content)
        return true; /* nothing on the pages but artifacts */
    /* object numbers: the root's held in libharu's table by an empty
     * dictionary (the catalog names it), the elements' after libharu's
     * last object (pdf_pack appends them), in increasing order */
    HPDF_Dict root = pdf_dict_new_indirect(t->pdf);
    if (!root)
        return false;
    size_t root_num = pdf_obj_num(root), next = pdf_next_obj_num(t->pdf);
    for (size_t i = 0; i < n; i++) {
        tag_node *tn = &t->nodes[i];
        if (!tn->content)
            continue;
        tn->num = next++;
        if (i) {
            tag_node *p = &t->nodes[doc->nodes[i].parent];
            *ARENA_PUSH(t->a, p->kids, p->n_kids, p->kids_cap) = (unsigned)i;
        }
    }
    if (!tags_root(t, root_num))
        return false;
    for (size_t i = 0; i < n; i++)
        if (t->nodes[i].content)
            tags_element(t, (unsigned)i,
                         i ? t->nodes[doc->nodes[i].parent].num : root_num);
    /* the bytes are all written, one object after another: the objects
     * point into them */
    size_t start = 0;
    for (size_t r = 0; r < t->n_raw; r++) {
        t->raw[r].p = t->out.p + start;
        start += t->raw[r].n;
    }
    HPDF_Dict mark = HPDF_Dict_New(t->mm);
    if (!mark)
        return false;
    HPDF_STATUS ret = HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(t->mm, HPDF_TRUE));
    ret += HPDF_Dict_Add(t->pdf->catalog, "MarkInfo", mark);
    ret += HPDF_Dict_Add(t->pdf->catalog, "StructTreeRoot", root);
    return ret == HPDF_OK;
}

const pdf_raw_object *tags_objects(const tag_writer *t, size_t *n)
{
    *n = t->n_raw;
    return t->raw;
}
