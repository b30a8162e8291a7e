/* Document metadata written by render: XMP, language, viewer settings. */
#ifndef BRIEFPACK_RENDER_META_H
#define BRIEFPACK_RENDER_META_H

#include <hpdf.h>
#include <stdbool.h>

#include "arena.h"
#include "model.h"

typedef struct render_meta {
    const char *title, *subject, *author, *creator, *producer, *lang;
    const char *const *keywords;
    size_t n_keywords;
    const char *keywords_joined;  /* the Info dictionary's Keywords */
    model_date date;
} render_meta;

/* The XMP packet (UTF-8), in `a`. */
const char *render_meta_xmp(const render_meta *m, arena *a);
/* Adds /Metadata, /Lang and /ViewerPreferences to the catalog. */
bool render_meta_write(HPDF_Doc pdf, const render_meta *m, arena *a);

#endif
