#!/bin/sh
# Print-ready output (issue 15): two-sided packs and briefings read back
# from the PDF (parts on right-hand pages, blank left-hand pages that say
# so, folios that are the pages' places, on the outer edge, mirrored
# margins, two pages side by side), `print:` in a pack and a brand and
# --simplex over them, A5 from a brand or --page, the handout's ruled
# space. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
DUMP=${DUMP_LAYOUT:-$(dirname "$BP")/dump_layout}
PK=examples/pack/public-safety-pack.yaml
seed=examples/techuk-2022-03-08.yaml

# --- two-sided ------------------------------------------------------------------
check "duplex pack: builds" sh -c "'$BP' -q --duplex -o '$T/pd.pdf' $PK && qpdf --check '$T/pd.pdf' >/dev/null"
check "duplex pack: two pages side by side, labels 1…n, parts on right-hand pages, blank left-hand pages marked, folios = pages on the outer edge, mirrored margins" python3 tests/pdfcheck.py duplex "$T/pd.pdf" 99 71
check "duplex pack: every chapter and the Speakers chapter on an odd page, bookmarks to them" python3 tests/pdfcheck.py chapters "$T/pd.pdf"
check "duplex pack: the blank pages carry the marking (every page does)" sh -c "n=\$(pdfinfo '$T/pd.pdf' | awk '/^Pages/{print \$2}'); for i in \$(seq 1 \$n); do pdftotext -f \$i -l \$i '$T/pd.pdf' - | grep -q OFFICIAL-SENSITIVE || exit 1; done"
check "duplex briefing: the back of the cover blank, the contents on page 3, the body on an odd page" sh -c "'$BP' -q --duplex -o '$T/sd.pdf' $seed && python3 tests/pdfcheck.py duplex '$T/sd.pdf' 99 71 && pdftotext -f 2 -l 2 '$T/sd.pdf' - | grep -q 'This page is intentionally left blank' && pdftotext -f 3 -l 3 '$T/sd.pdf' - | grep -q '^Contents' && pdftotext -f 5 -l 5 '$T/sd.pdf' - | grep -q '^Summary'"
check "duplex handout: mirrored, folios outside, no blank page needed" sh -c "'$BP' -q --duplex --handout -o '$T/hd.pdf' $seed && ! pdftotext '$T/hd.pdf' - | grep -q 'intentionally left blank' && qpdf --json '$T/hd.pdf' | grep -q '\"/PageLayout\": \"/TwoPageRight\"'"
check "the checker fails a one-sided pack" sh -c "'$BP' -q -o '$T/ps.pdf' $PK && ! python3 tests/pdfcheck.py duplex '$T/ps.pdf' 99 71 2>/dev/null && ! python3 tests/pdfcheck.py chapters '$T/ps.pdf' 2>/dev/null"
check "one-sided by default: no /PageLayout, no blank page, the same folios" sh -c "! qpdf --json '$T/ps.pdf' | grep -q PageLayout && ! pdftotext '$T/ps.pdf' - | grep -q 'intentionally left blank' && python3 tests/pdfcheck.py pages '$T/ps.pdf'"
mkdir -p "$T/p"
cp -r examples/pack/roundtables "$T/p/"
sed 's/^brand: whitehall$/brand: whitehall\nprint: duplex/' $PK > "$T/p/pack.yaml"
check "print: duplex in a pack" sh -c "grep -q '^print: duplex' '$T/p/pack.yaml' && '$BP' -q -o '$T/pp.pdf' '$T/p/pack.yaml' && python3 tests/pdfcheck.py chapters '$T/pp.pdf' && python3 tests/pdfcheck.py duplex '$T/pp.pdf' 99 71"
check "--simplex over a pack's print: duplex" sh -c "'$BP' -q --simplex -o '$T/pp1.pdf' '$T/p/pack.yaml' && ! qpdf --json '$T/pp1.pdf' | grep -q PageLayout && ! pdftotext '$T/pp1.pdf' - | grep -q 'intentionally left blank'"
mkdir -p "$T/b"
sed "s|^logo: logos/|logo: $PWD/data/brands/logos/|" data/brands/techuk.yaml > "$T/b/duplex.yaml"
printf 'print: duplex\n' >> "$T/b/duplex.yaml"
sed "s|^page: A4|page: A5|" "$T/b/duplex.yaml" | grep -v '^print:' > "$T/b/a5.yaml"
check "print: duplex in a brand" sh -c "'$BP' -q --allow-path '$PWD' --brand '$T/b/duplex.yaml' -o '$T/bd.pdf' $seed && python3 tests/pdfcheck.py duplex '$T/bd.pdf' 99 71"

# --- A5 ----------------------------------------------------------------------------
# A5 is 148 × 210 mm: 419.53 × 595.28 pt (poppler names only its own
# rounding, 420.9 × 595.3, "A5")
A5='Page size: *419[.]528 x 595[.]276 pts'
check "--page A5: a briefing on A5 pages" sh -c "'$BP' -q --page A5 -o '$T/a5.pdf' $seed && pdfinfo '$T/a5.pdf' | grep -q '$A5' && python3 tests/pdfcheck.py pages '$T/a5.pdf'"
check "page: A5 in a brand" sh -c "'$BP' -q --allow-path '$PWD' --brand '$T/b/a5.yaml' -o '$T/ba5.pdf' $seed && pdfinfo '$T/ba5.pdf' | grep -q '$A5'"
check "--page over the brand's page" sh -c "'$BP' -q --allow-path '$PWD' --brand '$T/b/a5.yaml' --page A4 -o '$T/ba4.pdf' $seed && pdfinfo '$T/ba4.pdf' | grep -q '(A4)'"
check "A5: type a little larger than the page's scale (body text 9.8 pt: 11 pt × ∛(1/√2))" sh -c "python3 - '$T/a5.pdf' <<'PY'
import re, subprocess, sys
out = subprocess.run(['pdftotext', '-bbox', '-f', '3', '-l', '3', sys.argv[1], '-'], capture_output=True, text=True).stdout
hs = [float(m.group(2)) - float(m.group(1)) for m in re.finditer(r'yMin=\"([\d.]+)\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\">On<', out)]
# poppler's word box is the font's ascent to descent: 1.117 em for Liberation Sans
assert hs and all(abs(h / 1.117 - 9.8) < 0.15 for h in hs), hs
PY"
check "A5 handout and duplex pack build and check" sh -c "'$BP' -q --page A5 --handout -o '$T/a5h.pdf' $seed && pdfinfo '$T/a5h.pdf' | grep -q '$A5' && '$BP' -q --page A5 --duplex -o '$T/a5p.pdf' $PK && python3 tests/pdfcheck.py chapters '$T/a5p.pdf'"
check "--page takes the sizes in any case, as typed (a5, letter)" sh -c "'$BP' -q --page a5 -o '$T/a5lc.pdf' $seed && '$BP' -q --page A5 -o '$T/a5uc.pdf' $seed && cmp -s '$T/a5lc.pdf' '$T/a5uc.pdf' && '$BP' --page letter --check $seed"
check "a brand's page: A3 is refused with the sizes there are, not 'did you mean A4' (a5 gets A5)" sh -c "'$BP' --check tests/bad/brand-page-a3.yaml 2> '$T/a3' ; grep -q 'found .A3.\$' '$T/a3' && printf 'name: X\npage: a5\n' > '$T/a5b.yaml' && ! '$BP' --check --brand '$T/a5b.yaml' tests/load/minimal.yaml 2> '$T/a5' && grep -q 'found .a5.; did you mean .A5.?' '$T/a5'"
check "--page takes A4, A5 or Letter (a usage error otherwise)" sh -c "'$BP' --page A3 --check $seed 2> '$T/e'; test \$? -eq 2 && grep -q \"page wants A4, A5 or Letter, not 'A3'\" '$T/e'"

# --- the cover: its facts never reach the footer ------------------------------------
# (every example, as a draft too, whose Status row makes the facts longest,
# on each page size: the lowest line of the cover's text sits clear of the
# footer's top)
cover_clear() { # FILE [OPTIONS]: 0 when page 1's text ends above its footer
    f=$1; shift
    "$DUMP" "$@" "$f" | awk '
        /^page 2/ { exit }
        /^  text (paragraph|list-label|list-body|title|subtitle) / {
            y = $0; sub(/.* y=/, "", y); y += 0; if (y > low) low = y }
        /^  text \? / { y = $0; sub(/.* y=/, "", y); y += 0
            sz = $0; sub(/.* size=/, "", sz); sz += 0
            if (y > 200 && (foot == 0 || y < foot)) { foot = y; fsz = sz } }
        END { exit !(foot > 0 && low + 2 < foot - fsz) }'
}
cp -r examples/photos "$T/"
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    awk '/^format:/{print; print "status: draft"; print "version: \"0.3\""; next} 1' "$y" > "$T/cover-$n.yaml"
    for size in A4 A5 Letter; do
        check "the cover of $n ($size): its facts end above the footer" cover_clear "$y" --page $size
        check "the cover of $n as a draft ($size): its facts end above the footer" cover_clear "$T/cover-$n.yaml" --page $size
    done
done

# --- no word divided across two pages ------------------------------------------------
for y in examples/*.yaml examples/pack/public-safety-pack.yaml; do
    n=$(basename "$y" .yaml)
    for brand in default techuk whitehall; do
        for size in A4 A5 Letter; do
            check "$n ($brand, $size): no page ends in a divided word" sh -c "'$DUMP' --brand $brand --page $size '$y' | awk -f tests/divided_page_end.awk"
            check "$n ($brand, $size): no page holds a lone row of the actions table" sh -c "'$DUMP' --brand $brand --page $size '$y' | awk -f tests/table_rows.awk"
        done
    done
done

# --- a handout's speaker cards: no page opens on a contact row ------------------------
# (its owner's name and bio on the page before), in any brand or size
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    for size in A4 A5 Letter; do
        check "$n handout ($size): no page opens on a contact row" sh -c "'$DUMP' --handout --page $size '$y' | awk '
            /^page /{ first = 1; next }
            first && /^  text / && !/^  text (\\?|artifact)/ {
                if (\$0 ~ /list-label .*\"(Email|Phone|Web|LinkedIn|Twitter)\"\$/) bad = 1; first = 0 }
            END { exit bad }'"
    done
done

# --- the handout's ruled space ------------------------------------------------------
printf 'title: Notes\ndate: 2022-03-08\nhandout:\n  notes: 3\nquestions:\n  - question: One?\n  - question: Two?\nspeakers:\n  - name: A Speaker\n    bio: Says things.\n' > "$T/n3.yaml"
sed 's/notes: 3/notes: 0/' "$T/n3.yaml" > "$T/n0.yaml"
sed '/^handout:/d; /notes:/d' "$T/n3.yaml" > "$T/n8.yaml"
rules() { # the y of each note rule (0.6 pt, an artifact) in a handout's dump
    "$DUMP" --handout "$@" | sed -n 's/^  rule artifact .* y=\([0-9.]*\) .* line=0\.6 .*/\1/p'
}
check "handout: notes: 3 gives three ruled lines a question" test "$(rules "$T/n3.yaml" | wc -l)" -eq 6
check "handout: notes: 0 gives none" test "$(rules "$T/n0.yaml" | wc -l)" -eq 0
check "handout: eight by default, 21 pt apart (6 cm to write in)" sh -c "test $(rules "$T/n8.yaml" | wc -l) -eq 16 && test '$(rules "$T/n8.yaml" | head -2 | awk 'NR==1{a=$1} NR==2{print $1-a}')' = 21"
# more lines than a page holds under a question: a page of them, a warning
# at the `notes` line, and no rule below the footer's on any page
sed 's/notes: 3/notes: 40/' "$T/n3.yaml" > "$T/n40.yaml"
for size in A4 A5; do
    check "handout: notes: 40 ($size): a located warning, and every rule of every page above its footer" sh -c "
        '$BP' --handout --page $size -o '$T/n40.pdf' '$T/n40.yaml' 2> '$T/n40.err' &&
        grep -q '^$T/n40.yaml:4:10: warning: 40 lines of notes do not fit on a page under question 1: it gets [0-9]*, a page of them' '$T/n40.err' &&
        test \$(grep -c warning '$T/n40.err') -eq 1 &&
        '$DUMP' --handout --page $size '$T/n40.yaml' | awk '
            /^page /{page()} 
            /^  rule artifact .* line=0\.6 /{sub(/.* y=/, \"\"); y=\$1+0; if (y > low) low=y; n++}
            /^  rule \\? /{sub(/.* y=/, \"\"); y=\$1+0; if (y > foot) foot=y}
            function page() { if (n && low >= foot) bad=1; low=0; foot=0; n=0 }
            END { page(); exit bad }'"
done
check "handout: ruled space that ends a page runs on to its foot" test "$("$DUMP" --handout $seed | awk '/^page 1( |$)/{p=1} /^page 2( |$)/{p=0} p && /^  rule artifact .* line=0\.6 /{n++} END{print n+0}')" -gt 16
