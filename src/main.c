/* briefpack: the command line. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "build.h"
#include "extract.h"

#ifndef BRIEFPACK_DATADIR
#define BRIEFPACK_DATADIR "."
#endif

enum { EXIT_BUILT = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };
enum { MAX_JOBS = 1024 };

static const char usage_text[] =
    "Usage: briefpack [options] FILE.yaml...\n"
    "Turns roundtable files (YAML) into branded PDF briefings, and pack files\n"
    "into briefing packs.\n"
    "\n"
    "  -o, --output PATH     a .pdf file (one input) or a folder (several);\n"
    "                        default NAME.pdf in the current folder; - for stdout\n"
    "  -j, --jobs N          build N files at once (default: all cores)\n"
    "  -q, --quiet           no progress line and no summary (problems are\n"
    "                        still printed)\n"
    "      --handout         a printable handout: questions with space for\n"
    "                        notes, speakers; no cover, no takeaways\n"
    "      --archive         PDF/A-3u, with the source files attached\n"
    "      --extract FILE.pdf write the source attached to an archival PDF to\n"
    "                        stdout (-o FILE.yaml: into that file; -o DIR/:\n"
    "                        every attached file into DIR)\n"
    "      --brand NAME|FILE override the file's brand\n"
    "      --check           validate only: print every problem, build nothing\n"
    "      --allow-path DIR  let photos and logos come from DIR too (repeatable)\n"
    "      --max-input BYTES largest input file accepted (default 16 MiB)\n"
    "      --list-brands     the brands that ship\n"
    "      --version         print the version\n"
    "      --help            this help\n"
    "\n"
    "A FILE of - reads standard input. Messages are FILE:LINE:COL: error: TEXT,\n"
    "each file's together, in the order of the inputs. On a terminal a progress\n"
    "line shows how far the batch is; several inputs end with a summary line\n"
    "(built N, failed M, P pages, T s). Each PDF is written whole or not at all,\n"
    "even when the run is interrupted.\n"
    "Exit status: 0 all built; 1 one or more inputs failed (the others are still\n"
    "built); 2 usage error; 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP) interrupted.\n";

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

/* mkdir -p: every missing folder of `path`. */
static bool make_dirs(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (!is_dir(buf) && mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        buf[i] = c;
    }
    return true;
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

/* Two inputs must never write one file: the first clash in input order,
 * found by sorting the names (so ten thousand inputs cost nothing). */
typedef struct named {
    const char *name;
    size_t index;
} named;

static int named_cmp(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

static bool find_clash(char **outs, size_t n, size_t *first, size_t *second)
{
    named *v = malloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    bool found = false;
    if (!v)
        return false;
    for (size_t i = 0; i < n; i++)
        if (outs[i])
            v[m++] = (named){outs[i], i};
    qsort(v, m, sizeof *v, named_cmp);
    for (size_t k = 1, group = 0; k < m; k++) {
        if (strcmp(v[k].name, v[group].name) != 0) {
            group = k;
            continue;
        }
        if (!found || v[k].index < *second) {
            *first = v[group].index;
            *second = v[k].index;
            found = true;
        }
    }
    free(v);
    return found;
}

static void free_outs(char **outs, size_t n)
{
    for (size_t i = 0; outs && i < n; i++)
        free(outs[i]);
    free(outs);
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
    bool list_brands = false, quiet = false;
    const char *extract_path = NULL;
    unsigned jobs = 0;
    char rootbuf[PATH_MAX];
    int c;
    if (!allow) {
        fputs("briefpack: out of memory\n", stderr);
        return EXIT_FAILED;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
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
            /* bytes, or with K, M or G (binary: 16M is 16 MiB) */
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            unsigned long long unit = 1;
            if (*end && !end[1] && strchr("kKmMgG", *end)) {
                unit = *end == 'k' || *end == 'K' ? 1ull << 10
                       : *end == 'm' || *end == 'M' ? 1ull << 20 : 1ull << 30;
                end++;
            }
            if (!*optarg || *optarg == '-' || *end || v == 0 ||
                v > (SIZE_MAX / 2) / unit) {
                free(allow);
                return usage_error("--max-input wants a size in bytes (or "
                                   "with K, M or G), not '%s'", optarg);
            }
            v *= unit;
            opt.load.max_input = (size_t)v;
            break;
        }
        case 'j': {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || *optarg == '-' || v == 0 || v > MAX_JOBS) {
                free(allow);
                return usage_error("-j wants a number of files to build at once, "
                                   "1 to 1024, not '%s'", optarg);
            }
            jobs = (unsigned)v;
            break;
        }
        case 'q':
            quiet = true;
            break;
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
            opt.handout = true;
            break;
        case 'R':
            opt.archive = true;
            break;
        case 'X':
            extract_path = optarg;
            break;
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
    if (!jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (unsigned)cores;
    }

    if (extract_path) {
        if (optind < argc) {
            free(allow);
            return usage_error("--extract reads one PDF; '%s' is one argument "
                               "too many", argv[optind]);
        }
        if (opt.archive || opt.check_only || opt.handout) {
            free(allow);
            return usage_error("%s", "--extract goes alone (with -o DIR at most)");
        }
        free(allow);
        return extract_main(extract_path,
                            output && strcmp(output, "-") != 0 ? output : NULL,
                            stderr);
    }
    if (list_brands) {
        int n = load_list_brands(&opt.load, stdout);
        free(allow);
        return n > 0 ? EXIT_BUILT : EXIT_FAILED;
    }
    size_t n_inputs = (size_t)(argc - optind);
    char **inputs = argv + optind;
    if (n_inputs < 1) {
        free(allow);
        return usage_error("%s", "no input file");
    }
    size_t n_stdin = 0;
    for (size_t i = 0; i < n_inputs; i++)
        n_stdin += strcmp(inputs[i], "-") == 0;
    if (n_stdin > 1) {
        free(allow);
        return usage_error("%s", "- (standard input) can be read only once");
    }
    bool to_stdout = output && strcmp(output, "-") == 0;
    if (to_stdout && n_inputs > 1) {
        free(allow);
        return usage_error("%s", "-o - writes one PDF: give one input");
    }
    bool out_is_dir = output && !to_stdout &&
                      (n_inputs > 1 || is_dir(output) ||
                       output[strlen(output) - 1] == '/');
    if (out_is_dir && n_inputs > 1 && !is_dir(output)) {
        size_t len = strlen(output);
        if (len > 4 && strcmp(output + len - 4, ".pdf") == 0) {
            free(allow);
            return usage_error("-o %s names one file; give a folder for several inputs",
                               output);
        }
    }
    /* Every output name first: two inputs must never write one file, and
     * a clash is found before anything is written. */
    char **outs = calloc(n_inputs, sizeof *outs);
    if (!outs) {
        fputs("briefpack: out of memory\n", stderr);
        free(allow);
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < n_inputs && !opt.check_only && !to_stdout; i++) {
        if (output && !out_is_dir)
            outs[i] = strdup(output);
        else
            outs[i] = output_name(inputs[i], out_is_dir ? output : NULL);
        if (!outs[i]) {
            fputs("briefpack: out of memory\n", stderr);
            free_outs(outs, n_inputs);
            free(allow);
            return EXIT_FAILED;
        }
    }
    size_t first, second;
    if (find_clash(outs, n_inputs, &first, &second)) {
        fprintf(stderr,
                "briefpack: %s and %s would both be written to %s; "
                "rename one or build them separately\n",
                inputs[first], inputs[second], outs[second]);
        free_outs(outs, n_inputs);
        free(allow);
        return EXIT_USAGE;
    }
    if (!opt.check_only && to_stdout && isatty(STDOUT_FILENO)) {
        free_outs(outs, n_inputs);
        free(allow);
        return usage_error("%s", "not writing a PDF to a terminal; redirect it or use -o FILE");
    }
    /* A PDF replaces a file, never a device, a pipe or a link (as root,
     * `-o /dev/null` would otherwise replace /dev/null). */
    for (size_t i = 0; i < n_inputs && outs[i]; i++) {
        struct stat st;
        if (lstat(outs[i], &st) == 0 && !S_ISREG(st.st_mode) &&
            !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "briefpack: %s is not a regular file; briefpack "
                            "writes PDFs only to files (use -o - for a pipe)\n",
                    outs[i]);
            free_outs(outs, n_inputs);
            free(allow);
            return EXIT_USAGE;
        }
    }
    if (out_is_dir && !opt.check_only && !is_dir(output) && !make_dirs(output)) {
        fprintf(stderr, "briefpack: cannot make folder %s: %s\n", output,
                strerror(errno));
        free_outs(outs, n_inputs);
        free(allow);
        return EXIT_FAILED;
    }

    /* Standard input is read before the workers start (and before the
     * signals are taken over: until then Ctrl-C simply stops). */
    char *stdin_data = NULL;
    size_t stdin_len = 0;
    if (n_stdin) {
        stdin_data = read_stdin(opt.load.max_input, &stdin_len);
        if (!stdin_data)
            stdin_len = 0;
    }
    batch_input *in = calloc(n_inputs, sizeof *in);
    if (!in) {
        fputs("briefpack: out of memory\n", stderr);
        free(stdin_data);
        free_outs(outs, n_inputs);
        free(allow);
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < n_inputs; i++) {
        bool is_stdin = strcmp(inputs[i], "-") == 0;
        in[i] = (batch_input){
            .path = inputs[i],
            .data = is_stdin ? stdin_data : NULL,
            .len = is_stdin ? stdin_len : 0,
            .output = outs[i],
        };
    }
    mode_t mask = umask(0);
    umask(mask);
    batch_options bo = {
        .build = &opt,
        .root = opt.load.root,
        .jobs = jobs,
        .to_stdout = to_stdout,
        .progress = !quiet && isatty(STDERR_FILENO),
        .quiet = quiet,
        .file_mode = 0666 & ~mask,
    };
    batch_totals t;
    int status;
    if (!batch_run(in, n_inputs, &bo, &t)) {
        fputs("briefpack: out of memory\n", stderr);
        status = EXIT_FAILED;
    } else {
        if (n_inputs > 1 && !quiet) {
            if (opt.check_only)
                fprintf(stderr, "valid %zu, invalid %zu, %.1f s\n", t.built,
                        t.failed, t.seconds);
            else
                fprintf(stderr, "built %zu, failed %zu, %zu %s, %.1f s\n",
                        t.built, t.failed, t.pages,
                        t.pages == 1 ? "page" : "pages", t.seconds);
        }
        status = t.failed ? EXIT_FAILED : EXIT_BUILT;
    }
    free(in);
    free(stdin_data);
    free_outs(outs, n_inputs);
    free(allow);
    return status;
}
