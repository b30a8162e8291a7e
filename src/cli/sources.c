/* The source files of a loaded document, for the document ID and the
 * archive's attachments (see sources.h). */
#include "cli/sources.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/md5.h"
#include "base/oom.h"

static void close_fd(void *p)
{
    close(*(int *)p);
}

static const unsigned char *read_whole(const char *path, arena *a, size_t *len,
                                       char *err, size_t err_size)
{
    /* never blocks: a named pipe (read once already, by the loader) is
     * opened without waiting for a writer, and refused */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot read it again to attach it: %s",
                 path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        snprintf(err, err_size,
                 "%s: not a regular file: --archive attaches the source, which "
                 "must be a file (or standard input)", path);
        close(fd);
        return NULL;
    }
    /* the descriptor is closed if the arena runs out of memory */
    oom_hold hold;
    oom_hold_push(&hold, close_fd, &fd);
    size_t size = (size_t)st.st_size;
    unsigned char *buf = arena_alloc(a, size + 1);
    oom_hold_drop(&hold);
    size_t got = 0;
    bool bad = false;
    while (got < size + 1) {
        ssize_t r = read(fd, buf + got, size + 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            bad = r < 0;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (bad || got != size) {
        snprintf(err, err_size, "%s: %s while it was read", path,
                 bad ? "read error" : "the file changed");
        return NULL;
    }
    *len = size;
    return buf;
}

static const char *mime_of(const char *name)
{
    size_t n = strlen(name);
    static const struct {
        const char *ext, *mime;
    } types[] = {
        {".yaml", "application/yaml"}, {".yml", "application/yaml"},
        {".png", "image/png"},         {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && strcasecmp(name + n - e, types[i].ext) == 0)
            return types[i].mime;
    }
    return "application/octet-stream";
}

typedef struct collector {
    arena *a;
    archive_sources *out;
    const char *top_real;   /* the top-level folder, resolved */
    const char *root_real;  /* the shipped data, resolved (may be NULL) */
    char *err;
    size_t err_size;
    bool strict;            /* a file that cannot be read is an error (else
                               it is left out) */
} collector;

/* `path` named relative to the top-level folder; NULL when it is the same
 * file as one already collected. */
static const char *relative_name(collector *c, const char *real)
{
    size_t n = strlen(c->top_real);
    if (strcmp(c->top_real, "/") == 0)
        return real[0] == '/' && real[1] ? real + 1 : NULL;
    if (strncmp(real, c->top_real, n) == 0 && real[n] == '/' && real[n + 1])
        return real + n + 1;
    return arena_printf(c->a, "_outside%s", real);
}

static bool add_file(collector *c, const char *path, const char *desc)
{
    char *real = arena_realpath(c->a, path);
    if (!real) {
        snprintf(c->err, c->err_size, "%s: cannot read it again to attach it: %s",
                 path, strerror(errno));
        return !c->strict;
    }
    const char *name = relative_name(c, real);
    bool seen = false;
    for (size_t i = 0; i < c->out->n && !seen; i++)
        seen = strcmp(c->out->files[i].path, real) == 0;
    if (!seen && name) {
        /* two files may not share a name (a pack item called like the
         * top-level file read from standard input, say) */
        const char *unique = name;
        for (size_t k = 2, clash = 1; clash; k++) {
            clash = 0;
            for (size_t i = 0; i < c->out->n && !clash; i++)
                clash = strcmp(c->out->files[i].name, unique) == 0;
            if (clash)
                unique = arena_printf(c->a, "%s~%zu", name, k);
        }
        name = unique;
        archive_file *f = ARENA_PUSH(c->a, c->out->files, c->out->n, c->out->cap);
        f->path = real;
        f->name = arena_strdup(c->a, name);
        f->mime = mime_of(real);
        f->desc = desc;
        f->data = read_whole(real, c->a, &f->len, c->err, c->err_size);
        if (!f->data) {
            c->out->n--;
            return !c->strict;
        }
        md5(f->data, f->len, f->md5);
    }
    return true;
}

static bool shipped(const collector *c, const char *path)
{
    if (!c->root_real || !path)
        return false;
    char *real = arena_realpath(c->a, path);
    if (!real)
        return false;
    size_t n = strlen(c->root_real);
    return strncmp(real, c->root_real, n) == 0 && real[n] == '/' &&
           strncmp(real + n + 1, "data/", 5) == 0;
}

static bool add_photos(collector *c, const model_roundtable *rt)
{
    for (size_t i = 0; i < rt->n_speakers; i++) {
        const model_speaker *s = &rt->speakers[i];
        if (!s->photo_path)
            continue;
        const char *who = s->name.s ? s->name.s : "a speaker";
        if (!add_file(c, s->photo_path,
                      arena_printf(c->a, "Photo of %s, a speaker", who)))
            return false;
    }
    return true;
}

bool sources_collect(const char *input, const char *data, size_t len,
                     const model_roundtable *rt, const model_pack *pack,
                     const char *root, const char *opts, bool strict, arena *a,
                     archive_sources *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    const char *dir = pack ? pack->dir : rt ? rt->dir : ".";
    char *top = arena_realpath(a, dir && *dir ? dir : ".");
    collector c = {.a = a, .out = out, .err = err, .err_size = err_size,
                   .strict = strict};
    c.top_real = top ? top : ".";
    c.root_real = root ? arena_realpath(a, root) : NULL;
    bool ok = true;

    /* the top-level file: its own name, whatever its folder */
    archive_file *f = ARENA_PUSH(a, out->files, out->n, out->cap);
    bool from_memory = data != NULL;
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (from_memory && (strcmp(input, "-") == 0 || strcmp(input, "<stdin>") == 0))
        base = "briefing.yaml";
    f->name = *base ? base : "briefing.yaml";
    f->path = from_memory ? input : arena_strdup(a, input);
    f->mime = "application/yaml";
    f->top = true;
    f->desc = arena_printf(a,
                           "The source of this %s (briefpack YAML). Rebuild "
                           "it with: briefpack %s%s%s",
                           pack ? "briefing pack" : "briefing", opts,
                           *opts ? " " : "", f->name);
    if (from_memory) {
        unsigned char *copy = arena_alloc(a, len + 1);
        memcpy(copy, data, len);
        f->data = copy;
        f->len = len;
    } else {
        f->data = read_whole(input, a, &f->len, err, err_size);
        if (!f->data && strict)
            return false;
        /* the same file must not come twice (a photo cannot be it, but be
         * safe): remember it by its resolved path */
        char *real = arena_realpath(a, input);
        if (real)
            f->path = real;
    }
    if (f->data)
        md5(f->data, f->len, f->md5);
    else
        out->n--; /* a named pipe, read once by the loader: left out */

    if (pack) {
        for (size_t i = 0; i < pack->n_items && ok; i++)
            ok = add_file(&c, pack->items[i]->path,
                          arena_printf(a, "Roundtable %zu of this pack (briefpack YAML)",
                                       i + 1));
        for (size_t i = 0; i < pack->n_items && ok; i++)
            ok = add_photos(&c, pack->items[i]);
    } else if (rt) {
        ok = add_photos(&c, rt);
    }
    const model_brand *br = pack ? pack->brand_model : rt ? rt->brand_model : NULL;
    if (ok && br && br->path && !shipped(&c, br->path)) {
        ok = add_file(&c, br->path, "The brand file (briefpack YAML)");
        if (ok && br->logo && !shipped(&c, br->logo))
            ok = add_file(&c, br->logo, "The brand's logo");
    }
    return ok;
}

void sources_seed(const archive_sources *s, const char *version,
                  const char *opts, unsigned char seed[16])
{
    struct md5_ctx c;
    md5_init(&c);
    md5_update(&c, 10, (const uint8_t *)"briefpack");
    md5_update(&c, strlen(version) + 1, (const uint8_t *)version);
    md5_update(&c, strlen(opts) + 1, (const uint8_t *)opts);
    for (size_t i = 0; i < s->n; i++) {
        const archive_file *f = &s->files[i];
        unsigned char n[8];
        for (int k = 0; k < 8; k++)
            n[k] = (unsigned char)((uint64_t)f->len >> (8 * k));
        /* the top-level file by its bytes only: the same text from a file
         * or from standard input gives the same document */
        if (!f->top)
            md5_update(&c, strlen(f->name) + 1, (const uint8_t *)f->name);
        md5_update(&c, sizeof n, (const uint8_t *)n);
        /* each file's own digest, computed once when it was read */
        md5_update(&c, sizeof f->md5, (const uint8_t *)f->md5);
    }
    md5_digest(&c, MD5_DIGEST_SIZE, seed);
}

