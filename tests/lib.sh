# Shared by the tests/e2e*.sh scripts (sourced): a temporary folder $T,
# removed on exit, and PASS/FAIL lines that tests/run.sh counts.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }
check() { # name, then a command that must succeed
    name=$1
    shift
    if "$@" > "$T/out" 2> "$T/err"; then pass "$name"; else fail "$name" "$(head -c 600 "$T/err" "$T/out" | tr '\n' ' ')"; fi
}
