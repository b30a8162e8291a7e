/* The logical structure of the PDF from the display list's nodes; see
 * tags.h. */
#include "pdf/tags.h"

#if HPDF_VERSION_ID != 20300
#error "tags.c adds to libharu 2.3.0's catalog and pages through its records (HPDF_Doc_Rec); check them against this version before building"
#endif

#include <stdio.h>
#include <string.h>

#include "pdf/pdf_stream.h"

/* One piece of an element's own content: a marked-content sequence (an
 * MCID on a page) or a link annotation, in drawing order. */
typedef struct tag_item {
    unsigned long seq;
    unsigned page;
    int mcid;               /* -1: the annotation `annot` */
    HPDF_Dict annot;
} tag_item;

typedef struct tag_node {
    tag_item *items;
    size_t n, cap;
    bool content;           /* it, or something in it, is on a page */
    unsigned long first;    /* the drawing order of its first content */
    HPDF_Dict elem;
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
    HPDF_Encoder utf8;
    const dl_doc *doc;
    HPDF_Page *pages;
    arena *a;
    tag_node *nodes;
    tag_page *page;
    tag_annot *annots;
    size_t n_annots, annots_cap;
    unsigned long seq;
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
    t->utf8 = HPDF_GetEncoder(pdf, "UTF-8");
    t->doc = doc;
    t->pages = pages;
    t->a = a;
    t->nodes = arena_calloc(a, doc->n_nodes ? doc->n_nodes : 1, sizeof *t->nodes);
    t->page = arena_calloc(a, doc->n_pages ? doc->n_pages : 1, sizeof *t->page);
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
    tags_item(t, node, (tag_item){.page = (unsigned)page, .mcid = -1,
                                  .annot = annot});
    return HPDF_Dict_AddNumber(annot, "StructParent", key) == HPDF_OK;
}

/* A text string: PDFDocEncoding when ASCII, else UTF-16 (libharu's UTF-8
 * encoder). */
static HPDF_String tags_text(tag_writer *t, const char *s)
{
    bool ascii = true;
    for (const char *c = s; *c && ascii; c++)
        ascii = (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f;
    return HPDF_String_New(t->mm, s, ascii ? NULL : t->utf8);
}

/* A kid of an element: its own content (a marked-content reference or an
 * annotation) or a child element. */
static HPDF_STATUS tags_add_item(tag_writer *t, HPDF_Array k,
                                 const tag_item *it, HPDF_Page elem_page)
{
    HPDF_Page pg = t->pages[it->page];
    if (it->mcid >= 0 && pg == elem_page)
        return HPDF_Array_AddNumber(k, it->mcid);
    HPDF_Dict ref = HPDF_Dict_New(t->mm);
    if (!ref)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret;
    if (it->mcid >= 0) {
        ret = HPDF_Dict_AddName(ref, "Type", "MCR");
        ret += HPDF_Dict_Add(ref, "Pg", pg);
        ret += HPDF_Dict_AddNumber(ref, "MCID", it->mcid);
    } else {
        ret = HPDF_Dict_AddName(ref, "Type", "OBJR");
        ret += HPDF_Dict_Add(ref, "Pg", pg);
        ret += HPDF_Dict_Add(ref, "Obj", it->annot);
    }
    return ret + HPDF_Array_Add(k, ref);
}

static int kid_cmp_first(const tag_writer *t, unsigned a, unsigned b)
{
    unsigned long fa = t->nodes[a].first, fb = t->nodes[b].first;
    return fa < fb ? -1 : fa > fb;
}

/* The element's /K: a container's children in the order they were made;
 * an element with content of its own, that content and its (inline)
 * children in the order they were drawn. One MCID alone is written as
 * the number itself. */
static HPDF_STATUS tags_kids(tag_writer *t, unsigned i, HPDF_Page elem_page)
{
    tag_node *n = &t->nodes[i];
    if (n->n == 1 && !n->n_kids && n->items[0].mcid >= 0 &&
        t->pages[n->items[0].page] == elem_page)
        return HPDF_Dict_AddNumber(n->elem, "K", n->items[0].mcid);
    HPDF_Array k = HPDF_Array_New(t->mm);
    if (!k)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_OK;
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
    size_t ii = 0, ki = 0;
    while (ii < n->n || ki < n->n_kids) {
        bool take_item = ki == n->n_kids ||
                         (ii < n->n && n->items[ii].seq < t->nodes[n->kids[ki]].first);
        if (take_item)
            ret += tags_add_item(t, k, &n->items[ii++], elem_page);
        else
            ret += HPDF_Array_Add(k, t->nodes[n->kids[ki++]].elem);
    }
    return ret + HPDF_Dict_Add(n->elem, "K", k);
}

static HPDF_STATUS tags_attributes(tag_writer *t, unsigned i)
{
    const dl_node *dn = &t->doc->nodes[i];
    HPDF_Dict e = t->nodes[i].elem;
    HPDF_STATUS ret = HPDF_OK;
    if (dn->tag == DL_TAG_FIGURE)
        ret += HPDF_Dict_Add(e, "Alt", tags_text(t, dn->alt ? dn->alt : ""));
    if (dn->lang)
        ret += HPDF_Dict_Add(e, "Lang", tags_text(t, dn->lang));
    if (dn->tag == DL_TAG_TH) {
        HPDF_Dict a = HPDF_Dict_New(t->mm);
        if (!a)
            return HPDF_FAILD_TO_ALLOC_MEM;
        ret += HPDF_Dict_AddName(a, "O", "Table");
        ret += HPDF_Dict_AddName(a, "Scope", dn->row_header ? "Row" : "Column");
        ret += HPDF_Dict_Add(e, "A", a);
    }
    return ret;
}

/* The ParentTree: each page's MCIDs (key: the page's index) and each
 * annotation (keys after the pages) back to their elements. */
static HPDF_Dict tags_parent_tree(tag_writer *t)
{
    HPDF_Dict tree = HPDF_Dict_New(t->mm);
    HPDF_Array nums = HPDF_Array_New(t->mm);
    if (!tree || !nums)
        return NULL;
    HPDF_STATUS ret = HPDF_Dict_Add(tree, "Nums", nums);
    for (size_t p = 0; p < t->doc->n_pages; p++) {
        tag_page *pg = &t->page[p];
        if (!pg->n)
            continue;
        HPDF_Array owners = HPDF_Array_New(t->mm);
        if (!owners)
            return NULL;
        for (size_t m = 0; m < pg->n; m++)
            ret += HPDF_Array_Add(owners, t->nodes[pg->node[m]].elem);
        ret += HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
        ret += HPDF_Array_Add(nums, owners);
        ret += HPDF_Dict_AddNumber(t->pages[p], "StructParents", (HPDF_INT32)p);
    }
    for (size_t i = 0; i < t->n_annots; i++) {
        ret += HPDF_Array_AddNumber(nums, (HPDF_INT32)(t->doc->n_pages + i));
        ret += HPDF_Array_Add(nums, t->nodes[t->annots[i].node].elem);
    }
    /* with annotations, the tab order is the structure's */
    for (size_t p = 0; p < t->doc->n_pages; p++)
        if (t->page[p].annots)
            ret += HPDF_Dict_AddName(t->pages[p], "Tabs", "S");
    return ret == HPDF_OK ? tree : NULL;
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
    HPDF_Dict root = pdf_dict_new_indirect(t->pdf);
    if (!root)
        return false;
    HPDF_STATUS ret = HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    for (size_t i = 0; i < n; i++) {
        tag_node *tn = &t->nodes[i];
        if (!tn->content)
            continue;
        if (!(tn->elem = pdf_dict_new_indirect(t->pdf)))
            return false;
        ret += HPDF_Dict_AddName(tn->elem, "S", tags_type(doc, (unsigned)i));
        if (i) {
            tag_node *p = &t->nodes[doc->nodes[i].parent];
            *ARENA_PUSH(t->a, p->kids, p->n_kids, p->kids_cap) = (unsigned)i;
            ret += HPDF_Dict_Add(tn->elem, "P", p->elem);
        } else {
            ret += HPDF_Dict_Add(tn->elem, "P", root);
        }
    }
    for (size_t i = 0; i < n; i++) {
        tag_node *tn = &t->nodes[i];
        if (!tn->content)
            continue;
        /* the page of its first marked content, for its MCIDs */
        HPDF_Page elem_page = NULL;
        for (size_t k = 0; k < tn->n && !elem_page; k++)
            if (tn->items[k].mcid >= 0)
                elem_page = t->pages[tn->items[k].page];
        if (elem_page)
            ret += HPDF_Dict_Add(tn->elem, "Pg", elem_page);
        ret += tags_kids(t, (unsigned)i, elem_page);
        ret += tags_attributes(t, (unsigned)i);
    }
    HPDF_Dict tree = tags_parent_tree(t);
    if (!tree)
        return false;
    ret += HPDF_Dict_Add(root, "K", t->nodes[0].elem);
    ret += HPDF_Dict_Add(root, "ParentTree", tree);
    ret += HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
                               (HPDF_INT32)(doc->n_pages + t->n_annots));
    HPDF_Dict mark = HPDF_Dict_New(t->mm);
    if (!mark)
        return false;
    ret += HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(t->mm, HPDF_TRUE));
    ret += HPDF_Dict_Add(t->pdf->catalog, "MarkInfo", mark);
    ret += HPDF_Dict_Add(t->pdf->catalog, "StructTreeRoot", root);
    return ret == HPDF_OK;
}
