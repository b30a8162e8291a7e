/* Where briefpack's data is: beside the executable, then the folder
 * compiled in, then $BRIEFPACK_ROOT (root.h). */
#include "cli/root.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BRIEFPACK_DATADIR
#define BRIEFPACK_DATADIR "/usr/local/share/briefpack"
#endif

enum { ROOT_TRIES = 5 };

typedef struct root_tries {
    char path[ROOT_TRIES][PATH_MAX];
    const char *why[ROOT_TRIES]; /* what the place is, for the message */
    size_t n;
    bool env_set;
} root_tries;

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool holds_data(const char *dir)
{
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/data/brands", dir);
    if (!is_dir(probe))
        return false;
    snprintf(probe, sizeof probe, "%s/fonts", dir);
    return is_dir(probe);
}

static void try_add(root_tries *t, const char *why, const char *fmt,
                    const char *arg)
{
    if (t->n == ROOT_TRIES)
        return;
    int len = snprintf(t->path[t->n], PATH_MAX, fmt, arg);
    if (len > 0 && len < PATH_MAX)
        t->why[t->n++] = why;
}

/* The places, in the order they are tried. The executable's own folder is
 * resolved (symbolic links followed), so `..` is never printed. */
static void root_places(root_tries *t)
{
    memset(t, 0, sizeof *t);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash && slash != exe) {
            *slash = '\0'; /* the bin folder */
            char parent[PATH_MAX];
            snprintf(parent, sizeof parent, "%s", exe);
            char *up = strrchr(parent, '/');
            if (up)
                *(up == parent ? up + 1 : up) = '\0';
            try_add(t, "an install, beside the executable",
                    strcmp(parent, "/") ? "%s/share/briefpack"
                                        : "%sshare/briefpack", parent);
            try_add(t, "a clone, above its build/", "%s", parent);
        }
    }
    try_add(t, "PREFIX/share/briefpack, compiled in", "%s", BRIEFPACK_DATADIR);
    const char *env = getenv("BRIEFPACK_ROOT");
    t->env_set = env && *env;
    if (t->env_set)
        try_add(t, "$BRIEFPACK_ROOT", "%s", env);
}

const char *root_find(char *buf, size_t size)
{
    root_tries t;
    root_places(&t);
    for (size_t i = 0; i < t.n; i++) {
        if (!holds_data(t.path[i]))
            continue;
        char real[PATH_MAX];
        const char *found = realpath(t.path[i], real) ? real : t.path[i];
        if (strlen(found) >= size)
            continue;
        memcpy(buf, found, strlen(found) + 1);
        return buf;
    }
    return NULL;
}

void root_not_found(FILE *out)
{
    root_tries t;
    root_places(&t);
    fputs("briefpack: cannot find its data (the shipped brands and fonts: "
          "data/brands/ and fonts/); looked in:\n", out);
    for (size_t i = 0; i < t.n; i++)
        fprintf(out, "    %s  (%s)\n", t.path[i], t.why[i]);
    if (!t.env_set)
        fputs("    $BRIEFPACK_ROOT  (not set)\n", out);
    fputs("Install briefpack with `make install` (PREFIX=DIR for another "
          "place), or set BRIEFPACK_ROOT to the folder that holds data/ and "
          "fonts/ (PREFIX/share/briefpack of an install, or a clone).\n",
          out);
}
