"""The event loop behind the blocking client: a daemon thread driven by a BlockingPortal.

The portal owns the loop: it starts it and stops it, and tasks still on the loop when it
ends are cancelled. A call is handed to that loop as a task started with
``call_soon_threadsafe``, its caller waiting on a lock the task releases when done: one
hand-off each way, where ``portal.call`` waits for the loop to schedule an anyio task and
then for the task. It measured 3 to 4 times cheaper per call; see docs/performance.md.
anyio is imported when the first client starts its thread, not with the package.

The thread is a daemon so that a script which forgets ``close()`` still exits; ``close()``
shuts it down properly, after the aiohttp session has closed on it. A ``PortalThread``
that nothing refers to any more (its client, the clients derived from it and their pages
all dropped) is shut down by a finaliser, with a ``ResourceWarning``: nothing on the loop's
thread refers back to it, so it can be collected while the thread runs, and the finaliser
only hands the shutdown to the loop, so a collection on any thread never waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import warnings
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._exceptions import TelnyxAccessError

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

__all__ = ["PortalThread"]

T = TypeVar("T")

_JOIN_TIMEOUT = 10.0


class PortalThread:
    """An event loop on its own thread, started on first use; calls block until done.

    Args:
        on_stop: awaited on the loop before it stops, to close what lives there (it must
            not refer to this object, or a dropped one could never be collected).
    """

    def __init__(self, on_stop: Callable[[], Awaitable[None]] | None = None) -> None:
        self._on_stop = on_stop
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        # Calls not yet answered: stop() frees any whose task the loop ended without finishing.
        self._waiting: set[_Handoff[Any]] = set()

    def call(self, func: Callable[..., Awaitable[T]], *args: object) -> T:
        """Run ``func(*args)`` on the loop and wait for its result.

        An interrupt (Ctrl-C) while waiting cancels the call on the loop too.
        """
        loop = self._started()
        if threading.current_thread() is self._thread:
            raise RuntimeError("a blocking call cannot be made from the client's own loop")
        handoff = _Handoff(func, args)
        self._waiting.add(handoff)
        try:
            try:
                loop.call_soon_threadsafe(handoff.start)
            except RuntimeError as error:  # the loop closed since _started()
                raise TelnyxAccessError("the client is closed") from error
            handoff.wait(loop)
        finally:
            self._waiting.discard(handoff)
        try:
            return handoff.result()
        except asyncio.CancelledError as error:
            if self._closed:  # close() stopped the loop under this call
                raise TelnyxAccessError(
                    "the client was closed while this call was in flight"
                ) from error
            raise

    def iterate(self, agen: AsyncIterator[T]) -> Iterator[T]:
        """Pull items from an async generator on the loop, closing it however the walk ends.

        A step that fails (an error, or an interrupt that cancels it) ends the generator
        by itself; only a walk left between steps needs ``aclose()``.
        """
        stepping = False
        try:
            while True:
                stepping = True
                try:
                    item = self.call(agen.__anext__)
                except StopAsyncIteration:
                    return
                stepping = False
                yield item
        finally:
            aclose = getattr(agen, "aclose", None)
            if not stepping and aclose is not None and not self._closed:
                self.call(aclose)

    def start(self) -> None:
        """Start the loop now rather than on the first call."""
        self._started()

    def stop(self) -> None:
        """Run ``on_stop`` on the loop (to close what lives there), then stop the loop."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            finalizer = self._finalizer
        if finalizer is None or not finalizer.detach() or os.getpid() != self._pid:
            return  # never started, or started in the parent of this forked process
        try:
            _shut_down(self._portal, self._thread, self._on_stop)
        finally:
            for handoff in list(self._waiting):  # sent as the loop was ending
                handoff.abandon()

    def _started(self) -> asyncio.AbstractEventLoop:
        if os.getpid() != self._pid:
            raise TelnyxAccessError(
                "this blocking client was created in another process; "
                "create a new client after fork()"
            )
        loop = self._loop
        if loop is not None and not self._closed:
            return loop
        with self._lock:
            if self._closed:
                raise TelnyxAccessError("the client is closed")
            if self._loop is None:
                portal, self._loop, thread = self._spawn()
                self._portal, self._thread = portal, thread
                self._finalizer = weakref.finalize(
                    self, _release_dropped, portal, thread, self._loop, self._on_stop
                )
            return self._loop

    def _spawn(self) -> tuple[BlockingPortal, asyncio.AbstractEventLoop, threading.Thread]:
        import anyio  # noqa: PLC0415 - only a blocking client that is used needs anyio
        from anyio.from_thread import BlockingPortal  # noqa: PLC0415

        ready: Future[tuple[BlockingPortal, asyncio.AbstractEventLoop]] = Future()

        async def serve() -> None:
            async with BlockingPortal() as portal:
                ready.set_result((portal, asyncio.get_running_loop()))
                await portal.sleep_until_stopped()

        def run() -> None:
            try:
                anyio.run(serve)
            except BaseException as error:  # surface a failed start to the caller
                if not ready.done():
                    ready.set_exception(error)
                raise

        thread = threading.Thread(target=run, name="telnyx-access-loop", daemon=True)
        thread.start()
        portal, loop = ready.result()
        return portal, loop, thread


def _shut_down(
    portal: BlockingPortal | None,
    thread: threading.Thread | None,
    on_stop: Callable[[], Awaitable[None]] | None,
) -> None:
    """Close what lives on the loop, stop the loop and wait for its thread to end."""
    if portal is None or thread is None:
        return
    if threading.current_thread() is thread:  # it cannot wait for itself
        _stop_here(portal, on_stop)
        return
    try:
        if on_stop is not None:
            portal.call(on_stop)
    finally:
        portal.call(portal.stop, True)
        thread.join(_JOIN_TIMEOUT)


_STOPPING: set[asyncio.Task[None]] = set()
"""Shutdowns under way on their loops, kept until done (a loop holds tasks only weakly)."""


def _stop_here(portal: BlockingPortal, on_stop: Callable[[], Awaitable[None]] | None) -> None:
    """On the loop's thread: close what lives there and stop the loop, as a task."""

    async def stop() -> None:
        try:
            if on_stop is not None:
                await on_stop()
        finally:
            await portal.stop(cancel_remaining=True)

    task = asyncio.get_running_loop().create_task(stop())
    _STOPPING.add(task)
    task.add_done_callback(_STOPPING.discard)


def _release_dropped(
    portal: BlockingPortal,
    thread: threading.Thread,
    loop: asyncio.AbstractEventLoop,
    on_stop: Callable[[], Awaitable[None]] | None,
) -> None:
    """The finaliser of a ``PortalThread`` dropped without ``stop()``.

    It may run on any thread, inside a garbage collection: it only hands the shutdown to
    the loop and returns, so it can neither block nor deadlock; the thread ends soon after.
    """
    if not thread.is_alive():  # already ended, or this is a forked child
        return
    try:
        loop.call_soon_threadsafe(_stop_here, portal, on_stop)
    except RuntimeError:  # the loop has closed meanwhile: nothing left to stop
        return
    warnings.warn(
        "a TelnyxAccess client was not closed; call close() or use it in a with block",
        ResourceWarning,
        stacklevel=1,
    )


class _Handoff(Generic[T]):
    """One blocking call: a task on the loop, and a lock its caller waits on.

    The task keeps what the call returned or raised here and then releases the lock, in
    its last step: the caller needs neither the task's result, set after that step, nor a
    done callback, which would take the loop another turn. That is half the cost of
    ``run_coroutine_threadsafe``, whose future chains callbacks both ways.
    """

    __slots__ = ("_args", "_error", "_finished", "_func", "_outcome", "_task")

    def __init__(self, func: Callable[..., Awaitable[T]], args: tuple[Any, ...]) -> None:
        self._func, self._args = func, args
        self._task: asyncio.Task[None] | None = None
        self._outcome: tuple[T] | None = None
        self._error: BaseException | None = None
        self._finished = threading.Lock()
        self._finished.acquire()  # held until the call is done

    def start(self) -> None:
        """On the loop: start the call as a task (so that it can be cancelled)."""
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        try:
            self._outcome = (await self._func(*self._args),)
        except BaseException as error:  # the caller's thread raises it
            self._error = error
            if not isinstance(error, Exception):
                raise  # a cancellation, say: the task ends as the call did
        finally:
            self._finished.release()

    def wait(self, loop: asyncio.AbstractEventLoop) -> None:
        """In the caller: block until the call is done; an interrupt cancels it on the loop."""
        try:
            self._finished.acquire()
        except BaseException:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nothing to cancel
                loop.call_soon_threadsafe(self._cancel)
            raise

    def abandon(self) -> None:
        """Once the loop has ended: free a caller whose call will never finish."""
        with contextlib.suppress(RuntimeError):  # it was released already
            self._finished.release()

    def result(self) -> T:
        """What the call returned; raises what it raised, or ``CancelledError``."""
        if self._outcome is not None:
            return self._outcome[0]
        if self._error is not None:
            raise self._error
        raise asyncio.CancelledError  # the loop ended before the call could finish

    def _cancel(self) -> None:
        if self._task is not None:  # start() runs first: callbacks keep their order
            self._task.cancel()
