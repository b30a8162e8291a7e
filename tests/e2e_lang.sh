#!/bin/sh
# Languages as data (issue 16): each shipped catalog (data/lang/) writes
# its dates, labels, part headings, folios, quotation marks and phone links
# as tests/lang/expected.tsv says, checked on a real build of
# tests/fixtures/lang/LANG.yaml; each such PDF passes the accessibility
# checks; patterns hyphenate French and German (Debian's) and Welsh (ours,
# data/hyphen/); a language with a catalog but no patterns gets the warning;
# a language with no catalog is a located error listing those
# there are; a pack binds chapters in several languages, each with its own
# words and /Lang. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"

for l in $(grep -v '^#' tests/lang/expected.tsv | cut -f1 | sort -u); do
    y=tests/fixtures/lang/$l.yaml
    if ! "$BP" -q -o "$T/$l.pdf" "$y" 2> "$T/$l.err"; then
        fail "$l: builds" "$(cat "$T/$l.err")"
        continue
    fi
    pdfinfo -struct-text "$T/$l.pdf" > "$T/$l.tree"
    pdftotext "$T/$l.pdf" "$T/$l.page"
    qpdf --qdf --object-streams=disable "$T/$l.pdf" "$T/$l.qdf"
    check "$l: passes tests/pdfua_check and declares /Lang $l" sh -c "python3 tests/pdfua_check '$T/$l.pdf' && strings '$T/$l.qdf' | grep -q '/Lang ($l)'"
    check "$l: its structure tree reads the file's words in order" python3 tests/reading_order.py "$y" "$T/$l.pdf"
done
python3 - "$T" <<'PY'
import re, subprocess, sys
T = sys.argv[1]
def tree_text(path):
    # the strings a screen reader gets, an element's lines run together
    return "".join(re.findall(r'^\s*"(.*)"\s*$', open(path, encoding="utf-8").read(), re.M))
for line in open("tests/lang/expected.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    lang, where, what, text = line.rstrip("\n").split("\t")
    try:
        if where == "tree":
            hay = tree_text(f"{T}/{lang}.tree")
        elif where == "page":
            hay = open(f"{T}/{lang}.page", encoding="utf-8").read()
        else:
            hay = open(f"{T}/{lang}.qdf", encoding="latin-1").read()
    except OSError as e:
        print(f"FAIL {lang}: {what}: {e}")
        continue
    missing = [t for t in text.split("|")
               if t.replace("~", "\u00a0").replace("^", "\u202f") not in hay]
    print(f"{'FAIL' if missing else 'PASS'} {lang}: {what} as the table says ({text})"
          + (f": not found: {missing}" if missing else ""))
PY

# --- hyphenation -------------------------------------------------------------
for l in fr de; do
    check "$l: Debian's patterns (hyphen-$l) are found: no warning" sh -c "! grep -q 'no hyphenation patterns' '$T/$l.err'"
done
check "cy: the Welsh patterns shipped in data/hyphen/ are found: no warning" sh -c "! grep -q 'no hyphenation patterns' '$T/cy.err'"
check "cy: a justified Welsh paragraph is hyphenated (a divided word at a line end)" sh -c "'$BP' -q --brand whitehall -o '$T/cy-wh.pdf' tests/fixtures/lang/cy.yaml && test \$(pdftotext -raw '$T/cy-wh.pdf' - | grep -c '[a-z]-\$') -ge 1"
DUMP=$(dirname "$BP")/dump_layout
# a French paragraph too narrow to set without hyphens is hyphenated by
# French patterns (a word divided at a line end: a hyphen drawn as an artifact)
sed 's/^brand:.*//; s/^language: en-GB/language: fr/' tests/fixtures/long-word-justified.yaml > "$T/fr-hyph.yaml"
check "fr: a justified paragraph is hyphenated with the French patterns" sh -c "'$DUMP' '$T/fr-hyph.yaml' | grep -q 'text artifact.*\"-\"'"

# --- a language with no catalog -------------------------------------------------
printf 'title: T\ndate: 2022-03-08\nlanguage: gd\n' > "$T/gd.yaml"
check "a language with no catalog: a located error that lists the catalogs there are" sh -c "! '$BP' --check '$T/gd.yaml' 2> '$T/gd.err' && grep -q '^$T/gd.yaml:3:11: error: no catalog for language .gd.: briefpack writes cy, de, en-GB, en-US, fr' '$T/gd.err'"
sed 's/^language: en-GB/language: en/' examples/techuk-2022-03-08.yaml > "$T/en.yaml"
sed 's/^language: en-GB/language: en-AU/' examples/techuk-2022-03-08.yaml > "$T/en-AU.yaml"
for t in en en-AU; do
    check "English with no catalog of its own ($t) is written as en-GB" sh -c "'$BP' -q -o '$T/$t.pdf' '$T/$t.yaml' && pdftotext -l 1 '$T/$t.pdf' - | grep -q 'Tuesday 8 March 2022'"
done
printf 'title: T\ndate: 2022-03-08\nlanguage: fr-CA\n' > "$T/frca.yaml"
check "a region without a catalog of its own takes its language's (fr-CA: fr)" sh -c "'$BP' -q -o '$T/frca.pdf' '$T/frca.yaml' && pdfinfo -struct-text '$T/frca.pdf' | grep -q 'mardi 8.mars 2022'"
# a catalog is data: one of our own, with a blank it cannot fill, is refused
# at its line, and the document at its language line
mkdir -p "$T/root/data" && cp -r data/brands data/icc "$T/root/data/" && cp -r fonts "$T/root/" && mkdir -p "$T/root/data/lang"
cp data/lang/*.yaml "$T/root/data/lang/"
sed 's/^page_of: .*/page_of: "Page {n} of {pages}"/' data/lang/en-GB.yaml > "$T/root/data/lang/xx.yaml"
printf 'title: T\ndate: 2022-03-08\nlanguage: xx\n' > "$T/xx.yaml"
# (the binary finds the data beside it: a copy in the tree's build/)
mkdir -p "$T/root/build" && cp "$BP" "$T/root/build/briefpack"
check "a catalog with a blank it cannot fill: an error at its line, and at the file's language" sh -c "! '$T/root/build/briefpack' --check '$T/xx.yaml' 2> '$T/xx.err' && grep -q 'data/lang/xx.yaml:[0-9]*:[0-9]*: error: .page_of. holds .{pages}., which it cannot fill (it may hold: n total)' '$T/xx.err' && grep -q '^$T/xx.yaml:3:11: error: the catalog of .xx. has errors' '$T/xx.err'"

# a language with a catalog but no patterns (ours, here: Irish, which neither
# Debian nor data/hyphen/ holds) is set without hyphenation, with a warning
# at the file's language line
cp data/lang/en-GB.yaml "$T/root/data/lang/ga.yaml"
printf 'title: T\ndate: 2022-03-08\nlanguage: ga\n' > "$T/ga.yaml"
check "a language with no hyphenation patterns: a located warning, and the PDF" sh -c "'$T/root/build/briefpack' -o '$T/ga.pdf' '$T/ga.yaml' 2> '$T/ga.err' && grep -q '^$T/ga.yaml:3:11: warning: no hyphenation patterns for language .ga.' '$T/ga.err' && test -s '$T/ga.pdf'"

# --- a pack of chapters in several languages ------------------------------------
mkdir -p "$T/multi"
cp tests/fixtures/lang/cy.yaml tests/fixtures/lang/fr.yaml tests/fixtures/lang/en-GB.yaml "$T/multi/"
cat > "$T/multi/pack.yaml" <<'YAML'
title: Three Roundtables, Three Languages
date: 2022-03-15
language: en-GB
roundtables: [en-GB.yaml, cy.yaml, fr.yaml]
YAML
check "a pack in three languages: each chapter's labels in its own, each with its /Lang, the pack's furniture in its own" sh -c "
    '$BP' -q -o '$T/multi.pdf' '$T/multi/pack.yaml' 2>/dev/null && python3 tests/pdfua_check '$T/multi.pdf' &&
    pdfinfo -struct-text '$T/multi.pdf' > '$T/multi.tree' &&
    grep -q 'BORD GRON 2 O 3' '$T/multi.tree' && grep -q 'Prif bwyntiau' '$T/multi.tree' &&
    grep -q 'TABLE RONDE 3 SUR 3' '$T/multi.tree' && grep -q 'Points cl' '$T/multi.tree' &&
    grep -q 'ROUNDTABLE 1 OF 3' '$T/multi.tree' && grep -q 'Key takeaways' '$T/multi.tree' &&
    pdftotext '$T/multi.pdf' - | grep -q 'Page 2 of' &&
    qpdf --qdf --object-streams=disable '$T/multi.pdf' '$T/multi.qdf' &&
    test \$(strings '$T/multi.qdf' | grep -c '/Lang (cy)') -eq 1 && test \$(strings '$T/multi.qdf' | grep -c '/Lang (fr)') -eq 1"
check "a pack in three languages: its structure tree reads every chapter's words in order" python3 tests/reading_order.py "$T/multi/pack.yaml" "$T/multi.pdf"
