#!/usr/bin/env python3
"""Generates tests/vectors/*.json by running the reference h11 0.16.0.

    python3 tools/gen_vectors.py          write the files
    python3 tools/gen_vectors.py --check  exit 1 if the files differ from
                                          what h11 produces now

Scenarios live in tools/vectors/<theme>.py, one output file per theme. A
feed step that may be cut anywhere is run once whole, once cut at every
byte and once byte by byte; it gets "splits": "every-byte" only if h11 gave
the same (Data-merged) outcome every time, so runners may rely on it.
"""
import argparse
import importlib
import json
import multiprocessing
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(ROOT, "tests", "vectors")
sys.path.insert(0, HERE)

import h11  # noqa: E402

from vectors import coverage, recorder  # noqa: E402

THEMES = ["server_requests", "server_responses", "client_responses",
          "pair_exchanges", "errors", "quirks", "upstream",
          "strict"]
FORMAT = 1


def load_scenarios():
    out = []
    for theme in THEMES:
        mod = importlib.import_module("vectors." + theme)
        for name, fn in mod.scenarios():
            out.append((theme, name, fn))
    return out


SCENARIOS = None


def _normalised(rec):
    steps = json.loads(json.dumps(rec.steps))
    if rec.split_step is not None:
        st = steps[rec.split_step]
        st["events"] = recorder.merge_data(st["events"])
    return steps, rec.deviation


def run_one(index):
    theme, name, fn = SCENARIOS[index]
    base = recorder.Recorder()
    fn(base)
    if base.split_step is not None:
        want = _normalised(base)
        n = len(base.steps[base.split_step]["data"])
        same = True
        for split in list(range(1, n)) + ["bytes"]:
            rec = recorder.Recorder(split=split)
            fn(rec)
            if _normalised(rec) != want:
                same = False
                break
        if same:
            base.steps[base.split_step]["splits"] = "every-byte"
    return theme, base.vector(name)


def dump_file(vectors):
    lines = [json.dumps(v, sort_keys=False, separators=(",", ":")) for v in vectors]
    head = json.dumps({"format": FORMAT, "h11_version": h11.__version__,
                       "generated_by": "tools/gen_vectors.py"})[:-1]
    return head + ', "vectors": [\n' + ",\n".join(lines) + "\n]}\n"


def generate():
    global SCENARIOS
    SCENARIOS = load_scenarios()
    names = [s[1] for s in SCENARIOS]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("duplicate vector names: %s" % sorted(dup)[:10])
    with multiprocessing.get_context("fork").Pool() as pool:
        results = pool.map(run_one, range(len(SCENARIOS)), chunksize=8)
    files = {t: [] for t in THEMES}
    for theme, vec in results:
        files[theme].append(vec)
    lost = coverage.missing(vec for _, vec in results)
    if lost:
        sys.exit("no vector exercises: " + ", ".join(lost))
    return {t + ".json": dump_file(v) for t, v in files.items()}, {
        t: len(v) for t, v in files.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true",
                    help="compare with tests/vectors instead of writing")
    args = ap.parse_args()
    if h11.__version__ != "0.16.0":
        sys.exit("the reference is h11 0.16.0, found %s" % h11.__version__)
    out, counts = generate()
    existing = {f for f in os.listdir(OUT_DIR) if f.endswith(".json")}
    if args.check:
        bad = sorted(existing - set(out))
        for fname, text in sorted(out.items()):
            path = os.path.join(OUT_DIR, fname)
            if not os.path.exists(path) or open(path, encoding="ascii").read() != text:
                bad.append(fname)
        if bad:
            print("test vectors differ from h11 %s output: %s\n"
                  "run: python3 tools/gen_vectors.py" % (h11.__version__, ", ".join(bad)))
            return 1
        print("test vectors up to date: %d vectors" % sum(counts.values()))
        return 0
    for stale in existing - set(out):
        os.remove(os.path.join(OUT_DIR, stale))
    for fname, text in out.items():
        with open(os.path.join(OUT_DIR, fname), "w", encoding="ascii") as f:
            f.write(text)
    for t in THEMES:
        print("%-24s %5d" % (t + ".json", counts[t]))
    print("%-24s %5d" % ("total", sum(counts.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
