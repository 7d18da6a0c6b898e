"""A server reading requests: every method x HTTP version x body framing x
keep-alive/close x Expect: 100-continue x Upgrade, fed whole, cut at every
byte and byte by byte; then answered, to see what keep-alive, switching and
100-continue made of the states."""
import itertools

from .common import METHODS, VERSIONS, body_for, head, option_headers, slug
from .recorder import EOM, Data, Info, Response

FRAMINGS = ["none", "content-length", "chunked"]


def _scenario(method, target, version, framing, close, expect, upgrade, accept):
    headers = []
    if version == "1.1":
        headers.append(("Host", "example.com"))
    fh, body = body_for(framing)
    headers += fh + option_headers(close, expect, upgrade)
    if upgrade and not close:
        headers.append(("Connection", "Upgrade"))
    raw_head = head("%s %s HTTP/%s" % (method, target, version), headers)

    def run(r):
        r.single("server")
        if expect and body:
            r.feed(raw_head)
            r.send(Info(100))
            r.feed(body, split=False)
        else:
            r.feed(raw_head + body)
        if accept and upgrade:
            r.send(Info(101, [("Upgrade", "websocket"), ("Connection", "Upgrade")]))
            r.next()
            return
        if accept and method == "CONNECT":
            r.send(Response(200, reason="Connection established"))
            r.next()
            return
        r.send(Response(200, [("Content-Type", "text/plain")], reason="OK"))
        if method != "HEAD":  # a HEAD response has no body; see errors.json
            r.send(Data("response body"))
        r.send(EOM())
        r.start_next_cycle()
        r.next()
    return run


def scenarios():
    for (method, target), version, framing, close, expect, upgrade in itertools.product(
            METHODS, VERSIONS, FRAMINGS, [False, True], [False, True], [False, True]):
        accepts = [False, True] if (upgrade or method == "CONNECT") else [False]
        for accept in accepts:
            name = slug("srv-req", method, "http" + version, framing,
                        "close" if close else "keepalive",
                        "expect100" if expect else "noexpect",
                        "upgrade" if upgrade else "noupgrade",
                        "accept" if accept else "")
            yield name.rstrip("-"), _scenario(method, target, version, framing, close,
                                              expect, upgrade, accept)
