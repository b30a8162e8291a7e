/* Reading the sources back out of an archival briefing (see extract.h),
 * through the small PDF reader in pdf_read.c. The name tree's depth and the
 * number of files are limited. */
#include "extract/extract.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/md5.h"
#include "pdf/pdf_read.h"

#define MAX_TREE_DEPTH 32     /* name tree levels */
#define MAX_FILES 10000
#define MAX_PDF_SIZE ((size_t)1 << 30)

/* ---- text ---- */

static void put_utf8(unsigned char *o, size_t *n, uint32_t cp)
{
    if (cp < 0x80) {
        o[(*n)++] = (unsigned char)cp;
    } else if (cp < 0x800) {
        o[(*n)++] = (unsigned char)(0xc0 | cp >> 6);
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        o[(*n)++] = (unsigned char)(0xe0 | cp >> 12);
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    } else {
        o[(*n)++] = (unsigned char)(0xf0 | cp >> 18);
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        o[(*n)++] = (unsigned char)(0x80 | (cp & 0x3f));
    }
}

/* A PDF text string as UTF-8 (malloc'd): UTF-16BE with its mark, UTF-8
 * with its mark, else PDFDocEncoding. A NUL inside is kept as U+FFFD, so
 * the result never hides a part of the name. */
static char *text_utf8(const pdf_value *v)
{
    if (!v || v->kind != PV_STRING)
        return NULL;
    unsigned char *o = malloc(v->len * 3 + 4);
    if (!o)
        return NULL;
    size_t n = 0;
    const unsigned char *s = v->s;
    size_t len = v->len;
    if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
        for (size_t i = 2; i + 1 < len; i += 2) {
            uint32_t u = (uint32_t)s[i] << 8 | s[i + 1];
            if (u >= 0xd800 && u <= 0xdbff && i + 3 < len) {
                uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                    i += 2;
                } else {
                    u = 0xfffd;
                }
            } else if (u >= 0xd800 && u <= 0xdfff) {
                u = 0xfffd;
            }
            put_utf8(o, &n, u ? u : 0xfffd);
        }
    } else {
        size_t i = 0;
        bool utf8 = len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf;
        if (utf8) {
            i = 3;
            for (; i < len; i++)
                o[n++] = s[i] ? s[i] : '?';
        } else {
            /* PDFDocEncoding: Latin-1 but for 0x18–0x1F and 0x80–0x9F */
            static const uint16_t high[32] = {
                0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
                0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
                0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd,
            };
            static const uint16_t low[8] = {0x02d8, 0x02c7, 0x02c6, 0x02d9,
                                            0x02dd, 0x02db, 0x02da, 0x02dc};
            for (; i < len; i++) {
                unsigned char c = s[i];
                uint32_t u = c >= 0x80 && c <= 0x9f   ? high[c - 0x80]
                             : c >= 0x18 && c <= 0x1f ? low[c - 0x18]
                             : c == 0                 ? 0xfffd
                                                      : c;
                put_utf8(o, &n, u);
            }
        }
    }
    o[n] = '\0';
    return (char *)o;
}

/* ---- embedded files ---- */

typedef struct collect {
    pdf_reader *r;
    extract_list *out;
    size_t cap;
    pdf_value **seen;                /* file specifications already taken */
    size_t n_seen, seen_cap;
} collect;

static bool take_spec(collect *c, pdf_value *spec_ref, const pdf_value *key)
{
    pdf_reader *r = c->r;
    pdf_value *spec = pdf_resolve(r, spec_ref);
    if (!spec && spec_ref && spec_ref->kind == PV_REF) {
        pdf_fail(r, "attached file (object %lld) is missing: the PDF is truncated "
                "or damaged", spec_ref->ref_num);
        return false;
    }
    if (!spec || spec->kind != PV_DICT)
        return true;
    for (size_t i = 0; i < c->n_seen; i++)
        if (c->seen[i] == spec)
            return true;
    *ARENA_PUSH(r->a, c->seen, c->n_seen, c->seen_cap) = spec;
    pdf_value *ef = pdf_get(r, spec, "EF");
    pdf_value *stream = ef ? pdf_get(r, ef, "UF") : NULL;
    if (!stream || stream->kind != PV_STREAM)
        stream = ef ? pdf_get(r, ef, "F") : NULL;
    if (!stream || stream->kind != PV_STREAM)
        return true; /* a reference to an outside file: nothing inside */
    if (c->out->n >= MAX_FILES) {
        pdf_fail(r, "more than %d embedded files", MAX_FILES);
        return false;
    }
    char *name = text_utf8(pdf_get(r, spec, "UF"));
    if (!name)
        name = text_utf8(pdf_get(r, spec, "F"));
    if (!name)
        name = text_utf8(key);
    if (!name) {
        name = strdup("");
        if (!name) {
            pdf_fail(r, "out of memory");
            return false;
        }
    }
    extract_file *f = ARENA_PUSH(r->a, c->out->files, c->out->n, c->cap);
    f->name = name;
    f->source = pdf_name_is(pdf_get(r, spec, "AFRelationship"), "Source");
    pdf_value *mime = pdf_get(r, stream, "Subtype");
    if (mime && mime->kind == PV_NAME)
        f->mime = strdup((const char *)mime->s);
    f->data = pdf_stream_decode(r, stream, &f->len);
    if (!f->data) {
        char why[256];
        snprintf(why, sizeof why, "%s", r->err);
        r->failed = false;
        pdf_fail(r, "attached file `%s`: %s", name, why);
        return false;
    }
    pdf_value *params = pdf_get(r, stream, "Params");
    pdf_value *size = params ? pdf_get(r, params, "Size") : NULL;
    if (size && size->kind == PV_NUM && (size->ival < 0 || (size_t)size->ival != f->len)) {
        pdf_fail(r, "attached file `%s` has %zu bytes but says it has %lld: damaged",
             name, f->len, size->ival);
        return false;
    }
    pdf_value *sum = params ? pdf_get(r, params, "CheckSum") : NULL;
    if (sum && sum->kind == PV_STRING && sum->len == 16) {
        unsigned char d[16];
        md5(f->data, f->len, d);
        if (memcmp(d, sum->s, 16) != 0) {
            pdf_fail(r, "attached file `%s` does not match its checksum: damaged", name);
            return false;
        }
    }
    return true;
}

static bool walk_tree(collect *c, pdf_value *node, int depth)
{
    pdf_reader *r = c->r;
    node = pdf_resolve(r, node);
    if (!node || node->kind != PV_DICT)
        return true;
    if (depth > MAX_TREE_DEPTH) {
        pdf_fail(r, "the embedded files' name tree is more than %d levels deep",
             MAX_TREE_DEPTH);
        return false;
    }
    pdf_value *names = pdf_get(r, node, "Names");
    if (names && names->kind == PV_ARRAY)
        for (size_t i = 0; i + 1 < names->n; i += 2)
            if (!take_spec(c, names->items[i + 1], pdf_resolve(r, names->items[i])))
                return false;
    pdf_value *kids = pdf_get(r, node, "Kids");
    if (kids && kids->kind == PV_ARRAY)
        for (size_t i = 0; i < kids->n; i++)
            if (!walk_tree(c, kids->items[i], depth + 1))
                return false;
    return true;
}

void extract_list_free(extract_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->files[i].name);
        free(l->files[i].mime);
        free(l->files[i].data);
    }
    free(l->files);
    memset(l, 0, sizeof *l);
    l->top = EXTRACT_NONE;
}

bool extract_read(const unsigned char *pdf, size_t len, extract_list *out,
                  char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    out->top = EXTRACT_NONE;
    if (err_size)
        err[0] = '\0';
    /* the header may follow some junk (readers allow 1024 bytes) */
    bool header = false;
    for (size_t i = 0; i + 5 <= len && i < 1024 && !header; i++)
        header = memcmp(pdf + i, "%PDF-", 5) == 0;
    if (!header) {
        snprintf(err, err_size, "not a PDF file");
        return false;
    }
    arena *a = arena_new();
    pdf_reader r;
    bool ok = false;
    if (!pdf_reader_open(&r, pdf, len, a, err, err_size)) {
        arena_free(a);
        return false;
    }
    pdf_value *catalog = pdf_catalog(&r);
    if (!catalog) {
        if (!r.failed)
            snprintf(err, err_size, "no document catalog found (damaged, or "
                                    "not a PDF briefpack can read)");
        goto done;
    }
    r.failed = false;
    /* pointers into the list's array move as it grows: the arena's copy is
     * handed over at the end */
    extract_list tmp = {.top = EXTRACT_NONE};
    collect c = {.r = &r, .out = &tmp};
    bool good = true;
    pdf_value *af = pdf_get(&r, catalog, "AF");
    if (af && af->kind == PV_ARRAY)
        for (size_t i = 0; i < af->n && good; i++)
            good = take_spec(&c, af->items[i], NULL);
    pdf_value *names = pdf_get(&r, catalog, "Names");
    pdf_value *tree = names ? pdf_get(&r, names, "EmbeddedFiles") : NULL;
    if (good && tree)
        good = walk_tree(&c, tree, 0);
    /* the top-level source: the first /Source file of /AF (briefpack puts
     * it first) */
    size_t n_af = af && af->kind == PV_ARRAY ? af->n : 0;
    for (size_t i = 0; i < tmp.n && i < n_af && tmp.top == EXTRACT_NONE; i++)
        if (tmp.files[i].source)
            tmp.top = i;
    if (tmp.n) {
        out->files = calloc(tmp.n, sizeof *out->files);
        if (!out->files) {
            for (size_t i = 0; i < tmp.n; i++) {
                free(tmp.files[i].name);
                free(tmp.files[i].mime);
                free(tmp.files[i].data);
            }
            snprintf(err, err_size, "out of memory");
            goto done;
        }
        memcpy(out->files, tmp.files, tmp.n * sizeof *out->files);
        out->n = tmp.n;
        out->top = tmp.top;
    }
    ok = good;
done:
    pdf_reader_close(&r);
    arena_free(a);
    return ok;
}

/* ---- writing ---- */

const char *extract_unsafe_name(const char *name)
{
    if (!name || !*name)
        return "it has no name";
    if (name[0] == '/')
        return "it is an absolute path";
    if (strlen(name) > 4000)
        return "the name is too long";
    const char *p = name;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0)
            return "it has an empty part (//)";
        if (n == 1 && p[0] == '.')
            return "it has a `.` part";
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "it leads out of the folder (`..`)";
        if (n > 255)
            return "a part of it is too long";
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (c < 0x20 || c == 0x7f)
                return "it holds a control character";
            if (c == '\\')
                return "it holds a backslash";
        }
        if (!e)
            break;
        p = e + 1;
        if (!*p)
            return "it ends with /";
    }
    return NULL;
}

static unsigned char *read_input(const char *path, size_t *len, FILE *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(err, "briefpack: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(err, "briefpack: %s: is a folder, not a PDF\n", path);
        fclose(f);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_PDF_SIZE) {
                fprintf(err, "briefpack: %s: larger than %zu bytes\n", path,
                        MAX_PDF_SIZE);
                free(buf);
                buf = NULL;
                break;
            }
            unsigned char *g = realloc(buf, cap * 2);
            if (!g) {
                free(buf);
                buf = NULL;
                fprintf(err, "briefpack: out of memory\n");
                break;
            }
            buf = g;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(err, "briefpack: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    *len = n;
    return buf;
}

/* Writes one file under the folder `dirfd`, part by part, never following
 * a symbolic link, to a temporary name renamed into place. */
/* 1 when the open file `fd` holds exactly `data`, 0 when it is a file that
 * does not, -1 when it is not a regular file (left to the writing below). */
static int file_equals(int fd, const unsigned char *data, size_t len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    if ((uintmax_t)st.st_size != len)
        return 0;
    unsigned char buf[65536];
    size_t at = 0;
    while (at < len) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || at + (size_t)n > len || memcmp(buf, data + at, (size_t)n))
            return 0;
        at += (size_t)n;
    }
    return 1;
}

static bool write_under(int dirfd, const char *name, const unsigned char *data,
                        size_t len, const char *out_dir, FILE *err)
{
    char *copy = strdup(name);
    if (!copy) {
        fprintf(err, "briefpack: out of memory\n");
        return false;
    }
    int fd = dup(dirfd);
    char *part = copy;
    bool ok = fd >= 0;
    for (char *slash; ok && (slash = strchr(part, '/')); part = slash + 1) {
        *slash = '\0';
        if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
            fprintf(err, "briefpack: %s/%s: cannot make the folder: %s\n",
                    out_dir, name, strerror(errno));
            ok = false;
            break;
        }
        int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            int e = errno;
            fprintf(err, "briefpack: %s/%s: refused: `%s` on the way %s\n",
                    out_dir, name, part,
                    e == ELOOP || e == ENOTDIR ? "is a symbolic link or not a folder"
                                               : strerror(e));
            ok = false;
            break;
        }
        close(fd);
        fd = next;
    }
    /* A file already there is kept: the same bytes need no writing, and
     * other bytes may be the user's edits. */
    if (ok) {
        int have = openat(fd, part, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (have >= 0) {
            int same = file_equals(have, data, len);
            close(have);
            if (same == 1) {
                close(fd);
                free(copy);
                return true;
            }
            if (same == 0) {
                fprintf(err, "briefpack: %s/%s: exists and is not the attached "
                             "file; not overwritten (move it away, or extract "
                             "into another folder)\n",
                        out_dir, name);
                ok = false;
            }
        }
    }
    if (ok) {
        char tmp[300];
        int out = -1;
        for (int k = 0; k < 100 && out < 0; k++) {
            snprintf(tmp, sizeof tmp, ".%.200s.briefpack-%ld-%d", part,
                     (long)getpid(), k);
            out = openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
            if (out < 0 && errno != EEXIST)
                break;
        }
        if (out < 0) {
            fprintf(err, "briefpack: %s/%s: cannot write: %s\n", out_dir, name,
                    strerror(errno));
            ok = false;
        } else {
            size_t done = 0;
            while (done < len) {
                ssize_t w = write(out, data + done, len - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    break;
                done += (size_t)w;
            }
            bool wrote = done == len && fsync(out) == 0;
            int e = errno;
            if (close(out) != 0)
                wrote = false;
            struct stat st;
            if (wrote && fstatat(fd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISDIR(st.st_mode)) {
                fprintf(err, "briefpack: %s/%s: refused: a folder has that name\n",
                        out_dir, name);
                ok = false;
            } else if (!wrote || renameat(fd, tmp, fd, part) != 0) {
                fprintf(err, "briefpack: %s/%s: cannot write: %s\n", out_dir,
                        name, strerror(wrote ? errno : e));
                ok = false;
            }
            if (!ok)
                unlinkat(fd, tmp, 0);
        }
    }
    if (fd >= 0)
        close(fd);
    free(copy);
    return ok;
}

int extract_main(const char *pdf_path, const char *out_dir, FILE *err)
{
    char *shown = NULL; /* out_dir without trailing slashes */
    size_t len;
    unsigned char *pdf = read_input(pdf_path, &len, err);
    if (!pdf)
        return 1;
    extract_list l;
    char why[512];
    bool read_ok = extract_read(pdf, len, &l, why, sizeof why);
    free(pdf);
    int status = 1;
    if (!read_ok) {
        fprintf(err, "briefpack: %s: %s\n", pdf_path, why);
        goto done;
    }
    if (l.top == EXTRACT_NONE) {
        fprintf(err, "briefpack: %s: no briefpack source is attached to this "
                     "PDF (it was not built with --archive)\n", pdf_path);
        goto done;
    }
    if (!out_dir) {
        const extract_file *f = &l.files[l.top];
        if (fwrite(f->data, 1, f->len, stdout) != f->len || fflush(stdout) != 0) {
            fprintf(err, "briefpack: cannot write to standard output\n");
            goto done;
        }
        status = 0;
        goto done;
    }
    /* `-o roundtable.yaml` (a name ending .yaml or .yml that is not a
     * folder): the top-level source alone, into that file */
    size_t ol = strlen(out_dir);
    struct stat st;
    bool is_dir = stat(out_dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (!is_dir && ol && out_dir[ol - 1] != '/' &&
        ((ol > 5 && strcmp(out_dir + ol - 5, ".yaml") == 0) ||
         (ol > 4 && strcmp(out_dir + ol - 4, ".yml") == 0))) {
        const extract_file *f = &l.files[l.top];
        int have = open(out_dir, O_RDONLY | O_CLOEXEC);
        if (have >= 0) {
            int same = file_equals(have, f->data, f->len);
            close(have);
            if (same == 1) {
                status = 0;
                goto done;
            }
            if (same == 0) {
                fprintf(err, "briefpack: %s: exists and is not the attached "
                             "file; not overwritten (move it away first)\n",
                        out_dir);
                goto done;
            }
        }
        FILE *o = fopen(out_dir, "wb");
        if (!o || fwrite(f->data, 1, f->len, o) != f->len) {
            fprintf(err, "briefpack: %s: cannot write: %s\n", out_dir,
                    strerror(errno));
            if (o)
                fclose(o);
            goto done;
        }
        if (fclose(o) != 0) {
            fprintf(err, "briefpack: %s: cannot write: %s\n", out_dir,
                    strerror(errno));
            goto done;
        }
        status = 0;
        goto done;
    }
    /* every name first: nothing is written when one is unsafe */
    bool safe = true;
    for (size_t i = 0; i < l.n; i++) {
        const char *bad = extract_unsafe_name(l.files[i].name);
        for (size_t k = 0; k < i && !bad; k++)
            if (strcmp(l.files[k].name, l.files[i].name) == 0)
                bad = "two attached files have this name";
        if (bad) {
            fprintf(err, "briefpack: %s: refusing attached file `%s`: %s\n",
                    pdf_path, l.files[i].name, bad);
            safe = false;
        }
    }
    if (!safe) {
        fprintf(err, "briefpack: nothing was written\n");
        goto done;
    }
    /* `-o out/` is shown as `out` in messages (`out/x.yaml`, not `out//`) */
    shown = strdup(out_dir);
    if (!shown) {
        fprintf(err, "briefpack: out of memory\n");
        goto done;
    }
    for (size_t k = strlen(shown); k > 1 && shown[k - 1] == '/'; k--)
        shown[k - 1] = '\0';
    out_dir = shown;
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(err, "briefpack: %s: cannot make the folder: %s\n", out_dir,
                strerror(errno));
        goto done;
    }
    int dirfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        fprintf(err, "briefpack: %s: %s\n", out_dir, strerror(errno));
        goto done;
    }
    status = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!write_under(dirfd, l.files[i].name, l.files[i].data, l.files[i].len,
                         out_dir, err))
            status = 1;
    close(dirfd);
done:
    free(shown);
    extract_list_free(&l);
    return status;
}
