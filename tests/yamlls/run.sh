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

# yaml-language-server as pinned in package.json, installed with npm ci when missing
sh "$here/../npm_pinned.sh" "$here" yaml-language-server || exit 2

exec node "$here/node_modules/yaml-language-server/bin/yaml-language-server" "$@"
