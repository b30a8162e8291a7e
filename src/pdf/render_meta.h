/* Document metadata written by render: XMP, language, viewer settings.
 * Private to src/pdf/. */
#ifndef BRIEFPACK_RENDER_META_H
#define BRIEFPACK_RENDER_META_H

#include <hpdf.h>
#include <stdbool.h>

#include "pdf/archive.h"
#include "base/arena.h"
#include "model.h"

typedef struct render_meta {
    const char *title, *subject, *author, *creator, *producer, *lang;
    const char *const *keywords;
    size_t n_keywords;
    const char *keywords_joined;  /* the Info dictionary's Keywords */
    archive_date date;            /* creation = modification, in UTC */
    bool pdfa;                    /* identify the file as PDF/A-3a */
} render_meta;

/* The XMP packet (UTF-8), in `a`. */
const char *render_meta_xmp(const render_meta *m, arena *a);
/* Adds /Metadata, /Lang and /ViewerPreferences to the catalog, and the
 * Info dictionary: its strings, and the creation and modification dates
 * (the same moment as in the XMP). */
bool render_meta_write(HPDF_Doc pdf, const render_meta *m, arena *a);
/* Just before saving: for PDF/A, the Info key poppler reads the PDF/A
 * level from. */
bool render_meta_finish(HPDF_Doc pdf, const render_meta *m);

#endif
