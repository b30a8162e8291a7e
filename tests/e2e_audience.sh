#!/bin/sh
# One source, every audience (issue 16). Drafts: "DRAFT" on every page, an
# artifact (not in the structure tree), the footer's "Draft 0.3, 14 March
# 2022", "DRAFT:" before the title in the metadata, refused by --archive at
# its `status` line; a final pack may not hold a draft. The public version
# (--public) of every example and of the pack: none of the text of what the
# file marks internal (pdftotext), no attendees, no marking; a file marked
# above OFFICIAL is refused naming its marking; `--check --public` lists
# what it leaves out, one located note each; --public --archive is refused.
# Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"

# --- drafts -------------------------------------------------------------------------
draft=tests/fixtures/draft.yaml
if "$BP" -q -o "$T/draft.pdf" "$draft" 2> "$T/draft.err"; then
    check "a draft: the watermark is an artifact (not in the structure tree) and it passes tests/pdfua_check" sh -c "! pdfinfo -struct-text '$T/draft.pdf' | grep -q DRAFT && python3 tests/pdfua_check '$T/draft.pdf'"
    # drawn as outlines, not text: on every page, first (behind the text),
    # turned, a filled path in the watermark's grey
    check "a draft: on every page the watermark is drawn first, turned, as filled outlines in its grey" python3 tests/pdfcheck.py watermark "$T/draft.pdf"
    check "a draft: the watermark's letters are not text (no stray D, R, A, F, T when the page is copied or searched)" sh -c "pdftotext '$T/draft.pdf' - | { ! grep -qxE '[DRAFT]'; } && mutool draw -F txt -o - '$T/draft.pdf' 2>/dev/null | { ! grep -qE '^(DRAFT|[DRAFT])\$'; }"
    check "a draft: its cover says so to every reader, as a fact in the structure tree (Status: Draft 0.3, 14 March 2022)" sh -c "pdfinfo -struct-text '$T/draft.pdf' | tr -d '\n' | grep -q '\"Status\" *LBody (block) *\"Draft 0.3, 14.March 2022\"'"
    check "a draft handout: its facts line ends with the draft's line" sh -c "'$BP' -q --handout -o '$T/dh.pdf' '$draft' && pdftotext -l 1 '$T/dh.pdf' - | grep -q 'Public Safety Technology Forum · Draft 0.3, 14.March 2022\$' && python3 tests/pdfcheck.py watermark '$T/dh.pdf'"
    check "a draft: its footer says Draft 0.3, 14 March 2022" sh -c "pdftotext '$T/draft.pdf' - | grep -q 'Draft 0.3, 14 March 2022'"
    check "a draft: DRAFT before the title in the metadata (Info and XMP)" sh -c "pdfinfo '$T/draft.pdf' | grep -q '^Title: *DRAFT: Sharing Data' && pdfinfo -meta '$T/draft.pdf' | grep -q 'DRAFT: Sharing Data'"
    check "a draft: its structure tree reads the file's words in order" python3 tests/reading_order.py "$draft" "$T/draft.pdf"
else
    fail "a draft builds" "$(cat "$T/draft.err")"
fi
check "a draft: every text colour keeps AA contrast over the watermark (its golden display list)" python3 tests/contrast_check.py tests/layout/fixture-draft.txt
check "a draft: the contrast check reports text over a darker watermark" sh -c "python3 tests/contrast_check.py --self-test tests/layout/fixture-draft.txt > '$T/cs' && ! grep -q FAIL '$T/cs' && grep -q 'watermark.*reported' '$T/cs'"
check "--archive refuses a draft at its status line, saying why; nothing is written" sh -c "! '$BP' --archive -o '$T/da.pdf' '$draft' 2> '$T/da.err' && grep -q '^$draft:11:9: error: this file is a draft: an archive (--archive) keeps the final text only' '$T/da.err' && test ! -e '$T/da.pdf'"
sed 's/^status: draft/status: final/' "$draft" > "$T/final.yaml"
printf 'title: T\ndate: 2022-03-08\nversion: "0.1"\n' > "$T/version-final.yaml"
check "a version on a final file: a located warning that it is printed only on a draft (and the PDF)" sh -c "'$BP' -o '$T/vf.pdf' '$T/version-final.yaml' 2> '$T/vf.err' && grep -q '^$T/version-final.yaml:3:10: warning: .version. is printed only on a draft' '$T/vf.err' && test -s '$T/vf.pdf'"
check "a version on a draft: no warning" sh -c "'$BP' --check tests/fixtures/draft.yaml 2>&1 | { ! grep -q 'printed only on a draft'; }"
check "a final file (status: final) has no watermark and archives" sh -c "'$BP' -q --archive -o '$T/final.pdf' '$T/final.yaml' && ! mutool draw -F txt -o - '$T/final.pdf' 2>/dev/null | grep -q '^DRAFT$'"
# a draft in a final pack would go out as final
mkdir -p "$T/dp/roundtables"
cp examples/pack/public-safety-pack.yaml "$T/dp/"
cp examples/pack/roundtables/*.yaml "$T/dp/roundtables/"
sed -i 's/^language: en-GB/language: en-GB\nstatus: draft/' "$T/dp/roundtables/2022-04-12-data-sharing.yaml"
check "a final pack that holds a draft: an error at the pack's line naming it" sh -c "! '$BP' --check '$T/dp/public-safety-pack.yaml' 2> '$T/dp.err' && grep -q 'public-safety-pack.yaml:[0-9]*:[0-9]*: error: .roundtables/2022-04-12-data-sharing.yaml. is a draft' '$T/dp.err'"
sed -i 's/^language: en-GB/language: en-GB\nstatus: draft\nversion: "2"/' "$T/dp/public-safety-pack.yaml"
check "a draft pack holds it: DRAFT on every page, Draft 2 in the footer and on the cover" sh -c "'$BP' -q -o '$T/dp.pdf' '$T/dp/public-safety-pack.yaml' && python3 tests/pdfcheck.py watermark '$T/dp.pdf' && pdftotext '$T/dp.pdf' - | grep -q 'Draft 2, 1 June 2022' && pdfinfo -struct-text '$T/dp.pdf' | grep -q 'Draft 2, 1.June 2022'"
printf 'title: T\ndate: 2022-03-08\nstatus: drafted\n' > "$T/st.yaml"
check "status must be draft or final: a located error with a suggestion" sh -c "! '$BP' --check '$T/st.yaml' 2> '$T/st.err' && grep -q '^$T/st.yaml:3:9: error: .status. must be draft or final, found .drafted.; did you mean .draft.?' '$T/st.err'"

# --- the public version -------------------------------------------------------------
# The text of every item marked internal, and whether a PDF holds it
# (pdftotext's spacing and line breaks set aside: words run together; a
# long text's first 60 letters are enough to be sure).
cat > "$T/leaks.py" <<'PY'
import os, re, subprocess, sys, yaml
def norm(s):
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(s))
    return re.sub(r"[\W_]+", "", s.lower())
def internal(m):
    return isinstance(m, dict) and m.get("internal") is True
def texts(rt):
    out = []
    for s in rt.get("sections") or []:
        if internal(s): out.append(s.get("body"))
    for q in rt.get("questions") or []:
        if internal(q): out.append(q.get("question"))
        for t in q.get("takeaways") or []:
            if internal(t) or internal(q): out.append(t.get("point") if isinstance(t, dict) else t)
    ns = rt.get("next_steps")
    for st in ns if isinstance(ns, list) else []:
        if internal(st): out.append(st.get("step"))
    for a in rt.get("actions") or []:
        if internal(a): out.append(a.get("action"))
    for s in rt.get("speakers") or []:
        if internal(s): out.append(s.get("name"))
        for k in ("email", "phone", "website", "linkedin", "twitter"):
            v = s.get(k)
            for x in v if isinstance(v, list) else [v]:
                if internal(x) or (internal(s) and x): out.append(x.get("value") if isinstance(x, dict) else x)
    return out
path, pdf = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(path, encoding="utf-8"))
docs = [doc] if "roundtables" not in doc else [
    yaml.safe_load(open(os.path.join(os.path.dirname(path), p), encoding="utf-8")) for p in doc["roundtables"]]
want = [norm(t)[:60] for d in docs for t in texts(d)]
flat = norm(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout)
found = [t for t in want if t in flat]
print(f"{len(want)} {len(found)}")
for t in found:
    print(t)
PY
public_ok() { # label, yaml, public pdf
    "$BP" -q -o "$T/int.pdf" "$2"
    set -- "$1" "$2" "$3" $(python3 "$T/leaks.py" "$2" "$T/int.pdf" | sed -n 1p)
    check "$1: the file marks $4 items internal, and its internal version holds them all" sh -c "test $4 -ge 1 && test $4 -eq $5"
    check "$1: its public version holds none of their text (pdftotext)" sh -c "python3 '$T/leaks.py' '$2' '$3' > '$T/leak' && head -1 '$T/leak' | grep -q ' 0\$' || { cat '$T/leak' >&2; exit 1; }"
    check "$1: its public version has no attendees and no marking" sh -c "! pdftotext '$3' - | grep -q -i -E '^(attendees|OFFICIAL)'"
    check "$1: its public version passes tests/pdfua_check" python3 tests/pdfua_check "$3"
    check "$1: its public version's structure tree reads the public words in order, none of what it leaves out" python3 tests/reading_order.py --public "$2" "$3"
}
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    if grep -q '^classification: *OFFICIAL-SENSITIVE' "$y"; then
        check "$n: --public refuses a file marked OFFICIAL-SENSITIVE, naming the marking at its line" sh -c "! '$BP' --public -o '$T/$n-public.pdf' '$y' 2> '$T/$n.err' && grep -q '^$y:[0-9]*:17: error: this file is marked OFFICIAL-SENSITIVE: a public version (--public) may carry no marking above OFFICIAL' '$T/$n.err' && test ! -e '$T/$n-public.pdf'"
        # once cleared for publication (marked OFFICIAL), it builds
        sed 's/^classification: *OFFICIAL-SENSITIVE/classification: OFFICIAL/' "$y" > "$T/$n.yaml"
        y=$T/$n.yaml
    fi
    if "$BP" -q --public -o "$T/$n-public.pdf" "$y" 2> "$T/$n.err"; then
        public_ok "$n" "$y" "$T/$n-public.pdf"
    else
        fail "$n: --public builds" "$(cat "$T/$n.err")"
    fi
done
pack=examples/pack/public-safety-pack.yaml
check "the pack: --public refuses it, naming its marking (OFFICIAL-SENSITIVE)" sh -c "! '$BP' --public -o '$T/pp.pdf' '$pack' 2> '$T/pp.err' && grep -q 'public-safety-pack.yaml:[0-9]*:[0-9]*: error: this file is marked OFFICIAL-SENSITIVE' '$T/pp.err' && grep -q 'roundtables/2022-04-12-data-sharing.yaml:[0-9]*:[0-9]*: error: this file is marked OFFICIAL-SENSITIVE' '$T/pp.err'"
mkdir -p "$T/pub/roundtables"
cp "$pack" "$T/pub/"
cp examples/pack/roundtables/*.yaml "$T/pub/roundtables/"
sed -i 's/^classification: *OFFICIAL-SENSITIVE/classification: OFFICIAL/' "$T/pub/"*.yaml "$T/pub/roundtables/"*.yaml
if "$BP" -q --public -o "$T/pack-public.pdf" "$T/pub/public-safety-pack.yaml" 2> "$T/pub.err"; then
    public_ok "the pack (cleared, OFFICIAL)" "$T/pub/public-safety-pack.yaml" "$T/pack-public.pdf"
else
    fail "the pack (cleared): --public builds" "$(cat "$T/pub.err")"
fi
printf 'title: T\ndate: 2022-03-08\nclassification: PROTECT\n' > "$T/protect.yaml"
check "--public refuses a marking it cannot compare with OFFICIAL" sh -c "! '$BP' --public --check '$T/protect.yaml' 2> '$T/pr.err' && grep -q 'marked .PROTECT., which briefpack cannot compare with OFFICIAL' '$T/pr.err' && '$BP' --check '$T/protect.yaml'"

# --- --check --public: what the public version leaves out ---------------------------------
df=examples/digital-forensics-2022-04-12.yaml
"$BP" --check --public "$df" > "$T/notes.out" 2> "$T/notes.err"
status=$?
check "--check --public: exit status 0, nothing on standard output" sh -c "test $status -eq 0 && test ! -s '$T/notes.out'"
check "--check --public: one located note for each thing left out (marking, section, takeaway, action, phone number, attendees)" sh -c "
    grep -q '^$df:[0-9]*:17: note: the public version leaves out the marking “OFFICIAL”' '$T/notes.err' &&
    grep -q '^$df:[0-9]*:5: note: the public version leaves out the section “The supplier perspective”' '$T/notes.err' &&
    grep -q '^$df:[0-9]*:9: note: the public version leaves out the takeaway “Surge capacity' '$T/notes.err' &&
    grep -q '^$df:[0-9]*:5: note: the public version leaves out the action “Collect indicative' '$T/notes.err' &&
    grep -q '^$df:[0-9]*:[0-9]*: note: the public version leaves out a phone number “+44 20 7946 0321”' '$T/notes.err' &&
    grep -q '^$df:[0-9]*:5: note: the public version leaves out the attendees (7 names)' '$T/notes.err' &&
    test \$(wc -l < '$T/notes.err') -eq 6"
check "--check --public on a pack: notes in each roundtable's own file" sh -c "'$BP' --check --public '$T/pub/public-safety-pack.yaml' 2> '$T/pn.err' && grep -q 'roundtables/2022-03-08-delivery-models.yaml:[0-9]*:[0-9]*: note: the public version leaves out the takeaway “The Programme' '$T/pn.err' && grep -q 'roundtables/2022-04-12-data-sharing.yaml:[0-9]*:[0-9]*: note: the public version leaves out the action “Collect examples' '$T/pn.err'"
check "--check without --public lists nothing" sh -c "'$BP' --check '$df' 2> '$T/nn.err' && test ! -s '$T/nn.err'"
check "--public with --archive is a usage error (an archive attaches the source, internal items and all)" sh -c "'$BP' --public --archive -o '$T/pa.pdf' '$df' 2> '$T/pa.err'; test \$? -eq 2 && grep -q 'cannot be archived' '$T/pa.err' && test ! -e '$T/pa.pdf'"
check "the public and the internal version differ in their document IDs" sh -c "'$BP' -q -o '$T/i1.pdf' '$df' && '$BP' -q --public -o '$T/p1.pdf' '$df' && test \"\$(strings '$T/i1.pdf' | grep -a -o '/ID \[ <[0-9A-F]*>')\" != \"\$(strings '$T/p1.pdf' | grep -a -o '/ID \[ <[0-9A-F]*>')\" && strings '$T/p1.pdf' | grep -a -q '/ID \[ <[0-9A-F]'"

# --- the Chatham House Rule -------------------------------------------------------------
check "chatham_house: the notice is on the cover of both versions and read there" sh -c "for v in '' --public; do '$BP' -q \$v -o '$T/ch.pdf' '$df' && pdftotext -f 1 -l 1 '$T/ch.pdf' - | tr '\n' ' ' | grep -q 'held under the Chatham House Rule' && pdfinfo -struct-text '$T/ch.pdf' | grep -q 'Chatham House Rule' || exit 1; done"
printf 'title: T\ndate: 2022-03-08\nchatham_house: maybe\n' > "$T/ch.yaml"
check "chatham_house must be true or false: a located error" sh -c "! '$BP' --check '$T/ch.yaml' 2> '$T/ch.err' && grep -q '^$T/ch.yaml:3:16: error: .chatham_house. must be true or false' '$T/ch.err'"
