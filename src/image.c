/* PNG and JPEG files, checked (image_probe) and decoded (image_decode_png)
 * before libharu sees them; see image.h. */
#include "image.h"

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

/* Ancillary chunks that libpng would otherwise decompress or keep (text,
 * colour profiles, EXIF) and that a printed photo never needs. */
static const png_byte png_ignored_chunks[] = "iCCP\0iTXt\0tEXt\0zTXt\0eXIf\0"
                                             "sPLT\0hIST\0tIME\0pCAL\0sCAL";
#define PNG_IGNORED_COUNT 10
/* The most a kept ancillary chunk may ask libpng to allocate. */
#define PNG_CHUNK_MAX ((png_alloc_size_t)1024 * 1024)

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

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
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

image_status image_read_file(const char *path, const image_limits *limits,
                             unsigned char **out, size_t *len, char *why,
                             size_t ws)
{
    const image_limits *lim = limits ? limits : &image_default_limits;
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
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
        char size[32], max[32];
        format_mib(size, sizeof size, (size_t)st.st_size);
        format_mib(max, sizeof max, lim->max_file);
        snprintf(why, ws, "the file is %s; an image may be at most %s", size,
                 max);
        return IMAGE_TOO_LARGE;
    }
    size_t cap = (size_t)st.st_size + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
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

static image_status check_size(uint32_t w, uint32_t h, const image_limits *lim,
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

static const unsigned char png_signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1A, '\n'};

static bool chunk_is(const unsigned char *type, const char *name)
{
    return memcmp(type, name, 4) == 0;
}

static image_status png_truncated(char *why, size_t ws, const char *where)
{
    snprintf(why, ws, "the file is truncated (it ends %s)", where);
    return IMAGE_UNREADABLE;
}

/* The chunks of a PNG, from its signature to IEND: every length and every
 * critical chunk's checksum, IHDR's fields, the limits. */
static image_status probe_png(const unsigned char *b, size_t n,
                              const image_limits *lim, image_info *info,
                              char *why, size_t ws)
{
    size_t at = 8;
    bool seen_idat = false, seen_plte = false;
    unsigned colour = 0;
    for (size_t count = 0;; count++) {
        if (n - at < 12) {
            if (n - at >= 8 && chunk_is(b + at + 4, "IDAT"))
                return png_truncated(why, ws, "inside its image data");
            if (count == 0)
                return png_truncated(why, ws, "right after the PNG signature");
            return png_truncated(why, ws,
                                 seen_idat ? "before its closing IEND chunk"
                                           : "before its image data");
        }
        uint32_t len = be32(b + at);
        const unsigned char *type = b + at + 4;
        for (int i = 0; i < 4; i++)
            if (!((type[i] >= 'A' && type[i] <= 'Z') ||
                  (type[i] >= 'a' && type[i] <= 'z'))) {
                snprintf(why, ws, "damaged (a chunk has an invalid name at "
                                  "byte %zu)",
                         at + 4);
                return IMAGE_UNREADABLE;
            }
        if (len > 0x7FFFFFFFu) {
            snprintf(why, ws, "damaged (the %.4s chunk's length is out of "
                              "range)",
                     (const char *)type);
            return IMAGE_UNREADABLE;
        }
        if ((size_t)len + 12 > n - at) {
            if (chunk_is(type, "IDAT"))
                return png_truncated(why, ws, "inside its image data");
            char where[48];
            snprintf(where, sizeof where, "inside its %.4s chunk",
                     (const char *)type);
            return png_truncated(why, ws, where);
        }
        const unsigned char *data = type + 4;
        bool critical = type[0] >= 'A' && type[0] <= 'Z';
        if (critical) {
            uLong crc = crc32(0, type, 4);
            crc = crc32(crc, data, len);
            if ((uint32_t)crc != be32(data + len)) {
                snprintf(why, ws, "damaged (the checksum of its %.4s chunk "
                                  "is wrong)",
                         (const char *)type);
                return IMAGE_UNREADABLE;
            }
        }
        if (count == 0 && !chunk_is(type, "IHDR")) {
            snprintf(why, ws, "damaged (it does not start with an IHDR "
                              "chunk)");
            return IMAGE_UNREADABLE;
        }
        if (chunk_is(type, "IHDR")) {
            if (count != 0 || len != 13) {
                snprintf(why, ws, "damaged (its IHDR chunk is malformed)");
                return IMAGE_UNREADABLE;
            }
            info->width = be32(data);
            info->height = be32(data + 4);
            info->bit_depth = data[8];
            colour = data[9];
            info->interlaced = data[12] == 1;
            unsigned d = info->bit_depth;
            bool ok = data[10] == 0 && data[11] == 0 && data[12] <= 1;
            switch (colour) {
            case 0:
                ok = ok && (d == 1 || d == 2 || d == 4 || d == 8 || d == 16);
                info->channels = 1;
                break;
            case 2:
                ok = ok && (d == 8 || d == 16);
                info->channels = 3;
                break;
            case 3:
                ok = ok && (d == 1 || d == 2 || d == 4 || d == 8);
                info->channels = 3;
                info->palette = true;
                break;
            case 4:
                ok = ok && (d == 8 || d == 16);
                info->channels = 2;
                info->alpha = true;
                break;
            case 6:
                ok = ok && (d == 8 || d == 16);
                info->channels = 4;
                info->alpha = true;
                break;
            default:
                ok = false;
            }
            if (!ok || info->width == 0 || info->height == 0 ||
                info->width > 0x7FFFFFFFu || info->height > 0x7FFFFFFFu) {
                snprintf(why, ws, "damaged (its IHDR chunk is invalid)");
                return IMAGE_UNREADABLE;
            }
            image_status st =
                check_size(info->width, info->height, lim, why, ws);
            if (st != IMAGE_OK)
                return st;
        } else if (chunk_is(type, "PLTE")) {
            seen_plte = true;
        } else if (chunk_is(type, "tRNS")) {
            info->alpha = true;
        } else if (chunk_is(type, "IDAT")) {
            if (colour == 3 && !seen_plte) {
                snprintf(why, ws, "damaged (a palette image without a "
                                  "palette)");
                return IMAGE_UNREADABLE;
            }
            seen_idat = true;
        } else if (chunk_is(type, "IEND")) {
            if (!seen_idat) {
                snprintf(why, ws, "damaged (it has no image data)");
                return IMAGE_UNREADABLE;
            }
            return IMAGE_OK;
        } else if (critical) {
            snprintf(why, ws, "damaged (it has an unknown critical chunk "
                              "%.4s)",
                     (const char *)type);
            return IMAGE_UNREADABLE;
        }
        at += (size_t)len + 12;
    }
}

/* EXIF's orientation tag (0x0112) in IFD0 of the TIFF structure at p. */
static unsigned exif_orientation(const unsigned char *p, size_t n)
{
    if (n < 8)
        return 0;
    bool le = p[0] == 'I' && p[1] == 'I';
    if (!le && !(p[0] == 'M' && p[1] == 'M'))
        return 0;
#define RD16(q) (le ? (unsigned)(q)[0] | (unsigned)(q)[1] << 8 : be16(q))
#define RD32(q)                                                               \
    (le ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 | \
              (uint32_t)(q)[3] << 24                                          \
        : be32(q))
    uint32_t ifd = RD32(p + 4);
    if (ifd < 8 || ifd > n - 2)
        return 0;
    unsigned count = RD16(p + ifd);
    for (unsigned i = 0; i < count; i++) {
        size_t e = (size_t)ifd + 2 + 12 * (size_t)i;
        if (e + 12 > n)
            return 0;
        if (RD16(p + e) == 0x0112) {
            unsigned v = RD16(p + e + 2) == 3 ? RD16(p + e + 8) : 0;
            return v >= 1 && v <= 8 ? v : 0;
        }
    }
    return 0;
#undef RD16
#undef RD32
}

static image_status jpeg_truncated(char *why, size_t ws, const char *where)
{
    snprintf(why, ws, "the file is truncated (it ends %s)", where);
    return IMAGE_UNREADABLE;
}

/* The markers of a JPEG from SOI to EOI: the segments before the frame
 * header exactly as libharu walks them (a length after every marker), the
 * frame header's kind, precision, size and components, and the image data
 * scanned to its end-of-image marker so that a cut file is caught. */
static image_status probe_jpeg(const unsigned char *b, size_t n,
                               const image_limits *lim, image_info *info,
                               char *why, size_t ws)
{
    size_t at = 2;
    bool sof = false, sos = false;
    for (;;) {
        if (at >= n)
            return jpeg_truncated(why, ws,
                                  sof ? "before its end-of-image marker"
                                      : "before its frame header");
        if (b[at] != 0xFF) {
            snprintf(why, ws, "damaged (a marker was expected at byte %zu)",
                     at);
            return IMAGE_UNREADABLE;
        }
        size_t fill = 0;
        while (at + 1 < n && b[at + 1] == 0xFF) {
            at++;
            fill++;
        }
        if (at + 1 >= n)
            return jpeg_truncated(why, ws, "inside a marker");
        if (fill && !sof) {
            snprintf(why, ws, "damaged (padding before a marker at byte %zu, "
                              "which the PDF library cannot read); save the "
                              "image again",
                     at);
            return IMAGE_UNREADABLE;
        }
        unsigned m = b[at + 1];
        at += 2;
        if (m == 0xD9) {
            if (!sof || !sos) {
                snprintf(why, ws, "damaged (it has no image data)");
                return IMAGE_UNREADABLE;
            }
            return IMAGE_OK;
        }
        if (m == 0x00 || m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) {
            snprintf(why, ws, "damaged (a stray marker FF%02X at byte %zu)",
                     m, at - 2);
            return IMAGE_UNREADABLE;
        }
        if (n - at < 2)
            return jpeg_truncated(why, ws, "inside a marker");
        unsigned len = be16(b + at);
        if (len < 2) {
            snprintf(why, ws, "damaged (a marker at byte %zu has a bad "
                              "length)",
                     at - 2);
            return IMAGE_UNREADABLE;
        }
        if (n - at < len)
            return jpeg_truncated(why, ws, sof ? "inside its image data"
                                               : "before its frame header");
        const unsigned char *seg = b + at + 2;
        size_t sl = len - 2;
        if (m == 0xC0 || m == 0xC1 || m == 0xC2) {
            if (sof || sl < 6 || sl < 6 + 3 * (size_t)seg[5]) {
                snprintf(why, ws, "damaged (its frame header is malformed)");
                return IMAGE_UNREADABLE;
            }
            sof = true;
            info->bit_depth = seg[0];
            info->height = be16(seg + 1);
            info->width = be16(seg + 3);
            info->channels = seg[5];
            info->interlaced = m == 0xC2;
            if (info->height == 0) {
                snprintf(why, ws, "its height is only given after the image "
                                  "data (a DNL marker), which PDF cannot "
                                  "use; save the image again");
                return IMAGE_UNSUPPORTED;
            }
            if (info->width == 0) {
                snprintf(why, ws, "damaged (its width is 0)");
                return IMAGE_UNREADABLE;
            }
            image_status st =
                check_size(info->width, info->height, lim, why, ws);
            if (st != IMAGE_OK)
                return st;
            if (info->bit_depth != 8) {
                snprintf(why, ws, "it is a %u-bit JPEG, which PDF cannot "
                                  "hold; save it as an 8-bit JPEG or as a "
                                  "PNG",
                         info->bit_depth);
                return IMAGE_UNSUPPORTED;
            }
            if (info->channels == 4) {
                /* libharu would write it as /DeviceCMYK; Adobe's CMYK
                 * JPEGs are stored inverted, others not, and the file does
                 * not always say which: readers show such photos in wrong
                 * colours or as negatives. */
                snprintf(why, ws, "it is a CMYK JPEG (a print-shop colour "
                                  "format that PDF readers show in varying "
                                  "colours); save it as an RGB JPEG or as a "
                                  "PNG");
                return IMAGE_UNSUPPORTED;
            }
            if (info->channels != 1 && info->channels != 3) {
                snprintf(why, ws, "damaged (it has %u colour components)",
                         info->channels);
                return IMAGE_UNREADABLE;
            }
        } else if ((m >= 0xC3 && m <= 0xCF) && m != 0xC4 && m != 0xC8 &&
                   m != 0xCC) {
            const char *kind = m == 0xC3                 ? "a lossless JPEG"
                               : m >= 0xC5 && m <= 0xC7 ? "a hierarchical JPEG"
                               : m >= 0xC9 && m <= 0xCB
                                   ? "an arithmetic-coded JPEG"
                                   : "a hierarchical arithmetic-coded JPEG";
            snprintf(why, ws, "it is %s, which PDF readers cannot show; save "
                              "it as an ordinary (baseline) JPEG",
                     kind);
            return IMAGE_UNSUPPORTED;
        } else if (m == 0xDA) {
            if (!sof) {
                snprintf(why, ws, "damaged (its image data comes before its "
                                  "frame header)");
                return IMAGE_UNREADABLE;
            }
            sos = true;
            /* entropy-coded data: FF00 is a data byte, FFD0–FFD7 restart
             * markers, FFFF fill; any other FFxx ends the scan */
            at += len;
            for (;;) {
                const unsigned char *ff = memchr(b + at, 0xFF, n - at);
                if (!ff || (size_t)(ff - b) + 1 >= n)
                    return jpeg_truncated(why, ws, "inside its image data");
                size_t p = (size_t)(ff - b);
                unsigned next = b[p + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    at = p + 2;
                } else if (next == 0xFF) {
                    at = p + 1;
                } else {
                    at = p;
                    break;
                }
            }
            continue;
        } else if (m == 0xE1 && sl >= 6 && memcmp(seg, "Exif\0\0", 6) == 0) {
            info->orientation = exif_orientation(seg + 6, sl - 6);
        }
        at += len;
    }
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
    } else if (n >= 8 && memcmp(b, png_signature, 8) == 0) {
        info->type = IMAGE_PNG;
        st = probe_png(b, n, lim, info, reason, reason_size);
    } else if (n >= 2 && b[0] == 0xFF && b[1] == 0xD8 &&
               (n == 2 || b[2] == 0xFF)) {
        info->type = IMAGE_JPEG;
        st = probe_jpeg(b, n, lim, info, reason, reason_size);
    } else if (n < 8 && memcmp(b, png_signature, n) == 0) {
        info->type = IMAGE_PNG;
        st = png_truncated(reason, reason_size, "inside the PNG signature");
    } else if (n >= 4 && memcmp(b, png_signature, 4) == 0) {
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

/* ---- decoding PNG with libpng ------------------------------------------- */

typedef struct png_job {
    FILE *f;
    png_structp png;
    png_infop info;
    unsigned char *buf; /* the interleaved pixels, all rows */
    png_bytep *rows;
    bool truncated, too_large;
    char *why;
    size_t ws;
} png_job;

/* libpng's errors end here: keep the first message and jump back to
 * png_decode's setjmp, which frees everything. */
static void png_on_error(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    if (j && !j->why[0] && !j->truncated)
        snprintf(j->why, j->ws, "its picture data is damaged; open it in an image editor and save it again (libpng: %s)", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* benign: an ancillary chunk dropped, and the like */
}

static void png_on_read(png_structp png, png_bytep data, size_t len)
{
    png_job *j = png_get_io_ptr(png);
    if (fread(data, 1, len, j->f) != len) {
        j->truncated = true;
        png_error(png, "the file is truncated");
    }
}

/* Everything that can longjmp is in here, and it touches only *j (never a
 * local changed after setjmp), so png_decode can clean up on every path. */
static bool png_decode(png_job *j, const image_limits *lim, image_pixels *out)
{
    if (setjmp(png_jmpbuf(j->png)))
        return false;
    png_set_read_fn(j->png, j, png_on_read);
    /* our own limits are checked below, with our own message */
    png_set_user_limits(j->png, 0x7FFFFFFF, 0x7FFFFFFF);
    png_set_chunk_malloc_max(j->png, PNG_CHUNK_MAX);
    png_set_chunk_cache_max(j->png, 1000);
    png_set_keep_unknown_chunks(j->png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(j->png, PNG_HANDLE_CHUNK_NEVER,
                                png_ignored_chunks, PNG_IGNORED_COUNT);
    png_read_info(j->png, j->info);
    png_uint_32 w = png_get_image_width(j->png, j->info);
    png_uint_32 h = png_get_image_height(j->png, j->info);
    if (check_size(w, h, lim, j->why, j->ws) != IMAGE_OK) {
        j->too_large = true;
        return false;
    }
    int depth = png_get_bit_depth(j->png, j->info);
    int colour = png_get_color_type(j->png, j->info);
    if (colour == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(j->png);
    if (colour == PNG_COLOR_TYPE_GRAY && depth < 8)
        png_set_expand_gray_1_2_4_to_8(j->png);
    if (png_get_valid(j->png, j->info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(j->png);
    if (depth == 16)
        png_set_scale_16(j->png); /* rounded: a 16-bit v·257 gives v back */
    png_set_interlace_handling(j->png);
    png_read_update_info(j->png, j->info);
    unsigned ch = png_get_channels(j->png, j->info);
    size_t rowbytes = png_get_rowbytes(j->png, j->info);
    if (ch < 1 || ch > 4 || png_get_bit_depth(j->png, j->info) != 8 ||
        rowbytes != (size_t)w * ch)
        png_error(j->png, "unexpected pixel layout");
    j->buf = malloc(rowbytes * h);
    j->rows = malloc(sizeof *j->rows * h);
    if (!j->buf || !j->rows) {
        snprintf(j->why, j->ws, "out of memory for %" PRIu32 " \xC3\x97 "
                                "%" PRIu32 " pixels",
                 w, h);
        png_error(j->png, "out of memory");
    }
    for (png_uint_32 y = 0; y < h; y++)
        j->rows[y] = j->buf + (size_t)y * rowbytes;
    png_read_image(j->png, j->rows);
    /* the rest of the file, to its IEND: a cut file is an error */
    png_read_end(j->png, NULL);

    /* grey, grey+alpha, RGB or RGBA → colour plane + alpha plane */
    size_t npix = (size_t)w * h;
    bool has_alpha = ch == 2 || ch == 4;
    unsigned colours = has_alpha ? ch - 1 : ch;
    out->width = w;
    out->height = h;
    out->channels = colours;
    if (has_alpha) {
        bool opaque = true;
        for (size_t i = 0; i < npix && opaque; i++)
            opaque = j->buf[i * ch + colours] == 0xFF;
        if (!opaque) {
            out->alpha = malloc(npix);
            if (!out->alpha) {
                snprintf(j->why, j->ws, "out of memory");
                png_error(j->png, "out of memory");
            }
            for (size_t i = 0; i < npix; i++)
                out->alpha[i] = j->buf[i * ch + colours];
        }
        /* in place: the write position never passes the read position */
        for (size_t i = 0; i < npix; i++)
            memmove(j->buf + i * colours, j->buf + i * ch, colours);
    }
    out->pixels = j->buf;
    j->buf = NULL;
    return true;
}

image_status image_decode_png(const char *path, const image_limits *limits,
                              image_pixels *out, char *reason,
                              size_t reason_size)
{
    const image_limits *lim = limits ? limits : &image_default_limits;
    memset(out, 0, sizeof *out);
    reason[0] = '\0';
    png_job j = {.why = reason, .ws = reason_size};
    j.f = fopen(path, "rb");
    if (!j.f) {
        snprintf(reason, reason_size, "%s", strerror(errno));
        return IMAGE_CANNOT_OPEN;
    }
    struct stat st;
    if (fstat(fileno(j.f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(j.f);
        snprintf(reason, reason_size, "it is not a file");
        return IMAGE_CANNOT_OPEN;
    }
    if ((uintmax_t)st.st_size > lim->max_file) {
        fclose(j.f);
        char size[32], max[32];
        format_mib(size, sizeof size, (size_t)st.st_size);
        format_mib(max, sizeof max, lim->max_file);
        snprintf(reason, reason_size, "the file is %s; an image may be at "
                                      "most %s",
                 size, max);
        return IMAGE_TOO_LARGE;
    }
    /* the signature, and IHDR's size before libpng reads past it: a bomb
     * that is only a header is refused as too large, not as cut short */
    unsigned char head[24];
    size_t got = fread(head, 1, sizeof head, j.f);
    if (got < 8 || png_sig_cmp(head, 0, 8) != 0) {
        fclose(j.f);
        snprintf(reason, reason_size, "not a PNG file");
        return IMAGE_UNREADABLE;
    }
    if (got == sizeof head && memcmp(head + 12, "IHDR", 4) == 0 &&
        check_size(be32(head + 16), be32(head + 20), lim, reason,
                   reason_size) != IMAGE_OK) {
        fclose(j.f);
        return IMAGE_TOO_LARGE;
    }
    if (fseek(j.f, 8, SEEK_SET) != 0) {
        fclose(j.f);
        snprintf(reason, reason_size, "%s", strerror(errno));
        return IMAGE_CANNOT_OPEN;
    }
    j.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &j, png_on_error,
                                   png_on_warning);
    if (j.png)
        j.info = png_create_info_struct(j.png);
    bool ok = false;
    if (j.png && j.info) {
        png_set_sig_bytes(j.png, 8);
        ok = png_decode(&j, lim, out);
    } else {
        snprintf(reason, reason_size, "out of memory");
    }
    png_destroy_read_struct(j.png ? &j.png : NULL, j.info ? &j.info : NULL,
                            NULL);
    free(j.buf);
    free(j.rows);
    fclose(j.f);
    if (ok)
        return IMAGE_OK;
    image_pixels_free(out);
    if (j.truncated) {
        snprintf(reason, reason_size, "the file is truncated");
        return IMAGE_UNREADABLE;
    }
    if (j.too_large)
        return IMAGE_TOO_LARGE;
    if (!reason[0])
        snprintf(reason, reason_size, "damaged");
    return IMAGE_UNREADABLE;
}

void image_pixels_free(image_pixels *p)
{
    free(p->pixels);
    free(p->alpha);
    p->pixels = NULL;
    p->alpha = NULL;
}
