#!/bin/sh
# The editor helps as much as --check can (issue 14): the YAML language
# server (npm yaml-language-server, pinned in tests/yamlls/, installed by
# tests/yamlls/run.sh with `npm ci`) driven over stdio with the schema:
# no diagnostic on any example, the bad corpus found in words for people,
# completions and hovers, the starters' modelines (tests/editor_check.py).
# Needs node and npm (make test-deps). Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
cd "$(dirname "$0")/.."
if ! python3 -c 'import yaml' 2> /dev/null; then
    echo "FAIL editor: python3-yaml is needed (make test-deps)"
    exit 0
fi
timeout -k 5 600 python3 tests/editor_check.py "$BP" 2>&1 |
    sed 's/^Traceback/FAIL editor: tests\/editor_check.py crashed: Traceback/'
