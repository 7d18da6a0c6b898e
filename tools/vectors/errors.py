"""Every protocol error h11 0.16.0 can raise through a connection (behaviour
digest section 2.3, E3-E40 but the Python-only E7), on the sending and on the
receiving side where both exist, plus the two deliberate deviations."""
from .recorder import EOM, Closed, Data, Info, Request, Response

HOST = [("Host", "example.com")]
GET11 = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
POST_CHUNKED = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"


def server_reads(data, eof=False, split=True, then_next=True, **options):
    def run(r):
        r.single("server", **options)
        r.feed(data, eof=eof, split=split)
        if then_next:
            r.next()  # the error is sticky: E31 from now on
    return run


def client_reads(data, eof=False, method="GET", headers=HOST):
    def run(r):
        r.single("client")
        r.send(Request(method, "/", headers))
        r.send(EOM())
        r.feed(data, eof=eof)
        r.next()
    return run


def client_sends(*events):
    def run(r):
        r.single("client")
        for ev in events:
            r.send(ev)
    return run


def server_sends(request, *events):
    def run(r):
        r.single("server")
        r.feed(request, split=False)
        for ev in events:
            r.send(ev)
    return run


def construction_errors():
    """Event constructor errors (E3-E6, E8-E15): refused before any state
    change, on either side."""
    bad_requests = {
        "missing-host": Request("GET", "/", []),
        "missing-host-explicit-11": Request("GET", "/", [], http_version="1.1"),
        "two-hosts": Request("GET", "/", HOST + [("host", "b")]),
        "two-hosts-http10": Request("GET", "/", HOST + HOST, http_version="1.0"),
        "method-empty": Request("", "/", HOST),
        "method-space": Request("GE T", "/", HOST),
        "method-nul": Request("GET\x00", "/", HOST),
        "method-paren": Request("G(ET", "/", HOST),
        "method-8bit": Request("G\xe9T", "/", HOST),
        "target-empty": Request("GET", "", HOST),
        "target-space": Request("GET", "/a b", HOST),
        "target-del": Request("GET", "/\x7f", HOST),
        "target-8bit": Request("GET", "/\xff", HOST),
        "target-crlf": Request("GET", "/\r\n", HOST),
        "header-name-space": Request("GET", "/", HOST + [("a b", "c")]),
        "header-name-empty": Request("GET", "/", HOST + [("", "c")]),
        "header-name-colon": Request("GET", "/", HOST + [("a:", "c")]),
        "header-name-8bit": Request("GET", "/", HOST + [("\x80x", "c")]),
        "header-value-leading-space": Request("GET", "/", HOST + [("a", " c")]),
        "header-value-trailing-tab": Request("GET", "/", HOST + [("a", "c\t")]),
        "header-value-crlf": Request("GET", "/", HOST + [("a", "b\r\nEvil: yes")]),
        "header-value-nul": Request("GET", "/", HOST + [("a", "b\x00c")]),
        "header-value-vt": Request("GET", "/", HOST + [("a", "b\x0bc")]),
        "header-value-quote-repr": Request("GET", "/", HOST + [("a", "it's \"x\"\n")]),
        "content-length-conflict": Request("POST", "/", HOST + [("Content-Length", "1"),
                                                                  ("Content-Length", "2")]),
        "content-length-list-conflict": Request("POST", "/", HOST + [("Content-Length", "1, 2")]),
        "content-length-empty-piece": Request("POST", "/", HOST + [("Content-Length", "5,")]),
        "content-length-empty": Request("POST", "/", HOST + [("Content-Length", "")]),
        "content-length-plus": Request("POST", "/", HOST + [("Content-Length", "+1")]),
        "content-length-hex": Request("POST", "/", HOST + [("Content-Length", "0x10")]),
        "content-length-21-digits": Request("POST", "/", HOST + [("Content-Length", "1" * 21)]),
        "transfer-encoding-twice": Request("POST", "/", HOST + [
            ("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")]),
        "transfer-encoding-gzip": Request("POST", "/", HOST + [("Transfer-Encoding", "gzip")]),
        "transfer-encoding-list": Request("POST", "/", HOST + [
            ("Transfer-Encoding", "gzip, chunked")]),
    }
    for name, ev in bad_requests.items():
        yield "err-construct-request-" + name, client_sends(ev, Request("GET", "/", HOST))
    bad_responses = {
        "info-99": Info(99), "info-200": Info(200), "info-negative": Info(-100),
        "response-199": Response(199), "response-100": Response(100),
        "response-1000": Response(1000),
        "response-header-name": Response(200, [("bad name", "x")]),
        "response-header-value": Response(200, [("x", "\x00")]),
        "response-te-gzip": Response(200, [("Transfer-Encoding", "GZIP")]),
        "response-cl-conflict": Response(200, [("Content-Length", "1"), ("content-length", "2")]),
    }
    for name, ev in bad_responses.items():
        yield "err-construct-" + name, server_sends(GET11, ev, Response(200))
    bad_trailers = {
        "trailer-name": EOM([("a b", "c")]),
        "trailer-value": EOM([("a", "b\r\n")]),
        "trailer-te": EOM([("Transfer-Encoding", "gzip")]),
    }
    for name, ev in bad_trailers.items():
        yield "err-construct-" + name, client_sends(
            Request("POST", "/", HOST + [("Transfer-Encoding", "chunked")]), ev, EOM())


def parse_errors():
    """Errors found in received bytes (the constructor rules applied to
    parsed heads, E16-E22, E18 early detection)."""
    requests = {
        "missing-host": b"GET / HTTP/1.1\r\n\r\n",
        # the Host rule looks at the exact name, wherever the other headers are
        "missing-host-other-headers": b"POST /x HTTP/1.1\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n",
        "missing-host-similar-names": b"GET / HTTP/1.1\r\nHosts: a\r\nX-Host: b\r\nHos: c\r\n\r\n",
        "missing-host-bare-lf": b"GET / HTTP/1.1\nUser-Agent: x\n\n",
        "two-hosts": b"GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n",
        "two-hosts-http11": b"GET / HTTP/1.1\r\nHOST: a\r\nX: y\r\nHost: a\r\n\r\n",
        "content-length-conflict": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                                   b"Content-Length: 2\r\n\r\n",
        "content-length-bad": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
        "content-length-21-digits": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                                    + b"9" * 21 + b"\r\n\r\n",
        "transfer-encoding-twice": b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked"
                                   b"\r\nTransfer-Encoding: chunked\r\n\r\n",
        "transfer-encoding-gzip": b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        "continuation-first": b"GET / HTTP/1.1\r\n Host: a\r\n\r\n",
        "continuation-first-tab": b"GET / HTTP/1.1\r\n\tHost: a\r\n\r\n",
        "header-no-colon": b"GET / HTTP/1.1\r\nHost: a\r\nfoo bar\r\n\r\n",
        "header-space-before-colon": b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        "header-nul-value": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
        "header-8bit-name": b"GET / HTTP/1.1\r\nHost: a\r\nX\xff: y\r\n\r\n",
        "header-bare-cr": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
        "header-cr-before-crlf": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\r\n\r\n",
        # the byte just before an LF, which the head search leaves to the
        # line's parser (docs/building.md, "The receive path")
        "header-vt-before-lf": b"GET / HTTP/1.1\nHost: a\nX: a\x0b\n\n",
        "header-nul-before-lf": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00\n\r\n",
        "header-name-then-nul-before-lf": b"GET / HTTP/1.1\nHost: a\nX\x00\n\n",
        "line-version-then-vt-before-lf": b"GET / HTTP/1.1\x0b\nHost: a\n\n",
        "header-quotes": b"GET / HTTP/1.1\r\nHost: a\r\nX'\"y\r\n\r\n",
        "early-tls-handshake": b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
        "early-space": b" GET / HTTP/1.1\r\n",
        "early-nul": b"\x00GET / HTTP/1.1\r\n",
        "leading-crlf": b"\r\n" + GET11,
        "leading-lf": b"\n" + GET11,
        "line-two-spaces": b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "line-trailing-space": b"GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        "line-version-11": b"GET / HTTP/11\r\nHost: a\r\n\r\n",
        "line-lowercase-version": b"GET / http/1.1\r\nHost: a\r\n\r\n",
        "line-no-version": b"GET /\r\nHost: a\r\n\r\n",
        "line-target-8bit": b"GET /\xe9 HTTP/1.1\r\nHost: a\r\n\r\n",
        "line-garbage": b"gibberish\r\n\r\n",
        "line-tab": b"GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n",
    }
    for name, data in requests.items():
        yield "err-recv-request-" + name, server_reads(data)
    responses = {
        "status-99": b"HTTP/1.1 099 Weird\r\n\r\n",
        "status-no-space": b"HTTP/1.1 200OK\r\n\r\n",
        "status-two-digits": b"HTTP/1.1 20 OK\r\n\r\n",
        "status-four-digits": b"HTTP/1.1 2000 OK\r\n\r\n",
        "no-status": b"HTTP/1.1\r\n\r\n",
        "version-missing": b"200 OK\r\n\r\n",
        "reason-nul": b"HTTP/1.1 200 O\x00K\r\n\r\n",
        "leading-crlf": b"\r\nHTTP/1.1 200 OK\r\n\r\n",
        "leading-lf": b"\nHTTP/1.1 200 OK\r\n\r\n",
        "early-space": b" HTTP/1.1 200 OK\r\n",
        "continuation-first": b"HTTP/1.1 200 OK\r\n X: y\r\n\r\n",
        "header-garbage": b"HTTP/1.1 200 OK\r\nX: y\r\n: z\r\n\r\n",
        "te-gzip": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "cl-conflict": b"HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n",
        "switch-without-proposal": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
    }
    for name, data in responses.items():
        yield "err-recv-response-" + name, client_reads(data)

    def info_before_request(r):
        r.single("client")
        r.feed(b"HTTP/1.1 100 Continue\r\n\r\n")
        r.next()
    yield "err-recv-response-info-while-server-idle", info_before_request


def body_errors():
    """Framing errors inside received bodies (E23-E27, E33)."""
    cl10 = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n"
    yield "err-body-content-length-eof", server_reads(cl10 + b"12345", eof=True)
    yield "err-body-content-length-eof-empty", server_reads(cl10, eof=True)
    # a 20-digit length is accepted, and the EOF message prints it as h11 does
    yield "err-body-content-length-20-digits-eof", server_reads(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"9" * 20 + b"\r\n\r\nabc", eof=True)
    yield "err-body-content-length-20-digits-leading-zeros-eof", server_reads(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"0" * 18 + b"10\r\n\r\nabc", eof=True)
    chunked = {
        "footer-garbage": b"3\r\nxxx__1a\r\n",
        "footer-cr-then-garbage": b"3\r\nxxx\r_",
        "footer-garbage-then-lf": b"3\r\nxxx_\n",
        "footer-lone-cr-then-z": b"3\r\nxxx\rZ",
        "header-hex-garbage": b"zz\r\n",
        "header-space-before-ext": b"5 ;a=b\r\nhello\r\n",
        "header-21-hex-digits": b"1" * 21 + b"\r\n",
        "header-empty": b"\r\n",
        "header-negative": b"-5\r\n",
        "header-8bit-repr": b"5\xff\r\n",
        "trailer-te-gzip": b"0\r\nTransfer-Encoding: gzip\r\n\r\n",
        "trailer-continuation-first": b"0\r\n X: y\r\n\r\n",
        "trailer-garbage": b"0\r\nnot a header\r\n\r\n",
    }
    for name, data in chunked.items():
        yield "err-body-chunked-" + name, server_reads(POST_CHUNKED + data)
    eofs = {
        "eof-in-data": b"5\r\nab",
        "eof-after-chunk": b"5\r\nhello\r\n",
        "eof-after-lone-cr": b"5\r\nhello\r",
        "eof-after-zero": b"0\r\n",
        "eof-in-size-line": b"5",
        "eof-in-trailer": b"0\r\nX: y",
    }
    for name, data in eofs.items():
        yield "err-body-chunked-" + name, server_reads(POST_CHUNKED + data, eof=True)
    yield "err-body-eof-in-head", server_reads(b"GET / HTTP/1.1\r\nHost: a\r\n", eof=True)
    yield "err-body-eof-in-response-head", client_reads(b"HTTP/1.1 200 OK\r\n", eof=True)
    yield "err-data-after-must-close", server_reads(
        b"GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n")
    yield "err-data-after-connection-close", server_reads(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nxyz")

    def data_after_closed(r):
        r.single("server")
        r.feed(b"GET / HTTP/1.0\r\n\r\n", split=False)
        r.send(Response(200))
        r.send(EOM())
        r.eof()
        r.next()
        r.receive(b"late")
        r.next()
    yield "err-data-after-eof", data_after_closed

    def data_after_eof_idle(r):
        r.single("client")
        r.eof()
        r.receive(b"x")
        r.next()
    yield "err-data-after-eof-idle", data_after_eof_idle

    def close_without_response(r):
        r.single("client")
        r.send(Request("GET", "/", HOST))
        r.send(EOM())
        r.feed(b"", eof=True)
        r.next()
    yield "err-peer-closed-in-send-response", close_without_response


def size_limit_errors():
    """E32: an incomplete event larger than max_incomplete_event_size."""
    yield "err-limit-head-small", server_reads(
        b"GET / HTTP/1.1\r\nHost: example.com\r\n", split=False,
        max_incomplete_event_size=20)
    yield "err-limit-head-complete-is-fine", server_reads(
        GET11, split=False, max_incomplete_event_size=20)
    yield "err-limit-zero", server_reads(b"G", split=False, max_incomplete_event_size=0)
    yield "err-limit-default", server_reads(
        b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * 16400, split=False)
    yield "err-limit-chunk-header", server_reads(
        POST_CHUNKED + b"5;" + b"e" * 100, split=False, max_incomplete_event_size=64)
    yield "err-limit-bare-cr-head", server_reads(
        b"GET / HTTP/1.1\rHost: a\r\r" + b"x" * 60, split=False,
        max_incomplete_event_size=64)


def state_errors():
    """E28-E30, E34, E35 and the sending-side framing errors E36-E39."""
    yield "err-send-data-client-idle", client_sends(Data("x"))
    yield "err-send-eom-client-idle", client_sends(EOM())
    yield "err-send-response-as-client", client_sends(Response(200))
    yield "err-send-info-as-client", client_sends(Info(100))
    yield "err-send-request-twice", client_sends(Request("GET", "/", HOST),
                                                 Request("GET", "/", HOST))
    yield "err-send-after-error", client_sends(Data("x"), Request("GET", "/", HOST))

    def server_request(r):
        r.single("server")
        r.send(Request("GET", "/", HOST))
    yield "err-send-request-as-server", server_request
    yield "err-send-data-server-idle", _server_idle_sends(Data("x"))
    yield "err-send-info-server-idle", _server_idle_sends(Info(100))
    yield "err-send-eom-server-idle", _server_idle_sends(EOM())
    yield "err-send-101-without-upgrade", server_sends(GET11, Info(101, [("Upgrade", "x")]))
    yield "err-send-info-after-response", server_sends(GET11, Response(200), Info(100))
    yield "err-send-response-twice", server_sends(GET11, Response(200), Response(200))
    yield "err-send-http10-request", client_sends(Request("GET", "/", [], http_version="1.0"))
    yield "err-send-http10-response", server_sends(GET11, Response(200, http_version="1.0"))
    yield "err-send-http20-info", server_sends(GET11, Info(100, http_version="2.0"))
    yield "err-send-too-much-data", client_sends(
        Request("POST", "/", HOST + [("Content-Length", "3")]), Data("abcd"))
    yield "err-send-too-much-data-cumulative", client_sends(
        Request("POST", "/", HOST + [("Content-Length", "3")]), Data("ab"), Data("cd"))
    yield "err-send-data-bodiless-request", client_sends(Request("GET", "/", HOST), Data("x"))
    yield "err-send-data-head-response", server_sends(
        b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", Response(200, [("Content-Length", "5")]),
        Data("hello"))
    yield "err-send-data-204", server_sends(GET11, Response(204), Data("x"))
    yield "err-send-data-304", server_sends(GET11, Response(304), Data("x"))
    yield "err-send-too-little-data", client_sends(
        Request("POST", "/", HOST + [("Content-Length", "3")]), Data("ab"), EOM())
    yield "err-send-trailers-with-content-length", client_sends(
        Request("POST", "/", HOST + [("Content-Length", "2")]), Data("ab"),
        EOM([("X", "y")]))
    yield "err-send-trailers-bodiless", client_sends(
        Request("GET", "/", HOST), EOM([("X", "y")]))
    yield "err-send-trailers-http10", server_sends(
        b"GET / HTTP/1.0\r\n\r\n", Response(200), Data("x"), EOM([("X", "y")]))
    yield "err-send-after-send-failed", _send_failed_then_send()

    def next_cycle_idle(r):
        r.single("client")
        r.start_next_cycle()
    yield "err-start-next-cycle-idle", next_cycle_idle
    yield "err-start-next-cycle-mid-request", _with_cycle(client_sends(
        Request("POST", "/", HOST + [("Content-Length", "2")])))

    def connection_closed_mid_body(r):
        r.single("client")
        r.send(Request("POST", "/", HOST + [("Content-Length", "2")]))
        r.send(Closed())
    yield "err-send-connection-closed-mid-body", connection_closed_mid_body


def _server_idle_sends(ev):
    def run(r):
        r.single("server")
        r.send(ev)
    return run


def _send_failed_then_send():
    def run(r):
        r.single("client")
        r.send(Request("GET", "/", HOST))
        r.send_failed()
        r.send_failed()
        r.send(EOM())
        r.passthrough("x")
    return run


def _with_cycle(fn):
    def run(r):
        fn(r)
        r.start_next_cycle()
    return run


def deviation_vectors():
    """The deliberate differences (tools/vectors/deviations.py)."""
    def late_request_server(r):
        r.single("server")
        r.send(Response(408, [("Connection", "close")], reason="Request Timeout"))
        r.send(EOM())
        r.feed(GET11, split=False)
        r.next()
    yield "dev-request-after-spontaneous-408-server", late_request_server

    def late_request_server_keepalive(r):
        r.single("server")
        r.send(Response(400, [("Content-Length", "0")]))
        r.send(EOM())
        r.feed(GET11, split=False)
    yield "dev-request-after-spontaneous-400-keepalive", late_request_server_keepalive

    def late_request_server_mid_body(r):
        r.single("server")
        r.send(Response(500))
        r.feed(GET11, split=False)
    yield "dev-request-while-server-send-body", late_request_server_mid_body

    def late_request_client(r):
        r.single("client")
        r.feed(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n", eof=True)
        r.send(Request("GET", "/", HOST))
    yield "dev-request-after-spontaneous-408-client", late_request_client

    def late_request_client_keepalive(r):
        r.single("client")
        r.feed(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        r.send(Request("GET", "/", HOST))
        r.send(EOM())
    yield "dev-request-after-spontaneous-400-client", late_request_client_keepalive

    reasons = {"crlf-injection": "OK\r\nSet-Cookie: evil=1",
               "lf": "O\nK", "cr": "\r", "trailing-crlf": "OK\r\n"}
    for name, reason in reasons.items():
        yield "dev-reason-" + name, server_sends(GET11, Response(200, reason=reason),
                                                 Response(200, reason="OK"))
        yield "dev-reason-info-" + name, server_sends(GET11, Info(100, reason=reason),
                                                      Response(200))


def scenarios():
    yield from construction_errors()
    yield from parse_errors()
    yield from body_errors()
    yield from size_limit_errors()
    yield from state_errors()
    yield from deviation_vectors()
