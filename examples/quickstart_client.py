"""h11's quickstart on libh11: a client that sends one GET and reads the
Response, Data and EndOfMessage events until the response is done. It is a
program written for h11; the import line is the only thing that changes.

    python3 examples/loopback_server.py 8080 &
    python3 examples/quickstart_client.py 127.0.0.1 8080
"""

import socket
import sys

import libh11 as h11


class Client:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.conn = h11.Connection(our_role=h11.CLIENT)

    def send(self, *events):
        for event in events:
            data = self.conn.send(event)
            if data is None:
                # ConnectionClosed: there is nothing more to write
                self.sock.shutdown(socket.SHUT_WR)
            else:
                self.sock.sendall(data)

    def next_event(self, max_bytes_per_recv=200):
        # Small reads on purpose: the body then arrives as several Data events.
        while True:
            event = self.conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.conn.receive_data(self.sock.recv(max_bytes_per_recv))


def main(host, port):
    client = Client(host, port)
    client.send(
        h11.Request(method="GET", target="/", headers=[("Host", host), ("Connection", "close")]),
        h11.EndOfMessage(),
    )
    body = bytearray()
    while True:
        event = client.next_event()
        if type(event) is h11.Data:
            print(f"Data: {len(event.data)} bytes")
            body += event.data
            continue
        print(event)
        if type(event) is h11.EndOfMessage:
            break
    print(f"body: {len(body)} bytes, first line {bytes(body.splitlines()[0])!r}")
    print("states:", client.conn.states)
    client.send(h11.ConnectionClosed())
    client.sock.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
