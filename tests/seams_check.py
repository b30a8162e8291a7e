#!/usr/bin/env python3
"""The seams of src/ (issue 17, docs/architecture.md), checked:

  1. arrows one way: a file includes only headers of its own folder and of
     the folders below it (STAGES, the table docs/architecture.md draws);
  2. private headers private: a header saying "Private to src/X/" is
     included only from src/X/ (and from the unit tests named in PRIVATE);
  3. the libharu fence: <hpdf.h> and every HPDF_ name appear only in
     src/pdf/, and a file that reaches into libharu 2.3.0's records
     (->mmgr, HPDF_Dict_Rec, offsetof(HPDF_…)) stops the build on any other
     version (#if HPDF_VERSION_ID != 20300 / #error);
  4. no circle among headers;
  5. no file over 800 lines, no function over 120 lines.

    python3 tests/seams_check.py [ROOT]      (--self-test: the checks fail
                                              on a tree broken on purpose)

Prints one line per problem and exits 1 when there is one. Standard library
only.
"""
import os
import re
import shutil
import sys
import tempfile

# What each folder may include, below itself. "top" is src/model.h and
# src/dl.h, the two contracts.
STAGES = {
    "base": set(),
    "top": {"base", "typeset"},
    "image": {"base"},
    "load": {"base", "top", "image"},
    "typeset": {"base", "top", "load"},
    "layout": {"base", "top", "typeset"},
    "briefing": {"base", "top", "typeset", "layout"},
    "pdf": {"base", "top", "image", "typeset"},
    "extract": {"base", "pdf"},
    "cli": {"base", "top", "image", "load", "typeset", "layout", "briefing",
            "pdf", "extract"},
}
# Which header of a folder a folder below may use: a stage's face.
# (typeset may use load's only for places inside YAML values; top, dl.h,
# only typeset's fonts.)
FACES = {
    ("typeset", "load"): {"load/scalar_pos.h"},
    ("top", "typeset"): {"typeset/font.h"},
    ("extract", "pdf"): {"pdf/pdf_read.h"},
}
# Unit tests that reach a stage's private header, to test that stage.
PRIVATE_TESTS = {
    "load/load_internal.h": {"tests/test_load.c"},
    "pdf/font_pdf.h": {"tests/test_font.c"},
}
INTERNALS = re.compile(r"->(mmgr|xref|trailer|catalog|pdf_version)\b|HPDF_\w+_Rec\b|"
                       r"offsetof\(HPDF_|HPDF_Obj_Header")
GUARD = re.compile(r"#if\s+HPDF_VERSION_ID\s*!=\s*20300\s*\n#error")
MAX_FILE, MAX_FUNCTION = 800, 120


def folder_of(rel):
    parts = rel.split("/")
    return "top" if len(parts) == 1 else parts[0]


def allowed_by(owners, path):
    """Whether `path` (src/…) is one of `owners`: a folder src/X/ or a file."""
    for o in owners:
        if o.endswith(".c") and path == o:
            return True
        if not o.endswith(".c") and path.startswith(o.rstrip("/") + "/"):
            return True
    return False


def sources(src):
    out = []
    for dp, _, fn in os.walk(src):
        for f in fn:
            if f.endswith((".c", ".h")):
                out.append(os.path.relpath(os.path.join(dp, f), src))
    return sorted(out)


def includes(text):
    return re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M)


def functions(text):
    """(name, first line, length) of each top-level function body."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == "{" and i > 0:
            j = i - 1
            while j > 0 and not re.match(r"^[A-Za-z_]", lines[j]):
                j -= 1
            k = i + 1
            while k < len(lines) and lines[k] != "}":
                k += 1
            m = re.search(r"(\w+)\s*\(", lines[j])
            yield (m.group(1) if m else "?", j + 1, k - j + 1)
            i = k
        i += 1


def check(root):
    src = os.path.join(root, "src")
    problems = []
    files = sources(src)
    texts = {f: open(os.path.join(src, f), encoding="utf-8").read() for f in files}
    # "Private to src/X/" or "Private to src/X/ and src/Y/z.c": who may
    # include the header, folders and files
    private = {}
    for f, t in texts.items():
        m = re.search(r"Private to (src/[^.;]*(?:\.c[^.;]*)*)", t[:2000]) if f.endswith(".h") else None
        if m:
            private[f] = re.findall(r"src/[\w/]+(?:\.c)?", m.group(1))
    graph = {}
    for f, t in texts.items():
        fold = folder_of(f)
        graph[f] = []
        for inc in includes(t):
            if inc not in texts:
                problems.append("%s includes %s, which is not in src/" % (f, inc))
                continue
            graph[f].append(inc)
            target = folder_of(inc)
            if target != fold and target not in STAGES.get(fold, set()):
                problems.append("%s includes %s: %s may not depend on %s" %
                                (f, inc, fold, target))
            faces = FACES.get((fold, target))
            if faces is not None and inc not in faces:
                problems.append("%s includes %s: %s may use only %s of %s" %
                                (f, inc, fold, ", ".join(sorted(faces)), target))
            owners = private.get(inc)
            if owners and not allowed_by(owners, "src/" + f):
                problems.append("%s includes %s, which is private to %s" %
                                (f, inc, " and ".join(owners)))
    # tests may include private headers only where PRIVATE_TESTS says so
    tests = os.path.join(root, "tests")
    for dp, _, fn in os.walk(tests):
        for name in fn:
            if not name.endswith(".c"):
                continue
            rel = os.path.relpath(os.path.join(dp, name), root)
            for inc in includes(open(os.path.join(dp, name), encoding="utf-8").read()):
                owners = private.get(inc)
                if owners and rel not in PRIVATE_TESTS.get(inc, set()):
                    problems.append("%s includes %s, which is private to %s" %
                                    (rel, inc, " and ".join(owners)))
    for f, t in texts.items():
        in_pdf = folder_of(f) == "pdf"
        if not in_pdf and (re.search(r"#\s*include\s+<hpdf", t) or re.search(r"\bHPDF_", t)):
            problems.append("%s uses libharu outside src/pdf/" % f)
        # libharu is used through <hpdf.h> or through a header of
        # src/pdf/ that includes it: either way its names are in the file
        uses_hpdf = re.search(r"#\s*include\s+<hpdf", t) or re.search(r"\bHPDF_", t)
        if in_pdf and uses_hpdf and INTERNALS.search(t) and f.endswith(".c") and \
                not GUARD.search(t):
            problems.append("%s reaches into libharu's records without the "
                            "HPDF_VERSION_ID == 20300 guard" % f)
        n = t.count("\n")
        if n > MAX_FILE:
            problems.append("%s has %d lines (at most %d)" % (f, n, MAX_FILE))
        if f.endswith(".c"):
            for name, line, length in functions(t):
                if length > MAX_FUNCTION:
                    problems.append("%s:%d: %s() has %d lines (at most %d)" %
                                    (f, line, name, length, MAX_FUNCTION))
    # circles among headers (and the files that include them)
    state = {}

    def visit(f, path):
        state[f] = 1
        for g in graph.get(f, []):
            if state.get(g) == 1:
                problems.append("a circle of includes: %s" %
                                " -> ".join(path[path.index(g):] + [g]))
            elif not state.get(g):
                visit(g, path + [g])
        state[f] = 2

    for f in files:
        if not state.get(f):
            visit(f, [f])
    return problems


def self_test(root):
    """Each check must fail on a tree broken on purpose."""
    cases = {
        "an arrow up": ("src/base/arena.c", '#include "layout/layout.h"\n'),
        "libharu outside src/pdf/": ("src/layout/layout.c", "#include <hpdf.h>\n"),
        "an HPDF_ name outside src/pdf/": ("src/cli/build.c", "static int x = HPDF_OK;\n"),
        "a private header from outside": ("src/cli/build.c", '#include "load/load_internal.h"\n'),
        "libharu's records without the guard": (
            "src/pdf/deflate.c", "static int f(HPDF_Doc d) { return d->mmgr != 0; }\n"),
        "a file over 800 lines": ("src/base/md5.c", "/* x */\n" * 900),
        "a function over 120 lines": (
            "src/base/md5.c", "int long_one(void)\n{\n" + "    ;\n" * 130 + "}\n"),
        "a circle": ("src/base/arena.h", '#include "base/diag.h"\n'),
    }
    failures = 0
    for what, (path, text) in cases.items():
        tmp = tempfile.mkdtemp()
        try:
            shutil.copytree(os.path.join(root, "src"), os.path.join(tmp, "src"))
            os.makedirs(os.path.join(tmp, "tests"))
            with open(os.path.join(tmp, path), "a", encoding="utf-8") as f:
                f.write(text)
            if not check(tmp):
                print("self-test: %s was not caught" % what)
                failures += 1
        finally:
            shutil.rmtree(tmp)
    if not failures:
        print("self-test: all %d broken trees caught" % len(cases))
    return failures


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else "."
    if "--self-test" in sys.argv:
        return 1 if self_test(root) else 0
    problems = check(root)
    for p in problems:
        print(p)
    if not problems:
        print("seams: no arrow up, no circle, libharu behind src/pdf/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
