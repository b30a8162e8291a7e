#!/bin/sh
# Faults of the machine and slips on the command line (issue 13): an output
# named like an input or a file an input uses, closed standard descriptors,
# a file-size limit, out of memory (every allocation in turn, in the
# fault-injection build; ulimit -v; AddressSanitizer's allocation limit),
# interrupted writes, options named as typed, temporary files left by
# SIGKILL, a full disk. Each case checks the message, the exit status, that
# no temporary file is left, and that old targets and inputs are unchanged
# (by checksum). docs/testing.md says what each proves. Prints PASS/FAIL.
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
. "$(dirname "$0")/lib.sh"
ROOT=$PWD
seed=$ROOT/examples/techuk-2022-03-08.yaml
ASAN=no
ldd "$BP" 2>/dev/null | grep -q libasan && ASAN=yes
no_temp() { ! ls -a "$1" | grep -q 'briefpack-'; }
same_sum() { # file, md5 it must still have
    test "$(md5sum < "$1")" = "$2"
}
skip() { echo "SKIP $1: $2"; }

# --- an output never replaces an input ---------------------------------------
W=$T/in
mkdir -p "$W/photos" "$W/br/logos"
cp "$seed" "$W/x.yaml"
cp "$ROOT/examples/digital-forensics-2022-04-12.yaml" "$W/df.yaml"
cp "$ROOT"/examples/photos/* "$W/photos/"
xsum=$(md5sum < "$W/x.yaml")
cd "$W"
"$BP" -o x.yaml x.yaml 2> "$T/e"
st=$?
check "-o x.yaml x.yaml is refused (2), naming both" sh -c "test $st -eq 2 && grep -q 'the PDF of x.yaml would be written over the input x.yaml' '$T/e'"
check "-o x.yaml x.yaml leaves the roundtable as it was" same_sum x.yaml "$xsum"
"$BP" -o ./x.yaml x.yaml 2> /dev/null
check "another spelling of the input is refused too" test $? -eq 2
ln x.yaml hard.pdf
"$BP" -o hard.pdf x.yaml 2> "$T/e"
check "a hard link of the input is refused (device and inode)" sh -c "test $? -eq 2 && grep -q 'written to hard.pdf, which is the input x.yaml' '$T/e' && test \"\$(md5sum < hard.pdf)\" = '$xsum'"
mkdir -p out
cp x.yaml out/a.pdf
cp x.yaml a.yaml
"$BP" -o out a.yaml out/a.pdf df.yaml 2> "$T/e"
check "in a batch, an output that is another input: refused before anything is written" sh -c "test $? -eq 2 && test \"\$(ls out)\" = a.pdf && same_sum() { test \"\$(md5sum < \"\$1\")\" = \"\$2\"; }; same_sum out/a.pdf '$xsum'"
psum=$(md5sum < photos/zoe-adeyemi.png)
"$BP" -o photos/zoe-adeyemi.png df.yaml 2> "$T/e"
check "a photo as the output: refused at the photo's line, the photo kept" sh -c "test $? -eq 1 && grep -q '^df.yaml:173:12: error: photo .photos/zoe-adeyemi.png. is the file the PDF would be written to' '$T/e' && test \"\$(md5sum < photos/zoe-adeyemi.png)\" = '$psum'"
cp "$ROOT/data/brands/techuk.yaml" br/own.yaml
cp "$ROOT/data/brands/logos/techuk.png" br/logos/techuk.png
lsum=$(md5sum < br/logos/techuk.png)
bsum=$(md5sum < br/own.yaml)
"$BP" --brand br/own.yaml -o br/logos/techuk.png x.yaml 2> "$T/e"
check "a brand's logo as the output: refused at the brand file's line" sh -c "test $? -eq 1 && grep -q '^br/own.yaml:[0-9]*:[0-9]*: error: logo .logos/techuk.png. is the file' '$T/e' && test \"\$(md5sum < br/logos/techuk.png)\" = '$lsum'"
"$BP" --brand br/own.yaml -o br/own.yaml x.yaml 2> "$T/e"
check "the brand file as the output: refused, kept" sh -c "test $? -eq 1 && grep -q 'brand file (--brand) .br/own.yaml. is the file' '$T/e' && test \"\$(md5sum < br/own.yaml)\" = '$bsum'"
cp -r "$ROOT/examples/pack" pack
item=$(ls pack/roundtables | head -1)
isum=$(md5sum < "pack/roundtables/$item")
"$BP" -o "pack/roundtables/$item" pack/public-safety-pack.yaml 2> "$T/e"
check "a pack's item as the output: refused, kept" sh -c "test $? -eq 1 && grep -q 'roundtable .*$item. is the file the PDF would be written to' '$T/e' && test \"\$(md5sum < 'pack/roundtables/$item')\" = '$isum'"
"$BP" -o x.pdf x.yaml && brief=$(md5sum < x.pdf)
"$BP" --handout x.yaml 2> "$T/e"
check "--handout without -o writes NAME-handout.pdf" sh -c "test $? -eq 0 && qpdf --check x-handout.pdf > /dev/null"
check "--handout without -o leaves the briefing NAME.pdf alone" same_sum x.pdf "$brief"
"$BP" --handout -o hout df.yaml x.yaml 2> /dev/null
check "--handout into a folder: NAME-handout.pdf each" sh -c "test -f hout/df-handout.pdf && test -f hout/x-handout.pdf"
check "--help says where a handout goes" sh -c "'$BP' --help | grep -q 'NAME-handout.pdf'"
cd "$ROOT"

# --- standard descriptors ------------------------------------------------------
python3 tests/gen_roundtables.py "$T/b40" 40 --bad 3,17,33
leaked=""
for k in 1 2 3 4 5 6; do
    mkdir "$T/closed$k"
    "$BP" -j2 -o "$T/closed$k" "$T"/b40/*.yaml 2>&-
    for f in "$T/closed$k"/*.pdf; do
        tail -c 6 "$f" | grep -q '%%EOF' || leaked="$leaked $f"
        grep -qa ': error: ' "$f" && leaked="$leaked $f"
    done
done
check "stderr closed (2>&-): no message ever lands in a PDF (6 batches of 40)" test -z "$leaked"
check "stderr closed: the 37 good inputs still built" test "$(ls "$T/closed1" | grep -c '\.pdf$')" -eq 37
for cmd in --version --help --list-brands; do
    "$BP" $cmd > /dev/full 2> "$T/e"
    check "$cmd on a full disk: exit 1 and a message" sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: No space left on device' '$T/e'"
    "$BP" $cmd >&- 2> "$T/e"
    check "$cmd with stdout closed: exit 1 and a message" sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: Bad file descriptor' '$T/e'"
done
"$BP" -o - "$seed" >&- 2> "$T/e"
check "-o - with stdout closed: a usage error, said" sh -c "test $? -eq 2 && grep -q 'standard output, which is closed' '$T/e'"
"$BP" -o - "$seed" > /dev/full 2> "$T/e"
check "-o - on a full disk: exit 1, the reason" sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: No space left on device' '$T/e'"
"$BP" -o "$T/stdin.pdf" - <&- 2> "$T/e"
check "- with stdin closed: a usage error, said" sh -c "test $? -eq 2 && grep -q 'standard input, which is closed' '$T/e' && test ! -e '$T/stdin.pdf'"
check "stdin closed but not read: builds" sh -c "'$BP' -o '$T/nostdin.pdf' '$seed' <&- && qpdf --check '$T/nostdin.pdf' > /dev/null"

# --- a file-size limit (ulimit -f) -------------------------------------------
mkdir "$T/fsz" "$T/fszref"
for f in techuk-2022-03-08 net-zero-estates-2022-09-20 digital-forensics-2022-04-12; do
    cp "examples/$f.yaml" "$T/fsz/"
done
cp -r examples/photos "$T/fsz/"
"$BP" -q -o "$T/fszref" "$T"/fsz/*.yaml
small=$(wc -c < "$T/fszref/techuk-2022-03-08.pdf")
large=$(wc -c < "$T/fszref/digital-forensics-2022-04-12.pdf")
limit=$(( (small + large) / 2 ))
mkdir "$T/fszout"
echo "an old PDF" > "$T/fszout/digital-forensics-2022-04-12.pdf"
old=$(md5sum < "$T/fszout/digital-forensics-2022-04-12.pdf")
python3 -c "
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_FSIZE, ($limit, $limit))
sys.exit(subprocess.run(sys.argv[1:]).returncode)" "$BP" -j1 -o "$T/fszout" "$T"/fsz/*.yaml 2> "$T/e"
st=$?
check "a PDF over the file-size limit: exit 1, not killed by SIGXFSZ" test "$st" -eq 1
check "the file-size limit is a message for that input" grep -q "digital-forensics-2022-04-12.yaml: error: cannot write .*digital-forensics-2022-04-12.pdf: File too large" "$T/e"
check "the file-size limit: the old target is intact" same_sum "$T/fszout/digital-forensics-2022-04-12.pdf" "$old"
check "the file-size limit: no temporary file" no_temp "$T/fszout"
check "the file-size limit: the batch goes on, and ends with its summary" sh -c "cmp '$T/fszout/techuk-2022-03-08.pdf' '$T/fszref/techuk-2022-03-08.pdf' && tail -1 '$T/e' | grep -q '^built [12], failed [12], '"
python3 -c "
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
sys.exit(subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb')).returncode)" "$T/limited.pdf" "$BP" -o - "$seed" 2> "$T/e"
check "-o - over the file-size limit: exit 1 with the reason" sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: File too large' '$T/e'"

# --- out of memory --------------------------------------------------------------
FAULTS=$ROOT/build-faults/briefpack
if [ "$ASAN" = yes ]; then
    skip "every allocation failing in turn" "the sanitizer owns malloc; run with the normal build"
elif [ ! -x "$FAULTS" ]; then
    fail "every allocation failing in turn" "no $FAULTS (tests/run.sh builds it)"
else
    check "out of memory at every 20th allocation of the seed: a message or the same PDF" \
        python3 tests/fault_sweep.py "$FAULTS" 20 --first 40 -- "$seed"
    check "out of memory from the Nth allocation on (every 25th), a handout" \
        python3 tests/fault_sweep.py "$FAULTS" 25 --mode after -- --handout "$seed"
    check "out of memory in a batch: that input fails, the next is built the same" \
        python3 tests/fault_sweep.py "$FAULTS" 250 -- "$seed" examples/net-zero-estates-2022-09-20.yaml
    check "out of memory in an archived pack" \
        python3 tests/fault_sweep.py "$FAULTS" 700 -- --archive examples/pack/public-safety-pack.yaml
    check "out of memory with photos (PNG and JPEG decoding)" \
        python3 tests/fault_sweep.py "$FAULTS" 600 -- examples/digital-forensics-2022-04-12.yaml
fi
if [ "$ASAN" = yes ]; then
    skip "ulimit -v" "AddressSanitizer reserves terabytes of address space"
else
    bad_v=""
    for v in 14 18 22 26 30 34 38 42 50 64; do
        python3 -c "
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, ($v << 20, $v << 20))
sys.exit(subprocess.run(sys.argv[1:]).returncode)" "$BP" -o "$T/v$v/" "$seed" examples/digital-forensics-2022-04-12.yaml > /dev/null 2> "$T/v$v.err"
        st=$?
        # each input: built, or "out of memory"; nothing else said; a summary
        if [ "$st" -gt 1 ] || grep -v 'out of memory' "$T/v$v.err" | grep -q 'error\|allocate\|font' ||
           ! tail -1 "$T/v$v.err" | grep -q '^built [0-2], failed [0-2], '; then
            bad_v="$bad_v ${v}M:$st:$(head -c 200 "$T/v$v.err")"
        fi
        for f in "$T/v$v"/*.pdf; do
            [ -e "$f" ] || continue
            qpdf --check "$f" > /dev/null 2>&1 || bad_v="$bad_v ${v}M:$f"
        done
        no_temp "$T/v$v" || bad_v="$bad_v ${v}M:temporary-file"
    done
    check "ulimit -v from 14 to 64 MB: each input built whole or 'out of memory', the batch summed up" test -z "$bad_v"
fi
if [ "$ASAN" = yes ]; then
    # AddressSanitizer may refuse large allocations (NULL, not a report):
    # a big roundtable's arrays then run out, and nothing leaks.
    python3 - "$T/big.yaml" <<'PY'
import sys
words = "programme delivery capability industry suppliers commissioning outcomes".split()
body = " ".join(words[i % len(words)] for i in range(400))
out = ["format: briefpack/1", "title: A long roundtable", "date: 2024-05-01", "sections:"]
for i in range(300):
    out += ["  - heading: Section %d" % i, "    body: |", "      " + body, ""]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
    ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=1:detect_leaks=1 \
        "$BP" -j1 -o "$T/asan-oom" "$T/big.yaml" "$seed" 2> "$T/e"
    st=$?
    check "AddressSanitizer's allocation limit: the big input is out of memory, the seed built, nothing leaks" \
        sh -c "test $st -eq 1 && grep -q 'big.yaml: error: out of memory' '$T/e' && ! grep -q 'LeakSanitizer\|ERROR: AddressSanitizer' '$T/e' && qpdf --check '$T/asan-oom/techuk-2022-03-08.pdf' > /dev/null && tail -1 '$T/e' | grep -q '^built 1, failed 1, '"
else
    skip "AddressSanitizer's allocation limit" "run with the sanitizer build"
fi

# --- an interrupted write is not an error ----------------------------------------
mkfifo "$T/hold.yaml"
said=""
for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
    mkdir "$T/intr$k"
    "$BP" -j2 -o "$T/intr$k" "$T"/b40/*.yaml "$T/hold.yaml" 2> "$T/intr$k.err" &
    pid=$!
    # at a different moment each time, while PDFs are being written
    n=0
    while [ "$(ls "$T/intr$k" | wc -l)" -lt $((k * 3)) ] && [ $n -lt 400 ]; do
        sleep 0.01
        n=$((n + 1))
    done
    kill -TERM "$pid"
    wait "$pid" 2> /dev/null
    grep -q 'Interrupted system call' "$T/intr$k.err" && said="$said $k"
    no_temp "$T/intr$k" || said="$said $k:temporary-file"
done
check "12 interrupted batches: no write reported as 'Interrupted system call', no temporary file" test -z "$said"

# --- options named as typed --------------------------------------------------------
"$BP" -x.yaml 2> "$T/e"
check "-x.yaml: the option named as typed, with the way to give such a file" sh -c "test $? -eq 2 && grep -q \"unknown option '-x' in '-x.yaml'; a file whose name starts with '-' is given as ./-x.yaml\" '$T/e'"
"$BP" --frobnicate 2> "$T/e"
check "--frobnicate is named" sh -c "test $? -eq 2 && grep -q \"unknown option '--frobnicate'\" '$T/e'"
"$BP" --h x.yaml 2> "$T/e"
check "--h is ambiguous, and says between what" sh -c "test $? -eq 2 && grep -q \"option '--h' is ambiguous: --help, --handout\" '$T/e'"
"$BP" -qZ x.yaml 2> "$T/e"
check "-qZ: the unknown letter and the word it came in" sh -c "test $? -eq 2 && grep -q \"unknown option '-Z' in '-qZ'\" '$T/e'"
"$BP" -o 2> "$T/e"
check "-o without a value" sh -c "test $? -eq 2 && grep -q \"option '-o' needs a value\" '$T/e'"

# --- temporary files left by SIGKILL ---------------------------------------------
python3 tests/gen_roundtables.py "$T/b200" 200
left=""
for k in 1 2 3 4 5; do
    mkdir "$T/kill$k"
    left=$(python3 - "$BP" "$T/kill$k" "$T"/b200/*.yaml <<'PY'
import os, subprocess, sys, time
bp, out, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen([bp, "-j2", "-o", out] + inputs, stderr=subprocess.DEVNULL)
end = time.time() + 30
while time.time() < end and p.poll() is None:
    if any("briefpack-" in f for f in os.listdir(out)):
        p.kill()
        break
p.wait()
names = [f for f in os.listdir(out) if "briefpack-" in f]
print(" ".join(names), "pid=%d" % p.pid)
PY
)
    case $left in .*briefpack-*) break ;; esac
done
case $left in
.*briefpack-*)
    pid=${left##*pid=}
    leftname=${left%% *}
    check "a file left by SIGKILL says its target and the process: .NAME.pdf.briefpack-PID-XXXXXX" \
        sh -c "echo '$leftname' | grep -qE '^\\.rt-[0-9]{4}\\.pdf\\.briefpack-$pid-[A-Za-z0-9]{6}\$'"
    "$BP" -q -o "$T/kill$k" "$T"/b200/rt-000[1-3].yaml
    check "another run leaves it alone (it may be a running process's)" test -e "$T/kill$k/$leftname"
    ;;
*) skip "a file left by SIGKILL" "no temporary file was caught in 5 batches" ;;
esac

# --- a full disk ---------------------------------------------------------------------
mkdir -p "$T/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=160k tmpfs "$T/full" 2> /dev/null; then
    echo "an old PDF" > "$T/full/net-zero-estates-2022-09-20.pdf"
    old=$(md5sum < "$T/full/net-zero-estates-2022-09-20.pdf")
    "$BP" -j1 -o "$T/full" "$T"/fsz/*.yaml 2> "$T/e"
    st=$?
    nz=$(md5sum < "$T/full/net-zero-estates-2022-09-20.pdf")
    check "a full disk: exit 1 with 'No space left on device' for the input" sh -c "test $st -eq 1 && grep -q 'error: cannot write .*: No space left on device' '$T/e'"
    check "a full disk: no temporary file" no_temp "$T/full"
    check "a full disk: each target the old file or a complete new PDF" sh -c "test '$nz' = '$old' || qpdf --check '$T/full/net-zero-estates-2022-09-20.pdf' > /dev/null"
    check "a full disk: the batch ends with its summary" sh -c "tail -1 '$T/e' | grep -q '^built [0-2], failed [1-3], '"
    umount "$T/full"
else
    skip "a full disk" "mounting a small tmpfs needs root"
fi
