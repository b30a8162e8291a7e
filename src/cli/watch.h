/* watch: `--watch` builds every input, then rebuilds an input whenever a
 * file it is made from changes — itself, its brand file, the brand's logo
 * and fonts, a photo, a pack's roundtables — until it is stopped.
 *
 * Linux's inotify watches the folders of those files (not the files
 * themselves, which an editor often replaces by renaming a new file over
 * the old), and an event counts when it names one of them. An input whose
 * last build failed may lack some of its files (a photo not there yet, a
 * brand file it could not read): any YAML, image or font file changing in
 * a watched folder rebuilds it. Events are gathered until 100 ms pass
 * without one, so an editor's several writes make one rebuild.
 *
 * Each rebuild is a batch (batch.h): messages as always, a PDF replaced
 * whole and atomically (a viewer that reloads sees the old file or the new
 * one), a failed input leaving its last good PDF in place, and a status
 * line with the time for each input rebuilt. The list of files is read
 * again after each rebuild (a new `brand:` or photo is watched from then
 * on). Ctrl-C (SIGINT), SIGTERM or SIGHUP ends it: between rebuilds at
 * once, during one as batch.h says, by the signal (exit status 130, 143,
 * 129). */
#ifndef BRIEFPACK_WATCH_H
#define BRIEFPACK_WATCH_H

#include <stddef.h>

#include "cli/batch.h"

/* Never returns but through a signal, or with status 1 when watching
 * cannot start (no inotify, no memory), after saying why. */
int watch_run(const batch_input *in, size_t n, const batch_options *opt);

#endif
