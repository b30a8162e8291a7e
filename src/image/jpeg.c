/* JPEG: the markers from SOI to EOI checked (image_probe_jpeg), with the
 * EXIF orientation; a JPEG is embedded as it is (DCTDecode). */
#include "image/image_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* EXIF's orientation tag (0x0112) in IFD0 of the TIFF structure at p. */
static unsigned exif_orientation(const unsigned char *p, size_t n)
{
    if (n < 8)
        return 0;
    bool le = p[0] == 'I' && p[1] == 'I';
    if (!le && !(p[0] == 'M' && p[1] == 'M'))
        return 0;
#define RD16(q) (le ? (unsigned)(q)[0] | (unsigned)(q)[1] << 8 : image_be16(q))
#define RD32(q)                                                               \
    (le ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 | \
              (uint32_t)(q)[3] << 24                                          \
        : image_be32(q))
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

/* A baseline, extended or progressive frame header (SOF0–SOF2): size,
 * precision and components, and whether PDF can carry them. */
static image_status jpeg_frame(unsigned m, const unsigned char *seg,
                               size_t sl, bool seen, const image_limits *lim,
                               image_info *info, char *why, size_t ws)
{
    if (seen || sl < 6 || sl < 6 + 3 * (size_t)seg[5]) {
        snprintf(why, ws, "damaged (its frame header is malformed)");
        return IMAGE_UNREADABLE;
    }
    info->bit_depth = seg[0];
    info->height = image_be16(seg + 1);
    info->width = image_be16(seg + 3);
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
        image_check_size(info->width, info->height, lim, why, ws);
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
    return IMAGE_OK;
}

/* Past a scan's entropy-coded data, to the marker that ends it: FF00 is a
 * data byte, FFD0–FFD7 restart markers, FFFF fill; any other FFxx ends
 * the scan. False when the file ends first. */
static bool jpeg_skip_scan(const unsigned char *b, size_t n, size_t *at)
{
    for (;;) {
        const unsigned char *ff = memchr(b + *at, 0xFF, n - *at);
        if (!ff || (size_t)(ff - b) + 1 >= n)
            return false;
        size_t p = (size_t)(ff - b);
        unsigned next = b[p + 1];
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
            *at = p + 2;
        } else if (next == 0xFF) {
            *at = p + 1;
        } else {
            *at = p;
            return true;
        }
    }
}

/* The markers of a JPEG from SOI to EOI: the segments before the frame
 * header exactly as libharu walks them (a length after every marker), the
 * frame header's kind, precision, size and components, and the image data
 * scanned to its end-of-image marker so that a cut file is caught. */
image_status image_probe_jpeg(const unsigned char *b, size_t n,
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
        unsigned len = image_be16(b + at);
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
            image_status st = jpeg_frame(m, seg, sl, sof, lim, info, why, ws);
            if (st != IMAGE_OK)
                return st;
            sof = true;
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
            at += len;
            if (!jpeg_skip_scan(b, n, &at))
                return jpeg_truncated(why, ws, "inside its image data");
            continue;
        } else if (m == 0xE1 && sl >= 6 && memcmp(seg, "Exif\0\0", 6) == 0) {
            info->orientation = exif_orientation(seg + 6, sl - 6);
        }
        at += len;
    }
}

