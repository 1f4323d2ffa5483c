"""pytest fixtures for testing code that uses telnyx-access (registered automatically).

- ``fake_telnyx``: a fresh ``FakeTelnyx`` on its own thread, seeded with sample data.
- ``client``: a ``TelnyxAccess`` pointed at it, closed after the test.
- ``async_client``: an ``AsyncTelnyxAccess`` pointed at it; an async fixture, run by
  anyio's pytest plugin (mark the test ``@pytest.mark.anyio``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess

from ._server import FakeTelnyx


@pytest.fixture
def fake_telnyx() -> Iterator[FakeTelnyx]:
    """A fake Telnyx API with sample data, running for the duration of the test."""
    with FakeTelnyx(seed=True) as fake:
        yield fake


@pytest.fixture
def client(fake_telnyx: FakeTelnyx) -> Iterator[TelnyxAccess]:
    """A blocking client talking to ``fake_telnyx``."""
    with TelnyxAccess(api_key=fake_telnyx.api_key, base_url=fake_telnyx.base_url) as blocking:
        yield blocking


@pytest.fixture
async def async_client(fake_telnyx: FakeTelnyx) -> AsyncIterator[AsyncTelnyxAccess]:
    """An async client talking to ``fake_telnyx`` (needs ``@pytest.mark.anyio``)."""
    async with AsyncTelnyxAccess(
        api_key=fake_telnyx.api_key, base_url=fake_telnyx.base_url
    ) as asynchronous:
        yield asynchronous
