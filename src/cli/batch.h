/* batch: builds many inputs at once with a pool of POSIX threads, writes
 * each PDF safely, and turns an interrupt into a clean stop.
 *
 * Threads. Up to `jobs` workers take inputs in order from a shared counter;
 * each owns its own build_worker (fonts, hyphenation patterns), so the only
 * state they share is the batch itself, behind two mutexes: one for the
 * queue, the results and the terminal, one for the temporary files. There
 * is no global mutable state, not even for signals: they are blocked in
 * every thread and taken synchronously by one thread with sigwait(), never
 * by a handler.
 *
 * Messages. Each input's messages are collected in memory and printed in
 * one piece, in input order, whatever the number of workers: the output of
 * -j1 and -jN is the same, at the cost of holding back a later input's
 * messages until the earlier ones are done. An input that ran out of
 * memory (oom.h) ends with "INPUT: error: out of memory", printed from a
 * flag when its turn comes, so that saying it needs no memory.
 *
 * Writing. A PDF goes to a temporary file beside its target (mkstemp,
 * `.NAME.pdf.briefpack-PID-XXXXXX`), is written, fsync'ed and renamed over
 * the target; a write cut short by the run being stopped is not an error
 * but an input not done. Each worker has one
 * temporary file at most, recorded in its slot while it exists; creating
 * and recording it, and renaming it and clearing the slot, each happen
 * under the files mutex.
 *
 * Signals. SIGINT, SIGTERM and SIGHUP (those not ignored when the program
 * started: nohup, background jobs of a script) are waited for by the signal
 * thread. When one arrives it takes the files mutex and keeps it, removes
 * every temporary file still recorded, prints the messages of the inputs
 * already done, and ends the process by the same signal (so the shell
 * reports 130, 143 or 129 and a calling script stops too). Whatever a
 * worker was doing, each target is then either untouched or the complete
 * new PDF, and no temporary file is left. SIGPIPE is blocked: a closed
 * pipe is a write error, reported, not a sudden death mid-batch. */
#ifndef BRIEFPACK_BATCH_H
#define BRIEFPACK_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cli/build.h"

typedef struct batch_input {
    const char *path;       /* as given on the command line; "-" = stdin */
    const char *data;       /* for "-": the bytes read beforehand */
    size_t len;
    const char *output;     /* the target file; NULL for stdout or --check */
} batch_input;

typedef struct batch_options {
    const build_options *build;
    const char *root;       /* for build_worker_new */
    unsigned jobs;          /* workers, at least 1 (no more than inputs) */
    bool to_stdout;         /* write the one PDF to standard output */
    bool progress;          /* draw the progress line on stderr */
    bool quiet;             /* no note when interrupted */
    mode_t file_mode;       /* of the PDFs written: 0666 & ~umask */
    /* When not NULL, one per input: whether it was built, and its pages
     * (--watch says what became of each input). */
    struct batch_result *results;
} batch_options;

typedef struct batch_result {
    bool built;
    size_t pages;
} batch_result;

typedef struct batch_totals {
    size_t built;           /* valid (and, unless --check, written) */
    size_t failed;
    size_t pages;
    double seconds;
} batch_totals;

/* Builds every input, printing each one's messages to stderr. Returns
 * false only when nothing could be started (no thread, no memory). Does not
 * return when interrupted (see above). */
bool batch_run(const batch_input *in, size_t n, const batch_options *opt,
               batch_totals *totals);

/* Ends the process by `sig` itself, as if it had not been caught (the
 * shell then reports 128 + sig): how a run stopped by Ctrl-C ends. */
_Noreturn void batch_die_by(int sig);

#endif
