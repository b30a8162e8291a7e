/* MD5 (RFC 1321): the checksum PDF gives embedded files (/Params
 * /CheckSum) and the usual digest for a document's /ID. Not used for
 * anything that needs collision resistance. */
#ifndef BRIEFPACK_MD5_H
#define BRIEFPACK_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct md5_ctx {
    uint32_t h[4];
    uint64_t len;          /* bytes so far */
    unsigned char buf[64];
    size_t n;              /* bytes in buf */
} md5_ctx;

void md5_init(md5_ctx *c);
void md5_update(md5_ctx *c, const void *data, size_t len);
void md5_final(md5_ctx *c, unsigned char out[16]);
/* All at once. */
void md5(const void *data, size_t len, unsigned char out[16]);

#endif
