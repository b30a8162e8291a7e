/* PNG: the structure checked chunk by chunk (image_probe_png), then the
 * pixels decoded with libpng (image_decode_png); see image.h. */
#include "image/image_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "base/oom.h"

const unsigned char image_png_signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1A, '\n'};

/* Ancillary chunks that libpng would otherwise decompress or keep (text,
 * colour profiles, EXIF) and that a printed photo never needs. */
static const png_byte png_ignored_chunks[] = "iCCP\0iTXt\0tEXt\0zTXt\0eXIf\0"
                                             "sPLT\0hIST\0tIME\0pCAL\0sCAL";
#define PNG_IGNORED_COUNT 10
/* The most a kept ancillary chunk may ask libpng to allocate. */
#define PNG_CHUNK_MAX ((png_alloc_size_t)1024 * 1024)

static bool chunk_is(const unsigned char *type, const char *name)
{
    return memcmp(type, name, 4) == 0;
}

image_status image_png_truncated(char *why, size_t ws, const char *where)
{
    snprintf(why, ws, "the file is truncated (it ends %s)", where);
    return IMAGE_UNREADABLE;
}

/* The chunks of a PNG, from its signature to IEND: every length and every
 * critical chunk's checksum, IHDR's fields, the limits. */
/* The IHDR chunk: the image's size, depth and colour type, checked. */
static image_status png_ihdr(const unsigned char *data, uint32_t len,
                             size_t count, const image_limits *lim,
                             image_info *info, unsigned *colour_out,
                             char *why, size_t ws)
{
    if (count != 0 || len != 13) {
        snprintf(why, ws, "damaged (its IHDR chunk is malformed)");
        return IMAGE_UNREADABLE;
    }
    info->width = image_be32(data);
    info->height = image_be32(data + 4);
    info->bit_depth = data[8];
    *colour_out = data[9];
    info->interlaced = data[12] == 1;
    unsigned d = info->bit_depth;
    bool ok = data[10] == 0 && data[11] == 0 && data[12] <= 1;
    switch (*colour_out) {
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
    return image_check_size(info->width, info->height, lim, why, ws);
}

image_status image_probe_png(const unsigned char *b, size_t n,
                              const image_limits *lim, image_info *info,
                              char *why, size_t ws)
{
    size_t at = 8;
    bool seen_idat = false, seen_plte = false;
    unsigned colour = 0;
    for (size_t count = 0;; count++) {
        if (n - at < 12) {
            if (n - at >= 8 && chunk_is(b + at + 4, "IDAT"))
                return image_png_truncated(why, ws, "inside its image data");
            if (count == 0)
                return image_png_truncated(why, ws, "right after the PNG signature");
            return image_png_truncated(why, ws,
                                 seen_idat ? "before its closing IEND chunk"
                                           : "before its image data");
        }
        uint32_t len = image_be32(b + at);
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
                return image_png_truncated(why, ws, "inside its image data");
            char where[48];
            snprintf(where, sizeof where, "inside its %.4s chunk",
                     (const char *)type);
            return image_png_truncated(why, ws, where);
        }
        const unsigned char *data = type + 4;
        bool critical = type[0] >= 'A' && type[0] <= 'Z';
        if (critical) {
            uLong crc = crc32(0, type, 4);
            crc = crc32(crc, data, len);
            if ((uint32_t)crc != image_be32(data + len)) {
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
            image_status st = png_ihdr(data, len, count, lim, info, &colour,
                                       why, ws);
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

/* libpng's allocator: a failure is counted (oom.h), so an image libpng could
 * not decode for want of memory is not called damaged. */
static png_voidp png_on_malloc(png_structp png, png_alloc_size_t size)
{
    (void)png;
    void *p = malloc(size ? size : 1);
    if (!p)
        oom_note();
    return p;
}

static void png_on_free(png_structp png, png_voidp p)
{
    (void)png;
    free(p);
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
    if (image_check_size(w, h, lim, j->why, j->ws) != IMAGE_OK) {
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
        oom_note();
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
                oom_note();
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
    size_t file_size;
    image_status opened = image_open(path, lim, &j.f, &file_size, reason,
                                     reason_size);
    if (opened != IMAGE_OK)
        return opened;
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
        image_check_size(image_be32(head + 16), image_be32(head + 20), lim, reason,
                   reason_size) != IMAGE_OK) {
        fclose(j.f);
        return IMAGE_TOO_LARGE;
    }
    if (fseek(j.f, 8, SEEK_SET) != 0) {
        fclose(j.f);
        snprintf(reason, reason_size, "%s", strerror(errno));
        return IMAGE_CANNOT_OPEN;
    }
    j.png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &j, png_on_error,
                                     png_on_warning, NULL, png_on_malloc,
                                     png_on_free);
    if (j.png)
        j.info = png_create_info_struct(j.png);
    bool ok = false;
    if (j.png && j.info) {
        png_set_sig_bytes(j.png, 8);
        ok = png_decode(&j, lim, out);
    } else {
        oom_note();
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

