/* render: the display list → a PDF, through libharu. Draws what layout
 * decided and nothing else: no measuring, no breaking, no placing. */
#ifndef BRIEFPACK_RENDER_H
#define BRIEFPACK_RENDER_H

#include <stddef.h>

#include "dl.h"

typedef struct render_result {
    unsigned char *pdf;     /* malloc'd; the caller frees it */
    size_t size;
    size_t pages;
    size_t font_bytes;
    dl_stats stats;         /* filled by build_file: how the text was set */
} render_result;

typedef struct render_info {
    const char *creator;    /* "briefpack VERSION" */
} render_info;

/* Returns false with a reason in err (and nothing in out) on failure. */
bool render_pdf(const dl_doc *doc, const render_info *info, arena *a,
                render_result *out, char *err, size_t err_size);

#endif
