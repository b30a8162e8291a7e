#include "base/diag.h"
#include "base/oom.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag *d, arena *mem)
{
    memset(d, 0, sizeof *d);
    d->mem = mem;
    d->oom_mark = oom_failures();
}

bool diag_out_of_memory(diag *d)
{
    if (oom_failures() != d->oom_mark)
        d->out_of_memory = true;
    return d->out_of_memory;
}

void diag_vreport(diag *d, diag_severity sev, const char *file, srcpos pos,
                  const char *fmt, va_list ap)
{
    if (diag_out_of_memory(d)) {
        /* counted, so that the build fails, but not said */
        if (sev == DIAG_ERROR)
            d->errors++;
        return;
    }
    const char *text = arena_vprintf(d->mem, fmt, ap);
    const char *name = file ? file : "<input>";
    /* The same problem at the same place is said once (a construct met
     * twice on the way, such as a rule that is also a heading underline). */
    for (size_t i = d->n > 16 ? d->n - 16 : 0; i < d->n; i++) {
        const diag_entry *o = &d->items[i];
        if (o->severity == sev && o->pos.line == pos.line &&
            o->pos.col == pos.col && strcmp(o->text, text) == 0 &&
            strcmp(o->file, name) == 0)
            return;
    }
    if (sev == DIAG_NOTE) {
        /* never capped: it is what was asked for */
        diag_entry *e = ARENA_PUSH(d->mem, d->items, d->n, d->cap);
        *e = (diag_entry){sev, arena_strdup(d->mem, name), pos, text};
        return;
    }
    /* the cap per file, and one line (no place) to say so */
    diag_file_count *fc = NULL;
    for (size_t i = 0; i < d->n_files && !fc; i++)
        if (strcmp(d->files[i].file, name) == 0)
            fc = &d->files[i];
    if (!fc) {
        fc = ARENA_PUSH(d->mem, d->files, d->n_files, d->files_cap);
        fc->file = arena_strdup(d->mem, name);
    }
    bool is_error = sev == DIAG_ERROR;
    size_t *kept = is_error ? &fc->errors : &fc->warnings;
    bool *noted = is_error ? &fc->errors_noted : &fc->warnings_noted;
    if (pos.line != 0 && ++*kept > DIAG_MAX_PER_FILE) {
        if (is_error)
            d->errors++;
        else
            d->warnings++;
        if (*noted)
            return;
        *noted = true;
        pos = (srcpos){0, 0};
        text = arena_printf(d->mem, "more than %u %s; only the first %u are "
                                    "shown",
                            DIAG_MAX_PER_FILE,
                            is_error ? "problems" : "warnings",
                            DIAG_MAX_PER_FILE);
        diag_entry *note = ARENA_PUSH(d->mem, d->items, d->n, d->cap);
        note->severity = sev;
        note->file = fc->file;
        note->pos = pos;
        note->text = text;
        return;
    }
    diag_entry *e = ARENA_PUSH(d->mem, d->items, d->n, d->cap);
    e->severity = sev;
    /* the name is copied: it may live in a document arena freed before the
     * messages are printed */
    e->file = arena_strdup(d->mem, name);
    e->pos = pos;
    e->text = text;
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_error(diag *d, const char *file, srcpos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, DIAG_ERROR, file, pos, fmt, ap);
    va_end(ap);
}

void diag_warning(diag *d, const char *file, srcpos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, DIAG_WARNING, file, pos, fmt, ap);
    va_end(ap);
}

void diag_note(diag *d, const char *file, srcpos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, DIAG_NOTE, file, pos, fmt, ap);
    va_end(ap);
}

void diag_format(const diag_entry *e, char *buf, size_t size)
{
    const char *sev = e->severity == DIAG_ERROR     ? "error"
                      : e->severity == DIAG_WARNING ? "warning"
                                                    : "note";
    if (e->pos.line)
        snprintf(buf, size, "%s:%u:%u: %s: %s", e->file, e->pos.line,
                 e->pos.col ? e->pos.col : 1, sev, e->text);
    else
        snprintf(buf, size, "%s: %s: %s", e->file, sev, e->text);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const diag_entry *a = *(const diag_entry *const *)pa;
    const diag_entry *b = *(const diag_entry *const *)pb;
    int f = strcmp(a->file, b->file);
    if (f)
        return f;
    if (a->pos.line != b->pos.line)
        return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col)
        return a->pos.col < b->pos.col ? -1 : 1;
    return a < b ? -1 : a > b;
}

void diag_print(const diag *d, FILE *out)
{
    if (!d->n)
        return;
    const diag_entry **order = malloc(d->n * sizeof *order);
    char buf[2048];
    if (!order) {
        /* out of memory: every message still, in the order they came */
        for (size_t i = 0; i < d->n; i++) {
            diag_format(&d->items[i], buf, sizeof buf);
            fprintf(out, "%s\n", buf);
        }
        return;
    }
    for (size_t i = 0; i < d->n; i++)
        order[i] = &d->items[i];
    qsort(order, d->n, sizeof *order, diag_cmp);
    for (size_t i = 0; i < d->n; i++) {
        diag_format(order[i], buf, sizeof buf);
        fprintf(out, "%s\n", buf);
    }
    free(order);
}
