/* Growing byte buffers; see pdf_buf.h. */
#include "pdf/pdf_buf.h"

#include <stdlib.h>
#include <string.h>

#include "base/oom.h"

void pdf_buf_put(pdf_buf *b, const void *s, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16384;
        while (cap < b->n + n)
            cap *= 2;
        if (b->a) {
            b->p = arena_realloc(b->a, b->p, b->n, cap);
        } else {
            unsigned char *p = realloc(b->p, cap);
            if (!p) {
                oom_note();
                b->failed = true;
                return;
            }
            b->p = p;
        }
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

void pdf_buf_str(pdf_buf *b, const char *s)
{
    pdf_buf_put(b, s, strlen(s));
}

void pdf_buf_num(pdf_buf *b, unsigned long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do
        tmp[--i] = (char)('0' + v % 10);
    while (v /= 10);
    pdf_buf_put(b, tmp + i, sizeof tmp - i);
}
