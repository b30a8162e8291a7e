#!/bin/sh
# `make bench`: the benchmark of issue 8, item 1. Installs the tools it uses
# when it can (as root, with apt-get), builds briefpack and the helpers in
# bench/ (against build/libbriefpack.a), then runs bench/bench.py, which
# prints a table and writes bench/results.md. A few minutes on 2 cores.
#
# Knobs (environment): BENCH_DOCS=1000 BENCH_RUNS=30 BENCH_BATCH_RUNS=3
# BENCH_QUICK=1 (a short run to try the script). Nothing here is part of
# `make check`.
set -eu
cd "$(dirname "$0")/.."

# --- tools: hyperfine, GNU time, valgrind, qpdf, pdfinfo, perf, python3
need=""
command -v hyperfine >/dev/null 2>&1 || need="$need hyperfine"
[ -x /usr/bin/time ] || need="$need time"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v qpdf >/dev/null 2>&1 || need="$need qpdf"
command -v pdfinfo >/dev/null 2>&1 || need="$need poppler-utils"
command -v python3 >/dev/null 2>&1 || need="$need python3"
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing$need" >&2
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; } ||
            echo "bench: could not install$need; going on without" >&2
    else
        echo "bench: missing$need (apt-get install -y$need); going on without" >&2
    fi
fi
command -v python3 >/dev/null 2>&1 || { echo "bench: python3 is required" >&2; exit 1; }

# --- briefpack itself (make bench already did this; harmless when run alone)
make -s all >/dev/null

# --- the helpers, built like the Makefile builds the tests
B=build/bench
mkdir -p "$B"
PKGS="yaml-0.1 libcmark harfbuzz harfbuzz-subset zlib libpng"
HPDF=$(pkg-config --libs libhpdf 2>/dev/null || echo -lhpdf)
HYPH=$(pkg-config --libs hyphen 2>/dev/null || echo -lhyphen)
CC=${CC:-cc}
CF="-O2 -g -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra"
# shellcheck disable=SC2086
$CC $CF -o "$B/proc_bench" bench/proc_bench.c
# break_bench uses the library's internal headers, which other work may
# change: if it no longer builds, (d) is skipped and said so.
rm -f "$B/break_bench"
# shellcheck disable=SC2046,SC2086
$CC $CF -Isrc $(pkg-config --cflags $PKGS) -o "$B/break_bench" bench/break_bench.c \
    build/libbriefpack.a $(pkg-config --libs $PKGS) $HPDF $HYPH -lm -lpthread ||
    echo "bench: bench/break_bench.c did not build; (d) will be skipped" >&2

BENCH_BIN="$B" exec python3 bench/bench.py
