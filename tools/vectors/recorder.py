"""Drives the reference h11 0.16.0 and records what it did as vector steps.

A scenario is a plain function that takes a Recorder and calls its methods
(feed, next, send, ...). Every call is performed on real h11 connections and
the outcome (events, bytes, errors, states) is what gets written: nothing in a
vector's expectations is typed in by hand. The only exception is the
deviation table in deviations.py, applied here at the two points where libh11
differs on purpose.
"""
import h11

from . import deviations, strict_oracle

MODE_SINGLE = "single"
MODE_PAIR = "pair"

_ROLES = {"client": h11.CLIENT, "server": h11.SERVER}


def b(x):
    """Scenario convenience: str (ASCII/latin-1) or bytes -> bytes."""
    if isinstance(x, str):
        return x.encode("latin-1")
    return bytes(x)


def j(x):
    """bytes -> the JSON form: one character U+0000..U+00FF per byte."""
    return bytes(x).decode("latin-1")


# ----------------------------------------------------------- event specs
# Events to send are plain dicts holding exactly the fields given to h11's
# constructor, so the same dict becomes both the h11 event and its JSON.

def Request(method, target, headers, http_version=None):
    ev = {"type": "Request", "method": b(method), "target": b(target),
          "headers": [(b(n), b(v)) for n, v in headers]}
    if http_version is not None:
        ev["http_version"] = b(http_version)
    return ev


def _response(kind, status_code, headers, reason, http_version):
    ev = {"type": kind, "status_code": status_code,
          "headers": [(b(n), b(v)) for n, v in headers]}
    if reason is not None:
        ev["reason"] = b(reason)
    if http_version is not None:
        ev["http_version"] = b(http_version)
    return ev


def Response(status_code, headers=(), reason=None, http_version=None):
    return _response("Response", status_code, headers, reason, http_version)


def Info(status_code, headers=(), reason=None, http_version=None):
    return _response("InformationalResponse", status_code, headers, reason,
                     http_version)


def Data(data):
    return {"type": "Data", "data": b(data)}


def EOM(headers=()):
    return {"type": "EndOfMessage", "headers": [(b(n), b(v)) for n, v in headers]}


def Closed():
    return {"type": "ConnectionClosed"}


def to_h11(spec):
    """Builds the h11 event; raises h11.LocalProtocolError like h11 does."""
    t = spec["type"]
    kw = {k: v for k, v in spec.items() if k != "type"}
    return getattr(h11, t)(**kw)


def spec_json(spec):
    out = {"type": spec["type"]}
    for k, v in spec.items():
        if k == "type":
            continue
        if k == "headers":
            out[k] = [[j(n), j(v)] for n, v in v]
        elif isinstance(v, (bytes, bytearray)):
            out[k] = j(v)
        else:
            out[k] = v
    return out


def event_json(ev):
    """A received event (or NEED_DATA / PAUSED) with every field."""
    if ev is h11.NEED_DATA:
        return {"type": "NEED_DATA"}
    if ev is h11.PAUSED:
        return {"type": "PAUSED"}
    t = type(ev).__name__
    out = {"type": t}
    if t == "Request":
        out["method"] = j(ev.method)
        out["target"] = j(ev.target)
        out["http_version"] = j(ev.http_version)
    elif t in ("InformationalResponse", "Response"):
        out["status_code"] = ev.status_code
        out["reason"] = j(ev.reason)
        out["http_version"] = j(ev.http_version)
    elif t == "Data":
        out["data"] = j(ev.data)
        out["chunk_start"] = bool(ev.chunk_start)
        out["chunk_end"] = bool(ev.chunk_end)
    if t in ("Request", "InformationalResponse", "Response", "EndOfMessage"):
        out["headers"] = [[j(n), j(raw), j(v)] for (n, v), (raw, _) in
                          zip(ev.headers, ev.headers.raw_items())]
    return out


def error_json(kind, exc):
    return {"kind": kind, "hint": exc.error_status_hint, "message": str(exc)}


def merge_data(events):
    """Adjacent Data events merged, chunk flags dropped: what must not depend
    on how the input was split."""
    out = []
    for ev in events:
        if ev["type"] == "Data":
            if out and out[-1]["type"] == "Data":
                out[-1] = {"type": "Data", "data": out[-1]["data"] + ev["data"]}
                continue
            ev = {"type": "Data", "data": ev["data"]}
        out.append(ev)
    return out


def snapshot(conn):
    thv = conn.their_http_version
    data, eof = conn.trailing_data
    return {
        "states": [conn.states[h11.CLIENT].__name__, conn.states[h11.SERVER].__name__],
        "conn": [None if thv is None else j(thv),
                 bool(conn.client_is_waiting_for_100_continue),
                 bool(conn.they_are_waiting_for_100_continue),
                 j(data), bool(eof)],
    }


class Recorder:
    """split: None for one piece per feed, an int k to cut the splittable
    feed at k, or "bytes" to feed it byte by byte."""

    def __init__(self, split=None):
        self.split = split
        self.mode = None
        self.steps = []
        self.deviation = None
        self.split_step = None  # index of the feed step that may be split
        self.options = {}

    # ------------------------------------------------------------ setup
    def single(self, role, **options):
        self.mode = MODE_SINGLE
        self.role = role
        self.options = options
        self.conns = {role: self._new_conn(role)}
        return self

    def pair(self, **options):
        self.mode = MODE_PAIR
        self.role = None
        self.options = options
        self.conns = {r: self._new_conn(r) for r in _ROLES}
        return self

    def _new_conn(self, role):
        """h11's Connection, or with options["strict"] the strict-mode
        oracle, whose vectors are marked as libh11's own behaviour."""
        options = dict(self.options)
        if options.pop("strict", False):
            self._mark(strict_oracle.STRICT_MODE)
            return strict_oracle.StrictConnection(_ROLES[role], **options)
        return h11.Connection(_ROLES[role], **options)

    def _conn(self, party):
        if party is None:
            assert self.mode == MODE_SINGLE
            return self.role, self.conns[self.role]
        return party, self.conns[party]

    def _peer(self, party):
        return "server" if party == "client" else "client"

    def _mark(self, dev_id):
        assert self.deviation in (None, dev_id), "one deviation per vector"
        self.deviation = dev_id

    def _record(self, step, party, peer_too=False):
        name, conn = self._conn(party)
        if self.mode == MODE_PAIR:
            step = {"party": name, **step}
        step.update(snapshot(conn))
        if self.mode == MODE_PAIR:
            step["peer_states"] = snapshot(self.conns[self._peer(name)])["states"]
        self.steps.append(step)
        return step

    # ------------------------------------------------------------ input
    def receive(self, data, party=None):
        name, conn = self._conn(party)
        data = b(data)
        assert data, "use eof() for end of input"
        step = {"op": "receive", "data": j(data)}
        try:
            conn.receive_data(data)
        except RuntimeError:
            step["error"] = {"kind": "data_after_eof"}
        return self._record(step, party)

    def eof(self, party=None):
        name, conn = self._conn(party)
        conn.receive_data(b"")
        return self._record({"op": "eof"}, party)

    def _next(self, conn):
        """One next_event; returns (event_json or None, error_json or None)."""
        server_before = conn.states[h11.SERVER]
        try:
            return event_json(conn.next_event()), None
        except h11.RemoteProtocolError as exc:
            return None, error_json("remote", exc)
        except AttributeError as exc:
            dev_id, err = deviations.on_exception(exc, "remote", server_before)
            self._mark(dev_id)
            return None, err

    def next(self, party=None):
        name, conn = self._conn(party)
        ev, err = self._next(conn)
        step = {"op": "next"}
        if err:
            step["error"] = err
        else:
            step["expect"] = ev
        return self._record(step, party)

    def drain(self, party=None):
        """One "next" step per next_event call until NEED_DATA, PAUSED,
        ConnectionClosed or an error."""
        while True:
            step = self.next(party)
            if "error" in step or step["expect"]["type"] in (
                    "NEED_DATA", "PAUSED", "ConnectionClosed"):
                return step

    def _drain(self, conn, events):
        """next_event until it needs data, pauses, closes or fails.
        Returns the end marker and the error if any."""
        while True:
            ev, err = self._next(conn)
            if err:
                return "ERROR", err
            if ev["type"] in ("NEED_DATA", "PAUSED"):
                return ev["type"], None
            events.append(ev)
            if ev["type"] == "ConnectionClosed":
                return "CLOSED", None

    def feed(self, data, eof=False, split=True, party=None):
        """receive_data then next_event until NEED_DATA / PAUSED /
        ConnectionClosed / error, per piece; then EOF and the same again if
        eof. After an error the remaining pieces (and EOF) are still given to
        receive_data, so trailing_data does not depend on the cut."""
        name, conn = self._conn(party)
        data = b(data)
        assert data or eof
        pieces = [data] if data else []
        splittable = split and len(data) >= 2 and self.split_step is None
        if splittable:
            self.split_step = len(self.steps)
            if self.split == "bytes":
                pieces = [data[i:i + 1] for i in range(len(data))]
            elif isinstance(self.split, int):
                pieces = [data[:self.split], data[self.split:]]
        events = []
        end, err = None, None
        for piece in pieces:
            conn.receive_data(piece)
            if err is None:
                end, err = self._drain(conn, events)
        if eof:
            conn.receive_data(b"")
            if err is None:
                end, err = self._drain(conn, events)
        step = {"op": "feed", "data": j(data), "eof": eof, "events": events, "end": end}
        if err:
            step["error"] = err
        return self._record(step, party)

    # ----------------------------------------------------------- output
    def _deliver(self, party, data, closed):
        """Pair mode: what one side wrote is what the other receives."""
        if self.mode != MODE_PAIR:
            return
        peer = self.conns[self._peer(party)]
        if data:
            peer.receive_data(data)
        if closed:
            peer.receive_data(b"")

    def _guarded(self, conn, step, spec, call):
        """Runs call() (a send); fills step with the result or error."""
        dev = deviations.before_send(spec)
        if dev:
            dev_id, err = dev
            self._mark(dev_id)
            step["error"] = err
            return None
        try:
            ev = to_h11(spec)
        except h11.LocalProtocolError as exc:
            step["error"] = error_json("local", exc)
            return None
        server_before = conn.states[h11.SERVER]
        try:
            return call(ev)
        except h11.LocalProtocolError as exc:
            step["error"] = error_json("local", exc)
        except AttributeError as exc:
            dev_id, err = deviations.on_exception(exc, "local", server_before)
            self._mark(dev_id)
            step["error"] = err
        return None

    def send(self, spec, party=None):
        name, conn = self._conn(party)
        step = {"op": "send", "event": spec_json(spec)}
        out = []
        self._guarded(conn, step, spec, lambda ev: out.append(conn.send(ev)))
        if "error" not in step:
            data = out[0]
            step["bytes"] = None if data is None else j(data)
            self._deliver(name, data, data is None)
        return self._record(step, party)

    def passthrough(self, data, party=None):
        """send_with_data_passthrough(Data(data)): the payload is an object
        only h11 sees the length of; the pieces around it are the framing."""
        name, conn = self._conn(party)
        spec = Data(data)
        step = {"op": "passthrough", "event": spec_json(spec)}
        marker = _Payload(len(spec["data"]))
        out = []

        def call(ev):
            out.append(conn.send_with_data_passthrough(h11.Data(data=marker)))
        self._guarded(conn, step, spec, call)
        if "error" not in step:
            pieces = out[0]
            idx = [i for i, p in enumerate(pieces) if p is marker]
            if idx:
                before, after = pieces[:idx[0]], pieces[idx[0] + 1:]
            else:
                before, after = pieces, []
            before, after = b"".join(before), b"".join(after)
            step["before"] = j(before)
            step["after"] = j(after)
            step["with_data"] = bool(idx)
            self._deliver(name, before + (spec["data"] if idx else b"") + after, False)
        return self._record(step, party)

    def send_failed(self, party=None):
        name, conn = self._conn(party)
        conn.send_failed()
        return self._record({"op": "send_failed"}, party)

    def start_next_cycle(self, party=None):
        name, conn = self._conn(party)
        step = {"op": "start_next_cycle"}
        try:
            conn.start_next_cycle()
        except h11.LocalProtocolError as exc:
            step["error"] = error_json("local", exc)
        return self._record(step, party)

    # ------------------------------------------------------------ result
    def vector(self, name):
        v = {"name": name, "mode": self.mode}
        if self.mode == MODE_SINGLE:
            v["role"] = self.role
        if self.options:
            v["options"] = self.options
        if self.deviation:
            v["deviation"] = self.deviation
        v["steps"] = self.steps
        return v


class _Payload:
    """Stands for the caller's data in send_with_data_passthrough: h11 only
    asks for its length."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n
