"""Walking lists page by page, on both clients, and the rules that end a walk."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pytest

from telnyx_access import (
    AsyncPage,
    AsyncPaginator,
    AsyncTelnyxAccess,
    Page,
    SyncPage,
    TelnyxAccess,
    TelnyxAccessError,
)

from .conftest import ClientRunner
from .server import API_KEY, LocalServer, Received, Reply

PATH = "/billing_groups"


def group(n: int) -> dict[str, Any]:
    """The JSON of billing group number ``n``."""
    return {"id": f"bg-{n}", "name": f"group {n}", "record_type": "billing_group"}


def items(numbers: range | list[int]) -> list[dict[str, Any]]:
    """The JSON of the billing groups numbered ``numbers``."""
    return [group(n) for n in numbers]


def requested_page(received: Received) -> int:
    """The page number a request asked for (the server's default is 1)."""
    values = parse_qs(received.query).get("page[number]")
    return int(values[0]) if values else 1


def requested_pages(server: LocalServer) -> list[int]:
    """The page numbers the server was asked for, in order."""
    return [requested_page(r) for r in server.requests]


def ids(groups: list[Any]) -> list[str | None]:
    """The ids of parsed billing groups."""
    return [g.id for g in groups]


def serve(server: LocalServer, document: Callable[[int], dict[str, Any]]) -> None:
    """Answer ``GET /billing_groups`` with ``document(requested page number)``."""
    server.on("GET", PATH, lambda received: Reply(json=document(requested_page(received))))


def numbered(size: int = 2, total_pages: int | None = 3) -> Callable[[int], dict[str, Any]]:
    """Pages of ``size`` groups; page n holds groups ``(n-1)*size+1 ..``; full meta."""

    def document(number: int) -> dict[str, Any]:
        meta: dict[str, Any] = {"page_number": number, "page_size": size}
        if total_pages is not None:
            meta["total_pages"] = total_pages
            meta["total_results"] = total_pages * size
        return {"data": items(range((number - 1) * size + 1, number * size + 1)), "meta": meta}

    return document


def client_for(server: LocalServer) -> AsyncTelnyxAccess:
    """An async client pointed at ``server``."""
    return AsyncTelnyxAccess(api_key=API_KEY, base_url=server.base_url)


def test_walk_yields_every_item_of_three_pages_in_order(runner: ClientRunner) -> None:
    """Iterating a list yields all items of pages 1, 2 and 3, asking for each page once."""
    serve(runner.server, numbered())
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == [f"bg-{n}" for n in range(1, 7)]
    queries = [parse_qs(r.query) for r in runner.server.requests]
    assert queries == [
        {"page[size]": ["2"]},
        {"page[number]": ["2"], "page[size]": ["2"]},
        {"page[number]": ["3"], "page[size]": ["2"]},
    ]
    assert all(r.path == "/v2/billing_groups" for r in runner.server.requests)


@pytest.mark.anyio
async def test_async_list_awaited_is_one_page_and_next_page_fetches_the_next(
    server: LocalServer,
) -> None:
    """Awaiting the async list gives one AsyncPage; await next_page() fetches the following."""
    serve(server, numbered())
    async with client_for(server) as client:
        listing = client.billing_groups.list(page_size=2)
        assert isinstance(listing, AsyncPaginator)
        page = await listing
        assert isinstance(page, AsyncPage)
        assert isinstance(page, Page)
        assert ids(page.data) == ["bg-1", "bg-2"]
        assert page.meta is not None
        assert page.meta.page_number == 1
        assert page.has_next_page()
        assert len(server.requests) == 1
        second = await page.next_page()
        assert ids(second.data) == ["bg-3", "bg-4"]
        assert second.meta is not None
        assert second.meta.page_number == 2
    assert requested_pages(server) == [1, 2]


@pytest.mark.anyio
async def test_async_for_starts_at_the_requested_page(server: LocalServer) -> None:
    """async for over list(page_number=2) yields the items of pages 2 and 3 only."""
    serve(server, numbered())
    async with client_for(server) as client:
        walked = [g async for g in client.billing_groups.list(page_number=2, page_size=2)]
    assert ids(walked) == ["bg-3", "bg-4", "bg-5", "bg-6"]
    assert requested_pages(server) == [2, 3]


@pytest.mark.anyio
async def test_async_pages_yields_each_page(server: LocalServer) -> None:
    """pages() yields one AsyncPage per page, numbered 1 to 3, with their items."""
    serve(server, numbered())
    async with client_for(server) as client:
        pages = [p async for p in client.billing_groups.list(page_size=2).pages()]
    assert all(isinstance(p, AsyncPage) for p in pages)
    assert [p.meta.page_number for p in pages if p.meta is not None] == [1, 2, 3]
    assert [ids(p.data) for p in pages] == [["bg-1", "bg-2"], ["bg-3", "bg-4"], ["bg-5", "bg-6"]]
    assert requested_pages(server) == [1, 2, 3]


def test_blocking_list_returns_a_page_whose_next_page_blocks(server: LocalServer) -> None:
    """The blocking list is a fetched SyncPage (a Page); next_page() returns the next one."""
    serve(server, numbered())
    with TelnyxAccess(api_key=API_KEY, base_url=server.base_url) as client:
        page = client.billing_groups.list(page_size=2)
        assert isinstance(page, SyncPage)
        assert isinstance(page, Page)
        assert ids(page.data) == ["bg-1", "bg-2"]
        assert len(server.requests) == 1
        second = page.next_page()
        assert isinstance(second, SyncPage)
        assert ids(second.data) == ["bg-3", "bg-4"]
        assert second.meta is not None
        assert second.meta.page_number == 2
        assert ids(list(second)) == ["bg-3", "bg-4", "bg-5", "bg-6"]
    assert requested_pages(server) == [1, 2, 3]


def test_blocking_page_iteration_walks_from_that_page_on(server: LocalServer) -> None:
    """Iterating the blocking first page yields its items and those of later pages."""
    serve(server, numbered())
    with TelnyxAccess(api_key=API_KEY, base_url=server.base_url) as client:
        page = client.billing_groups.list(page_number=2, page_size=2)
        assert ids(list(page)) == ["bg-3", "bg-4", "bg-5", "bg-6"]
    assert requested_pages(server) == [2, 3]


def test_walk_stops_at_total_pages(runner: ClientRunner) -> None:
    """A walk never asks for the page after total_pages, even if the server would answer it."""
    serve(runner.server, numbered(total_pages=3))
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert len(walked) == 6
    assert requested_pages(runner.server) == [1, 2, 3]


def test_walk_stops_on_an_empty_page(runner: ClientRunner) -> None:
    """An empty page ends the walk although total_pages says there are more."""
    full = numbered(total_pages=5)

    def document(number: int) -> dict[str, Any]:
        answer = full(number)
        return {**answer, "data": []} if number == 3 else answer

    serve(runner.server, document)
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == ["bg-1", "bg-2", "bg-3", "bg-4"]
    assert requested_pages(runner.server) == [1, 2, 3]


def test_walk_stops_when_meta_is_missing(runner: ClientRunner) -> None:
    """An answer without meta is the only page: one request, its items only."""
    serve(runner.server, lambda number: {"data": items(range(number * 10, number * 10 + 3))})
    walked = runner.walk(lambda c: c.billing_groups.list())
    assert ids(walked) == ["bg-10", "bg-11", "bg-12"]
    assert len(runner.server.requests) == 1


def test_walk_stops_when_meta_has_no_page_number(runner: ClientRunner) -> None:
    """Without meta.page_number the walk cannot know where it is and stops after one page."""
    serve(
        runner.server,
        lambda number: {"data": items([number]), "meta": {"total_pages": 3, "page_size": 1}},
    )
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=1))
    assert ids(walked) == ["bg-1"]
    assert len(runner.server.requests) == 1


def test_server_repeating_page_one_cannot_loop_the_walk(runner: ClientRunner) -> None:
    """A server always answering page 1 (of 5) stops the walk at the second request, no dupes."""
    first = {
        "data": items([1, 2]),
        "meta": {"page_number": 1, "page_size": 2, "total_pages": 5, "total_results": 10},
    }
    serve(runner.server, lambda number: first)
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == ["bg-1", "bg-2"]
    assert requested_pages(runner.server) == [1, 2]


def test_walk_without_total_pages_continues_until_an_empty_page(runner: ClientRunner) -> None:
    """When meta lacks total_pages, the walk goes on until a page comes back empty."""
    full = numbered(total_pages=None)

    def document(number: int) -> dict[str, Any]:
        answer = full(number)
        return {**answer, "data": []} if number >= 4 else answer

    serve(runner.server, document)
    walked = runner.walk(lambda c: c.billing_groups.list(page_size=2))
    assert ids(walked) == [f"bg-{n}" for n in range(1, 7)]
    assert requested_pages(runner.server) == [1, 2, 3, 4]


def test_next_page_on_the_last_page_raises(runner: ClientRunner) -> None:
    """next_page() on the last page raises TelnyxAccessError without sending a request."""
    serve(runner.server, numbered(total_pages=3))

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
    assert requested_pages(runner.server) == [3]


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
    serve(runner.server, numbered())
    with pytest.raises(error, match=name):
        runner.call(lambda c: c.billing_groups.list(**arguments))
    assert runner.server.requests == []


def test_page_size_bounds_are_accepted(runner: ClientRunner) -> None:
    """page_size 1 and 250 are inside the spec's range and are sent as given."""
    serve(runner.server, numbered(size=1, total_pages=1))
    runner.walk(lambda c: c.billing_groups.list(page_size=1))
    runner.walk(lambda c: c.billing_groups.list(page_size=250))
    sizes = [parse_qs(r.query)["page[size]"] for r in runner.server.requests]
    assert sizes == [["1"], ["250"]]


@pytest.mark.anyio
async def test_breaking_out_of_an_async_walk_leaves_the_client_working(
    server: LocalServer,
) -> None:
    """A break inside async for leaves no warning and the client keeps answering."""
    serve(server, numbered())
    async with client_for(server) as client:
        seen = []
        async for g in client.billing_groups.list(page_size=2):
            seen.append(g)
            break
        gc.collect()
        assert ids(seen) == ["bg-1"]
        walked = [g async for g in client.billing_groups.list(page_size=2)]
        assert len(walked) == 6
    gc.collect()
    assert requested_pages(server) == [1, 1, 2, 3]


@pytest.mark.anyio
async def test_breaking_out_of_async_pages_leaves_the_client_working(
    server: LocalServer,
) -> None:
    """A break inside async for over pages() leaves no warning; the client still works."""
    serve(server, numbered())
    async with client_for(server) as client:
        async for page in client.billing_groups.list(page_size=2).pages():
            assert page.meta is not None
            if page.meta.page_number == 2:
                break
        gc.collect()
        page = await client.billing_groups.list(page_number=3, page_size=2)
        assert ids(page.data) == ["bg-5", "bg-6"]
    gc.collect()
    assert requested_pages(server) == [1, 2, 3]


def test_breaking_out_of_a_blocking_walk_leaves_the_client_working(server: LocalServer) -> None:
    """A break inside for over a blocking page leaves no warning; the client still works."""
    serve(server, numbered())
    with TelnyxAccess(api_key=API_KEY, base_url=server.base_url) as client:
        seen = []
        for g in client.billing_groups.list(page_size=2):
            seen.append(g)
            if g.id == "bg-3":
                break
        gc.collect()
        assert ids(seen) == ["bg-1", "bg-2", "bg-3"]
        walked = list(client.billing_groups.list(page_size=2))
        assert len(walked) == 6
    gc.collect()
    assert requested_pages(server) == [1, 2, 1, 2, 3]
