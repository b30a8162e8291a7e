#!/usr/bin/env python3
"""Writes the image fixtures of tests/test_image.c and tests/e2e_images.sh
(committed; run again only to change them). PNGs are written here with
zlib and struct; JPEGs with ImageMagick's `convert`, then patched by hand
for the kinds convert will not write."""
import os, struct, subprocess, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
W = H = 48


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def ihdr(w, h, depth, colour, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0,
                                      interlace))


def png(w, h, depth, colour, rows, extra=b"", interlace=0):
    """rows: a list of bytes, one per row, without filter bytes (or, when
    interlaced, the already-ordered pass rows)."""
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + ihdr(w, h, depth, colour, interlace) +
            extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def rgb(x, y):
    return (x * 5 % 256, y * 5 % 256, (x * y) % 256)


def alpha(x, y):
    return (x * 11 + y * 3) % 256


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def rows8(fn):
    return [bytes(v for x in range(W) for v in fn(x, y)) for y in range(H)]


def rows16(fn):
    return [b"".join(struct.pack(">H", v * 257) for x in range(W)
                     for v in fn(x, y)) for y in range(H)]


def main():
    write("rgb8.png", png(W, H, 8, 2, rows8(rgb)))
    write("rgb16.png", png(W, H, 16, 2, rows16(rgb)))
    rgba = lambda x, y: rgb(x, y) + (alpha(x, y),)
    write("rgba8.png", png(W, H, 8, 6, rows8(rgba)))
    write("rgba16.png", png(W, H, 16, 6, rows16(rgba)))
    ga = lambda x, y: (rgb(x, y)[0], alpha(x, y))
    write("gray-alpha.png", png(W, H, 8, 4, rows8(ga)))
    # an alpha channel that is opaque everywhere: no soft mask needed
    write("rgba-opaque.png", png(W, H, 8, 6,
                                 rows8(lambda x, y: rgb(x, y) + (255,))))
    # 1-bit grey: a checkerboard of 4-pixel squares
    bits = []
    for y in range(H):
        row = 0
        for x in range(W):
            row = row << 1 | ((x // 4 + y // 4) & 1)
        bits.append(row.to_bytes(W // 8, "big"))
    write("gray1.png", png(W, H, 1, 0, bits))
    # 4-bit palette of 16 colours, colour 0 transparent, 5 half-transparent
    pal = bytes(v for i in range(16) for v in (i * 16, 255 - i * 16, i * 8))
    trns = bytes([0] + [255] * 4 + [128])
    prow = []
    for y in range(H):
        idx = [(x // 3 + y // 3) % 16 for x in range(W)]
        prow.append(bytes(idx[i] << 4 | idx[i + 1] for i in range(0, W, 2)))
    write("palette.png", png(W, H, 4, 3, prow,
                             chunk(b"PLTE", pal) + chunk(b"tRNS", trns)))
    # Adam7 interlaced, the same pixels as rgb8.png
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
              (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    irows = []
    for x0, y0, dx, dy in passes:
        if x0 >= W or y0 >= H:
            continue
        for y in range(y0, H, dy):
            irows.append(bytes(v for x in range(x0, W, dx) for v in rgb(x, y)))
    write("interlaced.png", png(W, H, 8, 2, irows, interlace=1))

    good = png(W, H, 8, 2, rows8(rgb))
    # cut in the middle of the image data
    idat = good.index(b"IDAT")
    write("truncated.png", good[:idat + 40])
    # every chunk whole, but the compressed data stops half-way: only a full
    # decode finds it
    raw = b"".join(b"\0" + r for r in rows8(rgb))
    half = zlib.compress(raw, 9)[:200]
    write("short-data.png", b"\x89PNG\r\n\x1a\n" + ihdr(W, H, 8, 2) +
          chunk(b"IDAT", half) + chunk(b"IEND", b""))
    write("text.png", b"This is not a picture, just text.\n")
    # decompression bombs: headers only
    write("bomb.png", b"\x89PNG\r\n\x1a\n" + ihdr(100000, 100000, 8, 2))
    write("bomb-pixels.png", b"\x89PNG\r\n\x1a\n" + ihdr(10000, 5000, 8, 2))

    # JPEGs from rgb8.png
    src = os.path.join(HERE, "rgb8.png")

    def convert(name, *args):
        out = os.path.join(HERE, name)
        subprocess.run(["convert", src, "-strip", *args, "-quality", "90",
                        out], check=True)
        with open(out, "rb") as f:
            return f.read()

    jpg = convert("photo.jpg")
    convert("progressive.jpg", "-interlace", "Plane")
    convert("gray.jpg", "-colorspace", "Gray")
    convert("cmyk.jpg", "-colorspace", "CMYK")
    write("truncated.jpg", jpg[:len(jpg) * 2 // 3])
    sof = jpg.index(b"\xff\xc0")
    write("arithmetic.jpg", jpg[:sof + 1] + b"\xc9" + jpg[sof + 2:])
    write("precision12.jpg", jpg[:sof + 4] + b"\x0c" + jpg[sof + 5:])
    # EXIF orientation 6 (to be turned 90° clockwise), little-endian TIFF
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, 6) + \
        struct.pack("<I", 0)
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd
    app1 = b"Exif\0\0" + tiff
    write("rotated.jpg", jpg[:2] + b"\xff\xe1" +
          struct.pack(">H", len(app1) + 2) + app1 + jpg[2:])


if __name__ == "__main__":
    main()
