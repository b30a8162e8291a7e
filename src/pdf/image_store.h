/* image_store: photos and logos ready to embed, decoded once per worker.
 *
 * A batch of a hundred briefings shares one logo; decoding its PNG and
 * compressing its pixels again for every document was 40% of a seed
 * build's instructions. The store keeps each image's finished PDF stream
 * (Flate-compressed 8-bit pixels and alpha, or a JPEG's own bytes for
 * DCTDecode), keyed by path and by the file's identity (device, inode, size,
 * modification time), so an image edited between two documents is read
 * again. Decoding the whole image here, before layout, is also what makes
 * damaged pixel data an error at the YAML line that names the file, under
 * `--check` too, rather than a failure while writing the PDF.
 *
 * A store belongs to one worker (one thread). Its memory is bounded: past
 * IMAGE_STORE_MAX_BYTES of streams, image_store_trim (called between
 * documents) empties it. */
#ifndef BRIEFPACK_IMAGE_STORE_H
#define BRIEFPACK_IMAGE_STORE_H

#include "image/image.h"

#define IMAGE_STORE_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct image_asset {
    image_type type;
    uint32_t width, height;
    unsigned components;   /* 1 (grey) or 3 (RGB) */
    unsigned char *data;   /* PNG: zlib-compressed pixels; JPEG: the file */
    size_t data_len;
    unsigned char *alpha;  /* zlib-compressed grey alpha, or NULL */
    size_t alpha_len;
} image_asset;

typedef struct image_store image_store;

image_store *image_store_new(void);
void image_store_free(image_store *st);
/* Between documents: empties the store when it holds too much. */
void image_store_trim(image_store *st);

/* The image at `path`, decoded and compressed on first use. On failure
 * *type is what the file seemed to be and `reason` completes
 * image_message's sentence. The asset stays valid until the next
 * image_store_trim or image_store_free. */
image_status image_store_get(image_store *st, const char *path,
                             const image_asset **out, image_type *type,
                             char *reason, size_t reason_size);

/* The image at `path` if the store holds it as the file now is, else NULL:
 * never decodes (render draws what build decoded before layout). */
const image_asset *image_store_find(image_store *st, const char *path);

#endif
