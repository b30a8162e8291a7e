#!/usr/bin/env python3
"""pdfjs_structure: what Mozilla's pdf.js gives a screen reader, checked
against the roundtable file (issue 12). Reads the report of
`tests/pdfjs/run.sh --struct PDF...` (every page's structure tree, the text
of each marked-content sequence, the annotations) and a manifest of what
each PDF was built from, and prints one PASS or FAIL line per check:

  - pdf.js opens the PDF without a warning and has a structure tree for
    every page;
  - the headings, in the order a reader meets them, hold the roundtable's:
    its title, its sections' headings, each question, each speaker's name
    (a pack: its title, each roundtable's title and questions, the
    speakers); the first heading is H1 and no level is skipped;
  - the links: every link annotation on a page is held by exactly one Link
    element of that page's tree, which has text and a /Contents; every web
    address, e-mail address and phone number of the file is such a link,
    and its text is what it opens.

    tests/pdfjs_structure.py REPORT.json MANIFEST
        MANIFEST: one line a PDF: PDF<TAB>YAML<TAB>briefing|handout|pack,
        with `+public` for a public version (--public): what the file
        marks `internal: true` is not expected (and its links must not be)
    tests/pdfjs_structure.py --self-test REPORT.json MANIFEST
        breaks each document's report in several ways; each must fail
"""
import copy
import json
import os
import re
import subprocess
import sys

import yaml

HEADING = re.compile(r"^H([1-6])$")


def norm(s):
    """Text compared without case, spaces, dashes or quote styles: line
    breaks and typography may put any of them anywhere."""
    s = str(s or "")
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"<(https?://[^>]*|[^>@]+@[^>]+)>", r"\1", s)
    s = s.replace("**", "").replace("`", "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"[\W_]+", "", s.lower())


# --- what the PDF says ----------------------------------------------------------

def element_text(node, text):
    out = []
    for k in node.get("children", []):
        if k.get("type") == "content":
            out.append(text.get(k["id"], ""))
        elif "role" in k:
            out.append(element_text(k, text))
    return "".join(out)


def walk(node, fn, depth=0):
    fn(node)
    for k in node.get("children", []):
        if "role" in k:
            walk(k, fn, depth + 1)


def headings(pages):
    """[level, text, page, first content id] of every heading, in reading
    order."""
    out = []
    for pg in pages:
        tree = pg.get("tree")
        if not tree:
            continue

        def visit(n):
            m = HEADING.match(n.get("role", ""))
            if m:
                t = element_text(n, pg["text"])
                first = next((k["id"] for k in n.get("children", []) if k.get("type") == "content"), None)
                out.append([int(m.group(1)), t, pg["page"], first])
        walk(tree, visit)
    return out


def links(pages):
    """Per page: the Link elements (text, annotation ids) and the page's
    link annotations."""
    found = []
    for pg in pages:
        tree = pg.get("tree") or {}
        elements = []

        def visit(n):
            # a Link with nothing at all on this page is the shell pdf.js
            # shows of a list or paragraph that goes on over a page break:
            # its text and annotation are on another page, checked there
            if n.get("role") == "Link" and n.get("children"):
                ids = [k["id"].replace("pdfjs_internal_id_", "") for k in n.get("children", [])
                       if k.get("type") == "annotation"]
                elements.append((element_text(n, pg["text"]), ids))
        walk(tree, visit)
        annots = {k: v for k, v in pg.get("annotations", {}).items() if v.get("subtype") == "Link"}
        found.append((pg["page"], elements, annots))
    return found


# --- what the file says ---------------------------------------------------------

def load(path):
    return yaml.safe_load(open(path, encoding="utf-8"))


PUBLIC = False  # the document being checked is a public version


def shown(item):
    """Whether the document prints an item (a mapping may say `internal: true`)."""
    return not (PUBLIC and isinstance(item, dict) and item.get("internal") is True)


def as_list(v, everything=False):
    """A contact field's values (text, a list, or {value, internal}
    entries); those the document prints unless `everything`."""
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    out = []
    for x in items:
        if isinstance(x, dict):
            if everything or shown(x):
                out.append(str(x.get("value")).strip())
        else:
            out += [p.strip() for p in str(x).split(",") if p.strip()]
    return out


def question_text(q):
    return q.get("question") if isinstance(q, dict) else q


def want_headings(path, kind):
    doc = load(path)
    if kind == "pack":
        seq = [doc.get("title")]
        items = []
        for item in doc["roundtables"]:
            p = item if isinstance(item, str) else item.get("file")
            items.append(load(os.path.join(os.path.dirname(path), p)))
        for rt in items:
            seq.append(rt.get("title"))
            seq += [question_text(q) for q in rt.get("questions") or [] if shown(q)]
        names = []
        for rt in items:
            for s in rt.get("speakers") or []:
                if s.get("name") not in names and shown(s):
                    names.append(s.get("name"))
        return [s for s in seq if s], names
    seq = [doc.get("title")]
    if kind == "briefing":
        seq += [s.get("heading") for s in doc.get("sections") or [] if shown(s)]
    seq += [question_text(q) for q in doc.get("questions") or [] if shown(q)]
    seq += [s.get("name") for s in doc.get("speakers") or [] if shown(s)]
    return [s for s in seq if s], []


def roundtables_of(path, kind):
    doc = load(path)
    if kind != "pack":
        return [doc]
    return [load(os.path.join(os.path.dirname(path), i if isinstance(i, str) else i.get("file")))
            for i in doc["roundtables"]]


def hidden_headings(path, kind):
    """The headings of the sections, questions and speakers marked internal."""
    out = []
    for rt in roundtables_of(path, kind):
        out += [s.get("heading") for s in rt.get("sections") or [] if not shown(s)]
        out += [question_text(q) for q in rt.get("questions") or [] if not shown(q)]
        out += [s.get("name") for s in rt.get("speakers") or [] if not shown(s)]
    return [h for h in out if h]


def hidden_links(path, kind):
    """What the contact details marked internal would open."""
    out = []
    for rt in roundtables_of(path, kind):
        for s in rt.get("speakers") or []:
            for k in ("email", "phone", "website", "linkedin", "twitter"):
                v = s.get(k)
                for x in v if isinstance(v, list) else [v]:
                    if isinstance(x, dict) and not shown(x):
                        val = str(x.get("value"))
                        out.append({"email": "mailto:", "phone": "tel:"}.get(k, "") + val)
    return out


def speakers_of(path, kind):
    doc = load(path)
    if kind != "pack":
        return [s for s in doc.get("speakers") or [] if shown(s)]
    out = []
    for item in doc["roundtables"]:
        p = item if isinstance(item, str) else item.get("file")
        out += [s for s in load(os.path.join(os.path.dirname(path), p)).get("speakers") or []
                if shown(s)]
    return out


def markdown_urls(doc):
    """External links written in the file's Markdown: [text](url), <url>."""
    out = []

    def scan(v):
        if isinstance(v, str):
            for m in re.finditer(r"\]\(((?:https?://|mailto:)[^)\s]+)\)", v):
                out.append(m.group(1))
            for m in re.finditer(r"<(https?://[^>\s]+)>", v):
                out.append(m.group(1))
            for m in re.finditer(r"<([^>@\s]+@[^>\s]+)>", v):
                out.append("mailto:" + m.group(1))
        elif isinstance(v, dict):
            if not shown(v):
                return
            for k, x in v.items():
                if k != "speakers" and not (PUBLIC and k == "attendees"):
                    scan(x)
        elif isinstance(v, list):
            for x in v:
                scan(x)
    scan(doc)
    return out


def want_links(path, kind):
    """(what the link must open, its visible text or None) for every
    contact detail and every Markdown link of the file."""
    out = []
    for s in speakers_of(path, kind):
        for e in as_list(s.get("email")):
            out.append(("mailto:" + e, e))
        for w in as_list(s.get("website")) + as_list(s.get("linkedin")):
            out.append((w, w))
        for p in as_list(s.get("phone")):
            out.append(("tel:" + p, p))
        for t in as_list(s.get("twitter")):
            out.append(("twitter.com/" + t.lstrip("@"), t))
    if kind != "handout":
        docs = [load(path)]
        if kind == "pack":
            docs = [load(os.path.join(os.path.dirname(path), i if isinstance(i, str) else i.get("file")))
                    for i in docs[0]["roundtables"]]
        for d in docs:
            out += [(u, None) for u in markdown_urls(d)]
    return out


def opens(url, want):
    """Whether an annotation's URI opens what the file asked for."""
    if want.startswith("tel:"):
        digits = re.sub(r"\D", "", want)
        return url.startswith("tel:") and re.sub(r"\D", "", url).endswith(digits.lstrip("0"))
    if want.startswith("mailto:"):
        return url.lower() == want.lower()
    bare = lambda u: re.sub(r"^https?://", "", u.lower()).rstrip("/")
    return bare(url) == bare(want) or bare(url).endswith(bare(want))


def blank_page(pdf, n):
    """Whether page n of the PDF is a page left blank by rule."""
    if not pdf:
        return False
    out = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"],
                         capture_output=True, text=True).stdout
    return "This page is intentionally left blank" in out


# --- the checks -----------------------------------------------------------------

def check_document(rep, yml, kind):
    """[(name, None or why)] for one PDF."""
    results = []
    page = rep.get("page", {})
    pages = page.get("structure") or []

    def res(name, why):
        results.append((name, why))

    res("pdf.js opens it without a warning",
        None if page.get("status") == "done" and not page.get("problems") else
        f"status {page.get('status')}: {'; '.join(page.get('problems') or [])[:400]}")
    # (a page left blank by rule holds nothing but artifacts: no tree;
    # poppler reads its notice)
    bare = [p["page"] for p in pages if not (p.get("tree") or {}).get("children")
            and not blank_page(rep.get("file"), p["page"])]
    res("a structure tree for every page",
        None if pages and len(pages) == page.get("numPages") and not bare else
        f"{len(pages)} trees for {page.get('numPages')} pages; none on pages {bare[:10]}")

    # briefpack never divides a heading between pages (its keep rules), so
    # each heading is in one page's tree
    joined = headings(pages)
    want, names = want_headings(yml, kind)
    got = [norm(t) for _, t, _, _ in joined]
    i, missing = 0, None
    for w in want:
        nw = norm(w)
        while i < len(got) and nw not in got[i]:
            i += 1
        if i == len(got):
            missing = w
            break
        i += 1
    res("its headings hold the file's title, sections, questions and speakers, in order",
        None if missing is None else
        f"no heading for {missing!r} in order; headings read: {[t[:50] for _, t, _, _ in joined][:40]}")
    absent = [n for n in names if not any(norm(n) in g for g in got)]
    res("every speaker's name is a heading", None if not absent else f"no heading for {absent}")
    levels = [lv for lv, _, _, _ in joined]
    skip = next((f"H{levels[k - 1]} then H{levels[k]} ({joined[k][1][:40]!r})"
                 for k in range(1, len(levels)) if levels[k] > levels[k - 1] + 1), None)
    res("the first heading is H1 and no level is skipped",
        None if levels and levels[0] == 1 and skip is None else
        f"levels {levels[:20]}; {skip or 'no H1 first'}")

    problems, uris = [], []
    for pno, elements, annots in links(pages):
        held = {}
        for text, ids in elements:
            if not ids:
                problems.append(f"page {pno}: a Link element {text[:30]!r} holds no annotation")
            if not norm(text):
                problems.append(f"page {pno}: a Link element without text")
            for a in ids:
                held[a] = held.get(a, 0) + 1
                ann = annots.get(a)
                if ann and ann.get("url"):
                    uris.append((ann["url"], text))
        for a, ann in annots.items():
            if held.get(a, 0) != 1:
                problems.append(f"page {pno}: annotation {a} ({ann.get('url') or 'internal'}) is held by {held.get(a, 0)} Link elements")
            if not (ann.get("contents") or "").strip():
                problems.append(f"page {pno}: annotation {a} has no Contents")
            if not ann.get("url") and not ann.get("dest"):
                problems.append(f"page {pno}: annotation {a} opens nothing")
    res("every link annotation is held by one Link element with text and Contents",
        None if not problems else "; ".join(problems[:6]))
    bad = []
    for want_url, want_text in want_links(yml, kind):
        hit = [(u, t) for u, t in uris if opens(u, want_url)]
        if not hit:
            bad.append(f"no link opens {want_url}")
        elif want_text and not any(norm(want_text) == norm(t) for _, t in hit):
            bad.append(f"the link to {want_url} reads {hit[0][1]!r}, not {want_text!r}")
    res("every address of the file is a link that reads as it opens",
        None if not bad else "; ".join(bad[:6]))
    if PUBLIC:
        # what the public version leaves out is neither a heading nor a link
        gone = [g for g in hidden_headings(yml, kind) if any(norm(g) in h for h in got)]
        gone += [f"a link to {u}" for u in hidden_links(yml, kind)
                 if any(opens(x, u) for x, _ in uris)]
        gone += ["an Attendees part"] if any(norm(h) == "attendees" for h in got) else []
        res("the public version has no heading or link of what it leaves out",
            None if not gone else f"found {gone[:4]}")
    return results


def reports_of(path):
    r = json.load(open(path, encoding="utf-8"))
    return {os.path.realpath(x["file"]): x for x in r.get("reports", [r])}


def manifest(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            pdf, yml, kind = line.rstrip("\n").split("\t")
            out.append((pdf, yml, kind))
    return out


def breakages(rep):
    """Copies of a good report, each broken one way a tagger could go wrong."""
    def first(rep, role):
        for pg in rep["page"]["structure"]:
            found = []
            walk(pg.get("tree") or {}, lambda n: found.append(n) if n.get("role") == role else None)
            if found:
                return pg, found[0]
        return None, None

    out = {}
    r = copy.deepcopy(rep)
    r["page"]["structure"][-1]["tree"] = None
    out["a page without a structure tree"] = r
    r = copy.deepcopy(rep)
    pg, h = first(r, "H1")
    if h:
        h["role"] = "P"
        out["the title not a heading"] = r
    r = copy.deepcopy(rep)
    pg, h = first(r, "H2")
    if h:
        h["role"] = "H3"
        out["a heading level skipped"] = r
    r = copy.deepcopy(rep)
    pg, ln = first(r, "Link")
    if ln:
        ln["children"] = [k for k in ln["children"] if k.get("type") != "annotation"]
        out["a Link element without its annotation"] = r
    r = copy.deepcopy(rep)
    for pg in r["page"]["structure"]:
        for a in pg["annotations"].values():
            a["contents"] = None
    out["annotations without Contents"] = r
    r = copy.deepcopy(rep)
    for pg in r["page"]["structure"]:
        for a in pg["annotations"].values():
            if a.get("url", "") and a["url"].startswith("mailto:"):
                a["url"] = "mailto:someone@else.example"
    out["an e-mail link opening another address"] = r
    return out


def main(argv):
    self_test = "--self-test" in argv
    args = [a for a in argv[1:] if a != "--self-test"]
    if len(args) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    global PUBLIC
    reports = reports_of(args[0])
    for pdf, yml, kind in manifest(args[1]):
        PUBLIC = kind.endswith("+public")
        kind = kind.split("+")[0]
        label = f"{os.path.basename(pdf)}"
        rep = reports.get(os.path.realpath(pdf))
        if rep is None:
            print(f"FAIL pdf.js structure: {label}: not in the report")
            continue
        if self_test:
            for what, broken in breakages(rep).items():
                caught = [n for n, why in check_document(broken, yml, kind) if why]
                print(f"{'PASS' if caught else 'FAIL'} pdf.js structure self-test: {label}: {what} "
                      f"{'is caught (' + caught[0] + ')' if caught else 'was not caught'}")
            continue
        for name, why in check_document(rep, yml, kind):
            print(f"{'PASS' if why is None else 'FAIL'} pdf.js structure: {label}: {name}{'' if why is None else ': ' + why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
