/* Times the font module on a briefing-sized document: 8 A4 pages of about
 * 400 words each in four faces, shaped word by word, embedded and saved.
 * Not a unit test; build by hand (see the command in the report or below)
 * and run from the repository root:
 *
 *   cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
 *      $(pkg-config --cflags harfbuzz) tests/font_bench.c src/font.c \
 *      src/font_pdf.c src/arena.c $(pkg-config --libs harfbuzz \
 *      harfbuzz-subset) -lhpdf -lm -o /tmp/font_bench
 *   /tmp/font_bench [out.pdf] [documents]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "typeset/font.h"

static const char *const words[] = {
    "roundtable", "briefing", "the", "of", "and", "participants", "will",
    "discuss", "policy", "Siobhán", "Zoë", "Łukasz", "£5", "€10", "–", "—",
    "“quoted”", "…", "AVATAR", "office", "affordable", "housing", "council",
    "a", "to", "in", "is", "that", "for", "on", "with", "as", "by", "this",
    "evidence", "outcomes", "funding", "regional", "Wales", "Scotland",
    "infrastructure", "2024", "1.5%", "(draft)", "minister's", "WAVE", "Type",
    "questions", "agenda", "chair", "summary", "recommendations",
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void draw_word(font_pdf *fp, font_face *f, HPDF_Page page,
                      HPDF_Stream out, const char *w, arena *a)
{
    size_t len = strlen(w);
    font_run run = font_shape(f, w, len, true, a);
    font_pdf_mark(fp, f, run.glyphs, run.n, w, len);
    const char *name = font_pdf_use(fp, f, page);
    char buf[64];
    snprintf(buf, sizeof buf, "/%s 10 Tf [<", name);
    HPDF_Stream_WriteStr(out, buf);
    for (size_t i = 0; i < run.n; i++) {
        int32_t adjust = font_glyph_width(f, run.glyphs[i].gid) -
                         run.glyphs[i].advance;
        snprintf(buf, sizeof buf, adjust ? "%04X> %d <" : "%04X",
                 run.glyphs[i].gid, (int)adjust);
        HPDF_Stream_WriteStr(out, buf);
    }
    /* The word space, shaped and marked like any glyph (it needs its
     * ToUnicode entry too). */
    font_run space = font_shape(f, " ", 1, true, a);
    font_pdf_mark(fp, f, space.glyphs, space.n, " ", 1);
    snprintf(buf, sizeof buf, "%04X>] TJ\n", space.glyphs[0].gid);
    HPDF_Stream_WriteStr(out, buf);
}

/* One document; returns the embedded font bytes. */
static size_t build(font_face *faces[4], const char *path, double t[3])
{
    double t0 = now_ms();
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    arena *a = arena_new();
    font_pdf *fp = font_pdf_new(doc, a);
    unsigned seed = 1;
    for (int p = 0; p < 8; p++) {
        HPDF_Page page = HPDF_AddPage(doc);
        HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
        for (int line = 0; line < 50; line++) {
            char buf[64];
            snprintf(buf, sizeof buf, "BT 56 %d Td\n", 780 - line * 14);
            HPDF_Stream_WriteStr(out, buf);
            for (int k = 0; k < 8; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = words[(seed >> 16) % (sizeof words /
                                                      sizeof words[0])];
                draw_word(fp, faces[(seed >> 8) % 4 ? 0 : 1 + k % 3], page,
                          out, w, a);
            }
            HPDF_Stream_WriteStr(out, "ET\n");
        }
    }
    double t1 = now_ms();
    char err[200];
    if (!font_pdf_finish(fp, err, sizeof err)) {
        fprintf(stderr, "finish: %s\n", err);
        exit(1);
    }
    double t2 = now_ms();
    size_t bytes = font_pdf_bytes(fp);
    if (path)
        HPDF_SaveToFile(doc, path);
    else
        HPDF_SaveToStream(doc);
    HPDF_Free(doc);
    arena_free(a);
    double t3 = now_ms();
    t[0] += t1 - t0;
    t[1] += t2 - t1;
    t[2] += t3 - t2;
    return bytes;
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "/tmp/font_bench.pdf";
    int docs = argc > 2 ? atoi(argv[2]) : 1;
    const char *paths[4] = {
        "fonts/LiberationSans-Regular.ttf", "fonts/LiberationSans-Bold.ttf",
        "fonts/LiberationSans-Italic.ttf", "fonts/LiberationSerif-Regular.ttf",
    };
    double t0 = now_ms();
    font_lib *lib = font_lib_new();
    font_face *faces[4];
    char err[200];
    for (int i = 0; i < 4; i++) {
        faces[i] = font_lib_load(lib, paths[i], err, sizeof err);
        if (!faces[i]) {
            fprintf(stderr, "%s: %s\n", paths[i], err);
            return 1;
        }
    }
    double t_load = now_ms() - t0;
    double t[3] = {0};
    size_t bytes = build(faces, out, t);
    fprintf(stderr, "first document: load %.2f ms, shape+draw %.2f ms, "
                    "subset+embed %.2f ms, save %.2f ms; subsets %zu bytes\n",
            t_load, t[0], t[1], t[2], bytes);
    if (docs > 1) {
        double s[3] = {0};
        for (int i = 1; i < docs; i++)
            build(faces, NULL, s);
        fprintf(stderr, "next %d documents, each: shape+draw %.2f ms, "
                        "subset+embed %.2f ms, save (in memory) %.2f ms\n",
                docs - 1, s[0] / (docs - 1), s[1] / (docs - 1),
                s[2] / (docs - 1));
    }
    font_lib_free(lib);
    return 0;
}
