/* MD5 (RFC 1321): the checksum PDF gives embedded files (/Params
 * /CheckSum) and the usual digest for a document's /ID. Not used for
 * anything that needs collision resistance. Computed by Nettle (Debian's
 * nettle-dev), whose streaming functions are used as they are:
 * md5_init(&ctx), md5_update(&ctx, length, data), md5_digest(&ctx,
 * MD5_DIGEST_SIZE, out), on a `struct md5_ctx`. */
#ifndef BRIEFPACK_MD5_H
#define BRIEFPACK_MD5_H

#include <nettle/md5.h>
#include <stddef.h>

/* All at once. */
void md5(const void *data, size_t len, unsigned char out[16]);

#endif
