"""h11 0.16.0's less obvious behaviour (behaviour digest section 12 and the
grammar corners of section 5), each pinned by a vector so no implementation
"fixes" it by accident."""
from .recorder import EOM, Data, Info, Request, Response

H = [("Host", "example.com")]
POST_CHUNKED = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"


def server_feed(*pieces, eof=False, **options):
    """First piece splittable, the rest fed as they are."""
    def run(r):
        r.single("server", **options)
        for i, p in enumerate(pieces):
            r.feed(p, split=i == 0, eof=eof and i == len(pieces) - 1)
    return run


def client_feed(data, method="GET", eof=False, headers=H):
    def run(r):
        r.single("client")
        r.send(Request(method, "/", headers))
        r.send(EOM())
        r.feed(data, eof=eof)
    return run


def server_answers(request, *events):
    def run(r):
        r.single("server")
        r.feed(request)
        for ev in events:
            r.send(ev)
    return run


def scenarios():
    heads = {
        # Q4: 20 digits are accepted, 21 are not (errors.json)
        "cl-20-digits": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"9" * 20
                        + b"\r\n\r\nabc",
        "cl-leading-zeros": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\nabcdefg",
        # 20 digits, most of them leading zeros: a small body, read to its end
        "cl-20-digits-small": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"0" * 19
                              + b"5\r\n\r\nhello",
        "cl-20-digits-zero": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"0" * 20
                             + b"\r\n\r\n",
        "cl-list-same": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3 , 3\r\n\r\nabc",
        "cl-duplicate-headers": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                                b"content-length: 3\r\n\r\nabc",
        "te-and-cl": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "te-uppercase": b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n"
                        b"0\r\n\r\n",
        # Q10: any HTTP/x.y is parsed; only exactly 1.1 needs Host
        "http20-no-host": b"GET / HTTP/2.0\r\n\r\n",
        "http12-no-host": b"GET / HTTP/1.2\r\nExpect: 100-continue\r\n\r\n",
        "http09": b"GET / HTTP/0.9\r\n\r\n",
        "lowercase-method": b"get / HTTP/1.1\r\nHost: a\r\n\r\n",
        "odd-targets": b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "absolute-target": b"GET http://a.example/x?y#z HTTP/1.1\r\nHost: a\r\n\r\n",
        # Q17: obs-fold keeps trailing whitespace; whitespace-only continuation
        "fold-keeps-whitespace": b"GET / HTTP/1.1\r\nHost: a\r\nX: a  \r\n \t b\r\n\r\n",
        "fold-whitespace-only": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n   \r\nY: b\r\n\r\n",
        "header-internal-whitespace": b"GET / HTTP/1.1\r\nHost: a\r\nX: a \t  b\r\n\r\n",
        "header-no-space-after-colon": b"GET / HTTP/1.1\r\nHost:a\r\nX:\tb\t\r\n\r\n",
        "header-8bit-value": b"GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9 \xff\x80\r\n\r\n",
        "header-del-value": b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n",
        # the byte just before an LF, which the head search leaves to the
        # line's parser (docs/building.md, "The receive path")
        "header-ctl-before-lf": b"GET / HTTP/1.1\nHost: a\nX: a\x01\nY: b\x1f\n\n",
        "header-tab-before-lf": b"GET / HTTP/1.1\nHost: a\t\nX: a \t\nY: b\n\n",
        "header-empty-value-before-lf": b"GET / HTTP/1.1\nHost: a\nX:\nY: \n\n",
        "header-many": b"GET / HTTP/1.1\r\nHost: a\r\n"
                       + b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(40)) + b"\r\n",
        "expect-in-list": b"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-CONTINUE\r\n"
                          b"Content-Length: 1\r\n\r\n",
        "expect-http10": b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
        "upgrade-empty": b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade:\r\n\r\n",
        "connection-close-mixed-case": b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, "
                                       b"CLOSE\r\n\r\n",
        "http10-keep-alive-ignored": b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "connect-lowercase-no-proposal": b"connect a:1 HTTP/1.1\r\nHost: a\r\n\r\n",
        # bytearray's repr escapes ' even inside double quotes (difffuzz)
        "repr-single-quote": b"'\n\n",
        "repr-single-quote-in-header-line": b"GET / HTTP/1.1\r\nHost: a\r\nBad'Line\r\n\r\n",
    }
    for name, data in heads.items():
        yield "quirk-server-" + name, server_feed(data)

    chunked = {
        "20-hex-digits-size-line": b"0" * 19 + b"3\r\nabc\r\n0\r\n\r\n",
        "extension-then-whitespace": b"3;a=b;c  \t\r\nabc\r\n0;z\r\n\r\n",
        "lf-trailers": b"3\r\nabc\r\n0\r\nX: y\nZ: w\n\n",
        "lf-trailers-ctl-before-lf": b"0\r\nX: y\x01\nZ: w\t\n\n",
        "folded-trailer": b"0\r\nX: y\r\n  continued\r\n\r\n",
        "multiple-host-trailers": b"0\r\nHost: a\r\nHost: b\r\n\r\n",
        "lone-cr-footer": b"3\r\nabc\r",
        "crlf-after-chunk": b"3\r\nabc\r\n\r\n",
    }
    for name, data in chunked.items():
        yield "quirk-chunked-" + name, server_feed(POST_CHUNKED + data)
    # Q5: chunk_start is lost when the size line arrives without data
    yield "quirk-chunked-start-flag-lost", server_feed(POST_CHUNKED + b"3\r\n", b"abc\r\n",
                                                       b"0\r\n\r\n")
    yield "quirk-chunked-start-flag-kept", server_feed(POST_CHUNKED + b"3\r\na", b"bc\r\n",
                                                       b"0\r\n\r\n")
    yield "quirk-chunked-eof-mid-trailer", server_feed(POST_CHUNKED + b"0\r\nX: y", eof=True)

    responses = {
        "reason-spaces": b"HTTP/1.1 200  OK  \r\nContent-Length: 0\r\n\r\n",
        "reason-empty-with-space": b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n",
        "reason-8bit-and-tab": b"HTTP/1.1 200 O\tK \xe9\x01\r\nContent-Length: 0\r\n\r\n",
        "status-999": b"HTTP/1.1 999 Whatever\r\nContent-Length: 0\r\n\r\n",
        "status-000": b"HTTP/1.1 000 Zero\r\n\r\n",
        "http20-response": b"HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "several-1xx": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                       b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                       b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "1xx-connection-close-ignored": b"HTTP/1.1 100 Continue\r\nConnection: close\r\n\r\n"
                                        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        # Q18: bytes after a bodiless response pause instead of being a body
        "204-with-bytes-after": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
        "304-chunked-ignored": b"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked"
                               b"\r\n\r\n",
        "http10-body-until-eof": b"HTTP/1.1 200 OK\r\n\r\n" + bytes(range(256)),
    }
    for name, data in responses.items():
        yield "quirk-client-" + name, client_feed(data, eof=name.endswith("until-eof"))
    yield "quirk-client-head-chunked", client_feed(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", method="HEAD")
    yield "quirk-client-connect-2xx-body-is-tunnel", client_feed(
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\ntunnel", method="CONNECT")
    yield "quirk-client-connect-407-denied", client_feed(
        b"HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2\r\n\r\nno", method="CONNECT")

    # Q1/Q2 are in errors.json; writing side corners:
    get11 = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
    get10 = b"GET / HTTP/1.0\r\n\r\n"
    head11 = b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
    writes = {
        "connection-tokens-sorted": (get10, Response(200, [("Connection", "Upgrade, Keep-Alive"),
                                                           ("X", "y")])),
        "keep-alive-kept-on-keepalive": (get11, Response(200, [("Connection", "keep-alive")])),
        "te-moved-to-end": (get11, Response(200, [("transfer-encoding", "Chunked"),
                                                  ("X-Foo", "bar")])),
        "cl-dropped-for-chunked": (get11, Response(200, [("Content-Length", "5"),
                                                         ("Transfer-Encoding", "chunked")])),
        "cl-kept-http10-close": (get10, Response(200, [("Content-Length", "5")])),
        "head-gets-get-framing": (head11, Response(200)),
        "head-http10": (b"HEAD / HTTP/1.0\r\n\r\n", Response(200)),
        "204-keeps-te": (get11, Response(204, [("Transfer-Encoding", "chunked")])),
        "304-keeps-cl": (get11, Response(304, [("Content-Length", "100")])),
        "reason-8bit": (get11, Response(200, reason="\xe9t\xe9 ok")),
        "reason-nul": (get11, Response(200, reason="a\x00b")),
        "status-999": (get11, Response(999)),
        "header-values-kept": (get11, Response(200, [("X", "a \t b"), ("Y", ""),
                                                     ("Z", "\x01\x7f\xff")])),
        "duplicate-cl-collapsed": (get11, Response(200, [("Content-Length", "0"),
                                                         ("content-length", "0")])),
        # Host goes first past the headers framing and state look at too
        "host-first-past-framing-headers": (get11, Response(200, [
            ("Upgrade", "websocket"), ("Content-Length", "0"), ("Connection", "keep-alive"),
            ("Host", "a")])),
    }
    for name, (req, ev) in writes.items():
        yield "quirk-write-" + name, server_answers(req, ev, EOM())

    def request_host_last(r):
        r.single("client")
        r.send(Request("POST", "/", [("Content-Length", "0"), ("Expect", "100-continue"),
                                     ("Host", "a")]))
        r.send(EOM())
    yield "quirk-write-request-host-first-past-framing-headers", request_host_last

    def response_from_idle(r):
        r.single("server")
        r.send(Response(400, reason="Bad Request"))
        r.send(Data("oops"))
        r.send(EOM())
    yield "quirk-write-response-without-request", response_from_idle

    def response_from_idle_cl(r):
        r.single("server")
        r.send(Response(408, [("Content-Length", "0")]))
        r.send(EOM())
        r.next()
    yield "quirk-write-response-without-request-cl", response_from_idle_cl

    def early_response(r):
        # Q16: a full response while the client is still sending its body
        r.single("server")
        r.feed(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345")
        r.send(Response(413, [("Content-Length", "0")]))
        r.send(EOM())
        r.start_next_cycle()
        r.feed(b"67890", split=False)
        r.start_next_cycle()
    yield "quirk-early-response", early_response

    def error_mid_request(r):
        # Q6: the peer errored mid-body; no automatic Connection: close
        r.single("server")
        r.feed(POST_CHUNKED + b"zz\r\n")
        r.send(Response(400))
        r.send(EOM())
    yield "quirk-response-after-peer-error", error_mid_request

    def empty_data_clears_100(r):
        # Q15: even Data(b"") clears the 100-continue wait
        r.pair()
        r.send(Request("POST", "/", H + [("Expect", "100-continue"),
                                         ("Transfer-Encoding", "chunked")]), party="client")
        r.drain("server")
        r.send(Data(""), party="client")
        r.drain("server")
        r.passthrough("", party="client")
        r.send(EOM(), party="client")
        r.drain("server")
    yield "quirk-empty-data-clears-100-continue", empty_data_clears_100

    def empty_data_cl(r):
        r.single("client")
        r.send(Request("POST", "/", H + [("Content-Length", "0"),
                                         ("Expect", "100-continue")]))
        r.passthrough("")
        r.send(Data(""))
        r.send(EOM())
    yield "quirk-empty-data-content-length", empty_data_cl

    def version_after_transition(r):
        # Q9: the 1.0 response disables keep-alive before send refuses it
        r.single("server")
        r.feed(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        r.send(Response(200, http_version="1.0"))
    yield "quirk-http10-response-refused-after-transition", version_after_transition

    def upgrade_accepted_early(r):
        r.pair()
        r.send(Request("POST", "/", H + [("Upgrade", "x"), ("Content-Length", "3")]),
               party="client")
        r.drain("server")
        r.send(Info(101, [("Upgrade", "x")]), party="server")
        r.drain("client")
        r.send(Data("abc"), party="client")
        r.send(EOM(), party="client")
        r.drain("server")
    yield "quirk-upgrade-accepted-before-body", upgrade_accepted_early

    def their_version_updates(r):
        r.single("client")
        r.send(Request("GET", "/", H))
        r.send(EOM())
        r.feed(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
    yield "quirk-their-http-version-updates", their_version_updates

    # A refused Request leaves the method of the accepted one in force: a
    # response to the HEAD still has no body (difffuzz).
    def refused_request_keeps_method(r):
        r.single("client")
        r.send(Request("HEAD", "/", H + [("Content-Length", "3")]))
        r.send(Request("GET", "/", H))
        r.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    yield "quirk-refused-request-keeps-method", refused_request_keeps_method

    def pipelined_kept_across_cycle(r):
        r.single("server")
        r.feed(b"GET /1 HTTP/1.0\r\nConnection: x\r\n\r\n"
               b"GET /2 HTTP/1.1\r\nHost: a\r\n\r\n", split=False)
        r.next()
    yield "quirk-must-close-with-pipelined-bytes", pipelined_kept_across_cycle

    def max_size_zero(r):
        r.single("server", max_incomplete_event_size=0)
        r.next()
        r.feed(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", split=False)
    yield "quirk-max-size-zero-complete-head", max_size_zero

    def max_size_exact(r):
        data = b"GET / HTTP/1.1\r\nHost: a\r\n"
        r.single("server", max_incomplete_event_size=len(data))
        r.feed(data, split=False)
        r.receive(b"X")
        r.next()
    yield "quirk-max-size-boundary", max_size_exact

    def big_chunk(r):
        r.pair()
        r.send(Request("POST", "/", H + [("Transfer-Encoding", "chunked")]), party="client")
        r.send(Data(bytes(range(256)) * 20), party="client")
        r.passthrough("x" * 4096, party="client")
        r.send(EOM(), party="client")
        r.drain("server")
    yield "quirk-chunk-sizes-in-hex", big_chunk
