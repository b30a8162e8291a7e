#!/bin/sh
# Every PDF for every reader (issue 12): each example in each shipped
# brand, the pack, the handouts and the archival PDFs are tagged and pass
# tests/pdfua_check (PDF/UA-1) and tests/reading_order.py (the structure
# tree reads the roundtable's words in order); the checkers fail on files
# broken on purpose; every text colour passes WCAG AA (tests/contrast_check.py
# over the golden display lists); a brand with a failing colour gets a
# located warning; qpdf, Ghostscript, poppler and MuPDF (whose Debian build
# always says 'ICC support is not available') read every output without a word;
# pdf.js in headless Chromium finds a structure tree on every page whose
# headings and links are the roundtable file's (tests/pdfjs_structure.py).
# Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"

accessible() { # name, pdf, yaml, [--handout]
    check "$1: pdfinfo says Tagged: yes" sh -c "pdfinfo '$2' | grep -q '^Tagged: *yes'"
    check "$1: passes tests/pdfua_check (PDF/UA-1)" python3 tests/pdfua_check "$2"
    check "$1: its structure tree reads the roundtable's words in order" python3 tests/reading_order.py ${4:-} "$3" "$2"
    check "$1: qpdf, Ghostscript, poppler and MuPDF read it without a warning" sh -c "qpdf --check '$2' > '$T/q' 2>&1 && ! grep -qi 'warn' '$T/q' && gs -q -dNOPAUSE -dBATCH -sDEVICE=nullpage '$2' > '$T/g' 2>&1 && test ! -s '$T/g' && pdftotext '$2' /dev/null 2> '$T/p' && test ! -s '$T/p' && { mutool draw -o /dev/null '$2' 2>&1 | grep -v '^page \|^warning: ICC support is not available\$' > '$T/m'; test ! -s '$T/m'; }"
}

for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    for brand in default techuk whitehall; do
        if "$BP" -q --brand "$brand" -o "$T/$n-$brand.pdf" "$y" 2> "$T/$n.err"; then
            accessible "$n ($brand)" "$T/$n-$brand.pdf" "$y"
            check "$n ($brand): no contrast warning for a shipped brand" sh -c "! grep -q contrast '$T/$n.err'"
        else
            fail "$n ($brand) builds" "$(cat "$T/$n.err")"
        fi
    done
    "$BP" -q --handout -o "$T/$n-handout.pdf" "$y" && accessible "$n (handout)" "$T/$n-handout.pdf" "$y" --handout
    "$BP" -q --archive -o "$T/$n-archive.pdf" "$y" && accessible "$n (archive)" "$T/$n-archive.pdf" "$y"
done
pack=examples/pack/public-safety-pack.yaml
"$BP" -q -o "$T/pack.pdf" "$pack" && accessible "the pack" "$T/pack.pdf" "$pack"
# the public versions (a file marked above OFFICIAL once cleared to
# OFFICIAL), the pack's too, and a briefing in each shipped language
mkdir -p "$T/pub/roundtables"
cp -r examples/photos "$T/pub/"
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    sed 's/^classification: *OFFICIAL-SENSITIVE/classification: OFFICIAL/' "$y" > "$T/pub/$n.yaml"
    if "$BP" -q --public -o "$T/$n-public.pdf" "$T/pub/$n.yaml" 2> "$T/pub.err"; then
        accessible "$n (public)" "$T/$n-public.pdf" "$T/pub/$n.yaml" --public
    else
        fail "$n (public) builds" "$(cat "$T/pub.err")"
    fi
done
cp "$pack" "$T/pub/"
for f in examples/pack/roundtables/*.yaml; do
    sed 's/^classification: *OFFICIAL-SENSITIVE/classification: OFFICIAL/' "$f" > "$T/pub/roundtables/$(basename "$f")"
done
sed -i 's/^classification: *OFFICIAL-SENSITIVE/classification: OFFICIAL/' "$T/pub/public-safety-pack.yaml"
"$BP" -q --public -o "$T/pack-public.pdf" "$T/pub/public-safety-pack.yaml" && accessible "the pack (public)" "$T/pack-public.pdf" "$T/pub/public-safety-pack.yaml" --public
for y in tests/fixtures/lang/*.yaml; do
    l=$(basename "$y" .yaml)
    if "$BP" -q -o "$T/lang-$l.pdf" "$y" 2> "$T/lang.err"; then
        accessible "$l" "$T/lang-$l.pdf" "$y"
    else
        fail "$l builds" "$(cat "$T/lang.err")"
    fi
done
"$BP" -q --archive -o "$T/pack-archive.pdf" "$pack" && accessible "the pack (archive)" "$T/pack-archive.pdf" "$pack"
# printed two-sided (blank pages, mirrored margins) and on A5
"$BP" -q --duplex -o "$T/pack-duplex.pdf" "$pack" && accessible "the pack (two-sided)" "$T/pack-duplex.pdf" "$pack"
"$BP" -q --duplex --page A5 -o "$T/seed-a5-duplex.pdf" examples/techuk-2022-03-08.yaml && accessible "the seed (A5, two-sided)" "$T/seed-a5-duplex.pdf" examples/techuk-2022-03-08.yaml
"$BP" -q --page A5 --handout -o "$T/seed-a5-handout.pdf" examples/techuk-2022-03-08.yaml && accessible "the seed (A5 handout)" "$T/seed-a5-handout.pdf" examples/techuk-2022-03-08.yaml --handout

# --- a part in another language carries its own /Lang ----------------------------
mkdir -p "$T/cy/roundtables"
cp examples/pack/public-safety-pack.yaml "$T/cy/"
cp examples/pack/roundtables/*.yaml "$T/cy/roundtables/"
sed -i 's/^language: en-GB/language: cy/' "$T/cy/roundtables/2022-04-12-data-sharing.yaml"
check "a pack chapter in Welsh: its Sect says /Lang (cy), the pack's catalog en-GB, and it passes tests/pdfua_check" sh -c "
    '$BP' -q -o '$T/cy.pdf' '$T/cy/public-safety-pack.yaml' 2>/dev/null &&
    python3 tests/pdfua_check '$T/cy.pdf' &&
    qpdf --json '$T/cy.pdf' | python3 -c \"
import json, sys
objs = json.load(sys.stdin)['qpdf'][1]
vals = [o.get('value') for o in objs.values()]
cat = [v for v in vals if isinstance(v, dict) and v.get('/Type') == '/Catalog'][0]
langs = [v for v in vals if isinstance(v, dict) and '/S' in v and '/Lang' in v]
ok = cat.get('/Lang') == 'u:en-GB' and len(langs) == 1 and langs[0]['/Lang'] == 'u:cy' and langs[0]['/S'] == '/Sect'
sys.exit(0 if ok else 1)
\""

# --- what pdf.js gives a screen reader -------------------------------------------
# every PDF above, in one browser: a structure tree on every page, headings
# and links as the roundtable file has them (tests/pdfjs_structure.py)
: > "$T/manifest"
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    for v in default techuk whitehall archive; do
        [ -f "$T/$n-$v.pdf" ] && printf '%s\t%s\tbriefing\n' "$T/$n-$v.pdf" "$y" >> "$T/manifest"
    done
    [ -f "$T/$n-handout.pdf" ] && printf '%s\t%s\thandout\n' "$T/$n-handout.pdf" "$y" >> "$T/manifest"
done
for v in pack pack-archive pack-duplex; do
    [ -f "$T/$v.pdf" ] && printf '%s\t%s\tpack\n' "$T/$v.pdf" "$pack" >> "$T/manifest"
done
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    [ -f "$T/$n-public.pdf" ] && printf '%s\t%s\tbriefing+public\n' "$T/$n-public.pdf" "$T/pub/$n.yaml" >> "$T/manifest"
done
[ -f "$T/pack-public.pdf" ] && printf '%s\t%s\tpack+public\n' "$T/pack-public.pdf" "$T/pub/public-safety-pack.yaml" >> "$T/manifest"
for y in tests/fixtures/lang/*.yaml; do
    l=$(basename "$y" .yaml)
    [ -f "$T/lang-$l.pdf" ] && printf '%s\t%s\tbriefing\n' "$T/lang-$l.pdf" "$y" >> "$T/manifest"
done
[ -f "$T/seed-a5-duplex.pdf" ] && printf '%s\t%s\tbriefing\n' "$T/seed-a5-duplex.pdf" examples/techuk-2022-03-08.yaml >> "$T/manifest"
[ -f "$T/seed-a5-handout.pdf" ] && printf '%s\t%s\thandout\n' "$T/seed-a5-handout.pdf" examples/techuk-2022-03-08.yaml >> "$T/manifest"
if sh tests/pdfjs/run.sh --struct $(cut -f1 "$T/manifest") > "$T/pdfjs.json" 2> "$T/pdfjs.err"; then
    pass "pdf.js in headless Chromium opens all $(wc -l < "$T/manifest") PDFs"
else
    fail "pdf.js in headless Chromium opens all $(wc -l < "$T/manifest") PDFs" "$(head -c 600 "$T/pdfjs.err" | tr '\n' ' ')"
fi
if [ -s "$T/pdfjs.json" ]; then
    python3 tests/pdfjs_structure.py "$T/pdfjs.json" "$T/manifest"
    # each of its checks fails on a report broken on purpose
    # (a briefing, a handout and the pack are enough for that)
    grep -E '/(techuk-2022-03-08-techuk|techuk-2022-03-08-handout|pack)\.pdf' "$T/manifest" > "$T/manifest.some"
    python3 tests/pdfjs_structure.py --self-test "$T/pdfjs.json" "$T/manifest.some"
fi

# --- the checkers fail where they should --------------------------------------
check "tests/pdfua_check reports each of a list of breakages" sh -c "python3 tests/pdfua_check --self-test '$T/digital-forensics-2022-04-12-whitehall.pdf' > '$T/st' && ! grep -q FAIL '$T/st' && grep -q 'PASS.*-> 09-004' '$T/st' && grep -q 'PASS.*-> 15-003' '$T/st'"
check "tests/pdfua_check reports a broken attachment of an archive" sh -c "python3 tests/pdfua_check --self-test '$T/digital-forensics-2022-04-12-archive.pdf' > '$T/st2' && ! grep -q FAIL '$T/st2' && grep -q 'PASS.*-> 21-001' '$T/st2'"
check "tests/reading_order.py fails on another roundtable's PDF" sh -c "! python3 tests/reading_order.py examples/techuk-2022-03-08.yaml '$T/net-zero-estates-2022-09-20-techuk.pdf'"
check "tests/reading_order.py fails on an untagged PDF" sh -c "qpdf --qdf --object-streams=disable '$T/techuk-2022-03-08-techuk.pdf' '$T/u.pdf' && sed 's|/StructTreeRoot|/StructTreeRoox|' '$T/u.pdf' > '$T/untagged.pdf' && ! python3 tests/reading_order.py examples/techuk-2022-03-08.yaml '$T/untagged.pdf'"

# --- colours --------------------------------------------------------------------
check "contrast: every text of every golden display list passes WCAG AA" python3 tests/contrast_check.py tests/layout/*.txt
check "contrast: the checker reports pale text and a title off its band" sh -c "python3 tests/contrast_check.py --self-test tests/layout/techuk-2022-03-08.txt > '$T/cs' && ! grep -q FAIL '$T/cs'"
cat > "$T/pale.yaml" <<'YAML'
name: Pale
colours:
  primary: "#7FA7D9"
  accent: "#FFCC00"
  muted: "#999999"
YAML
for mode in build --check; do
    opt=""; [ $mode = --check ] && opt=--check
    check "a brand with failing colours: located warnings ($mode), and the build goes on" sh -c "'$BP' $opt --brand '$T/pale.yaml' -o '$T/pale.pdf' examples/techuk-2022-03-08.yaml 2> '$T/pale.err'; test \$? -eq 0 && grep -q '^$T/pale.yaml:3:12: warning: .primary. #7FA7D9 .*2.49:1.*#5B789C' '$T/pale.err' && grep -q '^$T/pale.yaml:5:10: warning: .muted. #999999 .*2.84:1.*#767676' '$T/pale.err' && test \$(grep -c warning '$T/pale.err') -eq 2"
done
printf 'name: Yellow\ncolours:\n  accent: "#FFCC00"\n' > "$T/yellow.yaml"
DUMP=$(dirname "$BP")/dump_layout
check "a pale accent (1.6:1) needs no warning: links and labels get a darker yellow that passes" sh -c "'$DUMP' --brand '$T/yellow.yaml' examples/techuk-2022-03-08.yaml > '$T/yellow.txt' && python3 tests/contrast_check.py '$T/yellow.txt' && grep -q 'list-label.*#ffcc00' '$T/yellow.txt' && false || grep -q 'rect artifact.*#ffcc00' '$T/yellow.txt'"

# --- the actions table's "#" in words -------------------------------------------
check "the actions table's '#' header says 'Number' to a screen reader (/ActualText on its TH)" sh -c "
    '$BP' -q -o '$T/act.pdf' examples/net-zero-estates-2022-09-20.yaml && qpdf --json '$T/act.pdf' | python3 -c \"
import json, sys
objs = json.load(sys.stdin)['qpdf'][1]
ths = [o['value'] for o in objs.values() if isinstance(o.get('value'), dict) and o['value'].get('/S') == '/TH']
said = [t.get('/ActualText') for t in ths]
sys.exit(0 if said.count('u:Number') == 1 and sum(1 for x in said if x) == 1 else 1)
\""
