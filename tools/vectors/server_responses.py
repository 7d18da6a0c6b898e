"""A server writing responses: request kind (method x version x keep-alive)
x status x response framing x plain send or data passthrough. Shows h11's
automatic framing/Connection rewriting and the body-length rules (HEAD, 204,
304, CONNECT 2xx, 101) in exact bytes."""
import itertools

from .common import METHODS, REASONS, STATUSES, VERSIONS, head, slug
from .recorder import EOM, Data, Info, Response

FRAMINGS = ["none", "content-length", "chunked"]


def _scenario(method, target, version, close, status, framing, passthrough):
    headers = [("Host", "example.com")] if version == "1.1" else []
    if close:
        headers.append(("Connection", "close"))
    if status == 101:
        headers += [("Upgrade", "h2c")]
    raw = head("%s %s HTTP/%s" % (method, target, version), headers)
    body = "0123456789"
    fh = {"none": [],
          "content-length": [("Content-Length", str(len(body)))],
          "chunked": [("Transfer-Encoding", "chunked")]}[framing]

    def run(r):
        r.single("server")
        r.feed(raw, split=False)
        if status < 200:
            r.send(Info(status, [("Upgrade", "h2c")] if status == 101 else [],
                        reason=REASONS[status]))
            if status == 101:
                r.next()
                return
        final = 200 if status < 200 else status
        r.send(Response(final, [("Server", "vectors")] + fh, reason=REASONS[final]))
        if method == "CONNECT" and 200 <= final < 300:
            r.next()
            return
        if method == "HEAD" or final in (204, 304):
            # no body allowed; the Data refusal is in errors.json
            r.send(EOM())
            r.start_next_cycle()
            return
        if passthrough:
            r.passthrough(body[:4])
            r.passthrough("")
            r.passthrough(body[4:])
        else:
            r.send(Data(body[:4]))
            r.send(Data(""))
            r.send(Data(body[4:]))
        r.send(EOM())
        r.start_next_cycle()
    return run


def scenarios():
    for (method, target), version, close, status, framing in itertools.product(
            METHODS, VERSIONS, [False, True], STATUSES, FRAMINGS):
        for passthrough in ([False, True] if method == "GET" else [False]):
            name = slug("srv-resp", method, "http" + version,
                        "close" if close else "keepalive", status, framing,
                        "passthrough" if passthrough else "send")
            yield name, _scenario(method, target, version, close, status, framing,
                                  passthrough)
