"""Lifecycle: clients made and closed by the thousand leave nothing; closed or forked ones refuse.

The whole suite runs with warnings as errors (pyproject's ``filterwarnings = error``), so an
unclosed session or transport that warns fails the test that leaked it.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess, TelnyxAccessError
from telnyx_access.testing import FakeTelnyx

from ..clients import ClientRunner, client_settings
from ..helpers import outcome_in_forked_child
from .support import await_until, live_threads, open_fds, seeded_group_id, wait_until

GET = {"method": "GET", "path": r"/billing_groups/[^/]+"}


@pytest.mark.timeout(180)
def test_1000_blocking_clients_leave_no_thread_or_descriptor(seeded_fake: FakeTelnyx) -> None:
    """1,000 blocking clients entered and closed (every 10th calls once): no thread or fd left."""
    ident = seeded_group_id(seeded_fake)
    settings = client_settings(seeded_fake)
    fds_before, threads_before = open_fds(), live_threads()
    for number in range(1000):
        with TelnyxAccess(**settings) as client:
            if number % 10 == 0:
                assert client.billing_groups.retrieve(ident).id == ident
        assert client.is_closed
        # close() joins the loop thread, so no client's thread outlives it.
        assert live_threads() <= threads_before, f"client {number} left a thread"
    assert seeded_fake.count(**GET) == 100
    wait_until(lambda: open_fds() <= fds_before, "file descriptors to be released")


def test_blocking_clients_without_with_leave_nothing(seeded_fake: FakeTelnyx) -> None:
    """Constructed then closed (200), or constructed, called and closed (200): nothing left."""
    ident = seeded_group_id(seeded_fake)
    settings = client_settings(seeded_fake)
    fds_before, threads_before = open_fds(), live_threads()
    for _ in range(200):
        TelnyxAccess(**settings).close()
    assert live_threads() <= threads_before
    for _ in range(200):
        client = TelnyxAccess(**settings)
        assert client.billing_groups.retrieve(ident).id == ident
        client.close()
        client.close()  # closing twice is harmless
    assert seeded_fake.count(**GET) == 200
    wait_until(lambda: live_threads() <= threads_before, "the clients' threads to end")
    wait_until(lambda: open_fds() <= fds_before, "file descriptors to be released")


@pytest.mark.anyio
async def test_1000_async_clients_leave_no_task_or_descriptor(seeded_fake: FakeTelnyx) -> None:
    """1,000 async clients opened and closed in one loop (every 10th calls once): nothing left."""
    ident = seeded_group_id(seeded_fake)
    settings = client_settings(seeded_fake)
    fds_before, tasks_before = open_fds(), asyncio.all_tasks()
    for number in range(1000):
        async with AsyncTelnyxAccess(**settings) as client:
            if number % 10 == 0:
                assert (await client.billing_groups.retrieve(ident)).id == ident
    assert seeded_fake.count(**GET) == 100
    await await_until(lambda: open_fds() <= fds_before, "file descriptors to be released")
    assert asyncio.all_tasks() == tasks_before


def test_every_use_after_close_is_refused(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """After close, calls, pages, walks, raw calls and derived clients raise 'closed'."""
    ident = seeded_group_id(seeded_fake)
    attempts: dict[str, Any] = {
        "retrieve": lambda c: c.billing_groups.retrieve(ident),
        "create": lambda c: c.billing_groups.create(name="late"),
        "raw": lambda c: c.billing_groups.with_raw_response.retrieve(ident),
        "list": lambda c: c.billing_groups.list(),
        "token": lambda c: c.telephony_credentials.create_token("cred"),
        "with_options": lambda c: c.with_options(timeout=1),
    }
    refused: dict[str, str] = {}

    def after_close(client: Any) -> None:
        derived = client.with_options(max_retries=0)
        client.close()
        for name, attempt in attempts.items():
            try:
                attempt(client)
            except TelnyxAccessError as error:
                refused[name] = str(error)
        try:
            derived.billing_groups.retrieve(ident)
        except TelnyxAccessError as error:
            refused["derived"] = str(error)
        with pytest.raises(TelnyxAccessError, match="closed"), client:
            pass

    async def after_aclose(client: Any) -> None:
        derived = client.with_options(max_retries=0)
        await client.aclose()
        for name, attempt in attempts.items():
            try:
                result = attempt(client)
                if asyncio.iscoroutine(result) or hasattr(result, "__await__"):
                    await result
            except TelnyxAccessError as error:
                refused[name] = str(error)
        try:
            [group async for group in client.billing_groups.list()]
        except TelnyxAccessError as error:
            refused["walk"] = str(error)
        try:
            await derived.billing_groups.retrieve(ident)
        except TelnyxAccessError as error:
            refused["derived"] = str(error)
        with pytest.raises(TelnyxAccessError, match="closed"):
            async with client:
                pass

    seeded_runner.call(after_close if seeded_runner.kind == "blocking" else after_aclose)
    expected = {*attempts, "derived"} | ({"walk"} if seeded_runner.kind == "async" else set())
    assert set(refused) == expected
    assert all("closed" in message for message in refused.values()), refused
    assert seeded_fake.requests == []


def test_blocking_client_used_after_close_from_another_thread(seeded_fake: FakeTelnyx) -> None:
    """A client closed on one thread refuses calls from another thread, saying it is closed."""
    ident = seeded_group_id(seeded_fake)
    client = TelnyxAccess(**client_settings(seeded_fake))
    assert client.billing_groups.retrieve(ident).id == ident
    client.close()
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            client.billing_groups.retrieve(ident)
        except BaseException as error:  # checked below
            outcome.append(error)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join(10)
    assert len(outcome) == 1
    assert isinstance(outcome[0], TelnyxAccessError)
    assert "closed" in str(outcome[0])
    assert seeded_fake.count(**GET) == 1


def test_blocking_client_refuses_in_a_forked_child(seeded_fake: FakeTelnyx) -> None:
    """In a fork() child the parent's client raises a clear error; the parent's keeps working."""
    ident = seeded_group_id(seeded_fake)
    with TelnyxAccess(**client_settings(seeded_fake)) as client:
        assert client.billing_groups.retrieve(ident).id == ident

        def retrieve_then_close() -> None:
            try:
                client.billing_groups.retrieve(ident)
            finally:
                client.close()  # must return, not hang on the parent's loop thread

        report = outcome_in_forked_child(retrieve_then_close)
        assert report.startswith("TelnyxAccessError: ")
        assert "fork" in report or "process" in report
        assert client.billing_groups.retrieve(ident).id == ident
    assert seeded_fake.count(**GET) == 2  # the child sent nothing
