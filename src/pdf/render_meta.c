/* The document's metadata, beyond what libharu writes by itself: the XMP
 * metadata stream (matching the Info dictionary), the document language and
 * the viewer preferences. Uses libharu's object API on the catalog. */
#include "pdf/render_meta.h"

#include <hpdf.h>

#include "pdf/pdf_stream.h"
#include "pdf/pdf_text.h"
#include <stdio.h>
#include <string.h>

#if HPDF_VERSION_ID != 20300
#error "render_meta.c uses libharu 2.3.0's document structs; check it against this version"
#endif

typedef struct meta_buf {
    char *s;
    size_t len, cap;
    arena *mem;
} meta_buf;

static void meta_put(meta_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = arena_realloc(b->mem, b->s, b->cap, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void meta_str(meta_buf *b, const char *s)
{
    meta_put(b, s, strlen(s));
}

/* XML text: the five special characters escaped, control characters
 * (not allowed in XML 1.0) dropped. */
static void meta_xml(meta_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': meta_str(b, "&amp;"); break;
        case '<': meta_str(b, "&lt;"); break;
        case '>': meta_str(b, "&gt;"); break;
        case '"': meta_str(b, "&quot;"); break;
        case '\'': meta_str(b, "&apos;"); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n')
                meta_put(b, s, 1);
        }
    }
}

static void meta_alt(meta_buf *b, const char *tag, const char *text)
{
    if (!text || !*text)
        return;
    meta_str(b, "   <");
    meta_str(b, tag);
    meta_str(b, "><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    meta_xml(b, text);
    meta_str(b, "</rdf:li></rdf:Alt></");
    meta_str(b, tag);
    meta_str(b, ">\n");
}

static void meta_simple(meta_buf *b, const char *tag, const char *text)
{
    if (!text || !*text)
        return;
    meta_str(b, "   <");
    meta_str(b, tag);
    meta_str(b, ">");
    meta_xml(b, text);
    meta_str(b, "</");
    meta_str(b, tag);
    meta_str(b, ">\n");
}

const char *render_meta_xmp(const render_meta *m, arena *a)
{
    meta_buf b = {.mem = a};
    /* no bytes= or encoding= attribute in the packet header (ISO 19005-3,
     * 6.6.2.1) */
    meta_str(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "  <rdf:Description rdf:about=\"\"\n"
                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    if (m->pdfa)
        meta_str(&b, "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                     "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                     "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                     "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"\n");
    meta_str(&b, "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                 "   <dc:format>application/pdf</dc:format>\n");
    /* every PDF is tagged for PDF/UA-1 (ISO 14289-1, 5) */
    meta_simple(&b, "pdfuaid:part", "1");
    if (m->pdfa) {
        /* PDF/A-3, level A: tagged, and every character maps to Unicode
         * (ISO 19005-3, 6.6.4 and 6.7); pdfuaid is no schema PDF/A knows,
         * so it is declared (6.6.2.3.2) */
        meta_simple(&b, "pdfaid:part", "3");
        meta_simple(&b, "pdfaid:conformance", "A");
        meta_str(&b,
                 "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
                 "    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
                 "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
                 "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
                 "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
                 "     <pdfaProperty:name>part</pdfaProperty:name>\n"
                 "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
                 "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
                 "     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
                 "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
                 "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    }
    meta_alt(&b, "dc:title", m->title);
    if (m->author && *m->author) {
        meta_str(&b, "   <dc:creator><rdf:Seq><rdf:li>");
        meta_xml(&b, m->author);
        meta_str(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    meta_alt(&b, "dc:description", m->subject);
    if (m->n_keywords) {
        meta_str(&b, "   <dc:subject><rdf:Bag>");
        for (size_t i = 0; i < m->n_keywords; i++) {
            meta_str(&b, "<rdf:li>");
            meta_xml(&b, m->keywords[i]);
            meta_str(&b, "</rdf:li>");
        }
        meta_str(&b, "</rdf:Bag></dc:subject>\n");
    }
    if (m->lang && *m->lang) {
        meta_str(&b, "   <dc:language><rdf:Bag><rdf:li>");
        meta_xml(&b, m->lang);
        meta_str(&b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    meta_simple(&b, "pdf:Keywords", m->keywords_joined);
    meta_simple(&b, "pdf:Producer", m->producer);
    meta_simple(&b, "xmp:CreatorTool", m->creator);
    if (m->date.set) {
        char d[32];
        archive_xmp_date(&m->date, d);
        meta_simple(&b, "xmp:CreateDate", d);
        meta_simple(&b, "xmp:ModifyDate", d);
        meta_simple(&b, "xmp:MetadataDate", d);
    }
    meta_str(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    /* No padding: a tool that edits the metadata rewrites the file (and
     * 650 bytes are 1.5% of a briefing). */
    meta_str(&b, "<?xpacket end=\"w\"?>");
    return b.s;
}

bool render_meta_write(HPDF_Doc pdf, const render_meta *m, arena *a)
{
    HPDF_Dict catalog = pdf->catalog;
    HPDF_MMgr mmgr = pdf->mmgr;
    /* XMP: uncompressed, so that tools that do not parse PDF can find it */
    const char *xmp = render_meta_xmp(m, a);
    HPDF_Dict meta = HPDF_DictStream_New(mmgr, pdf->xref);
    if (!meta)
        return false;
    pdf_stream_set_filter(meta, HPDF_STREAM_FILTER_NONE);
    HPDF_Dict_AddName(meta, "Type", "Metadata");
    HPDF_Dict_AddName(meta, "Subtype", "XML");
    HPDF_Stream_Write(pdf_stream_of(meta), (const HPDF_BYTE *)xmp, (HPDF_UINT)strlen(xmp));
    HPDF_Dict_Add(catalog, "Metadata", meta);

    if (m->lang && *m->lang)
        HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, m->lang, NULL));

    /* Show the title (not the file name) in the window, and open with the
     * bookmarks pane. */
    HPDF_Dict prefs = HPDF_Dict_New(mmgr);
    if (!prefs)
        return false;
    HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(mmgr, HPDF_TRUE));
    HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);

    /* The Info dictionary: libharu makes it for its first entry (the
     * title's place is taken here, then filled). Its strings are written
     * as pdf_text does, not through libharu's UTF-8 encoder. */
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "");
    const struct {
        const char *key, *value;
    } info[] = {
        {"Title", m->title},       {"Subject", m->subject},
        {"Author", m->author},     {"Keywords", m->keywords_joined},
        {"Creator", m->creator},   {"Producer", m->producer},
    };
    for (size_t i = 0; pdf->info && i < sizeof info / sizeof info[0]; i++) {
        if (info[i].value)
            HPDF_Dict_Add(pdf->info, info[i].key, pdf_text_string(mmgr, a, info[i].value));
        else if (i == 0)
            HPDF_Dict_RemoveElement(pdf->info, "Title");
    }
    /* The Info dictionary's dates: the same moment as the XMP's, never the
     * clock (rebuilding gives the same bytes). */
    if (m->date.set) {
        HPDF_Date dt = {m->date.year, m->date.month, m->date.day,
                        m->date.hour, m->date.minute, m->date.second,
                        '+', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
    }
    return HPDF_GetError(pdf) == HPDF_OK;
}

bool render_meta_finish(HPDF_Doc pdf, const render_meta *m)
{
    HPDF_MMgr mmgr = pdf->mmgr;
    /* The XMP identifies PDF/A; readers built on poppler (pdfinfo, Evince,
     * Okular) look for this Info key instead, as pdfTeX's pdfx writes it. */
    if (m->pdfa && pdf->info)
        HPDF_Dict_Add(pdf->info, "GTS_PDFA1Version",
                      HPDF_String_New(mmgr, "PDF/A-3a:2012", NULL));
    return HPDF_GetError(pdf) == HPDF_OK;
}
