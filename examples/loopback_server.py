"""A small HTTP/1.1 server on the loopback interface for the quickstart
client. It is the standard library's http.server, so the client talks to
an implementation that shares no code with h11 or libh11.

    python3 examples/loopback_server.py [PORT]     (0 = any free port)
"""

import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"".join(b"line %04d of the loopback server's answer\n" % i for i in range(40))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    # Fixed Server and Date headers, so the response is the same every run.
    def version_string(self):
        return "loopback/1.0"

    def date_time_string(self, timestamp=None):
        return "Thu, 01 Jan 2026 00:00:00 GMT"

    def log_message(self, format, *args):
        pass


@contextmanager
def serving(port=0):
    """Serves in a background thread; yields the (host, port) bound."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    with serving(int(sys.argv[1]) if len(sys.argv) > 1 else 0) as (host, port):
        print(f"serving on http://{host}:{port}/", flush=True)
        threading.Event().wait()
