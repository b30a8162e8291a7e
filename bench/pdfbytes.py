#!/usr/bin/env python3
"""Where the bytes of a PDF go: every byte of the file is given to one part.

    python3 bench/pdfbytes.py FILE.pdf [--json] [--what-if]

Method. `qpdf --show-xref` gives each object's byte offset in the file;
an object's bytes run from its offset to the next object's offset (or to the
cross-reference table), so they include `N 0 obj … endobj`, the stream
dictionary, the (compressed) stream data and the line ends. The header
before the first object and the xref table, trailer and startxref after
the last are counted as such. The parts therefore add up to the file size
exactly. `qpdf --json=2 --json-stream-data=none` gives each object's
dictionary, used to classify it:

  fonts     FontFile2 (the embedded, subset TrueType), ToUnicode CMaps, and
            font dictionaries: Type0, CIDFontType2 (with its /W widths),
            FontDescriptor, CIDToGIDMap, and their indirect /Length objects
  images    image XObjects and their soft masks (/SMask)
  content   the pages' content streams
  structure everything else: the structure tree (tags), catalog, page tree
            and page objects, outlines,
            link annotations and destinations, the Info dictionary, the XMP
            metadata stream, indirect /Length numbers of structure streams,
            header, xref table and trailer

An object inside an object stream is given its share of that stream's
bytes, in proportion to its size written out; a cross-reference stream
counts as the xref table.

An object is given to the part of the first root that reaches it (fonts,
then images, then content); /Parent, /P and /Dest edges are not followed, so
a page or a destination is never pulled into another part.

With --what-if, each stream's data is decoded with `qpdf --show-object
--filtered-stream-data` and recompressed with zlib at levels 1, 6 and 9, to
show what the compression level costs or saves (the same zlib libharu uses).
"""
import json
import re
import subprocess
import sys
import time
import zlib

NO_FOLLOW = {"/Parent", "/P", "/Dest", "/Prev", "/Next", "/First", "/Last", "/Kids"}


def run(args):
    return subprocess.run(args, check=True, capture_output=True).stdout


def refs(v):
    """Object numbers referenced by a qpdf JSON value (not through NO_FOLLOW keys)."""
    out = []
    if isinstance(v, str):
        m = re.fullmatch(r"(\d+) 0 R", v)
        if m:
            out.append(int(m.group(1)))
    elif isinstance(v, list):
        for x in v:
            out += refs(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            if k not in NO_FOLLOW:
                out += refs(x)
    return out


def analyse(path, what_if=False):
    data = open(path, "rb").read()
    size = len(data)
    xref = run(["qpdf", "--show-xref", path]).decode()
    offsets = {}
    packed = {}   # an object inside an object stream -> that stream
    for line in xref.splitlines():
        m = re.match(r"(\d+)/(\d+): uncompressed; offset = (\d+)", line)
        if m:
            offsets[int(m.group(1))] = int(m.group(3))
        m = re.match(r"(\d+)/(\d+): compressed; stream = (\d+)", line)
        if m:
            packed[int(m.group(1))] = int(m.group(3))
    j = json.loads(run(["qpdf", "--json=2", "--json-stream-data=none", path]))
    objs = {}
    for k, v in j["qpdf"][1].items():
        m = re.match(r"obj:(\d+) 0 R", k)
        if m:
            objs[int(m.group(1))] = v
    def dict_of(o):
        if "stream" in o:
            return o["stream"]["dict"]
        v = o.get("value")
        return v if isinstance(v, dict) else {}

    # where the xref table starts: "startxref N" at the end
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    xref_at = int(m.group(1)) if m else size
    order = sorted(offsets.items(), key=lambda kv: kv[1])
    span = {}
    for i, (num, off) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else xref_at
        span[num] = end - off
    header = order[0][1] if order else 0
    tail = size - xref_at
    # an object stream's bytes are shared among the objects it holds, in
    # proportion to their size written out; a cross-reference stream is
    # the xref table's
    for stm in sorted(set(packed.values())):
        members = sorted(n for n, st in packed.items() if st == stm)
        weight = {n: len(json.dumps(objs.get(n))) for n in members}
        total, given = sum(weight.values()) or 1, 0
        for i, n in enumerate(members):
            share = span[stm] - given if i == len(members) - 1 else span[stm] * weight[n] // total
            span[n] = share
            given += share
        del span[stm]
    for n, o in list(objs.items()):
        if n in span and dict_of(o).get("/Type") == "/XRef":
            tail += span.pop(n)

    part = {}
    sub = {}

    def claim(root, p, s):
        stack = [(root, s)]
        while stack:
            n, s2 = stack.pop()
            if n in part or n not in objs:
                continue
            part[n] = p
            sub[n] = s2
            o = objs[n]
            d = dict_of(o)
            val = o.get("value") if "stream" not in o else d
            if isinstance(val, dict):
                for k, x in val.items():
                    if k in NO_FOLLOW:
                        continue
                    ks = s2
                    if p == "fonts":
                        ks = {"/FontFile2": "FontFile2", "/FontFile3": "FontFile2",
                              "/FontFile": "FontFile2", "/ToUnicode": "ToUnicode"}.get(k, s2)
                    if k == "/Length" or k == "/Length1":
                        ks = s2  # a stream's length goes with the stream
                    for r in refs(x):
                        stack.append((r, ks))
            else:
                for r in refs(val):
                    stack.append((r, s2))

    # roots, in priority order
    fonts = [n for n, o in objs.items() if dict_of(o).get("/Type") == "/Font"
             and dict_of(o).get("/Subtype") in ("/Type0", "/TrueType", "/Type1")]
    for n in sorted(fonts):
        claim(n, "fonts", "font dicts, widths, descriptors")
    images = [n for n, o in objs.items() if dict_of(o).get("/Subtype") == "/Image"]
    for n in sorted(images):
        claim(n, "images", "image data")
    pages = [n for n, o in objs.items() if dict_of(o).get("/Type") == "/Page"]
    for p in sorted(pages):
        c = dict_of(objs[p]).get("/Contents")
        for r in refs(c) if c else []:
            claim(r, "content", "content streams")
    # structure: each object on its own, with a finer label; the indirect
    # /Length of a structure stream goes with that stream
    def label_of(o):
        d = dict_of(o)
        t = d.get("/Type")
        if t == "/Metadata":
            return "XMP metadata"
        if t in ("/StructTreeRoot", "/StructElem", "/OBJR", "/MCR") or "/S" in d and "/P" in d \
                or "/Nums" in d or "/ParentTree" in d:
            return "structure tree (tags)"
        if t == "/Annot" or d.get("/Subtype") == "/Link":
            return "links (annotations)"
        if t == "/Outlines" or "/Title" in d and "/Parent" in d:
            return "outline (bookmarks)"
        if t in ("/Page", "/Pages", "/Catalog"):
            return "catalog, page tree, pages"
        if isinstance(o.get("value"), list) and "/XYZ" in o["value"]:
            return "destinations"
        if "/Producer" in d or "/Creator" in d:
            return "Info dictionary"
        return "other"
    for n, o in objs.items():
        if n in part:
            continue
        part[n] = "structure"
        sub[n] = label_of(o)
        ln = dict_of(o).get("/Length")
        if "stream" in o and isinstance(ln, str):
            r = refs(ln)
            for x in r:
                if x not in part:
                    part[x] = "structure"
                    sub[x] = sub[n]
    tot = {"fonts": 0, "images": 0, "content": 0, "structure": 0}
    subs = {}
    for n, s in span.items():
        p = part.get(n, "structure")
        tot[p] += s
        key = (p, sub.get(n, "other"))
        subs[key] = subs.get(key, 0) + s
    tot["structure"] += header + tail
    subs[("structure", "header, xref table, trailer")] = header + tail
    assert sum(tot.values()) == size, (sum(tot.values()), size)
    pdf_pages = len(pages)
    res = {"file": path, "bytes": size, "pages": pdf_pages, "parts": tot,
           "detail": [{"part": p, "what": s, "bytes": b}
                      for (p, s), b in sorted(subs.items(), key=lambda kv: (-tot[kv[0][0]], -kv[1]))],
           "objects": len(objs)}
    if what_if:
        res["what_if"] = recompress(path, objs, part, sub)
    return res


def recompress(path, objs, part, sub):
    """Each stream decoded, then deflated at levels 1, 6, 9: bytes and ms."""
    out = {}
    for n, o in objs.items():
        if "stream" not in o:
            continue
        d = o["stream"]["dict"]
        filt = d.get("/Filter")
        if filt and filt not in ("/FlateDecode", ["/FlateDecode"]):
            continue
        raw = run(["qpdf", "--show-object=%d" % n, "--filtered-stream-data", path])
        key = sub.get(n, "other") if part.get(n) == "fonts" else part.get(n, "structure")
        if part.get(n) == "fonts":
            key = "fonts: " + key
        e = out.setdefault(key, {"streams": 0, "decoded": 0, "now": 0,
                                 "l1": 0, "l6": 0, "l9": 0,
                                 "ms1": 0.0, "ms6": 0.0, "ms9": 0.0, "compressed": bool(filt)})
        e["streams"] += 1
        e["compressed"] = e["compressed"] or bool(filt)
        e["decoded"] += len(raw)
        ln = d.get("/Length")
        if isinstance(ln, str):
            ln = objs[int(ln.split()[0])]["value"]
        e["now"] += int(ln or 0)
        for lvl in (1, 6, 9):
            t0 = time.perf_counter()
            for _ in range(5):
                c = zlib.compress(raw, lvl)
            e["ms%d" % lvl] += (time.perf_counter() - t0) * 1000 / 5
            e["l%d" % lvl] += len(c)
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    for p in args:
        r = analyse(p, "--what-if" in sys.argv)
        if "--json" in sys.argv:
            print(json.dumps(r))
        else:
            print("%s: %d bytes, %d pages, %d objects" % (p, r["bytes"], r["pages"], r["objects"]))
            for k, v in r["parts"].items():
                print("  %-10s %7d  %5.1f%%" % (k, v, 100.0 * v / r["bytes"]))
            for d in r["detail"]:
                print("    %-10s %-34s %7d" % (d["part"], d["what"], d["bytes"]))
            for k, e in r.get("what_if", {}).items():
                print("  what-if %-40s %s" % (k, e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
