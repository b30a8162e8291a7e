/* pdf_buf: bytes written one piece after another, growing as needed: the
 * PDF syntax briefpack writes itself (object streams, structure elements,
 * ToUnicode maps). In an arena, or with malloc for a buffer that outlives
 * the document's arena (`a` NULL: running out of memory is noted, oom.h,
 * and marks the buffer failed). Private to src/pdf/. */
#ifndef BRIEFPACK_PDF_BUF_H
#define BRIEFPACK_PDF_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct pdf_buf {
    unsigned char *p;
    size_t n, cap;
    arena *a;
    bool failed;
} pdf_buf;

void pdf_buf_put(pdf_buf *b, const void *s, size_t n);
void pdf_buf_str(pdf_buf *b, const char *s);
/* A number in decimal, without snprintf (ten times the cost, and these
 * buffers hold thousands). */
void pdf_buf_num(pdf_buf *b, unsigned long long v);
/* A number with at most 3 decimals and no trailing zeros, in `buf`. */
void pdf_decimal(char *buf, size_t size, double v);
/* Numbers then an operator, a line of a content stream ("1 0 0 rg"). */
void pdf_buf_ops(pdf_buf *b, const double *v, size_t n, const char *op);

#endif
