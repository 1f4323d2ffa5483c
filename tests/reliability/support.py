"""Helpers of the reliability suite: seeded ids, bounded waits, connection and leak gauges."""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web

from telnyx_access.testing import FakeTelnyx


def seeded_groups(fake: FakeTelnyx) -> dict[str, str]:
    """The seeded billing groups of ``fake``: id -> name."""
    return {ident: group["name"] for ident, group in fake.api.billing_groups.items()}


def seeded_group_id(fake: FakeTelnyx) -> str:
    """The id of one of the seeded billing groups of ``fake``."""
    return next(iter(seeded_groups(fake)))


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Block until ``predicate()`` holds, failing the test after ``timeout`` seconds."""
    limit = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > limit:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.002)


async def await_until(predicate: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """``wait_until`` for the running event loop: yields to it between checks."""
    limit = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > limit:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.002)


async def gather_within(seconds: float, *calls: Awaitable[Any]) -> list[Any]:
    """All results of ``calls``, run at once; fails if they take longer than ``seconds``."""
    return await asyncio.wait_for(asyncio.gather(*calls), seconds)


def open_fds() -> int:
    """How many file descriptors this process has open, after a garbage collection."""
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


def live_threads() -> set[threading.Thread]:
    """The threads of this process that are still running."""
    return {thread for thread in threading.enumerate() if thread.is_alive()}


def _socket_inodes() -> set[str]:
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed between listing and reading
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def established_to(port: int) -> int:
    """Client-side TCP connections of this process to 127.0.0.1:``port`` now ESTABLISHED.

    Read from ``/proc/net/tcp`` (every IPv4 socket of the host) joined on inode with
    ``/proc/self/fd`` (this process's sockets); the fake's own end of each connection has
    ``port`` as its local port, so it is not counted.
    """
    ours = _socket_inodes()
    count = 0
    with open("/proc/net/tcp", encoding="ascii") as table:
        next(table)
        for line in table:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if fields[3] == "01" and remote_port == port and fields[9] in ours:
                count += 1
    return count


@contextmanager
def unused_port() -> Iterator[int]:
    """A loopback port bound but not listening: connecting to it is refused, every time."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]
    finally:
        holder.close()


class ConnectionGauge:
    """Counts the TCP connections a running ``FakeTelnyx`` holds open, exactly.

    It wraps ``connection_made`` / ``connection_lost`` of the fake's ``aiohttp.web.Server``,
    which aiohttp calls once for every accepted and every lost connection. So ``peak`` is the
    true maximum of connections open at once (no sampling that could miss a burst), and
    ``peers`` the distinct client ``(host, port)`` pairs seen.
    """

    def __init__(self, fake: FakeTelnyx) -> None:
        runner = fake._runner
        if runner is None or runner.server is None:
            raise RuntimeError("start the fake before measuring it")
        server: web.Server = runner.server
        self._lock = threading.Lock()
        self.open = 0
        self.peak = 0
        self.total = 0
        self.peers: set[Any] = set()
        made, lost = server.connection_made, server.connection_lost

        def connection_made(handler: Any, transport: Any) -> None:
            with self._lock:
                self.open += 1
                self.total += 1
                self.peak = max(self.peak, self.open)
                self.peers.add(transport.get_extra_info("peername"))
            made(handler, transport)

        def connection_lost(handler: Any, exc: BaseException | None = None) -> None:
            with self._lock:
                self.open -= 1
            lost(handler, exc)

        server.connection_made = connection_made  # type: ignore[method-assign]
        server.connection_lost = connection_lost  # type: ignore[method-assign]
