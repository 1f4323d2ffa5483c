"""Fixtures shared by the suite: the local server and a runner for either client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import Exchange, FakeTelnyx

from .conformance import spec_checker, violation
from .server import API_KEY, LocalServer

pytest_plugins = ["pytester"]


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio, the loop aiohttp needs."""
    return "asyncio"


@pytest.fixture(autouse=True)
def fake_answers_follow_the_spec() -> Iterator[None]:
    """After each test, every answer a FakeTelnyx gave (faults aside) must match the spec."""
    exchanges: list[Exchange] = []
    FakeTelnyx.exchange_hooks.append(exchanges.append)
    try:
        yield
    finally:
        FakeTelnyx.exchange_hooks.remove(exchanges.append)
    openapi = spec_checker()
    if openapi is not None:
        problems = [violation(openapi, e) for e in exchanges if not e.injected]
        assert [p for p in problems if p] == []


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh scriptable server on 127.0.0.1."""
    with LocalServer() as local:
        yield local


class ClientRunner:
    """Runs the same scenario on the async or the blocking client.

    ``fn`` receives a fresh client and returns what the method returned: an awaitable
    for the async client (awaited here), a value for the blocking one.
    """

    def __init__(self, kind: str, server: LocalServer) -> None:
        self.kind = kind
        self.server = server

    def call(self, fn: Callable[[Any], Any], **settings: Any) -> Any:
        """The result of ``fn(client)`` on a client closed afterwards."""
        settings = {"api_key": API_KEY, "base_url": self.server.base_url, **settings}
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
def runner(request: pytest.FixtureRequest, server: LocalServer) -> ClientRunner:
    """The same scenario on each client in turn."""
    return ClientRunner(request.param, server)
