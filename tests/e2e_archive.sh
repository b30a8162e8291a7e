#!/bin/sh
# End-to-end tests of reproducible and archival PDFs (issue 6,
# docs/archiving.md), through the real command line: every example built
# twice in different folders and time zones gives the same bytes; the
# document ID follows the source; SOURCE_DATE_EPOCH; and, with --archive,
# PDF/A-3a by tests/pdfa_check, qpdf and Ghostscript, and the sources read
# back byte for byte with --extract. Prints PASS/FAIL lines; checks that
# need an option this binary does not have yet print SKIP lines instead.
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset SOURCE_DATE_EPOCH

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }
skip() { echo "SKIP $1${2:+ ($2)}"; }
check() { # name, then a command that must succeed
    name=$1
    shift
    if "$@" > "$T/out" 2> "$T/err"; then pass "$name"; else fail "$name" "$(head -c 600 "$T/err" "$T/out" | tr '\n' ' ')"; fi
}

EXAMPLES="$(ls examples/*.yaml) examples/pack/public-safety-pack.yaml"
SEED=examples/techuk-2022-03-08.yaml
DF=examples/digital-forensics-2022-04-12.yaml

# Which of the options this binary has (the command line gains them one by
# one): an option it lacks is refused as "not available".
has() { ! "$BP" "$@" 2>&1 | grep -q 'not available'; }
HANDOUT=no; has --handout --check "$SEED" && HANDOUT=yes
ARCHIVE=no; has --archive --check "$SEED" && ARCHIVE=yes
EXTRACT=no; has --extract /dev/null && EXTRACT=yes

# The examples copied into two unrelated folders.
mkdir -p "$T/one" "$T/two/deeper/still" "$T/r1" "$T/r2"
cp -R examples "$T/one/"
cp -R examples "$T/two/deeper/still/"

has_id() { # one /ID of two equal 16-byte strings, in the trailer (the
             # cross-reference stream's dictionary, at startxref)
    python3 - "$1" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
at = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", d).group(1))
t = d[at:d.find(b"stream", at)]
m = re.findall(rb"/ID \[ ?<([0-9A-F]{32})> ?<([0-9A-F]{32})> ?\]", t)
sys.exit(0 if len(m) == 1 and m[0][0] == m[0][1] and m[0][0] != b"0" * 32 else 1)
PY
}
pdf_id() { # the trailer's first ID string
    python3 -c "import re,sys; d=open(sys.argv[1],'rb').read(); m=re.findall(rb'/ID\s*\[\s*<([0-9A-Fa-f]+)>', d); print(m[-1].decode() if m else 'none')" "$1"
}

# --- the same bytes, whatever the folder, the path or the time zone ----------
variants="plain"
[ $HANDOUT = yes ] && variants="$variants handout"
[ $ARCHIVE = yes ] && variants="$variants archive"
[ $ARCHIVE = yes ] && [ $HANDOUT = yes ] && variants="$variants archive-handout"
for v in $variants; do
    case $v in
    plain) opts= ;;
    handout) opts=--handout ;;
    archive) opts=--archive ;;
    archive-handout) opts="--archive --handout" ;;
    esac
    for f in $EXAMPLES; do
        case $v in *handout) case $f in */pack/*) continue ;; esac ;; esac
        n=$v-$(basename "$f" .yaml)
        ok=yes
        (cd "$T/one" && TZ=UTC "$BP" $opts -o "$T/r1/$n.pdf" "$f") 2> "$T/err" || ok=no
        (cd "$T/two/deeper/still" && TZ=Asia/Tokyo "$BP" $opts -o "$T/r2/$n.pdf" "$T/two/deeper/still/$f") 2>> "$T/err" || ok=no
        if [ $ok = no ]; then
            fail "$n builds in two folders" "$(head -c 400 "$T/err")"
            continue
        fi
        check "$n: two folders and time zones give the same bytes" cmp "$T/r1/$n.pdf" "$T/r2/$n.pdf"
        check "$n: the trailer has a document ID" has_id "$T/r1/$n.pdf"
    done
done
[ $HANDOUT = yes ] || skip "handouts built twice" "no --handout in this binary yet"
[ $ARCHIVE = yes ] || skip "archival PDFs built twice" "no --archive in this binary yet"

# --- the document ID follows the source ----------------------------------------
cp "$SEED" "$T/id-a.yaml"
# one character of a comment: nothing visible changes, the ID does
sed '0,/^#/s/^#\(.\)./#\1x/' "$SEED" > "$T/id-b.yaml"
check "a one-character change in a comment is a change of the file" sh -c "! cmp -s '$T/id-a.yaml' '$T/id-b.yaml' && test \$(cmp -l '$T/id-a.yaml' '$T/id-b.yaml' | wc -l) -eq 1"
"$BP" -o "$T/id-a.pdf" "$T/id-a.yaml" 2>/dev/null
"$BP" -o "$T/id-b.pdf" "$T/id-b.yaml" 2>/dev/null
check "a one-character change in the YAML changes the document ID" sh -c "test '$(pdf_id "$T/id-a.pdf")' != '$(pdf_id "$T/id-b.pdf")' && test '$(pdf_id "$T/id-a.pdf")' != none"
sed 's/^title: \(.\)/title: X\1/' "$SEED" > "$T/id-c.yaml"
"$BP" -o "$T/id-c.pdf" "$T/id-c.yaml" 2>/dev/null
check "a change to the title changes the document ID" sh -c "test '$(pdf_id "$T/id-a.pdf")' != '$(pdf_id "$T/id-c.pdf")'"

# --- dates: the file's own, or SOURCE_DATE_EPOCH -------------------------------
check "the dates are the briefing's own (published), at midnight UTC" sh -c "pdfinfo '$T/id-a.pdf' | grep -q '^CreationDate: *Fri Mar 18 00:00:00 2022 UTC' && pdfinfo -meta '$T/id-a.pdf' | grep -q '<xmp:CreateDate>2022-03-18T00:00:00+00:00</xmp:CreateDate>'"
SOURCE_DATE_EPOCH=1700000000 TZ=UTC "$BP" -o "$T/sde1.pdf" "$SEED" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 TZ=Asia/Tokyo "$BP" -o "$T/sde2.pdf" "$SEED" 2>/dev/null
check "SOURCE_DATE_EPOCH sets both dates, in UTC" sh -c "pdfinfo '$T/sde1.pdf' | grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023 UTC' && pdfinfo '$T/sde1.pdf' | grep -q '^ModDate: *Tue Nov 14 22:13:20 2023 UTC' && pdfinfo -meta '$T/sde1.pdf' | grep -q '<xmp:ModifyDate>2023-11-14T22:13:20+00:00</xmp:ModifyDate>'"
check "SOURCE_DATE_EPOCH builds are the same in every time zone" cmp "$T/sde1.pdf" "$T/sde2.pdf"
check "a malformed SOURCE_DATE_EPOCH is an error (1), nothing written" sh -c "SOURCE_DATE_EPOCH=yesterday '$BP' -o '$T/sde3.pdf' '$SEED' 2> '$T/sde.err'; test \$? -eq 1 && grep -q 'SOURCE_DATE_EPOCH' '$T/sde.err' && test ! -e '$T/sde3.pdf'"

# --- archival PDFs: PDF/A-3a, its readers, the sources inside ----------------
gs_read() { # Ghostscript renders it without a word beyond its banner
    gs -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$1" 2>&1 |
        grep -a -v -E '^(GPL Ghostscript [0-9.]+ \(|Copyright \(C\)|This software is supplied|see the file COPYING|Processing pages|Page [0-9]+$)' |
        grep -a . && return 1
    return 0
}
gs_pdfa() { # Ghostscript's PDF/A-3 writer takes it whole. Its 10.0 release
    # cannot put a non-ASCII Info string into XMP and says so ("discarding
    # DOCINFO", its own limit: the comment in its source says "Can't handle
    # UTF16BE in PDF/A1"): that line alone is allowed.
    gs -dPDFA=3 -dPDFACompatibilityPolicy=1 -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite \
        -sColorConversionStrategy=RGB -sOutputFile=/dev/null "$1" 2>&1 |
        grep -a -v -E '^(GPL Ghostscript [0-9.]+ \(|Copyright \(C\)|This software is supplied|see the file COPYING|Processing pages|Page [0-9]+$)' |
        grep -a -v 'Text string detected in DOCINFO cannot be represented in XMP for PDF/A1, discarding DOCINFO' |
        grep -a . && return 1
    return 0
}
qpdf_clean() {
    out=$(qpdf --check "$1" 2>&1) || { echo "$out"; return 1; }
    echo "$out" | grep -q 'No syntax or stream encoding errors found' || { echo "$out"; return 1; }
    ! echo "$out" | grep -qi warning
}

if [ $ARCHIVE = yes ]; then
    archives=""
    for f in $EXAMPLES; do archives="$archives $f:"; done
    [ $HANDOUT = yes ] && archives="$archives $SEED:--handout"
    for item in $archives; do
        f=${item%%:*}
        extra=${item#*:}
        n=$(basename "$f" .yaml)${extra:+-handout}
        pdf="$T/a-$n.pdf"
        if "$BP" --archive $extra -o "$pdf" "$f" 2> "$T/a.err"; then pass "$n --archive builds"; else
            fail "$n --archive builds" "$(head -c 400 "$T/a.err")"
            continue
        fi
        check "$n --archive builds without messages" test ! -s "$T/a.err"
        check "$n is PDF/A-3a (tests/pdfa_check)" python3 tests/pdfa_check "$pdf"
        check "$n: qpdf --check finds nothing" qpdf_clean "$pdf"
        check "$n: Ghostscript renders it without a warning" gs_read "$pdf"
        check "$n: Ghostscript's PDF/A-3 writer takes it without a warning" gs_pdfa "$pdf"
        check "$n: pdfinfo shows the metadata stream and PDF/A-3a" sh -c "pdfinfo '$pdf' > '$T/info' && grep -q '^Metadata Stream: *yes' '$T/info' && grep -q '^PDF subtype: *PDF/A-3a' '$T/info' && grep -q '^PDF version: *1.7' '$T/info'"
        check "$n: every font embedded, with ToUnicode" python3 tests/pdfcheck.py fonts "$pdf"
        check "$n: poppler reads it without a warning" python3 tests/pdfcheck.py quiet "$pdf"
        if [ $EXTRACT = no ]; then
            continue
        fi
        check "$n: --extract gives the source back byte for byte" sh -c "'$BP' --extract '$pdf' > '$T/x.yaml' && cmp '$T/x.yaml' '$f'"
        check "$n: --extract -o FILE.yaml writes the source into that file" sh -c "rm -rf '$T/o-$n.yaml' && '$BP' --extract '$pdf' -o '$T/o-$n.yaml' && test -f '$T/o-$n.yaml' && cmp '$T/o-$n.yaml' '$f'"
        check "$n: --extract keeps a file that was edited since, and says so" sh -c "'$BP' --extract '$pdf' -o '$T/o-$n.yaml' && echo edit >> '$T/o-$n.yaml' && ! '$BP' --extract '$pdf' -o '$T/o-$n.yaml' 2> '$T/o-$n.err' && grep -q 'not overwritten' '$T/o-$n.err' && tail -1 '$T/o-$n.yaml' | grep -qx edit"
        out="$T/x-$n"
        dir=$(dirname "$f")
        check "$n: --extract -o DIR writes every attached file, each equal to its source" sh -c "'$BP' --extract '$pdf' -o '$out' && test -n \"\$(ls -A '$out')\" && cd '$out' && find . -type f | sed 's|^\./||' > '$T/x.list' && while read -r g; do cmp \"\$g\" '$ROOT/$dir/'\"\$g\" || exit 1; done < '$T/x.list'"
        case $f in
        */pack/*) check "$n: the pack file and its three roundtables are attached" test "$(wc -l < "$T/x.list" 2>/dev/null)" -eq 4 ;;
        *digital-forensics*) check "$n: the YAML and its three photos are attached" test "$(wc -l < "$T/x.list" 2>/dev/null)" -eq 4 ;;
        esac
        top=$(basename "$f")
        check "$n: rebuilt from the extracted sources, the same bytes" sh -c "cd '$out' && '$BP' --archive $extra -o '$T/again.pdf' '$top' && cmp '$T/again.pdf' '$pdf'"
    done
    check "tests/pdfa_check reports each of a list of breakages" sh -c "python3 tests/pdfa_check --self-test '$T/a-digital-forensics-2022-04-12.pdf' > '$T/self' ; ! grep -v '^PASS' '$T/self'"
else
    skip "archival PDFs: PDF/A-3a, qpdf, Ghostscript, pdfinfo, fonts" "no --archive in this binary yet"
fi

# --- --extract: refusals, damage, escapes --------------------------------------
if [ $EXTRACT = yes ]; then
    check "--extract on a PDF without a source says so (1)" sh -c "'$BP' --extract '$T/id-a.pdf' > '$T/none' 2> '$T/none.err'; test \$? -eq 1 && grep -q 'no briefpack source' '$T/none.err' && test ! -s '$T/none'"
    check "--extract on a file that is no PDF says so (1)" sh -c "'$BP' --extract '$SEED' 2> '$T/e.err' > /dev/null; test \$? -eq 1 && grep -q 'not a PDF' '$T/e.err'"
    check "--extract on a missing file says so (1)" sh -c "'$BP' --extract '$T/nope.pdf' 2>/dev/null >/dev/null; test \$? -eq 1"
fi
if [ $EXTRACT = yes ] && [ $ARCHIVE = yes ]; then
    a="$T/a-digital-forensics-2022-04-12.pdf"
    size=$(wc -c < "$a")
    for cut in 1000 $((size / 3)) $((size / 2)) $((size - 400)) $((size - 40)); do
        head -c "$cut" "$a" > "$T/cut.pdf"
        check "--extract on a PDF cut at $cut of $size bytes: the source whole or an error, never a crash" sh -c "'$BP' --extract '$T/cut.pdf' > '$T/cut.yaml' 2> '$T/cut.err'; s=\$?; if [ \$s -eq 0 ]; then cmp '$T/cut.yaml' '$DF'; else test \$s -eq 1 && test -s '$T/cut.err'; fi"
    done
    # names that would leave the folder: the same file, the names changed
    # (in the file as qpdf rewrites it without object streams, where the
    # names are plain bytes)
    qpdf --object-streams=disable --stream-data=preserve "$a" "$T/plain.pdf"
    python3 - "$T/plain.pdf" "$T" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
name = b"(digital-forensics-2022-04-12.yaml)"
assert name in d
open(sys.argv[2] + "/up.pdf", "wb").write(d.replace(name, b"(../ital-forensics-2022-04-12.yaml)"))
open(sys.argv[2] + "/abs.pdf", "wb").write(d.replace(name, b"(/igital-forensics-2022-04-12.yaml)"))
PY
    mkdir -p "$T/jail"
    check "--extract -o refuses a name with .. and writes nothing" sh -c "'$BP' --extract '$T/up.pdf' -o '$T/jail/out' 2> '$T/j.err'; test \$? -eq 1 && grep -q 'refusing' '$T/j.err' && test -z \"\$(ls -A '$T/jail/out' 2>/dev/null)\" && test ! -e '$T/jail/ital-forensics-2022-04-12.yaml'"
    check "--extract -o refuses an absolute name" sh -c "'$BP' --extract '$T/abs.pdf' -o '$T/jail/out2' 2> '$T/j.err'; test \$? -eq 1 && grep -q 'absolute' '$T/j.err' && test ! -e /igital-forensics-2022-04-12.yaml"
    check "--extract to stdout still takes the top-level source of such a file" sh -c "'$BP' --extract '$T/abs.pdf' | cmp - '$DF'"
    mkdir -p "$T/trap/out" "$T/elsewhere"
    ln -s "$T/elsewhere" "$T/trap/out/photos"
    check "--extract -o does not follow a symbolic link" sh -c "'$BP' --extract '$a' -o '$T/trap/out' 2> '$T/j.err'; test \$? -eq 1 && test -z \"\$(ls -A '$T/elsewhere')\" && grep -q 'symbolic link' '$T/j.err'"
else
    skip "--extract on damaged, escaping and linked files" "no --extract or --archive in this binary yet"
fi
