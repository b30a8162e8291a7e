/* What an image file is: read within the limits, told apart (PNG, JPEG,
 * or what else it looks like) and described in words; see image.h. The
 * formats' own checks are png.c's and jpeg.c's. */
#include "image/image_internal.h"
#include "base/oom.h"

#include <errno.h>
#include <inttypes.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

const image_limits image_default_limits = {
    .max_file = IMAGE_MAX_FILE,
    .max_side = IMAGE_MAX_SIDE,
    .max_pixels = IMAGE_MAX_PIXELS,
};


const char *image_type_name(image_type t)
{
    switch (t) {
    case IMAGE_PNG:
        return "PNG";
    case IMAGE_JPEG:
        return "JPEG";
    default:
        return "PNG or JPEG";
    }
}

void image_message(char *buf, size_t size, const char *what,
                   const char *shown, image_status status, image_type type,
                   const char *reason)
{
    switch (status) {
    case IMAGE_OK:
        snprintf(buf, size, "%s `%s` is a readable %s", what, shown,
                 image_type_name(type));
        break;
    case IMAGE_CANNOT_OPEN:
        snprintf(buf, size, "%s `%s` cannot be opened: %s", what, shown,
                 reason);
        break;
    case IMAGE_UNREADABLE:
        snprintf(buf, size, "%s `%s` is not a readable %s: %s", what, shown,
                 image_type_name(type), reason);
        break;
    case IMAGE_TOO_LARGE:
        snprintf(buf, size, "%s `%s` is too large: %s", what, shown, reason);
        break;
    case IMAGE_UNSUPPORTED:
        snprintf(buf, size, "%s `%s` cannot be used: %s", what, shown, reason);
        break;
    }
}

image_status image_check_size(uint32_t w, uint32_t h, const image_limits *lim,
                               char *why, size_t ws)
{
    if (w > lim->max_side || h > lim->max_side ||
        (uint64_t)w * h > lim->max_pixels) {
        snprintf(why, ws,
                 "%" PRIu32 " \xC3\x97 %" PRIu32 " pixels; an image may have "
                 "at most %" PRIu32 " pixels a side and %" PRIu64
                 " million in all",
                 w, h, lim->max_side, lim->max_pixels / 1000000);
        return IMAGE_TOO_LARGE;
    }
    return IMAGE_OK;
}



static image_type type_from_name(const char *path)
{
    size_t n = strlen(path);
    if (n >= 4 && strcasecmp(path + n - 4, ".png") == 0)
        return IMAGE_PNG;
    if ((n >= 4 && strcasecmp(path + n - 4, ".jpg") == 0) ||
        (n >= 5 && strcasecmp(path + n - 5, ".jpeg") == 0))
        return IMAGE_JPEG;
    return IMAGE_UNKNOWN;
}

static void format_mib(char *buf, size_t size, size_t n)
{
    const size_t mib = 1024 * 1024;
    if (n < mib)
        snprintf(buf, size, "%zu bytes", n);
    else if (n % mib == 0)
        snprintf(buf, size, "%zu MiB", n / mib);
    else
        snprintf(buf, size, "%.1f MiB", (double)n / (double)mib);
}

/* The file opened for reading, if it is a regular file within the size
 * limit; *size is its size. */
image_status image_open(const char *path, const image_limits *lim, FILE **out,
                        size_t *size, char *why, size_t ws)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOMEM)
            oom_note();
        snprintf(why, ws, "%s", strerror(errno));
        return IMAGE_CANNOT_OPEN;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        snprintf(why, ws, "it is not a file");
        return IMAGE_CANNOT_OPEN;
    }
    if ((uintmax_t)st.st_size > lim->max_file) {
        fclose(f);
        char have[32], max[32];
        format_mib(have, sizeof have, (size_t)st.st_size);
        format_mib(max, sizeof max, lim->max_file);
        snprintf(why, ws, "the file is %s; an image may be at most %s", have,
                 max);
        return IMAGE_TOO_LARGE;
    }
    *out = f;
    *size = (size_t)st.st_size;
    return IMAGE_OK;
}

image_status image_read_file(const char *path, const image_limits *limits,
                             unsigned char **out, size_t *len, char *why,
                             size_t ws)
{
    const image_limits *lim = limits ? limits : &image_default_limits;
    *out = NULL;
    *len = 0;
    FILE *f;
    size_t file_size;
    image_status opened = image_open(path, lim, &f, &file_size, why, ws);
    if (opened != IMAGE_OK)
        return opened;
    size_t cap = file_size + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        oom_note();
        snprintf(why, ws, "out of memory");
        return IMAGE_CANNOT_OPEN;
    }
    /* the file may change under us: never read past what we allocated */
    size_t n = fread(buf, 1, cap, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        free(buf);
        snprintf(why, ws, "a read error");
        return IMAGE_CANNOT_OPEN;
    }
    if (n > lim->max_file) {
        free(buf);
        char max[32];
        format_mib(max, sizeof max, lim->max_file);
        snprintf(why, ws, "the file is larger than %s, the most an image may "
                          "be",
                 max);
        return IMAGE_TOO_LARGE;
    }
    *out = buf;
    *len = n;
    return IMAGE_OK;
}

/* "not a PNG file (it is a GIF image)", "(it starts with `Hello`)". */
static void describe_other(const unsigned char *b, size_t n, image_type want,
                           char *why, size_t ws)
{
    const char *name = want == IMAGE_PNG    ? "not a PNG file"
                       : want == IMAGE_JPEG ? "not a JPEG file"
                                            : "neither a PNG nor a JPEG file";
    static const struct {
        const char *magic;
        size_t at, len;
        const char *what;
    } known[] = {
        {"GIF87a", 0, 6, "a GIF image"},   {"GIF89a", 0, 6, "a GIF image"},
        {"WEBP", 8, 4, "a WebP image"},    {"II*\0", 0, 4, "a TIFF image"},
        {"MM\0*", 0, 4, "a TIFF image"},   {"%PDF-", 0, 5, "a PDF file"},
        {"ftypheic", 4, 8, "a HEIC image"}, {"ftypheix", 4, 8, "a HEIC image"},
        {"ftypmif1", 4, 8, "a HEIF image"}, {"ftypavif", 4, 8, "an AVIF image"},
        {"PK\3\4", 0, 4, "a ZIP archive (a Word or PowerPoint file?)"},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (n >= known[i].at + known[i].len &&
            memcmp(b + known[i].at, known[i].magic, known[i].len) == 0) {
            snprintf(why, ws, "%s (it is %s)", name, known[i].what);
            return;
        }
    /* text: show its first characters, up to the end of the first line */
    size_t i = 0, shown = 0;
    bool text = true;
    while (i < n && shown < 16 && b[i] != '\n' && b[i] != '\r') {
        unsigned char ch = b[i];
        size_t k = 1;
        if (ch >= 0xC2 && ch <= 0xF4) {
            k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
            for (size_t j = 1; j < k; j++)
                if (i + j >= n || (b[i + j] & 0xC0) != 0x80)
                    text = false;
        } else if (ch < 0x20 && ch != '\t') {
            text = false;
        } else if (ch >= 0x7F && ch < 0xC2) {
            text = false;
        } else if (ch > 0xF4) {
            text = false;
        }
        if (!text)
            break;
        i += k;
        shown++;
    }
    if (text && shown > 0) {
        char *q = why;
        int w = snprintf(q, ws, "%s (it starts with `", name);
        if (w < 0 || (size_t)w >= ws)
            return;
        size_t o = (size_t)w;
        for (size_t j = 0; j < i && o + 8 < ws; j++)
            q[o++] = b[j] == '\t' || b[j] == '`' ? ' ' : (char)b[j];
        bool more = i < n && b[i] != '\n' && b[i] != '\r';
        snprintf(q + o, ws - o, "%s`)", more ? "\xE2\x80\xA6" : "");
        return;
    }
    int w = snprintf(why, ws, "%s (it starts with the bytes %02X", name, b[0]);
    for (size_t j = 1; j < 4 && j < n && w > 0 && (size_t)w < ws; j++)
        w += snprintf(why + w, ws - (size_t)w, " %02X", b[j]);
    if (w > 0 && (size_t)w < ws)
        snprintf(why + w, ws - (size_t)w, ")");
}

image_status image_probe(const char *path, const image_limits *limits,
                         image_info *info, char *reason, size_t reason_size)
{
    const image_limits *lim = limits ? limits : &image_default_limits;
    memset(info, 0, sizeof *info);
    info->type = type_from_name(path);
    reason[0] = '\0';
    unsigned char *b;
    size_t n;
    image_status st = image_read_file(path, lim, &b, &n, reason, reason_size);
    if (st != IMAGE_OK)
        return st;
    info->file_size = n;
    if (n == 0) {
        snprintf(reason, reason_size, "the file is empty");
        st = IMAGE_UNREADABLE;
    } else if (n >= 8 && memcmp(b, image_png_signature, 8) == 0) {
        info->type = IMAGE_PNG;
        st = image_probe_png(b, n, lim, info, reason, reason_size);
    } else if (n >= 2 && b[0] == 0xFF && b[1] == 0xD8 &&
               (n == 2 || b[2] == 0xFF)) {
        info->type = IMAGE_JPEG;
        st = image_probe_jpeg(b, n, lim, info, reason, reason_size);
    } else if (n < 8 && memcmp(b, image_png_signature, n) == 0) {
        info->type = IMAGE_PNG;
        st = image_png_truncated(reason, reason_size, "inside the PNG signature");
    } else if (n >= 4 && memcmp(b, image_png_signature, 4) == 0) {
        info->type = IMAGE_PNG;
        snprintf(reason, reason_size,
                 "damaged (its first bytes were altered, as by a file "
                 "transfer in text mode)");
        st = IMAGE_UNREADABLE;
    } else {
        describe_other(b, n, info->type, reason, reason_size);
        st = IMAGE_UNREADABLE;
    }
    free(b);
    return st;
}

void image_pixels_free(image_pixels *p)
{
    free(p->pixels);
    free(p->alpha);
    p->pixels = NULL;
    p->alpha = NULL;
}
