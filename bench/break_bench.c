/* The line breakers alone: break_paragraph (Knuth–Plass total fit) and
 * break_greedy (first fit) on one long paragraph, in time per call, per line
 * and per word. Built and run by bench/run.sh against build/libbriefpack.a:
 *
 *   break_bench synthetic WORDS          synthetic widths, deterministic
 *   break_bench real FILE WORDS ROOT     real text: FILE's words repeated up
 *                                        to WORDS, shaped with Liberation
 *                                        Sans 10.5 pt and en-GB hyphenation
 *                                        through shape_paragraph, then broken
 *
 * Each case prints one line of key=value pairs. The paragraph is set in the
 * body measure of the A4 briefing (595.276 − 2 × 72 pt) with the parameters
 * layout.c uses: ragged right (tolerance 1500, rag 3 × size) by default, and
 * justified (tolerance 300) as the brands' `justify: true` sets it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "typeset/break.h"
#include "typeset/font.h"
#include "typeset/hyphen.h"
#include "typeset/markdown.h"
#include "typeset/shape.h"

#define MEASURE 451.276
#define SIZE 10.5

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static brk_params params(bool justify)
{
    /* as layout.c's layout_break sets them */
    return (brk_params){
        .width_first = MEASURE,
        .width_rest = MEASURE,
        .tolerance = justify ? 300 : 1500,
        .rag = justify ? 0 : SIZE * 3,
        .hyphen_demerits = 3000,
        .fitness_demerits = 3000,
        .line_penalty = 10,
        .max_hyphen_run = 2,
    };
}

typedef size_t (*breaker)(const brk_item *, size_t, const brk_params *,
                          arena *, brk_line **);

/* Median time of one call, over enough calls to fill ~0.25 s (at least 5,
 * at most 2000), each with a fresh arena as layout gives it. */
static double time_breaker(breaker fn, const brk_item *it, size_t n,
                           const brk_params *p, size_t *lines_out,
                           size_t *overfull_out, size_t *hyph_out, int *calls)
{
    double samples[2000];
    int k = 0;
    double spent = 0;
    /* warm-up */
    {
        arena *a = arena_new();
        brk_line *l;
        fn(it, n, p, a, &l);
        arena_free(a);
    }
    while (k < 2000 && (k < 5 || spent < 0.25e9)) {
        arena *a = arena_new();
        brk_line *l;
        double t0 = now_ns();
        size_t c = fn(it, n, p, a, &l);
        double t = now_ns() - t0;
        if (k == 0) {
            size_t of = 0, hy = 0;
            for (size_t i = 0; i < c; i++) {
                of += l[i].overfull;
                hy += l[i].hyphenated;
            }
            *lines_out = c;
            *overfull_out = of;
            *hyph_out = hy;
        }
        arena_free(a);
        samples[k++] = t;
        spent += t;
    }
    qsort(samples, (size_t)k, sizeof *samples, cmp_double);
    *calls = k;
    return samples[k / 2];
}

static void report(const char *src, const char *mode, const char *algo,
                   size_t words, size_t items, breaker fn, const brk_item *it,
                   size_t n, const brk_params *p)
{
    size_t lines = 0, overfull = 0, hyph = 0;
    int calls = 0;
    double ns = time_breaker(fn, it, n, p, &lines, &overfull, &hyph, &calls);
    printf("source=%s mode=%s algo=%s words=%zu items=%zu lines=%zu "
           "hyphenated=%zu overfull=%zu calls=%d ms=%.4f us_per_line=%.3f "
           "ns_per_word=%.1f\n",
           src, mode, algo, words, items, lines, hyph, overfull, calls,
           ns / 1e6, lines ? ns / 1e3 / (double)lines : 0,
           words ? ns / (double)words : 0);
    fflush(stdout);
}

/* --- synthetic ----------------------------------------------------------
 * Word lengths follow English text (1–14 letters, mean ≈ 4.7), each letter
 * 0.5 em ± 0.15 em wide at 10.5 pt; spaces 0.278 em (Liberation Sans),
 * stretch ½ and shrink ⅓ of it when justified; words of 7 letters or more
 * offer hyphenation points (a flagged penalty with a hyphen's width) every
 * 3 letters from the 3rd to the 4th-last, as shape.c's would be. */
static uint64_t rng = 0x2545F4914F6CDD1DULL;
static double rnd(void) /* xorshift64*, [0,1) */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

static size_t synthetic(size_t words, bool justify, brk_item **out)
{
    static const int len_table[] = {1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5,
                                    5, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12, 14};
    size_t cap = words * 8 + 4, n = 0;
    brk_item *it = calloc(cap, sizeof *it);
    double space = 0.278 * SIZE, hyphen = 0.333 * SIZE;
    rng = 0x2545F4914F6CDD1DULL;
    for (size_t w = 0; w < words; w++) {
        if (w)
            it[n++] = (brk_item){.type = BRK_GLUE, .width = space,
                                 .stretch = justify ? space / 2 : 0,
                                 .shrink = justify ? space / 3 : 0};
        int len = len_table[(size_t)(rnd() * (sizeof len_table / sizeof *len_table))];
        double piece = 0;
        for (int c = 0; c < len; c++) {
            piece += (0.35 + 0.3 * rnd()) * SIZE;
            if (len >= 7 && c >= 2 && c < len - 3 && (c - 2) % 3 == 0) {
                it[n++] = (brk_item){.type = BRK_BOX, .width = piece};
                it[n++] = (brk_item){.type = BRK_PENALTY, .width = hyphen,
                                     .penalty = justify ? 50 : 200,
                                     .flagged = true};
                piece = 0;
            }
        }
        it[n++] = (brk_item){.type = BRK_BOX, .width = piece};
    }
    it[n++] = (brk_item){.type = BRK_GLUE, .stretch = 100000.0};
    it[n++] = (brk_item){.type = BRK_PENALTY, .penalty = -BRK_INFINITY};
    *out = it;
    return n;
}

static int run_synthetic(size_t words)
{
    for (int j = 0; j < 2; j++) {
        bool justify = j == 1;
        brk_item *it;
        size_t n = synthetic(words, justify, &it);
        brk_params p = params(justify);
        const char *mode = justify ? "justified" : "ragged";
        report("synthetic", mode, "knuth-plass", words, n, break_paragraph, it, n, &p);
        report("synthetic", mode, "greedy", words, n, break_greedy, it, n, &p);
        free(it);
    }
    return 0;
}

/* --- real text ------------------------------------------------------------ */
static char *read_words(const char *path, size_t want, size_t *got)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *src = malloc((size_t)size + 1);
    size_t rd = fread(src, 1, (size_t)size, f);
    fclose(f);
    src[rd] = '\0';
    /* the words of the file, repeated until `want` */
    size_t cap = (size_t)size * (want / 100 + 2) + 16, n = 0, count = 0;
    char *out = malloc(cap);
    while (count < want) {
        size_t before = count;
        for (char *s = src; *s && count < want;) {
            while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
                s++;
            char *e = s;
            while (*e && *e != ' ' && *e != '\n' && *e != '\t' && *e != '\r')
                e++;
            if (e == s)
                break;
            if (n + (size_t)(e - s) + 2 >= cap) {
                cap *= 2;
                out = realloc(out, cap);
            }
            if (count)
                out[n++] = ' ';
            memcpy(out + n, s, (size_t)(e - s));
            n += (size_t)(e - s);
            count++;
            s = e;
        }
        if (count == before)
            break;
    }
    out[n] = '\0';
    free(src);
    *got = count;
    return out;
}

static int run_real(const char *path, size_t words, const char *root)
{
    size_t got = 0;
    char *text = read_words(path, words, &got);
    if (!text || !got) {
        fprintf(stderr, "break_bench: no words in %s\n", path);
        return 1;
    }
    char fontpath[4096], err[256];
    snprintf(fontpath, sizeof fontpath, "%s/fonts/LiberationSans-Regular.ttf", root);
    font_lib *lib = font_lib_new();
    font_face *face = font_lib_load(lib, fontpath, err, sizeof err);
    if (!face) {
        fprintf(stderr, "break_bench: %s: %s\n", fontpath, err);
        return 1;
    }
    hyphen_dict *hy = hyphen_load(root, "en-GB");
    shape_fonts fonts;
    memset(&fonts, 0, sizeof fonts); /* fields added later stay NULL */
    fonts.regular = fonts.bold = fonts.italic = fonts.bold_italic = face;
    arena *keep = arena_new();
    md_block blk = markdown_plain(text, keep);
    for (int j = 0; j < 2; j++) {
        bool justify = j == 1;
        const char *mode = justify ? "justified" : "ragged";
        shape_style st = {.fonts = &fonts, .size = SIZE, .kerning = true,
                          .justify = justify, .hyphens = hy};
        /* shaping: the first call fills the face's word cache (cold), the
         * later ones hit it (warm, as in a batch) */
        double cold = 0, warm[9];
        shape_para sp = {0};
        arena *pa = NULL;
        for (int k = 0; k < 10; k++) {
            arena *a = arena_new();
            double t0 = now_ns();
            shape_para s = shape_paragraph(blk.runs, blk.n_runs, &st, MEASURE, a);
            double t = now_ns() - t0;
            if (k == 0)
                cold = t;
            else
                warm[k - 1] = t;
            if (k == 9) {
                sp = s;
                pa = a;
            } else {
                arena_free(a);
            }
        }
        qsort(warm, 9, sizeof *warm, cmp_double);
        printf("source=real mode=%s algo=shape words=%zu items=%zu "
               "ms_first=%.3f ms=%.3f ns_per_word=%.1f\n",
               mode, got, sp.n, cold / 1e6, warm[4] / 1e6, warm[4] / (double)got);
        brk_params p = params(justify);
        report("real", mode, "knuth-plass", got, sp.n, break_paragraph, sp.items, sp.n, &p);
        report("real", mode, "greedy", got, sp.n, break_greedy, sp.items, sp.n, &p);
        arena_free(pa);
    }
    arena_free(keep);
    hyphen_free(hy);
    font_lib_free(lib);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "synthetic") == 0)
        return run_synthetic((size_t)strtoul(argv[2], NULL, 10));
    if (argc >= 5 && strcmp(argv[1], "real") == 0)
        return run_real(argv[2], (size_t)strtoul(argv[3], NULL, 10), argv[4]);
    fputs("usage: break_bench synthetic WORDS | real FILE WORDS ROOT\n", stderr);
    return 2;
}
