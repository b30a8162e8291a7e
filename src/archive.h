/* archive: what makes a briefing an archival record.
 *
 * Always: the PDF version (1.7), and a document ID in the trailer derived
 * from the content (the source files, the version and options, and the
 * PDF's own bytes), so that rebuilding from the same sources gives the
 * same bytes and any change gives another ID.
 *
 * With --archive (PDF/A-3u, ISO 19005-3 level U): the sRGB output intent
 * and the sources themselves, attached as embedded files (the YAML, and for
 * a pack every roundtable file, with the photos they name), listed in the
 * catalog's /AF array and the /EmbeddedFiles name tree. The XMP
 * identification is written by render_meta.
 *
 * libharu 2.3.0 has no function for any of this (its PDF/A and attachment
 * functions write the wrong things: see docs/archiving.md), so the objects
 * are built with its object API; this file, render_meta.c and font_pdf.c
 * are the only ones that use libharu's internals. */
#ifndef BRIEFPACK_ARCHIVE_H
#define BRIEFPACK_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"

/* A moment in UTC (the output never depends on the machine's time zone). */
typedef struct archive_date {
    bool set;
    int year, month, day, hour, minute, second;
} archive_date;

/* One source file. */
typedef struct archive_file {
    const char *name;     /* relative to the top-level file's folder,
                             '/'-separated, UTF-8; files from elsewhere
                             (--allow-path) go under "_outside/" + their
                             absolute path */
    const char *path;     /* where it was read (for messages) */
    const unsigned char *data;
    size_t len;
    const char *mime;     /* application/yaml, image/png, image/jpeg… */
    const char *desc;     /* what it is, in words (/Desc) */
    unsigned char md5[16];
    bool top;             /* the file named on the command line */
} archive_file;

typedef struct archive_sources {
    archive_file *files;  /* the top-level file first */
    size_t n, cap;
} archive_sources;

/* The source files of a loaded document: the top-level file (read again
 * from `input`, or `data`/`len` when it came from memory), for a pack every
 * roundtable file, every photo they name, and a brand given by path (not a
 * shipped one, under `root`) with its logo. `opts` says how it was built
 * ("--archive --brand x"), for the top-level file's description. With
 * `strict` (--archive), false with a reason in err when a file cannot be
 * read again (a named pipe, a file removed meanwhile); otherwise such a
 * file is left out (it only feeds the document ID). */
bool archive_collect(const char *input, const char *data, size_t len,
                     const model_roundtable *rt, const model_pack *pack,
                     const char *root, const char *opts, bool strict, arena *a,
                     archive_sources *out, char *err, size_t err_size);

/* The digest of the sources, the version and the options: mixed into the
 * document ID, so that any change to a source (even a comment that changes
 * nothing visible) changes the ID. */
void archive_seed(const archive_sources *s, const char *version,
                  const char *opts, unsigned char seed[16]);

/* SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, digits only): 0 when
 * `env` is NULL or empty, 1 with the moment in *out, -1 when malformed. */
int archive_epoch(const char *env, archive_date *out);

struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;
struct _HPDF_Stream_Rec;


/* Just before the document is saved (so that the blocks allocated for the
 * pages and fonts stay where they were): PDF 1.7 and a placeholder /ID,
 * which archive_finish_id fills in once the bytes are known. */
bool archive_prepare(struct _HPDF_Doc_Rec *pdf);

/* PDF/A-3 parts: the output intent with the ICC profile (`icc`, an RGB
 * profile) and the embedded sources. `date` dates the embedded files. */
bool archive_write(struct _HPDF_Doc_Rec *pdf, const archive_sources *s,
                   const unsigned char *icc, size_t icc_len,
                   const archive_date *date, arena *a, char *err,
                   size_t err_size);

/* Replaces the placeholder /ID in a saved PDF by MD5(seed, the PDF's bytes
 * with the placeholder): the same bytes always get the same ID. False when
 * the placeholder is not found. */
bool archive_finish_id(unsigned char *pdf, size_t len,
                       const unsigned char seed[16]);

/* "D:YYYYMMDDHHmmSS+00'00'" (PDF) and "YYYY-MM-DDTHH:MM:SS+00:00" (XMP). */
void archive_pdf_date(const archive_date *d, char buf[32]);
void archive_xmp_date(const archive_date *d, char buf[32]);

#endif
