/* extract: the sources attached to an archival briefing (--archive), read
 * back byte for byte (`briefpack --extract FILE.pdf [-o DIR]`).
 *
 * The PDF is read by a small parser of its own (no PDF library): the
 * cross-reference table when it is sound, else every `N G obj` found in
 * the file, so that a damaged or truncated file still gives what it holds
 * or a clear reason, never a crash. Embedded files are found through the
 * catalog's /AF array and /EmbeddedFiles name tree; FlateDecode streams
 * are inflated with zlib, and a file whose /Params /Size or /CheckSum (MD5)
 * does not match its bytes is refused. */
#ifndef BRIEFPACK_EXTRACT_H
#define BRIEFPACK_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct extract_file {
    char *name;            /* UTF-8, as attached (a relative path) */
    char *mime;            /* the embedded file's /Subtype, or NULL */
    unsigned char *data;
    size_t len;
    bool source;           /* /AFRelationship /Source */
} extract_file;

typedef struct extract_list {
    extract_file *files;   /* in /AF order, then the name tree's */
    size_t n;
    size_t top;            /* the top-level source (the first /Source file
                              of the catalog's /AF), or EXTRACT_NONE */
} extract_list;

#define EXTRACT_NONE ((size_t)-1)

/* Every embedded file of the PDF in `pdf`. False with a reason in err when
 * the PDF cannot be read or an embedded file is damaged; true with n == 0
 * when it has none. Free the list with extract_list_free (also after a
 * failure). */
bool extract_read(const unsigned char *pdf, size_t len, extract_list *out,
                  char *err, size_t err_size);
void extract_list_free(extract_list *l);

/* NULL when `name` may be written under a folder: relative, no `.` or `..`
 * part, no empty part, no control character or backslash; else the reason
 * in words. */
const char *extract_unsafe_name(const char *name);

/* `briefpack --extract PDF_PATH [-o OUT_DIR]`: without out_dir, the
 * top-level source to standard output, byte for byte; with it, every
 * attached file under OUT_DIR at its relative path (the folder is made if
 * missing; no file is written when any name is unsafe, and a symbolic link
 * on the way is refused). PDF_PATH "-" reads standard input. Messages go to
 * `err`. Returns the exit status: 0 done, 1 not done (no source in the PDF,
 * an unreadable or damaged PDF, an unsafe name, a write error). */
int extract_main(const char *pdf_path, const char *out_dir, FILE *err);

#endif
