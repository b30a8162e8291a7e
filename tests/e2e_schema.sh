#!/bin/sh
# data/briefpack.schema.json against every example, edge case and bad file,
# with a real validator (python3-jsonschema), its verdicts compared with
# `briefpack --check` (tests/schema_check.py). Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
cd "$(dirname "$0")/.."
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
    echo "FAIL schema: python3-yaml and python3-jsonschema are needed (make test-deps)"
    exit 0
fi
python3 tests/schema_check.py "$BP" 2>&1 | sed 's/^Traceback/FAIL schema: tests\/schema_check.py crashed: Traceback/'
