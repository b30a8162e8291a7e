#!/usr/bin/env python3
"""reading_order: the text a screen reader gets by walking a PDF's structure
tree (poppler's `pdfinfo -struct-text`) holds, word for word and in order,
the roundtable's own text in its logical order: title, subtitle, host,
partner, venue, summary, sections, questions with their takeaways and
notes, next steps, actions, speakers with their contact details, attendees
with their roles (what briefpack adds, such as labels, may come between;
the contents page, which repeats the headings, is not counted). A pack: its title, cover note
and each roundtable's body in turn. A handout (--handout): the title, the
questions, the speakers with their bios and contact details. The public
version (--public): none of the items marked `internal: true` and no
attendees (they must not be read either: an item left out whose words are
read is a failure).

    tests/reading_order.py [--handout] [--public] FILE.yaml FILE.pdf
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


PUBLIC = False  # --public: what is marked internal is left out


def shown(item):
    """Whether the document prints an item (a mapping may say `internal: true`)."""
    return not (PUBLIC and isinstance(item, dict) and item.get("internal") is True)


def left_out(rt):
    """The words of what the public version leaves out, item by item."""
    out = []
    for s in rt.get("sections") or []:
        if not shown(s):
            out.append(words(s.get("heading")) + words(s.get("body")))
    for q in rt.get("questions") or []:
        if not shown(q):
            out.append(words(q.get("question")))
        for t in q.get("takeaways") or []:
            if not shown(t) or not shown(q):
                out.append(words(t.get("point") if isinstance(t, dict) else t))
    for st in steps(rt, everything=True):
        if not shown(st):
            out.append(words(st.get("step")))
    for a in rt.get("actions") or []:
        if not shown(a):
            out.append(words(a.get("action")))
    for s in rt.get("speakers") or []:
        if not shown(s):
            out.append(words(s.get("name")) + words(s.get("bio")))
        else:
            out += [words(v) for v in contact_values(s, everything=True) if not shown(v)]
    # (attendees are left out too, but their names are often a speaker's or
    # in the text: tests/e2e_audience.sh checks that no Attendees part is)
    return [w for w in out if w]


def steps(rt, everything=False):
    """`next_steps` as a list of steps (Markdown text or {step, internal})."""
    v = rt.get("next_steps")
    items = v if isinstance(v, list) else [v] if v else []
    items = [x if isinstance(x, dict) else {"step": x} for x in items]
    return items if everything else [x for x in items if shown(x)]


def roundtable(rt, handout=False, body_only=False):
    seq = words(rt.get("title"))
    if handout:
        for q in rt.get("questions") or []:
            if shown(q):
                seq += words(q.get("question") if isinstance(q, dict) else q)
        for s in rt.get("speakers") or []:
            if shown(s):
                seq += words(s.get("name")) + words(s.get("role")) + words(s.get("organisation"))
                seq += words(s.get("bio")) + contacts(s)
        return seq
    for k in ([] if body_only else ["subtitle", "host", "partner", "venue"]) + ["summary"]:
        seq += words(rt.get(k))
    for s in rt.get("sections") or []:
        if shown(s):
            seq += words(s.get("heading")) + words(s.get("body"))
    for q in rt.get("questions") or []:
        if not shown(q):
            continue
        seq += words(q.get("question"))
        for t in q.get("takeaways") or []:
            if not shown(t):
                continue
            if isinstance(t, dict):
                seq += words(t.get("point"))
                for p in t.get("points") or []:
                    seq += words(p)
            else:
                seq += words(t)
        seq += words(q.get("notes"))
    for st in steps(rt):
        seq += words(st.get("step"))
    for a in rt.get("actions") or []:
        if shown(a):
            seq += words(a.get("action")) + words(a.get("owner"))
    if body_only:
        return seq
    for s in rt.get("speakers") or []:
        if not shown(s):
            continue
        seq += words(s.get("name")) + words(s.get("role")) + words(s.get("organisation")) + words(s.get("bio"))
        seq += contacts(s)
    if PUBLIC:
        return seq
    for a in rt.get("attendees") or []:
        if isinstance(a, dict):
            seq += words(a.get("name")) + words(a.get("role")) + words(a.get("organisation"))
        else:
            seq += words(a)
    return seq


def contact_values(speaker, everything=False):
    """A speaker's contact details as {value, internal} entries, in the
    order the card prints them, repeats dropped."""
    out = []
    for k in ("email", "phone", "website", "linkedin", "twitter"):
        v = speaker.get(k)
        vals = v if isinstance(v, list) else [v] if v else []
        seen = []
        for x in vals:
            entry = x if isinstance(x, dict) else {"value": x}
            parts = [entry.get("value")] if isinstance(x, dict) else str(x).split(",")
            for part in parts:
                part = str(part).strip()
                if part and part not in seen:
                    seen.append(part)
                    item = dict(entry, value=part)
                    if everything or shown(item):
                        out.append(item)
    return out


def contacts(speaker):
    """The words of a speaker's contact details the card prints."""
    out = []
    for c in contact_values(speaker):
        out += words(c["value"])
    return out


def expected(path, handout):
    """The words to read in order, and (--public) the items never to read."""
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    if "roundtables" not in doc:
        return roundtable(doc, handout), left_out(doc) if PUBLIC else []
    seq = words(doc.get("title")) + words(doc.get("subtitle")) + words(doc.get("cover_note"))
    gone = []
    for item in doc["roundtables"]:
        p = item if isinstance(item, str) else item.get("file")
        rt = yaml.safe_load(open(os.path.join(os.path.dirname(path), p), encoding="utf-8"))
        seq += roundtable(rt, body_only=True)
        gone += left_out(rt) if PUBLIC else []
    return seq, gone


def contains(got, phrase):
    """Whether the words of `phrase` are read one after another."""
    n = len(phrase)
    return any(got[i:i + n] == phrase for i in range(len(got) - n + 1))


def main(argv):
    global PUBLIC
    handout = "--handout" in argv
    PUBLIC = "--public" in argv
    args = [a for a in argv[1:] if a not in ("--handout", "--public")]
    if len(args) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    want, gone = expected(args[0], handout)
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
    for phrase in gone:
        # a whole item (at least its first eight words) read is a leak
        if contains(got, phrase[:8]):
            print(f"an item the public version leaves out is read: '{' '.join(phrase[:8])}'")
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
