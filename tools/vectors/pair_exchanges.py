"""A client and a server wired together: each exchange is checked from both
ends (the sender's bytes and states, the receiver's events and states).
Request method x body framing x keep-alive/close x Expect: 100-continue x
Upgrade, answered with the statuses and response framings in turn."""
import itertools

from .common import METHODS, REASONS, STATUSES, option_headers, slug
from .recorder import EOM, Data, Info, Request, Response

REQ_FRAMINGS = ["none", "content-length", "chunked"]
RESP_FRAMINGS = ["none", "content-length", "chunked"]


def _framing_headers(framing, length):
    if framing == "content-length":
        return [("Content-Length", str(length))]
    if framing == "chunked":
        return [("Transfer-Encoding", "chunked")]
    return []


def _scenario(method, target, framing, close, expect, upgrade, status, resp_framing):
    headers = ([("Host", "example.com")] + _framing_headers(framing, 11)
               + option_headers(close, expect, upgrade))

    def run(r):
        r.pair()
        r.send(Request(method, target, headers), party="client")
        r.drain("server")
        if expect:
            r.send(Info(100, reason="Continue"), party="server")
            r.drain("client")
        if framing != "none":
            r.send(Data("hello"), party="client")
            r.send(Data(" world"), party="client")
            r.drain("server")
        r.send(EOM([("X-Checksum", "abc")] if framing == "chunked" else []),
               party="client")
        r.drain("server")
        if status == 101:
            r.send(Info(101, [("Upgrade", "websocket")]), party="server")
            r.drain("client")
            return
        if status == 100:
            r.send(Info(100), party="server")
            r.drain("client")
        final = 200 if status < 200 else status
        body = b"response!"
        r.send(Response(final, _framing_headers(resp_framing, len(body)),
                        reason=REASONS[final]), party="server")
        r.drain("client")
        if r.conns["server"].our_state.__name__ == "SEND_BODY" and not (
                method == "HEAD" or final in (204, 304)):
            r.send(Data(body), party="server")
            r.drain("client")
        r.send(EOM(), party="server")
        r.drain("client")
        r.start_next_cycle(party="client")
        r.start_next_cycle(party="server")
        if r.conns["client"].our_state.__name__ == "MUST_CLOSE":
            r.send({"type": "ConnectionClosed"}, party="client")
            r.drain("server")
    return run


def scenarios():
    combos = itertools.product(METHODS, REQ_FRAMINGS, [False, True], [False, True],
                               [False, True])
    for i, ((method, target), framing, close, expect, upgrade) in enumerate(combos):
        status = STATUSES[i % len(STATUSES)]
        resp_framing = RESP_FRAMINGS[(i // len(STATUSES)) % len(RESP_FRAMINGS)]
        name = slug("pair", method, framing, "close" if close else "keepalive",
                    "expect100" if expect else "noexpect",
                    "upgrade" if upgrade else "noupgrade", status, resp_framing)
        yield name, _scenario(method, target, framing, close, expect, upgrade,
                              status, resp_framing)
