/* Paths written in a file: resolved against the file's folder, kept inside
 * the folder of the input built (and --allow-path), tidied for messages;
 * photos and logos checked to be images the PDF can carry. */
#include "load/load_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"

const char *load_dirname(arena *a, const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    while (len > 0 && path[len - 1] != '/')
        len--;
    if (len == 0)
        return ".";
    while (len > 1 && path[len - 1] == '/')
        len--;
    return arena_strndup(a, path, len);
}

const char *load_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

bool load_path_has_ext(const char *path, const char *const *exts)
{
    size_t len = strlen(path);
    for (size_t i = 0; exts[i]; i++) {
        size_t le = strlen(exts[i]);
        if (len > le && strcasecmp(path + len - le, exts[i]) == 0)
            return true;
    }
    return false;
}

/* `dir/rel` with `.`, `..` and repeated slashes removed, without touching
 * the file system: where a path that does not exist would be. */
static char *path_normalize(arena *a, const char *dir, const char *rel)
{
    const char *joined = rel[0] == '/' ? rel : arena_printf(a, "%s/%s", dir, rel);
    size_t len = strlen(joined);
    char *out = arena_alloc(a, len + 2);
    size_t o = 0;
    bool absolute = joined[0] == '/';
    const char *p = joined;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            if (o > 0 || absolute)
                out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = e;
    }
    if (o == 0 && absolute)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

const char *load_image(load_ctx *c, const model_text *written,
                       const char *what, const char *resolved)
{
    if (!resolved)
        return NULL;
    image_info info;
    char why[256], text[512];
    image_status st = image_probe(resolved, NULL, &info, why, sizeof why);
    const char *q = load_quote(c, written->s, written->len);
    if (st != IMAGE_OK) {
        image_message(text, sizeof text, what, q, st, info.type, why);
        load_error(c, written->pos, "%s", text);
        return NULL;
    }
    /* Phones store photos as taken and say in EXIF how to turn them;
     * PDF readers do not look. */
    if (info.orientation >= 2 && info.orientation <= 8) {
        unsigned o = info.orientation;
        const char *how = o == 3                ? "upside down"
                          : o == 6 || o == 8 ? "on its side"
                                             : "mirrored";
        load_warning(c, written->pos,
                     "%s `%s` is stored %s (EXIF orientation %u), and PDF "
                     "readers show it as stored; turn the image itself and "
                     "save it again",
                     what, q, how, o);
    }
    return resolved;
}

const char *load_path_clean(arena *a, const char *path)
{
    char *real = arena_realpath(a, path);
    if (real)
        return real;
    if (path[0] == '/')
        return path_normalize(a, "/", path);
    /* relative and missing: tidy it, but keep it relative ("fonts/x.ttf",
     * not "/home/…") when it does not leave the current folder */
    char cwd_buf[PATH_MAX];
    const char *cwd = getcwd(cwd_buf, sizeof cwd_buf);
    const char *out = path_normalize(a, cwd ? cwd : ".", path);
    if (cwd) {
        size_t n = strlen(cwd);
        if (strncmp(out, cwd, n) == 0 && out[n] == '/')
            out += n + 1;
    }
    return out;
}

static bool path_allowed(const load_confine *cf, const char *path)
{
    for (size_t i = 0; i < cf->n_dirs; i++) {
        const char *dir = cf->dirs[i];
        size_t n = strlen(dir);
        if (strcmp(dir, "/") == 0)
            return path[0] == '/';
        if (strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0'))
            return true;
    }
    return false;
}

void load_confine_init(load_confine *cf, arena *scratch, const char *dir,
                       const char *input_name, const load_options *opt)
{
    memset(cf, 0, sizeof *cf);
    cf->dirs = arena_calloc(scratch, opt->n_allow_paths + 1, sizeof *cf->dirs);
    cf->input_name = load_basename(input_name);
    for (size_t i = 0; i <= opt->n_allow_paths; i++) {
        const char *folder = i == 0 ? dir : opt->allow_paths[i - 1];
        char *real = arena_realpath(scratch, folder);
        if (real)
            cf->dirs[cf->n_dirs++] = real;
    }
}

const char *load_path(load_ctx *c, const model_text *written, const char *what,
                      const char *base_dir, const char *const *exts,
                      const char *exts_text)
{
    const char *w = written->s;
    const char *q = load_quote(c, w, written->len);
    if (exts && !load_path_has_ext(w, exts)) {
        load_error(c, written->pos, "%s `%s` must be %s", what, q, exts_text);
        return NULL;
    }
    const char *joined =
        w[0] == '/' ? w : arena_printf(c->scratch, "%s/%s", base_dir, w);
    const char *resolved = arena_realpath(c->a, joined);
    if (!resolved) {
        int err = errno;
        /* Say "outside" for a path that leaves the folder whether or not it
         * exists: existence outside is none of the file's business. */
        char *base_real = arena_realpath(c->scratch, base_dir);
        const char *where =
            path_normalize(c->scratch, base_real ? base_real : base_dir, w);
        if (c->confine && !path_allowed(c->confine, where))
            load_error(c, written->pos,
                       "%s `%s` is outside the folder of %s; use --allow-path "
                       "to allow it",
                       what, q, c->confine->input_name);
        else if (err == ENOENT || err == ENOTDIR)
            load_error(c, written->pos, "%s `%s` not found", what, q);
        else
            load_error(c, written->pos, "%s `%s` cannot be opened: %s", what,
                       q, strerror(err));
        return NULL;
    }
    if (c->confine && !path_allowed(c->confine, resolved)) {
        load_error(c, written->pos,
                   "%s `%s` is outside the folder of %s; use --allow-path to "
                   "allow it",
                   what, q, c->confine->input_name);
        return NULL;
    }
    struct stat st;
    if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode)) {
        load_error(c, written->pos, "%s `%s` is not a file", what, q);
        return NULL;
    }
    return resolved;
}

const char *load_image_path(load_ctx *c, const model_text *written,
                            const char *what)
{
    static const char *const image_exts[] = {".png", ".jpg", ".jpeg", NULL};
    const char *resolved = load_path(c, written, what, c->src.dir, image_exts,
                                     "a PNG or JPEG file (.png, .jpg or .jpeg)");
    return load_image(c, written, what, resolved);
}
