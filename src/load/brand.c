/* Brand files (section 3 of the format): colours, fonts, logo, footer, page
 * size and typesetting switches. Every brand starts from the neutral one
 * (data/brands/default.yaml, or the built-in copy below when that file is
 * missing) and overrides what it sets. */
#include "load/load_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <math.h>

#include "load/contrast.h"

static const char *const brand_keys[] = {
    "name",   "colours", "fonts",     "logo",    "logo_alt", "footer",
    "page",   "justify", "hyphenate", "kerning", "print", NULL};
static const char *const colour_keys[] = {"primary", "accent", "link", "text",
                                          "muted", NULL};
static const char *const font_keys[] = {"regular", "bold", "italic",
                                        "bold_italic", "heading", NULL};
static const char *const page_names[] = {"A4", "A5", "Letter", NULL};
static const char *const font_exts[] = {".ttf", NULL};

static const char *brand_root(const load_options *opt)
{
    return opt->root && *opt->root ? opt->root : ".";
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Absolute when the file exists, so every stage sees one spelling of it;
 * tidied when it does not (a message never shows `build/../fonts`). */
static const char *resolved_or_given(arena *a, const char *path)
{
    return load_path_clean(a, path);
}

/* The neutral look, equal to data/brands/default.yaml. */
static void brand_builtin(model_brand *b, const load_options *opt, arena *a)
{
    const char *fonts = arena_printf(a, "%s/fonts", brand_root(opt));
    memset(b, 0, sizeof *b);
    b->name = (model_text){.s = "Briefing", .len = 8};
    b->primary = (model_colour){0x1F, 0x3A, 0x5F};
    b->accent = (model_colour){0x4F, 0x7C, 0xA8};
    b->text = (model_colour){0x1A, 0x1A, 0x1A};
    b->muted = (model_colour){0x6B, 0x6B, 0x6B};
    b->link = contrast_darken(b->accent, contrast_white, CONTRAST_AA);
    b->font_regular = resolved_or_given(
        a, arena_printf(a, "%s/LiberationSans-Regular.ttf", fonts));
    b->font_bold = resolved_or_given(
        a, arena_printf(a, "%s/LiberationSans-Bold.ttf", fonts));
    b->font_italic = resolved_or_given(
        a, arena_printf(a, "%s/LiberationSans-Italic.ttf", fonts));
    b->font_bold_italic = resolved_or_given(
        a, arena_printf(a, "%s/LiberationSans-BoldItalic.ttf", fonts));
    b->font_heading = b->font_bold;
    b->page = MODEL_PAGE_A4;
    b->justify = false;
    b->hyphenate = true;
    b->kerning = true;
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static bool brand_colour_parse(const char *s, size_t len, model_colour *out)
{
    if (len != 7 || s[0] != '#')
        return false;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hex_digit(s[i + 1])) < 0)
            return false;
    out->r = (uint8_t)(v[0] * 16 + v[1]);
    out->g = (uint8_t)(v[2] * 16 + v[3]);
    out->b = (uint8_t)(v[4] * 16 + v[5]);
    return true;
}

static bool brand_colour(load_ctx *c, const load_map *m, const char *key,
                         model_colour *out)
{
    const load_pair *p = load_map_find(m, key);
    if (!p)
        return false;
    const load_node *v = p->value;
    if (v->kind == LOAD_NODE_SCALAR && v->style == MODEL_TEXT_PLAIN &&
        v->len == 0) {
        /* `primary: #3C1053` is an empty value and a comment to YAML: the
         * commonest brand mistake, so name it. */
        const load_source *src = &c->src;
        size_t i = load_source_offset(src, p->key->pos);
        while (i < src->len && src->buf[i] != '\n' && src->buf[i] != '\r' &&
               src->buf[i] != '#')
            i++;
        if (i < src->len && src->buf[i] == '#') {
            size_t n = 1;
            while (n < 16 && i + n < src->len && hex_digit(src->buf[i + n]) >= 0)
                n++;
            load_error(c, load_source_pos_at(src, i),
                       "a colour must be in quotes, as in `%s: \"%.*s\"`: "
                       "unquoted, # starts a YAML comment",
                       key, (int)n, src->buf + i);
        }
        return false;
    }
    if (load_node_is_empty(v))
        return false;
    model_text t = {0};
    if (!load_text(c, v, &t))
        return false;
    if (brand_colour_parse(t.s, t.len, out))
        return true;
    load_error(c, t.pos, "expected a colour as #RRGGBB, found `%s`",
               load_quote(c, t.s, t.len));
    return false;
}

/* Every colour the brand file sets that text is drawn in, against white
 * (the page; the cover's title is white on the primary colour, the same
 * ratio): WCAG 2.2 AA's 4.5:1, as most of it is under 18 pt. A warning,
 * not an error: the PDF is still made, in the brand's colours. */
static void brand_contrast(load_ctx *c, const load_map *cm, const model_brand *b)
{
    static const struct {
        const char *key, *what;
    } uses[] = {
        {"text", "body text"},
        {"muted", "captions and footers"},
        {"primary", "headings, and the cover's white title on it"},
        {"link", "links and labels"},
    };
    const model_colour cols[] = {b->text, b->muted, b->primary, b->link};
    for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++) {
        const load_pair *p = load_map_find(cm, uses[i].key);
        double ratio = contrast_ratio(cols[i], contrast_white);
        if (!p || ratio >= CONTRAST_AA)
            continue;
        model_colour ok = contrast_darken(cols[i], contrast_white, CONTRAST_AA);
        load_warning(c, p->value->pos,
                     "`%s` #%02X%02X%02X (%s) has a contrast of %.2f:1 on white, "
                     "below the %.1f:1 that WCAG 2.2 AA asks of text; "
                     "#%02X%02X%02X is the nearest darker colour that passes",
                     uses[i].key, cols[i].r, cols[i].g, cols[i].b, uses[i].what,
                     floor(ratio * 100) / 100, CONTRAST_AA, ok.r, ok.g, ok.b);
    }
}

/* A TrueType (or OpenType with TrueType outlines) file starts with
 * 00 01 00 00 or `true`. */
static bool brand_is_truetype(const char *path)
{
    unsigned char sig[4];
    FILE *f = fopen(path, "rb");
    if (!f)
        return true; /* load_path has reported what is wrong with it */
    size_t n = fread(sig, 1, 4, f);
    fclose(f);
    return n == 4 && ((sig[0] == 0 && sig[1] == 1 && sig[2] == 0 && sig[3] == 0) ||
                      memcmp(sig, "true", 4) == 0);
}

/* A bare file name is one of ours (fonts/) first, then a file beside the
 * brand; anything with a slash is a path from the brand file. */
static const char *brand_font(load_ctx *c, const load_map *m, const char *key,
                              const char *fallback, bool *given)
{
    model_text t = {0};
    if (!load_map_text(c, m, key, LOAD_OPTIONAL, &t))
        return fallback;
    *given = true;
    const char *q = load_quote(c, t.s, t.len);
    if (!load_path_has_ext(t.s, font_exts)) {
        load_error(c, t.pos, "font `%s` must be a TrueType file (.ttf)", q);
        return fallback;
    }
    if (!strchr(t.s, '/')) {
        const char *root = brand_root(c->opt);
        const char *shipped = arena_printf(c->scratch, "%s/fonts/%s", root, t.s);
        if (is_file(shipped))
            return resolved_or_given(c->a, shipped);
        if (!is_file(arena_printf(c->scratch, "%s/%s", c->src.dir, t.s))) {
            load_error(c, t.pos,
                       "font `%s` not found in %s nor beside the brand file",
                       q,
                       load_path_clean(c->scratch,
                                       arena_printf(c->scratch, "%s/fonts",
                                                    root)));
            return fallback;
        }
    }
    const char *path = load_path(c, &t, "font", c->src.dir, font_exts,
                                 "a TrueType file (.ttf)");
    if (path && !brand_is_truetype(path)) {
        /* the font module says more when it loads the face; here the
         * message can still point at the line that names the file */
        load_error(c, t.pos, "font `%s` is not a TrueType font", q);
        return fallback;
    }
    return path ? path : fallback;
}

/* A brand that names some of the four text faces and not the others
 * would set its italics (say) in another family without a word: each face
 * left out gets a warning at `fonts:` naming the face used instead. */
static void brand_faces_missing(load_ctx *c, const load_map *top,
                                const bool given[4], const model_brand *b)
{
    static const char *const keys[4] = {"regular", "bold", "italic",
                                        "bold_italic"};
    static const char *const uses[4] = {"text", "bold text", "italic text",
                                        "bold italic text"};
    if (!given[0] && !given[1] && !given[2] && !given[3])
        return; /* the default family throughout */
    const char *faces[4] = {b->font_regular, b->font_bold, b->font_italic,
                            b->font_bold_italic};
    const load_pair *p = load_map_find(top, "fonts");
    for (size_t i = 0; i < 4; i++)
        if (!given[i])
            load_warning(c, p->key->pos,
                         "`fonts` names no `%s` face, so %s is set in %s "
                         "(the default brand's) instead; give `%s:` a font "
                         "to keep the brand's family",
                         keys[i], uses[i], load_basename(faces[i]), keys[i]);
}

static void brand_fonts(load_ctx *c, const load_map *top, model_brand *b,
                        const model_brand *base)
{
    const load_node *node = load_map_map(c, top, "fonts");
    if (!node)
        return;
    load_map m;
    load_map_begin(c, &m, node, font_keys, "`fonts`");
    bool given[4] = {false}, heading_given = false;
    b->font_regular = brand_font(c, &m, "regular", base->font_regular, &given[0]);
    b->font_bold = brand_font(c, &m, "bold", base->font_bold, &given[1]);
    b->font_italic = brand_font(c, &m, "italic", base->font_italic, &given[2]);
    b->font_bold_italic =
        brand_font(c, &m, "bold_italic", base->font_bold_italic, &given[3]);
    /* Headings follow the brand's own bold unless it names a heading face. */
    b->font_heading = brand_font(c, &m, "heading",
                                 given[1] ? b->font_bold : base->font_heading,
                                 &heading_given);
    brand_faces_missing(c, top, given, b);
}

static model_brand *brand_from_tree(load_ctx *c, const load_node *root,
                                    const model_brand *base)
{
    model_brand *b = arena_alloc(c->a, sizeof *b);
    *b = *base;
    /* Identity is not inherited: a brand without a logo has none. */
    b->path = c->src.name;
    b->name = (model_text){0};
    b->footer = (model_text){0};
    b->logo = NULL;
    b->logo_text = (model_text){0};
    b->logo_alt = (model_text){0};
    b->link_set = false;

    load_map m;
    load_map_begin(c, &m, root, brand_keys, "the brand");
    m.missing_pos = (srcpos){1, 1};
    load_map_text(c, &m, "name", LOAD_REQUIRED, &b->name);
    load_map_text(c, &m, "footer", LOAD_OPTIONAL, &b->footer);

    const load_node *colours = load_map_map(c, &m, "colours");
    load_map cm;
    if (colours) {
        load_map_begin(c, &cm, colours, colour_keys, "`colours`");
        brand_colour(c, &cm, "primary", &b->primary);
        brand_colour(c, &cm, "accent", &b->accent);
        brand_colour(c, &cm, "text", &b->text);
        brand_colour(c, &cm, "muted", &b->muted);
        b->link_set = brand_colour(c, &cm, "link", &b->link);
    }
    /* links and labels: the accent's hue, dark enough to read */
    if (!b->link_set)
        b->link = contrast_darken(b->accent, contrast_white, CONTRAST_AA);
    if (colours)
        brand_contrast(c, &cm, b);
    brand_fonts(c, &m, b, base);

    model_text logo = {0};
    if (load_map_text(c, &m, "logo", LOAD_OPTIONAL, &logo))
        b->logo = load_image_path(c, &logo, "logo");
    if (b->logo)
        b->logo_text = logo;
    load_map_text(c, &m, "logo_alt", LOAD_OPTIONAL, &b->logo_alt);

    model_text page = {0};
    if (load_map_text(c, &m, "page", LOAD_OPTIONAL, &page)) {
        if (strcmp(page.s, "A4") == 0) {
            b->page = MODEL_PAGE_A4;
        } else if (strcmp(page.s, "Letter") == 0) {
            b->page = MODEL_PAGE_LETTER;
        } else if (strcmp(page.s, "A5") == 0) {
            b->page = MODEL_PAGE_A5;
        } else {
            /* another paper size (A3, B5) is not a typo of A4 or A5 */
            bool other_size = page.len >= 2 && page.len <= 3 &&
                              strchr("ABCabc", page.s[0]) &&
                              strspn(page.s + 1, "0123456789") == page.len - 1;
            const char *near = load_suggest(page.s, page.len, page_names);
            if (other_size && near && strcasecmp(near, page.s) != 0)
                near = NULL;
            load_error(c, page.pos, "`page` must be A4, A5 or Letter, found `%s`%s%s%s",
                       load_quote(c, page.s, page.len),
                       near ? "; did you mean `" : "", near ? near : "",
                       near ? "`?" : "");
        }
    }
    load_map_bool(c, &m, "justify", &b->justify);
    load_map_bool(c, &m, "hyphenate", &b->hyphenate);
    load_map_bool(c, &m, "kerning", &b->kerning);
    load_map_print(c, &m, &b->print);
    return b;
}

void load_map_print(load_ctx *c, const load_map *m, model_print *out)
{
    static const char *const print_names[] = {"simplex", "duplex", NULL};
    model_text print = {0};
    if (!load_map_text(c, m, "print", LOAD_OPTIONAL, &print))
        return;
    if (strcmp(print.s, "simplex") == 0) {
        *out = MODEL_PRINT_SIMPLEX;
    } else if (strcmp(print.s, "duplex") == 0) {
        *out = MODEL_PRINT_DUPLEX;
    } else {
        /* what people call the two, as printers' dialogs say them */
        static const struct {
            const char *word, *meant;
        } plain[] = {{"double", "duplex"},      {"double-sided", "duplex"},
                     {"two-sided", "duplex"},   {"both sides", "duplex"},
                     {"single", "simplex"},     {"single-sided", "simplex"},
                     {"one-sided", "simplex"},  {"one side", "simplex"}};
        const char *near = load_suggest(print.s, print.len, print_names);
        for (size_t i = 0; !near && i < sizeof plain / sizeof *plain; i++)
            if (strcasecmp(print.s, plain[i].word) == 0)
                near = plain[i].meant;
        load_error(c, print.pos,
                   "`print` must be simplex (one-sided) or duplex "
                   "(two-sided), found `%s`%s%s%s",
                   load_quote(c, print.s, print.len),
                   near ? "; did you mean `" : "", near ? near : "",
                   near ? "`?" : "");
    }
}

/* Reads the brand file at `path` over `base`; `display` names it in
 * messages. NULL when the file has any error (they are in d). */
static model_brand *brand_read(const char *path, const char *display,
                               const model_brand *base, const load_options *opt,
                               arena *a, diag *d, const load_confine *confine)
{
    size_t max = opt->max_input ? opt->max_input : LOAD_MAX_INPUT_DEFAULT;
    const char *name = arena_strdup(a, display);
    size_t len = 0;
    arena *scratch = arena_new();
    char *buf = load_read_file(path, max, scratch, d, name, &len);
    if (!buf) {
        arena_free(scratch);
        return NULL;
    }
    load_ctx c;
    load_ctx_init(&c, opt, a, d, scratch, name, load_dirname(a, path), buf,
                  len);
    c.confine = confine;
    bool empty;
    const load_node *root = load_yaml_parse(&c, &empty);
    model_brand *b = NULL;
    if (empty)
        load_error(&c, (srcpos){1, 1},
                   "the brand file is empty; a brand needs at least `name`");
    else if (root && root->kind == LOAD_NODE_MAP)
        b = brand_from_tree(&c, root, base);
    else if (root && root->kind != LOAD_NODE_INVALID)
        load_error(&c, root->pos,
                   "expected a brand (a mapping with `name`, `colours`, …) at "
                   "the top level, found %s",
                   load_node_found(root));
    if (c.n_errors)
        b = NULL;
    arena_free(scratch);
    return b;
}

static model_brand *brand_default(const load_options *opt, arena *a, diag *d)
{
    model_brand *builtin = arena_alloc(a, sizeof *builtin);
    brand_builtin(builtin, opt, a);
    const char *path =
        arena_printf(a, "%s/data/brands/default.yaml", brand_root(opt));
    if (!is_file(path))
        return builtin;
    model_brand *b = brand_read(path, path, builtin, opt, a, d, NULL);
    return b ? b : builtin;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool brand_name_valid(const char *name)
{
    if (!*name)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return false;
    return true;
}

static int compare_names(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The shipped brands' names, sorted, NULL-terminated. */
static const char **brand_shipped(const load_options *opt, arena *a, size_t *n)
{
    const char **names = NULL;
    size_t cap = 0;
    *n = 0;
    DIR *dir = opendir(arena_printf(a, "%s/data/brands", brand_root(opt)));
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len <= 5 || !ends_with(e->d_name, ".yaml"))
                continue;
            char *name = arena_strndup(a, e->d_name, len - 5);
            if (brand_name_valid(name))
                *ARENA_PUSH(a, names, *n, cap) = name;
        }
        closedir(dir);
    }
    if (*n)
        qsort(names, *n, sizeof *names, compare_names);
    *ARENA_PUSH(a, names, *n, cap) = NULL;
    (*n)--;
    return names;
}

model_brand *brand_load_named(load_ctx *from, const model_text *written)
{
    const load_options *opt = from->opt;
    const char *name = written->s;
    model_brand *def = brand_default(opt, from->a, from->d);
    if (!strchr(name, '/') && !ends_with(name, ".yaml")) {
        if (strcmp(name, "default") == 0)
            return def;
        const char *path = arena_printf(from->scratch, "%s/data/brands/%s.yaml",
                                        brand_root(opt), name);
        if (!brand_name_valid(name) || !is_file(path)) {
            size_t n;
            const char **names = brand_shipped(opt, from->scratch, &n);
            const char *list = n ? "" : "none";
            for (size_t i = 0; i < n; i++)
                list = arena_printf(from->scratch, "%s%s%s", list,
                                    i ? ", " : "", names[i]);
            const char *near = load_suggest(name, written->len, names);
            load_error(from, written->pos,
                       "unknown brand `%s` (shipped brands: %s)%s%s%s",
                       load_quote(from, name, written->len), list,
                       near ? "; did you mean `" : "", near ? near : "",
                       near ? "`?" : "");
            return def;
        }
        /* Shipped brands are ours: no folder rule for their assets. */
        model_brand *b =
            brand_read(path, path, def, opt, from->a, from->d, NULL);
        return b ? b : def;
    }
    const char *path =
        load_path(from, written, "brand file", from->src.dir, NULL, NULL);
    if (!path)
        return def;
    const char *display =
        name[0] == '/' || strcmp(from->src.dir, ".") == 0
            ? name
            : arena_printf(from->scratch, "%s/%s", from->src.dir, name);
    size_t errors = from->d->errors;
    model_brand *b = brand_read(path, display, def, opt, from->a, from->d,
                                from->confine);
    /* In a batch of many roundtables sharing a brand, the brand file's
     * messages name only the brand file: say which input it failed. */
    if (from->d->errors > errors)
        load_error(from, written->pos,
                   "the brand file `%s` has errors (see its own messages)",
                   load_quote(from, name, written->len));
    return b ? b : def;
}

/* `--brand` is the operator's own choice: relative to the current folder,
 * with no folder rule, reported as coming from "--brand". */
model_brand *brand_load_override(const char *name, const load_options *opt,
                                 arena *a, diag *d)
{
    arena *scratch = arena_new();
    load_ctx c;
    load_ctx_init(&c, opt, a, d, scratch, "--brand", ".", "", 0);
    model_text written = {.s = name, .len = strlen(name)};
    model_brand *b = brand_load_named(&c, &written);
    arena_free(scratch);
    return b;
}

model_brand *load_brand(const char *name, const char *file, srcpos pos,
                        const load_options *opt, arena *a, diag *d)
{
    const load_options no_options = {0};
    if (!opt)
        opt = &no_options;
    if (!name)
        return brand_default(opt, a, d);
    if (!file)
        return brand_load_override(name, opt, a, d);
    arena *scratch = arena_new();
    load_ctx c;
    const char *dir = load_dirname(a, file);
    load_ctx_init(&c, opt, a, d, scratch, file, dir, "", 0);
    load_confine confine;
    load_confine_init(&confine, scratch, dir, c.src.name, opt);
    c.confine = &confine;
    model_text written = {.s = name, .len = strlen(name), .pos = pos,
                          .content = pos};
    model_brand *b = brand_load_named(&c, &written);
    arena_free(scratch);
    return b;
}

int load_list_brands(const load_options *opt, FILE *out)
{
    const load_options no_options = {0};
    if (!opt)
        opt = &no_options;
    arena *a = arena_new();
    diag d;
    diag_init(&d, a);
    size_t n;
    const char **names = brand_shipped(opt, a, &n);
    for (size_t i = 0; i < n; i++) {
        const char *path =
            arena_printf(a, "%s/data/brands/%s.yaml", brand_root(opt), names[i]);
        const char *display = names[i];
        size_t len = 0;
        char *buf = load_read_file(path, LOAD_MAX_INPUT_DEFAULT, a, &d, path,
                                   &len);
        if (buf) {
            load_ctx c;
            load_ctx_init(&c, opt, a, &d, a, path, ".", buf, len);
            bool empty;
            const load_node *root = load_yaml_parse(&c, &empty);
            if (root && root->kind == LOAD_NODE_MAP) {
                load_map m = {.node = root};
                const load_pair *p = load_map_find(&m, "name");
                if (p && p->value->kind == LOAD_NODE_SCALAR && p->value->len)
                    display = load_quote(&c, p->value->s, p->value->len);
            }
        }
        fprintf(out, "%s\t%s\n", names[i], display);
    }
    arena_free(a);
    return (int)n;
}
