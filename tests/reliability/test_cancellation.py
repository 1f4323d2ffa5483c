"""Cancellation and closing under load: no connection stays checked out, no warning, clear errors.

"Checked out" is read from the aiohttp connector the client owns (``_acquired``: the
connections handed to requests and not yet given back). Each test then proves the pool
is whole in practice too: a burst of ``DEFAULT_MAX_CONNECTIONS`` concurrent calls all
succeed promptly.
The fakes run on their own threads, so ``asyncio.all_tasks()`` shows only the client's tasks.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess, TelnyxAccessError
from telnyx_access._config import DEFAULT_MAX_CONNECTIONS
from telnyx_access.testing import FakeTelnyx

from ..clients import client_settings
from .support import await_until, gather_within, live_threads, seeded_group_id, wait_until

GET = {"method": "GET", "path": r"/billing_groups/[^/]+"}
LIST = {"method": "GET", "path": "/billing_groups"}
SANITY = 5.0
"""Seconds a close or cancel may take at most: the faults delay answers by 20 s or more."""


def checked_out(client: AsyncTelnyxAccess) -> int:
    """Connections of ``client``'s pool handed to a request and not yet given back."""
    session = client._engine.transport._session
    assert session is not None, "the client has not opened its pool yet"
    return len(session.connector._acquired)  # type: ignore[union-attr]


@pytest.fixture
def no_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning (ResourceWarning included) raised during the test; none may be."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
        gc.collect()  # unclosed transports and sessions warn when collected
    assert [str(w.message) for w in caught] == []


@contextmanager
def interrupted_once(ready: Callable[[], bool], what: str) -> Iterator[Any]:
    """Ctrl-C (SIGINT to this thread) once ``ready()`` holds; the block must end interrupted.

    Yields pytest's ``ExceptionInfo`` of the ``KeyboardInterrupt``.
    """
    caller = threading.get_ident()

    def interrupt_when_ready() -> None:
        wait_until(ready, what)
        signal.pthread_kill(caller, signal.SIGINT)

    interrupter = threading.Thread(target=interrupt_when_ready)
    interrupter.start()
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            yield caught
    finally:
        interrupter.join(SANITY)


@pytest.fixture
def blocking_client(seeded_fake: FakeTelnyx, no_warnings: list[Any]) -> Iterator[TelnyxAccess]:
    """A blocking client of ``seeded_fake``, closed before ``no_warnings`` looks for warnings."""
    with TelnyxAccess(**client_settings(seeded_fake)) as client:
        yield client


async def burst(client: AsyncTelnyxAccess, ident: str) -> None:
    """DEFAULT_MAX_CONNECTIONS concurrent retrieves, all answered within 30 s."""
    groups = await gather_within(
        30, *(client.billing_groups.retrieve(ident) for _ in range(DEFAULT_MAX_CONNECTIONS))
    )
    assert {group.id for group in groups} == {ident}


@pytest.mark.anyio
@pytest.mark.parametrize("how", ["task.cancel", "wait_for"])
async def test_cancelled_request_gives_its_connection_back(
    seeded_fake: FakeTelnyx, no_warnings: list[Any], how: str
) -> None:
    """A call cancelled while its answer is pending leaves nothing checked out and no retry."""
    ident = seeded_group_id(seeded_fake)
    async with AsyncTelnyxAccess(**client_settings(seeded_fake)) as client:
        await client.billing_groups.retrieve(ident)
        seeded_fake.inject(delay=30, **GET)
        if how == "task.cancel":
            task = asyncio.ensure_future(client.billing_groups.retrieve(ident))
            await await_until(lambda: seeded_fake.count(**GET) == 2, "the request to arrive")
            assert checked_out(client) == 1
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        else:
            task = asyncio.ensure_future(client.billing_groups.retrieve(ident))
            await await_until(lambda: seeded_fake.count(**GET) == 2, "the request to arrive")
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(task, 0.1)  # cancels the task when it runs out
            assert task.cancelled()
        assert checked_out(client) == 0
        await burst(client, ident)
        assert checked_out(client) == 0
    assert seeded_fake.count(**GET) == 2 + DEFAULT_MAX_CONNECTIONS


@pytest.mark.anyio
@pytest.mark.parametrize(("prefetch", "ahead"), [(0, 1), (4, 3)])
async def test_cancelled_walk_gives_every_connection_back(
    seeded_fake: FakeTelnyx, no_warnings: list[Any], prefetch: int, ahead: int
) -> None:
    """A walk cancelled with pages in flight (fetched ahead or not) leaves nothing behind."""
    ident = seeded_group_id(seeded_fake)
    async with AsyncTelnyxAccess(**client_settings(seeded_fake)) as client:
        await client.billing_groups.retrieve(ident)
        tasks_before = asyncio.all_tasks()
        first_item = asyncio.Event()

        async def walk() -> None:
            async for _ in client.billing_groups.list(page_size=1, prefetch=prefetch):
                if not first_item.is_set():
                    seeded_fake.inject(delay=30, times=3, **LIST)  # pages 2-4 hang
                    first_item.set()

        task = asyncio.ensure_future(walk())
        await asyncio.wait_for(first_item.wait(), 15)
        await await_until(lambda: seeded_fake.count(**LIST) == 1 + ahead, "pages in flight")
        assert checked_out(client) == ahead
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert checked_out(client) == 0
        assert asyncio.all_tasks() == tasks_before  # pages fetched ahead were cancelled
        await burst(client, ident)


@pytest.mark.anyio
async def test_walk_left_by_break_gives_every_connection_back(
    seeded_fake: FakeTelnyx, no_warnings: list[Any]
) -> None:
    """Breaking out of `async for` with pages fetched ahead: they are cancelled and returned."""
    ident = seeded_group_id(seeded_fake)
    async with AsyncTelnyxAccess(**client_settings(seeded_fake)) as client:
        await client.billing_groups.retrieve(ident)
        tasks_before = asyncio.all_tasks()
        seen = 0
        async for _ in client.billing_groups.list(page_size=1):
            seen += 1
            if seen == 1:
                # Pages 2-4 are requested together when item 2 is asked for; the first
                # to arrive (page 2, on the pooled connection) answers, the rest hang.
                seeded_fake.inject(**LIST)
                seeded_fake.inject(delay=20, times=2, **LIST)
            else:
                await await_until(lambda: seeded_fake.count(**LIST) == 4, "pages 3-4 sent")
                assert checked_out(client) == 2
                break
        # An abandoned async generator is closed by the loop soon after, not at once.
        await await_until(lambda: checked_out(client) == 0, "prefetched pages to be released")
        await await_until(lambda: asyncio.all_tasks() == tasks_before, "prefetch tasks to end")
        await burst(client, ident)
    assert seen == 2


def test_blocking_walk_left_by_break_gives_every_connection_back(
    seeded_fake: FakeTelnyx, blocking_client: TelnyxAccess
) -> None:
    """Leaving a blocking walk early cancels its pages in flight and frees their connections."""
    ident = seeded_group_id(seeded_fake)
    inner = blocking_client._inner
    page = blocking_client.billing_groups.list(page_size=1)

    async def count_tasks() -> int:
        return len(asyncio.all_tasks())

    tasks_before = blocking_client._portal.call(count_tasks)
    seen = []
    for group in page:
        seen.append(group.id)
        if len(seen) == 1:
            # Page 2 was fetched ahead while page 1 was read; pages 3-4 are asked for
            # with it when item 2 is, and hang.
            wait_until(lambda: seeded_fake.count(**LIST) == 2, "page 2 fetched ahead")
            seeded_fake.inject(delay=20, times=2, **LIST)
        else:
            wait_until(lambda: seeded_fake.count(**LIST) == 4, "pages 3-4 sent")
            assert checked_out(inner) == 2
            break
    wait_until(lambda: checked_out(inner) == 0, "prefetched pages to be released")
    wait_until(lambda: blocking_client._portal.call(count_tasks) == tasks_before, "tasks to end")
    for _ in range(10):
        assert blocking_client.billing_groups.retrieve(ident).id == ident
    assert len(seen) == 2


def test_interrupting_a_blocking_call_cancels_its_request(
    seeded_fake: FakeTelnyx, blocking_client: TelnyxAccess
) -> None:
    """Ctrl-C while a blocking call waits stops its request on the loop and frees the connection."""
    ident = seeded_group_id(seeded_fake)
    inner = blocking_client._inner
    assert blocking_client.billing_groups.retrieve(ident).id == ident
    seeded_fake.inject(delay=20, **GET)
    with interrupted_once(lambda: checked_out(inner) == 1, "the request to be sent"):
        blocking_client.billing_groups.retrieve(ident)
    # Freed long before the 20 s answer: the request was cancelled, not left to finish.
    wait_until(lambda: checked_out(inner) == 0, "the connection to be freed", SANITY)
    assert blocking_client.billing_groups.retrieve(ident).id == ident


def test_interrupting_a_blocking_walk_cancels_its_pages(
    seeded_fake: FakeTelnyx, blocking_client: TelnyxAccess
) -> None:
    """Ctrl-C while a blocking walk waits for pages raises KeyboardInterrupt and frees them."""
    inner = blocking_client._inner
    page = blocking_client.billing_groups.list(page_size=1)
    seeded_fake.inject(delay=20, times=10, **LIST)
    with interrupted_once(lambda: checked_out(inner) > 0, "the next pages") as caught:
        for _ in page:
            pass
    assert caught.value.__context__ is None  # not replaced by a failed clean-up
    wait_until(lambda: checked_out(inner) == 0, "the pages to be freed", SANITY)
    ident = seeded_group_id(seeded_fake)
    assert blocking_client.billing_groups.retrieve(ident).id == ident


@pytest.mark.anyio
async def test_aclose_fails_calls_in_flight_with_a_clear_error(
    seeded_fake: FakeTelnyx, no_warnings: list[Any]
) -> None:
    """aclose() with a GET, a POST and a walk in flight: each fails saying the client closed."""
    ident = seeded_group_id(seeded_fake)
    client = AsyncTelnyxAccess(**client_settings(seeded_fake))
    await client.billing_groups.retrieve(ident)
    seeded_fake.inject(delay=30, times=3)

    async def walk() -> list[Any]:
        return [group async for group in client.billing_groups.list()]

    calls = [
        asyncio.ensure_future(client.billing_groups.retrieve(ident)),
        asyncio.ensure_future(client.billing_groups.create(name="never")),
        asyncio.ensure_future(walk()),
    ]
    await await_until(lambda: len(seeded_fake.requests) == 4, "three calls in flight")
    started = time.monotonic()
    await client.aclose()
    for call in calls:
        with pytest.raises(TelnyxAccessError, match="closed") as caught:
            await call
        assert "in flight" in str(caught.value) or "is closed" in str(caught.value)
    assert time.monotonic() - started < SANITY
    assert len(seeded_fake.requests) == 4  # the GET was not retried on a closed client


def test_close_fails_blocking_calls_in_flight_with_a_clear_error(
    seeded_fake: FakeTelnyx, no_warnings: list[Any]
) -> None:
    """close() while other threads wait on a GET, a POST and a walk: each gets a clear error."""
    ident = seeded_group_id(seeded_fake)
    threads_before = live_threads()
    client = TelnyxAccess(**client_settings(seeded_fake))
    client.billing_groups.retrieve(ident)
    seeded_fake.inject(delay=30, times=3)
    errors: dict[str, BaseException | None] = {}

    def run(name: str, call: Any) -> None:
        try:
            call()
            errors[name] = None
        except BaseException as error:  # checked by the main thread
            errors[name] = error

    calls = {
        "get": lambda: client.billing_groups.retrieve(ident),
        "post": lambda: client.billing_groups.create(name="never"),
        "walk": lambda: list(client.billing_groups.list(page_size=250)),
    }
    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(seeded_fake.requests) == 4, "three calls in flight")
    started = time.monotonic()
    client.close()
    for thread in threads:
        thread.join(SANITY)
    assert time.monotonic() - started < SANITY
    assert set(errors) == set(calls)
    for name, error in errors.items():
        assert isinstance(error, TelnyxAccessError), (name, error)
        assert "closed" in str(error), (name, error)
    assert len(seeded_fake.requests) == 4
    wait_until(lambda: live_threads() <= threads_before, "the client's thread to end")
