#!/usr/bin/env python3
"""h11 0.16.0 and httptools over bench/corpus, printing bench/run.sh's JSON
lines. h11 produces the same events libh11 does (receive_data, events until
EndOfMessage; the response that lets the next cycle start is not timed).
httptools gets callbacks that keep every header and body piece, as a
server built on it must."""
import json
import sys
import time

import h11

try:
    import httptools
except ImportError:
    httptools = None

CASES = [
    ("a", "a_minimal_get.http", 1, True),
    ("b", "b_browser_get.http", 1, True),
    ("c", "c_response_1k.http", 1, False),
    ("d", "d_chunked.http", 1, False),
    ("e", "e_pipelined32.http", 32, True),
]


def h11_round(buf, msgs, request, iters):
    timed = 0
    for _ in range(iters):
        if request:
            conn = h11.Connection(h11.SERVER)
        else:
            conn = h11.Connection(h11.CLIENT)
            conn.send(h11.Request(method="GET", target="/", headers=[("Host", "example.com")]))
            conn.send(h11.EndOfMessage())
        t0 = time.perf_counter_ns()
        conn.receive_data(buf)
        timed += time.perf_counter_ns() - t0
        for m in range(msgs):
            t0 = time.perf_counter_ns()
            while type(conn.next_event()) is not h11.EndOfMessage:
                pass
            timed += time.perf_counter_ns() - t0
            if request:
                conn.send(h11.Response(status_code=204, headers=[]))
                conn.send(h11.EndOfMessage())
                conn.start_next_cycle()
    return timed


class Sink:
    def __init__(self):
        self.headers = []
        self.body = []
        self.done = 0

    def on_url(self, url):
        self.url = url

    def on_header(self, name, value):
        self.headers.append((name, value))

    def on_body(self, body):
        self.body.append(body)

    def on_message_complete(self):
        self.done += 1


def httptools_round(buf, msgs, request, iters):
    t0 = time.perf_counter_ns()
    for _ in range(iters):
        sink = Sink()
        parser = (httptools.HttpRequestParser if request else httptools.HttpResponseParser)(sink)
        parser.feed_data(buf)
    timed = time.perf_counter_ns() - t0
    assert sink.done == msgs
    return timed


def measure(impl, fn, name, buf, msgs, request, target_ns):
    fn(buf, msgs, request, 2)
    iters = 1
    while True:
        ns = fn(buf, msgs, request, iters)
        if ns >= target_ns:
            break
        iters = iters * 16 if ns < target_ns / 64 else int(iters * target_ns / ns) + 1
    print(json.dumps({"impl": impl, "case": name, "path": "receive",
                      "ns_per_msg": round(ns / (iters * msgs), 2),
                      "bytes_per_msg": len(buf) / msgs, "msgs": iters * msgs}))
    sys.stdout.flush()


def main():
    corpus = sys.argv[1]
    target_ns = float(sys.argv[2] if len(sys.argv) > 2 else 40) * 1e6
    for name, file, msgs, request in CASES:
        with open(f"{corpus}/{file}", "rb") as f:
            buf = f.read()
        measure("h11 (Python)", h11_round, name, buf, msgs, request, target_ns)
        if httptools is not None:
            measure("httptools", httptools_round, name, buf, msgs, request, target_ns)


if __name__ == "__main__":
    main()
