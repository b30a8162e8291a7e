/* A pack file (section 2 of the format): its own keys, then each
 * roundtable it names, loaded as a roundtable of its own whose messages
 * point into its own file. Problems with the list itself (a missing file,
 * an item that is a pack, a marking higher than the pack's) are reported
 * at the pack's line. */
#include "load/load_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define LOAD_MAX_PACK_ITEMS 500u

static const char *const pack_keys[] = {
    "format", "title",    "subtitle",   "prepared_for", "date",
    "classification", "brand", "language", "cover_note", "roundtables",
    "keywords", "status", "version", "print", NULL};
static const char *const yaml_exts[] = {".yaml", ".yml", NULL};

/* Protective markings in rising order (the UK Government Security
 * Classifications). -1: not one we know. */
int load_marking_rank(const char *s)
{
    static const char *const ranks[] = {"OFFICIAL", "OFFICIAL-SENSITIVE",
                                        "SECRET", "TOP SECRET"};
    char norm[32];
    size_t n = 0;
    for (; s && *s && n + 1 < sizeof norm; s++)
        norm[n++] = *s == '_' ? ' ' : (char)toupper((unsigned char)*s);
    norm[n] = '\0';
    if (strcmp(norm, "OFFICIAL SENSITIVE") == 0)
        return 1;
    if (strcmp(norm, "TOP-SECRET") == 0)
        return 3;
    for (int i = 0; i < 4; i++)
        if (strcmp(norm, ranks[i]) == 0)
            return i;
    return -1;
}

static void pack_item(load_ctx *c, model_pack *pk, const load_node *n,
                      const load_options *item_opt, const char **seen,
                      srcpos *seen_at, size_t index)
{
    model_text written;
    if (!load_text(c, n, &written))
        return;
    const char *path = load_path(c, &written, "roundtable", pk->dir, yaml_exts,
                                 "a YAML file (.yaml or .yml)");
    if (!path)
        return;
    for (size_t i = 0; i < index; i++)
        if (seen[i] && strcmp(seen[i], path) == 0) {
            load_error(c, written.pos,
                       "`%s` is listed twice (first at line %u)",
                       load_quote(c, written.s, written.len), seen_at[i].line);
            return;
        }
    seen[index] = path;
    seen_at[index] = written.pos;
    size_t max = c->opt->max_input ? c->opt->max_input : LOAD_MAX_INPUT_DEFAULT;
    /* messages about the item name it as the pack wrote it, from the pack's
     * folder */
    const char *name = strcmp(pk->dir, ".") == 0
                           ? written.s
                           : arena_printf(c->a, "%s/%s", pk->dir, written.s);
    size_t len = 0;
    arena *file = arena_new();
    char *buf = load_read_file(path, max, file, c->d, name, &len);
    model_roundtable *rt = NULL;
    if (buf && load_looks_like_pack(buf, len))
        load_error(c, written.pos,
                   "`%s` is itself a pack; a pack holds roundtables only",
                   load_quote(c, written.s, written.len));
    else if (buf)
        rt = load_roundtable_buffer(name, load_dirname(c->a, path), buf, len,
                                    item_opt, c->a, c->d);
    arena_free(file);
    if (!rt)
        return;
    pk->items[pk->n_items++] = rt;
    /* A final pack holds final texts only: a draft in it would go out as
     * final. */
    if (rt->status == MODEL_STATUS_DRAFT && pk->status != MODEL_STATUS_DRAFT)
        load_error(c, written.pos,
                   "`%s` is a draft (`status: draft` at its line %u): a final "
                   "pack holds final roundtables only; mark the pack "
                   "`status: draft` or finalise the roundtable",
                   load_quote(c, written.s, written.len),
                   rt->status_text.pos.line);
    /* A pack must never be marked lower than what it holds. */
    if (rt->classification.s && *rt->classification.s) {
        const char *item = rt->classification.s;
        const char *own = pk->classification.s;
        int ri = load_marking_rank(item);
        if (own && *own) {
            int rp = load_marking_rank(own);
            if ((ri < 0 || rp < 0) ? strcasecmp(item, own) != 0 : ri > rp)
                load_error(c, written.pos,
                           "`%s` is marked %s, %s this pack's %s: a pack must "
                           "carry the highest marking of what it holds; "
                           "raise `classification`",
                           load_quote(c, written.s, written.len), item,
                           (ri < 0 || rp < 0) ? "which cannot be compared with"
                                              : "higher than",
                           own);
        } else if (!pk->marking || load_marking_rank(item) >
                                       load_marking_rank(pk->marking)) {
            pk->marking = item;
        }
    }
}

model_pack *pack_from_tree(load_ctx *c, const load_node *root)
{
    if (root->kind != LOAD_NODE_MAP) {
        if (root->kind != LOAD_NODE_INVALID)
            load_error(c, root->pos,
                       "expected a pack (a mapping with `title`, `date` and "
                       "`roundtables`) at the top level, found %s",
                       load_node_found(root));
        return NULL;
    }
    model_pack *pk = arena_alloc(c->a, sizeof *pk);
    pk->path = c->src.name;
    pk->dir = c->src.dir;
    load_map m;
    load_map_begin(c, &m, root, pack_keys, "the pack");
    m.missing_pos = (srcpos){1, 1};
    load_date_order(c, &m);
    load_format(c, &m, &pk->format);
    load_map_text(c, &m, "title", LOAD_REQUIRED, &pk->title);
    load_map_text(c, &m, "subtitle", LOAD_OPTIONAL, &pk->subtitle);
    load_map_text(c, &m, "prepared_for", LOAD_OPTIONAL, &pk->prepared_for);
    load_map_date(c, &m, "date", LOAD_REQUIRED, &pk->date);
    load_map_text(c, &m, "classification", LOAD_OPTIONAL, &pk->classification);
    load_public_marking(c, &pk->classification);
    if (pk->classification.s && *pk->classification.s)
        pk->marking = pk->classification.s;
    load_map_text(c, &m, "brand", LOAD_OPTIONAL, &pk->brand);
    load_language(c, &m, &pk->language, &pk->catalog);
    load_status(c, &m, &pk->status, &pk->status_text, &pk->version);
    load_map_text(c, &m, "cover_note", LOAD_OPTIONAL, &pk->cover_note);
    load_map_text_list(c, &m, "keywords", &pk->keywords);
    load_map_print(c, &m, &pk->print);

    size_t n = 0;
    const load_node *list = load_map_list(c, &m, "roundtables",
                                          LOAD_MAX_PACK_ITEMS, "roundtables", &n);
    const load_pair *rp = load_map_find(&m, "roundtables");
    if (!rp)
        load_error(c, (srcpos){1, 1},
                   "missing required key `roundtables` in the pack");
    else if (!rp->value || load_node_is_empty(rp->value) ||
             (rp->value->kind == LOAD_NODE_LIST && rp->value->n_items == 0))
        load_error(c, rp->value ? rp->value->pos : rp->key->pos,
                   "`roundtables` is empty; a pack needs at least one");
    pk->items = arena_calloc(c->a, n ? n : 1, sizeof *pk->items);
    if (list && n) {
        /* Items may take assets from anywhere under the pack's folder. */
        load_options item_opt = *c->opt;
        const char **allow = arena_calloc(c->a, c->opt->n_allow_paths + 1,
                                          sizeof *allow);
        for (size_t i = 0; i < c->opt->n_allow_paths; i++)
            allow[i] = c->opt->allow_paths[i];
        allow[c->opt->n_allow_paths] = pk->dir;
        item_opt.allow_paths = allow;
        item_opt.n_allow_paths = c->opt->n_allow_paths + 1;
        item_opt.brand_override = NULL;
        const char **seen = arena_calloc(c->a, n, sizeof *seen);
        srcpos *seen_at = arena_calloc(c->a, n, sizeof *seen_at);
        for (size_t i = 0; i < n; i++)
            pack_item(c, pk, list->items[i], &item_opt, seen, seen_at, i);
    }

    pk->brand_model = load_document_brand(c, &pk->brand);
    /* every item in the pack's brand */
    for (size_t i = 0; i < pk->n_items; i++)
        pk->items[i]->brand_model = pk->brand_model;
    return pk;
}

