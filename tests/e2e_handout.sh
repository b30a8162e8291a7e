#!/bin/sh
# Handouts (--handout): one or two printable pages, legible in greyscale,
# ruled space under every question. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
seed=examples/techuk-2022-03-08.yaml
check "handout: builds" sh -c "'$BP' --handout -o '$T/h.pdf' $seed && qpdf --check '$T/h.pdf' >/dev/null"
check "handout: two or three A4 pages for four questions (6 cm to write in under each) and two speakers" sh -c "p=\$(pdfinfo '$T/h.pdf' | awk '/^Pages/{print \$2}'); test \"\$p\" -ge 2 && test \"\$p\" -le 3 && pdfinfo '$T/h.pdf' | grep -q 'A4'"
check "handout: no cover, no takeaways, no next steps" sh -c "pdftotext '$T/h.pdf' - > '$T/h.txt' && ! grep -q 'Key takeaways' '$T/h.txt' && ! grep -q 'Next steps' '$T/h.txt' && ! grep -q 'Look at the recommendations' '$T/h.txt' && grep -q 'ROUNDTABLE HANDOUT' '$T/h.txt'"
check "handout: every question and both speakers' bios" python3 - "$seed" "$T/h.txt" <<'PY'
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
norm = lambda s: re.sub(r"[\s\-\u2010\u2013\u2014\u00a0]+", "", s.replace("’", "'"))
t = norm(text)
for q in doc["questions"]:
    assert norm(q["question"])[:50] in t, q["question"]
for s in doc["speakers"]:
    assert norm(s["name"]) in t, s["name"]
    assert norm(s["bio"].split("\n\n")[0])[:60] in t, s["name"] + " bio"
PY
check "handout: greyscale keeps the text and at least 6 ruled lines per question" python3 - "$T/h.pdf" "$T" <<'PY'
import subprocess, sys, glob
pdf, tmp = sys.argv[1], sys.argv[2]
subprocess.run(["pdftoppm", "-gray", "-r", "72", pdf, tmp + "/g"], check=True)
# text survives: pdftotext of the PDF is the same whatever the colours; here
# check that the greyscale page has dark text pixels and count the ruled
# lines: rows where most of the text column is mid-grey to black
lines = 0
dark_text = 0
for f in sorted(glob.glob(tmp + "/g-*.pgm")):
    data = open(f, "rb").read()
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    px = parts[3]
    x0, x1 = 70, w - 70
    prev = False
    for y in range(h):
        row = px[y * w + x0: y * w + x1]
        dark = sum(1 for v in row if v < 200)
        dark_text += sum(1 for v in row if v < 100)
        is_line = dark > 0.85 * len(row)
        if is_line and not prev:
            lines += 1
        prev = is_line
q = 4
assert lines >= 6 * q, f"only {lines} ruled lines visible in greyscale"
assert dark_text > 5000, "text too light in greyscale"
PY
check "handout: text extracts without warnings" python3 tests/pdfcheck.py quiet "$T/h.pdf"
check "handout: words inside the margins (numbers hang into them)" sh -c "sed 's/^MARGIN = 85.0/MARGIN = 44.0/' tests/pdfcheck.py > '$T/pc.py' && python3 '$T/pc.py' margins '$T/h.pdf'"
check "handout: a pack cannot be a handout" sh -c "'$BP' --handout --check examples/pack/public-safety-pack.yaml 2>&1 | grep -q 'error: --handout makes a handout of one roundtable'"
check "handout: bios on a measure of at most about 70 characters, beside the speaker's name; contact details one a line" python3 - "$seed" "$T/h.pdf" <<'PY'
import re, subprocess, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
text = subprocess.run(["pdftotext", "-layout", sys.argv[2], "-"], capture_output=True, text=True).stdout
bio_words = set()
for s in doc["speakers"]:
    bio_words |= set(re.findall(r"[A-Za-z]{5,}", s["bio"]))
others = " ".join([str(doc.get(k, "")) for k in ("title", "subtitle", "host", "partner", "venue")] +
                  [q["question"] for q in doc["questions"]])
bio_words -= set(re.findall(r"[A-Za-z]{5,}", others))
longest, bio_lines = 0, 0
for line in text.splitlines():
    right = re.split(r"\s{3,}", line.strip())[-1]
    if len(set(re.findall(r"[A-Za-z]{5,}", right)) & bio_words) >= 3:
        bio_lines += 1
        longest = max(longest, len(right))
assert bio_lines > 20, bio_lines
assert longest <= 72, f"a bio line of {longest} characters"
values = []
for s in doc["speakers"]:
    for k in ("email", "phone", "website", "linkedin", "twitter"):
        v = s.get(k) or []
        values += [p.strip() for x in ([v] if isinstance(v, str) else v) for p in str(x).split(",") if p.strip()]
for line in text.splitlines():
    found = {v for v in values if v in line}
    assert len(found) <= 1, f"contact details run together: {line.strip()!r}"
assert any(v in text for v in values)
PY
