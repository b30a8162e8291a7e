/* deflate: zlib-format compression with libdeflate.
 *
 * libharu 2.3.0 compresses every stream with zlib at its default level
 * while saving; in a batch that was a third of all the work. libdeflate
 * (Debian's libdeflate) writes the same zlib format two to three times as
 * fast and a little smaller, from a whole buffer at once, which is what
 * page contents, font files and images are. A deflater belongs to one
 * worker (its compressor is not shared between threads). */
#ifndef BRIEFPACK_DEFLATE_H
#define BRIEFPACK_DEFLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct deflater deflater;

/* `level` as libdeflate counts (1–12); 6 is zlib's default ratio. */
deflater *deflater_new(int level);
void deflater_free(deflater *z);
/* `in` compressed into zlib format, in malloc'd memory (free it). */
bool deflater_zlib(deflater *z, const void *in, size_t len,
                   unsigned char **out, size_t *out_len);

#endif
