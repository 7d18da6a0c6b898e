#!/usr/bin/env python3
"""Differential fuzzing of libh11 (through its Python binding) against h11.

    PYTHONPATH=<dir with libh11 installed> python3 tools/difffuzz.py --execs N [--seed S]

One execution is a program run once against each library: a role, then
operations in order (send an event, receive bytes cut at random points
then drain next_event, EOF, start_next_cycle, send_failed). Programs start
from the receive bytes and sends of the shared vectors (tests/vectors) and are
mutated: byte flips, insertions of tokens that matter to HTTP/1.1 framing,
deletions, duplications and splices of other seeds; sends are mutated or
added from a dictionary of events. After every operation both logs get the
result (events with all fields, or the error's class, status hint and
message, or the bytes sent) and the connection's observable state (both
roles' states, their_http_version, the 100-continue flags, trailing_data).
The first difference is a divergence; it is minimised (operations dropped,
bytes cut) and written to --out.

Deliberate deviations (docs/deviations.md) are recognised by id and end the
comparison for that program (h11's connection has moved on where libh11's
has not): `reason-crlf` (libh11 refuses a reason phrase with CR or LF at
construction), `request-when-server-not-idle` and
`server-switch-event-after-switch` (h11 raises AttributeError).

Case i uses random.Random(f"{seed}:{i}"), so a run is reproducible whatever
--jobs is, and `--case i` replays one program.
"""
import argparse
import glob
import importlib
import json
import multiprocessing
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "tests", "vectors")

LIBS = {}  # name -> module, filled in each process by load_libs()

TOKENS = [b"\r\n", b"\n", b"\r", b":", b" ", b"\t", b";", b"=", b",", b'"', b"\x00",
          b"\x7f", b"\xff", b"0", b"1", b"5", b"9", b"a", b"F", b"00000000000000000000",
          b"chunked", b"Content-Length", b"Transfer-Encoding", b"Content-Length: 5\r\n",
          b"Transfer-Encoding: chunked\r\n", b"Connection: close\r\n", b"Host: a\r\n",
          b"Expect: 100-continue\r\n", b"Upgrade: x\r\nConnection: upgrade\r\n",
          b"\r\n\r\n", b"HTTP/1.1", b"HTTP/1.0", b" 200 OK", b"0\r\n\r\n", b"5\r\nhello\r\n",
          b"GET / HTTP/1.1\r\n", b"CONNECT", b"HEAD", b"identity", b"gzip"]

HEADERS = [("Host", "a"), ("Content-Length", "0"), ("Content-Length", "5"),
           ("Content-Length", "10"), ("Transfer-Encoding", "chunked"),
           ("Transfer-Encoding", "gzip"), ("Connection", "close"),
           ("Connection", "keep-alive"), ("Connection", "Upgrade"), ("Upgrade", "websocket"),
           ("Expect", "100-continue"), ("X-Thing", "a b"), ("X-Thing", ""),
           ("Bad Name", "x"), ("X", "a\x00b"), ("X", " padded ")]
METHODS = ["GET", "HEAD", "POST", "PUT", "CONNECT", "OPTIONS", "G T", ""]
TARGETS = ["/", "*", "example.com:443", "/a b"]
STATUSES = [100, 101, 199, 200, 204, 206, 304, 404, 99, 1000]
REASONS = [b"", b"OK", b"A\tB", b"\x00", b"\x01x", b"\xff", b"a\r\nb"]
VERSIONS = [None, "1.0", "1.1", "2.0", "x"]


def load_libs():
    LIBS["h11"] = importlib.import_module("h11")
    LIBS["libh11"] = importlib.import_module("libh11")
    if LIBS["h11"].__version__ != "0.16.0":
        sys.exit("the reference is h11 0.16.0, found %s" % LIBS["h11"].__version__)


def b(s):
    return s.encode("latin-1")


# ------------------------------------------------------------------ seeds

def spec_from_json(ev):
    spec = {"type": ev["type"]}
    for k, v in ev.items():
        if k == "headers":
            spec[k] = [(b(n), b(x)) for n, x in v]
        elif isinstance(v, str) and k != "type":
            spec[k] = b(v)
        elif k != "type":
            spec[k] = v
    return spec


def load_seeds():
    """(role, ops) programs from every vector: a single-mode vector as it is,
    a pair-mode one as the server reading the client's bytes and as the client
    sending its events and reading the server's bytes."""
    progs = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        with open(path, encoding="ascii") as f:
            vectors = json.load(f)["vectors"]
        for v in vectors:
            if v.get("options", {}).get("strict"):
                continue  # the binding has no strict mode
            opts = v.get("options", {})
            if v["mode"] == "single":
                progs.append((v["role"], opts, ops_from_steps(v["steps"], None)))
            else:
                progs.append(("server", opts, pair_reader_ops(v["steps"], "client")))
                progs.append(("client", opts, [op for op in ops_from_steps(v["steps"], "client")
                                               if op[0] != "recv"] + pair_reader_ops(v["steps"], "server")))
    return [p for p in progs if p[2]]


def ops_from_steps(steps, party):
    ops = []
    for st in steps:
        if party is not None and st.get("party") != party:
            continue
        op = st["op"]
        if op in ("receive", "feed") and st["data"]:
            ops.append(("recv", b(st["data"])))
        if op == "eof" or (op == "feed" and st["eof"]):
            ops.append(("eof",))
        if op in ("send", "passthrough"):
            ops.append(("send", spec_from_json(st["event"])))
        if op in ("start_next_cycle", "send_failed"):
            ops.append((op,))
    return ops


def pair_reader_ops(steps, writer):
    data = b"".join(b(st["bytes"]) for st in steps
                    if st.get("party") == writer and st["op"] == "send" and st.get("bytes"))
    return [("recv", data)] if data else []


# --------------------------------------------------------------- mutation

def mutate_bytes(rng, data, seeds):
    data = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        k = rng.randrange(7)
        pos = rng.randrange(len(data) + 1)
        if k == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif k == 1 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif k in (2, 3):
            data[pos:pos] = rng.choice(TOKENS)
        elif k == 4 and data:
            del data[pos:pos + rng.choice((1, 1, 2, 4, 16))]
        elif k == 5 and data:
            n = rng.choice((1, 2, 8, 32))
            data[pos:pos] = data[pos:pos + n]
        elif k == 6:
            other = [op[1] for op in rng.choice(seeds)[2] if op[0] == "recv"]
            if other:
                o = rng.choice(other)
                s = rng.randrange(len(o) + 1)
                data[pos:] = o[s:s + rng.randrange(1, 200)] + data[pos:]
    return bytes(data)


def random_event(rng):
    t = rng.choice(["Request", "InformationalResponse", "Response", "Response", "Data",
                    "EndOfMessage", "ConnectionClosed"])
    spec = {"type": t}
    if t in ("Request", "InformationalResponse", "Response", "EndOfMessage"):
        spec["headers"] = [tuple(b(x) for x in rng.choice(HEADERS))
                           for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    if t == "Request":
        spec["method"] = b(rng.choice(METHODS[:-2] * 4 + METHODS[-2:]))
        spec["target"] = b(rng.choice(TARGETS))
        if rng.random() < 0.8:
            spec["headers"].insert(0, (b"Host", b"a"))
    if t in ("InformationalResponse", "Response"):
        spec["status_code"] = rng.choice(STATUSES)
        if rng.random() < 0.5:
            spec["reason"] = rng.choice(REASONS)
    if t in ("Request", "InformationalResponse", "Response"):
        v = rng.choice(VERSIONS[:3] * 3 + VERSIONS[3:])
        if v is not None:
            spec["http_version"] = b(v)
    if t == "Data":
        spec["data"] = rng.choice((b"", b"x", b"hello", b"0123456789" * 3))
    return spec


def mutate(rng, prog, seeds):
    role, opts, ops = prog
    ops = list(ops)
    if rng.random() < 0.1:
        role = "client" if role == "server" else "server"
    for _ in range(rng.choice((1, 1, 2, 3))):
        k = rng.random()
        recv = [i for i, op in enumerate(ops) if op[0] == "recv"]
        if k < 0.6 and recv:
            i = rng.choice(recv)
            ops[i] = ("recv", mutate_bytes(rng, ops[i][1], seeds))
        elif k < 0.75:
            ops.insert(rng.randrange(len(ops) + 1), ("send", random_event(rng)))
        elif k < 0.82 and ops:
            del ops[rng.randrange(len(ops))]
        elif k < 0.88:
            ops.insert(rng.randrange(len(ops) + 1), (rng.choice(
                ["eof", "start_next_cycle", "start_next_cycle", "send_failed"]),))
        else:
            ops.insert(rng.randrange(len(ops) + 1), ("recv", mutate_bytes(
                rng, rng.choice(TOKENS), seeds)))
    # Random cut points for every receive.
    cut_ops = []
    for op in ops:
        if op[0] == "recv" and op[1]:
            data, r = op[1], rng.random()
            if r < 0.3:
                pieces = [data]
            elif r < 0.4:
                pieces = [data[i:i + 1] for i in range(len(data))]
            else:
                cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.choice((1, 2, 5)))))
                pieces = [data[a:z] for a, z in zip([0] + cuts, cuts + [len(data)])]
            cut_ops.append(("recv", data, pieces))
        elif op[0] != "recv":
            cut_ops.append(op)
    if opts.get("max_incomplete_event_size") is None and rng.random() < 0.05:
        opts = {"max_incomplete_event_size": rng.choice((0, 10, 40, 100))}
    return role, opts, cut_ops


# ---------------------------------------------------------------- running

def err(e):
    return ("error", type(e).__name__, getattr(e, "error_status_hint", None), str(e))


def event_tuple(lib, ev):
    if ev is lib.NEED_DATA:
        return ("NEED_DATA",)
    if ev is lib.PAUSED:
        return ("PAUSED",)
    out = [type(ev).__name__]
    for f in ("method", "target", "status_code", "reason", "http_version", "data",
              "chunk_start", "chunk_end"):
        if hasattr(ev, f):
            v = getattr(ev, f)
            out.append((f, bytes(v) if isinstance(v, (bytes, bytearray, memoryview)) else v))
    if hasattr(ev, "headers"):
        out.append(("headers", [(bytes(r), bytes(n), bytes(v)) for (n, v), (r, _) in
                                zip(ev.headers, ev.headers.raw_items())]))
    return tuple(out)


def snapshot(lib, conn):
    thv = conn.their_http_version
    data, eof = conn.trailing_data
    return ("state", repr(conn.states[lib.CLIENT]), repr(conn.states[lib.SERVER]),
            None if thv is None else bytes(thv), bool(conn.client_is_waiting_for_100_continue),
            bool(conn.they_are_waiting_for_100_continue), bytes(data), bool(eof))


def make_event(lib, spec):
    kw = {k: v for k, v in spec.items() if k != "type"}
    return getattr(lib, spec["type"])(**kw)


def drain(lib, conn, log):
    for _ in range(64):
        try:
            ev = conn.next_event()
        except Exception as e:  # noqa: BLE001 -- every exception is compared
            log.append(err(e))
            return
        log.append(event_tuple(lib, ev))
        if ev is lib.NEED_DATA or ev is lib.PAUSED or type(ev).__name__ == "ConnectionClosed":
            return


def run(libname, prog):
    lib = LIBS[libname]
    role, opts, ops = prog
    log = []
    conn = lib.Connection(lib.CLIENT if role == "client" else lib.SERVER, **opts)
    for op in ops:
        if op[0] == "send":
            try:
                ev = make_event(lib, op[1])
            except Exception as e:  # noqa: BLE001
                log.append(("ctor",) + err(e))
                continue
            try:
                out = conn.send(ev)
                log.append(("sent", None if out is None else bytes(out)))
            except Exception as e:  # noqa: BLE001
                log.append(err(e))
        elif op[0] == "recv":
            for piece in op[2]:
                try:
                    conn.receive_data(piece)
                except Exception as e:  # noqa: BLE001
                    log.append(err(e))
                drain(lib, conn, log)
        elif op[0] == "eof":
            conn.receive_data(b"")
            drain(lib, conn, log)
        else:
            try:
                getattr(conn, op[0])()
                log.append((op[0], "ok"))
            except Exception as e:  # noqa: BLE001
                log.append(err(e))
        log.append(snapshot(lib, conn))
    return log


def known_deviation(a, b):
    """The id of the deviation that explains h11's entry a against libh11's b."""
    if a[0] == "error" and a[1] == "AttributeError" and "'__name__'" in a[3] and b[0] == "error":
        if b[3].startswith("can't handle event type Request when role=SERVER"):
            return "request-when-server-not-idle"
        if b[3].startswith(("can't handle event type Response when role=SERVER and state=SWITCHED",
                            "can't handle event type InformationalResponse when role=SERVER "
                            "and state=SWITCHED")):
            return "server-switch-event-after-switch"
    if (a[0] != "ctor" and b[0] == "ctor" and b[1:] ==
            ("error", "LocalProtocolError", 400, "Illegal reason phrase characters")):
        return "reason-crlf"
    return None


def compare(prog):
    """(None | "diverged" | deviation id, index, h11 log, libh11 log)."""
    la, lb = run("h11", prog), run("libh11", prog)
    for i, (a, b_) in enumerate(zip(la, lb)):
        if a != b_:
            dev = known_deviation(a, b_)
            return dev or "diverged", i, la, lb
    if len(la) != len(lb):
        return "diverged", min(len(la), len(lb)), la, lb
    return None, None, la, lb


def diverges(prog):
    return compare(prog)[0] == "diverged"


def minimise(prog):
    role, opts, ops = prog
    ops = list(ops)
    changed = True
    while changed:
        changed = False
        for i in range(len(ops) - 1, -1, -1):
            cand = ops[:i] + ops[i + 1:]
            if diverges((role, opts, cand)):
                ops, changed = cand, True
        for i, op in enumerate(ops):
            if op[0] != "recv":
                continue
            if len(op[2]) > 1 and diverges((role, opts, ops[:i] + [("recv", op[1], [op[1]])] + ops[i + 1:])):
                ops[i] = op = ("recv", op[1], [op[1]])
                changed = True
            if len(op[2]) != 1:
                continue
            data, step = op[1], max(1, len(op[1]) // 2)
            while step >= 1:
                j = 0
                while j < len(data):
                    cand = data[:j] + data[j + step:]
                    if cand and diverges((role, opts, ops[:i] + [("recv", cand, [cand])] + ops[i + 1:])):
                        data, changed = cand, True
                    else:
                        j += step
                step //= 2
            ops[i] = ("recv", data, [data])
    return role, opts, ops


def show(prog):
    role, opts, ops = prog
    out = {"role": role, "options": opts, "ops": []}
    for op in ops:
        if op[0] == "recv":
            out["ops"].append(["recv", [p.decode("latin-1") for p in op[2]]])
        elif op[0] == "send":
            out["ops"].append(["send", {k: (v.decode("latin-1") if isinstance(v, bytes) else
                                            [[x.decode("latin-1") for x in h] for h in v]
                                            if k == "headers" else v) for k, v in op[1].items()}])
        else:
            out["ops"].append(list(op))
    return out


SEEDS = None


def case(args):
    seed, i = args
    rng = random.Random("%s:%d" % (seed, i))
    prog = mutate(rng, rng.choice(SEEDS), SEEDS)
    verdict, idx, la, lb = compare(prog)
    if verdict != "diverged":
        return verdict, None
    small = minimise(prog)
    _, idx, la, lb = compare(small)
    return verdict, {"case": i, "program": show(small), "step": idx,
                     "h11": repr(la[idx]) if idx < len(la) else None,
                     "libh11": repr(lb[idx]) if idx < len(lb) else None,
                     "h11_log": [repr(x) for x in la[:idx + 1]],
                     "libh11_log": [repr(x) for x in lb[:idx + 1]]}


def init():
    global SEEDS
    load_libs()
    SEEDS = load_seeds()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--execs", type=int, default=10000)
    ap.add_argument("--seed", default="0")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--case", type=int, help="run only this case, print both logs")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "difffuzz"))
    ap.add_argument("--max-findings", type=int, default=20,
                    help="stop after this many divergences")
    args = ap.parse_args()
    init()
    if args.case is not None:
        verdict, finding = case((args.seed, args.case))
        print(json.dumps(finding, indent=1) if finding else "case %d: %s" % (args.case, verdict or "same"))
        return 1 if finding else 0
    t0 = time.time()
    counts, findings = {}, []
    done = 0
    with multiprocessing.get_context("fork").Pool(args.jobs, initializer=init) as pool:
        for verdict, finding in pool.imap(case, ((args.seed, i) for i in range(args.execs)),
                                          chunksize=64):
            done += 1
            counts[verdict] = counts.get(verdict, 0) + 1
            if finding:
                findings.append(finding)
                if len(findings) >= args.max_findings:
                    pool.terminate()
                    break
    dt = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "findings.json"), "w") as f:
        json.dump(findings, f, indent=1)
    devs = ", ".join("%s %d" % (k, v) for k, v in sorted(counts.items(), key=str) if k not in (None, "diverged"))
    print("difffuzz: seed %s, %d executions in %.0f s (%d jobs, %d seed programs): "
          "%d divergences; known deviations filtered: %s" % (
              args.seed, done, dt, args.jobs, len(SEEDS), counts.get("diverged", 0), devs or "none"))
    for fd in findings[:5]:
        print(json.dumps({k: fd[k] for k in ("case", "program", "step", "h11", "libh11")}))
    if findings:
        print("difffuzz: all findings in %s" % os.path.join(args.out, "findings.json"))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
