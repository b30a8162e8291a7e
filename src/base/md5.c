/* MD5 all at once; see md5.h. */
#include "base/md5.h"

void md5(const void *data, size_t len, unsigned char out[16])
{
    struct md5_ctx c;
    md5_init(&c);
    md5_update(&c, len, data);
    md5_digest(&c, MD5_DIGEST_SIZE, out);
}
