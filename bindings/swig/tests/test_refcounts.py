"""The C layer must not leak references: sentinels and events handed out
again and again keep a stable reference count."""
import sys

import libh11


def _cycle(conn):
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    while type(conn.next_event()) is not libh11.EndOfMessage:
        pass
    conn.send(libh11.Response(status_code=200, headers=[(b"Content-Length", b"2")]))
    conn.send(libh11.Data(data=b"hi"))
    conn.send(libh11.EndOfMessage())
    conn.start_next_cycle()


def test_sentinels_and_cycles_do_not_leak():
    watched = (libh11.CLIENT, libh11.SERVER, libh11.NEED_DATA, libh11.PAUSED, libh11.IDLE)
    conn = libh11.Connection(libh11.SERVER)
    _cycle(conn)  # warm-up: caches filled once
    before = [sys.getrefcount(s) for s in watched]
    for _ in range(200):
        assert conn.next_event() is libh11.NEED_DATA
        _cycle(conn)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
    conn.next_event()
    conn.next_event()
    for _ in range(200):
        assert conn.next_event() is libh11.PAUSED
    assert [sys.getrefcount(s) for s in watched] == before


def test_header_memo_lets_go_of_older_lists():
    # (the Headers made from the last header list is kept, with the bytes it
    # came from, until another list comes)
    name, first, second = bytes(b"X-Memo"), bytes(bytearray(b"1")), bytes(bytearray(b"2"))
    before = sys.getrefcount(first)
    for _ in range(3):
        libh11.Response(status_code=200, headers=[(name, first)])
    libh11.Response(status_code=200, headers=[(name, second)])
    assert sys.getrefcount(first) == before
