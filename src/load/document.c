/* The loader's driver: a file read, told apart as a roundtable or a pack,
 * parsed (yaml.c) and turned into the model (roundtable.c, pack.c), with
 * what both kinds of file have in common: the format, the language, the
 * brand. */
#include "load/load_internal.h"

#include <string.h>
#include <strings.h>

#define FORMAT_V1 "briefpack/1"

void load_format(load_ctx *c, const load_map *m, model_text *out)
{
    if (load_map_text(c, m, "format", LOAD_OPTIONAL, out) &&
        strcmp(out->s, FORMAT_V1) != 0)
        load_error(c, out->pos,
                   "unsupported format `%s`; this version reads `" FORMAT_V1
                   "`",
                   load_quote(c, out->s, out->len));
}

/* The shape of a BCP 47 tag: a language of 2–3 letters (or 5–8, which
 * BCP 47 reserves for registered languages), then subtags of 1–8 letters
 * or digits (script, region, variants). Whether the language is known is
 * the hyphenation stage's business. */
static bool language_tag_valid(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
        i++;
        n++;
    }
    if (n < 2 || n == 4 || n > 8)
        return false;
    while (i < len) {
        if (s[i++] != '-')
            return false;
        n = 0;
        while (i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
                           (s[i] >= 'A' && s[i] <= 'Z') ||
                           (s[i] >= '0' && s[i] <= '9'))) {
            i++;
            n++;
        }
        if (n < 1 || n > 8)
            return false;
    }
    return true;
}

/* What people write instead of a tag: the language's name (which may have
 * a tag's shape: `English` is 7 letters), or a region BCP 47 does not use. */
static const struct {
    const char *name, *tag;
} language_names[] = {
    {"english", "en-GB"},         {"british", "en-GB"},
    {"british english", "en-GB"}, {"english (uk)", "en-GB"},
    {"uk english", "en-GB"},      {"en-uk", "en-GB"},
    {"american", "en-US"},        {"american english", "en-US"},
    {"english (us)", "en-US"},    {"us english", "en-US"},
    {"welsh", "cy"},              {"cymraeg", "cy"},
    {"irish", "ga"},              {"gaeilge", "ga"},
    {"gaelic", "gd"},             {"scottish gaelic", "gd"},
    {"french", "fr"},             {"fran\xC3\xA7" "ais", "fr"},
    {"german", "de"},             {"deutsch", "de"},
    {"spanish", "es"},            {"espa\xC3\xB1ol", "es"},
    {"italian", "it"},            {"dutch", "nl"},
    {"portuguese", "pt"},         {"polish", "pl"},
};

/* The tag meant by a value that is not one, or NULL. */
static const char *language_suggest(arena *a, const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof language_names / sizeof *language_names; i++)
        if (strlen(language_names[i].name) == len &&
            strncasecmp(s, language_names[i].name, len) == 0)
            return language_names[i].tag;
    /* en_GB, as locales write it */
    if (memchr(s, '_', len)) {
        char *dashed = arena_strndup(a, s, len);
        for (char *p = dashed; *p; p++)
            if (*p == '_')
                *p = '-';
        if (language_tag_valid(dashed, len))
            return dashed;
    }
    return NULL;
}

bool load_check_language(load_ctx *c, const model_text *lang)
{
    const char *near = language_suggest(c->scratch, lang->s, lang->len);
    if (!near && language_tag_valid(lang->s, lang->len))
        return true;
    load_error(c, lang->pos,
               "`language` must be a BCP 47 language tag such as en-GB, found "
               "`%s`%s%s%s",
               load_quote(c, lang->s, lang->len),
               near ? "; did you mean `" : "", near ? near : "",
               near ? "`?" : "");
    return false;
}

void load_language(load_ctx *c, const load_map *m, model_text *out,
                   const model_catalog **catalog)
{
    bool given = load_map_text(c, m, "language", LOAD_OPTIONAL, out);
    if (!given)
        *out = (model_text){.s = "en-GB", .len = 5};
    if (!given || load_check_language(c, out))
        *catalog = load_catalog(c, out);
}

void load_date_order(load_ctx *c, const load_map *m)
{
    const load_pair *p = load_map_find(m, "language");
    c->month_first = p && p->value->kind == LOAD_NODE_SCALAR &&
                     p->value->len >= 5 &&
                     strncasecmp(p->value->s, "en-US", 5) == 0;
}

model_brand *load_document_brand(load_ctx *c, const model_text *written)
{
    if (c->opt->brand_override)
        return brand_load_override(c->opt->brand_override, c->opt, c->a, c->d);
    if (written->s)
        return brand_load_named(c, written);
    return load_brand(NULL, NULL, (srcpos){0, 0}, c->opt, c->a, c->d);
}

bool load_looks_like_pack(const char *buf, size_t len)
{
    /* A top-level key starts a line; `roundtables` is no roundtable key. */
    static const char key[] = "roundtables";
    size_t k = sizeof key - 1;
    for (size_t i = 0; i + k < len; i++) {
        if (i && buf[i - 1] != '\n')
            continue;
        size_t j = i;
        if (buf[j] == '"' || buf[j] == '\'')
            j++;
        if (j + k <= len && memcmp(buf + j, key, k) == 0) {
            j += k;
            if (j < len && (buf[j] == '"' || buf[j] == '\''))
                j++;
            while (j < len && buf[j] == ' ')
                j++;
            if (j < len && buf[j] == ':')
                return true;
        }
    }
    return false;
}

model_roundtable *load_roundtable_buffer(const char *name, const char *dir,
                                         const char *buf, size_t len,
                                         const load_options *opt, arena *a,
                                         diag *d)
{
    const load_options no_options = {0};
    if (!opt)
        opt = &no_options;
    if (!dir)
        dir = ".";
    arena *scratch = arena_new();
    load_ctx c;
    load_ctx_init(&c, opt, a, d, scratch, name ? name : "<input>", dir, buf,
                  len);

    load_confine confine;
    load_confine_init(&confine, scratch, dir, c.src.name, opt);
    c.confine = &confine;

    bool empty;
    const load_node *root = load_yaml_parse(&c, &empty);
    model_roundtable *rt = NULL;
    if (empty)
        load_error(&c, (srcpos){1, 1},
                   "the file is empty; a roundtable needs at least `title` "
                   "and `date`");
    else if (root)
        rt = roundtable_from_tree(&c, root);
    arena_free(scratch);
    return rt;
}

model_roundtable *load_roundtable(const char *path, const load_options *opt,
                                  arena *a, diag *d)
{
    size_t max = opt && opt->max_input ? opt->max_input
                                       : LOAD_MAX_INPUT_DEFAULT;
    const char *name = arena_strdup(a, path);
    size_t len = 0;
    arena *file = arena_new();
    char *buf = load_read_file(path, max, file, d, name, &len);
    model_roundtable *rt =
        buf ? load_roundtable_buffer(name, load_dirname(a, path), buf, len,
                                     opt, a, d)
            : NULL;
    arena_free(file);
    return rt;
}

void load_document(const char *path, const char *data, size_t len,
                   const load_options *opt, arena *a, diag *d,
                   model_roundtable **rt, model_pack **pack)
{
    *rt = NULL;
    *pack = NULL;
    size_t max = opt && opt->max_input ? opt->max_input : LOAD_MAX_INPUT_DEFAULT;
    const char *name = arena_strdup(a, path);
    const char *dir = ".";
    arena *scratch = arena_new();
    if (!data) {
        data = load_read_file(path, max, scratch, d, name, &len);
        if (!data) {
            arena_free(scratch);
            return;
        }
        dir = load_dirname(a, path);
    }
    if (!load_looks_like_pack(data, len)) {
        *rt = load_roundtable_buffer(name, dir, data, len, opt, a, d);
        arena_free(scratch);
        return;
    }
    load_ctx c;
    load_ctx_init(&c, opt, a, d, scratch, name, dir, data, len);
    load_confine confine;
    load_confine_init(&confine, scratch, dir, c.src.name, opt);
    c.confine = &confine;
    bool empty;
    const load_node *root = load_yaml_parse(&c, &empty);
    if (root)
        *pack = pack_from_tree(&c, root);
    arena_free(scratch);
}
