/* briefpack: the command line. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"

#ifndef BRIEFPACK_DATADIR
#define BRIEFPACK_DATADIR "."
#endif

enum { EXIT_BUILT = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage: briefpack [options] FILE.yaml...\n"
    "Turns roundtable descriptions (YAML) into branded PDF briefings.\n"
    "\n"
    "  -o, --output PATH     a .pdf file (one input) or a folder (several);\n"
    "                        default NAME.pdf in the current folder; - for stdout\n"
    "      --brand NAME|FILE override the file's brand\n"
    "      --check           validate only: print every problem, build nothing\n"
    "      --allow-path DIR  let photos and logos come from DIR too (repeatable)\n"
    "      --max-input BYTES largest input file accepted (default 16 MiB)\n"
    "      --list-brands     the brands that ship\n"
    "      --version         print the version\n"
    "      --help            this help\n"
    "\n"
    "A FILE of - reads standard input. Messages are FILE:LINE:COL: error: TEXT.\n"
    "Exit status: 0 all built; 1 one or more inputs failed; 2 usage error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("briefpack: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'briefpack --help'.\n", stderr);
    return EXIT_USAGE;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder holding data/ and fonts/: $BRIEFPACK_ROOT, else beside the
 * executable (build/briefpack in a clone, bin/ in an install), else the
 * folder the program was built in. */
static const char *find_root(char *buf, size_t size)
{
    const char *env = getenv("BRIEFPACK_ROOT");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            const char *tries[] = {"%s/..", "%s", "%s/../share/briefpack"};
            for (size_t i = 0; i < 3; i++) {
                char probe[PATH_MAX + 64];
                snprintf(buf, size, tries[i], exe);
                snprintf(probe, sizeof probe, "%s/data/brands", buf);
                if (is_dir(probe))
                    return buf;
            }
        }
    }
    return BRIEFPACK_DATADIR;
}

/* Writes the whole file beside its target and renames it into place, so a
 * reader never sees half a PDF and a failure keeps the old one. */
static bool write_atomic(const char *path, const unsigned char *data,
                         size_t len, char *err, size_t err_size)
{
    char dir[PATH_MAX], tmp[PATH_MAX + 32];
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    else
        dir[0] = '\0';
    snprintf(tmp, sizeof tmp, "%s.briefpack-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, err_size, "cannot write in %s: %s", dir[0] ? dir : ".",
                 strerror(errno));
        return false;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
            close(fd);
            unlink(tmp);
            return false;
        }
        off += (size_t)w;
    }
    fchmod(fd, 0644);
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

static bool write_stdout(const unsigned char *data, size_t len)
{
    return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
}

static char *read_stdin(size_t max, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += r;
        if (n > max)
            break;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    *len = n;
    return buf;
}

/* NAME.pdf for an input path: its base name without .yaml/.yml. */
static char *output_name(const char *input, const char *folder)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (strcmp(input, "-") == 0)
        base = "briefing.yaml";
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
        n -= 4;
    size_t size = (folder ? strlen(folder) + 1 : 0) + n + 5;
    char *out = malloc(size);
    if (!out)
        return NULL;
    if (folder)
        snprintf(out, size, "%s%s%.*s.pdf", folder,
                 folder[strlen(folder) - 1] == '/' ? "" : "/", (int)n, base);
    else
        snprintf(out, size, "%.*s.pdf", (int)n, base);
    return out;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"brand", required_argument, NULL, 'b'},
        {"check", no_argument, NULL, 'c'},
        {"allow-path", required_argument, NULL, 'A'},
        {"max-input", required_argument, NULL, 'M'},
        {"list-brands", no_argument, NULL, 'L'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {"handout", no_argument, NULL, 'H'},
        {"archive", no_argument, NULL, 'R'},
        {"extract", required_argument, NULL, 'X'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    build_options opt = {0};
    const char **allow = calloc((size_t)argc + 1, sizeof *allow);
    size_t n_allow = 0;
    bool list_brands = false;
    char rootbuf[PATH_MAX];
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'b':
            opt.load.brand_override = optarg;
            break;
        case 'c':
            opt.check_only = true;
            break;
        case 'A':
            allow[n_allow++] = optarg;
            break;
        case 'M': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!*optarg || *end || v == 0) {
                free(allow);
                return usage_error("--max-input wants a number of bytes, not '%s'", optarg);
            }
            opt.load.max_input = (size_t)v;
            break;
        }
        case 'L':
            list_brands = true;
            break;
        case 'V':
            printf("briefpack %s\n", BRIEFPACK_VERSION);
            free(allow);
            return EXIT_BUILT;
        case 'h':
            fputs(usage_text, stdout);
            free(allow);
            return EXIT_BUILT;
        case 'H':
        case 'R':
        case 'X':
        case 'j':
        case 'q': {
            const char *name = c == 'H' ? "--handout" : c == 'R' ? "--archive"
                               : c == 'X' ? "--extract" : c == 'j' ? "--jobs"
                                                                   : "--quiet";
            free(allow);
            return usage_error("%s is not available in this version yet", name);
        }
        case ':':
            free(allow);
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            free(allow);
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    opt.load.root = find_root(rootbuf, sizeof rootbuf);
    opt.load.allow_paths = allow;
    opt.load.n_allow_paths = n_allow;
    if (!opt.load.max_input)
        opt.load.max_input = 16u << 20;

    if (list_brands) {
        int n = load_list_brands(&opt.load, stdout);
        free(allow);
        return n > 0 ? EXIT_BUILT : EXIT_FAILED;
    }
    int n_inputs = argc - optind;
    if (n_inputs < 1) {
        free(allow);
        return usage_error("%s", "no input file");
    }
    bool to_stdout = output && strcmp(output, "-") == 0;
    if (to_stdout && n_inputs > 1) {
        free(allow);
        return usage_error("%s", "-o - writes one PDF: give one input");
    }
    bool out_is_dir = output && !to_stdout &&
                      (n_inputs > 1 || is_dir(output) ||
                       output[strlen(output) - 1] == '/');
    if (out_is_dir && !is_dir(output) && mkdir(output, 0777) != 0) {
        fprintf(stderr, "briefpack: cannot make folder %s: %s\n", output,
                strerror(errno));
        free(allow);
        return EXIT_FAILED;
    }
    /* Every output name first: two inputs must never write one file. */
    char **outs = calloc((size_t)n_inputs, sizeof *outs);
    for (int i = 0; i < n_inputs && !opt.check_only; i++) {
        const char *in = argv[optind + i];
        if (to_stdout)
            outs[i] = NULL;
        else if (output && !out_is_dir)
            outs[i] = strdup(output);
        else
            outs[i] = output_name(in, out_is_dir ? output : NULL);
        if (!to_stdout && !outs[i]) {
            fputs("briefpack: out of memory\n", stderr);
            return EXIT_FAILED;
        }
        for (int k = 0; k < i; k++)
            if (outs[k] && outs[i] && strcmp(outs[k], outs[i]) == 0) {
                fprintf(stderr,
                        "briefpack: %s and %s would both be written to %s; "
                        "rename one or build them separately\n",
                        argv[optind + k], in, outs[i]);
                for (int j = 0; j <= i; j++)
                    free(outs[j]);
                free(outs);
                free(allow);
                return EXIT_USAGE;
            }
    }
    if (!opt.check_only && to_stdout && isatty(STDOUT_FILENO)) {
        free(outs);
        free(allow);
        return usage_error("%s", "not writing a PDF to a terminal; redirect it or use -o FILE");
    }

    build_worker *w = build_worker_new(opt.load.root);
    int failed = 0;
    for (int i = 0; i < n_inputs; i++) {
        const char *in = argv[optind + i];
        arena *msgs = arena_new();
        diag d;
        diag_init(&d, msgs);
        render_result res;
        char *data = NULL;
        size_t len = 0;
        if (strcmp(in, "-") == 0) {
            data = read_stdin(opt.load.max_input, &len);
            if (!data)
                len = 0;
        }
        bool ok = build_file(w, strcmp(in, "-") == 0 ? "<stdin>" : in,
                             strcmp(in, "-") == 0 ? (data ? data : "") : NULL,
                             len, &opt, &res, &d);
        free(data);
        diag_print(&d, stderr);
        if (ok && !opt.check_only) {
            char err[PATH_MAX + 256];
            if (to_stdout ? !write_stdout(res.pdf, res.size)
                          : !write_atomic(outs[i], res.pdf, res.size, err, sizeof err)) {
                fprintf(stderr, "%s: error: %s\n", in,
                        to_stdout ? "cannot write to standard output" : err);
                ok = false;
            }
            free(res.pdf);
        }
        if (!ok)
            failed++;
        arena_free(msgs);
    }
    build_worker_free(w);
    for (int i = 0; i < n_inputs; i++)
        free(outs[i]);
    free(outs);
    free(allow);
    return failed ? EXIT_FAILED : EXIT_BUILT;
}
