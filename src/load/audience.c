/* What a file says about its audiences and its life (issue 16): `status`
 * (a draft or the final text) with its `version`, `internal: true` on an
 * item, and the marking a public version may carry. */
#include "load/load_internal.h"

#include <string.h>

static const char *const status_names[] = {"draft", "final", NULL};

void load_status(load_ctx *c, const load_map *m, model_status *status,
                 model_text *status_text, model_text *version)
{
    *status = MODEL_STATUS_FINAL;
    if (load_map_text(c, m, "status", LOAD_OPTIONAL, status_text)) {
        if (strcmp(status_text->s, "draft") == 0) {
            *status = MODEL_STATUS_DRAFT;
        } else if (strcmp(status_text->s, "final") != 0) {
            const char *near = load_suggest(status_text->s, status_text->len,
                                            status_names);
            load_error(c, status_text->pos,
                       "`status` must be draft or final, found `%s`%s%s%s",
                       load_quote(c, status_text->s, status_text->len),
                       near ? "; did you mean `" : "", near ? near : "",
                       near ? "`?" : "");
        }
    }
    bool final_said = !status_text->s || strcmp(status_text->s, "final") == 0;
    if (load_map_text(c, m, "version", LOAD_OPTIONAL, version) && final_said)
        load_warning(c, version->pos,
                     "`version` is printed only on a draft (`status: draft`): "
                     "this file is final, and its PDF says no version");
}

void load_internal_flag(load_ctx *c, const load_map *m, model_internal *out)
{
    bool on = false;
    const load_pair *p = load_map_find(m, "internal");
    if (load_map_bool(c, m, "internal", &on) && on) {
        out->set = true;
        out->pos = p->key->pos;
    }
}

void load_public_marking(load_ctx *c, const model_text *classification)
{
    if (!c->opt->public_version || !classification->s ||
        !*classification->s)
        return;
    int rank = load_marking_rank(classification->s);
    if (rank == 0)
        return;
    const char *m = load_quote(c, classification->s, classification->len);
    if (rank > 0)
        load_error(c, classification->pos,
                   "this file is marked %s: a public version (--public) may "
                   "carry no marking above OFFICIAL; publish only what is "
                   "cleared, from a file marked OFFICIAL",
                   m);
    else
        load_error(c, classification->pos,
                   "this file is marked `%s`, which briefpack cannot compare "
                   "with OFFICIAL: a public version (--public) may carry no "
                   "marking above OFFICIAL",
                   m);
}
