"""Fixtures of the reliability suite (names kept apart from tests/conftest.py's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import telnyx_access._retry
from telnyx_access import Backoff
from telnyx_access.testing import FakeTelnyx

from ..clients import KINDS, ClientRunner


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio, the loop aiohttp needs."""
    return "asyncio"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the exponential backoff tiny so retry storms finish in milliseconds."""
    monkeypatch.setattr(telnyx_access._retry, "DEFAULT_BACKOFF", Backoff(initial=0.001))


@pytest.fixture
def seeded_fake() -> Iterator[FakeTelnyx]:
    """A FakeTelnyx with sample data, on its own thread for the duration of the test."""
    with FakeTelnyx(seed=True) as running:
        yield running


@pytest.fixture(params=KINDS)
def client_kind(request: pytest.FixtureRequest) -> str:
    """Each client in turn: "async" (AsyncTelnyxAccess) and "blocking" (TelnyxAccess)."""
    return str(request.param)


@pytest.fixture
def seeded_runner(client_kind: str, seeded_fake: FakeTelnyx) -> ClientRunner:
    """Each client in turn, pointed at ``seeded_fake``."""
    return ClientRunner(client_kind, seeded_fake)
