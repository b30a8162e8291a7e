#!/bin/sh
# Beyond one machine (issue 14): a large rebuild shared out between
# processes as README.md's "Sharding a large rebuild" says — the file list
# cut with `split -n l/N`, each piece built by its own process with -j 1
# (xargs -P, and GNU parallel when it is installed) — gives the same PDFs,
# byte for byte, as one process building everything; every bad input is
# reported by exactly one shard; the shards' summary lines, added up with
# the README's awk line, are the one process's. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac

IN=$T/roundtables
python3 tests/gen_roundtables.py "$IN" 30 --bad 5,18
cp examples/*.yaml "$IN/" && cp -r examples/photos "$IN/"
ls "$IN"/*.yaml > "$T/all.txt"
n=$(wc -l < "$T/all.txt")

# the README's line that adds up summaries (built, failed, pages)
sum_up() {
    awk '/^built [0-9]+, failed [0-9]+/ { gsub(",", ""); b += $2; f += $4; p += $5 }
         END { printf "built %d, failed %d, %d pages\n", b, f, p }' "$@"
}
same_pdfs() { # folder: the same PDFs as the one-process build, byte for byte
    [ "$(ls "$1")" = "$(ls "$T/one")" ] || return 1
    for f in "$T/one"/*.pdf; do cmp -s "$f" "$1/$(basename "$f")" || return 1; done
}

mkdir -p "$T/one"
"$BP" -o "$T/one/" $(cat "$T/all.txt") 2> "$T/one.log"
check "one process: every good input built, the bad ones reported (exit status 1)" sh -c "
    test \$(ls '$T/one' | wc -l) -eq $((n - 2)) && grep -q '^built $((n - 2)), failed 2, ' '$T/one.log'"

# two shards, two processes, one job each
mkdir -p "$T/two"
(cd "$T" && split -n l/2 all.txt shard-)
ls "$T"/shard-* | xargs -P 2 -I{} sh -c "xargs -a {} '$BP' -j 1 -o '$T/two/' 2> {}.log"
check "two shards (split -n l/2, xargs -P 2, -j 1 each): the same PDFs, byte for byte" same_pdfs "$T/two"
check "… each bad input reported by one shard, once" sh -c "
    test \$(cat '$T'/shard-*.log | grep -c ': error: ') -eq \$(grep -c ': error: ' '$T/one.log') &&
    test \$(cat '$T'/shard-*.log | grep -c 'rt-0005.yaml:') -eq 1"
sum_up "$T"/shard-*.log > "$T/merged"
sum_up "$T/one.log" > "$T/whole"
check "… and their summaries add up to the one process's" sh -c "diff '$T/merged' '$T/whole' && test \$(ls '$T'/shard-*.log | wc -l) -eq 2"

# four processes of a few files each, as `xargs -P 4 -n 8`
mkdir -p "$T/four"
xargs -P 4 -n 8 "$BP" -q -j 1 -o "$T/four/" < "$T/all.txt" 2> /dev/null
check "four processes of 8 files each (xargs -P 4 -n 8): the same PDFs" same_pdfs "$T/four"

if command -v parallel > /dev/null 2>&1; then
    mkdir -p "$T/par"
    parallel --will-cite -j 2 -X "$BP" -j 1 -o "$T/par/" :::: "$T/all.txt" 2> "$T/par.log"
    check "GNU parallel (-j 2 -X, -j 1 each): the same PDFs, byte for byte" same_pdfs "$T/par"
    check "… and its jobs' summaries add up to the one process's" sh -c "sum_up() { awk '/^built [0-9]+, failed [0-9]+/ { gsub(\",\", \"\"); b += \$2; f += \$4; p += \$5 } END { printf \"built %d, failed %d, %d pages\\n\", b, f, p }' \"\$@\"; }; sum_up '$T/par.log' | diff - '$T/whole'"
else
    fail "GNU parallel is installed (make test-deps)"
fi
