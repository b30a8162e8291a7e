/* libdeflate behind deflate.h. */
#include "pdf/deflate.h"

#include <libdeflate.h>
#include <stdlib.h>

#include "base/oom.h"

struct deflater {
    struct libdeflate_compressor *c;
};

deflater *deflater_new(int level)
{
    deflater *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    z->c = libdeflate_alloc_compressor(level);
    if (!z->c) {
        free(z);
        return NULL;
    }
    return z;
}

void deflater_free(deflater *z)
{
    if (!z)
        return;
    libdeflate_free_compressor(z->c);
    free(z);
}

bool deflater_zlib(deflater *z, const void *in, size_t len,
                   unsigned char **out, size_t *out_len)
{
    size_t cap = libdeflate_zlib_compress_bound(z->c, len);
    unsigned char *buf = malloc(cap ? cap : 1);
    if (!buf) {
        oom_note();
        return false;
    }
    size_t n = libdeflate_zlib_compress(z->c, in, len, buf, cap);
    if (n == 0) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = n;
    return true;
}

