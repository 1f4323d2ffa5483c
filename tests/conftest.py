"""Fixtures shared by the suite: a FakeTelnyx and a runner for either client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from telnyx_access.testing import Exchange, FakeTelnyx, observe_exchanges

from .clients import KINDS, ClientRunner
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


@pytest.fixture(params=KINDS)
def runner(request: pytest.FixtureRequest, fake: FakeTelnyx) -> ClientRunner:
    """The same scenario on each client in turn, both pointed at ``fake``."""
    return ClientRunner(request.param, fake)
