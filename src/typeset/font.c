/* Loading TrueType faces, their metrics, and shaping with HarfBuzz behind a
 * per-face word cache. Embedding in the PDF is in font_pdf.c. */
#include "typeset/font_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hb-ot.h>

#include "base/oom.h"

/* Only short strings (words) are worth remembering: long ones rarely repeat.
 * The entry cap bounds a long-lived face's memory (about 4 MB at most). */
#define CACHE_MAX_KEY 64
#define CACHE_MAX_ENTRIES 20000
#define CACHE_FIRST_SLOTS 1024

struct font_lib {
    font_face **faces;
    size_t n, cap;
};

int32_t font_units_to_milli(const font_face *f, int64_t units)
{
    int64_t num = units * 1000;
    int64_t half = (int64_t)f->upem / 2;
    return (int32_t)((num >= 0 ? num + half : num - half) / (int64_t)f->upem);
}

/* ---- reading the few table fields HarfBuzz has no API for ---- */

static unsigned read_u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int read_i16(const unsigned char *p)
{
    unsigned v = read_u16(p);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static uint32_t read_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* A table's bytes, found in the file's own table directory (check_sfnt
 * has made sure every entry lies inside the file), or NULL when the table is
 * absent or shorter than `min_len`. Read from the file's bytes rather than
 * through hb_face_reference_table, which allocates: out of memory, it
 * answers with an empty table, and a font would be called damaged. */
static const unsigned char *table_at_least(const font_face *f, uint32_t tag,
                                           unsigned min_len)
{
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(f->blob, &len);
    unsigned tables = read_u16(p + 4);
    for (unsigned i = 0; i < tables; i++) {
        const unsigned char *rec = p + 12 + 16 * i;
        if (read_u32(rec) != tag)
            continue;
        uint32_t off = read_u32(rec + 8), size = read_u32(rec + 12);
        return size >= min_len ? p + off : NULL;
    }
    return NULL;
}

/* ---- names ---- */

/* PostScript names are printable ASCII without PDF delimiters; whatever a
 * font puts in nameID 6, only those characters reach the PDF. */
static void sanitise_name(char *out, size_t size, const char *in, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < size; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x21 || c > 0x7e || strchr("()<>[]{}/%#", c))
            continue;
        out[n++] = (char)c;
    }
    out[n] = '\0';
}

static void read_ps_name(font_face *f, const char *path)
{
    char buf[128];
    unsigned size = sizeof buf;
    unsigned len = hb_ot_name_get_utf8(f->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                                       HB_LANGUAGE_INVALID, &size, buf);
    if (len > 0)
        sanitise_name(f->ps_name, sizeof f->ps_name, buf, size);
    if (f->ps_name[0])
        return;
    /* No usable name: the file's base name is the next best thing. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t blen = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    sanitise_name(f->ps_name, sizeof f->ps_name, base, blen);
    if (!f->ps_name[0])
        strcpy(f->ps_name, "Font");
}

/* ---- metrics ---- */

static hb_position_t metric(hb_font_t *font, hb_ot_metrics_tag_t tag)
{
    hb_position_t v = 0;
    hb_ot_metrics_get_position_with_fallback(font, tag, &v);
    return v;
}

static void read_metrics(font_face *f)
{
    double upem = f->upem;
    hb_position_t asc = metric(f->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER);
    hb_position_t desc = metric(f->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER);
    hb_position_t gap = metric(f->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_LINE_GAP);
    hb_position_t cap = metric(f->hb_font, HB_OT_METRICS_TAG_CAP_HEIGHT);
    hb_position_t xh = metric(f->hb_font, HB_OT_METRICS_TAG_X_HEIGHT);
    /* The header promises ascender > 0 > descender; a font with broken
     * vertical metrics gets conventional ones rather than overlapping
     * lines. */
    if (asc <= 0)
        asc = (hb_position_t)(0.8 * upem);
    if (desc >= 0)
        desc = -(hb_position_t)(0.2 * upem);
    if (gap < 0)
        gap = 0;
    if (cap <= 0)
        cap = (hb_position_t)(0.7 * upem);
    if (xh <= 0)
        xh = (hb_position_t)(0.5 * upem);
    f->metrics = (font_metrics){asc / upem, desc / upem, gap / upem,
                                cap / upem, xh / upem};

    font_pdf_figures *fig = &f->figures;
    fig->ascent = font_units_to_milli(f, asc);
    fig->descent = font_units_to_milli(f, desc);
    fig->cap_height = font_units_to_milli(f, cap);

    const unsigned char *p = table_at_least(f, HB_TAG('h', 'e', 'a', 'd'), 54);
    if (p)
        for (int i = 0; i < 4; i++)
            fig->bbox[i] = font_units_to_milli(f, read_i16(p + 36 + 2 * i));
    p = table_at_least(f, HB_TAG('p', 'o', 's', 't'), 8);
    if (p) {
        double angle = (int32_t)read_u32(p + 4) / 65536.0;
        fig->italic_angle = (int32_t)lround(angle);
    }
    /* StemV is not in the font; viewers only use it to synthesise a
     * substitute, so the usual estimate from the weight class will do:
     * 50 + (weight / 65)^2, giving 88 for regular and 166 for bold. */
    unsigned weight = 400;
    p = table_at_least(f, HB_TAG('O', 'S', '/', '2'), 6);
    if (p) {
        weight = read_u16(p + 4);
        if (weight < 1 || weight > 1000)
            weight = 400;
    }
    fig->stem_v = (int32_t)lround(50 + (weight / 65.0) * (weight / 65.0));
}

/* ---- loading ---- */

static void face_free(font_face *f)
{
    if (!f)
        return;
    for (int k = 0; k < 2; k++)
        hb_shape_plan_destroy(f->latin_plan[k]);
    hb_buffer_destroy(f->buffer);
    hb_font_destroy(f->hb_font);
    hb_face_destroy(f->hb_face);
    hb_blob_destroy(f->blob);
    free(f->slots);
    arena_free(f->store);
    free(f->scratch);
    free(f->path);
    free(f);
}

/* The font file's bytes. HarfBuzz maps the file; when it cannot, the file
 * is read here, so that a file that cannot be read says why, and a mapping
 * refused for want of memory (ulimit -v) is either read after all or
 * reported as out of memory, never as a bad font. */
static hb_blob_t *face_read(const char *path, char *err, size_t err_size)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (blob)
        return blob;
    struct stat st;
    FILE *fp = NULL;
    if (stat(path, &st) != 0 || !(fp = fopen(path, "rb"))) {
        if (errno == ENOMEM)
            oom_raise();
        snprintf(err, err_size, "cannot read the font file: %s",
                 strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        st.st_size > 0x7fffffff) {
        fclose(fp);
        snprintf(err, err_size, "cannot read the font file: %s",
                 S_ISDIR(st.st_mode) ? "it is a directory"
                 : !S_ISREG(st.st_mode) ? "it is not a file"
                 : st.st_size <= 0 ? "it is empty" : "it is too large");
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    char *data = malloc(len);
    if (!data) {
        fclose(fp);
        oom_raise();
    }
    size_t got = fread(data, 1, len, fp);
    int e = ferror(fp) ? errno : 0;
    fclose(fp);
    if (got != len) {
        free(data);
        snprintf(err, err_size, "cannot read the font file%s%s",
                 e ? ": " : " (it changed while being read)",
                 e ? strerror(e) : "");
        return NULL;
    }
    blob = hb_blob_create_or_fail(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE,
                                  data, free);
    if (!blob)
        oom_raise(); /* HarfBuzz has freed `data` */
    return blob;
}

/* Only TrueType outlines (glyf) can become a CIDFontType2. Besides the
 * signature, every table the directory lists must lie inside the file: a
 * truncated font would otherwise load (HarfBuzz clips tables silently) and
 * embed glyphs that are not there. */
static bool check_sfnt(hb_blob_t *blob, char *err, size_t err_size)
{
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(blob, &len);
    uint32_t version = p && len >= 12 ? read_u32(p) : 0;
    if (version == HB_TAG('O', 'T', 'T', 'O')) {
        snprintf(err, err_size, "CFF-flavoured OpenType is not supported; "
                                "use a TrueType (.ttf) font");
        return false;
    }
    if (version == HB_TAG('t', 't', 'c', 'f')) {
        snprintf(err, err_size, "font collections (.ttc) are not supported; "
                                "use a single TrueType (.ttf) font");
        return false;
    }
    if (version == HB_TAG('w', 'O', 'F', 'F') ||
        version == HB_TAG('w', 'O', 'F', '2')) {
        snprintf(err, err_size, "WOFF fonts are not supported; use a "
                                "TrueType (.ttf) font");
        return false;
    }
    if (version != 0x00010000 && version != HB_TAG('t', 'r', 'u', 'e')) {
        snprintf(err, err_size, "not a TrueType font");
        return false;
    }
    unsigned tables = read_u16(p + 4);
    bool ok = tables > 0 && 12 + 16 * (size_t)tables <= len;
    for (unsigned i = 0; ok && i < tables; i++) {
        const unsigned char *rec = p + 12 + 16 * i;
        uint64_t end = (uint64_t)read_u32(rec + 8) + read_u32(rec + 12);
        ok = end <= len;
    }
    if (!ok)
        snprintf(err, err_size, "not a TrueType font (truncated or damaged)");
    return ok;
}

static void face_release(void *p)
{
    face_free(p);
}

/* A face being opened is held (oom.h) until it is complete, so running
 * out of memory half way leaks none of it. */
static font_face *face_open(const char *path, char *err, size_t err_size)
{
    font_face *f = oom_xcalloc(1, sizeof *f);
    oom_hold hold;
    oom_hold_push(&hold, face_release, f);
    f->path = oom_xstrdup(path);
    f->blob = face_read(path, err, err_size);
    if (!f->blob || !check_sfnt(f->blob, err, err_size)) {
        oom_hold_drop(&hold);
        face_free(f);
        return NULL;
    }

    /* The tables a TrueType font cannot work without, each long enough for
     * the fields read from it (head: 54 bytes up to glyphDataFormat). */
    static const struct {
        hb_tag_t tag;
        unsigned min_len;
    } required[] = {
        {HB_TAG('h', 'e', 'a', 'd'), 54}, {HB_TAG('h', 'h', 'e', 'a'), 36},
        {HB_TAG('m', 'a', 'x', 'p'), 6},  {HB_TAG('h', 'm', 't', 'x'), 4},
        {HB_TAG('l', 'o', 'c', 'a'), 4},  {HB_TAG('g', 'l', 'y', 'f'), 1},
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!table_at_least(f, required[i].tag, required[i].min_len)) {
            char name[5];
            hb_tag_to_string(required[i].tag, name);
            name[4] = '\0';
            snprintf(err, err_size,
                     "not a TrueType font (no usable '%s' table)", name);
            oom_hold_drop(&hold);
            face_free(f);
            return NULL;
        }
    }
    const unsigned char *head = table_at_least(f, HB_TAG('h', 'e', 'a', 'd'), 54);
    const unsigned char *maxp = table_at_least(f, HB_TAG('m', 'a', 'x', 'p'), 6);
    unsigned upem = read_u16(head + 18);
    bool magic_ok = read_u32(head + 12) == 0x5F0F3CF5;
    f->glyph_count = read_u16(maxp + 4);
    if (!magic_ok || upem < 16 || upem > 16384 || f->glyph_count == 0) {
        snprintf(err, err_size, "not a TrueType font (damaged header)");
        oom_hold_drop(&hold);
        face_free(f);
        return NULL;
    }
    f->upem = upem;

    /* Out of memory, HarfBuzz returns its inert objects, which would shape
     * nothing. */
    f->hb_face = hb_face_create(f->blob, 0);
    if (f->hb_face == hb_face_get_empty())
        oom_raise();
    f->hb_font = hb_font_create(f->hb_face);
    if (f->hb_font == hb_font_get_empty())
        oom_raise();
    hb_ot_font_set_funcs(f->hb_font);
    hb_font_set_scale(f->hb_font, (int)upem, (int)upem);
    f->buffer = hb_buffer_create();
    if (!hb_buffer_allocation_successful(f->buffer))
        oom_raise();
    f->latin_props = (hb_segment_properties_t){
        .direction = HB_DIRECTION_LTR,
        .script = HB_SCRIPT_LATIN,
        .language = hb_language_from_string("en", -1),
    };
    /* HarfBuzz keeps languages in a list of its own, made on first use */
    if (f->latin_props.language == HB_LANGUAGE_INVALID)
        oom_raise();
    f->store = arena_new_lasting();
    read_ps_name(f, path);
    read_metrics(f);
    oom_hold_drop(&hold);
    return f;
}

font_lib *font_lib_new(void)
{
    return calloc(1, sizeof(font_lib));
}

void font_lib_free(font_lib *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->n; i++)
        face_free(lib->faces[i]);
    free(lib->faces);
    free(lib);
}

font_face *font_lib_load(font_lib *lib, const char *path, char *err,
                         size_t err_size)
{
    for (size_t i = 0; i < lib->n; i++)
        if (strcmp(lib->faces[i]->path, path) == 0)
            return lib->faces[i];
    if (lib->n == lib->cap) {
        size_t cap = lib->cap ? lib->cap * 2 : 8;
        lib->faces = oom_xrealloc(lib->faces, cap * sizeof *lib->faces);
        lib->cap = cap;
    }
    font_face *f = face_open(path, err, err_size);
    if (f)
        lib->faces[lib->n++] = f;
    return f;
}

font_metrics font_face_metrics(const font_face *f)
{
    return f->metrics;
}

const char *font_face_name(const font_face *f)
{
    return f->ps_name;
}

/* ---- shaping ---- */

typedef struct shaped {
    const font_glyph *glyphs;
    size_t n;
    int32_t width;
} shaped;

static hb_shape_plan_t *latin_plan(font_face *f, const hb_feature_t *feature,
                                   bool kerning)
{
    /* Made on first use: compiling a plan walks GSUB/GPOS, and a face may
     * only ever be shaped one way. */
    hb_shape_plan_t **slot = &f->latin_plan[kerning];
    if (!*slot) {
        hb_shape_plan_t *plan = hb_shape_plan_create(f->hb_face, &f->latin_props,
                                                     feature, 1, NULL);
        if (plan == hb_shape_plan_get_empty())
            oom_raise(); /* the inert plan, which shapes nothing */
        *slot = plan;
    }
    return *slot;
}

/* Shapes into the face's scratch array. */
/* An offset in 1/1000 em, kept in 16 bits (font_glyph). */
static int16_t font_milli16(int32_t v)
{
    return (int16_t)(v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : v);
}

static shaped shape_uncached(font_face *f, const char *utf8, size_t len,
                             bool kerning)
{
    hb_buffer_t *buf = f->buffer;
    hb_buffer_clear_contents(buf);
    int ilen = len > 0x7fffffff ? 0x7fffffff : (int)len;
    hb_buffer_add_utf8(buf, utf8, ilen, 0, ilen);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, f->latin_props.language);
    hb_buffer_guess_segment_properties(buf);
    if (hb_buffer_get_script(buf) == HB_SCRIPT_INVALID)
        hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
    /* out of memory, the buffer is HarfBuzz's inert one, which no plan can
     * take */
    if (!hb_buffer_allocation_successful(buf))
        oom_raise();

    hb_feature_t kern = {HB_TAG('k', 'e', 'r', 'n'), kerning ? 1u : 0u,
                         HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    bool shaped_ok;
    if (hb_buffer_get_script(buf) == HB_SCRIPT_LATIN) {
        shaped_ok = hb_shape_plan_execute(latin_plan(f, &kern, kerning),
                                          f->hb_font, buf, &kern, 1);
    } else {
        /* Greek, Cyrillic...: HarfBuzz keeps these plans in the face. */
        hb_segment_properties_t props;
        hb_buffer_get_segment_properties(buf, &props);
        hb_shape_plan_t *plan =
            hb_shape_plan_create_cached(f->hb_face, &props, &kern, 1, NULL);
        shaped_ok = hb_shape_plan_execute(plan, f->hb_font, buf, &kern, 1);
        hb_shape_plan_destroy(plan);
    }
    /* HarfBuzz fails only for want of memory, and then leaves the buffer
     * empty: a word would silently vanish from the page. */
    if (!shaped_ok || !hb_buffer_allocation_successful(buf))
        oom_raise();

    unsigned n = hb_buffer_get_length(buf);
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, NULL);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (n > f->scratch_cap) {
        f->scratch = oom_xrealloc(f->scratch, n * sizeof *f->scratch);
        f->scratch_cap = n;
    }
    /* Zeroed so the padding after `gid` is defined: runs are copied and
     * compared as bytes. */
    if (n)
        memset(f->scratch, 0, n * sizeof *f->scratch);
    shaped s = {f->scratch, n, 0};
    for (unsigned i = 0; i < n; i++) {
        font_glyph *g = &f->scratch[i];
        g->gid = (uint16_t)info[i].codepoint;
        g->advance = font_units_to_milli(f, pos[i].x_advance);
        g->x_offset = font_milli16(font_units_to_milli(f, pos[i].x_offset));
        g->y_offset = font_milli16(font_units_to_milli(f, pos[i].y_offset));
        g->cluster = info[i].cluster;
        s.width += g->advance;
    }
    return s;
}

static uint64_t cache_hash(const char *s, size_t len, bool kerning)
{
    uint64_t h = 0xcbf29ce484222325u ^ (kerning ? 0x9e3779b97f4a7c15u : 0);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h ? h : 1;
}

static font_cache_slot *cache_find(font_face *f, uint64_t h, const char *s,
                                   size_t len, bool kerning)
{
    size_t mask = f->slot_count - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        font_cache_slot *slot = &f->slots[i];
        if (slot->hash == 0)
            return slot;
        if (slot->hash == h && slot->kerning == kerning &&
            slot->key_len == len && memcmp(slot->key, s, len) == 0)
            return slot;
    }
}

static void cache_grow(font_face *f)
{
    font_cache_slot *old = f->slots;
    size_t old_count = f->slot_count;
    size_t count = old_count ? old_count * 2 : CACHE_FIRST_SLOTS;
    f->slots = oom_xcalloc(count, sizeof *f->slots);
    f->slot_count = count;
    for (size_t i = 0; i < old_count; i++) {
        if (old[i].hash == 0)
            continue;
        size_t mask = f->slot_count - 1;
        size_t j = old[i].hash & mask;
        while (f->slots[j].hash != 0)
            j = (j + 1) & mask;
        f->slots[j] = old[i];
    }
    free(old);
}

static shaped shape_cached(font_face *f, const char *utf8, size_t len,
                           bool kerning)
{
    if (len > CACHE_MAX_KEY)
        return shape_uncached(f, utf8, len, kerning);
    if (f->slot_count == 0)
        cache_grow(f);
    uint64_t h = cache_hash(utf8, len, kerning);
    font_cache_slot *slot = cache_find(f, h, utf8, len, kerning);
    if (slot->hash != 0)
        return (shaped){slot->glyphs, slot->n, slot->width};

    shaped s = shape_uncached(f, utf8, len, kerning);
    if (f->cached >= CACHE_MAX_ENTRIES)
        return s;
    /* Keep the load under 3/4 so probes stay short. */
    if ((f->cached + 1) * 4 > f->slot_count * 3) {
        cache_grow(f);
        slot = cache_find(f, h, utf8, len, kerning);
    }
    font_glyph *copy = arena_alloc(f->store, s.n * sizeof *copy);
    memcpy(copy, s.glyphs, s.n * sizeof *copy);
    *slot = (font_cache_slot){
        .hash = h,
        .key = arena_strndup(f->store, utf8, len),
        .key_len = (uint32_t)len,
        .n = (uint32_t)s.n,
        .kerning = kerning,
        .width = s.width,
        .glyphs = copy,
    };
    f->cached++;
    return (shaped){copy, s.n, s.width};
}

font_run font_shape(font_face *f, const char *utf8, size_t len, bool kerning,
                    arena *a)
{
    shaped s = shape_cached(f, utf8, len, kerning);
    font_glyph *glyphs = arena_alloc(a, s.n * sizeof *glyphs);
    if (s.n)
        memcpy(glyphs, s.glyphs, s.n * sizeof *glyphs);
    return (font_run){glyphs, s.n, s.width};
}

double font_text_width(font_face *f, const char *utf8, size_t len,
                       double size, bool kerning)
{
    return shape_cached(f, utf8, len, kerning).width * size / 1000.0;
}

int32_t font_glyph_width(const font_face *f, uint16_t gid)
{
    return font_units_to_milli(f, hb_font_get_glyph_h_advance(f->hb_font, gid));
}

bool font_has_char(const font_face *f, uint32_t codepoint)
{
    hb_codepoint_t gid;
    return hb_font_get_nominal_glyph(f->hb_font, codepoint, &gid);
}
