#!/usr/bin/env python3
"""reading_order: the text a screen reader gets by walking a PDF's structure
tree (poppler's `pdfinfo -struct-text`) holds, word for word and in order,
the roundtable's own text in its logical order: title, subtitle, host,
partner, venue, summary, sections, questions with their takeaways and
notes, next steps, actions, speakers with their contact details, attendees
with their roles (what briefpack adds, such as labels, may come between;
the contents page, which repeats the headings, is not counted). A pack: its title, cover note
and each roundtable's body in turn. A handout (--handout): the title, the
questions, the speakers with their bios and contact details.

    tests/reading_order.py [--handout] FILE.yaml FILE.pdf
        exit 0, or 1 with the first word not found and what was read there
"""
import os
import re
import subprocess
import sys

import yaml


def words(text):
    if not isinstance(text, str):
        return []
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)     # [text](url)
    text = re.sub(r"<(https?://[^>]*|[^>@]+@[^>]+)>", r"\1", text)
    out = []
    for w in text.split():
        w = re.sub(r"[\W_]+", "", w.lower())
        if w:
            out.append(w)
    return out


def roundtable(rt, handout=False, body_only=False):
    seq = words(rt.get("title"))
    if handout:
        for q in rt.get("questions") or []:
            seq += words(q.get("question") if isinstance(q, dict) else q)
        for s in rt.get("speakers") or []:
            seq += words(s.get("name")) + words(s.get("role")) + words(s.get("organisation"))
            seq += words(s.get("bio")) + contacts(s)
        return seq
    for k in ([] if body_only else ["subtitle", "host", "partner", "venue"]) + ["summary"]:
        seq += words(rt.get(k))
    for s in rt.get("sections") or []:
        seq += words(s.get("heading")) + words(s.get("body"))
    for q in rt.get("questions") or []:
        seq += words(q.get("question"))
        for t in q.get("takeaways") or []:
            if isinstance(t, dict):
                seq += words(t.get("point"))
                for p in t.get("points") or []:
                    seq += words(p)
            else:
                seq += words(t)
        seq += words(q.get("notes"))
    seq += words(rt.get("next_steps"))
    for a in rt.get("actions") or []:
        seq += words(a.get("action")) + words(a.get("owner"))
    if body_only:
        return seq
    for s in rt.get("speakers") or []:
        seq += words(s.get("name")) + words(s.get("role")) + words(s.get("organisation")) + words(s.get("bio"))
        seq += contacts(s)
    for a in rt.get("attendees") or []:
        if isinstance(a, dict):
            seq += words(a.get("name")) + words(a.get("role")) + words(a.get("organisation"))
        else:
            seq += words(a)
    return seq


def contacts(speaker):
    """A speaker's contact details, in the order the card prints them."""
    out = []
    for k in ("email", "phone", "website", "linkedin", "twitter"):
        v = speaker.get(k)
        vals = v if isinstance(v, list) else str(v).split(",") if v else []
        seen = []
        for x in vals:
            x = str(x).strip()
            if x and x not in seen:
                seen.append(x)
                out += words(x)
    return out


def expected(path, handout):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    if "roundtables" not in doc:
        return roundtable(doc, handout)
    seq = words(doc.get("title")) + words(doc.get("subtitle")) + words(doc.get("cover_note"))
    for item in doc["roundtables"]:
        p = item if isinstance(item, str) else item.get("file")
        rt = yaml.safe_load(open(os.path.join(os.path.dirname(path), p), encoding="utf-8"))
        seq += roundtable(rt, body_only=True)
    return seq


def main(argv):
    handout = "--handout" in argv
    args = [a for a in argv[1:] if a != "--handout"]
    if len(args) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    want = expected(args[0], handout)
    tree = subprocess.run(["pdfinfo", "-struct-text", args[1]], capture_output=True,
                          text=True, check=True).stdout
    # an element's strings are one text (a line keeps the space it broke
    # at; a word divided at a line end is its two halves, the hyphen an
    # artifact); elements are apart
    got, run = [], []
    skip = None  # the contents (TOC) repeat the headings: not counted
    for line in tree.splitlines() + ["end"]:
        depth = len(line) - len(line.lstrip())
        if skip is not None and depth > skip:
            continue
        skip = None
        if line.strip() == "TOC":
            skip = depth
        m = re.match(r'\s*"(.*)"\s*$', line)
        if m:
            run.append(m.group(1))
        elif re.match(r"\s*Object \d+ \d+\s*$", line):
            continue  # a link's annotation (OBJR): no text
        else:
            got += words("".join(run))
            run = []
    if not want:
        print("nothing expected: the roundtable has no text?")
        return 1
    i = 0
    for k, w in enumerate(want):
        while i < len(got) and got[i] != w:
            i += 1
        if i == len(got):
            before = " ".join(want[max(0, k - 8):k])
            print(f"word {k + 1} of {len(want)}, '{w}' (after '{before}'), is not read in order; "
                  f"the structure tree has {len(got)} words")
            return 1
        i += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
