/* libFuzzer target: bytes → the loader (load_roundtable_buffer), as a
 * roundtable file in a private folder that holds a few photos and a brand
 * file the input may name. Besides the sanitizers, every message must be
 * one printable line at a place inside the input (fuzz_env.h). The
 * language catalogs are read once, into a cache kept for the process, as a
 * batch worker keeps them.
 *
 *   make fuzz FUZZ_SECONDS=600      # both targets, see docs/testing.md
 *   build-fuzz/fuzz_load -dict=tests/fuzz/yaml.dict CORPUS_DIR
 */
#define _GNU_SOURCE /* nftw, memmem */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_env.h"
#include "load/load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static load_cache *catalogs;

static void free_catalogs(void)
{
    load_cache_free(catalogs);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    catalogs = load_cache_new();
    if (!catalogs)
        fuzz_die("no catalog cache", NULL);
    atexit(free_catalogs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    arena *mem = arena_new();
    diag d;
    diag_init(&d, mem);
    load_options opt = {.root = fuzz_root, .cache = catalogs};
    load_roundtable_buffer("fuzz.yaml", fuzz_dir, size ? (const char *)data : "",
                           size, &opt, a, &d);
    fuzz_check_messages(&d, "fuzz.yaml", data, size);
    arena_free(a);
    arena_free(mem);
    return 0;
}
