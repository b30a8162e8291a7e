/* Private to src/image/: what image.c, png.c and jpeg.c share. */
#ifndef BRIEFPACK_IMAGE_INTERNAL_H
#define BRIEFPACK_IMAGE_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "image/image.h"

extern const unsigned char image_png_signature[8];

static inline uint32_t image_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline unsigned image_be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* The file opened for reading, if it is a regular file within the size
 * limit; *size is its size. */
image_status image_open(const char *path, const image_limits *lim, FILE **out,
                        size_t *size, char *why, size_t ws);
/* IMAGE_TOO_LARGE with the reason when w × h passes a limit. */
image_status image_check_size(uint32_t w, uint32_t h, const image_limits *lim,
                              char *why, size_t ws);
/* "the file is truncated (it ends WHERE)". */
image_status image_png_truncated(char *why, size_t ws, const char *where);
/* The structure of a PNG's or JPEG's bytes (png.c, jpeg.c). */
image_status image_probe_png(const unsigned char *b, size_t n,
                             const image_limits *lim, image_info *info,
                             char *why, size_t ws);
image_status image_probe_jpeg(const unsigned char *b, size_t n,
                              const image_limits *lim, image_info *info,
                              char *why, size_t ws);

#endif
