"""The one place where vectors carry libh11's expectation instead of h11's.

Each entry is a deliberate difference documented in docs/deviations.md. A
vector that hits one is marked {"deviation": "<id>"} so every runner can tell
why its expectation is not plain h11 output.
"""

# h11 0.16.0 raises AttributeError ("'tuple' object has no attribute
# '__name__'") while formatting the error for a client Request that meets a
# server state other than IDLE (behaviour digest Q1). libh11 raises the
# protocol error h11 meant to raise; the states end as h11 leaves them.
REQUEST_WHEN_SERVER_NOT_IDLE = "request-when-server-not-idle"

# h11 writes a reason phrase containing CR or LF verbatim (response
# splitting). libh11 rejects it like an event-constructor error: nothing
# changes on the connection.
REASON_CRLF = "reason-crlf"

DEVIATIONS = {
    REQUEST_WHEN_SERVER_NOT_IDLE: {
        "h11": "AttributeError: 'tuple' object has no attribute '__name__'",
        "libh11": lambda kind, server_state: {
            "kind": kind, "hint": 400,
            "message": "can't handle event type Request when role=SERVER "
                       "and state=%s" % server_state.__name__},
    },
    REASON_CRLF: {
        "h11": "status line written with the CR/LF inside it",
        "libh11": lambda: {"kind": "local", "hint": 400,
                           "message": "Illegal reason phrase characters"},
    },
}


def before_send(spec):
    """(id, error) if libh11 refuses this event before h11 would see it."""
    if spec["type"] in ("InformationalResponse", "Response"):
        reason = spec.get("reason", b"")
        if b"\r" in reason or b"\n" in reason:
            return REASON_CRLF, DEVIATIONS[REASON_CRLF]["libh11"]()
    return None


def on_exception(exc, kind, server_state):
    """(id, error) for a non-protocol exception h11 raised; anything not in
    the table is a generator bug and propagates."""
    if isinstance(exc, AttributeError) and "'__name__'" in str(exc):
        return (REQUEST_WHEN_SERVER_NOT_IDLE,
                DEVIATIONS[REQUEST_WHEN_SERVER_NOT_IDLE]["libh11"](kind, server_state))
    raise exc
