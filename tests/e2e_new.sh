#!/bin/sh
# `briefpack new` (issue 14): the starter roundtable, pack and brand pass
# --check as written, with no message; every key the schema knows is in
# the roundtable starter (or the brand's, or the pack's), written or
# commented out, with a comment saying what it is for; the schema's modeline
# names the installed schema; the PDFs they build are tagged, pass
# tests/pdfua_check and read in order; SOURCE_DATE_EPOCH makes a starter
# again byte for byte; a file in the way is never replaced. (The language
# server opening a starter without a diagnostic: tests/e2e_editor.sh.)
# Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
ROOT=$PWD
W=$T/work
mkdir -p "$W"
cd "$W" || exit 1

export SOURCE_DATE_EPOCH=1795392000 # 2026-11-23
check "new rt.yaml writes a starter (exit status 0)" "$BP" new rt.yaml
check "the starter passes --check as written, without a word" sh -c "'$BP' --check rt.yaml > out 2>&1 && test ! -s out"
check "its first line names the schema, which exists" sh -c "
    head -1 rt.yaml | grep -q '^# yaml-language-server: \$schema=/.*/data/briefpack.schema.json\$' &&
    test -f \"\$(head -1 rt.yaml | sed 's/.*\$schema=//')\""
check "its dates are SOURCE_DATE_EPOCH's day" grep -q '^date: 2026-11-23 ' rt.yaml
check "new rt.yaml again: refused, exit status 1, the file unchanged" sh -c "
    cp rt.yaml before &&
    '$BP' new rt.yaml > out 2> err; test \$? -eq 1 && grep -q 'rt.yaml already exists' err && cmp -s rt.yaml before && ! ls -a | grep -q briefpack-new"
check "the same SOURCE_DATE_EPOCH makes the same starter, byte for byte" sh -c "
    mkdir again && cd again && '$BP' new rt.yaml 2> /dev/null && cmp rt.yaml ../rt.yaml"
check "new on a name that is not .yaml: a usage error (2)" sh -c "'$BP' new notes.txt 2> err; test \$? -eq 2 && test ! -e notes.txt"

if "$BP" -q rt.yaml 2> err; then
    pass "the starter builds"
    check "its PDF: tagged, passes tests/pdfua_check" python3 "$ROOT/tests/pdfua_check" rt.pdf
    check "its PDF: the structure tree reads the starter's words in order" python3 "$ROOT/tests/reading_order.py" rt.yaml rt.pdf
    check "its PDF: a cover, the body and the speakers (3 pages, the title and the facts)" sh -c "
        pdfinfo rt.pdf | grep -q '^Pages: *3\$' && pdftotext -l 1 rt.pdf - | grep -q 'Title of the roundtable' &&
        pdftotext -l 1 rt.pdf - | grep -q '14:00–16:00' && pdftotext -l 1 rt.pdf - | grep -q 'Name of the chair'"
else
    fail "the starter builds" "$(head -c 500 err)"
fi

check "new --brand house.yaml writes a starter brand" "$BP" new --brand house.yaml
check "the starter brand passes --check, without a word (no contrast or face warning)" sh -c "'$BP' --check --brand house.yaml rt.yaml > out 2>&1 && test ! -s out"
check "a roundtable set in it builds (brand: house.yaml)" sh -c "
    sed 's|^# brand: techuk  *#|brand: house.yaml #|' rt.yaml > branded.yaml && grep -q '^brand: house.yaml' branded.yaml &&
    '$BP' branded.yaml 2> err && test ! -s err && python3 '$ROOT/tests/pdfua_check' branded.pdf"

check "new --pack pack.yaml writes a pack and the starter roundtable it lists" sh -c "
    '$BP' new --pack pack.yaml 2> err && test -f roundtables/first-roundtable.yaml &&
    grep -q '^  - roundtables/first-roundtable.yaml\$' pack.yaml"
check "the starter pack passes --check, without a word, and builds" sh -c "
    '$BP' --check pack.yaml > out 2>&1 && test ! -s out && '$BP' pack.yaml 2> err && python3 '$ROOT/tests/pdfua_check' pack.pdf"
check "new --pack with roundtables lists them, relative to the pack" sh -c "
    mkdir -p packs/items && cp rt.yaml 'packs/items/a b.yaml' && cp rt.yaml packs/c.yaml &&
    '$BP' new --pack packs/p.yaml 'packs/items/a b.yaml' packs/c.yaml 2> err &&
    grep -q '^  - \"items/a b.yaml\"\$' packs/p.yaml && grep -q '^  - c.yaml\$' packs/p.yaml &&
    '$BP' --check packs/p.yaml > out 2>&1 && test ! -s out"
check "new --pack with a roundtable outside its folder: refused, nothing written" sh -c "
    mkdir -p deep && '$BP' new --pack deep/p.yaml rt.yaml 2> err; test \$? -eq 1 && grep -q outside err && test ! -e deep/p.yaml"
check "a second new --pack in a folder: its own starter roundtable (first-roundtable-2.yaml), the first kept" sh -c "
    mkdir -p other/roundtables && echo keep > other/roundtables/first-roundtable.yaml &&
    '$BP' new --pack other/pack.yaml 2> err && grep -q '^  - roundtables/first-roundtable-2.yaml\$' other/pack.yaml &&
    grep -qx keep other/roundtables/first-roundtable.yaml && '$BP' --check other/pack.yaml > out 2>&1 && test ! -s out"
check "new --pack when the pack is in the way: refused, no roundtable left behind" sh -c "
    mkdir -p third && echo keep > third/pack.yaml &&
    '$BP' new --pack third/pack.yaml 2> err; test \$? -eq 1 && grep -qx keep third/pack.yaml &&
    test ! -e third/roundtables/first-roundtable.yaml && grep -q 'already exists' err"
check "every key is in a starter, written or commented out, with a comment on what it is for" python3 - "$ROOT/data/briefpack.schema.json" <<'PY'
import json, re, sys
schema = json.load(open(sys.argv[1]))["$defs"]
def keys(name):
    d = schema[name]
    if "properties" not in d:
        d = [a for a in d.get("anyOf", []) if "properties" in a][0]
    return set(d["properties"])
kinds = {
    "rt.yaml": set().union(*(keys(k) for k in
        ("roundtable", "question", "takeaway", "section", "action", "speaker", "attendee"))),
    "house.yaml": keys("brand") | {"primary", "accent", "link", "text", "muted",
                                   "regular", "bold", "italic", "bold_italic", "heading"},
    "pack.yaml": keys("pack"),
}
problems = []
for f, want in kinds.items():
    text = open(f).read()
    for k in sorted(want):
        m = re.search(r"^[ #-]*%s:.*$" % re.escape(k), text, re.M)
        if not m:
            problems.append("%s: no `%s`" % (f, k))
        elif " # " not in m.group(0).split(":", 1)[1]:
            problems.append("%s: `%s` has no comment: %s" % (f, k, m.group(0)))
assert not problems, problems
PY
