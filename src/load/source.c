/* The input's bytes: reading a file within the size limit, where its lines
 * start (as libyaml counts them), offsets to and from line:column, UTF-8
 * validity, and the loader's messages. */
#include "load/load_internal.h"
#include "base/oom.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load_fclose(void *f)
{
    fclose(f);
}

/* libyaml counts LF, CR, CRLF, NEL, LS and PS as line breaks. */
size_t load_line_break_len(const char *buf, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)buf;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
        (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

void load_ctx_init(load_ctx *c, const load_options *opt, arena *a, diag *d,
                   arena *scratch, const char *name, const char *dir,
                   const char *buf, size_t len)
{
    memset(c, 0, sizeof *c);
    c->opt = opt;
    c->a = a;
    c->d = d;
    c->scratch = scratch;
    c->src.name = arena_strdup(a, name);
    c->src.dir = arena_strdup(a, dir ? dir : ".");
    c->src.buf = buf;
    c->src.len = len;

    size_t cap = 0, i = 0;
    /* libyaml skips a UTF-8 byte order mark without counting it. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    *ARENA_PUSH(scratch, c->src.line_start, c->src.n_lines, cap) = i;
    while (i < len) {
        size_t br = load_line_break_len(buf, len, i);
        if (br) {
            if (br >= 2 && buf[i] != '\r')
                c->src.unicode_breaks = true;
            i += br;
            *ARENA_PUSH(scratch, c->src.line_start, c->src.n_lines, cap) = i;
        } else {
            i++;
        }
    }
}

/* The loader's messages: diag's, counted for the loader (a brand file with
 * errors is not used); diag caps how many are printed. */
void load_error(load_ctx *c, srcpos pos, const char *fmt, ...)
{
    c->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(c->d, DIAG_ERROR, c->src.name, pos, fmt, ap);
    va_end(ap);
}

void load_warning(load_ctx *c, srcpos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(c->d, DIAG_WARNING, c->src.name, pos, fmt, ap);
    va_end(ap);
}

srcpos load_source_pos_at(const load_source *src, size_t offset)
{
    if (offset > src->len)
        offset = src->len;
    size_t lo = 0, hi = src->n_lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->line_start[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    unsigned col = 1;
    for (size_t i = src->line_start[lo]; i < offset; i++)
        if (((unsigned char)src->buf[i] & 0xC0) != 0x80)
            col++;
    return (srcpos){(unsigned)lo + 1, col};
}

size_t load_source_offset(const load_source *src, srcpos pos)
{
    if (pos.line == 0 || pos.line > src->n_lines)
        return src->len;
    size_t i = src->line_start[pos.line - 1];
    for (unsigned col = 1; col < pos.col && i < src->len; col++) {
        i++;
        while (i < src->len && ((unsigned char)src->buf[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* The offset of the first byte that is not well-formed UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included), or len. */
size_t load_utf8_invalid_at(const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0)
                lo = 0xA0;
            if (b == 0xED)
                hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0)
                lo = 0x90;
            if (b == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        if (i + need >= len)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return len;
}

void load_format_size(char *buf, size_t size, size_t n)
{
    const size_t mib = 1024 * 1024;
    if (n >= mib && n % mib == 0)
        snprintf(buf, size, "%zu MiB", n / mib);
    else
        snprintf(buf, size, "%zu bytes", n);
}

char *load_read_file(const char *path, size_t max, arena *mem, diag *d,
                     const char *file, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOMEM)
            oom_raise();
        diag_error(d, file, (srcpos){0, 0}, "cannot read the file: %s",
                   strerror(errno));
        return NULL;
    }
    /* the stream is closed if the arena runs out of memory (oom.h) */
    oom_hold hold;
    oom_hold_push(&hold, load_fclose, f);
    size_t cap = 64 * 1024, n = 0;
    char *buf = arena_alloc(mem, cap);
    bool too_big = false, failed = false;
    for (;;) {
        if (n == cap) {
            buf = arena_realloc(mem, buf, cap, cap * 2);
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max) {
            too_big = true;
            break;
        }
        if (got == 0) {
            failed = ferror(f) != 0;
            break;
        }
    }
    int err = errno;
    oom_hold_drop(&hold);
    fclose(f);
    if (!too_big && !failed) {
        *len = n;
        return buf;
    }
    if (too_big) {
        char limit[64];
        load_format_size(limit, sizeof limit, max);
        diag_error(d, file, (srcpos){0, 0},
                   "the file is larger than %s; --max-input raises the limit",
                   limit);
    } else {
        if (err == ENOMEM)
            oom_raise();
        diag_error(d, file, (srcpos){0, 0}, "cannot read the file: %s",
                   strerror(err));
    }
    return NULL;
}
