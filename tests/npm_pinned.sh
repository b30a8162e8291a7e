#!/bin/sh
# Installs an npm package as a test pins it, when it is missing or of
# another version:
#     sh tests/npm_pinned.sh DIR PACKAGE
# DIR holds package.json (the pinned version) and package-lock.json;
# `npm ci` installs from the lock into DIR/node_modules, under a lock file
# so that two runs at once do not install over each other. Used by
# tests/pdfjs/run.sh (pdfjs-dist) and tests/yamlls/run.sh
# (yaml-language-server). Exit status 0 when the pinned version is there,
# 2 when it could not be installed (npm's messages on stderr).
set -u
dir=$1
package=$2

pinned() {
    node -e 'const d = require(process.argv[1]).dependencies[process.argv[3]];
             let v = null; try { v = require(process.argv[2]).version; } catch {}
             process.exit(v === d ? 0 : 1)' \
        "$dir/package.json" "$dir/node_modules/$package/package.json" "$package" 2> /dev/null
}
pinned && exit 0
(
    if command -v flock > /dev/null 2>&1; then flock -w 600 9 || exit 1; fi
    pinned && exit 0
    log=$(mktemp)
    (cd "$dir" && timeout 540 npm ci --no-audit --no-fund --loglevel=error) > "$log" 2>&1
    status=$?
    if [ "$status" -ne 0 ]; then cat "$log" >&2; fi
    rm -f "$log"
    exit "$status"
) 9> "$dir/.install.lock"
if ! pinned; then
    echo "$(basename "$dir")/run.sh: npm ci in $dir did not install $package" >&2
    exit 2
fi
