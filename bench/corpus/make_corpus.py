#!/usr/bin/env python3
"""Writes the benchmark corpus (bench/corpus/*.http) byte for byte.

The files are committed; this script documents how they were made and
re-creates them identically. Sizes are part of the benchmark's definition
(issue 5): change them and the numbers in docs/performance-c.md no longer
compare with earlier runs.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def head(start, headers):
    return (start + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n").encode()


def minimal_get():
    return head("GET / HTTP/1.1", [("Host", "example.com")])


def browser_get():
    headers = [
        ("Host", "www.example.com"),
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        ("Accept-Language", "en-US,en;q=0.5"),
        ("Accept-Encoding", "gzip, deflate, br"),
        ("Referer", "https://www.example.com/"),
        ("Connection", "keep-alive"),
        ("Cookie", "session=PAD"),
        ("Upgrade-Insecure-Requests", "1"),
        ("Cache-Control", "max-age=0"),
    ]
    start = "GET /articles/2024/http-parsing?page=2&sort=recent HTTP/1.1"
    pad = 500 - len(head(start, headers)) + len("PAD")
    headers[7] = ("Cookie", "session=" + ("a1b2c3d4e5f6" * 40)[:pad])
    msg = head(start, headers)
    assert len(msg) == 500, len(msg)
    return msg


def body(n, seed):
    alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789"
    return bytes(alphabet[(i * 7 + seed) % len(alphabet)] for i in range(n))


def response_1k():
    b = body(1024, 1)
    return head("HTTP/1.1 200 OK", [
        ("Date", "Mon, 01 Jul 2024 12:00:00 GMT"),
        ("Server", "libh11-bench"),
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(b))),
        ("Cache-Control", "no-cache"),
        ("ETag", '"5f3a9c1e-400"'),
        ("Vary", "Accept-Encoding"),
        ("X-Request-Id", "7d1c6f2e-0a4b-4e59-9c1b-3f2a6d8e5b70"),
    ]) + b


def response_chunked():
    out = head("HTTP/1.1 200 OK", [
        ("Date", "Mon, 01 Jul 2024 12:00:00 GMT"),
        ("Server", "libh11-bench"),
        ("Content-Type", "application/octet-stream"),
        ("Transfer-Encoding", "chunked"),
        ("Trailer", "X-Checksum, X-Count"),
    ])
    for i in range(16):
        out += b"100\r\n" + body(256, i) + b"\r\n"
    return out + b"0\r\nX-Checksum: 9f86d081884c7d65\r\nX-Count: 16\r\n\r\n"


CORPUS = {
    "a_minimal_get.http": minimal_get(),
    "b_browser_get.http": browser_get(),
    "c_response_1k.http": response_1k(),
    "d_chunked.http": response_chunked(),
    "e_pipelined32.http": browser_get() * 32,
}

if __name__ == "__main__":
    for name, data in CORPUS.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")
