/* libFuzzer target: bytes → a whole build (build_file from memory: load,
 * Markdown, shaping, breaking, layout, rendering) → PDF bytes in memory,
 * freed. One build_worker for the process, reused by every input as a
 * batch worker is (fonts and hyphenation patterns stay loaded). Besides the
 * sanitizers: every message is one printable line at a place inside the
 * input, and a build that succeeds gives a whole PDF.
 *
 *   make fuzz FUZZ_SECONDS=600      # both targets, see docs/testing.md
 *   build-fuzz/fuzz_build -dict=tests/fuzz/yaml.dict CORPUS_DIR
 */
#define _GNU_SOURCE /* nftw, memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cli/build.h"
#include "fuzz_env.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static build_worker *worker;

static void free_worker(void)
{
    build_worker_free(worker);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    worker = build_worker_new(fuzz_root);
    if (!worker)
        fuzz_die("no worker", NULL);
    atexit(free_worker);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *mem = arena_new();
    diag d;
    diag_init(&d, mem);
    build_options opt = {.load = {.root = fuzz_root}};
    render_result out;
    bool ok = build_file(worker, "fuzz.yaml", size ? (const char *)data : "",
                         size, &opt, &out, &d);
    fuzz_check_messages(&d, "fuzz.yaml", data, size);
    if (ok && (d.errors || !out.pdf || out.size < 16 ||
               memcmp(out.pdf, "%PDF-", 5) != 0 ||
               !memmem(out.pdf + out.size - 16, 16, "%%EOF", 5))) {
        fprintf(stderr, "FUZZ CHECK: a build that succeeded gave no whole "
                        "PDF (%zu bytes, %zu errors)\n", out.size, d.errors);
        abort();
    }
    if (!ok && out.pdf) {
        fprintf(stderr, "FUZZ CHECK: a failed build returned PDF bytes\n");
        abort();
    }
    free(out.pdf);
    arena_free(mem);
    return 0;
}
