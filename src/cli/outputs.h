/* outputs: where each input's PDF goes, decided before anything is built.
 *
 * A PDF is NAME.pdf for NAME.yaml (NAME-handout.pdf for a handout), in the
 * current folder or in the folder -o names, or the one file -o names.
 * Before a byte is written the plan is checked: two inputs never write one
 * file (compared by the folder's device and inode and the file's name, so
 * `out/` and `./out/` are one folder), a PDF only ever replaces a regular
 * file, and never an input of the run (compared by device and inode, so a
 * link or another spelling of the input is caught too). What an input
 * reads besides itself (photos, logos, a brand file, a pack's items) is
 * known only once it is loaded: build.c checks those against the output. */
#ifndef BRIEFPACK_OUTPUTS_H
#define BRIEFPACK_OUTPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "model.h"

typedef struct outputs_request {
    const char *const *inputs;  /* as given; "-" is standard input */
    size_t n;
    const char *output;         /* -o, or NULL */
    bool to_stdout;             /* -o - */
    bool handout;               /* NAME-handout.pdf */
} outputs_request;

/* The target of each input (malloc'd; free with outputs_free), or NULL
 * with a message on `err` and *status set: 2 for a plan refused (a clash,
 * an input in the way, a target that is not a file), 1 when the machine
 * failed (out of memory, a folder that cannot be made). With to_stdout,
 * every target is NULL. */
char **outputs_plan(const outputs_request *rq, FILE *err, int *status);
void outputs_free(char **outs, size_t n);

/* After loading: a located error in `d` for each file the document reads
 * (its photos, the brand file given by `brand:` or `override` (--brand),
 * its logo and fonts, a pack's roundtables) that is `output`, the file
 * the PDF would replace. Nothing when `output` does not exist yet. */
void outputs_guard(const char *output, const char *override,
                   const model_roundtable *rt, const model_pack *pack,
                   diag *d);

/* Calls `fn` for each file a loaded document reads besides itself: its
 * photos, the brand file (given by `brand:` or by `override`, --brand),
 * the brand's logo and fonts, a pack's roundtables. `path` is the file
 * (NULL when a value named none or was refused), `what` and `written` how
 * the document names it ("photo", as written), `file` and `pos` where. */
typedef void outputs_file_fn(void *ctx, const char *path, const char *what,
                             const char *written, const char *file,
                             srcpos pos);
void outputs_each_file(const model_roundtable *rt, const model_pack *pack,
                       const char *override, outputs_file_fn *fn, void *ctx);

/* The name a PDF of `input` takes in `folder` (NULL: the current one). */
char *outputs_name(const char *input, const char *folder, bool handout);

#endif
