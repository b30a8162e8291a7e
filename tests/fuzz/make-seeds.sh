#!/bin/sh
# Makes the seed corpus of the fuzz targets in DIR (default
# build-fuzz/seeds): every example, the test fixtures, the loader's test
# files, the bad corpus (tests/bad/, the generated files too), the brand
# files, the fuzz regressions, and a few files that name what the fuzz folder
# holds (photos/a.png, brand.yaml, …; see fuzz_env.h). Files larger than
# 64 KiB are left out (libFuzzer's -max_len in run.sh).
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-fuzz/seeds}
rm -rf "$out"
mkdir -p "$out"
n=0
add() { # $1 = file, $2 = name in the corpus
    [ -f "$1" ] || return 0
    [ "$(wc -c < "$1")" -le 65536 ] || return 0
    cp "$1" "$out/$2"
    n=$((n + 1))
}
for f in examples/*.yaml examples/pack/*.yaml examples/pack/roundtables/*.yaml \
         tests/fixtures/*.yaml tests/load/*.yaml \
         tests/load/brands/*.yaml data/brands/*.yaml tests/bad/*.yaml \
         tests/bad/brands/*.yaml tests/fuzz/regressions/*; do
    case $f in *.tsv) continue ;; esac
    add "$f" "$(echo "$f" | tr '/' '_')"
done
# the generated bad files (too many questions, billion laughs, …)
if [ -x tests/bad/generate.sh ] || [ -f tests/bad/generate.sh ]; then
    g=$(mktemp -d)
    sh tests/bad/generate.sh "$g" > /dev/null
    for f in "$g"/*; do add "$f" "gen_$(basename "$f")"; done
    rm -rf "$g"
fi
# what the fuzz folder holds, named from a file
cat > "$out/seed-paths.yaml" <<'YAML'
title: Paths the fuzz folder holds
date: 2022-03-08
brand: brand.yaml
speakers:
  - name: Ada Lovelace
    photo: photos/a.png
    email: [ada@example.org, "ada@example.org"]
  - name: Grace Hopper
    photo: photos/b.jpg
    twitter: "@grace,@grace"
  - name: Text named PNG
    photo: photos/text.png
  - name: Folder named PNG
    photo: photos/dir.png
  - name: Link out
    photo: photos/out.png
YAML
cat > "$out/seed-markdown.yaml" <<'YAML'
title: Markdown everywhere
date: 2022-03-08
language: en-US
summary: |
  A paragraph with *emphasis*, **strong**, `code`, a [link](https://example.org),
  an <https://example.org> autolink and a [jump](#q1).

  - one
    - nested
  1. numbered

  > quoted
questions:
  - question: What *now*? See [the notes](#next-steps).
    takeaways:
      - A takeaway with `code`.
      - point: A point
        points: [one, two]
    notes: >
      Folded notes
      over lines.
next_steps: "Double \"quoted\" with an escape\u2014dash."
actions:
  - action: Do it
    owner: Someone
    due: 2024-02-29
YAML
cat > "$out/seed-pack.yaml" <<'YAML'
format: briefpack/1
title: A pack of what the fuzz folder holds
date: 2022-06-01
classification: OFFICIAL
brand: brand.yaml
cover_note: A *short* note.
roundtables:
  - item.yaml
  - pack.yaml
  - item.yaml
YAML
n=$((n + 3))
echo "$n seeds in $out"
