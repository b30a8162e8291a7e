#!/usr/bin/env python3
"""Out of memory at every Nth allocation: runs the fault-injection build
(build-faults/briefpack, made with -DBRIEFPACK_FAULTS, see src/oom.c) once
for each N of a sample, with BRIEFPACK_FAIL_ALLOC=N (that allocation
fails) or N+ (it and every later one fail), and checks each run:

  - it ends with status 0 or 1, never by a signal (abort, segfault);
  - status 0: the PDFs are byte for byte those of a run without faults;
  - status 1: each input that failed says "INPUT: error: out of memory"
    and says nothing else after its last good message (no "damaged", no
    "not a TrueType font", no libhyphen "can't allocate");
  - no temporary file is left, and no target but the built ones exists.

    python3 tests/fault_sweep.py BINARY STEP [--mode once|after] [--first K]
        [--] ARGS...          (ARGS: the options and inputs; -o DIR is added)

Prints one line per kind of result, then "ok N runs" or the failures, and
exits 1 on any failure. Two runs at a time. Standard library only.
"""
import collections
import concurrent.futures as cf
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    args = sys.argv[1:]
    binary, step = args[0], int(args[1])
    rest = args[2:]
    mode, first = "once", 0
    while rest and rest[0] != "--":
        if rest[0] == "--mode":
            mode = rest[1]
            rest = rest[2:]
        elif rest[0] == "--first":
            first = int(rest[1])
            rest = rest[2:]
        else:
            break
    if rest and rest[0] == "--":
        rest = rest[1:]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("BRIEFPACK_FAIL_ALLOC", None)
    top = tempfile.mkdtemp(prefix="faults-")
    try:
        return sweep(binary, step, mode, first, rest, env, top)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def run(binary, args, out, env):
    return subprocess.run([binary, "-j1", "-o", out + "/"] + args, env=env,
                          capture_output=True, timeout=120)


def sweep(binary, step, mode, first, args, env, top):
    ref = os.path.join(top, "ref")
    counted = dict(env, BRIEFPACK_COUNT_ALLOC="1")
    p = run(binary, args, ref, counted)
    lines = p.stderr.decode(errors="replace").splitlines()
    total = int(lines[-1].split()[-1]) if lines and lines[-1].startswith("allocations:") else 0
    if p.returncode != 0 or not total:
        print("the run without faults failed:", p.returncode, lines[-5:])
        return 1
    expected = {f: open(os.path.join(ref, f), "rb").read() for f in os.listdir(ref)}
    points = sorted(set(list(range(1, min(first, total) + 1)) +
                        list(range(1, total + 1, step))))

    def one(n):
        out = os.path.join(top, "o%d" % n)
        os.mkdir(out)
        e = dict(env, BRIEFPACK_FAIL_ALLOC="%d%s" % (n, "+" if mode == "after" else ""))
        p = run(binary, args, out, e)
        err = p.stderr.decode(errors="replace")
        names = os.listdir(out)
        built = {f: open(os.path.join(out, f), "rb").read()
                 for f in names if f.endswith(".pdf")}
        shutil.rmtree(out)
        return n, p.returncode, err, names, built

    kinds = collections.Counter()
    bad = []
    with cf.ThreadPoolExecutor(2) as ex:
        for n, status, err, names, built in ex.map(one, points):
            problems = []
            if status not in (0, 1):
                problems.append("status %d" % status)
            temps = [f for f in names if "briefpack-" in f]
            if temps:
                problems.append("temporary files %s" % temps)
            for f, data in built.items():
                if expected.get(f) != data:
                    problems.append("%s differs from the run without faults" % f)
            if status == 0 and len(built) != len(expected):
                problems.append("built %d of %d" % (len(built), len(expected)))
            lines = [l for l in err.splitlines() if l.strip()]
            if status == 1 and not any("out of memory" in l for l in lines):
                problems.append("status 1 without 'out of memory'")
            for l in lines:
                if "out of memory" in l:
                    continue
                if "can't allocate" in l or ": error: " in l or ": warning: " in l:
                    problems.append("said %r" % l[:160])
            kind = "ok (built)" if status == 0 else "ok (out of memory)" if not problems else "BAD"
            kinds[kind] += 1
            if problems:
                bad.append((n, problems))
    for k, v in kinds.most_common():
        print(v, k)
    if bad:
        for n, problems in bad[:20]:
            print("N=%d%s: %s" % (n, "+" if mode == "after" else "", "; ".join(problems)))
        return 1
    print("ok %d runs over %d allocations" % (len(points), total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
