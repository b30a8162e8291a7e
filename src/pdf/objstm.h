/* objstm: libharu's PDF rewritten with object streams and a
 * cross-reference stream (ISO 32000-1 7.5.7–7.5.8; allowed in PDF/A-2 and
 * -3). libharu 2.3.0 writes every object uncompressed and a classic
 * cross-reference table: in a tagged briefing, hundreds of structure
 * elements. Packed, every object that is not a stream goes compressed
 * into object streams, the streams are copied as they are (their /Length
 * written directly), and one compressed cross-reference stream replaces
 * the table: the seed briefing 67 → 38 KB. Private to src/pdf/. */
#ifndef BRIEFPACK_OBJSTM_H
#define BRIEFPACK_OBJSTM_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf/deflate.h"

/* An object whose value briefpack writes itself, in its final form (the
 * structure tree's elements: hundreds a document, which libharu would
 * build and write one token at a time). Either libharu's table holds its
 * number with an empty dictionary, and pdf_pack puts these bytes in its
 * place, or it comes after libharu's last object: the first such has the
 * number libharu's table ends at, and the others follow without a gap. */
typedef struct pdf_raw_object {
    size_t num;
    const unsigned char *p;
    size_t n;
} pdf_raw_object;

/* `in` (a complete PDF as libharu saves it) packed into *out (malloc'd),
 * with the `n_raw` objects of `raw` (in increasing order of number, none
 * a stream) in place of libharu's or after them. The trailer's /ID (the placeholder
 * archive_finish_id fills in), /Root and /Info go into the
 * cross-reference stream's dictionary. False when `in` is not as libharu
 * writes it or a raw object's number does not fit it (nothing is then
 * written), or memory runs out. */
bool pdf_pack(const unsigned char *in, size_t len, const pdf_raw_object *raw,
              size_t n_raw, deflater *z, unsigned char **out, size_t *out_len);

#endif
