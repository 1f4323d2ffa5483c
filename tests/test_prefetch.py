"""Walking a list of known length fetches pages ahead, bounded and in order."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import uuid
from collections.abc import AsyncIterator, Iterator

import aiohttp
import orjson
import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from telnyx_access import (
    AsyncPaginator,
    AsyncTelnyxAccess,
    BillingGroup,
    InternalServerError,
    Page,
    TelnyxAccess,
)
from telnyx_access._pagination import AHEAD, paged
from telnyx_access._request import Call
from telnyx_access._response import Reply
from telnyx_access.testing import FakeTelnyx

from .reliability.support import await_until

GROUPS = 40
PAGE_SIZE = 2  # twenty pages: enough for read-ahead to grow to 8


def fill(fake: FakeTelnyx) -> list[str]:
    """Put GROUPS billing groups in the fake; their ids in listing order."""
    ids = [str(uuid.UUID(int=n)) for n in range(GROUPS)]
    for ident in ids:
        fake.api.billing_groups[ident] = {
            "id": ident,
            "name": ident,
            "record_type": "billing_group",
        }
    return ids


class InFlight:
    """Counts requests in flight on an aiohttp session, keeping the peak."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._start)
        self.trace.on_request_end.append(self._end)
        self.trace.on_request_exception.append(self._end)

    async def _start(self, *_: object) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    async def _end(self, *_: object) -> None:
        self.now -= 1


async def walk(fake: FakeTelnyx, counter: InFlight, **options: object) -> list[str | None]:
    """Every billing group id, walked with ``options`` on a traced session."""
    async with (
        aiohttp.ClientSession(trace_configs=[counter.trace]) as session,
        AsyncTelnyxAccess(fake.api_key, base_url=fake.base_url, session=session) as client,
    ):
        listing = client.billing_groups.list(page_size=PAGE_SIZE, **options)  # type: ignore[arg-type]
        return [group.id async for group in listing]


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelnyx]:
    """A fake whose list answers take a moment, so pages overlap when fetched ahead."""
    async with FakeTelnyx() as running:
        running.inject(delay=0.05, times=1000, method="GET")
        yield running


@pytest.mark.anyio
@pytest.mark.parametrize("prefetch", [1, 2, 4, 8])
async def test_pages_come_in_order_with_at_most_prefetch_in_flight(
    fake: FakeTelnyx, prefetch: int
) -> None:
    """Items keep their order; in flight: the page awaited and at most ``prefetch`` ahead."""
    expected = fill(fake)
    counter = InFlight()
    assert await walk(fake, counter, prefetch=prefetch) == expected
    assert counter.peak == prefetch + 1
    assert fake.count("GET", "/billing_groups") == GROUPS // PAGE_SIZE


@pytest.mark.anyio
async def test_prefetch_is_on_by_default(fake: FakeTelnyx) -> None:
    """Without the option, read-ahead grows to eight pages beyond the one awaited."""
    fill(fake)
    counter = InFlight()
    await walk(fake, counter)
    assert counter.peak == 8 + 1


@pytest.mark.anyio
async def test_prefetch_zero_walks_one_page_at_a_time(fake: FakeTelnyx) -> None:
    """prefetch=0 fetches each page only after the one before it arrived."""
    expected = fill(fake)
    counter = InFlight()
    assert await walk(fake, counter, prefetch=0) == expected
    assert counter.peak == 1


@pytest.mark.anyio
async def test_unknown_length_walks_one_page_at_a_time(fake: FakeTelnyx) -> None:
    """Without total_pages the walk cannot know how far to look ahead, so it does not."""
    fake.clear_faults()
    for number in (1, 2, 3):
        fake.inject(
            200,
            delay=0.05,
            body={"data": [{"id": f"p{number}"}], "meta": {"page_number": number}},
        )
    fake.inject(200, body={"data": [], "meta": {"page_number": 4}})
    counter = InFlight()
    assert await walk(fake, counter, prefetch=8) == ["p1", "p2", "p3"]
    assert counter.peak == 1
    assert fake.count() == 4


@pytest.mark.anyio
async def test_breaking_early_cancels_pages_fetched_ahead(fake: FakeTelnyx) -> None:
    """Leaving a walk early leaves no request in flight and no pending task behind."""
    fill(fake)
    counter = InFlight()
    async with (
        aiohttp.ClientSession(trace_configs=[counter.trace]) as session,
        AsyncTelnyxAccess(fake.api_key, base_url=fake.base_url, session=session) as client,
    ):
        pages = client.billing_groups.list(page_size=PAGE_SIZE, prefetch=4).pages()
        async for page in pages:
            assert page.data
            break
        await pages.aclose()
        assert counter.now == 0
        assert [t for t in asyncio.all_tasks() if t.get_name().startswith(AHEAD)] == []
    gc.collect()


@pytest.mark.anyio
async def test_a_failing_page_ahead_raises_in_order(fake: FakeTelnyx) -> None:
    """A page after the first that fails raises when the walk reaches it, after earlier items."""
    fill(fake)
    fake.clear_faults()
    fake.inject(times=1, method="GET")  # the first page is answered normally
    fake.inject(500, times=20, method="GET", delay=0.05)
    seen: list[str | None] = []

    async def collect(client: AsyncTelnyxAccess) -> None:
        async for group in client.billing_groups.list(page_size=PAGE_SIZE, prefetch=4):
            seen.append(group.id)

    async with AsyncTelnyxAccess(fake.api_key, base_url=fake.base_url, max_retries=0) as client:
        with pytest.raises(InternalServerError):
            await collect(client)
    assert seen == [str(uuid.UUID(int=n)) for n in range(PAGE_SIZE)]
    # Page 2 was fetched ahead while page 1 was read; asking for it asked for 3 and 4 too.
    assert fake.count() == 4


@pytest.mark.anyio
async def test_pages_fetched_ahead_become_models_only_when_the_walk_reaches_them() -> None:
    """A page fetched ahead waits as its answer's bytes; its items are made when it is reached."""
    # Models made ahead would outlive the garbage collector's youngest generation and
    # bring its full collections round more often, for objects no one reads yet.
    read: list[int] = []
    parse = paged(BillingGroup)

    def counted(content: bytes) -> Page[BillingGroup]:
        page = parse(content)
        read.append(page.meta.page_number if page.meta and page.meta.page_number else 0)
        return page

    answered = {number: asyncio.Event() for number in (1, 2, 3)}

    async def send(call: Call[Page[BillingGroup]]) -> Reply:
        number = call.query.get("page", {}).get("number", 1)
        body = {
            "data": [{"id": f"g{number}", "record_type": "billing_group"}],
            "meta": {"page_number": number, "total_pages": 3},
        }
        answered[number].set()  # the answer is returned in this same step of the loop
        return Reply(
            200, "OK", CIMultiDictProxy(CIMultiDict()), orjson.dumps(body), 0, "GET", URL("/")
        )

    call = Call(method="GET", path="/billing_groups", parse=counted, prefetch=2)
    walk = aiter(AsyncPaginator(send, call))
    assert (await anext(walk)).id == "g1"
    await asyncio.wait_for(answered[2].wait(), 5)  # page 2's answer is in, not yet reached
    assert read == [1]
    assert (await anext(walk)).id == "g2"
    await asyncio.wait_for(answered[3].wait(), 5)
    assert read == [1, 2]
    assert [group.id async for group in walk] == ["g3"]
    assert read == [1, 2, 3]


@pytest.mark.parametrize(("value", "error"), [(-1, ValueError), (33, ValueError), ("4", TypeError)])
def test_bad_prefetch_is_refused_before_sending(value: object, error: type[Exception]) -> None:
    """prefetch must be an int from 0 to 32, checked before anything is sent."""
    with FakeTelnyx() as fake, TelnyxAccess(fake.api_key, base_url=fake.base_url) as client:
        with pytest.raises(error, match="prefetch"):
            client.billing_groups.list(prefetch=value)  # type: ignore[arg-type]
        assert fake.requests == []


def test_blocking_walks_prefetch_too() -> None:
    """Iterating a blocking page walks with prefetch and keeps the order."""
    with FakeTelnyx() as fake, TelnyxAccess(fake.api_key, base_url=fake.base_url) as client:
        expected = fill(fake)
        assert [g.id for g in client.billing_groups.list(page_size=PAGE_SIZE)] == expected
        assert fake.count() == GROUPS // PAGE_SIZE


WALK_PAGES = 30
WALK_PAGE_SIZE = 10
READ_AHEAD = [
    # items taken before the walk is left, requests the server receives
    (1, 2),  # the first page, and one page ahead while it is read
    (11, 4),  # page 2 taken with two pages ahead of it
    (100, 18),  # pages 1-10 taken; read-ahead grew 1, 2, 4, 8 and stayed at 8
    (WALK_PAGES * WALK_PAGE_SIZE, WALK_PAGES),  # the whole list: never past total_pages
]


@pytest.fixture
def long_fake() -> Iterator[FakeTelnyx]:
    """A fake listing 300 billing groups, its list answers 20 ms late so requests overlap."""
    with FakeTelnyx() as running:
        for n in range(WALK_PAGES * WALK_PAGE_SIZE):
            ident = str(uuid.UUID(int=n))
            running.api.billing_groups[ident] = {"id": ident, "record_type": "billing_group"}
        running.inject(delay=0.02, times=1000, method="GET")
        yield running


@pytest.mark.parametrize(("items", "requests"), READ_AHEAD)
def test_read_ahead_grows_while_the_async_caller_keeps_taking(
    long_fake: FakeTelnyx, items: int, requests: int
) -> None:
    """Async walk left after N items: exactly the requests the growing read-ahead made."""

    async def take() -> int:
        settings = {"base_url": long_fake.base_url}
        async with AsyncTelnyxAccess(long_fake.api_key, **settings) as client:
            listing = client.billing_groups.list(page_size=WALK_PAGE_SIZE)
            taken = 0
            async with contextlib.aclosing(aiter(listing)) as walk:
                async for _ in walk:
                    taken += 1
                    if taken == items:
                        # Pages asked for ahead may still be on their way: let them arrive
                        # (or time out, if fewer were asked for) before leaving the walk.
                        await await_until(lambda: long_fake.count() >= requests, "requests")
                        break
            return taken

    assert asyncio.run(take()) == items
    assert long_fake.count() == requests


@pytest.mark.parametrize(("items", "requests"), READ_AHEAD)
def test_read_ahead_grows_while_the_blocking_caller_keeps_taking(
    long_fake: FakeTelnyx, items: int, requests: int
) -> None:
    """Blocking walk left after N items: the same requests as the async walk."""
    with TelnyxAccess(long_fake.api_key, base_url=long_fake.base_url) as client:
        walk = iter(client.billing_groups.list(page_size=WALK_PAGE_SIZE))
        taken = sum(1 for _ in itertools.islice(walk, items))
        walk.close()  # type: ignore[attr-defined]
    assert taken == items
    assert long_fake.count() == requests
