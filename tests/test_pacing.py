"""Pacing: requests wait for the advertised reset instead of drawing 429s; shared budgets.

The fake's rate-limit mode is the judge: it refuses with 429 (code 10011) whatever goes
past its fixed window's budget and counts what it served and refused.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Iterator
from typing import Any

import pytest

from telnyx_access import (
    APIConnectionError,
    APITimeoutError,
    AsyncTelnyxAccess,
    Backoff,
    RateLimitError,
    SharedRateLimiter,
    TelnyxAccess,
)
from telnyx_access._pacing import Pacer
from telnyx_access.testing import FakeTelnyx

from .clients import KINDS, ClientRunner
from .helpers import add_groups, numbered_group_id

RATE = "100/second"
LIMIT, WINDOW = 100, 1.0


@pytest.fixture
def limited() -> Iterator[FakeTelnyx]:
    """A fake allowing 100 requests a second, holding billing group 1."""
    with FakeTelnyx(rate_limit=RATE) as running:
        add_groups(running, [1])
        yield running


async def burst(client: AsyncTelnyxAccess, calls: int, tasks: int) -> list[Any]:
    """``calls`` retrieves spread over ``tasks`` tasks; what each returned or raised."""
    per_task = calls // tasks

    async def worker(clone: AsyncTelnyxAccess) -> list[Any]:
        results = []
        for _ in range(per_task):
            try:
                results.append(await clone.billing_groups.retrieve(numbered_group_id(1)))
            except RateLimitError as error:
                results.append(error)
        return results

    # Half the tasks go through a with_options clone: it shares the client's budget.
    clone = client.with_options(timeout=20)
    done = await asyncio.gather(*(worker(clone if n % 2 else client) for n in range(tasks)))
    return [result for results in done for result in results]


@pytest.mark.timeout(120)
def test_pacing_spends_the_budget_without_a_single_429(limited: FakeTelnyx) -> None:
    """2,000 calls from 200 tasks on 100/s: no 429 from the server, >= 85% of the budget used."""

    async def run() -> float:
        async with AsyncTelnyxAccess(limited.api_key, base_url=limited.base_url) as client:
            started = time.monotonic()
            results = await burst(client, 2000, 200)
            elapsed = time.monotonic() - started
        assert [r for r in results if isinstance(r, Exception)] == []
        return elapsed

    elapsed = asyncio.run(run())
    assert limited.rate_limited == 0
    assert limited.served == 2000
    budget = LIMIT * elapsed / WINDOW
    assert limited.served / budget >= 0.85, f"{limited.served} of {budget:.0f} in {elapsed:.1f}s"


def test_without_pacing_the_same_burst_draws_429s(limited: FakeTelnyx) -> None:
    """The negative control: pacing=False, 400 calls from 200 tasks meet the server's 429s."""

    async def run() -> list[Any]:
        settings = {"base_url": limited.base_url, "pacing": False, "max_retries": 0}
        async with AsyncTelnyxAccess(limited.api_key, **settings) as client:
            return await burst(client, 400, 200)

    results = asyncio.run(run())
    refused = [r for r in results if isinstance(r, RateLimitError)]
    assert refused
    assert limited.rate_limited == len(refused)


@pytest.mark.timeout(60)
def test_the_blocking_client_paces_its_threads(limited: FakeTelnyx) -> None:
    """300 calls from 30 threads on one blocking client: no 429 from the server."""
    with TelnyxAccess(limited.api_key, base_url=limited.base_url) as client:

        def calls(_: int) -> int:
            return sum(
                client.billing_groups.retrieve(numbered_group_id(1)) is not None for _ in range(10)
            )

        with concurrent.futures.ThreadPoolExecutor(30) as pool:
            assert sum(pool.map(calls, range(30))) == 300
    assert (limited.served, limited.rate_limited) == (300, 0)


def test_a_deadline_bounds_the_wait_for_the_budget() -> None:
    """A spent budget that resets in a minute: a call with deadline=0.3 raises, unsent."""
    with (
        FakeTelnyx(rate_limit="2/minute") as fake,
        TelnyxAccess(fake.api_key, base_url=fake.base_url) as client,
    ):
        client.billing_groups.list()
        client.billing_groups.list()
        with pytest.raises(APITimeoutError, match="rate-limit budget") as caught:
            client.billing_groups.list(deadline=0.3)
        assert caught.value.sent is False
        assert caught.value.url == f"{fake.base_url}/billing_groups"
    assert (fake.received, fake.rate_limited) == (2, 0)


def test_a_server_without_a_budget_is_not_paced() -> None:
    """Successful answers without x-ratelimit-* headers turn pacing off; headers turn it on."""
    pacer = Pacer(pacing=True)
    pacer._in_flight = 2
    pacer.leave(200, {"Content-Type": "application/json"})
    assert pacer.pacing is False
    assert pacer.enter_now()
    pacer.leave(200, {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "4"})
    assert pacer.pacing is True


def test_an_error_page_without_a_budget_leaves_pacing_on() -> None:
    """A proxy's 502 without x-ratelimit-* headers says nothing of the budget: still paced."""
    pacer = Pacer(pacing=True)
    pacer._in_flight = 1
    pacer.leave(502, {"Content-Type": "text/html"})
    assert pacer.pacing is True


@pytest.mark.parametrize("reset", ["3600", "inf", "nan", "1e308", "-5"])
def test_an_advised_reset_is_capped_like_any_advised_wait(reset: str) -> None:
    """A spent budget resetting in an hour (or never): the next request waits max_advised_wait."""
    with FakeTelnyx() as fake:
        add_groups(fake, [1])
        headers = {
            "x-ratelimit-limit": "1",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": reset,
        }
        fake.inject(
            200, times=1, method="GET", headers=headers, body={"data": {"id": numbered_group_id(1)}}
        )
        backoff = Backoff(max_advised_wait=0.2)
        with TelnyxAccess(fake.api_key, base_url=fake.base_url, backoff=backoff) as client:
            client.billing_groups.retrieve(numbered_group_id(1))
            assert client.billing_groups.retrieve(numbered_group_id(1)).id == numbered_group_id(1)
        assert fake.received == 2


class SlowLimiter:
    """A rate_limiter that takes longer than any deadline in these tests."""

    async def acquire(self) -> None:
        await asyncio.sleep(30)


class BrokenLimiter:
    """A rate_limiter whose storage is down."""

    async def acquire(self) -> None:
        raise ConnectionError("redis is down")


def test_a_deadline_bounds_the_wait_for_the_rate_limiter(limited: FakeTelnyx) -> None:
    """A rate_limiter slower than the deadline: APITimeoutError at the deadline, nothing sent."""
    settings = {"base_url": limited.base_url, "rate_limiter": SlowLimiter(), "deadline": 0.3}
    with (
        TelnyxAccess(limited.api_key, **settings) as client,
        pytest.raises(APITimeoutError, match="rate-limit budget") as caught,
    ):
        client.billing_groups.retrieve(numbered_group_id(1))
    assert caught.value.sent is False
    assert limited.received == 0


def test_a_failing_rate_limiter_is_a_connection_error(limited: FakeTelnyx) -> None:
    """A rate_limiter that raises: APIConnectionError naming the request, unsent, not retried."""
    settings = {"base_url": limited.base_url, "rate_limiter": BrokenLimiter()}
    with (
        TelnyxAccess(limited.api_key, **settings) as client,
        pytest.raises(APIConnectionError, match="the rate_limiter failed") as caught,
    ):
        client.billing_groups.retrieve(numbered_group_id(1))
    assert caught.value.sent is False
    assert caught.value.url == f"{limited.base_url}/billing_groups/{numbered_group_id(1)}"
    assert limited.received == 0


def test_a_memory_budget_is_one_for_every_loop_of_the_process(limited: FakeTelnyx) -> None:
    """Two blocking clients (two loops) sharing SharedRateLimiter("5/second") share 5 a second."""
    limiter = SharedRateLimiter("5/second", key="two-loops")
    settings = {"base_url": limited.base_url, "rate_limiter": limiter, "pacing": False}
    with (
        TelnyxAccess(limited.api_key, **settings) as one,
        TelnyxAccess(limited.api_key, **settings) as two,
    ):
        started = time.monotonic()
        for _ in range(5):
            one.billing_groups.retrieve(numbered_group_id(1))
            two.billing_groups.retrieve(numbered_group_id(1))
        elapsed = time.monotonic() - started
    # 10 requests on a budget of 5 a second: the second five waited for the first to expire.
    assert elapsed >= 0.9
    assert limited.received == 10


class CountingLimiter:
    """A rate_limiter that only counts how often it was asked."""

    def __init__(self) -> None:
        self.asked = 0

    async def acquire(self) -> None:
        self.asked += 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_rate_limiter_is_awaited_before_every_attempt(limited: FakeTelnyx, kind: str) -> None:
    """A call retried once after a 503 asks the rate_limiter twice, once per attempt."""
    limiter = CountingLimiter()
    limited.inject(503, times=1, method="GET")
    runner = ClientRunner(kind, limited, rate_limiter=limiter)
    runner.call(lambda client: client.billing_groups.retrieve(numbered_group_id(1)))
    assert limiter.asked == 2
    assert limited.received == 2


class SyncAcquire:
    def acquire(self) -> None:
        """Not awaitable: refused."""


@pytest.mark.parametrize(
    ("settings", "error", "match"),
    [
        ({"rate_limiter": object()}, ValueError, "rate_limiter must have an async acquire"),
        ({"rate_limiter": SyncAcquire()}, ValueError, "rate_limiter must have an async acquire"),
        ({"pacing": "yes"}, TypeError, "pacing must be a bool"),
    ],
)
def test_bad_pacing_settings_are_refused(
    settings: dict[str, Any], error: type[Exception], match: str
) -> None:
    """rate_limiter without an async acquire(), or a pacing that is not a bool, is refused."""
    for cls in (AsyncTelnyxAccess, TelnyxAccess):
        with pytest.raises(error, match=match):
            cls(api_key="k", **settings)


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        (("100/fortnight",), ValueError, "rate '100/fortnight' is not a rate"),
        (("lots",), ValueError, "rate 'lots' is not a rate"),
        ((100,), TypeError, "rate must be a str"),
        (("100/second", "gopher://host"), ValueError, "storage_uri has the scheme 'gopher'"),
        (("100/second", "localhost:6379"), ValueError, "storage_uri must be a URI"),
    ],
)
def test_bad_shared_limits_are_refused(
    arguments: tuple[Any, ...], error: type[Exception], match: str
) -> None:
    """A malformed rate or an unknown storage scheme is refused, naming the setting."""
    with pytest.raises(error, match=match):
        SharedRateLimiter(*arguments)


def test_a_strategy_limits_does_not_know_is_refused() -> None:
    """strategy must be moving-window or sliding-window."""
    with pytest.raises(ValueError, match="strategy must be one of"):
        SharedRateLimiter("1/second", strategy="leaky-bucket")


def test_two_clients_in_one_process_share_a_memory_budget(limited: FakeTelnyx) -> None:
    """Two unpaced clients sharing SharedRateLimiter("100/second"): no 429 from the server."""
    limiter = SharedRateLimiter(RATE, "memory://", key="shared-memory-test")
    settings = {"base_url": limited.base_url, "pacing": False, "rate_limiter": limiter}

    async def run() -> list[Any]:
        async with (
            AsyncTelnyxAccess(limited.api_key, **settings) as one,
            AsyncTelnyxAccess(limited.api_key, **settings) as two,
        ):
            both = await asyncio.gather(burst(one, 150, 50), burst(two, 150, 50))
            return both[0] + both[1]

    results = asyncio.run(run())
    assert [r for r in results if isinstance(r, Exception)] == []
    assert (limited.served, limited.rate_limited) == (300, 0)
    assert "memory://" in repr(limiter)


def test_pacing_never_holds_back_the_retry_of_a_failure(limited: FakeTelnyx) -> None:
    """A 500 answered with headers still leaves room: the retry goes out and succeeds."""
    limited.inject(500, times=1, method="GET")
    with TelnyxAccess(limited.api_key, base_url=limited.base_url) as client:
        assert client.billing_groups.retrieve(numbered_group_id(1)).id == numbered_group_id(1)
    assert limited.received == 2


def test_rate_limit_follows_the_last_headers_whoever_read_them_before() -> None:
    """A model of older headers, stored late by another thread's read, is not given again."""
    pacer = Pacer(pacing=False)
    first = {"x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": "1"}
    assert pacer.enter_now()
    pacer.leave(200, first)
    older = pacer.rate_limit
    assert older is not None
    assert older.remaining == 9
    older_headers = pacer._headers
    assert pacer.enter_now()
    pacer.leave(200, {**first, "x-ratelimit-remaining": "8"})
    assert older_headers is not None
    pacer._read = (older_headers, older)  # a read of the first answer, finishing late
    latest = pacer.rate_limit
    assert latest is not None
    assert latest.remaining == 8
    assert pacer.rate_limit is latest  # and it is kept
