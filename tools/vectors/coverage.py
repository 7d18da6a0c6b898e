"""Every error h11 0.16.0 can raise through a connection must keep at least
one vector (behaviour digest section 2.3; E7 is Python's type check and has
no C counterpart). The generator refuses to write files that lose one."""
import re

REQUIRED = {
    "E3": ("Missing mandatory Host: header", {"local", "remote"}),
    "E4": ("Found multiple Host: headers", {"local", "remote"}),
    "E5": ("Illegal method characters", {"local"}),
    "E6": ("Illegal target characters", {"local"}),
    "E8": (r"InformationalResponse status_code should be in range \[100, 200\), not -?\d+",
           {"local", "remote"}),
    "E9": (r"Response status_code should be in range \[200, 1000\), not \d+", {"local"}),
    "E10": (r"Illegal header name b.*", {"local"}),
    "E11": (r"Illegal header value b.*", {"local"}),
    "E12": ("conflicting Content-Length headers", {"local", "remote"}),
    "E13": ("bad Content-Length", {"local", "remote"}),
    "E14": ("multiple Transfer-Encoding headers", {"local", "remote"}),
    "E15": ("Only Transfer-Encoding: chunked is supported", {"local", "remote"}),
    "E16": ("continuation line at start of headers", {"remote"}),
    "E17": (r"illegal header line: bytearray\(.*\)", {"remote"}),
    "E18": ("illegal request line", {"remote"}),
    "E19": ("no request line received", {"remote"}),
    "E20": (r"illegal request line: bytearray\(.*\)", {"remote"}),
    "E21": ("no response line received", {"remote"}),
    "E22": (r"illegal status line: bytearray\(.*\)", {"remote"}),
    "E23": (r"peer closed connection without sending complete message body "
            r"\(received \d+ bytes, expected \d+\)", {"remote"}),
    "E24": (r"malformed chunk footer: bytearray\(.*\) \(expected b'.*'\)", {"remote"}),
    "E25": (r"illegal chunk header: bytearray\(.*\)", {"remote"}),
    "E26": (r"peer closed connection without sending complete message body "
            r"\(incomplete chunked read\)", {"remote"}),
    "E27": ("Got data when expecting EOF", {"remote"}),
    "E28": ("Received server _SWITCH_UPGRADE event without a pending proposal",
            {"local", "remote"}),
    "E29": (r"can't handle event type \w+ when role=(CLIENT|SERVER) and state=\w+",
            {"local", "remote"}),
    "E30": (r"not in a reusable state\. self\.states=\{CLIENT: \w+, SERVER: \w+\}", {"local"}),
    "E31": ("Can't receive data when peer state is ERROR", {"remote"}),
    "E32": ("Receive buffer too long", {"remote"}),
    "E33": ("peer unexpectedly closed connection", {"remote"}),
    "E34": ("Can't send data when our state is ERROR", {"local"}),
    "E35": ("I only send HTTP/1.1", {"local"}),
    "E36": ("Too much data for declared Content-Length", {"local"}),
    "E37": ("Too little data for declared Content-Length", {"local"}),
    "E38": ("Content-Length and trailers don't mix", {"local"}),
    "E39": ("can't send trailers to HTTP/1.0 client", {"local"}),
    "E40": (None, {"data_after_eof"}),
}


def missing(vectors):
    """The error ids (and kinds) no vector exercises."""
    seen = set()
    for v in vectors:
        for st in v["steps"]:
            err = st.get("error")
            if err:
                seen.add((err["kind"], err.get("message")))
    out = []
    for eid, (pattern, kinds) in REQUIRED.items():
        for kind in sorted(kinds):
            if not any(k == kind and (pattern is None or re.fullmatch(pattern, m or ""))
                       for k, m in seen):
                out.append("%s (%s)" % (eid, kind))
    return out
