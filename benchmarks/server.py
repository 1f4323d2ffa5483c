"""A fast stand-in for the Telnyx v2 endpoints the benchmarks use, run in its own process.

It answers, on ``127.0.0.1`` only:

- ``GET /v2/billing_groups/{id}``: ``{"data": {...}}`` (the id is echoed back);
- ``POST /v2/billing_groups``: ``{"data": {...}}``;
- ``GET /v2/addresses?page[number]=N&page[size]=M``: one page of ``--addresses``
  addresses (10,000 by default) as ``{"data": [...], "meta": {...}}``, brackets in the
  query plain or percent-encoded;
- ``GET /__bench/cpu``: the CPU seconds this process has used, for the runner's report.

It is a bare ``asyncio.Protocol`` speaking HTTP/1.1 with keep-alive, not a web framework:
every body is serialised once at start (address pages on first request, then cached), so an
answer costs a dictionary look-up and one ``transport.write``. ``--delay-ms`` holds every
answer back by a fixed time, as a far-away server would, without using any CPU meanwhile.

Usage: ``python benchmarks/server.py [--port 0] [--delay-ms 20] [--cpu 0]``. It prints
``READY <port>`` on its first line of output once it listens, and exits on SIGTERM or
SIGINT, when the process that started it goes away, or after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

HOST = "127.0.0.1"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 250
MAX_HEAD = 64 * 1024
"""Largest request head accepted; a longer one closes the connection."""
MAX_BODY = 1024 * 1024
CACHE_LIMIT = 4096
"""Most distinct answers kept ready (ids are echoed, so GETs of new ids are built)."""

ORG_ID = "f1486bae-f067-460c-ad43-73a92848f902"
STAMP = "2019-10-15T10:07:15.527Z"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _response(status: int, body: bytes) -> bytes:
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
    head = (
        f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "x-request-id: bench-0000\r\n"
        "\r\n"
    )
    return head.encode() + body


def _error(status: int, title: str) -> bytes:
    return _response(status, _dumps({"errors": [{"code": str(status), "title": title}]}))


def address(index: int) -> dict[str, Any]:
    """The ``index``-th address (0-based), with every field the spec lists."""
    return {
        "id": str(1293384261075731499 + index),
        "record_type": "address",
        "first_name": "Alfred",
        "last_name": f"Foster {index}",
        "business_name": "Toy Story Inc",
        "street_address": f"{600 + index % 400} Congress Avenue",
        "extended_address": f"Suite {index % 50}",
        "locality": "Austin",
        "administrative_area": "TX",
        "neighborhood": "Ciudad de los deportes",
        "borough": "Guadalajara",
        "postal_code": "78701",
        "country_code": "US",
        "phone_number": f"+1{3125550000 + index}",
        "customer_reference": f"MY REF {index}",
        "address_book": index % 2 == 0,
        "validate_address": True,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


class Catalog:
    """Every answer, serialised once."""

    def __init__(self, addresses: int) -> None:
        self.total = addresses
        self._items = [_dumps(address(i)) for i in range(addresses)]
        group = {
            "id": "@ID@",
            "name": "My billing group name",
            "organization_id": ORG_ID,
            "record_type": "billing_group",
            "created_at": STAMP,
            "updated_at": STAMP,
            "deleted_at": None,
        }
        self._group_prefix, self._group_suffix = _dumps({"data": group}).split(b"@ID@")
        created = {**group, "id": "3c8d4e2a-6b1f-4c57-9a0e-5d2f7b8c1e90"}
        self._created = _response(200, _dumps({"data": created}))
        self._not_found = _error(404, "Resource not found")
        self._cache: dict[tuple[bytes, bytes], bytes] = {}

    def answer(self, method: bytes, target: bytes) -> bytes:
        """The full HTTP response to ``method target``."""
        if target == b"/__bench/cpu":
            times = os.times()
            return _response(200, _dumps({"cpu": times.user + times.system}))
        key = (method, target)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        built = self._build(method, target)
        if len(self._cache) < CACHE_LIMIT:
            self._cache[key] = built
        return built

    def _build(self, method: bytes, target: bytes) -> bytes:
        path, _, query = target.partition(b"?")
        if path == b"/v2/billing_groups":
            return self._created if method == b"POST" else _error(405, "Method not allowed")
        if path.startswith(b"/v2/billing_groups/") and method == b"GET":
            group_id = unquote_to_bytes(path[len(b"/v2/billing_groups/") :])
            return _response(200, self._group_prefix + group_id + self._group_suffix)
        if path == b"/v2/addresses" and method == b"GET":
            return self._page(query.decode("latin-1"))
        return self._not_found

    def _page(self, query: str) -> bytes:
        params = dict(parse_qsl(query))
        try:
            number = int(params.get("page[number]", "1"))
            size = int(params.get("page[size]", str(DEFAULT_PAGE_SIZE)))
        except ValueError:
            return _error(400, "page[number] and page[size] must be integers")
        if number < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            return _error(400, "page out of range")
        start = (number - 1) * size
        items = self._items[start : start + size]
        meta = {
            "page_number": number,
            "page_size": size,
            "total_pages": max(1, -(-self.total // size)),
            "total_results": self.total,
        }
        body = b'{"data":[' + b",".join(items) + b'],"meta":' + _dumps(meta) + b"}"
        return _response(200, body)


class HTTPConnection(asyncio.Protocol):
    """One keep-alive connection: parses request heads, skips bodies, writes answers."""

    def __init__(self, catalog: Catalog, delay: float) -> None:
        self._catalog = catalog
        self._delay = delay
        self._buffer = b""
        self._transport: asyncio.Transport | None = None
        self._loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport to answer on."""
        assert isinstance(transport, asyncio.Transport)  # noqa: S101 - TCP only
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the transport; late delayed answers are dropped."""
        self._transport = None

    def data_received(self, data: bytes) -> None:
        """Answer every complete request in the buffer (bounded by what arrived)."""
        buffer = self._buffer + data
        while buffer:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD:
                    self._close()
                    return
                break
            head = buffer[:end]
            line_end = head.find(b"\r\n")
            request_line = head if line_end < 0 else head[:line_end]
            parts = request_line.split(b" ")
            length = _content_length(head)
            if len(parts) != 3 or length is None or length > MAX_BODY:
                self._close()
                return
            total = end + 4 + length
            if len(buffer) < total:
                break
            buffer = buffer[total:]
            self._send(self._catalog.answer(parts[0], parts[1]))
        self._buffer = buffer

    def _send(self, response: bytes) -> None:
        if self._delay > 0:
            self._loop.call_later(self._delay, self._write, response)
        else:
            self._write(response)

    def _write(self, response: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(response)

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def _content_length(head: bytes) -> int | None:
    """The request's Content-Length (0 when absent); ``None`` when chunked or unreadable."""
    lowered = head.lower()
    if b"\r\ntransfer-encoding:" in lowered:
        return None
    start = lowered.find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    start += len(b"\r\ncontent-length:")
    stop = lowered.find(b"\r\n", start)
    try:
        return int(lowered[start : stop if stop >= 0 else len(lowered)].strip())
    except ValueError:
        return None


def pin_to_cpu(cpu: int | None) -> None:
    """Run this process on one core only, where the OS allows it."""
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {cpu})


async def serve(port: int, delay: float, addresses: int, max_seconds: float) -> None:
    """Listen until a signal, the parent's exit or ``max_seconds``."""
    loop = asyncio.get_running_loop()
    catalog = Catalog(addresses)
    server = await loop.create_server(
        lambda: HTTPConnection(catalog, delay), HOST, port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"READY {bound}\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    parent = os.getppid()
    deadline = loop.time() + max_seconds
    async with server:
        while not stop.is_set() and loop.time() < deadline and os.getppid() == parent:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)


class ServerProcess:
    """This server in a child process, for the runner: ``with ServerProcess(...) as server:``.

    Leaving the block (also on an error or Ctrl-C) terminates the child and waits for it.
    """

    def __init__(
        self, *, delay_ms: float = 0.0, addresses: int = 10_000, cpu: int | None = None
    ) -> None:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--delay-ms",
            str(delay_ms),
            "--addresses",
            str(addresses),
        ]
        if cpu is not None:
            command += ["--cpu", str(cpu)]
        self.delay_ms = delay_ms
        self.addresses = addresses
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
        try:
            self.port = self._read_port(timeout=30.0)
        except BaseException:
            self.stop()
            raise
        self.pid = self._process.pid
        self.base_url = f"http://{HOST}:{self.port}/v2"

    def _read_port(self, timeout: float) -> int:
        stdout = self._process.stdout
        assert stdout is not None  # noqa: S101 - set by Popen(stdout=PIPE)
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise RuntimeError(f"the benchmark server did not start within {timeout:g}s")
        line = stdout.readline().split()
        if len(line) != 2 or line[0] != "READY":
            raise RuntimeError(f"the benchmark server did not start: {line!r}")
        return int(line[1])

    def cpu_seconds(self) -> float | None:
        """CPU time the server has used so far (Linux ``/proc``; ``None`` elsewhere)."""
        return process_cpu_seconds(self._process.pid)

    def stop(self) -> None:
        """Terminate the child and wait for it; kill it if it does not go in time."""
        process = self._process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of process ``pid`` from ``/proc``, or ``None``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_times() -> tuple[int, int] | None:
    """(idle, total) jiffies of the whole machine from ``/proc/stat``, or ``None``."""
    try:
        with Path("/proc/stat").open() as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + fields[4], sum(fields[:8])


def machine_busy(seconds: float = 0.5) -> float | None:
    """Share of all cores busy over the next ``seconds`` (Linux), or ``None``."""
    before = _cpu_times()
    time.sleep(seconds)
    after = _cpu_times()
    if before is None or after is None or after[1] == before[1]:
        return None
    return 1 - (after[0] - before[0]) / (after[1] - before[1])


def wait_until_quiet(threshold: float, max_wait: float) -> tuple[float, float | None]:
    """Wait, ``max_wait`` seconds at most, until under ``threshold`` of the machine is busy.

    Returns the seconds waited and the last busy share seen.
    """
    started = time.monotonic()
    busy = machine_busy()
    for _ in range(int(max_wait / 0.5)):
        if busy is None or busy < threshold:
            break
        busy = machine_busy()
    return time.monotonic() - started, busy


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="hold each answer back")
    parser.add_argument("--addresses", type=int, default=10_000, help="addresses to list")
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this core")
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="exit after this")
    args = parser.parse_args(argv)
    pin_to_cpu(args.cpu)
    asyncio.run(serve(args.port, args.delay_ms / 1000, args.addresses, args.max_seconds))


if __name__ == "__main__":
    main()
