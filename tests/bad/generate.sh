#!/bin/sh
# Writes the bad files too big to keep in git into DIR (they are named
# gen/NAME.yaml in expected.tsv): each is over one of the limits of
# docs/format.md by one, or far over to show the refusal is quick.
set -eu
dir=${1:?usage: generate.sh DIR}
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
head = "title: Limits\ndate: 2022-03-08\n"
def w(name, text):
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)
# 1,001 questions: the limit is 1,000 (the message is at the 1,001st)
w("too-many-questions.yaml", head + "questions:\n" +
  "".join(f"  - question: Question {i}?\n" for i in range(1, 1002)))
# 1,001 speakers, in flow style
w("too-many-speakers.yaml", head + "speakers: [" +
  ", ".join(f"{{name: Speaker {i}}}" for i in range(1, 1002)) + "]\n")
# 10,001 takeaways under one question
w("too-many-takeaways.yaml", head + "questions:\n  - question: Many?\n    takeaways: [" +
  ",".join("t" for _ in range(10001)) + "]\n")
# 10,001 e-mail addresses in one contact field
w("too-many-contacts.yaml", head + "speakers:\n  - name: Busy\n    email: [" +
  ",".join(f"a{i}@example.org" for i in range(10001)) + "]\n")
# one text of 1 MiB + 1 byte
w("too-long-value.yaml", head + "summary: " + "a" * (1024 * 1024 + 1) + "\n")
# 101 lists of 10,000 texts: more than 1,000,000 values
w("too-many-values.yaml", head + "keywords: [" +
  ",".join("[" + ",".join("k" for _ in range(10000)) + "]" for _ in range(101)) + "]\n")
# nesting 100,000 deep: refused at level 33, and at once
w("deep-nesting-huge.yaml", head + "summary: " + "[" * 100000 + "\n")
# 150 unknown keys: the first 100 are shown, then one line says so
w("too-many-problems.yaml", head + "".join(f"unknown{i}: x\n" for i in range(150)))
# 45,000 HTML tags and links on one line of text, and 20,000 paragraphs
# each with a tag and a broken link: every place is found in one pass
# (places used to be found from the value's start each time: minutes)
w("md-many-places.yaml", head + "summary: " +
  "w <b>x</b> [a](#nope) " * 45000 + "\n")
w("md-many-paragraphs.yaml", head + "summary: |\n" +
  "".join(f"  para {i} <i>y</i> [l](#nope)\n\n" for i in range(20000)))
# a file over 16 MiB (of comments)
with open(os.path.join(d, "too-large-file.yaml"), "w") as f:
    f.write(head)
    line = "# " + "x" * 97 + "\n"
    f.write(line * (16 * 1024 * 1024 // len(line) + 10))
PY
