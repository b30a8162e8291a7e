#!/bin/sh
# Images end to end: every kind of PNG is decoded by briefpack itself and
# embedded as 8-bit pixels (16-bit and interlaced PNGs print exactly as
# their 8-bit originals), transparency becomes a compressed soft mask, and
# a bad image is a located error before anything is written, or, when only
# decoding finds it, an error that names the file. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
IMG=$PWD/tests/image
. "$(dirname "$0")/lib.sh"

# A roundtable whose one speaker has photos/face.EXT, in its own folder;
# the speakers' page is page 3.
briefing() { # dir, image file, extension
    mkdir -p "$1/photos"
    cp "$2" "$1/photos/face.$3"
    cat > "$1/rt.yaml" <<YAML
title: Images
date: 2022-03-08
summary: A briefing with one photo.
speakers:
  - name: Ada Lovelace
    role: Analyst
    photo: photos/face.$3
YAML
}

# Both briefings built without a message, every page rendered (poppler) to
# the same pixels, and the photo is in the PDF.
same_pixels() { # name, image A, image B
    briefing "$T/a-$1" "$2" png
    briefing "$T/b-$1" "$3" png
    "$BP" -o "$T/a-$1.pdf" "$T/a-$1/rt.yaml" 2> "$T/a-$1.err" &&
        "$BP" -o "$T/b-$1.pdf" "$T/b-$1/rt.yaml" 2> "$T/b-$1.err" || return 1
    test ! -s "$T/a-$1.err" && test ! -s "$T/b-$1.err" || return 1
    pdftoppm -r 60 -png "$T/a-$1.pdf" "$T/a-$1-page" &&
        pdftoppm -r 60 -png "$T/b-$1.pdf" "$T/b-$1-page" || return 1
    n=0
    for p in "$T/a-$1-page"*.png; do
        cmp -s "$p" "$(echo "$p" | sed "s|/a-$1-page|/b-$1-page|")" || return 1
        n=$((n + 1))
    done
    test "$n" -ge 1 && pdfimages -list "$T/b-$1.pdf" | grep -q ' 48    48 '
}

check "a 16-bit PNG prints the same pixels as its 8-bit original" \
    same_pixels rgb16 "$IMG/rgb8.png" "$IMG/rgb16.png"
check "a 16-bit PNG with alpha prints as its 8-bit original" \
    same_pixels rgba16 "$IMG/rgba8.png" "$IMG/rgba16.png"
check "an interlaced PNG prints as its plain original" \
    same_pixels interlaced "$IMG/rgb8.png" "$IMG/interlaced.png"
check "an opaque alpha channel prints as no alpha channel" \
    same_pixels opaque "$IMG/rgb8.png" "$IMG/rgba-opaque.png"
# and the 16-bit PDF holds the very same image stream, byte for byte
images() { # pdf: every image XObject's dictionary and compressed data
    qpdf --json --json-stream-data=inline --decode-level=none "$1" 2>/dev/null | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
for o in objs.values():
    st = o.get("stream", {})
    d = st.get("dict", {})
    if d.get("/Subtype") == "/Image":
        d = {k: v for k, v in d.items() if k not in ("/Length", "/SMask")}
        print(sorted(d.items()), st.get("data"))
'
}
images "$T/a-rgb16.pdf" > "$T/a-rgb16.images"
images "$T/b-rgb16.pdf" > "$T/b-rgb16.images"
check "a 16-bit PNG embeds the same bytes as its 8-bit original" \
    sh -c "test -s '$T/a-rgb16.images' && cmp '$T/a-rgb16.images' '$T/b-rgb16.images'"

# Every kind builds, reads back cleanly, and shows its image.
for kind in palette.png gray-alpha.png gray1.png rgba8.png photo.jpg \
            progressive.jpg gray.jpg; do
    ext=${kind##*.}
    d="$T/kind-${kind%.*}"
    briefing "$d" "$IMG/$kind" "$ext"
    check "$kind builds without messages" sh -c "'$BP' -o '$d.pdf' '$d/rt.yaml' 2> '$d.err' && test ! -s '$d.err'"
    check "$kind: qpdf --check" qpdf --check "$d.pdf"
    check "$kind: pdfimages lists it" sh -c "pdfimages -list '$d.pdf' | grep -q ' 48    48 '"
done

# Transparency: a grey soft mask, Flate-compressed, for alpha and tRNS.
smask() { # pdf: an image with a soft mask, the mask 8-bit grey and Flate
    qpdf --json "$1" | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
found = 0
for o in objs.values():
    d = o.get("stream", {}).get("dict", {})
    if d.get("/Subtype") != "/Image" or "/SMask" not in d:
        continue
    m = objs["obj:" + d["/SMask"]]["stream"]["dict"]
    assert m.get("/ColorSpace") == "/DeviceGray", m
    assert m.get("/BitsPerComponent") == 8, m
    assert m.get("/Filter") in ("/FlateDecode", ["/FlateDecode"]), m
    assert m.get("/Width") == d.get("/Width"), m
    found += 1
sys.exit(0 if found else 1)
'
}
check "gray+alpha PNG: a compressed grey /SMask" smask "$T/kind-gray-alpha.pdf"
check "palette PNG with tRNS: a compressed grey /SMask" smask "$T/kind-palette.pdf"
check "RGBA PNG: a compressed grey /SMask" smask "$T/kind-rgba8.pdf"
check "an opaque PNG has no /SMask" sh -c "qpdf --qdf --object-streams=disable '$T/a-rgb16.pdf' '$T/plain.qdf' && ! grep -aq /SMask '$T/plain.qdf'"

# Bad images: one located message each, exit status 1, no PDF.
bad() { # name, image, extension, expected message (after FILE:7:12: error: )
    d="$T/bad-$1"
    briefing "$d" "$2" "$3"
    printf 'old' > "$d.pdf"
    "$BP" -o "$d.pdf" "$d/rt.yaml" 2> "$d.err"
    status=$?
    want="$d/rt.yaml:7:12: error: $4"
    if [ "$status" -eq 1 ] && [ "$(cat "$d.err")" = "$want" ] && [ "$(cat "$d.pdf")" = old ]; then
        pass "$1: a located error, exit 1, the old PDF kept"
    else
        fail "$1: a located error, exit 1, the old PDF kept" "status $status: $(cat "$d.err") (wanted: $want)"
    fi
}
bad text-as-png "$IMG/text.png" png \
    "photo \`photos/face.png\` is not a readable PNG: not a PNG file (it starts with \`This is not a pi…\`)"
bad truncated-png "$IMG/truncated.png" png \
    "photo \`photos/face.png\` is not a readable PNG: the file is truncated (it ends inside its image data)"
bad header-bomb "$IMG/bomb.png" png \
    "photo \`photos/face.png\` is too large: 100000 × 100000 pixels; an image may have at most 20000 pixels a side and 40 million in all"
bad cmyk-jpeg "$IMG/cmyk.jpg" jpg \
    "photo \`photos/face.jpg\` cannot be used: it is a CMYK JPEG (a print-shop colour format that PDF readers show in varying colours); save it as an RGB JPEG or as a PNG"
bad truncated-jpeg "$IMG/truncated.jpg" jpg \
    "photo \`photos/face.jpg\` is not a readable JPEG: the file is truncated (it ends inside its image data)"
bad arithmetic-jpeg "$IMG/arithmetic.jpg" jpg \
    "photo \`photos/face.jpg\` cannot be used: it is an arithmetic-coded JPEG, which PDF readers cannot show; save it as an ordinary (baseline) JPEG"

# Damage only a full decode finds: --check finds it too, at the line that
# names the file, and a build leaves no PDF.
d="$T/short"
briefing "$d" "$IMG/short-data.png" png
want="$d/rt.yaml:7:12: error: photo \`photos/face.png\` is not a readable PNG: its picture data is damaged; open it in an image editor and save it again (libpng: Not enough image data)"
"$BP" --check "$d/rt.yaml" 2> "$d.check"
status=$?
if [ "$status" -eq 1 ] && [ "$(cat "$d.check")" = "$want" ]; then
    pass "--check decodes images: damaged pixel data is an error at its line"
else
    fail "--check decodes images: damaged pixel data is an error at its line" "status $status: $(cat "$d.check") (wanted: $want)"
fi
"$BP" -o "$d.pdf" "$d/rt.yaml" 2> "$d.err"
status=$?
if [ "$status" -eq 1 ] && [ "$(cat "$d.err")" = "$want" ] && [ ! -e "$d.pdf" ]; then
    pass "a PNG damaged inside its data: the error is at its line, no PDF"
else
    fail "a PNG damaged inside its data: the error is at its line, no PDF" "status $status: $(cat "$d.err") (wanted: $want)"
fi

# A phone photo stored on its side: a warning, and the PDF is built.
d="$T/rotated"
briefing "$d" "$IMG/rotated.jpg" jpg
check "an EXIF-rotated JPEG: a warning, and a PDF" sh -c "'$BP' -o '$d.pdf' '$d/rt.yaml' 2> '$d.err'; test \$? -eq 0 && test -s '$d.pdf' && grep -q '^$d/rt.yaml:7:12: warning: photo .photos/face.jpg. is stored on its side (EXIF orientation 6)' '$d.err'"
