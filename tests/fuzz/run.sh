#!/bin/sh
# Runs every fuzz target for SECONDS each, one after the other, on the
# corpus in BUILD/corpus/TARGET (kept between runs: a run resumes where the
# last stopped), seeded from make-seeds.sh. What it finds goes to
# BUILD/artifacts/ (crash-*, leak-*, timeout-*, oom-*); each run's log is
# BUILD/TARGET.log. Usage: run.sh BUILD SECONDS [libFuzzer options...]
# (make fuzz FUZZ_SECONDS=N FUZZ_ARGS='...' calls it).
set -u
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
seconds=${2:-60}
shift 2 2>/dev/null || shift $#
# absolute paths: the targets work in a folder of their own (fuzz_env.h)
case $build in /*) ;; *) build=$PWD/$build ;; esac
sh tests/fuzz/make-seeds.sh "$build/seeds" > /dev/null
mkdir -p "$build/artifacts"
# stop on every sanitizer report but the known ones (ubsan.supp)
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/fuzz/ubsan.supp"
status=0
for t in fuzz_load fuzz_build; do
    mkdir -p "$build/corpus/$t"
    echo "== $t, $seconds s (log: $build/$t.log)"
    # -timeout: a roundtable builds in milliseconds, so 10 s is a hang;
    # -rss_limit_mb: the memory bound the loader's limits promise, with room
    # for the sanitizers.
    "$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -dict="$PWD/tests/fuzz/yaml.dict" -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$t-" "$@" \
        "$build/corpus/$t" "$build/seeds" > "$build/$t.log" 2>&1
    rc=$?
    grep -E '^#[0-9]+ +DONE|^stat::|SUMMARY|ERROR' "$build/$t.log" | tail -12
    if [ "$rc" -ne 0 ]; then
        echo "$t: found a problem (exit status $rc); see $build/$t.log and $build/artifacts/"
        status=1
    fi
done
exit $status
