/* pdf_read_internal: what the reader's three files share (pdf_read.c: the
 * lexer, values and objects; pdf_read_xref.c: where objects are, from the
 * cross-reference tables and streams, object streams, or a scan of the
 * file; pdf_read_stream.c: a stream's bytes and their decoding). Private
 * to src/pdf/pdf_read*.c. */
#ifndef BRIEFPACK_PDF_READ_INTERNAL_H
#define BRIEFPACK_PDF_READ_INTERNAL_H

#include "pdf/pdf_read.h"

/* ---- pdf_read.c ---- */
pdf_value *pdfr_value_new(pdf_reader *r, pdf_kind k);
bool pdfr_is_ws(unsigned char c);
bool pdfr_is_regular(unsigned char c);
void pdfr_skip_ws(pdf_reader *r, size_t *pos);
bool pdfr_keyword_at(pdf_reader *r, size_t pos, const char *kw);
long long pdfr_read_uint(pdf_reader *r, size_t *pos);
pdf_value *pdfr_parse_value(pdf_reader *r, size_t *pos, int depth);
pdf_value *pdfr_dict_get(const pdf_value *d, const char *key);
/* The object `num G obj` at a byte offset, or NULL. */
pdf_value *pdfr_parse_object_at(pdf_reader *r, long long num, size_t at);
pdf_value *pdfr_get_object(pdf_reader *r, long long num);
/* Room for object numbers below n; false (recorded) when memory runs out. */
bool pdfr_grow(pdf_reader *r, size_t n);

/* ---- pdf_read_xref.c ---- */
/* Every `N G obj` in the file, the last of a number winning. */
void pdfr_scan_objects(pdf_reader *r);
/* The cross-reference sections from `startxref` back through /Prev
 * (tables, streams, or both); false when there is none that makes sense. */
bool pdfr_read_xref(pdf_reader *r);
/* Without a usable table: the last trailer, or cross-reference stream's
 * dictionary, in the file. */
void pdfr_find_trailer(pdf_reader *r);
/* Object `num` from the object stream the tables place it in, or NULL. */
pdf_value *pdfr_objstm_member(pdf_reader *r, long long num);
/* Without a table: the members of every object stream the scan found
 * (an object found directly wins). */
void pdfr_index_objstms(pdf_reader *r);

#endif
