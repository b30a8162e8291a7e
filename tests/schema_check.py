#!/usr/bin/env python3
"""data/briefpack.schema.json against the files briefpack reads.

Usage: schema_check.py BRIEFPACK

Each file is read as an editor's YAML language server reads it (YAML 1.2
core schema: `2022-03-08` stays text, only true/false are booleans) and
validated with jsonschema's Draft202012Validator. Then:

- every example, fixture and shipped brand must be valid, and
  `briefpack --check` must accept it too;
- a few edge cases written below must get the same verdict from both;
- every file of the bad corpus (tests/bad/, its table tests/bad/expected.tsv,
  and tests/bad/brands/) must be refused, by the schema or by the YAML reader
  before it (a syntax error is shown in the editor too), and by
  `briefpack --check` -- except the files in EXCEPTIONS, whose error only
  briefpack can see: those must pass the schema (so the list stays honest).

Prints PASS/FAIL lines (TODO for a known gap of briefpack, as in
tests/e2e_bad.sh).
"""
import json
import os
import re
import resource
import subprocess
import sys
import tempfile

import yaml
from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "data", "briefpack.schema.json")

# The bad files the schema cannot refuse, and why. Paths are relative to
# tests/bad/ (gen/ for generate.sh's files).
EXCEPTIONS = {
    # YAML itself hides these: a reader expands aliases and keeps the last of
    # two equal keys before any schema sees the data.
    "anchors-aliases.yaml": "aliases are expanded by the YAML reader",
    "duplicate-keys.yaml": "the YAML reader keeps the last of two equal keys",
    # Markdown is one text to the schema; only a Markdown parser sees blocks.
    # which languages have a catalog (data/lang/) is briefpack's data
    "language-no-catalog.yaml": "no catalog for the language",
    # the schema takes a file of a brand's keys (and no title or date) for
    # a brand, as it is; only briefpack knows it was given as a roundtable
    "brand-as-roundtable.yaml": "a brand file given as a roundtable",
    "md-heading.yaml": "Markdown",
    "md-html.yaml": "Markdown",
    "md-image.yaml": "Markdown",
    "md-table.yaml": "Markdown",
    "md-code-block.yaml": "Markdown",
    "md-link-nowhere.yaml": "Markdown links to ids of the document",
    "md-double-quoted-lines.yaml": "Markdown",
    "md-folded-lines.yaml": "Markdown",
    "md-inline-blocks.yaml": "Markdown",
    "md-indented-lines.yaml": "Markdown",
    "md-containers.yaml": "Markdown",
    "gen/md-many-places.yaml": "Markdown",
    "gen/md-many-paragraphs.yaml": "Markdown",
    # Paths: whether a file exists, what it holds and whether it stays in the
    # folder depend on the disk and on --allow-path.
    "photo-dotdot.yaml": "path outside the folder",
    "photo-absolute.yaml": "path outside the folder",
    "photo-symlink-out.yaml": "symbolic link out of the folder",
    "photo-missing.yaml": "file not found",
    "photo-folder.yaml": "a folder, not a file",
    "photo-text-as-png.yaml": "file contents",
    "photo-text-as-jpg.yaml": "file contents",
    "photo-truncated.yaml": "file contents",
    "pack.yaml": "a roundtable of the pack not found",
    "photo-bomb.yaml": "file contents",
    "photo-bad-data.yaml": "file contents",
    "brand-outside.yaml": "path outside the folder",
    # Brands: a brand file's errors are in that file, which the roundtable
    # only names (each brand file is checked as a brand below). (The names
    # of the brands that ship are in the schema, for editors to complete:
    # checked against --list-brands below.)
    "brand-bad-colour.yaml": "the error is in the brand file",
    "brand-bad-keys.yaml": "the error is in the brand file",
    "brand-font-not-ttf.yaml": "the error is in the brand file",
    "brand-font-fake-ttf.yaml": "the error is in the brand file",
    "brand-page-a3.yaml": "the error is in the brand file",
    "brand-empty.yaml": "the error is in the brand file",
    "brand-list.yaml": "the error is in the brand file",
    "brands/fake-font.yaml": "file contents (a .ttf that is not a font)",
    # Limits on bytes, not on values.
    "gen/too-large-file.yaml": "the size of the file",
}

# Edge cases: (name, YAML, valid?). Both the schema and briefpack --check
# must give the verdict. A name ending in .brand.yaml is a brand file,
# checked with --brand.
# A misspelt key in each kind of mapping (file name, text, the key meant):
# the schema's did-you-mean (an editor's) and briefpack --check's must name
# the same key.
TYPOS = [
    ("top.yaml", "title: T\ndate: 2022-03-08\nspeekers: []\n", "speakers"),
    ("capitals.yaml", "title: T\nDate: 2022-03-08\n", "date"),
    ("letter-added.yaml", "title: T\ndate: 2022-03-08\nsummmary: S\n", "summary"),
    ("swapped.yaml", "title: T\ndate: 2022-03-08\nsubtilte: S\n", "subtitle"),
    ("handout.yaml", "title: T\ndate: 2022-03-08\nhandout:\n  note: 4\n", "notes"),
    ("question.yaml", "title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n    takeaway: [x]\n", "takeaways"),
    ("speaker.yaml", "title: T\ndate: 2022-03-08\nspeakers:\n  - name: A\n    emial: a@example.org\n", "email"),
    ("attendee.yaml", "title: T\ndate: 2022-03-08\nattendees:\n  - name: A\n    organization: X\n", "organisation"),
    ("action.yaml", "title: T\ndate: 2022-03-08\nactions:\n  - action: A\n    onwer: B\n", "owner"),
    ("pack.yaml", "title: T\ndate: 2022-03-08\nroundtables: []\nprepared_fro: X\n", "prepared_for"),
    ("colours.brand.yaml", "name: B\ncolours:\n  primry: \"#000000\"\n", "primary"),
    ("brand.brand.yaml", "name: B\nkernnig: true\n", "kerning"),
]

EDGE = [
    ("numbers-are-text.yaml", "title: 2022\ndate: 2022-03-08\nvenue: 3.5\nhost: true\n", True),
    ("empty-optional.yaml", "title: T\ndate: 2022-03-08\nsubtitle: ~\npublished: ''\n"
     "questions: []\nsections:\nspeakers: null\nkeywords:\n", True),
    ("leap-days.yaml", "title: T\ndate: 2024-02-29\npublished: 2000-02-29\n", True),
    ("contacts.yaml", "title: T\ndate: 2022-03-08\nspeakers:\n  - name: A\n    email: [a@b.org, ~, '']\n"
     "    phone: 020 7331 2015\n    twitter: '@a,@a'\nattendees: [Bob, {name: Ann, role: Chair}]\n", True),
    ("takeaways.yaml", "title: T\ndate: 2022-03-08\nquestions:\n  - question: Q?\n    takeaways:\n"
     "      - plain\n      - point: P\n        points: [a, b]\n      - point: Q\n", True),
    ("language-tags.yaml", "title: T\ndate: 2022-03-08\nlanguage: cy\n", True),
    ("photo-case.yaml", "title: T\ndate: 2022-03-08\nspeakers:\n  - name: A\n    photo: ~\n", True),
    ("brand-switches.brand.yaml", "name: B\njustify: TRUE\nhyphenate: 'False'\nkerning: true\n"
     "colours:\n  primary: '#aBcDeF'\n  accent:\npage: Letter\n", True),
    ("handout-notes.yaml", "title: T\ndate: 2022-03-08\nhandout:\n  notes: 08\n", True),
    ("handout-notes-zero.yaml", "title: T\ndate: 2022-03-08\nhandout: {notes: 0}\n", True),
    ("handout-empty.yaml", "title: T\ndate: 2022-03-08\nhandout:\n", True),
    ("print-a5.brand.yaml", "name: B\npage: A5\nprint: duplex\n", True),
    ("handout-notes-41.yaml", "title: T\ndate: 2022-03-08\nhandout:\n  notes: 41\n", False),
    ("handout-notes-half.yaml", "title: T\ndate: 2022-03-08\nhandout:\n  notes: 2.5\n", False),
    ("print-case.brand.yaml", "name: B\nprint: Duplex\n", False),
    ("time-chair.yaml", "title: T\ndate: 2022-03-08\ntime: 14:00\nchair: ~\nbrand: ''\n", True),
    ("brand-shipped.yaml", "title: T\ndate: 2022-03-08\nbrand: whitehall\n", True),
    ("date-slashes.yaml", "title: T\ndate: 19/11/2026\n", False),
    ("brand-case.yaml", "title: T\ndate: 2022-03-08\nbrand: techUK\n", False),
    ("not-leap.yaml", "title: T\ndate: 1900-02-29\n", False),
    ("short-date.yaml", "title: T\ndate: 2022-3-8\n", False),
    ("date-number.yaml", "title: T\ndate: 20220308\n", False),
    ("setting-case.yaml", "title: T\ndate: 2022-03-08\nsetting: Online\n", False),
    ("language-one-letter.yaml", "title: T\ndate: 2022-03-08\nlanguage: e\n", False),
    ("language-four-letters.yaml", "title: T\ndate: 2022-03-08\nlanguage: engl\n", False),
    ("nested-takeaway.yaml", "title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n    takeaways: [[x]]\n", False),
    ("empty-takeaway.yaml", "title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n    takeaways: [~]\n", False),
    ("empty-attendee.yaml", "title: T\ndate: 2022-03-08\nattendees: ['']\n", False),
    ("empty-sub-point.yaml", "title: T\ndate: 2022-03-08\nquestions:\n  - question: Q\n    takeaways:\n"
     "      - point: P\n        points: [~]\n", False),
    ("empty-section-body.yaml", "title: T\ndate: 2022-03-08\nsections:\n  - heading: H\n    body: ''\n", False),
    ("photo-gif.yaml", "title: T\ndate: 2022-03-08\nspeakers:\n  - name: A\n    photo: a.gif\n", False),
    ("colour-short.brand.yaml", "name: B\ncolours:\n  primary: '#12345'\n", False),
    ("page-case.brand.yaml", "name: B\npage: a4\n", False),
    ("switch-yes.brand.yaml", "name: B\njustify: yes\n", False),
    ("font-otf.brand.yaml", "name: B\nfonts:\n  bold: x.otf\n", False),
    ("brand-nameless.brand.yaml", "colours:\n  primary: '#123456'\n", False),
]


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors read it: null, true/false, numbers;
    everything else (dates included) is text. safe_load's YAML 1.1 rules
    would turn `yes` into a boolean and `2022-02-30` into an exception."""


class FastCoreLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """The same with libyaml, for files that cannot nest deeply: the C
    reader overflows the stack on 100,000 nested `[` (generate.sh's
    deep-nesting-huge.yaml) where the Python one stops at its recursion
    limit."""


RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]
for loader in (CoreLoader, FastCoreLoader):
    loader.yaml_implicit_resolvers = {}
    for tag, regexp, first in RESOLVERS:
        loader.add_implicit_resolver(tag, re.compile(regexp), first)


def _int(loader, node):
    v = loader.construct_scalar(node)
    return int(v[2:], 8) if v.startswith("0o") else int(v, 0) if v.startswith("0x") else int(v)


CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)
FastCoreLoader.add_constructor("tag:yaml.org,2002:int", _int)


def plain(value, memo=None):
    """Keys as text, as briefpack reads them (JSON has no other keys). A
    value met again through an alias is converted once and shared, so a
    "billion laughs" file stays as small as it is written."""
    if memo is None:
        memo = {}
    if not isinstance(value, (dict, list)):
        return value
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, dict):
        out = memo[id(value)] = {}
        for k, v in value.items():
            out[str(k)] = plain(v, memo)
    else:
        out = memo[id(value)] = []
        out.extend(plain(v, memo) for v in value)
    return out


def expanded_size(value, memo):
    """How many values the data holds once every alias is written out."""
    if not isinstance(value, (dict, list)):
        return 1
    if id(value) not in memo:
        items = value.values() if isinstance(value, dict) else value
        memo[id(value)] = 1 + sum(expanded_size(v, memo) for v in items)
    return memo[id(value)]


def schema_verdict(validator, path, definition=None):
    """(ok, why): ok is True when the file reads and validates."""
    try:
        with open(path, "rb") as f:
            buf = f.read()
        # each level of nesting needs one of these
        depth_bound = sum(buf.count(t) for t in (b"[", b"{", b"- ", b": ", b"? ", b"-\n", b":\n"))
        data = plain(yaml.load(buf, Loader=FastCoreLoader if depth_bound < 10000 else CoreLoader))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError, MemoryError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return False, "the YAML reader refuses it: " + first
    # A validator sees the data with every alias written out (and quotes it
    # in its messages): a "billion laughs" is refused here, as careful YAML
    # readers refuse excessive aliasing (and briefpack more than a million
    # values).
    if expanded_size(data, {}) > 1_000_000:
        return False, "more than a million values once aliases are written out"
    v = validator
    if definition:
        v = validator.evolve(schema={"$ref": "#/$defs/" + definition, "$defs": validator.schema["$defs"]})
    errors = sorted(v.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        return False, f"{where}: {e.message[:120]}"
    return True, "valid"


def _leaves(errors):
    """Every error, those under a combinator (allOf, if/then) too."""
    for e in errors:
        yield e
        yield from _leaves(e.context or [])


def _no_limit():
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def briefpack_verdict(bp, path, brand=False):
    minimal = os.path.join(ROOT, "tests", "load", "minimal.yaml")
    cmd = [bp, "--check", "--brand", path, minimal] if brand else [bp, "--check", path]
    try:
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=60, preexec_fn=_no_limit)
    except subprocess.TimeoutExpired:
        return None, "briefpack --check took more than 60 s"
    first = r.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
    if r.returncode not in (0, 1):
        return None, f"exit status {r.returncode} {first}"
    return r.returncode == 0, (first[0] if first else "")


def table_todo():
    """file → todo note, from tests/bad/expected.tsv."""
    todo = {}
    with open(os.path.join(ROOT, "tests", "bad", "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            for flag in (cols[3].split(",") if len(cols) > 3 else []):
                if flag.startswith("todo:"):
                    todo[cols[0]] = flag[5:]
    return todo


def main():
    # Never more than 2 GiB, whatever a bad file does to a YAML reader (the
    # soft limit only: briefpack's runs get it back, as a sanitizer build
    # reserves terabytes of address space).
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, resource.getrlimit(resource.RLIMIT_AS)[1]))
    bp = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "briefpack"))
    os.chdir(ROOT)

    def report(name, ok, detail="", todo=""):
        if ok:
            print(f"PASS {name}" + (f" (known gap {todo} no longer shows: drop its todo mark)" if todo else ""))
        elif todo:
            print(f"TODO {name}: {todo}: {detail}")
        else:
            print(f"FAIL {name}: {detail}")

    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        Draft202012Validator.check_schema(schema)
        report("schema: data/briefpack.schema.json is a valid JSON Schema 2020-12", True)
    except Exception as e:  # noqa: BLE001 -- any problem with the schema is a failure
        report("schema: data/briefpack.schema.json is a valid JSON Schema 2020-12", False, str(e)[:200])
        return
    validator = Draft202012Validator(schema)
    report("schema: declares 2020-12", schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema")

    # --- the brands that ship: the schema offers each, and no other -------------
    shipped = subprocess.run([bp, "--list-brands"], capture_output=True, text=True,
                             preexec_fn=_no_limit).stdout
    names = sorted(line.split("\t")[0] for line in shipped.splitlines())
    enum = sorted(schema["$defs"]["brandName"]["anyOf"][0]["enum"])
    report("schema: the brand names it offers are the brands that ship (--list-brands)",
           enum == names and len(names) >= 3, f"schema {enum}, --list-brands {names}")

    # --- a misspelt key: the schema suggests what briefpack --check does ----------
    r = subprocess.run([sys.executable, "data/schema_typos.py", "--check"], capture_output=True, text=True)
    report("schema: its did-you-mean rules are those data/schema_typos.py writes from its keys",
           r.returncode == 0, r.stderr.strip())
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, meant in TYPOS:
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            minimal = os.path.join(ROOT, "tests", "load", "minimal.yaml")
            cmd = [bp, "--check", "--brand", path, minimal] if name.endswith(".brand.yaml") else [bp, "--check", path]
            bwhy = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60,
                                  preexec_fn=_no_limit).stderr
            v = validator
            if name.endswith(".brand.yaml"):
                v = validator.evolve(schema={"$ref": "#/$defs/brand", "$defs": schema["$defs"]})
            data = plain(yaml.load(text, Loader=FastCoreLoader))
            said = sorted({e.validator_value for e in _leaves(v.iter_errors(data))
                           if e.validator == "const"})
            report(f"schema: {name}: the editor and briefpack --check both suggest `{meant}`",
                   said == [meant] and f"did you mean `{meant}`?" in bwhy,
                   f"schema suggests {said}, briefpack: {bwhy}")

    # --- good files: valid, and briefpack agrees --------------------------------
    good = []
    for d in ["examples", "examples/pack", "examples/pack/roundtables", "tests/fixtures"]:
        if os.path.isdir(d):
            good += [(os.path.join(d, f), None) for f in sorted(os.listdir(d)) if f.endswith(".yaml")]
    good += [("tests/load/good.yaml", None), ("tests/load/minimal.yaml", None)]
    good += [(os.path.join("data/brands", f), "brand") for f in sorted(os.listdir("data/brands")) if f.endswith(".yaml")]
    good += [("tests/load/brands/plain.yaml", "brand")]
    for path, kind in good:
        ok, why = schema_verdict(validator, path)
        if ok and kind:
            ok, why = schema_verdict(validator, path, kind)  # and read as a brand, not a roundtable
        bok, bwhy = briefpack_verdict(bp, path, brand=kind == "brand")
        report(f"schema: {path} is valid", ok, why)
        report(f"schema: {path} is accepted by briefpack --check too", bok is True, bwhy)

    # --- edge cases: the same verdict from both -------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, valid in EDGE:
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            brand = name.endswith(".brand.yaml")
            ok, why = schema_verdict(validator, path)
            bok, bwhy = briefpack_verdict(bp, path, brand=brand)
            word = "valid" if valid else "refused"
            report(f"schema: edge case {name} is {word} by the schema", ok == valid, why)
            report(f"schema: edge case {name} is {word} by briefpack --check", bok == valid, bwhy)

    # --- the bad corpus: refused by both (the exceptions by briefpack only) --------
    todo = table_todo()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["sh", "tests/bad/generate.sh", os.path.join(tmp, "gen")], check=True)
        bad = []
        with open("tests/bad/expected.tsv", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                name = line.split("\t")[0]
                if name not in [b[0] for b in bad]:
                    bad.append((name, None))
        bad += [("brands/" + f, "brand") for f in sorted(os.listdir("tests/bad/brands")) if f.endswith(".yaml")]
        for name in EXCEPTIONS:
            if name not in [b[0] for b in bad]:
                report(f"schema: exception {name} is a file of the bad corpus", False, "not in tests/bad/expected.tsv")
        for name, kind in bad:
            path = os.path.join(tmp, name) if name.startswith("gen/") else os.path.join("tests", "bad", name)
            ok, why = schema_verdict(validator, path)
            if name in EXCEPTIONS:
                report(f"schema: bad/{name} passes the schema, as listed ({EXCEPTIONS[name]})", ok,
                       "the schema refuses it now: remove it from EXCEPTIONS (" + why + ")")
            else:
                report(f"schema: bad/{name} is refused by the schema", not ok, "the schema accepts it")
            bok, bwhy = briefpack_verdict(bp, path, brand=kind == "brand")
            report(f"schema: bad/{name} is refused by briefpack --check too", bok is False,
                   bwhy or "exit status 0", todo.get(name, ""))


if __name__ == "__main__":
    main()
