"""The blocking client: threads, running event loops, closing, fork and derived clients."""

from __future__ import annotations

import asyncio
import contextvars
import os
import re
import sys
import threading
import traceback
import types
from typing import Any

import pytest
import sniffio

from telnyx_access import TelnyxAccess, TelnyxAccessError
from telnyx_access._blocking import PortalThread
from telnyx_access.testing import FakeTelnyx

from .clients import client_settings
from .helpers import (
    API_KEY,
    add_groups,
    group_model,
    group_path,
    numbered_group_id,
    numbered_group_ids,
    outcome_in_forked_child,
    sent_rate_limit,
)

LOOP_THREAD = "telnyx-access-loop"
THREADS = 16


def loop_threads() -> int:
    """How many blocking-client loop threads are alive."""
    return sum(1 for t in threading.enumerate() if t.name == LOOP_THREAD)


def blocking_client(fake: FakeTelnyx, **settings: Any) -> TelnyxAccess:
    """A blocking client pointed at ``fake``."""
    return TelnyxAccess(**client_settings(fake, **settings))


@pytest.mark.anyio
async def test_blocking_client_works_inside_a_running_event_loop(fake: FakeTelnyx) -> None:
    """Called straight from a coroutine (no to_thread), the blocking client still answers."""
    add_groups(fake, [1, 2])
    asyncio.get_running_loop()  # this test really runs inside a loop
    with blocking_client(fake) as client:
        group = client.billing_groups.retrieve(numbered_group_id(1))
        walked = [g.id for g in client.billing_groups.list()]
    assert group == group_model(1)
    assert walked == numbered_group_ids([1, 2])
    assert len(fake.requests) == 2


def test_blocking_client_works_under_asyncio_run(fake: FakeTelnyx) -> None:
    """A coroutine run by asyncio.run can create, use and close a blocking client."""
    add_groups(fake, [1, 2])

    async def main() -> tuple[str | None, list[str | None]]:
        client = blocking_client(fake)
        try:
            group = client.billing_groups.create(name="ops")
            return group.id, [g.id for g in client.billing_groups.list()]
        finally:
            client.close()

    created, walked = asyncio.run(main())
    assert fake.api.billing_groups[created or ""]["name"] == "ops"
    assert walked == [*numbered_group_ids([1, 2]), created]
    assert len(fake.requests) == 2


def test_threads_share_one_blocking_client(fake: FakeTelnyx) -> None:
    """16 threads calling one client at the same moment each get their own correct answer."""
    add_groups(fake, range(THREADS))
    barrier = threading.Barrier(THREADS)
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[n] = client.billing_groups.retrieve(numbered_group_id(n))
        except BaseException as error:  # report to the main thread
            errors.append(error)

    with blocking_client(fake) as client:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert {n: g.id for n, g in results.items()} == {
        n: numbered_group_id(n) for n in range(THREADS)
    }
    assert all(g.name == f"group {n}" for n, g in results.items())
    assert len(fake.requests) == THREADS
    assert sorted(r.raw_path for r in fake.requests) == sorted(
        group_path(n) for n in range(THREADS)
    )


def test_works_without_with_block(fake: FakeTelnyx) -> None:
    """construct, call, close() works, and close() stops the loop thread it started."""
    add_groups(fake, [7])
    before = loop_threads()
    client = blocking_client(fake)
    try:
        assert client.billing_groups.retrieve(numbered_group_id(7)).id == numbered_group_id(7)
        assert loop_threads() == before + 1
    finally:
        client.close()
    assert client.is_closed
    assert loop_threads() == before
    assert len(fake.requests) == 1


def test_every_method_refuses_after_close(fake: FakeTelnyx) -> None:
    """After close(), each method raises TelnyxAccessError saying closed; close() twice is fine."""
    add_groups(fake, [1])
    client = blocking_client(fake)
    page = client.billing_groups.list()
    client.close()
    client.close()
    calls = {
        "retrieve": lambda: client.billing_groups.retrieve(numbered_group_id(1)),
        "create": lambda: client.billing_groups.create(name="x"),
        "update": lambda: client.billing_groups.update(numbered_group_id(1), name="x"),
        "delete": lambda: client.billing_groups.delete(numbered_group_id(1)),
        "list": client.billing_groups.list,
        "raw retrieve": lambda: client.billing_groups.with_raw_response.retrieve(
            numbered_group_id(1)
        ),
        "with_options": lambda: client.with_options(timeout=1),
        "iterate a page": lambda: list(page),
        "next_page": page.next_page,
    }
    for name, call in calls.items():
        with pytest.raises(TelnyxAccessError, match="closed"):
            call()
        assert len(fake.requests) == 1, name
    with pytest.raises(TelnyxAccessError, match="closed"), client:
        pass


def test_close_leaves_no_loop_thread(fake: FakeTelnyx) -> None:
    """Closing (with or without a with block) joins the client's loop thread."""
    add_groups(fake, [1])
    before = loop_threads()
    with blocking_client(fake) as client:
        client.billing_groups.retrieve(numbered_group_id(1))
        assert loop_threads() == before + 1
    assert loop_threads() == before
    never_used = blocking_client(fake)
    never_used.close()
    assert loop_threads() == before


def test_a_blocking_call_from_the_clients_own_loop_is_refused(fake: FakeTelnyx) -> None:
    """A blocking call made on the client's loop thread raises instead of deadlocking."""
    add_groups(fake, [1])
    with blocking_client(fake) as client:

        async def on_the_loop() -> object:
            return client.billing_groups.retrieve(numbered_group_id(1))

        with pytest.raises(RuntimeError, match="own loop"):
            client._portal.call(on_the_loop)
        assert client.billing_groups.retrieve(numbered_group_id(1)).id == numbered_group_id(1)
    assert len(fake.requests) == 1


def test_a_call_left_waiting_when_the_loop_stops_fails_saying_so() -> None:
    """A call still running on the loop when it stops fails with a closed error, not a hang."""
    portal = PortalThread()
    running = threading.Event()

    async def forever() -> None:
        running.set()
        await asyncio.Event().wait()

    outcome: list[BaseException] = []

    def caller() -> None:
        try:
            portal.call(forever)
        except BaseException as error:  # recorded for the assertion
            outcome.append(error)

    thread = threading.Thread(target=caller)
    thread.start()
    assert running.wait(10)
    portal.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert [type(error) for error in outcome] == [TelnyxAccessError]
    assert "closed while this call was in flight" in str(outcome[0])


def test_retry_waits_on_asyncio_whatever_the_callers_context_says(
    fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blocking call from code that sniffio takes for trio still retries on asyncio."""
    trio = types.ModuleType("trio")  # stands in for trio, imported by the trio program

    async def trio_sleep(seconds: float) -> None:
        raise AssertionError("trio.sleep() on the client's asyncio loop")

    trio.sleep = trio_sleep  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "trio", trio)
    add_groups(fake, [1])
    fake.inject(503, headers={"Retry-After": "0"}, method="GET")

    def from_a_trio_program() -> str | None:
        sniffio.current_async_library_cvar.set("trio")  # as anyio.run(backend="trio") does
        with blocking_client(fake) as client:
            return client.billing_groups.retrieve(numbered_group_id(1)).id

    assert contextvars.copy_context().run(from_a_trio_program) == numbered_group_id(1)
    assert len(fake.requests) == 2


_REQUEST_TAG: contextvars.ContextVar[str] = contextvars.ContextVar("request_tag")


def test_a_call_runs_in_the_callers_context(fake: FakeTelnyx) -> None:
    """A context variable the calling thread set is seen by code the call runs on the loop."""
    add_groups(fake, [1])
    seen: list[str | None] = []

    async def middleware(request: Any, handler: Any) -> Any:
        seen.append(_REQUEST_TAG.get(None))
        return await handler(request)

    with TelnyxAccess(
        api_key=fake.api_key, base_url=fake.base_url, middlewares=[middleware]
    ) as client:
        _REQUEST_TAG.set("first")
        client.billing_groups.retrieve(numbered_group_id(1))
        _REQUEST_TAG.set("second")
        client.billing_groups.retrieve(numbered_group_id(1))
    assert seen == ["first", "second"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform has no fork()")
def test_forked_child_refuses_a_client_made_in_the_parent(fake: FakeTelnyx) -> None:
    """In a forked child the parent's client raises TelnyxAccessError about the other process."""
    add_groups(fake, [1, 2, 3])
    with blocking_client(fake) as client:
        client.billing_groups.retrieve(numbered_group_id(1))
        outcome = outcome_in_forked_child(
            lambda: client.billing_groups.retrieve(numbered_group_id(2))
        )
        assert outcome.startswith("TelnyxAccessError: "), outcome
        assert re.search(r"process|fork", outcome), outcome
        # The parent's client is untouched by the child.
        assert client.billing_groups.retrieve(numbered_group_id(3)).id == numbered_group_id(3)
    assert [r.raw_path for r in fake.requests] == [group_path(1), group_path(3)]


def test_with_options_shares_the_pool_and_thread(fake: FakeTelnyx) -> None:
    """with_options shares pool and thread: closing it keeps the original, not vice versa."""
    add_groups(fake, [1, 2, 3, 4])
    before = loop_threads()
    client = blocking_client(fake, timeout=30, max_retries=2)
    try:
        derived = client.with_options(timeout=5, max_retries=0)
        assert (derived.timeout, derived.max_retries) == (5, 0)
        assert (client.timeout, client.max_retries) == (30, 2)
        assert derived.base_url == client.base_url
        assert derived.billing_groups.retrieve(numbered_group_id(1)).id == numbered_group_id(1)
        # Same pool: the rate limit the derived client saw is the original's too.
        assert client.rate_limit is not None
        assert client.rate_limit.remaining == sent_rate_limit(fake).remaining
        assert loop_threads() == before + 1
        derived.close()
        assert derived.is_closed
        assert not client.is_closed
        with pytest.raises(TelnyxAccessError, match="closed"):
            derived.billing_groups.retrieve(numbered_group_id(2))
        assert client.billing_groups.retrieve(numbered_group_id(3)).id == numbered_group_id(3)
        again = client.with_options(max_retries=1)
        assert again.timeout == 30
    finally:
        client.close()
    assert loop_threads() == before
    with pytest.raises(TelnyxAccessError, match="closed"):
        again.billing_groups.retrieve(numbered_group_id(4))
    assert again.is_closed
    assert [r.raw_path for r in fake.requests] == [group_path(1), group_path(3)]


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (("",), ValueError),
        (("   ",), ValueError),
        ((123,), TypeError),
        ((None,), TypeError),
    ],
)
def test_bad_ids_fail_in_the_calling_thread_before_any_request(
    fake: FakeTelnyx, arguments: tuple[Any, ...], error: type[Exception]
) -> None:
    """A blank or non-str id raises ValueError/TypeError naming it, and nothing is sent."""
    add_groups(fake, [1])
    with blocking_client(fake) as client:
        with pytest.raises(error, match="id") as caught:
            client.billing_groups.retrieve(*arguments)
        with pytest.raises(error, match="id"):
            client.billing_groups.delete(*arguments)
        assert client.billing_groups.retrieve(numbered_group_id(1)).id == numbered_group_id(1)
    assert not isinstance(caught.value, TelnyxAccessError)
    # Raised right here, not re-raised from the loop thread through the portal.
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert not [f.filename for f in frames if "anyio" in f.filename]
    assert len(fake.requests) == 1


def test_bad_per_call_options_fail_before_any_request(fake: FakeTelnyx) -> None:
    """Unknown keywords and bad per-call options raise TypeError/ValueError with no request."""
    add_groups(fake, [1])
    with blocking_client(fake) as client:
        with pytest.raises(TypeError, match="bogus"):
            client.billing_groups.retrieve("x", bogus=1)
        with pytest.raises(TypeError, match="idempotency_key"):
            client.billing_groups.retrieve("x", idempotency_key="k")
        with pytest.raises(ValueError, match="timeout"):
            client.billing_groups.retrieve("x", timeout=0)
        with pytest.raises(TypeError, match="name"):
            client.billing_groups.create(name=5)
    assert fake.requests == []


def test_repr_hides_the_api_key(fake: FakeTelnyx) -> None:
    """repr() and str() of the blocking client never show the API key."""
    with blocking_client(fake) as client:
        derived = client.with_options(timeout=3)
        for text in (repr(client), str(client), repr(derived), repr(client.billing_groups)):
            assert API_KEY not in text
        assert "TelnyxAccess" in repr(client)
