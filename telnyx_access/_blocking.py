"""The event loop behind the blocking client: a daemon thread driven by a BlockingPortal.

The thread is a daemon so that a script which forgets ``close()`` still exits; ``close()``
shuts it down properly, after the aiohttp session has closed on it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import CancelledError, Future
from typing import TypeVar

import anyio
from anyio.from_thread import BlockingPortal

from ._exceptions import TelnyxAccessError

__all__ = ["PortalThread"]

T = TypeVar("T")

_JOIN_TIMEOUT = 10.0


class PortalThread:
    """An event loop on its own thread, started on first use; calls block until done."""

    def __init__(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def call(self, func: Callable[..., Awaitable[T]], *args: object) -> T:
        """Run ``func(*args)`` on the loop and wait for its result."""
        portal = self._started()
        try:
            return portal.call(func, *args)
        except (CancelledError, RuntimeError) as error:
            if self._closed:  # close() stopped the loop under this call
                raise TelnyxAccessError(
                    "the client was closed while this call was in flight"
                ) from error
            raise

    def iterate(self, agen: AsyncIterator[T]) -> Iterator[T]:
        """Pull items from an async generator on the loop, closing it however the walk ends."""
        portal = self._started()
        try:
            while True:
                try:
                    yield portal.call(agen.__anext__)
                except StopAsyncIteration:
                    return
        finally:
            aclose = getattr(agen, "aclose", None)
            if aclose is not None and not self._closed:
                portal.call(aclose)

    def start(self) -> None:
        """Start the loop now rather than on the first call."""
        self._started()

    def stop(self, before: Callable[[], Awaitable[None]] | None = None) -> None:
        """Run ``before`` on the loop (to close what lives there), then stop the loop."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            portal, thread = self._portal, self._thread
        if portal is None or thread is None or os.getpid() != self._pid:
            return
        try:
            if before is not None:
                portal.call(before)
        finally:
            portal.call(portal.stop, True)
            thread.join(_JOIN_TIMEOUT)

    def _started(self) -> BlockingPortal:
        if os.getpid() != self._pid:
            raise TelnyxAccessError(
                "this blocking client was created in another process; "
                "create a new client after fork()"
            )
        portal = self._portal
        if portal is not None and not self._closed:
            return portal
        with self._lock:
            if self._closed:
                raise TelnyxAccessError("the client is closed")
            if self._portal is None:
                self._portal = self._spawn()
            return self._portal

    def _spawn(self) -> BlockingPortal:
        ready: Future[BlockingPortal] = Future()

        async def serve() -> None:
            async with BlockingPortal() as portal:
                ready.set_result(portal)
                await portal.sleep_until_stopped()

        def run() -> None:
            try:
                anyio.run(serve)
            except BaseException as error:  # surface a failed start to the caller
                if not ready.done():
                    ready.set_exception(error)
                raise

        self._thread = threading.Thread(target=run, name="telnyx-access-loop", daemon=True)
        self._thread.start()
        return ready.result()
