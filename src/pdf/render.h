/* render: the display list → a PDF, through libharu. Draws what layout
 * decided and nothing else: no measuring, no breaking, no placing. */
#ifndef BRIEFPACK_RENDER_H
#define BRIEFPACK_RENDER_H

#include <stddef.h>

#include "pdf/archive.h"
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
    /* The document ID is MD5(id_seed, the PDF's bytes): see archive.h. */
    unsigned char id_seed[16];
    /* When set, the creation and modification dates (SOURCE_DATE_EPOCH);
     * otherwise the document's own date at midnight UTC. */
    archive_date date;
    /* PDF/A-3a (--archive): the output intent's ICC profile and the source
     * files to attach. */
    bool archive;
    const unsigned char *icc;
    size_t icc_len;
    const archive_sources *sources;
    /* The worker's decoded images (image_store.h): every image the
     * document shows, decoded before layout. */
    struct image_store *images;
    /* The worker's compressor for page contents and fonts (deflate.h). */
    struct deflater *deflate;
    /* And its quick one, for the object streams (the dictionaries:
     * libdeflate's level 1 compresses them in a third of level 6's time,
     * 0.8 KB larger for the seed briefing); `deflate` when NULL. */
    struct deflater *deflate_quick;
} render_info;

/* Returns false with a reason in err (and nothing in out) on failure. */
bool render_pdf(const dl_doc *doc, const render_info *info, arena *a,
                render_result *out, char *err, size_t err_size);

#endif
