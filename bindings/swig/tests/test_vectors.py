"""The shared vectors (tests/vectors/*.json, format in tests/vectors/README.md)
run through libh11's Python API, exactly as a program written for h11 would
drive it.

LIBH11_VECTORS_MODULE=h11 runs the same runner against the reference itself,
which checks the runner (vectors marked with a deviation are then skipped,
since they hold libh11's intended behaviour, not h11's).
"""

import importlib
import json
import os
from pathlib import Path

import pytest

h11 = importlib.import_module(os.environ.get("LIBH11_VECTORS_MODULE", "libh11"))

VECTOR_DIR = Path(os.environ.get(
    "LIBH11_VECTORS", Path(__file__).resolve().parents[3] / "tests" / "vectors"))
ROLES = {"client": h11.CLIENT, "server": h11.SERVER}
OTHER = {"client": "server", "server": "client"}


def load_vectors():
    vectors = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        for vector in json.loads(path.read_text())["vectors"]:
            vectors.append(pytest.param(vector, id=f"{path.stem}:{vector['name']}"))
    return vectors


def b(s):
    return s.encode("latin-1")


def j(x):
    return bytes(x).decode("latin-1")


class Payload:
    """Stands for a sendfile-style payload: only its length is used."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


def build_event(spec):
    """The event the vector sends, made with the public constructors (which
    may raise LocalProtocolError, as h11's do)."""
    kind = spec["type"]
    kw = {}
    for key, value in spec.items():
        if key == "type":
            continue
        if key == "headers":
            kw[key] = [(b(n), b(v)) for n, v in value]
        elif isinstance(value, str):
            kw[key] = b(value)
        else:
            kw[key] = value
    return getattr(h11, kind)(**kw)


def event_json(ev):
    if ev is h11.NEED_DATA:
        return {"type": "NEED_DATA"}
    if ev is h11.PAUSED:
        return {"type": "PAUSED"}
    kind = type(ev).__name__
    out = {"type": kind}
    if kind == "Request":
        out.update(method=j(ev.method), target=j(ev.target), http_version=j(ev.http_version))
    elif kind in ("InformationalResponse", "Response"):
        out.update(status_code=ev.status_code, reason=j(ev.reason),
                   http_version=j(ev.http_version))
    elif kind == "Data":
        out.update(data=j(ev.data), chunk_start=bool(ev.chunk_start),
                   chunk_end=bool(ev.chunk_end))
    if kind in ("Request", "InformationalResponse", "Response", "EndOfMessage"):
        out["headers"] = [[j(n), j(raw), j(v)] for (n, v), (raw, _) in
                          zip(ev.headers, ev.headers.raw_items())]
    return out


def merge_data(events):
    out = []
    for ev in events:
        if ev["type"] == "Data":
            if out and out[-1]["type"] == "Data":
                out[-1] = {"type": "Data", "data": out[-1]["data"] + ev["data"]}
                continue
            ev = {"type": "Data", "data": ev["data"]}
        out.append(ev)
    return out


def error_json(exc):
    if isinstance(exc, RuntimeError):
        return {"kind": "data_after_eof"}
    kind = {h11.LocalProtocolError: "local", h11.RemoteProtocolError: "remote"}.get(type(exc))
    if kind is None:
        raise exc
    return {"kind": kind, "hint": exc.error_status_hint, "message": str(exc)}


def snapshot(conn):
    thv = conn.their_http_version
    data, eof = conn.trailing_data
    return {
        "states": [repr(conn.states[h11.CLIENT]), repr(conn.states[h11.SERVER])],
        "conn": [None if thv is None else j(thv),
                 bool(conn.client_is_waiting_for_100_continue),
                 bool(conn.they_are_waiting_for_100_continue),
                 j(data), bool(eof)],
    }


class Run:
    def __init__(self, vector, split):
        self.vector = vector
        self.split = split  # None, a cut point, or "bytes"
        options = vector.get("options", {})
        if vector["mode"] == "single":
            self.conns = {vector["role"]: h11.Connection(ROLES[vector["role"]], **options)}
        else:
            self.conns = {r: h11.Connection(ROLES[r], **options) for r in ROLES}

    def fail(self, i, what, got, want):
        pytest.fail(f"split={self.split} step {i} ({self.vector['steps'][i]['op']}): "
                    f"{what}: got {got!r}, want {want!r}")

    def check(self, i, what, got, want):
        if got != want:
            self.fail(i, what, got, want)

    def deliver(self, party, data, closed):
        if self.vector["mode"] != "pair":
            return
        peer = self.conns[OTHER[party]]
        if data:
            peer.receive_data(data)
        if closed:
            peer.receive_data(b"")

    def drain(self, conn, events):
        while True:
            try:
                ev = conn.next_event()
            except h11.ProtocolError as exc:
                return "ERROR", error_json(exc)
            if ev is h11.NEED_DATA or ev is h11.PAUSED:
                return repr(ev), None
            events.append(event_json(ev))
            if type(ev) is h11.ConnectionClosed:
                return "CLOSED", None

    def step(self, i, step):
        party = step.get("party", self.vector.get("role"))
        conn = self.conns[party]
        op = step["op"]
        err = None
        if op == "receive":
            try:
                conn.receive_data(b(step["data"]))
            except RuntimeError as exc:
                err = error_json(exc)
        elif op == "eof":
            conn.receive_data(b"")
        elif op == "next":
            try:
                self.check(i, "event", event_json(conn.next_event()), step.get("expect"))
            except h11.ProtocolError as exc:
                err = error_json(exc)
        elif op == "feed":
            data = b(step["data"])
            pieces = [data] if data else []
            if step.get("splits") == "every-byte" and self.split is not None:
                if self.split == "bytes":
                    pieces = [data[k:k + 1] for k in range(len(data))]
                else:
                    pieces = [data[:self.split], data[self.split:]]
            events, end = [], None
            for piece in pieces:
                conn.receive_data(piece)
                if err is None:
                    end, err = self.drain(conn, events)
            if step["eof"]:
                conn.receive_data(b"")
                if err is None:
                    end, err = self.drain(conn, events)
            if self.split is None:
                self.check(i, "events", events, step["events"])
            else:
                self.check(i, "merged events", merge_data(events), merge_data(step["events"]))
            self.check(i, "end", end, step["end"])
        elif op in ("send", "passthrough"):
            try:
                if op == "send":
                    out = conn.send(build_event(step["event"]))
                    self.check(i, "bytes", None if out is None else j(out), step.get("bytes"))
                    self.deliver(party, out, out is None)
                else:
                    data = b(step["event"]["data"])
                    marker = Payload(len(data))
                    pieces = conn.send_with_data_passthrough(h11.Data(data=marker))
                    idx = [k for k, p in enumerate(pieces) if p is marker]
                    cut = idx[0] if idx else len(pieces)
                    before = b"".join(pieces[:cut])
                    after = b"".join(pieces[cut + 1:])
                    self.check(i, "passthrough",
                               {"before": j(before), "after": j(after), "with_data": bool(idx)},
                               {k: step.get(k) for k in ("before", "after", "with_data")})
                    self.deliver(party, before + (data if idx else b"") + after, False)
            except h11.ProtocolError as exc:
                err = error_json(exc)
        elif op == "send_failed":
            conn.send_failed()
        elif op == "start_next_cycle":
            try:
                conn.start_next_cycle()
            except h11.ProtocolError as exc:
                err = error_json(exc)
        else:
            pytest.fail(f"unknown op {op!r}")
        self.check(i, "error", err, step.get("error"))
        snap = snapshot(conn)
        self.check(i, "states", snap["states"], step["states"])
        self.check(i, "conn", snap["conn"], step["conn"])
        if "peer_states" in step:
            self.check(i, "peer_states", snapshot(self.conns[OTHER[party]])["states"],
                       step["peer_states"])

    def run(self):
        for i, step in enumerate(self.vector["steps"]):
            self.step(i, step)


def splits(vector):
    for step in vector["steps"]:
        if step.get("splits") == "every-byte":
            n = len(step["data"])
            return [None, *range(1, n), "bytes"]
    return [None]


@pytest.mark.parametrize("vector", load_vectors())
def test_vector(vector):
    # Strict mode is libh11's (Connection(..., strict=True)); h11 has none.
    if h11.__name__ == "h11" and vector.get("options", {}).get("strict"):
        pytest.skip("strict mode is libh11's own; h11 has none")
    if h11.__name__ == "h11" and "deviation" in vector:
        pytest.skip("holds libh11's deliberate deviation from h11")
    for split in splits(vector):
        Run(vector, split).run()
