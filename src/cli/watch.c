/* --watch: rebuild on change, with inotify (watch.h). */
#include "cli/watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/oom.h"
#include "cli/outputs.h"
#include "load/load.h"

#define QUIET_MS 100 /* events are gathered until this long passes without one */
#define EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | \
                IN_MOVED_FROM | IN_ATTRIB)

typedef struct watch_input {
    char **files;           /* what it is made from, absolute; malloc'd */
    size_t n_files, cap;
    bool failed;            /* its last build failed */
    bool due;               /* to be rebuilt in the next round */
} watch_input;

typedef struct watch_dir {
    int wd;
    char *path;
} watch_dir;

typedef struct watcher {
    const batch_input *in;
    size_t n;
    const batch_options *opt;
    watch_input *w;
    int inotify, signals;
    watch_dir *dirs;
    size_t n_dirs, dirs_cap;
} watcher;

/* --- the files of each input ---------------------------------------------- */

/* `path` made absolute through its folder (the file itself may be missing:
 * an editor renaming a new copy over it), or NULL. */
static char *absolute(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
             slash ? path : ".");
    if (!realpath(dir, real))
        return NULL;
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(real) + strlen(base) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
    return out;
}

static void input_add(watch_input *wi, const char *path)
{
    char *abs = path ? absolute(path) : NULL;
    if (!abs)
        return;
    for (size_t i = 0; i < wi->n_files; i++)
        if (strcmp(wi->files[i], abs) == 0) {
            free(abs);
            return;
        }
    if (wi->n_files == wi->cap) {
        size_t cap = wi->cap ? 2 * wi->cap : 8;
        char **more = realloc(wi->files, cap * sizeof *more);
        if (!more) {
            free(abs);
            return;
        }
        wi->files = more;
        wi->cap = cap;
    }
    wi->files[wi->n_files++] = abs;
}

static void input_add_used(void *ctx, const char *path, const char *what,
                           const char *written, const char *file, srcpos pos)
{
    input_add(ctx, path);
}

static void input_forget(watch_input *wi)
{
    for (size_t i = 0; i < wi->n_files; i++)
        free(wi->files[i]);
    wi->n_files = 0;
}

/* Loads input i again (quietly) for the files it reads now. When it cannot
 * be loaded at all, or runs out of memory, the files known before stay. */
static void input_files(watcher *W, size_t i)
{
    watch_input *wi = &W->w[i];
    const batch_input *in = &W->in[i];
    oom_scope scope;
    if (setjmp(scope.env))
        return;
    oom_scope_begin(&scope);
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    model_roundtable *rt = NULL;
    model_pack *pack = NULL;
    load_document(in->path, NULL, 0, &W->opt->build->load, a, &d, &rt, &pack);
    if (rt || pack || !wi->n_files) {
        input_forget(wi);
        input_add(wi, in->path);
        outputs_each_file(rt, pack, W->opt->build->load.brand_override,
                          input_add_used, wi);
    }
    arena_free(a);
    oom_scope_end(&scope);
}

/* --- the folders watched -------------------------------------------------- */

static void watch_folder(watcher *W, const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        return;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash == file ? 1 : (int)(slash - file),
             file);
    for (size_t i = 0; i < W->n_dirs; i++)
        if (strcmp(W->dirs[i].path, dir) == 0)
            return;
    int wd = inotify_add_watch(W->inotify, dir, EVENTS | IN_ONLYDIR);
    if (wd < 0)
        return; /* gone, or not ours to read: its files are not watched */
    if (W->n_dirs == W->dirs_cap) {
        size_t cap = W->dirs_cap ? 2 * W->dirs_cap : 8;
        watch_dir *more = realloc(W->dirs, cap * sizeof *more);
        if (!more)
            return;
        W->dirs = more;
        W->dirs_cap = cap;
    }
    char *copy = strdup(dir);
    if (!copy)
        return;
    W->dirs[W->n_dirs++] = (watch_dir){wd, copy};
}

static void watch_folders(watcher *W)
{
    for (size_t i = 0; i < W->n; i++)
        for (size_t k = 0; k < W->w[i].n_files; k++)
            watch_folder(W, W->w[i].files[k]);
}

static size_t files_watched(const watcher *W)
{
    size_t n = 0;
    for (size_t i = 0; i < W->n; i++)
        for (size_t k = 0; k < W->w[i].n_files; k++) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                for (size_t m = 0; m < W->w[j].n_files && !seen; m++)
                    seen = strcmp(W->w[j].files[m], W->w[i].files[k]) == 0;
            n += !seen;
        }
    return n;
}

/* --- events --------------------------------------------------------------- */

/* A file that could be a roundtable, a brand, a photo, a logo or a font (a
 * failed input may be waiting for it), not an editor's swap or backup
 * file, nor a PDF or a temporary file of ours. */
static bool could_be_used(const char *name)
{
    static const char *const ends[] = {".yaml", ".yml", ".png", ".jpg",
                                       ".jpeg", ".ttf"};
    size_t n = strlen(name);
    if (name[0] == '.')
        return false;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n > e && strcasecmp(name + n - e, ends[i]) == 0)
            return true;
    }
    return false;
}

static void on_event(watcher *W, const struct inotify_event *ev)
{
    if (ev->mask & IN_IGNORED) {
        /* the folder itself went: watched again if it comes back */
        for (size_t i = 0; i < W->n_dirs; i++)
            if (W->dirs[i].wd == ev->wd) {
                free(W->dirs[i].path);
                W->dirs[i] = W->dirs[--W->n_dirs];
                break;
            }
        return;
    }
    if (ev->mask & IN_Q_OVERFLOW) {
        for (size_t i = 0; i < W->n; i++)
            W->w[i].due = true;
        return;
    }
    if (!ev->len)
        return;
    const char *dir = NULL;
    for (size_t i = 0; i < W->n_dirs && !dir; i++)
        if (W->dirs[i].wd == ev->wd)
            dir = W->dirs[i].path;
    if (!dir)
        return;
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "",
             ev->name);
    bool maybe = could_be_used(ev->name);
    for (size_t i = 0; i < W->n; i++) {
        watch_input *wi = &W->w[i];
        if (wi->failed && maybe)
            wi->due = true;
        for (size_t k = 0; k < wi->n_files && !wi->due; k++)
            if (strcmp(wi->files[k], path) == 0)
                wi->due = true;
    }
}

static void read_events(watcher *W)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t len = read(W->inotify, buf, sizeof buf);
        if (len <= 0)
            return; /* EAGAIN: all read */
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            on_event(W, ev);
            p += sizeof *ev + ev->len;
        }
    }
}

/* Ends the process, by the signal that asked for it. */
static _Noreturn void stop(watcher *W)
{
    struct signalfd_siginfo si;
    int sig = SIGINT;
    if (read(W->signals, &si, sizeof si) == (ssize_t)sizeof si)
        sig = (int)si.ssi_signo;
    if (!W->opt->quiet)
        fputs("briefpack: stopped watching\n", stderr);
    batch_die_by(sig);
}

/* Waits for a change that makes an input due (or for a signal, which ends
 * the process); returns once events have been quiet for QUIET_MS. */
static void wait_for_change(watcher *W)
{
    struct pollfd fds[2] = {{.fd = W->inotify, .events = POLLIN},
                            {.fd = W->signals, .events = POLLIN}};
    bool heard = false;
    for (;;) {
        bool due = false;
        for (size_t i = 0; i < W->n; i++)
            due = due || W->w[i].due;
        int r = poll(fds, W->signals >= 0 ? 2 : 1, heard && due ? QUIET_MS : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return;
        if (r == 0)
            return; /* quiet: time to rebuild */
        if (W->signals >= 0 && fds[1].revents)
            stop(W);
        if (fds[0].revents) {
            read_events(W);
            heard = true;
        }
    }
}

/* --- rounds --------------------------------------------------------------- */

static void say_result(const watcher *W, const batch_input *in,
                       const batch_result *r)
{
    if (W->opt->quiet)
        return;
    char when[16];
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(when, sizeof when, "%H:%M:%S", &tm))
        strcpy(when, "--:--:--");
    struct stat st;
    if (W->opt->build->check_only)
        fprintf(stderr, "%s %s: %s\n", when, in->path,
                r->built ? "no problems" : "not valid");
    else if (r->built)
        fprintf(stderr, "%s built %s (%zu %s)\n", when, in->output, r->pages,
                r->pages == 1 ? "page" : "pages");
    else if (in->output && stat(in->output, &st) == 0)
        fprintf(stderr, "%s %s: not built; %s is left as it was\n", when,
                in->path, in->output);
    else
        fprintf(stderr, "%s %s: not built\n", when, in->path);
}

/* Builds the inputs that are due, then reads again what each is made of. */
static void round_run(watcher *W)
{
    batch_input *sub = calloc(W->n, sizeof *sub);
    size_t *which = calloc(W->n, sizeof *which);
    batch_result *res = calloc(W->n, sizeof *res);
    size_t m = 0;
    if (sub && which && res)
        for (size_t i = 0; i < W->n; i++)
            if (W->w[i].due) {
                which[m] = i;
                sub[m++] = W->in[i];
                W->w[i].due = false;
            }
    batch_options bo = *W->opt;
    bo.progress = false;
    bo.results = res;
    batch_totals t;
    if (m && !batch_run(sub, m, &bo, &t))
        fputs("briefpack: out of memory\n", stderr);
    else
        for (size_t k = 0; k < m; k++) {
            say_result(W, &sub[k], &res[k]);
            W->w[which[k]].failed = !res[k].built;
            input_files(W, which[k]);
        }
    watch_folders(W);
    free(sub);
    free(which);
    free(res);
}

/* The stop signals (those not ignored at the start), blocked and read
 * from a descriptor between rounds; -1 when there are none. */
static int signals_open(void)
{
    sigset_t set;
    sigemptyset(&set);
    const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    bool any = false;
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        struct sigaction old;
        if (sigaction(stops[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
            sigaddset(&set, stops[k]);
            any = true;
        }
    }
    if (!any)
        return -1;
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    return signalfd(-1, &set, SFD_CLOEXEC);
}

int watch_run(const batch_input *in, size_t n, const batch_options *opt)
{
    watcher W = {.in = in, .n = n, .opt = opt};
    W.inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (W.inotify < 0) {
        fprintf(stderr, "briefpack: --watch cannot watch files: %s\n",
                strerror(errno));
        return 1;
    }
    W.w = calloc(n, sizeof *W.w);
    if (!W.w) {
        fputs("briefpack: out of memory\n", stderr);
        return 1;
    }
    W.signals = signals_open();
    for (size_t i = 0; i < n; i++)
        W.w[i].due = true;
    round_run(&W);
    if (!opt->quiet)
        fprintf(stderr, "briefpack: watching %zu %s for changes; Ctrl-C "
                        "stops\n", files_watched(&W),
                files_watched(&W) == 1 ? "file" : "files");
    for (;;) {
        wait_for_change(&W);
        round_run(&W);
    }
}
