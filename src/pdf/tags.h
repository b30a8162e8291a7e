/* tags: the display list's structure (dl.h's nodes) as the PDF's logical
 * structure (ISO 32000-1 14.7–14.8, PDF/UA-1). Private to src/pdf/
 * (render.c).
 *
 * While render draws a page it asks here for a marked-content identifier
 * (MCID) for each run of content of an element, and hands over each link
 * annotation; once every page is drawn, tags_finish writes the structure
 * tree: an element (StructElem) for every node with content in its
 * subtree, its kids in reading order (a container's children in the order
 * they were made, an element's own content and inline children in the
 * order they were drawn), the ParentTree that maps each page's MCIDs and
 * each annotation back to its element, /StructParents and /Tabs /S on the
 * pages, and the catalog's /StructTreeRoot and /MarkInfo. */
#ifndef BRIEFPACK_TAGS_H
#define BRIEFPACK_TAGS_H

#include <hpdf.h>
#include <stdbool.h>

#include "base/arena.h"
#include "dl.h"
#include "pdf/objstm.h"

typedef struct tag_writer tag_writer;

tag_writer *tags_new(HPDF_Doc pdf, const dl_doc *doc, HPDF_Page *pages,
                     arena *a);
/* The structure type written for a node ("P", "H2", "LBody"…). */
const char *tags_type(const dl_doc *doc, unsigned node);
/* A new MCID on page `page` for content of `node`. */
int tags_mcid(tag_writer *t, size_t page, unsigned node);
/* A link annotation of `node` on `page`: its /StructParent, and an object
 * reference among the element's kids. */
bool tags_annotation(tag_writer *t, size_t page, unsigned node,
                     HPDF_Dict annot);
/* The structure tree, the ParentTree, the pages' keys: the last thing
 * before the document is saved, since the elements are written as raw
 * objects (objstm.h) numbered after libharu's last object; libharu holds
 * only the root's number. */
bool tags_finish(tag_writer *t);
/* Those objects, in increasing order of number, for pdf_pack. */
const pdf_raw_object *tags_objects(const tag_writer *t, size_t *n);

#endif
