"""A raw HTTP server on 127.0.0.1 whose answers no well-behaved server would give.

Each request's last path segment picks the answer: a gzip bomb, an endless body, a body
that trickles in forever, or a body of an exact size. It speaks just enough HTTP/1.1 for
one request per connection, and every answer it streams is bounded (in bytes and seconds),
so a client that never stops reading still ends.
"""

from __future__ import annotations

import contextlib
import gzip
import socketserver
import threading
import time
import zlib
from collections.abc import Iterator

MIB = 1024 * 1024
BOMB_INFLATED = 1024 * MIB
"""What the gzip bomb inflates to when read whole: 1 GiB of zeros from about 1 MB."""
ENDLESS_CAP = 4096 * MIB
TRICKLE_SECONDS = 60.0


def json_body(size: int) -> bytes:
    """A billing-group answer padded with spaces to exactly ``size`` bytes."""
    head = b'{"data":{"id":"g1","record_type":"billing_group","name":"ops"}}'
    return head + b" " * (size - len(head))


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        request_line = self.rfile.readline().decode("latin-1")
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass  # the headers: nothing in them changes the answer
        self.server.requests += 1  # type: ignore[attr-defined]
        name = request_line.split()[1].rsplit("/", 1)[-1] if request_line else ""
        with contextlib.suppress(OSError):  # the client hung up, as it should
            self._answer(name)

    def _answer(self, name: str) -> None:
        if name == "bomb":
            self._stream(_bomb(), "Content-Encoding: gzip\r\n")
        elif name == "endless":
            self._stream(_endless())
        elif name == "trickle":
            self._stream(_trickle())
        elif name.startswith("gzip-"):
            self._whole(gzip.compress(json_body(int(name[5:]))), "Content-Encoding: gzip\r\n")
        else:
            self._whole(json_body(int(name)))

    def _head(self, extra: str) -> None:
        self.wfile.write(
            (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Connection: close\r\nx-request-id: hostile-1\r\n{extra}"
            ).encode()
        )

    def _whole(self, body: bytes, extra: str = "") -> None:
        self._head(f"{extra}Content-Length: {len(body)}\r\n\r\n")
        self.wfile.write(body)

    def _stream(self, chunks: Iterator[bytes], extra: str = "") -> None:
        self._head(f"{extra}Transfer-Encoding: chunked\r\n\r\n")
        for chunk in chunks:
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")


def _bomb() -> Iterator[bytes]:
    """1 GiB of zeros, gzip-compressed as it is sent (the client stops long before)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    for _ in range(BOMB_INFLATED // MIB):
        yield compressor.compress(zeros)
    yield compressor.flush()


def _endless() -> Iterator[bytes]:
    """Spaces, as fast as the client takes them, up to a cap no client should reach."""
    block = b" " * (64 * 1024)
    for _ in range(ENDLESS_CAP // len(block)):
        yield block


def _trickle() -> Iterator[bytes]:
    """A byte every 50 ms: never enough to finish, always enough to look alive."""
    until = time.monotonic() + TRICKLE_SECONDS
    while time.monotonic() < until:
        yield b" "
        time.sleep(0.05)


class HostileServer(socketserver.ThreadingTCPServer):
    """The server, on a free loopback port, serving from a thread while in a ``with``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The URL to give a client as ``base_url``."""
        return f"http://127.0.0.1:{self.server_address[1]}/v2"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()
