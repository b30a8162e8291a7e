/* pdf_read: a small reader of PDF files, enough to get embedded files back
 * out of an archival briefing (extract.c) and to read a rendered PDF in the
 * render stage's tests. No PDF library: the cross-reference tables or
 * streams (with object streams) when they are sound, else every `N G obj`
 * found in the file and the members of the object streams among them, so
 * that a damaged or truncated file still gives what it holds or a clear
 * reason, never a crash. Every read is bounded by the buffer; nesting
 * and reference chains are limited; sizes are checked before anything is
 * allocated for them. Values live in the reader's arena. */
#ifndef BRIEFPACK_PDF_READ_H
#define BRIEFPACK_PDF_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

#define PDF_MAX_INFLATED ((size_t)1 << 30) /* all streams of one file */
#define PDF_MAX_OBJECTS ((size_t)1 << 23)  /* object numbers read */

typedef enum pdf_kind {
    PV_NULL, PV_BOOL, PV_NUM, PV_NAME, PV_STRING, PV_ARRAY, PV_DICT, PV_REF,
    PV_STREAM
} pdf_kind;

typedef struct pdf_value pdf_value;
struct pdf_value {
    pdf_kind kind;
    bool integer;             /* PV_NUM: written without a point */
    double num;
    long long ival;
    unsigned char *s;         /* PV_NAME, PV_STRING: bytes, NUL-terminated */
    size_t len;
    pdf_value **items;               /* PV_ARRAY: items; PV_DICT: values */
    pdf_value **keys;                /* PV_DICT: names */
    size_t n;
    long long ref_num;        /* PV_REF */
    pdf_value *dict;                 /* PV_STREAM: its dictionary */
    size_t data_at;           /* PV_STREAM: offset of the raw bytes */
    bool data_found;
};

typedef struct pdf_reader {
    const unsigned char *p;
    size_t len;
    arena *a;
    size_t *offset;           /* by object number: 0 = unknown */
    size_t *in_stm;           /* by object number: its object stream + 1 */
    pdf_value **cache;
    unsigned char *busy;      /* being parsed (a /Length that refers back) */
    pdf_value **stm_data;     /* by object number: an object stream's
                                 decoded bytes (PV_STRING), once read */
    size_t n_objs;
    bool scanned;
    bool stms_indexed;
    size_t inflated;          /* bytes inflated so far, all files */
    pdf_value *trailer;
    char *err;
    size_t err_size;
    bool failed;
} pdf_reader;

/* Reads the file's structure (`pdf` must outlive the reader). False (with
 * the reason in err) only when memory runs out; a damaged file is read as
 * well as it can be, and what is missing shows as NULL values later. */
bool pdf_reader_open(pdf_reader *r, const unsigned char *pdf, size_t len,
                     arena *a, char *err, size_t err_size);
void pdf_reader_close(pdf_reader *r);

/* Records the first problem (in r->err); later ones are dropped. */
void pdf_fail(pdf_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A value with references followed, a dictionary's entry (followed), and
 * whether a value is the name `name`. */
pdf_value *pdf_resolve(pdf_reader *r, pdf_value *v);
pdf_value *pdf_get(pdf_reader *r, pdf_value *d, const char *key);
bool pdf_name_is(pdf_value *v, const char *name);

/* The document catalog, or NULL. */
pdf_value *pdf_catalog(pdf_reader *r);

/* A stream's bytes, FlateDecode inflated or none (malloc'd), or NULL with
 * the reason recorded. */
unsigned char *pdf_stream_decode(pdf_reader *r, pdf_value *s,
                                 size_t *out_len);

#endif
