#!/bin/sh
# Packs: several roundtables in one PDF. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
PK=examples/pack/public-safety-pack.yaml
check "pack: builds without messages" sh -c "'$BP' -o '$T/pack.pdf' $PK 2> '$T/msg' && test ! -s '$T/msg'"
check "pack: qpdf --check" qpdf --check "$T/pack.pdf"
check "pack: fonts embedded, text extracts cleanly" sh -c "python3 tests/pdfcheck.py fonts '$T/pack.pdf' && python3 tests/pdfcheck.py quiet '$T/pack.pdf'"
check "pack: continuous Page N of M and contents numbers" python3 tests/pdfcheck.py pages "$T/pack.pdf"
check "pack: words inside the margins" python3 tests/pdfcheck.py margins "$T/pack.pdf"
check "pack: bookmarks nest pack > roundtable > part > question" python3 - "$T/pack.pdf" "$PK" <<'PY'
import json, subprocess, sys, yaml, os
pdf, pk = sys.argv[1], sys.argv[2]
o = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True, text=True).stdout)["outlines"]
pack = yaml.safe_load(open(pk))
titles = [x["title"] for x in o]
items = [yaml.safe_load(open(os.path.join(os.path.dirname(pk), r))) for r in pack["roundtables"]]
for rt in items:
    t = rt["title"].replace("'", "’")
    match = [x for x in o if x["title"] == t]
    assert match, f"no top-level bookmark for {t!r}: {titles}"
    kids = [k["title"] for k in match[0]["kids"]]
    assert "Key takeaways" in kids, kids
    kt = [k for k in match[0]["kids"] if k["title"] == "Key takeaways"][0]
    assert len(kt["kids"]) == len(rt["questions"]), kt
assert titles[-1] == "Speakers", titles
PY
check "pack: the marking is on every page" sh -c "n=\$(pdfinfo '$T/pack.pdf' | awk '/^Pages/{print \$2}'); for i in \$(seq 1 \$n); do pdftotext -f \$i -l \$i '$T/pack.pdf' - | grep -q OFFICIAL-SENSITIVE || exit 1; done"
check "pack: a speaker of two roundtables has one card" sh -c "test \$(pdftotext '$T/pack.pdf' - | grep -c 'Adaeze Whitfield') -ge 3 && qpdf --json --json-key=outlines '$T/pack.pdf' | python3 -c \"import json,sys; o=json.load(sys.stdin)['outlines']; s=[k['title'] for k in o[-1]['kids']]; sys.exit(0 if s.count('Adaeze Whitfield')==1 else 1)\""
check "pack: rebuild is byte-identical" sh -c "'$BP' -o '$T/pack2.pdf' $PK && cmp '$T/pack.pdf' '$T/pack2.pdf'"
mkdir -p "$T/p/r"
cp examples/pack/roundtables/*.yaml "$T/p/r/"
sed 's/^classification: OFFICIAL-SENSITIVE/classification: OFFICIAL/' $PK > "$T/p/low.yaml"
check "pack: an item marked higher than the pack is an error naming both" sh -c "cp $PK '$T/p/ok.yaml'; cd '$T/p' && sed -i 's|roundtables/|r/|' low.yaml ok.yaml && '$OLDPWD/$BP' --check low.yaml 2>&1 | grep -q 'low.yaml:[0-9]*:[0-9]*: error: .*is marked OFFICIAL-SENSITIVE, higher than this pack.s OFFICIAL'; test \$? -eq 0 && '$OLDPWD/$BP' --check ok.yaml"
printf 'title: Nested\ndate: 2022-06-01\nroundtables:\n  - ok.yaml\n  - r/missing.yaml\n  - ../escape.yaml\n' > "$T/p/nested.yaml"
check "pack: a pack inside a pack, a missing file and an escape are located errors" sh -c "cd '$T/p' && '$OLDPWD/$BP' --check nested.yaml > out 2>&1; test \$? -eq 1 && grep -q '^nested.yaml:4:5: error: .ok.yaml. is itself a pack' out && grep -q '^nested.yaml:5:5: error: roundtable .r/missing.yaml. not found' out && grep -q '^nested.yaml:6:5: error: roundtable .../escape.yaml. is outside' out"
printf 'title: Self\ndate: 2022-06-01\nroundtables: [self.yaml]\n' > "$T/p/self.yaml"
check "pack: a pack that names itself is an error, not a loop" sh -c "cd '$T/p' && timeout 5 '$OLDPWD/$BP' --check self.yaml 2>&1 | grep -q 'is itself a pack'"
