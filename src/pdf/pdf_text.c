/* PDF text strings; see pdf_text.h. */
#include "pdf/pdf_text.h"

#include <stdint.h>
#include <string.h>

/* UTF-16BE with a byte order mark; invalid UTF-8 becomes U+FFFD, a byte
 * at a time. `out` holds 2 + 2 * strlen(s) bytes. */
static size_t utf16_encode(const char *s, unsigned char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    out[o++] = 0xfe;
    out[o++] = 0xff;
    while (*p) {
        uint32_t cp = 0xfffd;
        size_t need = 0;
        if (*p < 0x80) {
            cp = *p;
        } else if (*p >= 0xc2 && *p <= 0xdf) {
            cp = *p & 0x1f;
            need = 1;
        } else if (*p >= 0xe0 && *p <= 0xef) {
            cp = *p & 0x0f;
            need = 2;
        } else if (*p >= 0xf0 && *p <= 0xf4) {
            cp = *p & 0x07;
            need = 3;
        }
        size_t k = 1;
        for (; k <= need; k++) {
            if ((p[k] & 0xc0) != 0x80)
                break;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        static const uint32_t min_of[4] = {0, 0x80, 0x800, 0x10000};
        if (k <= need || (need && (cp < min_of[need] || cp > 0x10ffff ||
                                   (cp >= 0xd800 && cp <= 0xdfff)))) {
            cp = 0xfffd;
            k = 1;
        } else if (!need && *p >= 0x80) {
            cp = 0xfffd;
        }
        p += k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
            out[o++] = (unsigned char)(hi >> 8);
            out[o++] = (unsigned char)hi;
            out[o++] = (unsigned char)(lo >> 8);
            out[o++] = (unsigned char)lo;
        } else {
            out[o++] = (unsigned char)(cp >> 8);
            out[o++] = (unsigned char)cp;
        }
    }
    return o;
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

pdf_text pdf_text_of(arena *a, const char *s)
{
    pdf_text t;
    t.ascii = printable_ascii(s);
    if (t.ascii) {
        t.n = strlen(s);
        t.p = (unsigned char *)arena_strndup(a, s, t.n);
    } else {
        t.p = arena_alloc(a, strlen(s) * 2 + 4);
        t.n = utf16_encode(s, t.p);
    }
    return t;
}

HPDF_Dict pdf_text_object(HPDF_MMgr mm, const pdf_text *t)
{
    if (t->ascii)
        return (HPDF_Dict)HPDF_String_New(mm, (const char *)t->p, NULL);
    return (HPDF_Dict)HPDF_Binary_New(mm, t->p, (HPDF_UINT)t->n);
}

HPDF_Dict pdf_text_string(HPDF_MMgr mm, arena *a, const char *s)
{
    pdf_text t = pdf_text_of(a, s);
    return pdf_text_object(mm, &t);
}
