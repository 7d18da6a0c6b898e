"""Expectations for libh11's strict mode (h11_options_set_strict), which h11
does not have. StrictConnection is h11 0.16.0's own Connection with the
strict rules added where libh11 applies them, so everything else (what
happens before and after, states, trailing data) is h11's:

- received heads and trailer blocks: a bare LF line end (RFC 9112 2.2), else
  obs-fold (5.2), then for heads a control byte in the reason (4), then
  Content-Length with Transfer-Encoding (6.3): checked once h11's reader
  accepted the block, raised from inside the read, so h11 turns it into
  RemoteProtocolError and the peer's ERROR state as for its own errors;
- a chunk-size line h11 accepted whose extensions break the chunk-ext grammar
  (7.1.1), raised as soon as the line is taken out;
- a head event to send with a control byte in its reason or with both
  framing headers: LocalProtocolError before h11 sees the event.

Messages are libh11's (docs/security.md).
"""
import re

import h11
from h11._abnf import token
from h11._readers import chunk_header_re
from h11._receivebuffer import ReceiveBuffer

STRICT_MODE = "strict-mode"

BARE_LF = "bare LF line ending (strict mode)"
OBS_FOLD = "obs-fold line folding in headers (strict mode)"
BAD_EXT = "malformed chunk extension (strict mode): "
BAD_REASON = "Illegal reason phrase characters (strict mode)"
CL_TE = "Content-Length and Transfer-Encoding both present (strict mode)"

_T = token.encode("ascii")
_QS = rb'"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"'
_CHUNK_LINE = re.compile(rb"[0-9A-Fa-f]+(?:[ \t]*;[ \t]*" + _T + rb"(?:[ \t]*=[ \t]*(?:" + _T
                         + rb"|" + _QS + rb"))?)*[ \t]*\r\n")
_REASON_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_BARE_LF = re.compile(rb"(?:^|[^\r])\n")
_FOLD = re.compile(rb"\n[ \t]")
_HEADS = (h11.Request, h11.InformationalResponse, h11.Response)


def head_violation(event):
    if not isinstance(event, _HEADS):
        return None
    if not isinstance(event, h11.Request) and _REASON_CONTROL.search(event.reason):
        return BAD_REASON
    names = {name for name, _ in event.headers}
    if b"content-length" in names and b"transfer-encoding" in names:
        return CL_TE
    return None


class _Buffer(ReceiveBuffer):
    """Remembers the first rule broken by what the current read took out."""

    violation = None

    def maybe_extract_lines(self):
        before = len(self._data)
        block = bytes(self._data)
        lines = super().maybe_extract_lines()
        if lines is not None and self.violation is None:
            block = block[:before - len(self._data)]
            if _BARE_LF.search(block):
                self.violation = BARE_LF
            elif _FOLD.search(block):
                self.violation = OBS_FOLD
        return lines

    def maybe_extract_next_line(self):
        # Raised at once, as libh11 does: h11 goes on to take the chunk's
        # data in the same read. A line h11 refuses is left to h11.
        line = super().maybe_extract_next_line()
        if (line is not None and chunk_header_re.fullmatch(line) and
                not _CHUNK_LINE.fullmatch(line)):
            raise h11.RemoteProtocolError(BAD_EXT + repr(line), 400)
        return line


class StrictConnection(h11.Connection):
    def __init__(self, our_role, **kwargs):
        super().__init__(our_role, **kwargs)
        self._receive_buffer = _Buffer()

    def _extract_next_receive_event(self):
        self._receive_buffer.violation = None
        event = super()._extract_next_receive_event()
        problem = self._receive_buffer.violation or head_violation(event)
        if problem:
            raise h11.RemoteProtocolError(problem, 400)
        return event

    def send_with_data_passthrough(self, event):
        problem = head_violation(event)
        if problem:
            raise h11.LocalProtocolError(problem, 400)
        return super().send_with_data_passthrough(event)
