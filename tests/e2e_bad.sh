#!/bin/sh
# The bad corpus (tests/bad/, its table tests/bad/expected.tsv): every file
# is checked with `--check` and with a real build. Each must end with exit
# status 1, print every message the table lists at its place, print nothing
# that is not a `FILE:LINE:COL: error|warning: TEXT` line (or `FILE: error:
# TEXT` for what the table places at `-`), and leave no PDF and no
# temporary file. Then the fuzzers' regression inputs (tests/fuzz/regressions/)
# must give a PDF or messages, never a crash; and a batch of 100 bad and 100
# good files interleaved gives 100 PDFs and 100 failures. Prints PASS/FAIL
# lines (TODO for a known gap, see the table's todo flag).
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TAB=$(printf '\t')

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }
# a result for a file: FAIL, or TODO when the table marks it a known gap
result() { # name, ok (0/1), detail, todo note
    if [ "$2" -eq 0 ]; then
        [ -n "$4" ] && pass "$1 (known gap $4 no longer shows: drop its todo mark)" || pass "$1"
    elif [ -n "$4" ]; then
        echo "TODO $1: $4: $3"
    else
        fail "$1" "$3"
    fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

sh tests/bad/generate.sh "$T/gen"

# The rows of the table, without comments: file, place, message, flags.
grep -v '^#' tests/bad/expected.tsv | grep -v '^[[:space:]]*$' > "$T/rows"

# --- the table and the folder agree ------------------------------------------
cut -f1 "$T/rows" | sort -u > "$T/files"
n_files=$(wc -l < "$T/files")
missing=$(while read -r f; do
    case $f in gen/*) p=$T/$f ;; *) p=tests/bad/$f ;; esac
    [ -f "$p" ] || echo "$f"
done < "$T/files")
[ -z "$missing" ] && pass "bad corpus: every file in the table exists" \
    || fail "bad corpus: every file in the table exists" "$(echo $missing)"
unlisted=$(for f in tests/bad/*.yaml; do
    grep -qxF "$(basename "$f")" "$T/files" || basename "$f"
done)
[ -z "$unlisted" ] && pass "bad corpus: every file has its expected messages" \
    || fail "bad corpus: every file has its expected messages" "$(echo $unlisted)"
[ "$n_files" -ge 40 ] && pass "bad corpus: $n_files files (at least 40)" \
    || fail "bad corpus: at least 40 files" "$n_files"

# Checks one run's output ($1) against the rows for its file ($2): prints
# what is wrong, nothing when all is well.
check_output() { # output file, rows file, input path
    awk -v file="$3" -v rows="$2" '
    BEGIN {
        FS = "\t"
        dir = file; sub(/\/[^\/]*$/, "", dir)
        while ((getline l < rows) > 0) {
            split(l, p, "\t")
            n++; place[n] = p[2]; msg[n] = p[3]
            if (p[2] == "-") nopos = 1
        }
    }
    { out[NR] = $0 }
    END {
        for (i = 1; i <= NR; i++) {
            l = out[i]
            if (l ~ /^[^ ].*:[0-9]+:[0-9]+: (error|warning): ./) continue
            if (nopos && index(l, file ": error: ") == 1) continue
            print "not a FILE:LINE:COL: message: " substr(l, 1, 160)
        }
        for (k = 1; k <= n; k++) {
            f = file; pl = place[k]
            if (pl !~ /^[0-9]/ && pl != "-") {     # brands/x.yaml:4:12
                f = dir "/" substr(pl, 1, index(pl, ":") - 1)
                pl = substr(pl, index(pl, ":") + 1)
            }
            found = 0
            for (i = 1; i <= NR && !found; i++) {
                l = out[i]
                if (pl == "-") {
                    pre = f ": error: "
                    found = index(l, pre) == 1 && index(substr(l, length(pre) + 1), msg[k]) > 0
                } else if (pl ~ /:/) {
                    pre = f ":" pl ": error: "
                    found = index(l, pre) == 1 && index(substr(l, length(pre) + 1), msg[k]) > 0
                } else {
                    pre = f ":" pl ":"
                    if (index(l, pre) == 1) {
                        rest = substr(l, length(pre) + 1)
                        if (match(rest, /^[0-9]+: error: /))
                            found = index(substr(rest, RLENGTH + 1), msg[k]) > 0
                    }
                }
            }
            if (!found)
                print "missing " f ":" pl ": error: …" msg[k] "…"
        }
    }' "$1"
}

# --- each bad file: --check and a build ----------------------------------------
mkdir -p "$T/out"
while read -r f; do
    case $f in gen/*) path=$T/$f ;; *) path=tests/bad/$f ;; esac
    [ -f "$path" ] || continue
    awk -F "$TAB" -v f="$f" '$1 == f' "$T/rows" > "$T/these"
    flags=$(cut -f4 "$T/these" | tr '\n' ',')
    todo=$(echo "$flags" | tr ',' '\n' | sed -n 's/^todo://p' | head -1)
    name="bad/$f"

    # --check: every message at its place, exit 1, nothing written
    start=$(now_ms)
    case $path in /*) abs=$path ;; *) abs=$PWD/$path ;; esac
    (cd "$T/out" && "$BP" --check "$abs") < /dev/null > "$T/stdout" 2> "$T/stderr"
    status=$?
    ms=$(($(now_ms) - start))
    # messages name the file as it was given: here, by its full path
    sed "s|^$PWD/||" "$T/stderr" > "$T/check"
    problems=$(check_output "$T/check" "$T/these" "$path")
    [ "$status" -eq 1 ] || problems="exit status $status (expected 1); $problems"
    [ -s "$T/stdout" ] && problems="$problems; wrote to standard output"
    [ -n "$(ls -A "$T/out")" ] && problems="$problems; --check wrote $(ls -A "$T/out")"
    case ,$flags, in *,fast,*)
        [ "$ms" -le 500 ] || problems="$problems; took $ms ms (at most 500)" ;;
    esac
    result "$name --check" "$([ -z "$problems" ] && echo 0 || echo 1)" \
        "$(echo "$problems" | head -5 | tr '\n' ' ')" "$todo"
    rm -rf "$T/out"/* "$T/out"/.[!.]* 2>/dev/null

    # a real build: the same, and no PDF nor temporary file
    pdf=$T/out/$(basename "$f" .yaml).pdf
    "$BP" -o "$pdf" "$path" < /dev/null > "$T/stdout" 2> "$T/build"
    status=$?
    problems=$(check_output "$T/build" "$T/these" "$path")
    [ "$status" -eq 1 ] || problems="exit status $status (expected 1); $problems"
    [ -e "$pdf" ] && problems="$problems; wrote $pdf"
    left=$(ls -A "$T/out" | grep -v "^$(basename "$pdf")\$")
    [ -n "$left" ] && problems="$problems; left $left"
    result "$name build" "$([ -z "$problems" ] && echo 0 || echo 1)" \
        "$(echo "$problems" | head -5 | tr '\n' ' ')" "$todo"
    rm -rf "$T/out"/* "$T/out"/.[!.]* 2>/dev/null
done < "$T/files"

# --- fuzz regressions: a PDF or messages, never a crash ------------------------------
for f in tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    case $f in *.tsv) continue ;; esac
    name="fuzz regression $(basename "$f")"
    todo=$(awk -F "$TAB" -v f="$(basename "$f")" '$1 == f { print $2 }' tests/fuzz/regressions/known.tsv 2>/dev/null)
    "$BP" -o "$T/out/r.pdf" "$f" > /dev/null 2> "$T/reg"
    status=$?
    bad=$(grep -v -E '^[^ ].*(:[0-9]+:[0-9]+)?: (error|warning): .' "$T/reg" | head -3)
    # (a known finding may show only in the sanitizer build: no hint to
    # drop its mark when it passes)
    if [ "$status" -le 1 ] && [ -z "$bad" ]; then
        pass "$name"
    else
        result "$name" 1 "exit status $status; $(echo "$bad" | tr '\n' ' ')" "$todo"
    fi
    rm -rf "$T/out"/* "$T/out"/.[!.]* 2>/dev/null
done

# --- a batch: 100 bad and 100 good files interleaved ---------------------------------
# The good ones are the examples on other days, every third in another brand;
# the bad ones cycle through the corpus files that fail today (no todo
# mark), with the folders they name beside them.
B=$T/batch
mkdir -p "$B/in" "$B/out"
cp -R examples/photos tests/bad/brands "$B/in/"
cp -R tests/bad/photos/. "$B/in/photos/"
awk -F "$TAB" '$1 !~ /^gen\// { f[$1] = 1 } $4 ~ /todo:/ { t[$1] = 1 }
    END { for (k in f) if (!(k in t)) print k }' "$T/rows" | sort > "$T/batch-bad"
n_bad_src=$(wc -l < "$T/batch-bad")
set --
i=1
while [ "$i" -le 100 ]; do
    k=$(printf %03d "$i")
    ex=$(ls examples/*.yaml | sed -n "$(( (i - 1) % $(ls examples/*.yaml | wc -l) + 1 ))p")
    day=$(printf %02d $((i % 28 + 1)))
    if [ $((i % 3)) -eq 0 ]; then
        sed "s/^date: .*/date: 2023-01-$day/; s/^brand: .*/brand: whitehall/" "$ex" > "$B/in/good-$k.yaml"
    else
        sed "s/^date: .*/date: 2023-01-$day/" "$ex" > "$B/in/good-$k.yaml"
    fi
    src=$(sed -n "$(( (i - 1) % n_bad_src + 1 ))p" "$T/batch-bad")
    cp "tests/bad/$src" "$B/in/bad-$k-$src"
    set -- "$@" "$B/in/good-$k.yaml" "$B/in/bad-$k-$src"
    i=$((i + 1))
done
"$BP" -j 2 -o "$B/out" "$@" > "$T/batch.stdout" 2> "$T/batch.stderr"
status=$?
pdfs=$(ls "$B/out" | grep -c '\.pdf$')
good_pdfs=$(ls "$B/out" | grep -c '^good-[0-9]*\.pdf$')
# a bad file is reported by a message at it, or (when only its brand file
# is wrong) at the brand file it names
reported=0
for p in "$B"/in/bad-*.yaml; do
    src=${p#"$B/in/bad-"???-}
    other=$(awk -F "$TAB" -v f="$src" '$1 == f && $2 !~ /^[0-9-]/ { sub(/:.*/, "", $2); print $2; exit }' "$T/rows")
    if grep -q "^$p:" "$T/batch.stderr" ||
        { [ -n "$other" ] && grep -q "^$B/in/$other:" "$T/batch.stderr"; }; then
        reported=$((reported + 1))
    fi
done
temps=$(find "$B" -name '.briefpack-*' | wc -l)
[ "$status" -eq 1 ] && pass "batch of 100 bad and 100 good: exit status 1" \
    || fail "batch of 100 bad and 100 good: exit status 1" "$status"
[ "$pdfs" -eq 100 ] && [ "$good_pdfs" -eq 100 ] && pass "batch of 100 bad and 100 good: 100 PDFs, the good ones" \
    || fail "batch of 100 bad and 100 good: 100 PDFs, the good ones" "$pdfs PDFs, $good_pdfs good"
[ "$reported" -eq 100 ] && pass "batch of 100 bad and 100 good: every bad file reported" \
    || fail "batch of 100 bad and 100 good: every bad file reported" "$reported reported"
grep -q '^built 100, failed 100,' "$T/batch.stderr" && pass "batch of 100 bad and 100 good: summary says built 100, failed 100" \
    || fail "batch of 100 bad and 100 good: summary says built 100, failed 100" "$(tail -1 "$T/batch.stderr")"
[ "$temps" -eq 0 ] && pass "batch of 100 bad and 100 good: no temporary file left" \
    || fail "batch of 100 bad and 100 good: no temporary file left" "$temps"
odd=$(grep -v -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning): .|^built [0-9]+, failed [0-9]+' "$T/batch.stderr" | head -3)
[ -z "$odd" ] && pass "batch of 100 bad and 100 good: every line a message or the summary" \
    || fail "batch of 100 bad and 100 good: every line a message or the summary" "$(echo "$odd" | tr '\n' ' ')"
