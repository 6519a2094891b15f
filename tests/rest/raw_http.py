#!/usr/bin/env python3
"""Sends raw bytes (stdin) to host:port and prints every byte answered until the server
closes the connection or 10 s pass. Used to send requests no well-behaved client would."""
import socket
import sys
import time


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    payload = sys.stdin.buffer.read()
    with socket.create_connection((host, port), timeout=10) as sock:
        try:
            sock.sendall(payload)
            # End of our side: a server waiting for more of a truncated request sees EOF.
            sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not data:
                break
            chunks.append(data)
    sys.stdout.buffer.write(b"".join(chunks))


if __name__ == "__main__":
    main()
