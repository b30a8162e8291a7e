/* image: PNG and JPEG files checked and decoded before libharu sees them.
 *
 * image_probe reads a file's structure (no pixels): what it is, its size,
 * or a reason a person can act on why it cannot be used. The loader calls
 * it for every photo and logo, so `--check` finds a bad image; the image
 * store (image_store.h) decodes each whole after loading. image_decode_png decodes any PNG with libpng
 * (palette, grey, alpha, 16-bit, interlaced, transparency chunk) into 8-bit
 * pixels; a file that ends early is an error, never half an image. Both
 * enforce the limits below, so a small file claiming enormous dimensions (a
 * decompression bomb) is refused before memory is spent on it. */
#ifndef BRIEFPACK_IMAGE_H
#define BRIEFPACK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct image_limits {
    size_t max_file;     /* bytes */
    uint32_t max_side;   /* pixels, width and height each */
    uint64_t max_pixels; /* width × height */
} image_limits;

#define IMAGE_MAX_FILE ((size_t)20 * 1024 * 1024)
#define IMAGE_MAX_SIDE 20000u
#define IMAGE_MAX_PIXELS 40000000u

/* 20 MiB, 20,000 pixels a side, 40 million pixels. */
extern const image_limits image_default_limits;

typedef enum image_type { IMAGE_UNKNOWN, IMAGE_PNG, IMAGE_JPEG } image_type;

typedef enum image_status {
    IMAGE_OK,
    IMAGE_CANNOT_OPEN, /* the system's reason */
    IMAGE_UNREADABLE,  /* not the format it claims, damaged or truncated */
    IMAGE_TOO_LARGE,   /* over a limit */
    IMAGE_UNSUPPORTED  /* a real image of a kind the PDF cannot carry well */
} image_status;

typedef struct image_info {
    /* From the content when it is recognised, else from the file name's
     * ending (for the message). */
    image_type type;
    uint32_t width, height;
    unsigned bit_depth; /* PNG: 1, 2, 4, 8 or 16; JPEG: sample precision */
    unsigned channels;  /* PNG: 1–4 with alpha; JPEG: components 1, 3 or 4 */
    bool palette;       /* PNG colour type 3 */
    bool alpha;         /* PNG alpha channel or tRNS chunk */
    bool interlaced;    /* Adam7 PNG, progressive JPEG */
    unsigned orientation; /* JPEG EXIF orientation 1–8, 0 when absent */
    size_t file_size;
} image_info;

/* Reads the file's header and structure. `limits` NULL: the defaults. On
 * anything but IMAGE_OK, `reason` says why in words that complete
 * image_message's sentence. */
image_status image_probe(const char *path, const image_limits *limits,
                         image_info *info, char *reason, size_t reason_size);

/* The whole file (at most the limit's bytes) in malloc'd memory. */
image_status image_read_file(const char *path, const image_limits *limits,
                             unsigned char **out, size_t *len, char *reason,
                             size_t reason_size);

typedef struct image_pixels {
    uint32_t width, height;
    unsigned channels;     /* 1 (grey) or 3 (RGB) */
    unsigned char *pixels; /* width × height × channels, rows top down */
    unsigned char *alpha;  /* width × height, or NULL when fully opaque */
} image_pixels;

/* Decodes a whole PNG into malloc'd 8-bit pixels (free them with
 * image_pixels_free, also after a failure). 16-bit samples are scaled to 8
 * bits, palettes expanded to RGB, transparency (alpha channel or tRNS)
 * moved to its own plane. */
image_status image_decode_png(const char *path, const image_limits *limits,
                              image_pixels *out, char *reason,
                              size_t reason_size);
void image_pixels_free(image_pixels *p);

/* "PNG", "JPEG" or "PNG or JPEG". */
const char *image_type_name(image_type t);
/* The sentence for a status, naming the file as `shown` and the kind of
 * file as `what`: "photo `photos/x.png` is not a readable PNG: REASON". */
void image_message(char *buf, size_t size, const char *what,
                   const char *shown, image_status status, image_type type,
                   const char *reason);

#endif
