#!/usr/bin/env python3
"""The editor, as a person meets it: the YAML language server
(yaml-language-server from npm, pinned in tests/yamlls/package.json) driven
over stdio with LSP's JSON-RPC, as VS Code, Neovim or Helix drive it, with
data/briefpack.schema.json.

Usage: editor_check.py BRIEFPACK

- every example, fixture and shipped brand: no diagnostic at all;
- the bad corpus: every file the schema refuses gets a diagnostic, and
  every message is written for people (no regular expression, no JSON type
  names, no "Matches a schema"); a table of files gets the expected message
  at the expected line, a misspelt key the key it resembles (as --check
  suggests it; the rules are data/schema_typos.py's);
- completions at given places: `brand:` offers the shipped brands (and not
  true/false), keys offer the keys (`time`, `chair`), `setting:` and
  `page:` their values;
- hovers: over every key of the examples, the key's own description,
  once;
- `briefpack new`'s starters, opened with no schema set up but their first
  line (the modeline): no diagnostic, and a mistake in one is found.

Prints PASS/FAIL lines. Standard library only.
"""
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "data", "briefpack.schema.json")
SERVER = ["sh", os.path.join(ROOT, "tests", "yamlls", "run.sh"), "--stdio"]

# file (in tests/bad/), 1-based line, a piece of the message there
EXPECTED = [
    ("date-feb-30.yaml", 2, "Expected a date as YYYY-MM-DD"),
    ("date-other-orders.yaml", 2, "Expected a date as YYYY-MM-DD, such as 2022-03-08"),
    ("date-other-orders.yaml", 10, "Expected a date as YYYY-MM-DD"),
    ("date-words.yaml", 2, "Expected a date as YYYY-MM-DD"),
    ("brand-unknown-typo.yaml", 3, "Expected a brand that ships with briefpack (default, techuk or whitehall"),
    ("unknown-key-typo.yaml", 3, "Property speekers is not allowed"),
    ("unknown-key-typo.yaml", 3, "Not a key of a roundtable: did you mean `speakers`?"),
    ("unknown-key-typo.yaml", 7, "Not a key of an attendee: did you mean `organisation`?"),
    ("unknown-key-typo.yaml", 9, "Not a key of a question: did you mean `question`?"),
    ("unknown-key-typo.yaml", 7, "Expected an attendee: a name, or a mapping of `name` (required)"),
    ("unknown-key-typo.yaml", 9, "Expected a question: a mapping of `question` (required)"),
    ("wrong-types.yaml", 1, "Expected text here"),
    ("wrong-types.yaml", 7, "Expected a list"),
    ("wrong-types.yaml", 11, "Expected text, a list of texts, or a mapping of `value`"),
    ("time-chair-wrong.yaml", 3, "Expected text here"),
    ("time-chair-wrong.yaml", 5, "Expected text here"),
    ("setting-bad.yaml", 3, "Expected in-person, online or hybrid."),
    ("format-bad.yaml", 1, "This version of briefpack reads `briefpack/1`."),
    ("missing-title-date.yaml", 2, 'Missing property "date"'),
    ("brands/bad-colour.yaml", 5, 'Expected a colour as "#RRGGBB", in quotes'),
    ("brands/bad-keys.yaml", 2, "Property colors is not allowed"),
    ("brands/bad-keys.yaml", 2, "Not a key of a brand: did you mean `colours`?"),
    ("brands/bad-keys.yaml", 4, "Expected A4, A5 or Letter."),
    ("brands/bad-keys.yaml", 5, "Expected true or false."),
]
# Words that only a programmer reads: a regular expression, JSON's type
# names, the validator's own phrases.
NOT_FOR_PEOPLE = re.compile(r"\(\?|\[0-9\]|\\u00|\^\(|pattern|Incorrect type|RFC ?3339|"
                            r"Matches a schema|Expected one of|string, number|\bboolean\b|\bnull\b")


class Server:
    """One yaml-language-server process, spoken to over its stdin/stdout."""

    def __init__(self, settings):
        self.p = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, cwd=ROOT)
        self.buf = b""
        self.next_id = 0
        self.settings = settings
        self.diagnostics = {}
        self.replies = {}
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + ROOT,
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {"snippetSupport": False}},
                                              "hover": {"contentFormat": ["markdown"]},
                                              "publishDiagnostics": {}}}}, timeout=300)
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=60):
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        deadline = time.time() + timeout
        while i not in self.replies:
            self.pump(deadline)
        reply = self.replies.pop(i)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def pump(self, deadline):
        """Reads one message (answering the server's own requests)."""
        while True:
            head = self.buf.find(b"\r\n\r\n")
            if head >= 0:
                length = int(re.search(rb"Content-Length: *(\d+)", self.buf[:head], re.I).group(1))
                if len(self.buf) >= head + 4 + length:
                    msg = json.loads(self.buf[head + 4:head + 4 + length])
                    self.buf = self.buf[head + 4 + length:]
                    self.handle(msg)
                    return
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("the language server did not answer in time")
            ready, _, _ = select.select([self.p.stdout], [], [], left)
            if ready:
                chunk = os.read(self.p.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise EOFError("the language server ended")
                self.buf += chunk

    def handle(self, msg):
        if "method" in msg and "id" in msg:  # a request from the server
            result = None
            if msg["method"] == "workspace/configuration":
                result = [self.settings.get(item.get("section", ""), None) for item in msg["params"]["items"]]
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif "id" in msg:
            self.replies[msg["id"]] = msg
        elif msg.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]

    def open(self, path, text=None):
        """Opens a file and waits for its diagnostics: [(line, message)]."""
        uri = "file://" + os.path.abspath(path)
        if text is None:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                              "version": 1, "text": text}})
        deadline = time.time() + 60
        while uri not in self.diagnostics:
            self.pump(deadline)
        return uri, [(d["range"]["start"]["line"] + 1, d["message"]) for d in self.diagnostics[uri]]

    def close(self, uri):
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def completions(self, uri, line, col):
        r = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": line - 1, "character": col - 1}})
        items = r.get("items", []) if isinstance(r, dict) else (r or [])
        return [i["label"] for i in items]

    def hover(self, uri, line, col):
        r = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                "position": {"line": line - 1, "character": col - 1}})
        return ((r or {}).get("contents") or {}).get("value", "")

    def stop(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.p.wait(timeout=10)
        except Exception:  # noqa: BLE001 -- it is ending anyway
            self.p.kill()


def report(name, ok, detail=""):
    print(f"PASS editor: {name}" if ok else f"FAIL editor: {name}: {str(detail)[:700]}")


def settings(associate=True):
    yaml = {"validate": True, "hover": True, "completion": True, "format": {"enable": False},
            "schemaStore": {"enable": False}, "yamlVersion": "1.2"}
    if associate:
        yaml["schemas"] = {"file://" + SCHEMA: ["*.yaml", "*.yml"]}
    return {"yaml": yaml}


# --- what the schema says a key is for -----------------------------------------

def key_descriptions(schema):
    """(kind, path of keys) → the description a hover must show, for
    every key of every kind of file; list entries are '[]'."""
    defs = schema["$defs"]

    def deref(s):
        while "$ref" in s and "properties" not in s:
            s = {**defs[s["$ref"].split("/")[-1]], **{k: v for k, v in s.items() if k != "$ref"}}
        return s

    out = {}

    def walk(kind, path, s):
        s = deref(s)
        for k, prop in s.get("properties", {}).items():
            p = deref(prop)
            desc = prop.get("description") or p.get("description")
            out[(kind, path + (k,))] = desc
            walk(kind, path + (k,), p)
            if "items" in p:
                walk(kind, path + (k, "[]"), p["items"])

    for kind in ("roundtable", "pack", "brand"):
        walk(kind, (), defs[kind])
    return out


def keys_of(path):
    """(line, column, key path) of every key in a YAML file, 1-based."""
    import yaml  # python3-yaml, a test dependency already
    with open(path, encoding="utf-8") as f:
        root = yaml.compose(f)
    found = []

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                found.append((k.start_mark.line + 1, k.start_mark.column + 1, path + (k.value,)))
                walk(v, path + (k.value,))
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v, path + ("[]",))

    walk(root, ())
    return found


def kind_of(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if re.search(r"^roundtables:", text, re.M):
        return "pack"
    return "brand" if "/brands/" in path else "roundtable"


def plain(markdown):
    return markdown.replace("\\", "")


def main():
    bp = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "briefpack"))
    os.chdir(ROOT)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        server = Server(settings())
    except Exception as e:  # noqa: BLE001 -- no server, no test
        report("the language server starts (tests/yamlls/run.sh)", False, e)
        return
    report("the language server starts and answers (yaml-language-server over stdio)", True)

    good = []
    for d in ["examples", "examples/pack", "examples/pack/roundtables", "tests/fixtures", "data/brands"]:
        good += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".yaml")]
    for path in good:
        uri, diags = server.open(path)
        report(f"{path}: no diagnostic", not diags, diags)
        server.close(uri)

    # the bad corpus: found, and in words for people
    bad = sorted({line.split("\t")[0] for line in open("tests/bad/expected.tsv", encoding="utf-8")
                  if line.strip() and not line.startswith("#") and not line.startswith("gen/")})
    bad += ["brands/" + f for f in sorted(os.listdir("tests/bad/brands")) if f.endswith(".yaml")]
    seen = {}
    machine = []
    for name in bad:
        uri, diags = server.open(os.path.join("tests", "bad", name))
        server.close(uri)
        seen[name] = diags
        machine += [(name, line, m) for line, m in diags if NOT_FOR_PEOPLE.search(m)]
    report(f"the bad corpus ({len(bad)} files): every message is written for people", not machine, machine[:6])
    for name, line, piece in EXPECTED:
        got = seen.get(name, [])
        report(f"bad/{name}: line {line}: {piece}", any(l == line and piece in m for l, m in got), got)

    # completions, where a person types
    probe = ("title: T\ndate: 2022-03-08\nbrand: \nsetting: \nvenue: V\n\nspeakers:\n  - name: A\n    \n")
    uri, _ = server.open(os.path.join(ROOT, "tests", "yamlls", "probe.yaml"), probe)
    brands = server.completions(uri, 3, 8)
    shipped = sorted(line.split("\t")[0] for line in
                     subprocess.run([bp, "--list-brands"], capture_output=True, text=True).stdout.splitlines())
    report("after `brand:`, the brands that ship (as --list-brands lists them), no true or false",
           shipped and all(b in brands for b in shipped) and "true" not in brands and "false" not in brands,
           f"offered {brands}, --list-brands {shipped}")
    settings_offered = server.completions(uri, 4, 10)
    report("after `setting:`, in-person, online and hybrid",
           all(s in settings_offered for s in ("in-person", "online", "hybrid")), settings_offered)
    top = server.completions(uri, 6, 1)
    report("a new key of the roundtable: the keys not yet written, `time` and `chair` among them",
           all(k in top for k in ("time", "chair", "summary", "questions", "keywords")) and "title" not in top, top)
    speaker = server.completions(uri, 9, 5)
    report("a new key of a speaker: the speaker's keys",
           all(k in speaker for k in ("role", "organisation", "photo", "photo_alt", "bio", "email", "twitter")), speaker)
    server.close(uri)
    uri, _ = server.open(os.path.join(ROOT, "tests", "yamlls", "probe-brand.yaml"),
                         "name: B\npage: \njustify: \n")
    pages = server.completions(uri, 2, 7)
    report("in a brand, after `page:`, A4 and Letter", "A4" in pages and "Letter" in pages, pages)
    switch = server.completions(uri, 3, 10)
    report("in a brand, after `justify:`, true and false", "true" in switch and "false" in switch, switch)
    server.close(uri)

    # hovers: each key's description, once
    described = key_descriptions(schema)
    wrong = []
    n = 0
    for path in good:
        kind = kind_of(path)
        uri, _ = server.open(path)
        for line, col, keys in keys_of(path):
            want = described.get((kind, keys))
            if not want:
                wrong.append((path, line, keys, "the schema describes no such key"))
                continue
            # inside the key: at its first character the server may still
            # be in the value before it
            text = plain(server.hover(uri, line, col + len(keys[-1]) // 2))
            n += 1
            if text.count(plain(want)) != 1 or "||" in text:
                wrong.append((path, line, keys, text[:200]))
        server.close(uri)
    report(f"hovers over {n} keys of the examples: each key's own description, once", n > 200 and not wrong, wrong[:4])
    undescribed = sorted("/".join(k) for (kind, k), d in described.items() if not d)
    report("every key of the schema says what it is for", not undescribed, undescribed)
    server.stop()

    # the starters, with nothing set up but their own first line
    plain_server = Server(settings(associate=False))
    with tempfile.TemporaryDirectory() as tmp:
        for kind, name in (("", "rt.yaml"), ("--brand", "house.yaml"), ("--pack", "pack.yaml")):
            subprocess.run([bp, "new"] + ([kind] if kind else []) + [name], cwd=tmp, capture_output=True)
            uri, diags = plain_server.open(os.path.join(tmp, name))
            report(f"briefpack new {kind + ' ' if kind else ''}{name}: no diagnostic, the schema found by its modeline",
                   os.path.exists(os.path.join(tmp, name)) and not diags, diags)
            plain_server.close(uri)
        with open(os.path.join(tmp, "rt.yaml"), encoding="utf-8") as f:
            text = f.read()
        broken = re.sub(r"^date: \S+", "date: 19/11/2026", text, flags=re.M)
        line = broken[:broken.index("date: 19/11")].count("\n") + 1
        uri, diags = plain_server.open(os.path.join(tmp, "broken.yaml"), broken)
        report("… and a mistake in a starter is found through its modeline",
               any(l == line and "Expected a date" in m for l, m in diags), diags)
    plain_server.stop()


if __name__ == "__main__":
    main()
