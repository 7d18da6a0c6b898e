#!/usr/bin/env python3
"""libh11 (the SWIG binding), h11 0.16.0 and httptools side by side, in one
process, on the same bytes (bench/corpus):

receive  a server reading requests on one keep-alive connection: the bytes of
         one request are received and parsed into events (h11 API: until
         EndOfMessage; httptools: feed_data with callbacks that keep the URL,
         every header and the body, as a server built on it must). Only that
         is timed; the h11-API servers' response and start_next_cycle, needed
         before the next request, are not. No parser is created in the timed
         part, for any of the three.
cycle    a full keep-alive cycle: receive and parse the request, build and
         send a 200 response with two headers and a 1 KiB body, get ready for
         the next request. httptools has no serialiser, so its cycle formats
         the same response bytes by hand, as servers built on it do.

Rounds are interleaved (libh11, h11, httptools, libh11, ...) and the best
round counts, which filters out noise from other processes on the machine.

    python3 bench/python/bench_python.py [--rounds N] [--ms MS] [--json]

Instruction counts are steadier than times on a shared machine. --loop runs
one workload untimed, N times, and nothing else; under callgrind, the count
for N minus the count for 0, divided by N, is the cost of one message:

    PYTHONHASHSEED=0 valgrind --tool=callgrind python3.11 \
        bench/python/bench_python.py --loop libh11:a:cycle:10000
"""

import argparse
import json
import sys
import time
from pathlib import Path

import h11
import httptools

import libh11

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# The httptools callbacks a server needs, shared with the C suite's peers.
sys.path.insert(0, str(CORPUS.parent / "peers"))
from python_peers import Sink  # noqa: E402
CASES = [("a", "a_minimal_get.http"), ("b", "b_browser_get.http")]
BODY = b"x" * 1024


def h11_api_receive(mod, request):
    """(run(n) -> ns) for the receive workload on an h11-API module."""
    EOM = mod.EndOfMessage
    conn = mod.Connection(mod.SERVER)
    reply = mod.Response(status_code=204, headers=[])
    end = mod.EndOfMessage()

    def run(n):
        timed = 0
        clock = time.perf_counter_ns
        for _ in range(n):
            t0 = clock()
            conn.receive_data(request)
            while type(conn.next_event()) is not EOM:
                pass
            timed += clock() - t0
            conn.send(reply)
            conn.send(end)
            conn.start_next_cycle()
        return timed

    return run


def h11_api_cycle(mod, request):
    EOM = mod.EndOfMessage
    Response, Data = mod.Response, mod.Data
    conn = mod.Connection(mod.SERVER)
    length = str(len(BODY)).encode()

    def run(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            conn.receive_data(request)
            while type(conn.next_event()) is not EOM:
                pass
            out = conn.send(Response(status_code=200, headers=[
                (b"Content-Type", b"text/plain"), (b"Content-Length", length)]))
            out += conn.send(Data(data=BODY))
            out += conn.send(EOM())
            conn.start_next_cycle()
        return time.perf_counter_ns() - t0

    return run


def httptools_receive(request):
    sink = Sink()
    parser = httptools.HttpRequestParser(sink)

    def run(n):
        timed = 0
        clock = time.perf_counter_ns
        for _ in range(n):
            sink.headers = []
            t0 = clock()
            parser.feed_data(request)
            timed += clock() - t0
        return timed

    return run


def httptools_cycle(request):
    sink = Sink()
    parser = httptools.HttpRequestParser(sink)
    length = str(len(BODY)).encode()

    def run(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            sink.headers = []
            parser.feed_data(request)
            out = b"".join([b"HTTP/1.1 200 OK\r\n", b"Content-Type: text/plain\r\n",
                            b"Content-Length: ", length, b"\r\n\r\n"])
            out += BODY
        return time.perf_counter_ns() - t0

    return run


def calibrate(run, ms):
    n = 16
    while True:
        ns = run(n)
        if ns >= ms * 1e6 / 4:
            return max(1, int(n * ms * 1e6 / ns))
        n *= 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--ms", type=float, default=200, help="timed milliseconds per round")
    ap.add_argument("--json", action="store_true", help="also print JSON lines")
    ap.add_argument("--loop", metavar="IMPL:CASE:WORKLOAD:N",
                    help="only run one workload N times, untimed (libh11 or h11; a or b; "
                         "receive or cycle), for instruction counting")
    args = ap.parse_args()

    if args.loop:
        impl, case, path, n = args.loop.split(":")
        request = (CORPUS / dict(CASES)[case]).read_bytes()
        workload = {"receive": h11_api_receive, "cycle": h11_api_cycle}[path]
        workload({"libh11": libh11, "h11": h11}[impl], request)(int(n))
        return

    benches = []
    for case, file in CASES:
        request = (CORPUS / file).read_bytes()
        for path, api, tools in (("receive", h11_api_receive, httptools_receive),
                                 ("cycle", h11_api_cycle, httptools_cycle)):
            benches.append((case, path, {
                "libh11": api(libh11, request),
                "h11": api(h11, request),
                "httptools": tools(request),
            }))

    results = {}
    for case, path, runs in benches:
        iters = {impl: calibrate(run, args.ms) for impl, run in runs.items()}
        best = {impl: float("inf") for impl in runs}
        for _ in range(args.rounds):
            for impl, run in runs.items():
                best[impl] = min(best[impl], run(iters[impl]) / iters[impl])
        results[(case, path)] = best

    print(f"Python {sys.version.split()[0]}, h11 {h11.__version__}, "
          f"httptools {httptools.__version__}, libh11 {libh11.PRODUCT_ID}; "
          f"best of {args.rounds} rounds of ~{args.ms:.0f} ms, ns per message")
    print()
    print("| case | workload | libh11 | h11 | httptools | h11 / libh11 | httptools / libh11 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (case, path), best in results.items():
        lib = best["libh11"]
        print(f"| {case} | {path} | {lib:,.0f} | {best['h11']:,.0f} | {best['httptools']:,.0f} "
              f"| {best['h11'] / lib:.1f}x | {best['httptools'] / lib:.2f}x |")
        if args.json:
            for impl, ns in best.items():
                print(json.dumps({"impl": impl, "case": case, "path": path,
                                  "ns_per_msg": round(ns, 1)}), file=sys.stderr)


if __name__ == "__main__":
    main()
