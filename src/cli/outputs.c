/* Output names and the checks made on them before anything is written;
 * see outputs.h. */
#include "cli/outputs.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: every missing folder of `path`. */
static bool make_dirs(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (!is_dir(buf) && mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        buf[i] = c;
    }
    return true;
}

char *outputs_name(const char *input, const char *folder, bool handout)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (strcmp(input, "-") == 0)
        base = "briefing.yaml";
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
        n -= 4;
    const char *suffix = handout ? "-handout.pdf" : ".pdf";
    size_t size = (folder ? strlen(folder) + 1 : 0) + n + strlen(suffix) + 1;
    char *out = malloc(size);
    if (!out)
        return NULL;
    if (folder)
        snprintf(out, size, "%s%s%.*s%s", folder,
                 folder[strlen(folder) - 1] == '/' ? "" : "/", (int)n, base,
                 suffix);
    else
        snprintf(out, size, "%.*s%s", (int)n, base, suffix);
    return out;
}

void outputs_free(char **outs, size_t n)
{
    for (size_t i = 0; outs && i < n; i++)
        free(outs[i]);
    free(outs);
}

/* --- two inputs, one file ------------------------------------------------- */

/* A target as a key that two spellings of one file share: the device and
 * inode of its folder and its own name, or the path itself while the
 * folder does not exist yet (then nothing else can name it another way
 * but through a link that does not exist either). */
typedef struct target_key {
    char *key;
    size_t index;
} target_key;

static char *key_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    const char *base = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    if (dir_len >= sizeof dir)
        return strdup(path);
    memcpy(dir, path, dir_len);
    dir[dir_len] = '\0';
    struct stat st;
    if (stat(slash ? (dir_len ? dir : "/") : ".", &st) != 0)
        return strdup(path);
    size_t size = strlen(base) + 64;
    char *key = malloc(size);
    if (key)
        snprintf(key, size, "%jx:%jx/%s", (uintmax_t)st.st_dev,
                 (uintmax_t)st.st_ino, base);
    return key;
}

static int key_cmp(const void *pa, const void *pb)
{
    const target_key *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* The first clash in input order, found by sorting (ten thousand inputs
 * cost nothing). Returns -1 out of memory, 1 with *first and *second set,
 * else 0. */
static int find_clash(char **outs, size_t n, size_t *first, size_t *second)
{
    target_key *v = calloc(n ? n : 1, sizeof *v);
    size_t m = 0;
    int found = 0;
    if (!v)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!outs[i])
            continue;
        v[m].key = key_of(outs[i]);
        v[m].index = i;
        if (!v[m++].key) {
            found = -1;
            break;
        }
    }
    if (found == 0)
        qsort(v, m, sizeof *v, key_cmp);
    for (size_t k = 1, group = 0; found >= 0 && k < m; k++) {
        if (strcmp(v[k].key, v[group].key) != 0) {
            group = k;
            continue;
        }
        if (!found || v[k].index < *second) {
            *first = v[group].index;
            *second = v[k].index;
            found = 1;
        }
    }
    for (size_t k = 0; k < m; k++)
        free(v[k].key);
    free(v);
    return found;
}

/* --- never over an input -------------------------------------------------- */

typedef struct file_id {
    dev_t dev;
    ino_t ino;
    size_t index;
} file_id;

static int id_cmp(const void *pa, const void *pb)
{
    const file_id *a = pa, *b = pb;
    if (a->dev != b->dev)
        return a->dev < b->dev ? -1 : 1;
    if (a->ino != b->ino)
        return a->ino < b->ino ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* The input (index) that target `out` is, or -1; -2 out of memory. */
static long input_in_the_way(const outputs_request *rq, char **outs,
                             size_t *which_out)
{
    file_id *ids = calloc(rq->n ? rq->n : 1, sizeof *ids);
    if (!ids)
        return -2;
    size_t m = 0;
    for (size_t i = 0; i < rq->n; i++) {
        struct stat st;
        if (strcmp(rq->inputs[i], "-") != 0 && stat(rq->inputs[i], &st) == 0)
            ids[m++] = (file_id){st.st_dev, st.st_ino, i};
    }
    qsort(ids, m, sizeof *ids, id_cmp);
    long hit = -1;
    for (size_t i = 0; i < rq->n && hit < 0 && m; i++) {
        struct stat st;
        if (!outs[i] || stat(outs[i], &st) != 0)
            continue;
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ids[mid].dev < st.st_dev ||
                (ids[mid].dev == st.st_dev && ids[mid].ino < st.st_ino))
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < m && ids[lo].dev == st.st_dev && ids[lo].ino == st.st_ino) {
            hit = (long)ids[lo].index;
            *which_out = i;
        }
    }
    free(ids);
    return hit;
}

/* --- never over a file an input uses ----------------------------------------- */

typedef struct output_guard {
    bool exists;
    dev_t dev;
    ino_t ino;
    const char *output;
    diag *d;
} output_guard;

/* `what` and `written` name the file as the input does ("photo", its
 * path as written). */
static void guard_file(void *ctx, const char *path, const char *what,
                       const char *written, const char *file, srcpos pos)
{
    output_guard *g = ctx;
    struct stat st;
    if (!g->exists || !path || stat(path, &st) != 0 || st.st_dev != g->dev ||
        st.st_ino != g->ino)
        return;
    diag_error(g->d, file, pos,
               "%s `%s` is the file the PDF would be written to (%s); a PDF "
               "never replaces a file it is made from: choose another output "
               "with -o",
               what, written ? written : path, g->output);
}

/* `override`: the brand --brand named, which the file's `brand:` gives way
 * to. */
static void each_brand_file(const model_brand *br, const char *doc,
                            const model_text *brand, const char *override,
                            outputs_file_fn *fn, void *ctx)
{
    if (!br)
        return;
    if (br->path && override)
        fn(ctx, br->path, "brand file (--brand)", override, doc,
           (srcpos){0, 0});
    else if (br->path)
        fn(ctx, br->path, "brand file", brand->s, doc,
           brand->s ? brand->pos : (srcpos){0, 0});
    const char *file = br->path ? br->path : doc;
    fn(ctx, br->logo, "logo", br->logo_text.s, file, br->logo_text.pos);
    const char *faces[] = {br->font_regular, br->font_bold, br->font_italic,
                           br->font_bold_italic, br->font_heading};
    for (size_t i = 0; i < sizeof faces / sizeof faces[0]; i++)
        fn(ctx, faces[i], "font", NULL, file, br->name.pos);
}

static void each_roundtable_file(const model_roundtable *rt, bool item,
                                 outputs_file_fn *fn, void *ctx)
{
    if (item)
        fn(ctx, rt->path, "roundtable", rt->path, rt->path, (srcpos){0, 0});
    for (size_t i = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        fn(ctx, s->photo_path, "photo", s->photo.s, rt->path, s->photo.pos);
    }
}

void outputs_each_file(const model_roundtable *rt, const model_pack *pack,
                       const char *override, outputs_file_fn *fn, void *ctx)
{
    if (pack) {
        for (size_t i = 0; i < pack->n_items; i++)
            if (pack->items[i])
                each_roundtable_file(pack->items[i], true, fn, ctx);
        each_brand_file(pack->brand_model, pack->path, &pack->brand, override,
                        fn, ctx);
    } else if (rt) {
        each_roundtable_file(rt, false, fn, ctx);
        each_brand_file(rt->brand_model, rt->path, &rt->brand, override, fn,
                        ctx);
    }
}

void outputs_guard(const char *output, const char *override,
                   const model_roundtable *rt, const model_pack *pack,
                   diag *d)
{
    output_guard g = {.output = output, .d = d};
    struct stat st;
    if (!output || stat(output, &st) != 0)
        return; /* a new file replaces nothing */
    g.exists = true;
    g.dev = st.st_dev;
    g.ino = st.st_ino;
    outputs_each_file(rt, pack, override, guard_file, &g);
}

/* --- the plan ------------------------------------------------------------- */

static char **refuse(char **outs, size_t n, int *status, int code)
{
    outputs_free(outs, n);
    *status = code;
    return NULL;
}

char **outputs_plan(const outputs_request *rq, FILE *err, int *status)
{
    const char *output = rq->output;
    size_t n = rq->n;
    bool out_is_dir = output && !rq->to_stdout &&
                      (n > 1 || is_dir(output) ||
                       output[strlen(output) - 1] == '/');
    if (out_is_dir && n > 1 && !is_dir(output)) {
        size_t len = strlen(output);
        if (len > 4 && strcmp(output + len - 4, ".pdf") == 0) {
            fprintf(err, "briefpack: -o %s names one file; give a folder for "
                         "several inputs\nTry 'briefpack --help'.\n",
                    output);
            *status = 2;
            return NULL;
        }
    }
    char **outs = calloc(n ? n : 1, sizeof *outs);
    if (!outs) {
        fputs("briefpack: out of memory\n", err);
        *status = 1;
        return NULL;
    }
    if (rq->to_stdout)
        return outs;
    for (size_t i = 0; i < n; i++) {
        outs[i] = output && !out_is_dir
                      ? strdup(output)
                      : outputs_name(rq->inputs[i], out_is_dir ? output : NULL,
                                     rq->handout);
        if (!outs[i]) {
            fputs("briefpack: out of memory\n", err);
            return refuse(outs, n, status, 1);
        }
    }
    size_t first = 0, second = 0;
    int clash = find_clash(outs, n, &first, &second);
    if (clash < 0) {
        fputs("briefpack: out of memory\n", err);
        return refuse(outs, n, status, 1);
    }
    if (clash) {
        fprintf(err,
                "briefpack: %s and %s would both be written to %s; rename one "
                "or build them separately\n",
                rq->inputs[first], rq->inputs[second], outs[second]);
        return refuse(outs, n, status, 2);
    }
    /* A PDF replaces a file, never a device, a pipe or a link (as root,
     * `-o /dev/null` would otherwise replace /dev/null). */
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (lstat(outs[i], &st) == 0 && !S_ISREG(st.st_mode) &&
            !S_ISDIR(st.st_mode)) {
            fprintf(err, "briefpack: %s is not a regular file; briefpack "
                         "writes PDFs only to files (use -o - for a pipe)\n",
                    outs[i]);
            return refuse(outs, n, status, 2);
        }
    }
    size_t which = 0;
    long in = input_in_the_way(rq, outs, &which);
    if (in == -2) {
        fputs("briefpack: out of memory\n", err);
        return refuse(outs, n, status, 1);
    }
    if (in >= 0) {
        /* named as typed, and as the output spells it when that differs */
        if (strcmp(rq->inputs[in], outs[which]) == 0)
            fprintf(err, "briefpack: the PDF of %s would be written over the "
                         "input %s; a PDF never replaces an input: choose "
                         "another output with -o\n",
                    rq->inputs[which], rq->inputs[in]);
        else
            fprintf(err, "briefpack: the PDF of %s would be written to %s, "
                         "which is the input %s; a PDF never replaces an "
                         "input: choose another output with -o\n",
                    rq->inputs[which], outs[which], rq->inputs[in]);
        return refuse(outs, n, status, 2);
    }
    if (out_is_dir && !is_dir(output) && !make_dirs(output)) {
        fprintf(err, "briefpack: cannot make folder %s: %s\n", output,
                strerror(errno));
        return refuse(outs, n, status, 1);
    }
    return outs;
}
