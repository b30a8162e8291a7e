/* batch: a pool of workers over the inputs; safe writes; clean interrupts.
 * The design is described in batch.h. */
#include "cli/batch.h"
#include "base/oom.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A temporary file is named after its target and the process writing it,
 * `.NAME.pdf.briefpack-PID-XXXXXX` beside NAME.pdf, so that one left by a
 * process killed outright (SIGKILL) says what it is and whose it was. */
#define TMP_SIZE (PATH_MAX + 64)
#define TMP_NAME_MAX 200        /* bytes of NAME kept in it (NAME_MAX: 255) */
#define TICK_NS 200000000L      /* redraw the elapsed time this often */
#define PROGRESS_DELAY 0.25     /* seconds: a quick build draws nothing */
#define PROGRESS_EVERY 0.05     /* seconds: at most this often on events */
#define SIGNAL_STACK (512 * 1024) /* bytes: the signal thread's stack */

typedef struct job {
    char *msgs;                 /* its messages, printed in one piece */
    size_t msgs_len;
    size_t pages;
    bool done, ok, printed;
    bool out_of_memory;         /* said after msgs, without allocating */
    const char *name;           /* as messages name the input */
} job;

typedef struct batch {
    const batch_input *in;
    size_t n;
    const batch_options *opt;
    job *jobs;
    struct timespec start;
    sigset_t waited;            /* what the signal thread takes */
    int wake;                   /* the signal that tells it to end */
    atomic_bool stop;           /* interrupted: start nothing more */
    atomic_bool finished;       /* every worker has ended */

    pthread_mutex_t lock;       /* the queue, jobs[], stderr, the progress line */
    size_t next;                /* the next input to start */
    size_t next_print;          /* messages go out in input order */
    size_t n_done, n_ok, pages;
    const char *current;        /* the input started last */
    size_t drawn;               /* columns of progress line shown; 0 = none */
    double drawn_at;            /* when, in seconds from the start */

    pthread_mutex_t files;      /* temporary files: made, renamed, removed */
    char (*tmp)[TMP_SIZE];      /* one slot per worker; "" when it has none */
    unsigned n_slots;
} batch;

typedef struct worker_arg {
    batch *b;
    unsigned slot;
} worker_arg;

static double elapsed(const batch *b)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - b->start.tv_sec) +
           (double)(now.tv_nsec - b->start.tv_nsec) / 1e9;
}

static void errtext(int err, char *buf, size_t size)
{
    if (strerror_r(err, buf, size) != 0)
        snprintf(buf, size, "error %d", err);
}

/* --- the terminal (b->lock held) ------------------------------------------ */

static size_t term_columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col < 400 ? ws.ws_col : 400;
    return 80;
}

/* Columns of UTF-8 text, one a character (good enough for file names). */
static size_t u8_columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void progress_clear(batch *b)
{
    if (!b->drawn)
        return;
    char line[512];
    size_t n = b->drawn < sizeof line - 2 ? b->drawn : sizeof line - 2;
    line[0] = '\r';
    memset(line + 1, ' ', n);
    line[n + 1] = '\r';
    fwrite(line, 1, n + 2, stderr);
    b->drawn = 0;
}

/* "\r12/200  3.4 s  roundtables/foo.yaml", cut to the terminal's width (a
 * wrapped line could not be redrawn in place), padded over the last one. */
static void progress_draw(batch *b, bool tick)
{
    if (!b->opt->progress)
        return;
    double t = elapsed(b);
    if (t < PROGRESS_DELAY || (!tick && b->drawn && t - b->drawn_at < PROGRESS_EVERY))
        return;
    b->drawn_at = t;
    char line[4096];            /* ≤ 400 columns of ≤ 4 bytes, and padding */
    size_t room = term_columns() - 1;
    int h = snprintf(line, sizeof line, "\r%zu/%zu  %.1f s  ", b->n_done, b->n, t);
    size_t len = (size_t)h, cols = len - 1;
    const char *name = b->current ? b->current : "";
    size_t name_cols = u8_columns(name);
    if (cols + name_cols > room) {
        /* keep the end of the name, where the file is named */
        while (*name && cols + 1 + u8_columns(name) > room)
            do
                name++;
            while (((unsigned char)*name & 0xC0) == 0x80);
        if (*name) {
            memcpy(line + len, "\xe2\x80\xa6", 3); /* … */
            len += 3;
            cols++;
        }
    }
    size_t name_len = strlen(name);
    if (name_len > sizeof line - len)   /* bytes that are no UTF-8 */
        name_len = sizeof line - len;
    memcpy(line + len, name, name_len);
    len += name_len;
    cols += u8_columns(name);
    for (size_t c = cols; c < b->drawn && len < sizeof line; c++)
        line[len++] = ' ';
    fwrite(line, 1, len, stderr);
    b->drawn = cols;
}

static void print_job(batch *b, job *j)
{
    if (j->msgs_len || j->out_of_memory)
        progress_clear(b);
    if (j->msgs_len)
        fwrite(j->msgs, 1, j->msgs_len, stderr);
    if (j->out_of_memory)
        fprintf(stderr, "%s: error: out of memory\n", j->name);
    free(j->msgs);
    j->msgs = NULL;
    j->printed = true;
}

/* Prints the messages of every finished input not held back by an earlier
 * one still running. */
static void print_ready(batch *b)
{
    while (b->next_print < b->n && b->jobs[b->next_print].done)
        print_job(b, &b->jobs[b->next_print++]);
}

/* --- writing -------------------------------------------------------------- */

typedef enum write_status { WRITE_OK, WRITE_FAILED, WRITE_STOPPED } write_status;

/* `.NAME.pdf.briefpack-PID-XXXXXX` beside NAME.pdf (see TMP_NAME_MAX). */
static bool temp_name(char *tmp, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = path + dir_len;
    size_t base_len = strlen(base);
    if (base_len > TMP_NAME_MAX) {
        base_len = TMP_NAME_MAX;
        while (base_len && ((unsigned char)base[base_len] & 0xC0) == 0x80)
            base_len--; /* not inside a UTF-8 character */
    }
    int n = snprintf(tmp, TMP_SIZE, "%.*s.%.*s.briefpack-%ld-XXXXXX",
                     (int)dir_len, path, (int)base_len, base, (long)getpid());
    return n > 0 && n < TMP_SIZE;
}

/* The PDF goes to a temporary file beside its target, recorded in the
 * worker's slot while it exists, and is renamed over the target once
 * written and flushed. See batch.h for why this survives an interrupt.
 * WRITE_STOPPED: the run is being interrupted, and nothing was written. */
static write_status write_atomic(batch *b, unsigned slot, const char *path,
                                 const unsigned char *data, size_t len,
                                 char *err, size_t err_size)
{
    char *tmp = b->tmp[slot];
    char why[128];
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    int fd = -1, e = 0;
    char name[TMP_SIZE];
    if (!temp_name(name, path)) {
        errtext(ENAMETOOLONG, why, sizeof why);
        snprintf(err, err_size, "cannot write %s: %s", path, why);
        return WRITE_FAILED;
    }
    pthread_mutex_lock(&b->files);
    if (atomic_load(&b->stop)) {
        pthread_mutex_unlock(&b->files);
        return WRITE_STOPPED;
    }
    memcpy(tmp, name, sizeof name);
    do
        fd = mkstemp(tmp);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        e = errno;
        tmp[0] = '\0';
    }
    pthread_mutex_unlock(&b->files);
    if (fd < 0) {
        errtext(e, why, sizeof why);
        snprintf(err, err_size, "cannot write in %.*s: %s",
                 dir_len ? (int)dir_len : 1, dir_len ? path : ".", why);
        return WRITE_FAILED;
    }
    size_t off = 0;
    while (off < len && !e) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            e = w < 0 ? errno : EIO;
        else
            off += (size_t)w;
    }
    /* a file system without modes (vfat) refuses fchmod: not an error */
    if (!e)
        (void)fchmod(fd, b->opt->file_mode);
    while (!e && fsync(fd) != 0)
        if (errno != EINTR)
            e = errno;
    /* Linux closes the descriptor even when close says EINTR */
    if (close(fd) != 0 && !e && errno != EINTR)
        e = errno;
    pthread_mutex_lock(&b->files);
    bool stopping = atomic_load(&b->stop);
    while (!e && !stopping && rename(tmp, path) != 0)
        if (errno != EINTR)
            e = errno;
    if (e || stopping)
        unlink(tmp);
    tmp[0] = '\0';
    pthread_mutex_unlock(&b->files);
    if (stopping && !e)
        return WRITE_STOPPED;
    if (e) {
        errtext(e, why, sizeof why);
        snprintf(err, err_size, "cannot write %s: %s", path, why);
    }
    return e ? WRITE_FAILED : WRITE_OK;
}

/* --- the workers ---------------------------------------------------------- */

/* Builds one input and writes its PDF, saying what it has to say on `out`.
 * WRITE_STOPPED: the run is being interrupted and the input is not done
 * (nothing is said of it). */
static write_status build_one(batch *b, build_worker **wp, unsigned slot,
                              const batch_input *in, const char *name,
                              FILE *out, bool *out_of_memory, size_t *pages)
{
    build_options per_input = *b->opt->build;
    per_input.output = in->output;
    const build_options *bo = &per_input;
    bool is_stdin = strcmp(in->path, "-") == 0;
    if (!*wp)
        *wp = build_worker_new(b->opt->root);
    if (!*wp) {
        *out_of_memory = true;
        return WRITE_FAILED;
    }
    /* the messages' own arena: out of memory here, before the build, is
     * the input's too */
    oom_scope scope;
    if (setjmp(scope.env)) {
        *out_of_memory = true;
        return WRITE_FAILED;
    }
    oom_scope_begin(&scope);
    arena *msg_mem = arena_new();
    diag d;
    diag_init(&d, msg_mem);
    render_result res;
    bool ok = build_file(*wp, name, is_stdin ? (in->data ? in->data : "") : NULL,
                         in->len, bo, &res, &d);
    *out_of_memory = d.out_of_memory;
    diag_print(&d, out);
    arena_free(msg_mem);
    oom_scope_end(&scope);
    if (!ok || bo->check_only)
        return ok ? WRITE_OK : WRITE_FAILED;
    write_status ws = WRITE_OK;
    char err[PATH_MAX + 256];
    if (b->opt->to_stdout) {
        errno = 0;
        if (fwrite(res.pdf, 1, res.size, stdout) != res.size ||
            fflush(stdout) != 0) {
            int e = errno ? errno : EIO;
            errtext(e, err, sizeof err);
            fprintf(out, "%s: error: cannot write to standard output: %s\n",
                    name, err);
            ws = WRITE_FAILED;
        }
    } else {
        ws = write_atomic(b, slot, in->output, res.pdf, res.size, err,
                          sizeof err);
        if (ws == WRITE_FAILED)
            fprintf(out, "%s: error: %s\n", name, err);
    }
    *pages = res.pages;
    free(res.pdf);
    return ws;
}

static void run_one(batch *b, build_worker **wp, unsigned slot, size_t i)
{
    const batch_input *in = &b->in[i];
    bool is_stdin = strcmp(in->path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : in->path;
    char *msgs = NULL;
    size_t msgs_len = 0;
    /* Without memory for the buffer, messages go straight to stderr (and
     * may then mix with another input's). */
    FILE *m = open_memstream(&msgs, &msgs_len);
    FILE *out = m ? m : stderr;
    bool out_of_memory = false;
    size_t pages = 0;
    write_status ws = build_one(b, wp, slot, in, name, out, &out_of_memory,
                                &pages);
    bool ok = ws == WRITE_OK;
    if (m) {
        /* a message cut short for want of memory: say so after it */
        if (fflush(m) != 0 || ferror(m))
            out_of_memory = true;
        fclose(m);
    }
    if (ws == WRITE_STOPPED) {
        /* interrupted while writing: not done, and nothing to say */
        free(msgs);
        return;
    }
    pthread_mutex_lock(&b->lock);
    job *j = &b->jobs[i];
    j->msgs = msgs;
    j->msgs_len = m ? msgs_len : 0;
    j->ok = ok && !out_of_memory;
    j->out_of_memory = out_of_memory;
    j->name = name;
    j->pages = j->ok ? pages : 0;
    j->done = true;
    b->n_done++;
    if (j->ok) {
        b->n_ok++;
        b->pages += j->pages;
    }
    print_ready(b);
    progress_draw(b, false);
    pthread_mutex_unlock(&b->lock);
}

static void *worker_main(void *p)
{
    worker_arg *wa = p;
    batch *b = wa->b;
    build_worker *w = build_worker_new(b->opt->root);
    for (;;) {
        pthread_mutex_lock(&b->lock);
        if (atomic_load(&b->stop) || b->next == b->n) {
            pthread_mutex_unlock(&b->lock);
            break;
        }
        size_t i = b->next++;
        b->current = b->in[i].path;
        progress_draw(b, false);
        pthread_mutex_unlock(&b->lock);
        run_one(b, &w, wa->slot, i);
    }
    build_worker_free(w);
    return NULL;
}

/* --- signals -------------------------------------------------------------- */

_Noreturn void batch_die_by(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);
}

static _Noreturn void interrupted(batch *b, int sig)
{
    atomic_store(&b->stop, true);
    /* Kept until the end: from here no temporary file is made or renamed,
     * so removing the recorded ones leaves none, and every target is the
     * old file or a complete new one. */
    pthread_mutex_lock(&b->files);
    for (unsigned k = 0; k < b->n_slots; k++)
        if (b->tmp[k][0])
            unlink(b->tmp[k]);
    /* Tidy the terminal, unless a worker is stuck writing to it. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 500000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&b->lock, &until) == 0) {
        for (size_t i = b->next_print; i < b->n; i++)
            if (b->jobs[i].done && !b->jobs[i].printed)
                print_job(b, &b->jobs[i]);
        progress_clear(b);
        if (!b->opt->quiet)
            fprintf(stderr, "briefpack: interrupted: %zu of %zu done\n",
                    b->n_done, b->n);
    }
    batch_die_by(sig);
}

/* Takes the stop signals; redraws the progress line between them; ends
 * when the main thread sends it `wake` with `finished` set. */
static void *signal_main(void *p)
{
    batch *b = p;
    for (;;) {
        int sig;
        if (b->opt->progress) {
            struct timespec tick = {0, TICK_NS};
            sig = sigtimedwait(&b->waited, NULL, &tick);
            if (sig < 0 && errno == EAGAIN) {
                pthread_mutex_lock(&b->lock);
                progress_draw(b, true);
                pthread_mutex_unlock(&b->lock);
            }
        } else if (sigwait(&b->waited, &sig) != 0) {
            sig = -1;
        }
        if (sig == b->wake) {
            if (atomic_load(&b->finished))
                return NULL;
        } else if (sig > 0) {
            interrupted(b, sig);
        }
    }
}

/* --- the batch ------------------------------------------------------------ */

bool batch_run(const batch_input *in, size_t n, const batch_options *opt,
               batch_totals *totals)
{
    memset(totals, 0, sizeof *totals);
    unsigned jobs = opt->jobs ? opt->jobs : 1;
    if (jobs > n)
        jobs = n ? (unsigned)n : 1;
    batch b = {.in = in, .n = n, .opt = opt, .n_slots = jobs};
    b.jobs = calloc(n ? n : 1, sizeof *b.jobs);
    b.tmp = calloc(jobs, sizeof *b.tmp);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    worker_arg *args = calloc(jobs, sizeof *args);
    if (!b.jobs || !b.tmp || !threads || !args) {
        free(b.jobs);
        free(b.tmp);
        free(threads);
        free(args);
        return false;
    }
    atomic_init(&b.stop, false);
    atomic_init(&b.finished, false);
    pthread_mutex_init(&b.lock, NULL);
    pthread_mutex_init(&b.files, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b.start);

    /* Block the signals in this thread before any other starts, so that
     * every thread inherits the mask and only sigwait() sees them. A signal
     * ignored from the start (nohup, a script's background job) stays so. */
    sigset_t block, saved;
    sigemptyset(&block);
    sigemptyset(&b.waited);
    const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    bool any = false;
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        struct sigaction old;
        if (sigaction(stops[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
            sigaddset(&b.waited, stops[k]);
            sigaddset(&block, stops[k]);
            any = true;
        }
    }
    /* A real-time signal, sent only to the signal thread, ends it when the
     * work is done (pthread_cancel would unwind through sigwait, which
     * AddressSanitizer does not follow). */
    b.wake = SIGRTMIN;
    sigaddset(&block, b.wake);
    sigaddset(&block, SIGPIPE);
    sigset_t stop_sigs = b.waited;
    sigaddset(&b.waited, b.wake);
    pthread_sigmask(SIG_BLOCK, &block, &saved);
    pthread_t sig_thread;
    /* It only waits and prints: a small stack (not the default 8 MB of
     * address space, which counts against ulimit -v) */
    pthread_attr_t small;
    bool have_attr = pthread_attr_init(&small) == 0;
    if (have_attr)
        pthread_attr_setstacksize(&small, SIGNAL_STACK);
    bool have_sig_thread = (any || opt->progress) &&
                           pthread_create(&sig_thread, have_attr ? &small : NULL,
                                          signal_main, &b) == 0;
    if (have_attr)
        pthread_attr_destroy(&small);
    if (!have_sig_thread && any) {
        /* no thread to take them: leave them to their default action */
        pthread_sigmask(SIG_UNBLOCK, &stop_sigs, NULL);
    }

    unsigned started = 0;
    for (; started < jobs; started++) {
        args[started] = (worker_arg){&b, started};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0)
            break;
    }
    if (!started) {
        args[0] = (worker_arg){&b, 0};
        worker_main(&args[0]);
    }
    for (unsigned k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    if (have_sig_thread) {
        /* If a stop signal came just now, the thread handles it and this
         * join never returns. */
        atomic_store(&b.finished, true);
        pthread_kill(sig_thread, b.wake);
        pthread_join(sig_thread, NULL);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);

    pthread_mutex_lock(&b.lock);
    print_ready(&b);
    progress_clear(&b);
    pthread_mutex_unlock(&b.lock);
    if (opt->results)
        for (size_t i = 0; i < n; i++)
            opt->results[i] = (batch_result){b.jobs[i].ok, b.jobs[i].pages};
    totals->built = b.n_ok;
    totals->failed = n - b.n_ok;
    totals->pages = b.pages;
    totals->seconds = elapsed(&b);

    for (size_t i = 0; i < n; i++)
        free(b.jobs[i].msgs);
    pthread_mutex_destroy(&b.lock);
    pthread_mutex_destroy(&b.files);
    free(b.jobs);
    free(b.tmp);
    free(threads);
    free(args);
    return true;
}
