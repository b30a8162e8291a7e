#!/bin/sh
# End-to-end tests of batch builds: many inputs in parallel, failures
# counted without stopping the others, the same bytes whatever -j, the
# progress line and the summary, and interrupted batches that leave no
# temporary file and no partial PDF. Prints PASS/FAIL lines. No timing is
# asserted: every wait polls for a condition, with a generous limit.
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
. "$(dirname "$0")/lib.sh"
count_pdfs() { ls "$1" 2>/dev/null | grep -c '\.pdf$'; }
no_temp_files() { test "$(ls -a "$1" | grep -c 'briefpack-')" -eq 0; }
wait_for() { # seconds, then a command polled every 0.05 s until it succeeds
    n=$(($1 * 20))
    shift
    while ! "$@" > /dev/null 2>&1; do
        n=$((n - 1))
        [ "$n" -gt 0 ] || return 1
        sleep 0.05
    done
}
watchdog() { # pid: killed after 120 s, should the test's signal not stop it
    # (short sleeps: once the watchdog is killed, nothing of it lingers)
    (
        n=1200
        while [ "$n" -gt 0 ]; do
            sleep 0.1
            n=$((n - 1))
        done
        kill -9 "$1"
    ) > /dev/null 2>&1 &
    dog=$!
}
# A batch started in the background by a script ignores SIGINT (POSIX),
# and briefpack leaves an ignored signal ignored, as make and gcc do; this
# Python line runs a command with SIGINT at its default action, as from a
# terminal (exec: $! is then the command's own process).
SIGINT_DEFAULT='import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])'

# "same_but_id A B": two PDFs the same but for the document ID (/ID and
# wherever its digits recur), which names the source: a path, or stdin.
cat > "$T/same_but_id" <<'PY'
import re, sys
def norm(path):
    data = open(path, "rb").read()
    for hexid in set(re.findall(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>", data)):
        data = re.sub(re.escape(hexid), b"ID", data, flags=re.I)
    return data
sys.exit(norm(sys.argv[1]) != norm(sys.argv[2]))
PY
same_but_id="python3 $T/same_but_id"

python3 tests/gen_roundtables.py "$T/in" 200 --bad 17,99,150
seed=examples/techuk-2022-03-08.yaml

# --- 200 inputs, 3 of them bad ---------------------------------------------
"$BP" -j2 -o "$T/j2" "$T"/in/*.yaml > "$T/j2.stdout" 2> "$T/j2.err"
status=$?
check "batch of 200 with 3 bad exits 1" test "$status" -eq 1
check "batch of 200 with 3 bad writes 197 PDFs" test "$(count_pdfs "$T/j2")" -eq 197
check "batch of 200 with 3 bad prints 3 messages" test "$(grep -c ': error: ' "$T/j2.err")" -eq 3
check "the messages are located, in input order" sh -c "grep ': error: ' '$T/j2.err' | cut -d: -f1-3 | tr '\n' ' ' | grep -qx '$T/in/rt-0017.yaml:5:7 $T/in/rt-0099.yaml:33:1 $T/in/rt-0150.yaml:18:5 '"
check "no PDF for a bad input" sh -c "test ! -e '$T/j2/rt-0017.pdf' && test ! -e '$T/j2/rt-0099.pdf' && test ! -e '$T/j2/rt-0150.pdf'"
check "the summary line ends the batch" sh -c "tail -1 '$T/j2.err' | grep -qE '^built 197, failed 3, [0-9]+ pages, [0-9]+\\.[0-9] s\$'"
check "not a terminal: no progress line, nothing else printed" sh -c "test \$(wc -l < '$T/j2.err') -eq 4 && test \$(tr -cd '\\r' < '$T/j2.err' | wc -c) -eq 0 && test ! -s '$T/j2.stdout'"
check "the summary counts the pages" sh -c "test \$(tail -1 '$T/j2.err' | sed 's/.*, \\([0-9]*\\) pages.*/\\1/') -ge 197"
check "no temporary file after a batch" no_temp_files "$T/j2"
check "every PDF of the batch reads back" sh -c "for f in '$T'/j2/*.pdf; do qpdf --check \"\$f\" > /dev/null || { echo \"\$f\"; exit 1; }; done"

"$BP" -j1 -q -o "$T/j1" "$T"/in/*.yaml 2> "$T/j1.err"
status=$?
check "-j1 exits 1 too" test "$status" -eq 1
check "-j1 and -j2 give byte-identical PDFs" diff -r "$T/j1" "$T/j2"
check "-j1 and -j2 print the same messages" sh -c "grep ': error: ' '$T/j2.err' | cmp - '$T/j1.err'"
check "-q keeps the problems but no summary" test "$(wc -l < "$T/j1.err")" -eq 3
check "-j larger than the inputs" sh -c "'$BP' -j 64 -q -o '$T/j64' '$T'/in/rt-000[1-3].yaml && test \$(ls '$T/j64' | wc -l) -eq 3 && cmp '$T/j64/rt-0002.pdf' '$T/j2/rt-0002.pdf'"
check "--jobs=3 (long form)" sh -c "'$BP' --jobs=3 -q -o '$T/jl' '$T'/in/rt-001[0-4].yaml && test \$(ls '$T/jl' | wc -l) -eq 5"
for j in 0 -1 x 2x 100000 ""; do
    check "-j '$j' is a usage error (2)" sh -c "'$BP' -j '$j' -o '$T/nope' $seed 2>/dev/null; test \$? -eq 2 && test ! -e '$T/nope'"
done

# --- quiet and summary ------------------------------------------------------
check "-q prints nothing on success" sh -c "'$BP' -q -o '$T/q' '$T'/in/rt-000[1-9].yaml > '$T/q.out' 2>&1 && test ! -s '$T/q.out' && test \$(ls '$T/q' | wc -l) -eq 9"
check "--quiet (long form)" sh -c "'$BP' --quiet -o '$T/q2' '$T'/in/rt-000[1-2].yaml 2>&1 | wc -c | grep -qx 0"
check "the summary on success" sh -c "'$BP' -o '$T/s' '$T'/in/rt-000[1-9].yaml 2>&1 | grep -qE '^built 9, failed 0, [0-9]+ pages, [0-9]+\\.[0-9] s\$'"
check "one input: no summary" sh -c "'$BP' -o '$T/one.pdf' '$T/in/rt-0001.yaml' 2>&1 | wc -c | grep -qx 0"
check "--check on a batch: valid and invalid counted, nothing written" sh -c "mkdir '$T/chk' && cd '$T/chk' && '$BP' --check '$T'/in/*.yaml 2> err; test \$? -eq 1 && grep -c ': error: ' err | grep -qx 3 && tail -1 err | grep -qE '^valid 197, invalid 3, ' && test \"\$(ls)\" = err"

# --- the progress line, on a terminal ---------------------------------------
# A named pipe that no one writes to, as the first input, holds the batch:
# the line is drawn whatever the speed of the machine, then SIGTERM ends it.
mkfifo "$T/hold.yaml"
python3 tests/ptyrun.py --signal TERM \
    "$BP" -j2 -o "$T/tty" "$T/hold.yaml" "$T"/in/rt-00[5-8]?.yaml > "$T/tty.out" 2>&1
status=$?
tr '\r' '\n' < "$T/tty.out" | grep -v '^ *$' > "$T/tty.lines"
check "progress line: count, elapsed, current file" grep -qE '^[0-9]+/41  [0-9]+\.[0-9] s  .*\.yaml$' "$T/tty.lines"
check "progress line redrawn in place, cleared before the last words" sh -c "tr '\\r' '#' < '$T/tty.out' | grep -qE '#[0-9]+/41  [^#]*# +#briefpack: interrupted: [0-9]+ of 41 done'"
check "the interrupted batch on a terminal: 143" test "$status" -eq 143
# A whole batch: whether or not it lasted long enough for a progress line,
# every message and the summary start on a clean line.
python3 tests/ptyrun.py "$BP" -j1 -o "$T/tty2" "$T"/in/*.yaml > "$T/tty2.out" 2>&1
status=$?
tr '\r' '#' < "$T/tty2.out" > "$T/tty2.hash"
check "on a terminal: exit 1" test "$status" -eq 1
check "on a terminal: the 3 messages each start a clean line" sh -c "grep -oE '(^|# +#)$T/in/rt-[0-9]+\\.yaml:[0-9]+:[0-9]+: error: ' '$T/tty2.hash' | wc -l | grep -qx 3"
check "on a terminal: the summary ends it, on a clean line" sh -c "tail -1 '$T/tty2.hash' | grep -qE '(^|# +#)built 197, failed 3, [0-9]+ pages, [0-9]+\\.[0-9] s#\$'"
python3 tests/ptyrun.py "$BP" -q -o "$T/ttyq" "$T"/in/rt-00[5-8]?.yaml > "$T/ttyq.out" 2>&1
status=$?
check "-q on a terminal prints nothing" sh -c "test $status -eq 0 && test ! -s '$T/ttyq.out'"

# --- a named pipe as an input (as from <(command)): read once, built --------
mkfifo "$T/pipe.yaml"
python3 tests/fifo_feed.py "$T/pipe.yaml" "$T/in/rt-0006.yaml" &
feeder=$!
"$BP" -o "$T/pipe.pdf" "$T/pipe.yaml" 2> "$T/pipe.err"
status=$?
kill "$feeder"
wait "$feeder" 2> /dev/null
check "a named pipe as an input is read once and built" sh -c "test $status -eq 0 && $same_but_id '$T/pipe.pdf' '$T/j2/rt-0006.pdf' || { cat '$T/pipe.err'; exit 1; }"

# --- names, standard input, standard output ---------------------------------
mkdir -p "$T/a" "$T/b"
cp "$T/in/rt-0001.yaml" "$T/a/same.yaml"
cp "$T/in/rt-0002.yaml" "$T/b/same.yaml"
check "one base name twice is refused before anything is written" sh -c "'$BP' -o '$T/clash' '$T'/in/rt-000[1-5].yaml '$T/a/same.yaml' '$T/b/same.yaml' 2> '$T/clash.err'; test \$? -eq 2 && test ! -e '$T/clash' && grep -q 'same.yaml and .*same.yaml would both be written to' '$T/clash.err'"
check "the same input twice is refused" sh -c "'$BP' -o '$T/twice' '$T/in/rt-0001.yaml' '$T/in/rt-0001.yaml' 2>/dev/null; test \$? -eq 2 && test ! -e '$T/twice'"
check "-o FILE.pdf with several inputs is a usage error" sh -c "'$BP' -o '$T/several.pdf' '$T'/in/rt-000[1-2].yaml 2>/dev/null; test \$? -eq 2 && test ! -e '$T/several.pdf'"
check "- among several inputs: briefing.pdf" sh -c "'$BP' -q -o '$T/mixed' '$T/in/rt-0001.yaml' - '$T/in/rt-0002.yaml' < '$T/in/rt-0003.yaml' && $same_but_id '$T/mixed/briefing.pdf' '$T/j2/rt-0003.pdf'"
check "- twice is a usage error" sh -c "'$BP' -o '$T/dash2' - - < $seed 2>/dev/null; test \$? -eq 2"
check "-o - writes the one PDF to stdout" sh -c "'$BP' -o - '$T/in/rt-0004.yaml' > '$T/stdout.pdf' && cmp '$T/stdout.pdf' '$T/j2/rt-0004.pdf'"
check "-o - with several inputs is a usage error" sh -c "'$BP' -o - '$T'/in/rt-000[1-2].yaml > /dev/null 2>&1; test \$? -eq 2"
check "stdin to stdout" sh -c "'$BP' -o - - < '$T/in/rt-0005.yaml' > '$T/stdin.pdf' && $same_but_id '$T/stdin.pdf' '$T/j2/rt-0005.pdf'"

# --- a failed write: reported, counted, the others built, nothing left ------
mkdir -p "$T/wf/rt-0002.pdf"
"$BP" -q -o "$T/wf" "$T"/in/rt-000[1-4].yaml 2> "$T/wf.err"
status=$?
check "a target that cannot be replaced fails that input only" sh -c "test $status -eq 1 && test -d '$T/wf/rt-0002.pdf' && test \$(ls '$T/wf' | wc -l) -eq 4 && grep -q '^$T/in/rt-0002.yaml: error: cannot write' '$T/wf.err'"
check "a failed write leaves no temporary file" no_temp_files "$T/wf"

# --- interrupted batches ----------------------------------------------------
# A named pipe among the inputs (no one writes to it) keeps the batch from
# ever finishing, so the signal always arrives mid-batch, while the other
# worker is building and writing. Earlier PDFs stand at the targets.
old="$T/j2/rt-0002.pdf"
interrupt() { # signal, exit status expected, outputs to wait for, label
    d="$T/int-$1"
    mkdir -p "$d/out"
    mkfifo "$d/hold.yaml"
    for k in 0001 0003 0100 0150 0199 0200; do cp "$old" "$d/out/rt-$k.pdf"; done
    python3 -c "$SIGINT_DEFAULT" "$BP" -j2 -o "$d/out" "$d/hold.yaml" "$T"/in/*.yaml > /dev/null 2> "$d/err" &
    pid=$!
    watchdog "$pid"
    wait_for 60 sh -c "test \$(ls '$d/out' | grep -c '\\.pdf\$') -ge $3"
    kill "-$1" "$pid"
    wait "$pid" 2> /dev/null # (no "Terminated" from the shell)
    status=$?
    kill "$dog" 2>/dev/null
    check "SIG$1 $4: exit status $2" test "$status" -eq "$2"
    check "SIG$1 $4: no temporary file left" no_temp_files "$d/out"
    check "SIG$1 $4: each earlier PDF is the old one or a complete new one" sh -c "for k in 0001 0003 0100 0150 0199 0200; do f='$d/out/rt-'\$k.pdf; cmp -s \"\$f\" '$old' || qpdf --check \"\$f\" > /dev/null || { echo \"\$f is partial\"; exit 1; }; done"
    check "SIG$1 $4: every PDF in the folder is complete" sh -c "for f in '$d'/out/*.pdf; do qpdf --check \"\$f\" > /dev/null || { echo \"\$f\"; exit 1; }; done"
    check "SIG$1 $4: it says it was interrupted" grep -q '^briefpack: interrupted: [0-9]* of 201 done$' "$d/err"
}
interrupt INT 130 8 "at the first outputs"
interrupt TERM 143 60 "mid-batch"
interrupt HUP 129 8 "at the first outputs"

# In a script's background job SIGINT is ignored, and stays so.
d="$T/int-ignored"
mkdir -p "$d/out"
mkfifo "$d/hold.yaml"
"$BP" -j2 -o "$d/out" "$d/hold.yaml" "$T"/in/rt-000[1-9].yaml 2> /dev/null &
pid=$!
watchdog "$pid"
wait_for 60 sh -c "test \$(ls '$d/out' | grep -c '\\.pdf\$') -ge 9"
kill -INT "$pid"
kill -TERM "$pid"
wait "$pid" 2> /dev/null
status=$?
kill "$dog" 2>/dev/null
check "an ignored SIGINT stays ignored (SIGTERM then stops it: 143)" test "$status" -eq 143
check "SIGTERM after the batch's outputs: no temporary file" no_temp_files "$d/out"

# SIGTERM at ten different moments, from before the batch starts to deep
# into it: whenever it lands, the same guarantees (and the same status).
d="$T/int-many"
mkdir -p "$d"
mkfifo "$d/hold.yaml"
bad_status=""
partial=""
for k in 0 1 2 3 4 5 6 7 8 9; do
    mkdir "$d/out$k"
    for f in 0001 0002 0030; do cp "$old" "$d/out$k/rt-$f.pdf"; done
    "$BP" -j2 -o "$d/out$k" "$T"/in/rt-00[0-3]?.yaml "$d/hold.yaml" 2> /dev/null &
    pid=$!
    watchdog "$pid"
    sleep "0.0$k"
    kill -TERM "$pid"
    wait "$pid" 2> /dev/null
    status=$?
    kill "$dog" 2>/dev/null
    [ "$status" -eq 143 ] || bad_status="$bad_status $k:$status"
    no_temp_files "$d/out$k" || partial="$partial $k:temporary"
    for f in "$d/out$k"/*.pdf; do
        qpdf --check "$f" > /dev/null 2>&1 || partial="$partial $k:$(basename "$f")"
    done
done
check "ten SIGTERMs at different moments: exit status 143 each time" sh -c "echo 'round:status$bad_status'; test -z '$bad_status'"
check "ten SIGTERMs at different moments: no temporary file, no partial PDF" sh -c "echo 'round:file$partial'; test -z '$partial'"
