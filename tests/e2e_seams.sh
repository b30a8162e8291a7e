#!/bin/sh
# The house as the pipeline (issue 17): arrows one way, private headers
# private, libharu behind src/pdf/, files and functions of a readable size
# (tests/seams_check.py), each check seen to fail on a tree broken on
# purpose. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
check "seams: no arrow up, no circle, libharu behind src/pdf/, no file over 800 lines, no function over 120" python3 tests/seams_check.py .
check "seams: every check fails on a tree broken on purpose" python3 tests/seams_check.py . --self-test
