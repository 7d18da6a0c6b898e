"""libh11's strict mode (h11_options_set_strict). Every scenario is
written twice: without options, where the expectation is plain h11 0.16.0,
and with {"strict": true}, where it comes from strict_oracle (h11 plus the
rule) and the vector is marked "deviation": "strict-mode"."""
from .recorder import EOM, Info, Request, Response

H = [("Host", "a")]
POSTCH = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

RECEIVED = {
    # RFC 9112 2.2
    "bare-lf-request": ("server", b"GET / HTTP/1.1\nHost: a\n\n"),
    "bare-lf-blank-line": ("server", b"GET / HTTP/1.1\r\nHost: a\r\n\n"),
    "bare-lf-response": ("client", b"HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n"),
    "bare-lf-trailer": ("server", POSTCH + b"0\r\nX: y\n\r\n"),
    "bare-lf-empty-trailer": ("server", POSTCH + b"0\r\n\n"),
    # RFC 9112 5.2
    "obs-fold-request": ("server", b"GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n"),
    "obs-fold-trailer": ("server", POSTCH + b"0\r\nX: b\r\n c\r\n\r\n"),
    # RFC 9112 7.1.1
    "chunk-ext-grammar": ("server", POSTCH + b'5;a=b ; c ;d = "q\\"t" \r\nhello\r\n0;x\r\n\r\n'),
    "chunk-ext-no-name": ("server", POSTCH + b"5;=b\r\nhello\r\n0\r\n\r\n"),
    "chunk-ext-empty": ("server", POSTCH + b"5;\r\nhello\r\n0\r\n\r\n"),
    "chunk-ext-bad-value": ("server", POSTCH + b"5;a=b c\r\nhello\r\n0\r\n\r\n"),
    "chunk-ext-open-quote": ("server", POSTCH + b'5;a="b\r\nhello\r\n0\r\n\r\n'),
    "chunk-ext-bare-cr": ("server", POSTCH + b"5;a=b\rc\r\nhello\r\n0\r\n\r\n"),
    "chunk-ext-nul": ("server", POSTCH + b'5;a="\x00"\r\nhello\r\n0\r\n\r\n'),
    "chunk-ext-last-chunk": ("server", POSTCH + b"5\r\nhello\r\n0;a=\x7f\r\n\r\n"),
    # RFC 9112 6.3
    "cl-te-request": ("server", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    "cl-te-response": ("client", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                                 b"Content-Length: 5\r\n\r\n0\r\n\r\n"),
    # RFC 9112 4
    "reason-control": ("client", b"HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n"),
    "reason-del-101": ("client", b"HTTP/1.1 101 X\x7f\r\n\r\n"),
    "reason-tab-obs-text": ("client", b"HTTP/1.1 200 O\tK\xff\r\nContent-Length: 0\r\n\r\n"),
    # h11's own errors come first
    "h11-error-first": ("server", b"GET / HTTP/1.1\nHost: a\nbad line\n\n"),
    "h11-chunk-error-first": ("server", POSTCH + b"5 ;a\r\nhello\r\n0\r\n\r\n"),
}


def received(role, data, options):
    def run(r):
        r.single(role, **options)
        if role == "client":
            r.send(Request("GET", "/", H))
            r.send(EOM())
        r.feed(data)
    return run


def sent(events, options):
    def run(r):
        r.pair(**options)
        for party, ev in events:
            r.send(ev, party=party)
            r.drain("server" if party == "client" else "client")
    return run


GET = ("client", Request("GET", "/", H))
SENT = {
    "send-reason-control": [GET, ("client", EOM()),
                            ("server", Response(200, [("Content-Length", "0")], reason="O\x01K")),
                            ("server", Response(200, [("Content-Length", "0")], reason="OK"))],
    "send-reason-nul": [GET, ("client", EOM()),
                        ("server", Info(100, reason="\x00")),
                        ("server", Response(200, [("Content-Length", "0")], reason="O\tK"))],
    "send-cl-te-request": [("client", Request("POST", "/", H + [("Content-Length", "5"),
                                                               ("Transfer-Encoding", "chunked")])),
                           ("client", Request("POST", "/", H + [("Content-Length", "0")]))],
    "send-cl-te-response": [GET, ("client", EOM()),
                            ("server", Response(200, [("Content-Length", "5"),
                                                      ("Transfer-Encoding", "chunked")])),
                            ("server", Response(200, [("Content-Length", "0")]))],
}


def scenarios():
    for mode, options in (("default", {}), ("strict", {"strict": True})):
        for name, (role, data) in RECEIVED.items():
            yield "strict-%s-%s" % (mode, name), received(role, data, options)
        for name, events in SENT.items():
            yield "strict-%s-%s" % (mode, name), sent(events, options)
