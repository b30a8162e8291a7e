#!/usr/bin/env python3
"""Draws the images that ship with briefpack: the brand logos and the example
speakers' portraits. Every one is abstract geometry made here (no one's
trademark, no real person), so the project owns them outright.

    python3 data/brands/logos/make-images.py      # from anywhere in the tree

writes

    data/brands/logos/techuk.png      600x180 RGBA  purple/teal mark on transparency
    data/brands/logos/whitehall.png   600x180 RGB   green/navy mark, no alpha
    examples/photos/siobhan-ni-bhriain.jpg   400x400 JPEG (baseline, 4:2:0)
    examples/photos/lukasz-nowak.png         400x400 RGB PNG
    examples/photos/zoe-adeyemi.png          400x400 RGBA PNG, round, transparent corners

PNGs are written with the Python standard library only (zlib + struct). The
JPEG is the same kind of picture passed through ImageMagick's `convert`
(`-strip`, so no date or other metadata). The output is deterministic: the
same Python/zlib and ImageMagick give the same bytes on every run. Shapes are
signed-distance functions, so edges are anti-aliased without supersampling.
"""

import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


# --- colours ----------------------------------------------------------------

def hexrgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


# --- shapes: signed distance in pixels, negative inside ----------------------

def circle(cx, cy, r):
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def ellipse(cx, cy, rx, ry):
    k = min(rx, ry)  # close enough to a true distance near the edge
    return lambda x, y: (math.hypot((x - cx) / rx, (y - cy) / ry) - 1.0) * k


def rbox(x0, y0, x1, y1, r=0.0, angle=0.0):
    """A box with corners rounded by r, turned by angle (degrees) about its centre."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def d(x, y):
        px, py = x - cx, y - cy
        px, py = px * c + py * s, -px * s + py * c
        qx, qy = abs(px) - hx, abs(py) - hy
        out = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return out + min(max(qx, qy), 0.0) - r
    return d


def polygon(*pts):
    """A convex polygon, points clockwise on screen (y down)."""
    edges = []
    n = len(pts)
    for i in range(n):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % n]
        ex, ey = bx - ax, by - ay
        ln = math.hypot(ex, ey)
        edges.append((ax, ay, ey / ln, -ex / ln))  # outward normal

    def d(x, y):
        return max((x - ax) * nx + (y - ay) * ny for ax, ay, nx, ny in edges)
    return d


def union(*fs):
    return lambda x, y: min(f(x, y) for f in fs)


def minus(f, g):
    return lambda x, y: max(f(x, y), -g(x, y))


def coverage(d):
    return 0.0 if d >= 0.5 else 1.0 if d <= -0.5 else 0.5 - d


# --- painting ------------------------------------------------------------------

def render(w, h, background, layers):
    """background(x, y) -> (r, g, b, a); layers: [(shape, colour, alpha)], where
    colour is an (r, g, b) or a function (x, y) -> (r, g, b). Straight alpha."""
    px = []
    for j in range(h):
        y = j + 0.5
        row = []
        for i in range(w):
            x = i + 0.5
            r, g, b, a = background(x, y)
            for shape, colour, alpha in layers:
                c = coverage(shape(x, y)) * alpha
                if c <= 0.0:
                    continue
                sr, sg, sb = colour(x, y) if callable(colour) else colour
                na = c + a * (1.0 - c)
                if na > 0.0:
                    k = a * (1.0 - c)
                    r = (sr * c + r * k) / na
                    g = (sg * c + g * k) / na
                    b = (sb * c + b * k) / na
                a = na
            row.append((r, g, b, a))
        px.append(row)
    return px


def byte(v):
    return max(0, min(255, int(v * 255.0 + 0.5)))


# --- PNG -----------------------------------------------------------------------

def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _filter_row(row, prior, step):
    """The five PNG filters; keeps the one with the smallest sum of |bytes|
    (the usual heuristic)."""
    n = len(row)
    best, best_score = None, None
    for kind in range(5):
        out = bytearray(n)
        for i in range(n):
            a = row[i - step] if i >= step else 0
            b = prior[i]
            c = prior[i - step] if i >= step else 0
            if kind == 0:
                p = 0
            elif kind == 1:
                p = a
            elif kind == 2:
                p = b
            elif kind == 3:
                p = (a + b) >> 1
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else b if pb <= pc else c
            out[i] = (row[i] - p) & 255
        score = sum(v if v < 128 else 256 - v for v in out)
        if best_score is None or score < best_score:
            best, best_score = bytes([kind]) + bytes(out), score
    return best


def png_bytes(px, alpha):
    h, w = len(px), len(px[0])
    step = 4 if alpha else 3
    raw = []
    prior = bytearray(w * step)
    for row in px:
        line = bytearray()
        for r, g, b, a in row:
            if not alpha:  # flatten onto white
                r, g, b = (r * a + (1 - a), g * a + (1 - a), b * a + (1 - a))
            line += bytes((byte(r), byte(g), byte(b)))
            if alpha:
                line.append(byte(a))
        raw.append(_filter_row(line, prior, step))
        prior = line
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"".join(raw), 9))
            + _chunk(b"IEND", b""))


def write(path, data):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    tmp = full + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, full)
    print(f"{path}: {len(data)} bytes")


def write_png(path, px, alpha):
    write(path, png_bytes(px, alpha))


def write_jpeg(path, px, quality=84):
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.png"), os.path.join(tmp, "out.jpg")
        with open(src, "wb") as f:
            f.write(png_bytes(px, alpha=False))
        try:
            subprocess.run(["convert", src, "-strip", "-interlace", "none",
                            "-sampling-factor", "2x2,1x1,1x1",
                            "-quality", str(quality), "jpg:" + dst], check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            sys.exit(f"make-images: ImageMagick `convert` is needed for {path}: {e}")
        with open(dst, "rb") as f:
            write(path, f.read())


# --- the pictures ----------------------------------------------------------------

def techuk_logo():
    """An abstract mark: a purple diamond cut by a teal disc with a clear ring,
    and three bars standing where a word mark would go. Transparent ground, so
    it sits on white or on a light band."""
    purple, teal = hexrgb("#3C1053"), hexrgb("#00A79D")
    diamond = rbox(35, 30, 155, 150, r=10, angle=45)
    disc = circle(160, 90, 44)
    ring = circle(160, 90, 52)
    bars = [
        (rbox(242, 48, 560, 76, r=14), purple),
        (rbox(242, 88, 470, 112, r=12), teal),
        (rbox(242, 124, 380, 134, r=5), purple),
    ]
    layers = [(minus(diamond, ring), purple, 1.0), (disc, teal, 1.0)] + \
             [(s, c, 1.0) for s, c in bars]
    return render(600, 180, lambda x, y: (1.0, 1.0, 1.0, 0.0), layers)


def whitehall_logo():
    """A stylised portico (pediment, four columns, plinth) in navy and deep
    green beside two bars, on white, no alpha: a fictional Whitehall Policy
    Unit."""
    navy, green = hexrgb("#14213D"), hexrgb("#0B4F3C")
    portico = [
        (polygon((34, 60), (120, 18), (206, 60)), navy),
        (rbox(40, 64, 200, 72, r=1), navy),
    ]
    for k in range(4):
        x0 = 52 + k * 38
        portico.append((rbox(x0, 78, x0 + 22, 136, r=3), green))
    portico.append((rbox(34, 142, 206, 154, r=2), navy))
    bars = [
        (rbox(240, 50, 560, 80, r=3), navy),
        (rbox(240, 92, 486, 116, r=3), green),
        (rbox(240, 128, 560, 132, r=0), navy),
    ]
    return render(600, 180, lambda x, y: (1.0, 1.0, 1.0, 1.0),
                  [(s, c, 1.0) for s, c in portico + bars])


def portrait(top, bottom, figure, hair_colour, hair=None, round_crop=False):
    """A head-and-shoulders silhouette on a diagonal gradient. hair: 'long',
    'short', 'bun' or None."""
    w = h = 400
    c0, c1 = hexrgb(top), hexrgb(bottom)

    def ground(x, y):
        t = (x * 0.35 + y) / (w * 0.35 + h)
        r, g, b = mix(c0, c1, t)
        return (r, g, b, 1.0)

    skin = hexrgb(figure)
    shade = hexrgb(hair_colour)
    body = union(ellipse(200, 424, 162, 124), rbox(172, 226, 228, 330, r=4))
    head = circle(200, 178, 78)
    layers = []
    if hair == "long":
        layers.append((union(ellipse(200, 200, 98, 118), rbox(112, 190, 288, 312, r=44)),
                       shade, 1.0))
    elif hair == "bun":
        layers.append((circle(200, 88, 40), shade, 1.0))
    layers += [(body, skin, 1.0), (head, skin, 1.0)]
    if hair == "short":
        layers.append((minus(circle(200, 172, 82), ellipse(200, 204, 76, 60)), shade, 1.0))
    px = render(w, h, ground, layers)
    if round_crop:
        edge = circle(200, 200, 196)
        for j, row in enumerate(px):
            for i, (r, g, b, a) in enumerate(row):
                row[i] = (r, g, b, a * coverage(edge(i + 0.5, j + 0.5)))
    return px


def main():
    write_png("data/brands/logos/techuk.png", techuk_logo(), alpha=True)
    write_png("data/brands/logos/whitehall.png", whitehall_logo(), alpha=False)
    write_jpeg("examples/photos/siobhan-ni-bhriain.jpg",
               portrait("#2E6F8E", "#16324F", "#E8D9C5", "#7A3B2E", hair="long"))
    write_png("examples/photos/lukasz-nowak.png",
              portrait("#C8743A", "#5B2A4E", "#F1E3D3", "#3B2F2A", hair="short"), alpha=False)
    write_png("examples/photos/zoe-adeyemi.png",
              portrait("#3E8E5E", "#D9B44A", "#FBF3E4", "#2B211E", hair="bun",
                       round_crop=True),
              alpha=True)


if __name__ == "__main__":
    main()
