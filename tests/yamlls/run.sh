#!/bin/sh
# Runs the YAML language server (npm yaml-language-server, the version
# pinned in package.json, installed from package-lock.json with `npm ci` the
# first time) over stdio, as an editor does:
#     sh tests/yamlls/run.sh --stdio
# Needs node and npm (make test-deps). Exit status 2 when something needed
# is missing; otherwise the server's.
set -u
here=$(cd "$(dirname "$0")" && pwd)

for tool in node npm; do
    if ! command -v "$tool" > /dev/null 2>&1; then
        echo "yamlls/run.sh: $tool is not installed (make test-deps installs it)" >&2
        exit 2
    fi
done

# yaml-language-server as pinned: (re)installed when missing or of another
# version; under a lock, so that two runs at once do not install over each
# other.
pinned() {
    node -e 'const d = require(process.argv[1]).dependencies["yaml-language-server"];
             let v = null; try { v = require(process.argv[2]).version; } catch {}
             process.exit(v === d ? 0 : 1)' \
        "$here/package.json" "$here/node_modules/yaml-language-server/package.json" 2> /dev/null
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
        echo "yamlls/run.sh: npm ci in $here did not install yaml-language-server" >&2
        exit 2
    fi
fi

exec node "$here/node_modules/yaml-language-server/bin/yaml-language-server" "$@"
