"""Fixtures shared by the suite: a FakeTelnyx and a runner for either client pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import Exchange, FakeTelnyx, observe_exchanges

from .conformance import spec_checker, violation
from .helpers import API_KEY

pytest_plugins = ["pytester"]


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio, the loop aiohttp needs."""
    return "asyncio"


@pytest.fixture(autouse=True)
def fake_answers_follow_the_spec() -> Iterator[None]:
    """After each test, every answer a FakeTelnyx gave (faults aside) must match the spec."""
    exchanges: list[Exchange] = []
    with observe_exchanges(exchanges.append):
        yield
    if exchanges:
        openapi = spec_checker()
        problems = [violation(openapi, e) for e in exchanges if not e.injected]
        assert [p for p in problems if p] == []


@pytest.fixture
def fake() -> Iterator[FakeTelnyx]:
    """A fresh, empty FakeTelnyx on its own thread that accepts ``API_KEY``."""
    with FakeTelnyx(api_key=API_KEY) as running:
        yield running


class ClientRunner:
    """Runs the same scenario on the async or the blocking client.

    ``fn`` receives a fresh client and returns what the method returned: an awaitable
    for the async client (awaited here), a value for the blocking one.
    """

    def __init__(self, kind: str, fake: FakeTelnyx) -> None:
        self.kind = kind
        self.fake = fake

    def call(self, fn: Callable[[Any], Any], **settings: Any) -> Any:
        """The result of ``fn(client)`` on a client closed afterwards."""
        settings = {"api_key": API_KEY, "base_url": self.fake.base_url, **settings}
        if self.kind == "blocking":
            with TelnyxAccess(**settings) as client:
                return fn(client)

        async def run() -> Any:
            async with AsyncTelnyxAccess(**settings) as client:
                return await fn(client)

        return asyncio.run(run())

    def page(self, fn: Callable[[Any], Any], **settings: Any) -> Any:
        """The first page of the list call ``fn(client)``, on either client."""
        if self.kind == "blocking":
            return self.call(fn, **settings)

        async def first(client: Any) -> Any:
            return await fn(client)

        return self.call(first, **settings)

    def walk(self, fn: Callable[[Any], Any], **settings: Any) -> list[Any]:
        """Every item that iterating ``fn(client)`` (a list call) yields."""
        if self.kind == "blocking":
            return self.call(lambda client: list(fn(client)), **settings)  # type: ignore[no-any-return]

        async def collect(client: Any) -> list[Any]:
            return [item async for item in fn(client)]

        return self.call(collect, **settings)  # type: ignore[no-any-return]


@pytest.fixture(params=["async", "blocking"])
def runner(request: pytest.FixtureRequest, fake: FakeTelnyx) -> ClientRunner:
    """The same scenario on each client in turn, both pointed at ``fake``."""
    return ClientRunner(request.param, fake)
