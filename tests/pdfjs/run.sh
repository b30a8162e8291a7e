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

# pdfjs-dist as pinned: (re)installed when missing or of another version;
# under a lock, so that two runs at once do not install over each other.
pinned() {
    node -e 'const d = require(process.argv[1]).dependencies["pdfjs-dist"];
             let v = null; try { v = require(process.argv[2]).version; } catch {}
             process.exit(v === d ? 0 : 1)' \
        "$here/package.json" "$here/node_modules/pdfjs-dist/package.json" 2> /dev/null
}
if ! pinned; then
    (
        if command -v flock > /dev/null 2>&1; then flock -w 600 9 || exit 1; fi
        pinned && exit 0
        log=$(mktemp)
        (cd "$here" && timeout 540 npm ci --no-audit --no-fund --loglevel=error) > "$log" 2>&1
        status=$?
        if [ "$status" -ne 0 ]; then cat "$log" >&2; fi
        rm -f "$log"
        exit "$status"
    ) 9> "$here/.install.lock"
    if ! pinned; then
        echo "pdfjs/run.sh: npm ci in $here did not install pdfjs-dist" >&2
        exit 2
    fi
fi

# run.mjs has its own time limit (--timeout, 90 s by default); this one is
# for the case where node itself hangs
exec timeout -k 5 $((300 + 60 * $#)) node "$here/run.mjs" "$@"
