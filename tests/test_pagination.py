"""Walking lists page by page, on both clients, and the rules that end a walk.

Well-behaved lists come from the fake's real handler over billing groups in its state;
the ill-behaved ones (an empty page too early, no meta, page 1 again) are scripted.

A walk of known length fetches pages ahead (``prefetch``, tested in ``test_prefetch``), so
pages after the first may arrive in any order, and a walk that ends early may already have
asked for pages it never yields. Tests of where a walk stops pass ``prefetch=0`` to see
exactly which pages it asked for.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import multiprocessing
import pickle
from typing import Any
from urllib.parse import parse_qs

import pytest

from telnyx_access import (
    AsyncPage,
    AsyncPaginator,
    AsyncTelnyxAccess,
    Page,
    PageMeta,
    SyncPage,
    TelnyxAccess,
    TelnyxAccessError,
)
from telnyx_access.testing import FakeTelnyx, RecordedRequest

from .clients import ClientRunner
from .helpers import (
    API_KEY,
    Reply,
    add_groups,
    group_json,
    numbered_group_id,
    numbered_group_ids,
    script,
)

PATH = "/billing_groups"


def items(numbers: range | list[int]) -> list[dict[str, Any]]:
    """The JSON of the billing groups numbered ``numbers``."""
    return [group_json(n) for n in numbers]


def requested_page(received: RecordedRequest) -> int:
    """The page number a request asked for (the server's default is 1)."""
    return int(received.param("page[number]") or 1)


def requested_pages(fake: FakeTelnyx) -> list[int]:
    """The page numbers the fake was asked for, in order."""
    return [requested_page(r) for r in fake.requests]


def pages_asked(fake: FakeTelnyx) -> list[int]:
    """The page numbers the fake was asked for, sorted: pages fetched ahead race each other."""
    return sorted(requested_pages(fake))


def ids(groups: list[Any]) -> list[str | None]:
    """The ids of parsed billing groups."""
    return [g.id for g in groups]


def three_pages(fake: FakeTelnyx) -> None:
    """Give the fake six billing groups: three pages of two, with full meta."""
    add_groups(fake, range(1, 7))


def scripted_pages(fake: FakeTelnyx, *documents: dict[str, Any]) -> None:
    """Answer ``GET /billing_groups`` with ``documents`` in turn; the last one keeps answering."""
    script(fake, "GET", PATH, *(Reply(json=document) for document in documents))


def numbered(number: int, size: int = 2, total_pages: int | None = 5) -> dict[str, Any]:
    """Page ``number`` of ``size`` groups (``(number-1)*size+1 ..``); meta as given."""
    meta: dict[str, Any] = {"page_number": number, "page_size": size}
    if total_pages is not None:
        meta["total_pages"] = total_pages
        meta["total_results"] = total_pages * size
    return {"data": items(range((number - 1) * size + 1, number * size + 1)), "meta": meta}


def client_for(fake: FakeTelnyx) -> AsyncTelnyxAccess:
    """An async client pointed at ``fake``."""
    return AsyncTelnyxAccess(api_key=API_KEY, base_url=fake.base_url)


def test_walk_yields_every_item_of_three_pages_in_order(runner: ClientRunner) -> None:
    """Iterating a list yields all items of pages 1, 2 and 3, asking for each page once."""
    three_pages(runner.fake)
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == numbered_group_ids(range(1, 7))
    ordered = sorted(runner.fake.requests, key=requested_page)
    queries = [parse_qs(r.raw_query) for r in ordered]
    assert queries == [
        {"page[size]": ["2"]},
        {"page[number]": ["2"], "page[size]": ["2"]},
        {"page[number]": ["3"], "page[size]": ["2"]},
    ]
    assert all(r.raw_path == "/v2/billing_groups" for r in runner.fake.requests)


@pytest.mark.anyio
async def test_async_list_awaited_is_one_page_and_next_page_fetches_the_next(
    fake: FakeTelnyx,
) -> None:
    """Awaiting the async list gives one AsyncPage; await next_page() fetches the following."""
    three_pages(fake)
    async with client_for(fake) as client:
        listing = client.billing_groups.list(page_size=2)
        assert isinstance(listing, AsyncPaginator)
        page = await listing
        assert isinstance(page, AsyncPage)
        assert isinstance(page, Page)
        assert ids(page.data) == numbered_group_ids([1, 2])
        assert page.meta is not None
        assert page.meta.page_number == 1
        assert page.has_next_page()
        assert len(fake.requests) == 1
        second = await page.next_page()
        assert ids(second.data) == numbered_group_ids([3, 4])
        assert second.meta is not None
        assert second.meta.page_number == 2
    assert requested_pages(fake) == [1, 2]


@pytest.mark.anyio
async def test_async_for_starts_at_the_requested_page(fake: FakeTelnyx) -> None:
    """async for over list(page_number=2) yields the items of pages 2 and 3 only."""
    three_pages(fake)
    async with client_for(fake) as client:
        walked = [g async for g in client.billing_groups.list(page_number=2, page_size=2)]
    assert ids(walked) == numbered_group_ids([3, 4, 5, 6])
    assert requested_pages(fake) == [2, 3]


@pytest.mark.anyio
async def test_async_pages_yields_each_page(fake: FakeTelnyx) -> None:
    """pages() yields one AsyncPage per page, numbered 1 to 3, with their items."""
    three_pages(fake)
    async with client_for(fake) as client:
        pages = [p async for p in client.billing_groups.list(page_size=2).pages()]
    assert all(isinstance(p, AsyncPage) for p in pages)
    assert [p.meta.page_number for p in pages if p.meta is not None] == [1, 2, 3]
    assert [ids(p.data) for p in pages] == [
        numbered_group_ids([1, 2]),
        numbered_group_ids([3, 4]),
        numbered_group_ids([5, 6]),
    ]
    assert pages_asked(fake) == [1, 2, 3]


def test_blocking_list_returns_a_page_whose_next_page_blocks(fake: FakeTelnyx) -> None:
    """The blocking list is a fetched SyncPage (a Page); next_page() returns the next one."""
    three_pages(fake)
    with TelnyxAccess(api_key=API_KEY, base_url=fake.base_url) as client:
        page = client.billing_groups.list(page_size=2)
        assert isinstance(page, SyncPage)
        assert isinstance(page, Page)
        assert ids(page.data) == numbered_group_ids([1, 2])
        assert len(fake.requests) == 1
        second = page.next_page()
        assert isinstance(second, SyncPage)
        assert ids(second.data) == numbered_group_ids([3, 4])
        assert second.meta is not None
        assert second.meta.page_number == 2
        assert ids(list(second)) == numbered_group_ids([3, 4, 5, 6])
    assert requested_pages(fake) == [1, 2, 3]


def test_blocking_page_iteration_walks_from_that_page_on(fake: FakeTelnyx) -> None:
    """Iterating the blocking first page yields its items and those of later pages."""
    three_pages(fake)
    with TelnyxAccess(api_key=API_KEY, base_url=fake.base_url) as client:
        page = client.billing_groups.list(page_number=2, page_size=2)
        assert ids(list(page)) == numbered_group_ids([3, 4, 5, 6])
    assert requested_pages(fake) == [2, 3]


def test_walk_stops_at_total_pages(runner: ClientRunner) -> None:
    """A walk never asks for the page after total_pages, even if the server would answer it."""
    three_pages(runner.fake)  # it would answer page 4, with no items
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert len(walked) == 6
    assert pages_asked(runner.fake) == [1, 2, 3]


def test_walk_stops_on_an_empty_page(runner: ClientRunner) -> None:
    """An empty page ends the walk although total_pages says there are more."""
    empty = {**numbered(3), "data": []}
    scripted_pages(runner.fake, numbered(1), numbered(2), empty, numbered(4), numbered(5))
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2, prefetch=0))
    assert ids(walked) == numbered_group_ids([1, 2, 3, 4])
    assert requested_pages(runner.fake) == [1, 2, 3]


def test_walk_stops_when_meta_is_missing(runner: ClientRunner) -> None:
    """An answer without meta is the only page: one request, its items only."""
    scripted_pages(runner.fake, {"data": items(range(10, 13))}, {"data": items(range(20, 23))})
    walked = runner.walk(lambda c: c.billing_groups.list())
    assert ids(walked) == numbered_group_ids([10, 11, 12])
    assert len(runner.fake.requests) == 1


def test_walk_stops_when_meta_has_no_page_number(runner: ClientRunner) -> None:
    """Without meta.page_number the walk cannot know where it is and stops after one page."""
    meta = {"total_pages": 3, "page_size": 1}
    scripted_pages(runner.fake, *({"data": items([number]), "meta": meta} for number in (1, 2, 3)))
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=1))
    assert ids(walked) == numbered_group_ids([1])
    assert len(runner.fake.requests) == 1


def test_server_repeating_page_one_cannot_loop_the_walk(runner: ClientRunner) -> None:
    """A server always answering page 1 (of 5) stops the walk at the second request, no dupes."""
    first = {
        "data": items([1, 2]),
        "meta": {"page_number": 1, "page_size": 2, "total_pages": 5, "total_results": 10},
    }
    scripted_pages(runner.fake, first)
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2, prefetch=0))
    assert ids(walked) == numbered_group_ids([1, 2])
    assert requested_pages(runner.fake) == [1, 2]


def test_walk_without_total_pages_continues_until_an_empty_page(runner: ClientRunner) -> None:
    """When meta lacks total_pages, the walk goes on until a page comes back empty."""
    pages = [numbered(number, total_pages=None) for number in (1, 2, 3, 4)]
    scripted_pages(runner.fake, *pages[:3], {**pages[3], "data": []})
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == numbered_group_ids(range(1, 7))
    assert requested_pages(runner.fake) == [1, 2, 3, 4]


def test_next_page_on_the_last_page_raises(runner: ClientRunner) -> None:
    """next_page() on the last page raises TelnyxAccessError without sending a request."""
    three_pages(runner.fake)

    async def async_next(client: Any) -> Any:
        page = await client.billing_groups.list(page_number=3, page_size=2)
        assert not page.has_next_page()
        return await page.next_page()

    def blocking_next(client: Any) -> Any:
        page = client.billing_groups.list(page_number=3, page_size=2)
        assert not page.has_next_page()
        return page.next_page()

    with pytest.raises(TelnyxAccessError, match="next page"):
        runner.call(blocking_next if runner.kind == "blocking" else async_next)
    assert requested_pages(runner.fake) == [3]


@pytest.mark.parametrize(
    ("arguments", "error", "name"),
    [
        ({"page_size": 0}, ValueError, "page_size"),
        ({"page_size": 251}, ValueError, "page_size"),
        ({"page_number": 0}, ValueError, "page_number"),
        ({"page_number": -1}, ValueError, "page_number"),
        ({"page_size": "10"}, TypeError, "page_size"),
        ({"page_size": True}, TypeError, "page_size"),
        ({"page_number": 1.0}, TypeError, "page_number"),
    ],
)
def test_bad_page_arguments_fail_before_any_request(
    runner: ClientRunner, arguments: dict[str, Any], error: type[Exception], name: str
) -> None:
    """Out-of-range or ill-typed page arguments raise, naming the parameter, with no request."""
    three_pages(runner.fake)
    with pytest.raises(error, match=name):
        runner.call(lambda c: c.billing_groups.list(**arguments))
    assert runner.fake.requests == []


def test_page_size_bounds_are_accepted(runner: ClientRunner) -> None:
    """page_size 1 and 250 are inside the spec's range and are sent as given."""
    add_groups(runner.fake, [1])  # one page of one group
    runner.walk(lambda c: c.billing_groups.list(page_size=1))
    runner.walk(lambda c: c.billing_groups.list(page_size=250))
    sizes = [parse_qs(r.raw_query)["page[size]"] for r in runner.fake.requests]
    assert sizes == [["1"], ["250"]]


@pytest.mark.anyio
async def test_breaking_out_of_an_async_walk_leaves_the_client_working(
    fake: FakeTelnyx,
) -> None:
    """A break inside async for leaves no warning and the client keeps answering."""
    three_pages(fake)
    async with client_for(fake) as client:
        seen = []
        async for g in client.billing_groups.list(page_size=2):
            seen.append(g)
            break
        gc.collect()
        assert ids(seen) == numbered_group_ids([1])
        walked = [g async for g in client.billing_groups.list(page_size=2)]
        assert len(walked) == 6
    gc.collect()
    assert requested_pages(fake)[:2] == [1, 1]  # the break came before any page ahead
    assert pages_asked(fake) == [1, 1, 2, 3]


@pytest.mark.anyio
async def test_breaking_out_of_async_pages_leaves_the_client_working(
    fake: FakeTelnyx,
) -> None:
    """A break inside async for over pages() leaves no warning; the client still works."""
    three_pages(fake)
    async with client_for(fake) as client:
        async for page in client.billing_groups.list(page_size=2, prefetch=0).pages():
            assert page.meta is not None
            if page.meta.page_number == 2:
                break
        gc.collect()
        page = await client.billing_groups.list(page_number=3, page_size=2)
        assert ids(page.data) == numbered_group_ids([5, 6])
    gc.collect()
    assert requested_pages(fake) == [1, 2, 3]


def test_breaking_out_of_a_blocking_walk_leaves_the_client_working(fake: FakeTelnyx) -> None:
    """A break inside for over a blocking page leaves no warning; the client still works."""
    three_pages(fake)
    with TelnyxAccess(api_key=API_KEY, base_url=fake.base_url) as client:
        seen = []
        for g in client.billing_groups.list(page_size=2, prefetch=0):
            seen.append(g)
            if g.id == numbered_group_id(3):
                break
        gc.collect()
        assert ids(seen) == numbered_group_ids([1, 2, 3])
        walked = list(client.billing_groups.list(page_size=2))
        assert len(walked) == 6
    gc.collect()
    assert requested_pages(fake)[:3] == [1, 2, 1]
    assert pages_asked(fake) == [1, 1, 2, 2, 3]


# --- pickling ---------------------------------------------------------------------------------


def test_pages_of_both_clients_pickle_with_their_items(runner: ClientRunner) -> None:
    """A fetched page pickles: same class, items (extra_fields included) and meta."""
    document = numbered(1)
    document["data"][0]["added_later"] = [1, 2]
    scripted_pages(runner.fake, document)
    page = runner.call(lambda c: c.billing_groups.list(page_size=2))
    again = pickle.loads(pickle.dumps(page))  # noqa: S301 - our own bytes
    assert type(again) is type(page)
    assert again == page
    assert again.data[0].extra_fields == {"added_later": [1, 2]}


def test_an_unpickled_page_says_it_cannot_fetch_the_next(runner: ClientRunner) -> None:
    """next_page() on an unpickled page raises TelnyxAccessError naming the page to ask for."""
    scripted_pages(runner.fake, numbered(1))
    page = runner.call(lambda c: c.billing_groups.list(page_size=2))
    again = pickle.loads(pickle.dumps(page))  # noqa: S301 - our own bytes
    fetch = again.next_page
    if isinstance(again, AsyncPage):
        fetch = lambda: asyncio.run(again.next_page())  # noqa: E731
    with pytest.raises(TelnyxAccessError, match=r"unpickled.*list\(page_number=2\)"):
        fetch()
    assert requested_pages(runner.fake) == [1]


def test_iterating_an_unpickled_blocking_page_refuses_to_walk() -> None:
    """Iterating an unpickled SyncPage with pages after it raises instead of stopping early."""
    page = pickle.loads(pickle.dumps(SyncPage(data=[1, 2], meta=PageMeta(page_number=1))))  # noqa: S301
    with pytest.raises(TelnyxAccessError, match="unpickled"):
        list(page)
    last = SyncPage(data=[1, 2], meta=PageMeta(page_number=2, total_pages=2))
    assert list(pickle.loads(pickle.dumps(last))) == [1, 2]  # noqa: S301 - our own bytes


def _fetch_first_page(base_url: str) -> bytes:
    """In a worker process: the first page of billing groups, pickled."""
    with TelnyxAccess(api_key=API_KEY, base_url=base_url) as client:
        return pickle.dumps(client.billing_groups.list(page_size=2))


def test_a_page_fetched_in_a_worker_process_comes_back(fake: FakeTelnyx) -> None:
    """A page a worker process fetched is sent back to the parent, items intact."""
    three_pages(fake)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        pickled = pool.submit(_fetch_first_page, fake.base_url).result(timeout=50)
    page = pickle.loads(pickled)  # noqa: S301 - our own bytes
    assert isinstance(page, SyncPage)
    assert ids(page.data) == numbered_group_ids([1, 2])
    assert page.meta is not None
    assert page.meta.total_pages == 3
