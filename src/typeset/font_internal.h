/* What font.c (loading, shaping) and font_pdf.c (embedding) share: the face
 * record and the figures the PDF font descriptor needs. Private to
 * src/typeset/font.c and src/pdf/font_pdf.c. */
#ifndef BRIEFPACK_FONT_INTERNAL_H
#define BRIEFPACK_FONT_INTERNAL_H

#include <hb.h>

#include "typeset/font.h"

/* One slot of a face's word cache (open addressing, linear probing). */
typedef struct font_cache_slot {
    uint64_t hash;           /* 0 marks an empty slot */
    const char *key;         /* the UTF-8 bytes, in the face's store */
    uint32_t key_len;
    uint32_t n;              /* glyphs */
    bool kerning;
    int32_t width;
    const font_glyph *glyphs;
} font_cache_slot;

/* What the PDF FontDescriptor says about a face, in 1/1000 em. */
typedef struct font_pdf_figures {
    int32_t bbox[4];         /* head xMin yMin xMax yMax */
    int32_t ascent, descent, cap_height;
    int32_t italic_angle;    /* degrees, post.italicAngle rounded */
    int32_t stem_v;
} font_pdf_figures;

struct font_face {
    char *path;
    hb_blob_t *blob;
    hb_face_t *hb_face;
    hb_font_t *hb_font;      /* scale = upem: positions come in font units */
    unsigned upem;
    unsigned glyph_count;
    char ps_name[64];        /* sanitised for a PDF name, never empty */
    font_metrics metrics;
    font_pdf_figures figures;

    /* Shaping state, reused for every call. */
    hb_buffer_t *buffer;
    hb_shape_plan_t *latin_plan[2];  /* [kerning] */
    hb_segment_properties_t latin_props;

    /* Word cache: the shaped glyphs of short strings, kept for the life of
     * the face (across documents). `store` holds keys and glyphs. */
    font_cache_slot *slots;
    size_t slot_count;       /* a power of two, or 0 before first use */
    size_t cached;           /* entries in use */
    arena *store;

    /* Glyphs of the last uncached shaping (valid until the next call). */
    font_glyph *scratch;
    size_t scratch_cap;
};

/* Font units to 1/1000 em, rounded half away from zero. */
int32_t font_units_to_milli(const font_face *f, int64_t units);

#endif
