/* Growing byte buffers; see pdf_buf.h. */
#include "pdf/pdf_buf.h"

#include <math.h>
#include <stdbool.h>
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

/* Numbers with at most 3 decimals and no trailing zeros: shorter streams,
 * the same output on every machine. Written by hand: printf's floating
 * point was a tenth of all the work of a document. */
void pdf_decimal(char *buf, size_t size, double v)
{
    long long m = llround(v * 1000);
    char tmp[32];
    size_t n = 0;
    bool neg = m < 0;
    unsigned long long u = neg ? (unsigned long long)-m : (unsigned long long)m;
    unsigned frac = (unsigned)(u % 1000);
    u /= 1000;
    /* fraction, without trailing zeros */
    char fd[3] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                  (char)('0' + frac % 10)};
    int fl = 3;
    while (fl > 0 && fd[fl - 1] == '0')
        fl--;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (neg && (n > 1 || tmp[0] != '0' || fl))
        buf[k++] = '-';
    while (n && k + 1 < size)
        buf[k++] = tmp[--n];
    if (fl && k + 1 + (size_t)fl < size) {
        buf[k++] = '.';
        for (int i = 0; i < fl; i++)
            buf[k++] = fd[i];
    }
    buf[k] = '\0';
}

void pdf_buf_ops(pdf_buf *b, const double *v, size_t n, const char *op)
{
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        pdf_decimal(buf, sizeof buf, v[i]);
        pdf_buf_str(b, buf);
        pdf_buf_str(b, " ");
    }
    pdf_buf_str(b, op);
    pdf_buf_str(b, "\n");
}
