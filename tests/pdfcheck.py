#!/usr/bin/env python3
"""Checks on a built PDF with real readers (poppler's pdftotext/pdffonts,
qpdf). Used by tests/e2e.sh; each command exits non-zero with a reason."""
import html
import json
import re
import subprocess
import sys

import yaml

MARGIN = 85.0   # the layout's left and right margins, in points
SLACK = 1.0


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def die(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def norm(s):
    """Text compared without spaces, hyphens, dashes or quote styles: line
    breaks and hyphenation may put any of them anywhere."""
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2026", "...")
    return re.sub(r"[\s\-\u2010\u2011\u2013\u2014\u00a0\u00ad]+", "", s)


def strip_md(s):
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"<(https?://[^>]+|[^>@]+@[^>]+)>", r"\1", s)
    s = s.replace("**", "").replace("__", "").replace("`", "")
    s = re.sub(r"(?<!\w)[*_](\S.*?\S|\S)[*_](?!\w)", r"\1", s)
    s = s.replace("---", "\u2014").replace("--", "\u2013")
    return s


def page_count(pdf):
    _, out, _ = run("pdfinfo", pdf)
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def page_text(pdf, n, layout=False):
    args = ["pdftotext", "-f", str(n), "-l", str(n)]
    if layout:
        args.append("-layout")
    _, out, _ = run(*args, pdf, "-")
    return out


def fonts(pdf):
    code, out, err = run("pdffonts", pdf)
    if code or err.strip():
        die(f"pdffonts failed: {err}")
    rows = out.splitlines()[2:]
    if not rows:
        die("no fonts listed")
    for r in rows:
        cols = r.split()
        # name type... encoding emb sub uni object ID
        if len(cols) < 7:
            die(f"cannot read pdffonts row: {r}")
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        if emb != "yes":
            die(f"font not embedded: {r}")
        if uni != "yes":
            die(f"font without ToUnicode: {r}")


def quiet(pdf):
    for tool in (["pdftotext", pdf, "-"], ["pdffonts", pdf], ["pdfinfo", pdf]):
        code, _, err = run(*tool)
        if code or err.strip():
            die(f"{tool[0]}: {err.strip() or 'exit ' + str(code)}")


def margins(pdf):
    code, out, err = run("pdftotext", "-bbox", pdf, "-")
    if code:
        die(err)
    bad = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        w, h = float(page.group(1)), float(page.group(2))
        for m in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page.group(3)):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            if x0 < MARGIN - SLACK or x1 > w - MARGIN + SLACK or y0 < 0 or y1 > h:
                bad.append(f"{m.group(5)!r} at x {x0:.1f}–{x1:.1f}, y {y0:.1f}")
    if bad:
        die("words outside the margins: " + "; ".join(bad[:10]))


def texts_in_order(doc):
    """The questions and takeaways of a roundtable, in document order."""
    out = []
    for q in doc.get("questions") or []:
        out.append(("question", strip_md(str(q["question"]))))
        for t in q.get("takeaways") or []:
            if isinstance(t, dict):
                out.append(("takeaway", strip_md(str(t["point"]))))
                for p in t.get("points") or []:
                    out.append(("point", strip_md(str(p))))
            else:
                out.append(("takeaway", strip_md(str(t))))
    return out


def body_text(pdf, first, last):
    """The words of pages first..last without running headers and footers
    (judged by position: furniture sits in the top and bottom 60 pt)."""
    _, out, _ = run("pdftotext", "-bbox", "-f", str(first), "-l", str(last), pdf, "-")
    words = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        h = float(page.group(2))
        for m in re.finditer(r'<word xMin="[\d.-]+" yMin="([\d.-]+)" xMax="[\d.-]+" yMax="([\d.-]+)">(.*?)</word>', page.group(3)):
            if float(m.group(1)) > 60 and float(m.group(2)) < h - 60:
                words.append(html.unescape(m.group(3)))
    return " ".join(words)


BLANK = "This page is intentionally left blank"
LEADER = re.compile(r"^\s*\S.*?[\s.]{4,}(\d+)\s*$")


def is_blank(pdf, i):
    return BLANK in page_text(pdf, i)


def is_contents(pdf, i):
    """A contents page: entries with leader dots to a page number."""
    lines = page_text(pdf, i, layout=True).splitlines()
    return sum(1 for l in lines if LEADER.match(l) and "Page" not in l) >= 2


def body_start(pdf, n):
    """The first page after the cover, the contents and blank pages."""
    for i in range(2, n + 1):
        if not is_blank(pdf, i) and not is_contents(pdf, i):
            return i
    die("no body page after the cover and the contents")


def order(yml, pdf):
    doc = yaml.safe_load(open(yml, encoding="utf-8"))
    n = page_count(pdf)
    start = body_start(pdf, n)
    body = norm(body_text(pdf, start, n))
    pos = body.find(norm("Key takeaways"))
    if doc.get("questions") and any(q.get("takeaways") for q in doc["questions"]):
        if pos < 0:
            die("no 'Key takeaways' part in the body")
    pos = max(pos, 0)
    for kind, text in texts_in_order(doc):
        if not any(q.get("takeaways") for q in doc.get("questions") or []):
            break
        k = body.find(norm(text), pos)
        if k < 0:
            die(f"{kind} not found in order: {text[:80]!r}")
        pos = k + len(norm(text))
    # every summary paragraph too
    if doc.get("summary"):
        sb = norm(strip_md(doc["summary"]).replace("\n", " "))
        for para in re.split(r"\n\s*\n", strip_md(doc["summary"])):
            if norm(para)[:60] and norm(para)[:60] not in body:
                die(f"summary paragraph missing: {para[:80]!r}")
        del sb


def pages(pdf):
    """Pages are numbered as the paper is: the cover is page 1 (no folio),
    every other page says "Page N of M" with N its place in the file and M
    the file's pages, or is a blank page that says so (and has no folio);
    each contents entry's number is the page its title is on."""
    n = page_count(pdf)
    start = body_start(pdf, n)
    for i in range(2, n + 1):
        t = page_text(pdf, i)
        m = re.search(r"Page (\d+) of (\d+)", t)
        if BLANK in t:
            if m:
                die(f"blank page {i} has a folio")
            continue
        if not m:
            die(f"page {i} has no 'Page N of M'")
        if int(m.group(1)) != i or int(m.group(2)) != n:
            die(f"page {i} says {m.group(0)}, expected Page {i} of {n}")
    # contents: each entry's number is the page it is on
    entries = 0
    for i in range(2, start):
        for line in page_text(pdf, i, layout=True).splitlines():
            m = re.match(r"^\s*(\S.*?)[\s.]{4,}(\d+)\s*$", line)
            if not m or "Page" in line:
                continue
            title, num = m.group(1).strip(" ."), int(m.group(2))
            # "Question 2: text" is set as a "QUESTION 2" label and the text
            title = re.sub(r"^Question \d+: ", "", title)
            if not start <= num <= n:
                die(f"contents says {title!r} is on page {num}, not a body page")
            target = norm(page_text(pdf, num)).lower()
            if norm(title)[:30].lower() not in target:
                die(f"contents says {title!r} is on page {num}, it is not there")
            entries += 1
    if start > 2 and entries == 0 and is_contents(pdf, 2 if not is_blank(pdf, 2) else 3):
        die("no contents entries found")


def outline_titles(pdf):
    code, out, err = run("qpdf", "--json", "--json-key=outlines", pdf)
    if code:
        die(err)
    data = json.loads(out)
    titles = []

    def walk(items, depth):
        for o in items:
            titles.append((depth, o.get("title", "")))
            walk(o.get("kids", []), depth + 1)
    walk(data.get("outlines", []), 0)
    return titles


def seed(yml, pdf):
    doc = yaml.safe_load(open(yml, encoding="utf-8"))
    titles = outline_titles(pdf)
    qs = [t for d, t in titles if t.startswith("Question ")]
    if len(qs) != len(doc["questions"]):
        die(f"outline has {len(qs)} questions: {titles}")
    if not all(d == 1 for d, t in titles if t.startswith("Question ")):
        die(f"questions are not nested under a part: {titles}")
    for i, q in enumerate(doc["questions"]):
        if norm(strip_md(q["question"]))[:40] not in norm(qs[i]):
            die(f"outline entry {qs[i]!r} is not question {i + 1}")
    order(yml, pdf)


def yaml_links(doc):
    """Every link the YAML asks for: {uri: [texts]} (Markdown links,
    autolinks, speakers' contacts)."""
    out = {}

    def add(uri, text):
        out.setdefault(uri, []).append(text)

    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            for m in re.finditer(r"\[([^\]]+)\]\(([^)\s]+)\)", v):
                add(m.group(2), m.group(1))
            for m in re.finditer(r"<((?:https?|mailto):[^>]+|[^<>@\s]+@[^<>\s]+)>", v):
                u = m.group(1)
                add(u if ":" in u.split("@")[0] else "mailto:" + u, u)
    walk(doc)
    for sp in doc.get("speakers") or []:
        def vals(k):
            v = sp.get(k) or []
            v = [v] if isinstance(v, str) else v
            return [p.strip() for x in v for p in str(x).split(",") if p.strip()]
        for e in vals("email"):
            add("mailto:" + e, e)
        for ph in vals("phone"):
            add("tel", ph)
        for w in vals("website") + vals("linkedin"):
            add(w if "://" in w else "https://" + w, w)
        for t in vals("twitter"):
            add("https://twitter.com/" + t[1:] if t.startswith("@") else
                (t if "://" in t else "https://" + t), t)
    return out


def links(yml, pdf):
    """Each link's rectangle covers exactly (a line's part of) its text."""
    doc = yaml.safe_load(open(yml, encoding="utf-8"))
    want = yaml_links(doc)
    code, out, err = run("qpdf", "--json", pdf)
    data = json.loads(out)
    objs = data["qpdf"][1]
    pages = data["pages"]
    n = len(pages)
    start = body_start(pdf, n)
    _, bbox, _ = run("pdftotext", "-bbox", pdf, "-")
    page_words = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
        h = float(page.group(2))
        ws = []
        for m in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page.group(3)):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            ws.append((x0, h - y1, x1, h - y0, m.group(5)))  # PDF coordinates
        page_words.append(ws)
    checked = 0
    for pi, pg in enumerate(pages):
        page_obj = objs.get("obj:" + pg["object"], {}).get("value", {})
        annots = page_obj.get("/Annots", [])
        if isinstance(annots, str):
            annots = objs["obj:" + annots]["value"]
        for ref in annots:
            a = objs["obj:" + ref]["value"]
            if a.get("/Subtype") != "/Link":
                continue
            if a.get("/F") != 4 or a.get("/Border") != [0, 0, 0]:
                die(f"link on page {pi + 1} is not print-flagged and borderless: {a}")
            action = a.get("/A")
            if isinstance(action, str):
                action = objs["obj:" + action]["value"]
            uri = action.get("/URI", "")[2:] if isinstance(action, dict) else None
            if uri is None and pi + 1 < start:
                continue  # contents entries span their whole row
            x0, y0, x1, y1 = a["/Rect"]
            inside, cut = [], []
            for (wx0, wy0, wx1, wy1, w) in page_words[pi]:
                cx, cy = (wx0 + wx1) / 2, (wy0 + wy1) / 2
                if x0 - 0.5 <= cx <= x1 + 0.5 and y0 <= cy <= y1:
                    inside.append(w)
                    # a word may stick out by its punctuation ("pages.",
                    # "2,"), never by letters
                    out_l = max(0.0, x0 - wx0)
                    out_r = max(0.0, wx1 - x1)
                    per_char = (wx1 - wx0) / max(1, len(w))
                    punct_r = len(w) - len(w.rstrip(".,;:!?)]’'\"”"))
                    punct_l = len(w) - len(w.lstrip("([‘'\"“"))
                    if out_r > per_char * punct_r + 1.5 or out_l > per_char * punct_l + 1.5:
                        cut.append(w)
            if not inside:
                die(f"link to {uri} on page {pi + 1} covers no text")
            if cut:
                die(f"link to {uri} on page {pi + 1} cuts through {cut}")
            got = norm(" ".join(inside)).strip(".,;:!?)(’'\"”“")
            if uri is None:
                checked += 1
                continue
            key = "tel" if uri.startswith("tel:") else uri
            texts = [norm(strip_md(t)) for t in want.get(key, [])]
            if not any(got in t for t in texts):
                die(f"link to {uri} on page {pi + 1} covers {' '.join(inside)!r}, expected part of {want.get(key)}")
            checked += 1
    if want and not checked:
        die("the YAML has links but the PDF has no link annotations")


def meta(yml, pdf):
    """Info dictionary, XMP, language and viewer settings."""
    doc = yaml.safe_load(open(yml, encoding="utf-8"))
    _, info, _ = run("pdfinfo", pdf)
    def field(k):
        m = re.search(rf"^{k}:\s*(.*)$", info, re.M)
        return m.group(1).strip() if m else None
    if field("Title") != str(doc["title"]).strip():
        die(f"Title is {field('Title')!r}")
    if doc.get("subtitle") and field("Subject") != doc["subtitle"]:
        die(f"Subject is {field('Subject')!r}")
    if doc.get("host") and field("Author") != doc["host"]:
        die(f"Author is {field('Author')!r}")
    if not (field("Creator") or "").startswith("briefpack "):
        die(f"Creator is {field('Creator')!r}")
    if field("Metadata Stream") != "yes":
        die("no XMP metadata stream")
    kw = doc.get("keywords")
    if kw:
        kw = [kw] if isinstance(kw, str) else kw
        if field("Keywords") != ", ".join(str(k) for k in kw):
            die(f"Keywords is {field('Keywords')!r}")
    _, xmp, _ = run("pdfinfo", "-meta", pdf)
    t = str(doc["title"]).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if f'<rdf:li xml:lang="x-default">{t}</rdf:li>' not in xmp:
        die("XMP dc:title does not match the title")
    _, j, _ = run("qpdf", "--json", pdf)
    data = json.loads(j)
    objs = data["qpdf"][1]
    root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
    lang = doc.get("language", "en-GB")
    if root.get("/Lang") != "u:" + lang:
        die(f"/Lang is {root.get('/Lang')}")
    vp = root.get("/ViewerPreferences")
    if isinstance(vp, str):
        vp = objs["obj:" + vp]["value"]
    if not vp or vp.get("/DisplayDocTitle") is not True:
        die("no /ViewerPreferences /DisplayDocTitle true")
    if root.get("/PageMode") != "/UseOutlines":
        die("the bookmarks pane does not open")
    md = objs["obj:" + root["/Metadata"]]["stream"]["dict"]
    if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML" or "/Filter" in md:
        die(f"metadata stream dictionary is {md}")
    labels = root.get("/PageLabels")
    if not labels:
        die("no page labels")


def words(yml, pdf):
    """Every word of the questions, takeaways and summary comes out of
    pdftotext whole, once line-end hyphens are joined."""
    doc = yaml.safe_load(open(yml, encoding="utf-8"))
    _, text, _ = run("pdftotext", "-raw", pdf, "-")
    joined = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    kept = re.sub(r"(\w-)\n(\w)", r"\1\2", text)
    # an address broken before its own hyphen: the next line starts with it
    kept = re.sub(r"(\w)\n(-\w)", r"\1\2", kept)
    joined, kept = joined.replace("’", "'"), kept.replace("’", "'")
    hay = set(re.findall(r"[\w'-]+", joined)) | set(re.findall(r"[\w'-]+", kept))
    src = [doc.get("summary") or ""] + [t for _, t in texts_in_order(doc)]
    missing = []
    for s in src:
        for w in re.findall(r"[A-Za-z][\w'-]*[A-Za-z]", strip_md(s).replace("’", "'")):
            if w not in hay and w.replace("-", "") not in hay:
                missing.append(w)
    if missing:
        die(f"words not found whole: {sorted(set(missing))[:20]}")


def kerning(pdf, want):
    """Counts kerning adjustments in the body pages' TJ arrays: a number
    between two different glyphs. A dot leader (one glyph repeated with
    spacing) is not kerning. want is "on" or "off"."""
    p = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                       capture_output=True)
    if p.returncode not in (0, 3):
        die(f"qpdf: {p.stderr.decode(errors='replace').strip()}")
    out = p.stdout.decode("latin-1")
    kerned = 0
    for arr in re.findall(r"\[([^\[\]()]*)\]\s*TJ", out):
        items = re.findall(r"<([0-9a-fA-F]*)>|(-?[0-9.]+)", arr)
        glyphs = {g for g, _ in items if g}
        if len(glyphs) == 1 and len(next(iter(glyphs))) == 4:
            continue                      # a leader: one glyph repeated
        for i in range(1, len(items) - 1):
            if items[i][1] and items[i - 1][0] and items[i + 1][0]:
                kerned += 1
    if want == "on" and kerned == 0:
        die("no kerning adjustment in any TJ array")
    if want == "off" and kerned:
        die(f"{kerned} kerning adjustments with kerning off")


def watermark(pdf):
    """A draft's watermark on every page: the first thing drawn (behind
    the text), an artifact, turned, filled outlines (not text, which a
    reader would copy and search) in its light grey."""
    p = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                       capture_output=True)
    if p.returncode not in (0, 3):
        die(f"qpdf: {p.stderr.decode(errors='replace').strip()}")
    out = p.stdout.decode("latin-1")
    streams = dict(re.findall(r"%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream",
                              out, re.S))
    n = page_count(pdf)
    head = re.compile(r"/Artifact BMC\s+q\s+0\.902 0\.902 0\.902 rg\s+"
                      r"(-?0\.\d+) (-?0\.\d+) -?0\.\d+ -?0\.\d+ [\d.]+ [\d.]+ cm\s+"
                      r"((?:[-\d. ]+ [mlc]\s+|h\s+)+)f\s+Q")
    for i in range(1, n + 1):
        m = head.match(streams.get(str(i), ""))
        if not m:
            die(f"page {i} does not start with the watermark's outlines")
        if abs(float(m.group(2))) < 0.1:
            die(f"page {i}: the watermark is not turned")
        if m.group(3).count(" m") < 5:
            die(f"page {i}: fewer outlines than the word's letters")


def words_on(pdf, i):
    """(xMin, yMin, xMax, yMax, word) of every word of page i."""
    _, out, _ = run("pdftotext", "-bbox", "-f", str(i), "-l", str(i), pdf, "-")
    return [(float(m.group(1)), float(m.group(2)), float(m.group(3)),
             float(m.group(4)), html.unescape(m.group(5)))
            for m in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" '
                                 r'xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', out)]


def catalog(pdf):
    _, j, _ = run("qpdf", "--json", pdf)
    data = json.loads(j)
    objs = data["qpdf"][1]
    root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
    return objs, root


def duplex(pdf, inner, outer):
    """A PDF for two-sided printing, read from the file: it opens two pages
    side by side with the cover alone; pages are labelled 1, 2, 3 … as
    the paper is numbered; every part that opens a page (the contents, the
    body, a pack's chapters and its Speakers chapter) opens a right-hand
    (odd) page; a left-hand page left empty says so and carries nothing
    else but the marking, and its notice is no part of the structure;
    folios are the pages' places and sit on the outer edge, with the
    running head; the text keeps to mirrored margins, `inner` pt at the
    binding and `outer` pt at the edge."""
    inner, outer = float(inner), float(outer)
    objs, root = catalog(pdf)
    if root.get("/PageLayout") != "/TwoPageRight":
        die(f"/PageLayout is {root.get('/PageLayout')}, not /TwoPageRight")
    labels = root.get("/PageLabels")
    if isinstance(labels, str):
        labels = objs["obj:" + labels]["value"]
    nums = labels.get("/Nums") if labels else None
    if not nums or nums[0] != 0 or len(nums) != 2:
        die(f"page labels are not one decimal range from the first page: {labels}")
    style = nums[1] if isinstance(nums[1], dict) else objs["obj:" + nums[1]]["value"]
    if style.get("/S") != "/D" or style.get("/St", 1) != 1:
        die(f"page labels are not decimal from 1: {style}")
    pages(pdf)
    n = page_count(pdf)
    _, struct, _ = run("pdfinfo", "-struct-text", pdf)
    if BLANK in struct:
        die("the blank-page notice is in the structure tree")
    blanks = 0
    for i in range(1, n + 1):
        t = page_text(pdf, i)
        ws = words_on(pdf, i)
        w = float(re.search(r'<page width="([\d.]+)"',
                            run("pdftotext", "-bbox", "-f", str(i), "-l", str(i), pdf, "-")[1]).group(1))
        if BLANK in t:
            blanks += 1
            if i % 2:
                die(f"page {i} is blank but a right-hand page")
            if i + 1 <= n and BLANK in page_text(pdf, i + 1):
                die(f"pages {i} and {i + 1} are both blank")
            body = [x for x in ws if x[4] not in BLANK.split() and not re.match(r"OFFICIAL", x[4])]
            if body:
                die(f"blank page {i} holds {[x[4] for x in body][:5]}")
            continue
        starts = re.search(r"^(Contents|Summary|About this pack|ROUNDTABLE \d+ OF \d+)\b", t, re.M)
        if i > 1 and starts and i % 2 == 0 and (i == 2 or BLANK not in page_text(pdf, i - 1)):
            opens = i == 2 or is_blank(pdf, i - 1) or re.search(r"Page \d+ of", page_text(pdf, i - 1)) is None
            if opens:
                die(f"page {i} opens {starts.group(1)!r} on a left-hand page")
        if re.search(r"ROUNDTABLE \d+ OF \d+", t) and i % 2 == 0:
            die(f"a chapter opens on page {i}, a left-hand page")
        if i == 1:
            continue
        left, right = (inner, outer) if i % 2 else (outer, inner)
        for (x0, y0, x1, y1, word) in ws:
            if word.startswith("OFFICIAL"):
                continue
            if x0 < left - 1.0 or x1 > w - right + 1.0:
                die(f"page {i}: {word!r} at x {x0:.1f}–{x1:.1f} is outside the "
                    f"margins {left:g} | {w - right:.1f}")
        folio = [x for x in ws if x[4] == "Page"]
        if not folio:
            die(f"page {i} has no folio")
        fx0 = folio[-1][0]
        line = sorted((x for x in ws if abs(x[1] - folio[-1][1]) < 1), key=lambda x: x[0])
        fend = [x for x in line if x[0] >= fx0][-1][2]
        if i % 2 and abs(fend - (w - right)) > 1.5:
            die(f"page {i}: the folio ends at {fend:.1f}, not at the outer margin {w - right:.1f}")
        if i % 2 == 0 and abs(fx0 - left) > 1.5:
            die(f"page {i}: the folio starts at {fx0:.1f}, not at the outer margin {left:.1f}")
    if not blanks:
        die("no blank page at all")


def chapters(pdf):
    """Each chapter of a pack (ROUNDTABLE N OF M) and its Speakers chapter
    open a right-hand page, and their bookmarks lead to that page."""
    n = page_count(pdf)
    found = []
    for i in range(1, n + 1):
        t = page_text(pdf, i)
        if re.search(r"ROUNDTABLE \d+ OF \d+", t):
            found.append(i)
    if not found:
        die("no chapter found")
    bad = [i for i in found if i % 2 == 0]
    if bad:
        die(f"chapters open on left-hand pages {bad}")
    objs, root = catalog(pdf)
    _, j, _ = run("qpdf", "--json", "--json-key=outlines", pdf)
    outlines = json.loads(j)["outlines"]
    _, j, _ = run("qpdf", "--json", "--json-key=pages", pdf)
    page_objs = [p["object"] for p in json.loads(j)["pages"]]
    for o in outlines:
        dest = o.get("dest")
        target = dest[0] if isinstance(dest, list) else None
        if target not in page_objs:
            die(f"bookmark {o['title']!r} leads nowhere: {dest}")
        page = page_objs.index(target) + 1
        if o["title"] == "Speakers" and page % 2 == 0:
            die(f"the Speakers chapter opens on page {page}, a left-hand page")
        if norm(o["title"])[:25].lower() not in norm(page_text(pdf, page)).lower():
            die(f"bookmark {o['title']!r} leads to page {page}, which does not show it")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"fonts": fonts, "quiet": quiet, "margins": margins, "order": order,
     "pages": pages, "seed": seed, "links": links, "words": words,
     "meta": meta, "kerning": kerning, "duplex": duplex,
     "chapters": chapters, "watermark": watermark}[cmd](*args)


if __name__ == "__main__":
    main()
