#!/bin/sh
# At home on a user's machine (issue 14): `make install` into a DESTDIR, the
# installed tree moved elsewhere and still building every example with the
# same bytes as the clone's build; a binary copied away from its data saying
# which folders it searched, and BRIEFPACK_ROOT pointing it at the data; the
# man pages (`man` finds both, briefpack(1) and --help list the same
# options); the bash, zsh and fish completions loaded from where they were
# installed; `make uninstall` leaving nothing. $1 is the briefpack binary:
# its build folder is installed. With the normal build (build/briefpack)
# also the issue's own run: a copy of the sources installed with
# PREFIX=/usr, the copy moved away, every example built by the installed
# binary. Prints PASS/FAIL lines.
set -u
BP=${1:-build/briefpack}
. "$(dirname "$0")/lib.sh"
BUILD_DIR=$(dirname "$BP")
case $BP in /*) ;; *) BP=$PWD/$BP ;; esac
ROOT=$PWD
EXAMPLES="examples/techuk-2022-03-08.yaml examples/digital-forensics-2022-04-12.yaml examples/net-zero-estates-2022-09-20.yaml examples/pack/public-safety-pack.yaml"

# the examples as the clone's binary builds them: what every installed copy
# must give, byte for byte
mkdir -p "$T/ref"
for f in $EXAMPLES; do
    (cd "$T/ref" && "$BP" -o "$(basename "$f" .yaml).pdf" "$ROOT/$f") 2> /dev/null
done

# Builds every example with binary $2 (from another folder: nothing may
# come from the clone by accident; BRIEFPACK_ROOT set only to $3) and
# compares with the clone's.
same_examples() { # name, binary[, BRIEFPACK_ROOT]
    mkdir -p "$T/run" && rm -f "$T/run"/*.pdf
    ok=1
    for f in $EXAMPLES; do
        n=$(basename "$f" .yaml)
        (cd "$T/run" && env -u BRIEFPACK_ROOT ${3:+BRIEFPACK_ROOT="$3"} "$2" -o "$n.pdf" "$ROOT/$f") 2> "$T/run.err" || ok=0
        cmp -s "$T/run/$n.pdf" "$T/ref/$n.pdf" || ok=0
    done
    if [ $ok = 1 ]; then pass "$1"; else fail "$1" "$(head -c 400 "$T/run.err")"; fi
}

# --- make install, the tree moved -------------------------------------------
D=$T/dest
if make -s install BUILD="$BUILD_DIR" DESTDIR="$D" > "$T/install.log" 2>&1; then
    pass "make install DESTDIR=… (build $BUILD_DIR)"
else
    fail "make install DESTDIR=… (build $BUILD_DIR)" "$(tail -c 600 "$T/install.log")"
fi
P=$D/usr/local
check "the binary in bin/, the data in share/briefpack/" sh -c "
    test -x '$P/bin/briefpack' &&
    test -f '$P/share/briefpack/data/brands/techuk.yaml' &&
    test -f '$P/share/briefpack/data/brands/logos/techuk.png' &&
    test -f '$P/share/briefpack/data/icc/sRGB.icc' &&
    test -f '$P/share/briefpack/data/briefpack.schema.json' &&
    test -f '$P/share/briefpack/fonts/LiberationSans-Regular.ttf' &&
    test -f '$P/share/briefpack/fonts/LICENSE-OFL.txt' &&
    test -f '$P/share/man/man1/briefpack.1' &&
    test -f '$P/share/man/man5/briefpack-format.5' &&
    test -f '$P/share/bash-completion/completions/briefpack' &&
    test -f '$P/share/zsh/site-functions/_briefpack' &&
    test -f '$P/share/fish/vendor_completions.d/briefpack.fish' &&
    ! find '$D' -name '*.py' | grep -q ."
same_examples "the installed binary builds every example, byte for byte as the clone's" "$P/bin/briefpack"
mv "$D" "$T/moved"
M=$T/moved/usr/local
same_examples "the install tree moved elsewhere still builds every example, the same bytes" "$M/bin/briefpack"
check "the moved binary lists the brands" sh -c "env -u BRIEFPACK_ROOT '$M/bin/briefpack' --list-brands | cut -f1 | tr '\n' ' ' | grep -qx 'default techuk whitehall '"

# --- a binary away from its data -------------------------------------------
mkdir -p "$T/lonely/bin"
cp "$M/bin/briefpack" "$T/lonely/bin/"
if [ -d /usr/local/share/briefpack/data/brands ]; then
    # this machine has a real install where the binary would look next
    pass "a binary away from its data (not checked: /usr/local/share/briefpack exists here)"
else
    (cd "$T" && env -u BRIEFPACK_ROOT "$T/lonely/bin/briefpack" -o x.pdf "$ROOT/examples/techuk-2022-03-08.yaml") > "$T/lonely.out" 2>&1
    status=$?
    check "a binary away from its data: exit status 1 and no PDF" sh -c "test $status -eq 1 && test ! -e '$T/x.pdf'"
    check "… and the message names every folder searched and BRIEFPACK_ROOT" sh -c "
        grep -q 'cannot find its data' '$T/lonely.out' &&
        grep -q '^    $T/lonely/share/briefpack  (an install' '$T/lonely.out' &&
        grep -q '^    $T/lonely  (a clone' '$T/lonely.out' &&
        grep -q '^    /usr/local/share/briefpack  (PREFIX' '$T/lonely.out' &&
        grep -q 'BRIEFPACK_ROOT  (not set)' '$T/lonely.out' &&
        grep -q 'set BRIEFPACK_ROOT to the folder that holds data/ and fonts/' '$T/lonely.out'"
    check "--list-brands away from its data says so too (exit status 1)" sh -c "
        env -u BRIEFPACK_ROOT '$T/lonely/bin/briefpack' --list-brands > '$T/lb.out' 2> '$T/lb.err'; test \$? -eq 1 && grep -q 'looked in' '$T/lb.err' && test ! -s '$T/lb.out'"
fi
same_examples "BRIEFPACK_ROOT points a binary away from its data at it" "$T/lonely/bin/briefpack" "$M/share/briefpack"

# --- man pages ------------------------------------------------------------------
if command -v man > /dev/null 2>&1; then
    MANPATH=$M/share/man MANWIDTH=100 man briefpack > "$T/man1.txt" 2> /dev/null
    MANPATH=$M/share/man MANWIDTH=100 man 5 briefpack-format > "$T/man5.txt" 2> /dev/null
    check "man briefpack shows briefpack(1): options, exit status, environment, files, examples" sh -c "
        for s in NAME SYNOPSIS OPTIONS COMMANDS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do grep -q \"^\$s\" '$T/man1.txt' || exit 1; done
        grep -q BRIEFPACK_ROOT '$T/man1.txt' && grep -q SOURCE_DATE_EPOCH '$T/man1.txt'"
    check "man 5 briefpack-format shows docs/format.md (every key of the roundtable table)" python3 - "$T/man5.txt" "$ROOT/docs/format.md" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
keys = re.findall(r"^\| `([a-z_]+)` \|", doc, re.M)
missing = [k for k in keys if not re.search(r"\b%s\b" % re.escape(k), page)]
heads = re.findall(r"^#+ (.+)$", doc, re.M)
lost = [h for h in heads if h.strip() not in page]
assert len(keys) > 30 and not missing and not lost and "briefpack-format - " in page, (missing, lost)
PY
    check "briefpack(1) and --help list the same options, with the same arguments" python3 - "$BP" "$T/man1.txt" "$ROOT/src/cli/main.c" <<'PY'
import re, subprocess, sys
bp, man, main_c = sys.argv[1:4]
def options(text):
    found = set()
    for line in text.splitlines():
        m = re.match(r"^ {2,8}((?:-\w, )?--[a-z-]+)(?: ([A-Z][A-Za-z|./]*))?(?:\s|$)", line)
        if m:
            found.add((m.group(1), m.group(2) or ""))
    return found
help_text = subprocess.run([bp, "--help"], capture_output=True, text=True).stdout
page = open(man).read()
opts = page.split("\nOPTIONS\n", 1)[1].split("\nCOMMANDS\n", 1)[0]
h, m = options(help_text), options(opts)
table = set(re.findall(r'\{"([a-z-]+)", (?:no|required)_argument', open(main_c).read()))
longs = {o.split("--")[1] for o, _ in h}
statuses_help = set(re.findall(r"\b(0|1|2|129|130|143)\b", help_text.split("Exit status:", 1)[1].split("\n\n", 1)[0]))
statuses_man = set(re.findall(r"^ {7}(\d+)", page.split("\nEXIT STATUS\n", 1)[1].split("\nENVIRONMENT\n", 1)[0], re.M)) | \
    set(re.findall(r"\b(129|130|143)\b", page.split("\nEXIT STATUS\n", 1)[1].split("\nENVIRONMENT\n", 1)[0]))
assert len(h) >= 14, h
assert h == m, ("only in --help", sorted(h - m), "only in the man page", sorted(m - h))
assert longs == table, ("--help and the getopt table", sorted(longs ^ table))
assert statuses_help == statuses_man, (statuses_help, statuses_man)
PY
else
    fail "man is installed (make test-deps)"
fi

# --- completions, loaded from where make install put them ----------------------
# every long option --help lists, and brand names from --list-brands
"$BP" --help | sed -n 's/^ \{2,8\}\(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort > "$T/longs"
printf 'default\ntechuk\nwhitehall\n' > "$T/brands"
mkdir -p "$T/cwd/sub" "$T/fishhome" && : > "$T/cwd/one.yaml" && : > "$T/cwd/two.yml" && : > "$T/cwd/notes.txt" && : > "$T/cwd/old.pdf"
export PATH="$M/bin:$PATH"
unset BRIEFPACK_ROOT
if command -v bash > /dev/null 2>&1 && [ -f /usr/share/bash-completion/bash_completion ]; then
    cat > "$T/bash.sh" <<'EOF'
. /usr/share/bash-completion/bash_completion
_completion_loader briefpack    # found in $XDG_DATA_DIRS/bash-completion/completions
complete -p briefpack > /dev/null || exit 3
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _briefpack; printf '%s\n' "${COMPREPLY[@]}" | sort; }
case $1 in
    longs) t briefpack -- ;;
    brands) t briefpack --brand "" | grep -v -e '\.y' -e sub ;;
    files) t briefpack "" ;;
    new) t briefpack new -- ;;
esac
EOF
    check "bash: the completion loads and offers every long option" sh -c "cd '$T/cwd' && XDG_DATA_DIRS='$M/share' bash '$T/bash.sh' longs | diff - '$T/longs'"
    check "bash: --brand offers the shipped brands" sh -c "cd '$T/cwd' && XDG_DATA_DIRS='$M/share' bash '$T/bash.sh' brands | diff - '$T/brands'"
    check "bash: an input is a YAML file (or new, or a folder)" sh -c "cd '$T/cwd' && XDG_DATA_DIRS='$M/share' bash '$T/bash.sh' files | tr '\n' ' ' | grep -qx 'new one.yaml sub two.yml '"
    check "bash: new offers --pack and --brand" sh -c "cd '$T/cwd' && XDG_DATA_DIRS='$M/share' bash '$T/bash.sh' new | tr '\n' ' ' | grep -qx -- '--brand --pack '"
else
    fail "bash and bash-completion are installed (make test-deps)"
fi
if command -v zsh > /dev/null 2>&1; then
    zc() { (cd "$T/cwd" && timeout 30 zsh -f "$ROOT/tests/zsh_complete.zsh" "$M/share/zsh/site-functions" "$1") | grep -v '^$' | sort -u; }
    zc 'briefpack --' > "$T/zsh.longs"
    check "zsh: the completion loads and offers every long option" diff "$T/zsh.longs" "$T/longs"
    zc 'briefpack --brand ' | grep -v -e '\.y' -e sub > "$T/zsh.brands"
    check "zsh: --brand offers the shipped brands" diff "$T/zsh.brands" "$T/brands"
    check "zsh: an input is a YAML file (or new, or a folder)" sh -c "test \"\$(cd '$T/cwd' && timeout 30 zsh -f '$ROOT/tests/zsh_complete.zsh' '$M/share/zsh/site-functions' 'briefpack ' | grep -v '^\$' | sort | tr '\n' ' ')\" = 'new one.yaml sub two.yml '"
else
    fail "zsh is installed (make test-deps)"
fi
if command -v fish > /dev/null 2>&1; then
    fc() { (cd "$T/cwd" && XDG_DATA_DIRS=$M/share HOME=$T/fishhome timeout 30 fish -c "complete -C'$1'") | cut -f1 | sort; }
    fc 'briefpack --' > "$T/fish.longs"
    check "fish: the completion loads and offers every long option" diff "$T/fish.longs" "$T/longs"
    fc 'briefpack --brand ' | grep -v -e '\.y' -e sub > "$T/fish.brands"
    check "fish: --brand offers the shipped brands" diff "$T/fish.brands" "$T/brands"
    check "fish: an input is a YAML file (or new, or a folder)" sh -c "test \"\$(cd '$T/cwd' && XDG_DATA_DIRS='$M/share' HOME='$T/fishhome' fish -c \"complete -C'briefpack '\" | cut -f1 | sort | tr '\n' ' ')\" = 'new one.yaml sub/ two.yml '"
else
    fail "fish is installed (make test-deps)"
fi

# --- make uninstall ---------------------------------------------------------------
mv "$T/moved" "$D"
make -s uninstall BUILD="$BUILD_DIR" DESTDIR="$D" > "$T/uninstall.log" 2>&1
check "make uninstall leaves no file behind" sh -c "test -z \"\$(find '$D' -type f)\""

# --- the issue's run: a fresh copy, PREFIX=/usr, the copy moved away -----------
if [ "$BUILD_DIR" = build ]; then
    mkdir -p "$T/clone"
    git ls-files -co --exclude-standard -z | grep -zv '^tests/.*/node_modules/' |
        xargs -0 cp --parents -t "$T/clone" 2> /dev/null
    if (cd "$T/clone" && make -s install DESTDIR="$T/x" PREFIX=/usr) > "$T/fresh.log" 2>&1; then
        pass "a copy of the sources: make install DESTDIR=… PREFIX=/usr"
    else
        fail "a copy of the sources: make install DESTDIR=… PREFIX=/usr" "$(tail -c 600 "$T/fresh.log")"
    fi
    mv "$T/clone" "$T/clone-moved-away"
    same_examples "with the copy moved away, its installed binary builds every example (the same bytes)" "$T/x/usr/bin/briefpack"
    check "PREFIX=/usr puts the zsh completion where Debian's zsh looks, or site-functions" sh -c "ls '$T/x/usr/share/zsh/vendor-completions/_briefpack' '$T/x/usr/share/zsh/site-functions/_briefpack' 2> /dev/null | grep -q ."
fi
