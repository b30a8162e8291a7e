#!/usr/bin/env python3
"""contrast_check: every text box of a display list (build/dump_layout's
text, as in tests/layout/*.txt) against what it is drawn on, by WCAG 2.2's
contrast ratio (success criterion 1.4.3, level AA): 4.5:1, or 3:1 for text
of 18 pt and over, or 14 pt bold and over. What text is drawn on is the
last rectangle (or circle, as its box) drawn before it on its page that holds the middle of its
first letter, else the page: white, or a draft's watermark (text turned on
the page, `angle=`, drawn first), which any text may lie over.

    tests/contrast_check.py DUMP.txt...   one line per failure, exit status 1
    tests/contrast_check.py --self-test DUMP.txt   a text made pale, a
                                          title drawn on white: both reported
"""
import re
import sys

BOX = re.compile(r"^  (text|rect|circle) (\S+)(?: node=\d+)? x=(\S+) y=(\S+) w=(\S+)(?: h=(\S+))?"
                 r"(?: size=(\S+) face=(\S+))? #([0-9a-f]{6})")


def luminance(hexrgb):
    def ch(v):
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hexrgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check(lines, name):
    failures, page, rects, paper = [], 0, [], "ffffff"
    for line in lines:
        if line.startswith("page "):
            page, rects, paper = int(line.split()[1]), [], "ffffff"
            continue
        m = BOX.match(line)
        if not m:
            continue
        kind, role, x, y, w, h, size, face, colour = m.groups()
        if kind == "text" and " angle=" in line:
            paper = colour  # the watermark: behind whatever text comes
            continue
        x, y, w = float(x), float(y), float(w)
        if kind in ("rect", "circle"):
            rects.append((x, y, w, float(h), colour))
            continue
        size = float(size)
        px, py = x + size * 0.3, y - size * 0.35
        bg = paper
        for rx, ry, rw, rh, rc in rects:
            if rx <= px <= rx + rw and ry <= py <= ry + rh:
                bg = rc
        large = size >= 18 or (size >= 14 and "Bold" in face)
        need = 3.0 if large else 4.5
        got = ratio(colour, bg)
        if got < need:
            text = line[line.find('"'):][:50]
            failures.append(f"{name}: page {page}: {role} text #{colour} on #{bg} at {size:g} pt "
                            f"has a contrast of {got:.2f}:1, below {need}:1: {text}")
    return failures


def self_test(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    bad = 0
    pale = [re.sub(r"#[0-9a-f]{6} \"", '#bbbbbb "', l, 1) if l.startswith("  text paragraph") else l
            for l in lines]
    if not any("page" in f and "#bbbbbb" in f for f in check(pale, "pale")):
        print("FAIL self-test: a paragraph in #bbbbbb is not reported")
        bad += 1
    else:
        print("PASS self-test: a paragraph in #bbbbbb is reported")
    unbanded = [l for l in lines if not (l.startswith("  rect") and "h=330" in l)]
    if not any("title text #ffffff on #" in f for f in check(unbanded, "unbanded")):
        print("FAIL self-test: the cover's white title without its band is not reported")
        bad += 1
    else:
        print("PASS self-test: the cover's white title without its band is reported")
    if any(" angle=" in l for l in lines):
        dark = [re.sub(r"#[0-9a-f]{6} \"", '#aaaaaa "', l, 1) if " angle=" in l else l for l in lines]
        if not any("on #aaaaaa" in f for f in check(dark, "dark")):
            print("FAIL self-test: text over a watermark made #aaaaaa is not reported")
            bad += 1
        else:
            print("PASS self-test: text over a watermark made #aaaaaa is reported")
    if check(lines, path):
        print("FAIL self-test: the file itself fails")
        bad += 1
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failures = []
    for path in argv[1:]:
        failures += check(open(path, encoding="utf-8").read().splitlines(), path)
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
