#!/usr/bin/env python3
"""The "did you mean" of data/briefpack.schema.json, written from its keys.

Usage: schema_typos.py [--check] [SCHEMA]

`briefpack --check` answers a misspelt key with the key it resembles
(`speekers` → did you mean `speakers`?). JSON Schema has no such rule, but an
editor's language server checks each key against `propertyNames`; so every
mapping of the schema that allows only its own keys gets, under
$defs/typos, one rule per key: a key one edit away from it (a letter left
out, added, changed or two swapped), or the same in other capitals, and
none of the mapping's own keys, is answered "Not a key of WHAT: did you
mean `KEY`?" at the key. The rules are written from the mappings'
`properties`, so a key added to the schema gets its rule when this is run
again; `--check` (run by make check, tests/schema_check.py) fails when
the schema's rules are not those this would write. The file is written in
the schema's own layout: short values on one line.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "data", "briefpack.schema.json")

# each mapping that allows only its own keys, as --check names it
MAPPINGS = {
    ("roundtable",): "a roundtable",
    ("roundtable", "handout"): "`handout`",
    ("question",): "a question",
    ("takeaway",): "a takeaway",
    ("section",): "a section",
    ("action",): "an action",
    ("speaker",): "a speaker",
    ("attendee",): "an attendee",
    ("pack",): "a pack",
    ("brand",): "a brand",
    ("brand", "colours"): "`colours`",
    ("brand", "fonts"): "`fonts`",
    ("contactItem",): "a contact detail",
    ("contactList",): "a contact detail",
    ("nextStep",): "a next step",
}


def one_edit(key):
    """A regular expression for the words one edit from `key`, and for
    `key` in other capitals (the mapping's own keys are taken out by the
    caller)."""
    k = [re.escape(c) for c in key]
    alts = []
    for i in range(len(k)):  # a letter left out or changed
        alts.append("".join(k[:i]) + ".?" + "".join(k[i + 1:]))
    for i in range(len(k) + 1):  # a letter added
        alts.append("".join(k[:i]) + "." + "".join(k[i:]))
    for i in range(len(k) - 1):  # two letters swapped
        alts.append("".join(k[:i] + [k[i + 1], k[i]] + k[i + 2:]))
    alts.append("".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c)
                        for c in key))
    return "(?:" + "|".join(dict.fromkeys(alts)) + ")"


def typo_rules(keys, what):
    own = "|".join(re.escape(k) for k in keys)
    return {"allOf": [
        {"if": {"pattern": f"^(?!(?:{own})$){one_edit(k)}$"},
         "then": {"const": k, "errorMessage": f"Not a key of {what}: did you mean `{k}`?"}}
        for k in keys]}


def with_typos(schema):
    schema = json.loads(json.dumps(schema))
    defs = schema["$defs"]
    defs.pop("typos", None)
    typos = {}
    for path, what in MAPPINGS.items():
        node = defs[path[0]]
        for p in path[1:]:
            node = node["properties"][p]
        assert node.get("additionalProperties") is False, path
        name = "_".join(path)
        node["propertyNames"] = {"$ref": f"#/$defs/typos/{name}"}
        typos[name] = typo_rules(list(node["properties"]), what)
    defs["typos"] = typos
    return schema


def inline(v):
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + inline(x)
                                for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(inline(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def layout(v, ind=0, key_len=0):
    one = inline(v)
    if not isinstance(v, (dict, list)) or len(one) + ind + key_len <= 110 and one.count("{") <= 3:
        return one
    pad = " " * (ind + 2)
    if isinstance(v, dict):
        items = [pad + json.dumps(k, ensure_ascii=False) + ": " + layout(x, ind + 2, len(k) + 4)
                 for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * ind + "}"
    items = [pad + layout(x, ind + 2) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + " " * ind + "]"


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    path = args[0] if args else SCHEMA
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = layout(with_typos(json.loads(text))) + "\n"
    if check:
        if new != text:
            print(f"{path}: its did-you-mean rules are not those of its keys: "
                  f"run python3 data/schema_typos.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(path + ".tmp", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
