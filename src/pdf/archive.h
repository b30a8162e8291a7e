/* archive: what makes a briefing an archival record, as the rest of the
 * program sees it: the source files (cli/sources.h collects them), the
 * moments the PDF is dated with, SOURCE_DATE_EPOCH. The PDF objects are
 * archive_pdf.h's.
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
 * identification is written by render_meta. */
#ifndef BRIEFPACK_ARCHIVE_H
#define BRIEFPACK_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>


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

/* SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, digits only): 0 when
 * `env` is NULL or empty, 1 with the moment in *out, -1 when malformed. */
int archive_epoch(const char *env, archive_date *out);

/* "D:YYYYMMDDHHmmSS+00'00'" (PDF) and "YYYY-MM-DDTHH:MM:SS+00:00" (XMP). */
void archive_pdf_date(const archive_date *d, char buf[32]);
void archive_xmp_date(const archive_date *d, char buf[32]);

#endif
