"""Building blocks shared by the theme modules: the systematic dimensions
and raw message builders (inputs only; expectations always come from h11)."""
from .recorder import b

METHODS = [("GET", "/path?q=1"), ("HEAD", "/"), ("POST", "/submit"),
           ("PUT", "/r/1"), ("CONNECT", "example.com:443"), ("OPTIONS", "*")]
VERSIONS = ["1.0", "1.1"]
STATUSES = [100, 101, 200, 204, 304, 400, 500]
REASONS = {100: "Continue", 101: "Switching Protocols", 200: "OK",
           204: "No Content", 304: "Not Modified", 400: "Bad Request",
           500: "Internal Server Error"}
BODY = b"hello world"
CHUNKED_BODY = (b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\n"
                b"X-Trailer: yes\r\nX-Other:  two words \r\n\r\n")


def head(start_line, headers):
    out = b(start_line) + b"\r\n"
    for n, v in headers:
        out += b(n) + b": " + b(v) + b"\r\n"
    return out + b"\r\n"


def body_for(framing):
    """(framing headers, body bytes) for a message body on the wire."""
    if framing == "content-length":
        return [("Content-Length", str(len(BODY)))], BODY
    if framing == "chunked":
        return [("Transfer-Encoding", "chunked")], CHUNKED_BODY
    if framing == "until-eof":
        return [], BODY
    return [], b""


def option_headers(close, expect, upgrade):
    """The optional request headers of the systematic matrices, in order."""
    out = []
    if close:
        out.append(("Connection", "close"))
    if expect:
        out.append(("Expect", "100-continue"))
    if upgrade:
        out.append(("Upgrade", "websocket"))
    return out


def slug(*parts):
    return "-".join(str(p).lower().replace("/", "").replace("*", "star")
                    .replace(":", "").replace(".", "") for p in parts)
