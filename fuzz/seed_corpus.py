#!/usr/bin/env python3
"""Writes libFuzzer seed corpora from the shared test vectors.

    python3 fuzz/seed_corpus.py OUTDIR

OUTDIR/receive gets, per single-mode vector, the bytes its connection
received in the input layout of fuzz_receive.c; OUTDIR/send and OUTDIR/pair
get the events the vector sent in the op layout of fuzz/fuzz_ops.h. Files
are named by content hash, so reruns are idempotent. Run at fuzz time; the
corpora are not committed.
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "tests", "vectors")

# Must match the tables in fuzz_receive.c and fuzz_ops.h.
RECEIVE_METHODS = ["GET", "HEAD", "CONNECT", "POST"]
NAMES = ["Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Expect",
         "X-A", "content-length", "host", "Trailer"]
VALUES = ["a", "0", "5", "99999999999999999999", "chunked", "close", "keep-alive", "upgrade",
          "100-continue", "gzip, chunked", "websocket", "", "Chunked", "close, upgrade", "10", "3"]
METHODS = ["GET", "HEAD", "CONNECT", "POST", "OPTIONS"]
TARGETS = ["/", "example.com:443", "*", "/a?b=c"]
VERSIONS = ["", "1.1", "1.0", "2"]
OPS = {"Request": 0, "InformationalResponse": 1, "Response": 2, "Data": 3, "EndOfMessage": 4,
       "ConnectionClosed": 5}


def b(s):
    return s.encode("latin-1")


def pick(value, table, raw_max):
    """A dictionary index when the value is in the table, else raw bytes."""
    if value in table:
        return bytes([table.index(value)])
    raw = b(value)[:raw_max]
    return bytes([0x80 | len(raw)]) + raw


def encode_headers(headers):
    out = bytes([min(len(headers), 8)])
    for name, value in headers[:8]:
        out += pick(name, NAMES, 16) + pick(value, VALUES, 24)
    return out


def encode_event(ev, side):
    t = ev["type"]
    out = bytes([OPS[t] | side << 4])
    if t == "Request":
        out += pick(ev["method"], METHODS, 8) + pick(ev["target"], TARGETS, 16)
        out += pick(ev.get("http_version", ""), VERSIONS, 4) + encode_headers(ev["headers"])
    elif t in ("InformationalResponse", "Response"):
        s = ev["status_code"]
        lo = 100 if t == "InformationalResponse" else 200
        if lo <= s < lo + 0x80 and s < 1024:
            out += bytes([s - lo])
        else:
            out += bytes([0x80 | (s >> 3) & 0x7F, s & 7])
        out += pick(ev.get("http_version", ""), VERSIONS, 4)
        reason = b(ev.get("reason", ""))[:12]
        out += bytes([len(reason)]) + reason + encode_headers(ev["headers"])
    elif t == "Data":
        data = b(ev["data"])[:64]
        out += bytes([len(data)]) + data
    elif t == "EndOfMessage":
        out += encode_headers(ev.get("headers", []))
    return out


def write(outdir, target, blob):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(blob).hexdigest()), "wb") as f:
        f.write(blob)


def main():
    outdir = sys.argv[1]
    counts = {"receive": 0, "send": 0, "pair": 0}
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(VECTORS, fn), encoding="utf-8") as f:
            doc = json.load(f)
        for vec in doc["vectors"]:
            ops = b""
            received = b""
            eof = False
            method = 0
            for step in vec["steps"]:
                side = 0 if step.get("party", vec.get("role")) == "client" else 1
                op = step["op"]
                if op in ("receive", "feed"):
                    received += b(step["data"])
                    eof = eof or step.get("eof", False)
                elif op == "eof":
                    eof = True
                elif op == "send":
                    ev = step["event"]
                    if ev["type"] == "Request" and ev["method"] in RECEIVE_METHODS:
                        method = RECEIVE_METHODS.index(ev["method"])
                    ops += encode_event(ev, side)
                elif op == "passthrough":
                    ops += bytes([6 | side << 4, len(b(step["event"]["data"])[:64])])
                    ops += b(step["event"]["data"])[:64]
                elif op == "send_failed":
                    ops += bytes([7 | side << 4])
                elif op == "start_next_cycle":
                    ops += bytes([8 | side << 4])
            if vec["mode"] == "single":
                role = 0 if vec["role"] == "server" else 1
                if received:
                    cfg = role | method << 3 | (0x20 if eof else 0)
                    seed = hashlib.sha1(b(vec["name"])).digest()[0]
                    write(outdir, "receive", bytes([cfg, seed]) + received)
                    counts["receive"] += 1
                if ops:
                    write(outdir, "send", bytes([role ^ 1]) + ops)
                    counts["send"] += 1
            elif ops:
                write(outdir, "pair", ops)
                counts["pair"] += 1
    print("seed corpus: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
