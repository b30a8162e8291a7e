#!/bin/sh
# End-to-end tests: the real binary on the examples and on bad input,
# checked with real PDF readers (qpdf, poppler). Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"

# --- every example builds and reads back cleanly ---------------------------
for f in examples/*.yaml; do
    n=$(basename "$f" .yaml)
    pdf="$T/$n.pdf"
    if "$BP" -o "$pdf" "$f" 2> "$T/$n.stderr"; then
        pass "$n builds"
    else
        fail "$n builds" "$(cat "$T/$n.stderr")"
        continue
    fi
    [ -s "$T/$n.stderr" ] && fail "$n builds without messages" "$(cat "$T/$n.stderr")" || pass "$n builds without messages"
    check "$n qpdf --check" qpdf --check "$pdf"
    check "$n fonts embedded" python3 tests/pdfcheck.py fonts "$pdf"
    check "$n text extracts without warnings" python3 tests/pdfcheck.py quiet "$pdf"
    check "$n words inside the margins" python3 tests/pdfcheck.py margins "$pdf"
    check "$n text in reading order" python3 tests/pdfcheck.py order "$f" "$pdf"
    check "$n page numbers and contents" python3 tests/pdfcheck.py pages "$pdf"
    check "$n every link covers its text" python3 tests/pdfcheck.py links "$f" "$pdf"
    check "$n words extract whole" python3 tests/pdfcheck.py words "$f" "$pdf"
    check "$n metadata" python3 tests/pdfcheck.py meta "$f" "$pdf"
    # the same input gives the same bytes (and so the same page count)
    "$BP" -o "$T/$n.again.pdf" "$f" 2>/dev/null
    check "$n rebuild is byte-identical" cmp "$pdf" "$T/$n.again.pdf"
done

# --- the seed briefing: every question and takeaway, in order --------------
seed=examples/techuk-2022-03-08.yaml
if [ -f "$seed" ]; then
    check "seed has four questions in the contents and outline" \
        python3 tests/pdfcheck.py seed "$seed" "$T/techuk-2022-03-08.pdf"
fi

# --- links, metadata, contents over two pages ---------------------------------
fx=tests/fixtures/links.yaml
check "internal and external links" sh -c "'$BP' -o '$T/links.pdf' $fx && python3 tests/pdfcheck.py links $fx '$T/links.pdf' && python3 tests/pdfcheck.py meta $fx '$T/links.pdf'"
check "internal links jump to their part" sh -c "qpdf --json '$T/links.pdf' | python3 -c \"import json,sys; o=json.load(sys.stdin)['qpdf'][1]; d=[v['value'] for v in o.values() if isinstance(v.get('value'),dict) and v['value'].get('/Subtype')=='/Link' and '/Dest' in v['value']]; sys.exit(0 if len(d)>=5 else 1)\""
sed 's/#q2/#q7/' $fx > "$T/badlink.yaml"
check "a link to an unknown id is an error at its place" sh -c "'$BP' --check '$T/badlink.yaml' 2>&1 | grep -q '^$T/badlink.yaml:5:7: error: the link to .#q7. goes nowhere'"
python3 - "$T/long.yaml" <<'PY'
import sys
qs = "".join(f"  - question: Question number {i} about a fairly long subject that wraps onto a second line in the contents?\n    takeaways: [\"Takeaway {i}.\"]\n" for i in range(1, 61))
open(sys.argv[1], "w").write("title: Long contents\ndate: 2022-03-08\nquestions:\n" + qs)
PY
check "a two-page contents has right page numbers" sh -c "'$BP' -o '$T/long.pdf' '$T/long.yaml' && python3 tests/pdfcheck.py pages '$T/long.pdf' && pdftotext -f 3 -l 3 '$T/long.pdf' - | grep -q 'Page 3 of'"
check "bookmarks are UTF-16 where needed" sh -c "qpdf --json --json-key=outlines '$T/digital-forensics-2022-04-12.pdf' | grep -q 'Siobhán Ní Bhriain'"
check "a slash inside a word (ISO/IEC) is no place to leave a line short" sh -c "pdftotext -f 2 -l 2 -layout '$T/digital-forensics-2022-04-12.pdf' - | grep -q 'accreditation to ISO/IEC 17025'"
check "a word too long for its column is divided with a hyphen, an address without one (and never after its own hyphen)" sh -c "'$BP' -o '$T/long-words.pdf' tests/fixtures/long-words.yaml && pdftotext -layout '$T/long-words.pdf' - > '$T/lw.txt' && grep -qE 'supercali[a-z]+- ' '$T/lw.txt' && grep -qE 'https://www[.]example[.]gov[.]uk/guidance/([a-z-]*[a-z])? ' '$T/lw.txt' && grep -qE '^ +-anywhere-at-all' '$T/lw.txt' && ! grep -qE '(https://|a-very)[^ ]*- ' '$T/lw.txt'"
check "a divided word keeps its hyphen beside it in justified text" sh -c "'$BP' -o '$T/lwj.pdf' tests/fixtures/long-word-justified.yaml && pdftotext -layout '$T/lwj.pdf' - > '$T/lwj.txt' && grep -qE '[a-z]-$' '$T/lwj.txt' && ! grep -qE '[a-z] +-$' '$T/lwj.txt'"

# --- typesetting switches -------------------------------------------------------
mkdir -p "$T/brand"
sed 's/^justify: true/justify: true\nhyphenate: false/' data/brands/whitehall.yaml | sed 's|logos/whitehall.png|'"$PWD"'/data/brands/logos/whitehall.png|' > "$T/brand/nohyph.yaml"
sed 's/^kerning: true/kerning: false/' data/brands/default.yaml > "$T/brand/nokern.yaml"
check "hyphenation is on by default" sh -c "'$BP' --brand whitehall -o '$T/wh.pdf' $seed && test \$(pdftotext -raw '$T/wh.pdf' - | grep -c '[a-z]-\$') -ge 1"
check "hyphenation can be switched off in the brand" sh -c "'$BP' --allow-path '$PWD' --brand '$T/brand/nohyph.yaml' -o '$T/nohyph.pdf' $seed && test \$(pdftotext -raw '$T/nohyph.pdf' - | grep -c '[a-z]-\$') -eq 0"
check "kerning is on by default" sh -c "'$BP' --brand default -o '$T/kern.pdf' $seed && python3 tests/pdfcheck.py kerning '$T/kern.pdf' on"
check "kerning can be switched off in the brand" sh -c "'$BP' --brand '$T/brand/nokern.yaml' -o '$T/nokern.pdf' $seed && python3 tests/pdfcheck.py kerning '$T/nokern.pdf' off"
sed 's/^language: en-GB/language: cy-GB/' $seed > "$T/cy.yaml"
check "a region takes its language's patterns (cy-GB: data/hyphen/hyph_cy.dic): no warning" sh -c "'$BP' -o '$T/cy.pdf' '$T/cy.yaml' 2> '$T/cy.err' && ! grep -q 'no hyphenation patterns' '$T/cy.err' && test -s '$T/cy.pdf'"
sed 's/^language: en-GB/language: en-US/' $seed > "$T/us.yaml"
check "en-US dates and patterns" sh -c "'$BP' -o '$T/us.pdf' '$T/us.yaml' 2>/dev/null && pdftotext -l 1 '$T/us.pdf' - | grep -q 'Tuesday, March 8, 2022'"

# --- command line -------------------------------------------------------------
check "--version" sh -c "'$BP' --version | grep -q '^briefpack [0-9]'"
check "--help" sh -c "'$BP' --help | grep -q 'Usage: briefpack'"
check "--list-brands lists the shipped brands" sh -c "'$BP' --list-brands | grep -q '^techuk' && '$BP' --list-brands | grep -q '^default' && '$BP' --list-brands | grep -q '^whitehall'"
check "no input is a usage error (2)" sh -c "'$BP' 2>/dev/null; test \$? -eq 2"
check "unknown option is a usage error (2)" sh -c "'$BP' --frobnicate x.yaml 2>/dev/null; test \$? -eq 2"
check "--check builds nothing" sh -c "cd '$T' && mkdir chk && cd chk && '$OLDPWD/$BP' --check '$OLDPWD/$seed' && test -z \"\$(ls)\""
check "-o - writes the PDF to stdout" sh -c "'$BP' -o - $seed > '$T/stdout.pdf' && head -c 5 '$T/stdout.pdf' | grep -q '%PDF-'"
check "- reads standard input" sh -c "'$BP' -o '$T/stdin.pdf' - < $seed && qpdf --check '$T/stdin.pdf' >/dev/null"
check "default output is NAME.pdf in the current folder" sh -c "mkdir -p '$T/cwd' && cd '$T/cwd' && '$OLDPWD/$BP' '$OLDPWD/$seed' && test -s techuk-2022-03-08.pdf"
check "several inputs into a folder" sh -c "'$BP' -o '$T/many' examples/*.yaml && test \$(ls '$T/many' | grep -c '\\.pdf\$') -eq \$(ls examples/*.yaml | wc -l)"
mkdir -p "$T/a" "$T/b"
cp "$seed" "$T/a/same.yaml"
cp "$seed" "$T/b/same.yaml"
check "two inputs with one output name are refused before writing" sh -c "'$BP' -o '$T/clash' '$T/a/same.yaml' '$T/b/same.yaml' 2>/dev/null; test \$? -eq 2 && test -z \"\$(ls '$T/clash' 2>/dev/null)\""

# --- bad input: a located message, exit 1, no PDF, the old PDF kept --------
printf 'title: [unclosed\n' > "$T/syntax.yaml"
printf 'title: x\ndate: 2022-13-45\nspeekers: []\n' > "$T/bad.yaml"
: > "$T/empty.yaml"
printf 'not a pdf' > "$T/keep.pdf"
check "bad input exits 1 with FILE:LINE:COL: error:" sh -c "'$BP' -o '$T/keep.pdf' '$T/bad.yaml' 2> '$T/msg'; test \$? -eq 1 && grep -qE '^$T/bad.yaml:[0-9]+:[0-9]+: error: ' '$T/msg'"
check "bad input reports every problem" sh -c "test \$(grep -c ': error: ' '$T/msg') -ge 2"
check "unknown key gets a did-you-mean" grep -q "did you mean .speakers" "$T/msg"
check "a failed build keeps the old PDF" sh -c "test \"\$(cat '$T/keep.pdf')\" = 'not a pdf'"
check "a failed build leaves no temporary file" sh -c "test \$(ls -a '$T' | grep -c briefpack-) -eq 0"
check "YAML syntax error is located" sh -c "'$BP' -o '$T/x.pdf' '$T/syntax.yaml' 2>&1 | grep -qE '^$T/syntax.yaml:[0-9]+:[0-9]+: error: '; test ! -e '$T/x.pdf'"
check "empty file is an error" sh -c "'$BP' -o '$T/x.pdf' '$T/empty.yaml' 2>&1 | grep -q 'error'; test ! -e '$T/x.pdf'"
check "missing file is an error (1)" sh -c "'$BP' -o '$T/x.pdf' '$T/nope.yaml' 2>/dev/null; test \$? -eq 1"
printf 'title: x\ndate: 2022-03-08\nsummary: |\n  Fine.\n\n  # A heading\n' > "$T/md.yaml"
check "Markdown heading is located in the YAML file" sh -c "'$BP' --check '$T/md.yaml' 2>&1 | grep -q '^$T/md.yaml:6:3: error: headings'"
printf 'title: x\ndate: 2022-03-08\nbrand: nosuch\n' > "$T/brand.yaml"
check "unknown brand is an error" sh -c "'$BP' --check '$T/brand.yaml' 2>&1 | grep -q '^$T/brand.yaml:3:8: error: .*brand'"
check "--brand overrides" sh -c "'$BP' --brand whitehall -o '$T/wh.pdf' $seed && pdffonts '$T/wh.pdf' | grep -q Serif"
check "-o never replaces a device or a pipe" sh -c "mkfifo '$T/fifo' && '$BP' -o '$T/fifo' $seed 2>/dev/null; test \$? -eq 2 && test -p '$T/fifo'"
check "-o makes missing folders" sh -c "'$BP' -o '$T/x/y/z/' $seed && test -s '$T/x/y/z/techuk-2022-03-08.pdf'"
check "--max-input takes K, M and G" sh -c "'$BP' --max-input 1K --check $seed 2>&1 | grep -q 'larger than' && '$BP' --max-input 64M --check $seed"
check "-h is --help" sh -c "'$BP' -h | grep -q 'Usage: briefpack'"
