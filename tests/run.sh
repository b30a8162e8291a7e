#!/bin/sh
# The whole test suite: unit tests (cmocka), end-to-end tests on the
# examples and the bad inputs, the same again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and valgrind on the examples. Ends with
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=build/test-log
mkdir -p build
: > "$log"

count() { # $1 = passed, $2 = failed
    passed=$((passed + $1))
    failed=$((failed + $2))
}

unit_suite() { # $1 = build dir
    for t in "$1"/test_*; do
        [ -x "$t" ] || continue
        out=$("$t" 2>&1)
        status=$?
        echo "$out" >> "$log"
        p=$(echo "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        f=$(echo "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        p=${p:-0}
        f=${f:-0}
        if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "$out" | tail -20
        fi
        [ "$f" -gt 0 ] && echo "$out" | grep -E '^\[  (FAILED|  ERROR)|Failure|error' | head -20
        echo "$(basename "$t") ($1): $p passed, $f failed"
        count "$p" "$f"
    done
}

e2e_suite() { # $1 = briefpack binary, $2 = label, $3 = extra env
    # every tests/e2e*.sh script, each given the binary to test
    out=$(for s in tests/e2e*.sh; do env $3 sh "$s" "$1"; done 2>&1)
    echo "$out" >> "$log"
    p=$(echo "$out" | grep -c '^PASS ')
    f=$(echo "$out" | grep -c '^FAIL ')
    echo "$out" | grep '^FAIL ' | head -30
    echo "end-to-end ($2): $p passed, $f failed"
    count "$p" "$f"
}

echo "== build"
if ! make -s all unit >> "$log" 2>&1; then
    tail -30 "$log"
    echo "0 passed, 1 failed"
    exit 1
fi
# the fault-injection build (src/oom.c: BRIEFPACK_FAIL_ALLOC), used by
# tests/e2e_faults.sh only; never installed
if ! make -s BUILD=build-faults CFLAGS="-O1 -g -DBRIEFPACK_FAULTS" build-faults/briefpack >> "$log" 2>&1; then
    tail -30 "$log"
    echo "fault-injection build: 0 passed, 1 failed"
    count 0 1
fi
echo "== unit tests"
unit_suite build
echo "== end-to-end"
e2e_suite build/briefpack normal ""

echo "== sanitizers (ASan + UBSan)"
SAN="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
if make -s BUILD=build-asan CFLAGS="$SAN" LDFLAGS="-fsanitize=address,undefined" \
        build-asan/briefpack build-asan/dump_layout $(ls tests/test_*.c 2>/dev/null | sed 's|tests/|build-asan/|; s|\.c$||') >> "$log" 2>&1; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
        unit_suite build-asan
    e2e_suite build-asan/briefpack asan "ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
else
    tail -30 "$log"
    echo "sanitizer build: 0 passed, 1 failed"
    count 0 1
fi

echo "== valgrind"
vp=0
vf=0
for f in examples/*.yaml; do
    if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
            build/briefpack -o build/valgrind.pdf "$f" >> "$log" 2>&1; then
        vp=$((vp + 1))
    else
        vf=$((vf + 1))
        echo "FAIL valgrind $f"
    fi
done
echo "valgrind: $vp passed, $vf failed"
count "$vp" "$vf"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
