#!/bin/sh
# Opens a PDF with Mozilla's pdf.js in headless Chromium and prints the JSON
# report of run.mjs (outline, page 1's text, every warning pdf.js printed):
#     sh tests/pdfjs/run.sh [--screenshot OUT.png] [--size WxH] [--timeout S] FILE.pdf
# e.g. the screenshot in docs/:
#     build/briefpack -o /tmp/seed.pdf examples/techuk-2022-03-08.yaml
#     sh tests/pdfjs/run.sh --screenshot docs/pdfjs-seed.png /tmp/seed.pdf
# Installs pdfjs-dist (the version pinned in package.json, from
# package-lock.json) with `npm ci` the first time. Needs node, npm and
# Chromium (Debian's `chromium`, or $CHROMIUM): `make test-deps` installs them.
# Exit status: 0 when pdf.js finished (the report says whether it warned),
# 1 when it failed or timed out, 2 when something needed is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)

for tool in node npm "${CHROMIUM:-chromium}"; do
    if ! command -v "$tool" > /dev/null 2>&1; then
        echo "pdfjs/run.sh: $tool is not installed (make test-deps installs it)" >&2
        exit 2
    fi
done

# pdfjs-dist as pinned in package.json, installed with npm ci when missing
sh "$here/../npm_pinned.sh" "$here" pdfjs-dist || exit 2

# run.mjs has its own time limit (--timeout, 90 s by default); this one is
# for the case where node itself hangs
exec timeout -k 5 $((300 + 60 * $#)) node "$here/run.mjs" "$@"
