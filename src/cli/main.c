/* briefpack: the command line. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/build.h"
#include "extract/extract.h"
#include "cli/outputs.h"
#include "cli/root.h"
#include "cli/starter.h"
#include "cli/watch.h"

enum { EXIT_BUILT = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };
enum { MAX_JOBS = 1024 };

static const char usage_text[] =
    "Usage: briefpack [options] FILE.yaml...\n"
    "       briefpack new [--pack | --brand] FILE.yaml [ROUNDTABLE.yaml...]\n"
    "Turns roundtable files (YAML) into branded PDF briefings, and pack files\n"
    "into briefing packs.\n"
    "\n"
    "  -o, --output PATH     a .pdf file (one input) or a folder (several);\n"
    "                        default NAME.pdf (NAME-handout.pdf with --handout)\n"
    "                        in the current folder; - for stdout\n"
    "  -j, --jobs N          build N files at once (default: all cores; one\n"
    "                        for a single input)\n"
    "  -q, --quiet           no progress line and no summary (problems are\n"
    "                        still printed)\n"
    "      --handout         a printable handout: questions with space for\n"
    "                        notes, speakers; no cover, no takeaways\n"
    "      --archive         PDF/A-3a, with the source files attached\n"
    "      --public          the public version: no item marked internal, no\n"
    "                        attendees, no marking (with --check: list what\n"
    "                        it leaves out)\n"
    "      --extract FILE.pdf write the source attached to an archival PDF to\n"
    "                        stdout (-o FILE.yaml: into that file; -o DIR/:\n"
    "                        every attached file into DIR)\n"
    "      --brand NAME|FILE override the file's brand\n"
    "      --duplex          for two-sided printing: parts open on right-hand\n"
    "                        pages, margins mirrored\n"
    "      --simplex         for one-sided printing (the default)\n"
    "      --page SIZE       A4, A5 or Letter, over the brand's page size\n"
    "      --check           validate only: print every problem, build nothing\n"
    "      --watch           build, then rebuild each input whenever it or a\n"
    "                        file it uses changes, until Ctrl-C\n"
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
    "even when the run is interrupted, and never over an input or a file an\n"
    "input uses.\n"
    "Exit status: 0 all built; 1 one or more inputs failed (the others are still\n"
    "built); 2 usage error; 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP) interrupted.\n"
    "\n"
    "briefpack new FILE.yaml writes a starter roundtable to edit, every key in it\n"
    "explained; --pack a pack (listing the ROUNDTABLE files given, or a starter\n"
    "roundtable it writes in roundtables/), --brand a brand. It never replaces a\n"
    "file.\n"
    "\n"
    "Environment: BRIEFPACK_ROOT, the folder holding briefpack's data/ and fonts/\n"
    "when it is not beside the program nor where it was installed;\n"
    "SOURCE_DATE_EPOCH, seconds since 1970: the date written into each PDF's\n"
    "properties instead of the file's own (and the date of a starter).\n"
    "See briefpack(1) and briefpack-format(5).\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("briefpack: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'briefpack --help'.\n", stderr);
    return EXIT_USAGE;
}

/* --- standard descriptors ------------------------------------------------- */

/* Started with 0, 1 or 2 closed (`2>&-`, a daemon's child), the first file
 * opened would take that number, and messages written "to stderr" would go
 * into a PDF. Each closed one is opened on /dev/null; `closed` remembers
 * which, so that writing a PDF or the help to a closed standard output is
 * still an error. */
static void std_fds_guard(bool closed[3])
{
    for (int fd = 0; fd < 3; fd++) {
        closed[fd] = fcntl(fd, F_GETFD) == -1 && errno == EBADF;
        if (!closed[fd])
            continue;
        int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
}

/* Standard output written and flushed, or a message and EXIT_FAILED (a
 * full disk, a closed pipe, a closed descriptor: `--help >/dev/full`). */
static int stdout_done(bool was_closed)
{
    errno = 0;
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    int e = was_closed ? EBADF : errno ? errno : EIO;
    if (!bad && !was_closed)
        return EXIT_BUILT;
    fprintf(stderr, "briefpack: cannot write to standard output: %s\n",
            strerror(e));
    return EXIT_FAILED;
}

/* --- options -------------------------------------------------------------- */

typedef struct cli {
    const char *output;
    build_options opt;
    const char **allow;
    size_t n_allow;
    bool list_brands, quiet, version, help;
    bool watch;             /* --watch: rebuild on every change */
    const char *extract_path;
    unsigned jobs;
    bool closed[3];         /* standard descriptors closed at the start */
} cli;

static const struct option cli_longopts[] = {
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
    {"public", no_argument, NULL, 'P'},
    {"duplex", no_argument, NULL, 'D'},
    {"simplex", no_argument, NULL, 'S'},
    {"page", required_argument, NULL, 'G'},
    {"watch", no_argument, NULL, 'W'},
    {NULL, 0, NULL, 0},
};

/* An option getopt refused, named as it was typed: `-x.yaml` is the
 * option -x inside the word -x.yaml (a file whose name starts with a dash
 * is given as ./-x.yaml), `--h` is ambiguous between --handout and --help.
 * `word` is the argument the refused option was read from. */
static int bad_option(const char *word, int letter, bool missing_value)
{
    if (strncmp(word, "--", 2) == 0) {
        size_t n = strcspn(word + 2, "=");
        if (missing_value)
            return usage_error("option '%s' needs a value", word);
        char found[256] = "";
        size_t matches = 0;
        for (const struct option *o = cli_longopts; o->name; o++)
            if (n && strncmp(o->name, word + 2, n) == 0) {
                matches++;
                size_t used = strlen(found);
                snprintf(found + used, sizeof found - used, "%s--%s",
                         used ? ", " : "", o->name);
            }
        if (matches > 1) {
            fprintf(stderr, "briefpack: option '%.*s' is ambiguous: %s\n"
                            "Try 'briefpack --help'.\n",
                    (int)(n + 2), word, found);
            return EXIT_USAGE;
        }
        if (matches == 1 && word[2 + n] == '=')
            return usage_error("option '%s' takes no value", word);
        return usage_error("unknown option '%s'", word);
    }
    char opt[3] = {'-', (char)letter, '\0'};
    if (missing_value)
        return usage_error("option '%s' needs a value", opt);
    bool file_like = strchr(word, '.') || strchr(word, '/');
    if (strcmp(word, opt) == 0)
        return usage_error("unknown option '%s'", opt);
    fprintf(stderr, "briefpack: unknown option '%s' in '%s'%s%s\n"
                    "Try 'briefpack --help'.\n",
            opt, word, file_like ? "; a file whose name starts with '-' is "
                                   "given as ./" : "",
            file_like ? word : "");
    return EXIT_USAGE;
}

/* --max-input: bytes, or with K, M or G (binary: 16M is 16 MiB); 0 when
 * it is none of those. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long unit = 1;
    if (*end && !end[1] && strchr("kKmMgG", *end)) {
        unit = *end == 'k' || *end == 'K' ? 1ull << 10
               : *end == 'm' || *end == 'M' ? 1ull << 20 : 1ull << 30;
        end++;
    }
    if (!*s || *s == '-' || *end || v == 0 || v > (SIZE_MAX / 2) / unit)
        return 0;
    return (size_t)(v * unit);
}

/* Reads the options into c. Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, cli *c)
{
    opterr = 0;
    for (;;) {
        int before = optind;
        int ch = getopt_long(argc, argv, ":o:j:qh", cli_longopts, NULL);
        if (ch == -1)
            break;
        /* the argument the option came from: the one getopt has moved past,
         * or the one it is still inside (-qx) */
        const char *word = optind > before || optind >= argc
                               ? argv[optind - 1] : argv[optind];
        switch (ch) {
        case 'o':
            c->output = optarg;
            break;
        case 'b':
            c->opt.load.brand_override = optarg;
            break;
        case 'c':
            c->opt.check_only = true;
            break;
        case 'A':
            c->allow[c->n_allow++] = optarg;
            break;
        case 'M':
            c->opt.load.max_input = parse_size(optarg);
            if (!c->opt.load.max_input)
                return usage_error("--max-input wants a size in bytes (or "
                                   "with K, M or G), not '%s'", optarg);
            break;
        case 'j': {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || *optarg == '-' || v == 0 || v > MAX_JOBS)
                return usage_error("-j wants a number of files to build at once, "
                                   "1 to 1024, not '%s'", optarg);
            c->jobs = (unsigned)v;
            break;
        }
        case 'q':
            c->quiet = true;
            break;
        case 'L':
            c->list_brands = true;
            break;
        case 'V':
            c->version = true;
            return -1;
        case 'h':
            c->help = true;
            return -1;
        case 'H':
            c->opt.handout = true;
            break;
        case 'R':
            c->opt.archive = true;
            break;
        case 'P':
            c->opt.public_version = true;
            c->opt.load.public_version = true;
            break;
        case 'X':
            c->extract_path = optarg;
            break;
        case 'D':
            c->opt.print = MODEL_PRINT_DUPLEX;
            break;
        case 'S':
            c->opt.print = MODEL_PRINT_SIMPLEX;
            break;
        case 'G':
            /* any case on the command line, as people type it (a file's
             * `page:` is written as the schema offers it) */
            c->opt.page_set = true;
            if (strcasecmp(optarg, "A4") == 0)
                c->opt.page = MODEL_PAGE_A4;
            else if (strcasecmp(optarg, "A5") == 0)
                c->opt.page = MODEL_PAGE_A5;
            else if (strcasecmp(optarg, "Letter") == 0)
                c->opt.page = MODEL_PAGE_LETTER;
            else
                return usage_error("--page wants A4, A5 or Letter, not '%s'",
                                   optarg);
            break;
        case 'W':
            c->watch = true;
            break;
        case ':':
            return bad_option(word, optopt, true);
        default:
            return bad_option(word, optopt, false);
        }
    }
    return -1;
}

/* --- the modes ------------------------------------------------------------ */

static char *read_stdin(size_t max, size_t *len, int *err)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    *err = 0;
    if (!buf) {
        *err = ENOMEM;
        return NULL;
    }
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += r;
        if (n > max)
            break;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                *err = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        *err = errno ? errno : EIO;
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int build_inputs(cli *c, char **inputs, size_t n_inputs)
{
    size_t n_stdin = 0;
    for (size_t i = 0; i < n_inputs; i++)
        n_stdin += strcmp(inputs[i], "-") == 0;
    if (n_stdin > 1)
        return usage_error("%s", "- (standard input) can be read only once");
    if (n_stdin && c->closed[0])
        return usage_error("%s", "- reads standard input, which is closed");
    bool to_stdout = c->output && strcmp(c->output, "-") == 0;
    if (to_stdout && n_inputs > 1)
        return usage_error("%s", "-o - writes one PDF: give one input");
    if (to_stdout && !c->opt.check_only && c->closed[1])
        return usage_error("%s", "-o - writes to standard output, which is closed");
    if (c->watch && (n_stdin || to_stdout))
        return usage_error("%s", "--watch rebuilds files when they change: not "
                                 "standard input, nor -o -");
    if (!c->opt.check_only && to_stdout && isatty(STDOUT_FILENO))
        return usage_error("%s", "not writing a PDF to a terminal; redirect it or use -o FILE");
    /* Every output first: two inputs never write one file, no PDF goes
     * over an input, and what is refused is refused before anything is
     * written. */
    outputs_request rq = {.inputs = (const char *const *)inputs,
                          .n = n_inputs, .output = c->output,
                          .to_stdout = to_stdout || c->opt.check_only,
                          .handout = c->opt.handout};
    int status = EXIT_FAILED;
    char **outs = outputs_plan(&rq, stderr, &status);
    if (!outs)
        return status;

    /* Standard input is read before the workers start (and before the
     * signals are taken over: until then Ctrl-C simply stops). */
    char *stdin_data = NULL;
    size_t stdin_len = 0;
    if (n_stdin) {
        int err;
        stdin_data = read_stdin(c->opt.load.max_input, &stdin_len, &err);
        if (!stdin_data) {
            fprintf(stderr, "<stdin>: error: %s%s\n",
                    err == ENOMEM ? "" : "cannot read standard input: ",
                    err == ENOMEM ? "out of memory" : strerror(err));
            outputs_free(outs, n_inputs);
            return EXIT_FAILED;
        }
    }
    batch_input *in = calloc(n_inputs, sizeof *in);
    if (!in) {
        fputs("briefpack: out of memory\n", stderr);
        free(stdin_data);
        outputs_free(outs, n_inputs);
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
        .build = &c->opt,
        .root = c->opt.load.root,
        .jobs = c->jobs,
        .to_stdout = to_stdout,
        .progress = !c->quiet && isatty(STDERR_FILENO),
        .quiet = c->quiet,
        .file_mode = 0666 & ~mask,
    };
    if (c->watch) {
        /* ends by a signal, or fails to start */
        status = watch_run(in, n_inputs, &bo);
        free(in);
        free(stdin_data);
        outputs_free(outs, n_inputs);
        return status;
    }
    batch_totals t;
    if (!batch_run(in, n_inputs, &bo, &t)) {
        fputs("briefpack: out of memory\n", stderr);
        status = EXIT_FAILED;
    } else {
        if (n_inputs > 1 && !c->quiet) {
            if (c->opt.check_only)
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
    outputs_free(outs, n_inputs);
    return status;
}

static int run(cli *c, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "new") == 0) {
        /* `briefpack new FILE.yaml`: a starter (a file named `new` is
         * built as ./new) */
        char rootbuf[PATH_MAX];
        const char *root = root_find(rootbuf, sizeof rootbuf);
        if (!root) {
            root_not_found(stderr);
            return EXIT_FAILED;
        }
        return starter_main(argc - 1, argv + 1, root);
    }
    int status = parse_options(argc, argv, c);
    if (status >= 0)
        return status;
    if (c->help) {
        fputs(usage_text, stdout);
        return stdout_done(c->closed[1]);
    }
    if (c->version) {
        printf("briefpack %s\n", BRIEFPACK_VERSION);
        return stdout_done(c->closed[1]);
    }
    char rootbuf[PATH_MAX];
    c->opt.load.root = root_find(rootbuf, sizeof rootbuf);
    c->opt.load.allow_paths = c->allow;
    c->opt.load.n_allow_paths = c->n_allow;
    if (!c->opt.load.max_input)
        c->opt.load.max_input = 16u << 20;
    if (!c->jobs) {
        /* one input is one job: under `xargs -P N` or GNU parallel, each
         * process builds its file alone, and the cores are shared out by
         * the processes */
        long cores = argc - optind == 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
        c->jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (unsigned)cores;
    }
    if (c->watch && (c->extract_path || c->list_brands))
        return usage_error("%s", "--watch goes with files to build or check");
    if (c->extract_path) {
        if (optind < argc)
            return usage_error("--extract reads one PDF; '%s' is one argument "
                               "too many", argv[optind]);
        if (c->opt.archive || c->opt.check_only || c->opt.handout ||
            c->opt.print || c->opt.page_set)
            return usage_error("%s", "--extract goes alone (with -o DIR at most)");
        const char *out = c->output && strcmp(c->output, "-") != 0 ? c->output
                                                                   : NULL;
        if (!out && c->closed[1])
            return usage_error("%s", "--extract writes to standard output, "
                                     "which is closed (use -o)");
        status = extract_main(c->extract_path, out, stderr);
        if (!out && status == EXIT_BUILT)
            status = stdout_done(false);
        return status;
    }
    if (!c->list_brands && optind >= argc)
        return usage_error("%s", "no input file");
    if (!c->opt.load.root) {
        root_not_found(stderr);
        return EXIT_FAILED;
    }
    if (c->list_brands) {
        int n = load_list_brands(&c->opt.load, stdout);
        status = stdout_done(c->closed[1]);
        if (n <= 0 && status == EXIT_BUILT) {
            fprintf(stderr, "briefpack: no brands found in %s/data/brands\n",
                    c->opt.load.root);
            status = EXIT_FAILED;
        }
        return status;
    }
    /* an archive carries its sources, and the source holds the internal
     * items the public version leaves out */
    if (c->opt.public_version && c->opt.archive)
        return usage_error("%s", "--public cannot be archived: --archive "
                                 "attaches the source file, which holds what "
                                 "the public version leaves out");
    return build_inputs(c, argv + optind, (size_t)(argc - optind));
}

int main(int argc, char **argv)
{
    cli c = {0};
    std_fds_guard(c.closed);
    /* Past a file-size limit (ulimit -f) a write fails with EFBIG, and the
     * PDF is reported as not written, instead of the whole run being
     * killed by SIGXFSZ with a partial temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
    c.allow = calloc((size_t)argc + 1, sizeof *c.allow);
    if (!c.allow) {
        fputs("briefpack: out of memory\n", stderr);
        return EXIT_FAILED;
    }
    int status = run(&c, argc, argv);
    free(c.allow);
    return status;
}
