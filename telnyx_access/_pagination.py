"""Page-number pagination: one ``Page`` per answer, and a paginator that walks them.

A walk stops at ``meta.total_pages``, on an empty page, when ``meta`` (or its
``page_number``) is missing, and when the server answers with a page number that does not
advance, so a server that repeats a page cannot make it loop forever.

A walk fetches pages ahead of the one the caller reads, and still yields them in order:
one page ahead at first (a walk left after the first page costs one extra request at
most), twice as many each time the caller asks for the next page, up to ``prefetch`` (8 by
default). ``prefetch=0``, or a list without ``total_pages``, fetches each page only when
the caller asks for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ._checks import check_int
from ._converter import ShapeError, converter, loads, structure_items
from ._exceptions import TelnyxAccessError
from ._models._base import PageMeta
from ._options import ListOptions, RequestOptions
from ._parsers import Parser, member
from ._request import Call
from ._response import Reply, parsed_off_loop

if TYPE_CHECKING:
    from ._blocking import PortalThread

__all__ = ["AsyncPage", "AsyncPaginator", "Page", "SyncPage", "list_call"]

T = TypeVar("T")

DEFAULT_PREFETCH = 8
MAX_PREFETCH = 32
AHEAD = "telnyx_access: fetching ahead page"
"""How the task fetching a page ahead of a walk is named, its number after it."""

Send = Callable[[Call["Page[T]"]], Awaitable[Reply]]


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list: its items and where it sits."""

    data: list[T]
    meta: PageMeta | None = None

    def has_next_page(self) -> bool:
        """Whether a later page can hold more items."""
        meta = self.meta
        if not self.data or meta is None or meta.page_number is None:
            return False
        return meta.total_pages is None or meta.page_number < meta.total_pages

    def _next_number(self) -> int:
        meta = self.meta
        if not self.has_next_page() or meta is None or meta.page_number is None:
            raise TelnyxAccessError("there is no next page: check has_next_page() first")
        return meta.page_number + 1

    def __reduce__(self) -> tuple[Any, ...]:
        # Items and meta travel; the client a page fetches through does not (it holds a
        # connection pool and an event loop), so an unpickled page cannot fetch more.
        return _unpickled, (type(self), self.data, self.meta)

    def _detached(self) -> TelnyxAccessError:
        """The error of a page asked to fetch another without a client to fetch with."""
        number = self._next_number()  # on the last page, that there is no next page
        return TelnyxAccessError(
            f"this page was unpickled (or built by hand), so it has no client to fetch "
            f"page {number} with: call list(page_number={number}) on a client instead"
        )


def _unpickled(cls: type[Page[T]], data: list[T], meta: PageMeta | None) -> Page[T]:
    """A page from its items and meta, without a client: how pages unpickle."""
    return cls(data=data, meta=meta)


@attrs.frozen(kw_only=True)
class AsyncPage(Page[T]):
    """A page from the async client; ``await page.next_page()`` fetches the next one."""

    _paginator: AsyncPaginator[T] | None = attrs.field(
        default=None, repr=False, eq=False, alias="paginator"
    )

    async def next_page(self) -> AsyncPage[T]:
        """Fetch the page after this one.

        Raises:
            TelnyxAccessError: this is the last page, or the page was unpickled.
        """
        if self._paginator is None:
            raise self._detached()
        return await self._paginator.fetch(self._next_number())


class AsyncPaginator(Generic[T]):
    """What the async ``list()`` returns: ``await`` it for one page, iterate it for all items.

    ``async for item in paginator`` yields every item from the requested page on;
    ``paginator.pages()`` yields the pages themselves.
    """

    def __init__(self, send: Send[T], call: Call[Page[T]]) -> None:
        self._send = send
        self._call = call

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self.fetch(None).__await__()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def fetch(self, page_number: int | None) -> AsyncPage[T]:
        """Fetch one page: ``page_number``, or the one the call asked for."""
        return await self._read(await self._request(page_number))

    async def _request(self, page_number: int | None) -> Reply:
        """The answer for ``page_number`` (or the page the call asked for), not yet read."""
        call = self._call
        if page_number is not None:
            call = call.with_query(page={**call.query.get("page", {}), "number": page_number})
        return await self._send(call)

    async def _read(self, reply: Reply) -> AsyncPage[T]:
        """The page an answer holds, its items made now."""
        page = await parsed_off_loop(self._call.parse, reply)
        return AsyncPage(data=page.data, meta=page.meta, paginator=self)

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Every page from the requested one on."""
        # Closed with this generator, so that pages fetched ahead are cancelled at once.
        async with contextlib.aclosing(self.walk(await self)) as walk:
            async for page in walk:
                yield page

    async def walk(self, page: AsyncPage[T]) -> AsyncGenerator[AsyncPage[T], None]:
        """``page`` and the pages after it.

        The walk stops at ``total_pages``, on an empty page, without ``meta`` or its
        ``page_number``, and when the page number does not advance.
        """
        if not page.has_next_page():
            yield page
            return
        first = page._next_number()
        total = page.meta.total_pages if page.meta is not None else None
        numbers = itertools.count(first) if total is None else iter(range(first, total + 1))
        most = 0 if total is None else self._call.prefetch
        depth = min(1, most)  # pages ahead: twice as many each time the caller asks for more
        # Answers, not pages: their items are made only when the caller reaches them, so
        # that items no one reads yet do not crowd the garbage collector.
        ahead: deque[tuple[int, asyncio.Task[Reply]]] = deque()

        def read_ahead(pages: int) -> None:
            while len(ahead) < pages and (number := next(numbers, None)) is not None:
                task = asyncio.create_task(self._request(number), name=f"{AHEAD} {number}")
                ahead.append((number, task))

        try:
            read_ahead(depth)  # the next page is on its way while the caller reads this one
            yield page
            while True:
                depth = min(depth * 2, most)
                read_ahead(depth + 1)  # the page the caller waits for, and those after it
                if not ahead:
                    return
                number, task = ahead.popleft()
                following = await self._read(await task)
                if following.meta is not None and (following.meta.page_number or number) < number:
                    return  # the server repeated an earlier page
                yield following
                if not following.has_next_page():
                    return
        finally:
            for _, pending in ahead:
                pending.cancel()
            await asyncio.gather(*(pending for _, pending in ahead), return_exceptions=True)

    async def _items(self) -> AsyncIterator[T]:
        async with contextlib.aclosing(self.walk(await self)) as walk:
            async for page in walk:
                for item in page.data:
                    yield item


@attrs.frozen(kw_only=True)
class SyncPage(Page[T]):
    """A page from the blocking client: ``next_page()`` blocks, iterating walks all items."""

    _source: AsyncPage[T] | None = attrs.field(default=None, repr=False, eq=False, alias="source")
    _portal: PortalThread | None = attrs.field(default=None, repr=False, eq=False, alias="portal")

    @classmethod
    def _wrap(cls, source: AsyncPage[T], portal: PortalThread) -> SyncPage[T]:
        """The blocking face of an async page."""
        return cls(data=source.data, meta=source.meta, source=source, portal=portal)

    def next_page(self) -> SyncPage[T]:
        """Fetch the page after this one.

        Raises:
            TelnyxAccessError: this is the last page, or the page was unpickled.
        """
        if self._source is None or self._portal is None:
            raise self._detached()
        return SyncPage._wrap(self._portal.call(self._source.next_page), self._portal)

    def __iter__(self) -> Iterator[T]:
        """Every item of this page and of the pages after it, fetched as needed.

        Raises:
            TelnyxAccessError: the page was unpickled and later pages are to be fetched.
        """
        source, portal = self._source, self._portal
        if source is None or source._paginator is None or portal is None:
            if self.has_next_page():
                raise self._detached()
            yield from self.data
            return
        # One trip to the loop's thread per page, not per item.
        for page in portal.iterate(source._paginator.walk(source)):
            yield from page.data


_PAGE_PARSERS: dict[type[Any], Parser[Any]] = {}


def paged(cls: type[T]) -> Parser[Page[T]]:
    """Parser for list answers: ``{"data": [<cls>], "meta": {...}}``; built once per class."""
    parser = _PAGE_PARSERS.get(cls)
    if parser is None:
        parser = _PAGE_PARSERS[cls] = _page_parser(cls)
    return parser


def _page_parser(cls: type[T]) -> Parser[Page[T]]:
    structure_item = converter.get_structure_hook(cls)
    structure_meta = converter.get_structure_hook(PageMeta)

    def parse(content: bytes) -> Page[T]:
        document = loads(content)
        data, step = member(document, "data"), "data"
        try:
            items = structure_items(data, structure_item, cls)
            meta, step = document.get("meta"), "meta"
            return Page(data=items, meta=None if meta is None else structure_meta(meta, PageMeta))
        except ShapeError as error:
            raise error.within(step) from None

    return parse


def list_call(
    path: str, item: type[T], query: Mapping[str, Any], options: ListOptions
) -> Call[Page[T]]:
    """The ``Call`` of a list method, its ``prefetch`` option checked and set apart."""
    rest = dict(options)
    prefetch = rest.pop("prefetch", DEFAULT_PREFETCH)
    return Call(
        method="GET",
        path=path,
        query=query,
        parse=paged(item),
        options=RequestOptions(**rest),  # type: ignore[typeddict-item]
        prefetch=check_int("prefetch", prefetch, minimum=0, maximum=MAX_PREFETCH),
    )
