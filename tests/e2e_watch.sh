#!/bin/sh
# --watch (issue 14), the real thing: briefpack runs in the background and
# the test edits its files as an editor would, then waits for what must
# follow. Every wait polls, with a deadline (a slow sanitizer build on a
# busy machine only makes it wait longer); nothing relies on a sleep.
#  - an edit (written in place, or a new copy renamed over the file) gives
#    a new PDF; so does a new photo, and a change to the brand file;
#  - an edit with a mistake prints the located message and keeps the last
#    good PDF as it was (and leaves no temporary file);
#  - an input waiting for a photo that is not there yet is built when it
#    comes; a change to one input rebuilds it alone, one to a shared brand
#    both;
#  - Ctrl-C (SIGINT) ends it by that signal (exit status 130), the PDFs
#    whole, no temporary file left.
# Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
ROOT=$PWD
W=$T/w
mkdir -p "$W/photos" "$W/out"
cp examples/photos/zoe-adeyemi.png "$W/photos/a.png"
cp examples/photos/lukasz-nowak.png "$W/spare.png"

# Started in the background by a script, a command ignores SIGINT (POSIX):
# this runs it with SIGINT at its default action, as from a terminal.
SIGINT_DEFAULT='import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])'

# wait_for SECONDS COMMAND...: polls until the command succeeds; false when
# the deadline passes (or briefpack is gone).
wait_for() {
    limit=$(($(date +%s) + $1))
    shift
    while ! "$@" > /dev/null 2>&1; do
        [ "$(date +%s)" -ge "$limit" ] && return 1
        kill -0 "$pid" 2> /dev/null || { "$@" > /dev/null 2>&1; return; }
        sleep 0.1
    done
}
sum() { md5sum < "$1" | cut -d' ' -f1; }
changed() { [ "$(sum "$1")" != "$2" ]; }          # FILE, the sum before
says() { grep -q -- "$1" "$W/log"; }
count() { grep -c -- "$1" "$W/log"; }
more_than() { [ "$(count "$1")" -gt "$2" ]; }     # PATTERN, N
text_has() { pdftotext "$1" - 2> /dev/null | grep -q -- "$2"; }
no_temp() { ! ls -a "$W/out" | grep -q briefpack; }
# a new copy renamed over the file, as vim and many editors save
save_renamed() { cat > "$1.new~" && mv "$1.new~" "$1"; }

cat > "$W/brand.yaml" <<'EOF'
name: Watched brand
colours:
  primary: "#1F3A5F"
EOF
roundtable() { # title, date, photo
    cat <<EOF
title: $1
date: $2
brand: brand.yaml
speakers:
  - name: Ada Lovelace
    photo: $3
EOF
}
roundtable "First title" 2026-11-19 photos/a.png > "$W/rt.yaml"
printf 'title: Other roundtable\ndate: 2026-11-20\nbrand: brand.yaml\n' > "$W/other.yaml"

python3 -c "$SIGINT_DEFAULT" "$BP" --watch -o "$W/out/" "$W/rt.yaml" "$W/other.yaml" 2> "$W/log" &
pid=$!
A=$W/out/rt.pdf
B=$W/out/other.pdf

if wait_for 120 says 'watching'; then
    pass "--watch builds every input, then says it is watching"
else
    fail "--watch builds every input, then says it is watching" "$(head -c 600 "$W/log")"
fi
check "… both PDFs are there, whole" sh -c "qpdf --check '$A' && qpdf --check '$B' && pdftotext '$A' - | grep -q 'First title'"
check "… it watches the inputs, the brand file and the photo (4 files, and the shipped fonts)" sh -c "grep -q 'watching [0-9]* files' '$W/log'"
check "… each build says so, with the time" sh -c "grep -q '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] built $A (2 pages)\$' '$W/log'"

# an edit, saved as a new copy renamed over the file
roundtable "Second title" 2026-11-19 photos/a.png | save_renamed "$W/rt.yaml"
check "an edit saved by renaming a new copy over the file: a new PDF" wait_for 60 text_has "$A" 'Second title'
# an edit written in place
before_b=$(count "built $B")
roundtable "Third title" 2026-11-19 photos/a.png > "$W/rt.yaml"
check "an edit written in place: a new PDF" wait_for 60 text_has "$A" 'Third title'
check "… and the other input, which did not change, is not built again" test "$(count "built $B")" -eq "$before_b"

# a photo replaced
s=$(sum "$A")
cp "$W/spare.png" "$W/photos/a.png"
check "a new photo: a new PDF" wait_for 60 changed "$A" "$s"

# the brand both inputs share
s=$(sum "$A")
sb=$(sum "$B")
sed -i 's/#1F3A5F/#3C1053/' "$W/brand.yaml"
if wait_for 60 changed "$A" "$s" && wait_for 60 changed "$B" "$sb"; then
    pass "a change to the brand file both use: both PDFs made again"
else
    fail "a change to the brand file both use: both PDFs made again" "$(tail -c 600 "$W/log")"
fi

# a mistake: the message, the last good PDF kept
s=$(sum "$A")
n_before=$(count 'not built')
roundtable "Third title" 19/11/2026 photos/a.png | save_renamed "$W/rt.yaml"
if wait_for 60 more_than 'not built' "$n_before"; then
    pass "an edit with a mistake: briefpack says it is not built"
else
    fail "an edit with a mistake: briefpack says it is not built" "$(tail -c 600 "$W/log")"
fi
check "… with the located message" says "^$W/rt.yaml:2:7: error: expected a date as YYYY-MM-DD, found \`19/11/2026\`; did you mean \`2026-11-19\`?\$"
check "… and keeps the last good PDF, as it was" sh -c "test '$(sum "$A")' = '$s' && qpdf --check '$A'"
check "… it says the PDF is left as it was" says "rt.yaml: not built; $A is left as it was"
check "… and leaves no temporary file" no_temp

# fixed, but naming a photo that is not there yet
roundtable "Fourth title" 2026-11-19 photos/new.png > "$W/rt.yaml"
check "a photo not there yet: a located message" wait_for 60 says "rt.yaml:6:12: error: photo \`photos/new.png\` not found"
cp "$W/spare.png" "$W/photos/new.png"
check "… and when it comes, the PDF is built" wait_for 60 text_has "$A" 'Fourth title'

# Ctrl-C
kill -INT "$pid"
{ wait "$pid"; } 2> /dev/null
status=$?
check "Ctrl-C (SIGINT) ends it by that signal: exit status 130" test "$status" -eq 130
check "… saying it stopped watching" sh -c "tail -1 '$W/log' | grep -qx 'briefpack: stopped watching'"
check "… the PDFs whole, no temporary file left" sh -c "qpdf --check '$A' > /dev/null && qpdf --check '$B' > /dev/null && ! ls -a '$W/out' | grep -q briefpack"
check "… and no sanitizer report" sh -c "! grep -q -e AddressSanitizer -e 'runtime error' -e LeakSanitizer '$W/log'"

# --check --watch checks again instead; -o - and standard input are refused
check "--watch with -o - or standard input: a usage error (2)" sh -c "
    '$BP' --watch -o - '$W/rt.yaml' 2> /dev/null; a=\$?; '$BP' --watch - < '$W/rt.yaml' 2> /dev/null; test \$a -eq 2 -a \$? -eq 2"
roundtable "Checked" 2026-11-19 photos/a.png > "$W/c.yaml"
python3 -c "$SIGINT_DEFAULT" "$BP" --check --watch "$W/c.yaml" 2> "$W/log" &
pid=$!
check "--check --watch: checks, and watches" wait_for 60 says 'watching'
check "… says the file has no problems" says "c.yaml: no problems"
roundtable "Checked" 2026-02-30 photos/a.png > "$W/c.yaml"
check "… checks it again on a change" wait_for 60 says "c.yaml:2:7: error: expected a date as YYYY-MM-DD, found \`2026-02-30\` (February 2026 has 28 days)"
kill -TERM "$pid"
{ wait "$pid"; } 2> /dev/null
status=$?
check "… SIGTERM ends it (exit status 143), having written no PDF" sh -c "test $status -eq 143 && ! ls '$W' | grep -q '^c.pdf'"
