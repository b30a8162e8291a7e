#include "base/template.h"

#include <stdarg.h>
#include <string.h>

#define TEMPLATE_MAX_NAMES 8

const char *template_fill(arena *a, const char *tmpl, ...)
{
    if (!tmpl)
        return "";
    if (!strchr(tmpl, '{'))
        return tmpl;
    const char *names[TEMPLATE_MAX_NAMES], *values[TEMPLATE_MAX_NAMES];
    size_t n = 0;
    va_list ap;
    va_start(ap, tmpl);
    for (const char *name; n < TEMPLATE_MAX_NAMES &&
                           (name = va_arg(ap, const char *)) != NULL;) {
        names[n] = name;
        values[n++] = va_arg(ap, const char *);
    }
    va_end(ap);
    /* the length first, then the text */
    size_t len = 0;
    char *out = NULL;
    for (int pass = 0; pass < 2; pass++) {
        size_t o = 0;
        for (const char *p = tmpl; *p;) {
            const char *end = *p == '{' ? strchr(p, '}') : NULL;
            size_t k = n;
            if (end)
                for (k = 0; k < n; k++)
                    if (strlen(names[k]) == (size_t)(end - p - 1) &&
                        strncmp(names[k], p + 1, (size_t)(end - p - 1)) == 0)
                        break;
            if (end && k < n) {
                const char *v = values[k] ? values[k] : "";
                size_t vl = strlen(v);
                if (out)
                    memcpy(out + o, v, vl);
                o += vl;
                p = end + 1;
            } else {
                if (out)
                    out[o] = *p;
                o++;
                p++;
            }
        }
        if (!out) {
            len = o;
            out = arena_alloc(a, len + 1);
        } else {
            out[o] = '\0';
        }
    }
    (void)len;
    return out;
}
