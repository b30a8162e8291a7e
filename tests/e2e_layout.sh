#!/bin/sh
# Golden display lists (issue 17): each case of tests/layout/cases is laid
# out with build/dump_layout and compared with tests/layout/NAME.txt, so a
# layout change shows as a text diff to review. With --update (make
# golden) the files are written again instead. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
DUMP=${DUMP_LAYOUT:-$(dirname "$BP")/dump_layout}
update=no
[ "${2:-}" = "--update" ] && update=yes
[ "${1:-}" = "--update" ] && update=yes
if [ ! -x "$DUMP" ]; then
    fail "layout: $DUMP is built" "run make unit"
    exit 0
fi
grep -v '^#' tests/layout/cases | grep -v '^ *$' | while read -r name input opts; do
    # shellcheck disable=SC2086
    if ! "$DUMP" $opts "$input" > "$T/$name.txt" 2> "$T/$name.err"; then
        fail "layout: $name lays out" "$(cat "$T/$name.err")"
        continue
    fi
    if [ $update = yes ]; then
        cp "$T/$name.txt" "tests/layout/$name.txt"
        echo "wrote tests/layout/$name.txt"
    elif cmp -s "$T/$name.txt" "tests/layout/$name.txt"; then
        pass "layout: $name is its golden display list"
    else
        fail "layout: $name is its golden display list" \
            "$(diff "tests/layout/$name.txt" "$T/$name.txt" | head -12 | tr '\n' ' ')"
    fi
done
