/* briefing: what a roundtable or a pack becomes on the page. The three
 * documents (a briefing, a pack of several, a handout before the event)
 * laid out into display lists (dl.h) with the layout engine. */
#ifndef BRIEFPACK_BRIEFING_H
#define BRIEFPACK_BRIEFING_H

#include "base/arena.h"
#include "base/diag.h"
#include "dl.h"
#include "layout/layout.h"
#include "model.h"

/* A whole briefing: cover, contents, body, speakers (briefing.c). */
dl_doc *layout_briefing(const model_roundtable *rt, const layout_theme *th,
                        arena *a, diag *d);
/* A pack of roundtables (pack.c). */
dl_doc *layout_pack(const model_pack *pk, const layout_theme *th, arena *a,
                    diag *d);
/* A handout (handout.c). */
dl_doc *layout_handout(const model_roundtable *rt, const layout_theme *th,
                       arena *a, diag *d);

#endif
