"""A client reading responses: request method x response version x status
x framing (none = until EOF, Content-Length, chunked) x keep-alive/close,
fed whole, cut at every byte and byte by byte."""
import itertools

from .common import METHODS, REASONS, STATUSES, VERSIONS, body_for, head, slug
from .recorder import EOM, Request

FRAMINGS = ["until-eof", "content-length", "chunked"]


def _scenario(method, target, version, status, framing, close):
    req_headers = [("Host", "example.com")]
    if status == 101:
        req_headers += [("Upgrade", "websocket"), ("Connection", "Upgrade")]
    fh, body = body_for(framing)
    resp_headers = [("Server", "test")] + fh
    if close:
        resp_headers.append(("Connection", "close"))
    raw = b""
    final = status
    if status == 100:
        raw += head("HTTP/%s 100 Continue" % version, [])
        final = 200
    if status == 101:
        raw += head("HTTP/%s 101 Switching Protocols" % version,
                    [("Upgrade", "websocket"), ("Connection", "Upgrade")])
        raw += b"\x81\x05hello"  # first bytes of the new protocol
    else:
        raw += head("HTTP/%s %d %s" % (version, final, REASONS[final]), resp_headers)
        raw += body
    # Only a message without a length needs EOF to end; others get it
    # anyway when the server said it would close.
    eof = framing == "until-eof" or close

    def run(r):
        r.single("client")
        r.send(Request(method, target, req_headers))
        r.send(EOM())
        r.feed(raw, eof=eof)
        r.start_next_cycle()
        r.next()
    return run


def scenarios():
    for (method, target), version, status, framing, close in itertools.product(
            METHODS, VERSIONS, STATUSES, FRAMINGS, [False, True]):
        name = slug("cli-resp", method, "http" + version, status, framing,
                    "close" if close else "keepalive")
        yield name, _scenario(method, target, version, status, framing, close)
