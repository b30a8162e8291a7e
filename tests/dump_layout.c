/* dump_layout: a roundtable's or pack's display list as text (layout/
 * dump.h), as build would lay it out, for the golden tests (tests/layout/)
 * and for reading a layout change.
 *
 *     build/dump_layout [--handout] [--public] [--brand NAME] [--duplex] [--page SIZE]
 *                       FILE.yaml > FILE.txt
 *
 * Run from the repository (fonts and brands are found under the current
 * folder, or $BRIEFPACK_ROOT). Exit status 1 with the messages on stderr
 * when the file does not lay out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "cli/build.h"

int main(int argc, char **argv)
{
    build_options opt = {0};
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--handout") == 0)
            opt.handout = true;
        else if (strcmp(argv[i], "--public") == 0)
            opt.public_version = opt.load.public_version = true;
        else if (strcmp(argv[i], "--brand") == 0 && i + 1 < argc)
            opt.load.brand_override = argv[++i];
        else if (strcmp(argv[i], "--duplex") == 0)
            opt.print = MODEL_PRINT_DUPLEX;
        else if (strcmp(argv[i], "--page") == 0 && i + 1 < argc) {
            const char *p = argv[++i];
            opt.page_set = true;
            opt.page = strcmp(p, "A5") == 0       ? MODEL_PAGE_A5
                       : strcmp(p, "Letter") == 0 ? MODEL_PAGE_LETTER
                                                  : MODEL_PAGE_A4;
        }
        else
            input = argv[i];
    }
    if (!input) {
        fputs("usage: dump_layout [--handout] [--public] [--brand NAME] [--duplex] "
              "[--page SIZE] FILE.yaml\n", stderr);
        return 2;
    }
    const char *root = getenv("BRIEFPACK_ROOT");
    opt.load.root = root && *root ? root : ".";
    opt.load.max_input = 16u << 20;
    build_worker *w = build_worker_new(opt.load.root);
    arena *msgs = arena_new_lasting();
    diag d;
    diag_init(&d, msgs);
    bool ok = w && build_dump_layout(w, input, &opt, stdout, &d);
    diag_print(&d, stderr);
    arena_free(msgs);
    build_worker_free(w);
    return ok && fflush(stdout) == 0 ? 0 : 1;
}
