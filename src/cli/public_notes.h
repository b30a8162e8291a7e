/* public_notes: what the public version of a file leaves out, one note a
 * thing at its place (`--check --public`), for its author to review before
 * publishing. */
#ifndef BRIEFPACK_PUBLIC_NOTES_H
#define BRIEFPACK_PUBLIC_NOTES_H

#include "base/diag.h"
#include "model.h"

/* Notes for a roundtable (pack NULL) or for every item of a pack. */
void public_notes(const model_roundtable *rt, const model_pack *pack,
                  diag *d);

#endif
