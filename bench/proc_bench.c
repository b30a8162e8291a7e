/* Runs a command repeatedly as a fresh process and reports, per run, the
 * wall time (CLOCK_MONOTONIC around fork … wait4), the child's user and
 * system CPU time, its peak resident set (ru_maxrss) and its page faults
 * (ru_minflt + ru_majflt), from wait4's rusage, which counts that child
 * alone. Standard output of the child goes to /dev/null unless -O FILE is
 * given; its standard error is kept.
 *
 *   proc_bench [-w WARMUP] [-n RUNS] [-O FILE] -- COMMAND [ARGS...]
 *   proc_bench --fault-cost    what one page fault costs on this machine
 *
 * Prints one line of key=value pairs: medians, minimums and maximums. Exits
 * non-zero when any run of the command fails. Built by bench/run.sh. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
    return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int run_once(char **argv, const char *out, double *wall, double *cpu,
                    double *user, double *sys, double *rss, double *flt)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            close(fd);
        }
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return -1;
    }
    *wall = now_ms() - t0;
    *user = tv_ms(ru.ru_utime);
    *sys = tv_ms(ru.ru_stime);
    *cpu = *user + *sys;
    *rss = (double)ru.ru_maxrss; /* KiB on Linux */
    *flt = (double)ru.ru_minflt + (double)ru.ru_majflt;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Touches 16 MiB of fresh anonymous memory, one write per 4 KiB page, and
 * reports the best time per page over 20 tries: the price of a minor fault
 * (the kernel's zeroing of the page included). */
static int fault_cost(void)
{
    size_t pages = 4096, size = pages * 4096;
    double best = 1e9;
    for (int k = 0; k < 20; k++) {
        char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return 1;
        double t0 = now_ms();
        for (size_t i = 0; i < size; i += 4096)
            p[i] = 1;
        double us = (now_ms() - t0) * 1e3 / (double)pages;
        if (us < best)
            best = us;
        munmap(p, size);
    }
    printf("fault_us=%.3f\n", best);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fault-cost") == 0)
        return fault_cost();
    int warmup = 3, runs = 20;
    const char *out = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-O") == 0 && i + 1 < argc)
            out = argv[++i];
        else {
            fprintf(stderr, "usage: proc_bench [-w N] [-n N] [-O FILE] -- CMD...\n");
            return 2;
        }
    }
    if (i + 1 >= argc || runs < 1) {
        fprintf(stderr, "usage: proc_bench [-w N] [-n N] [-O FILE] -- CMD...\n");
        return 2;
    }
    char **cmd = argv + i + 1;
    double *w = calloc((size_t)runs, sizeof *w), *c = calloc((size_t)runs, sizeof *c);
    double *u = calloc((size_t)runs, sizeof *u), *s = calloc((size_t)runs, sizeof *s);
    double *r = calloc((size_t)runs, sizeof *r), *f = calloc((size_t)runs, sizeof *f);
    double dw, dc, du, ds, dr, df;
    for (int k = 0; k < warmup; k++)
        if (run_once(cmd, out, &dw, &dc, &du, &ds, &dr, &df) != 0) {
            fprintf(stderr, "proc_bench: %s failed\n", cmd[0]);
            return 1;
        }
    for (int k = 0; k < runs; k++)
        if (run_once(cmd, out, &w[k], &c[k], &u[k], &s[k], &r[k], &f[k]) != 0) {
            fprintf(stderr, "proc_bench: %s failed\n", cmd[0]);
            return 1;
        }
    double mw = median(w, runs), mc = median(c, runs), mu = median(u, runs);
    double ms = median(s, runs), mr = median(r, runs), mf = median(f, runs);
    printf("runs=%d wall_ms=%.3f wall_min=%.3f wall_max=%.3f cpu_ms=%.3f "
           "cpu_min=%.3f cpu_max=%.3f user_ms=%.3f sys_ms=%.3f rss_kb=%.0f "
           "rss_max=%.0f faults=%.0f\n",
           runs, mw, w[0], w[runs - 1], mc, c[0], c[runs - 1], mu, ms, mr,
           r[runs - 1], mf);
    return 0;
}
