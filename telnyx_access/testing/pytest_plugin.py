"""pytest fixtures for testing code that uses telnyx-access (registered automatically).

- ``telnyx_fake``: a fresh ``FakeTelnyx`` on its own thread, seeded with sample data.
- ``telnyx_client``: a ``TelnyxAccess`` pointed at it, closed after the test.
- ``telnyx_async_client``: an ``AsyncTelnyxAccess`` pointed at it; an async fixture, run
  by anyio's pytest plugin (mark the test ``@pytest.mark.anyio``).

The ``telnyx_`` prefix keeps them clear of a project's own ``client`` fixtures. pytest loads
this module in every project of the environment, so it imports the fake and the clients
(aiohttp) only when a test uses a fixture.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from telnyx_access import AsyncTelnyxAccess, TelnyxAccess

    from ._server import FakeTelnyx


@pytest.fixture
def telnyx_fake() -> Iterator[FakeTelnyx]:
    """A fake Telnyx API with sample data, running for the duration of the test."""
    from ._server import FakeTelnyx  # noqa: PLC0415 - aiohttp.web only when used

    with FakeTelnyx(seed=True) as fake:
        yield fake


@pytest.fixture
def telnyx_client(telnyx_fake: FakeTelnyx) -> Iterator[TelnyxAccess]:
    """A blocking client talking to ``telnyx_fake``."""
    from telnyx_access import TelnyxAccess  # noqa: PLC0415 - aiohttp only when used

    with TelnyxAccess(api_key=telnyx_fake.api_key, base_url=telnyx_fake.base_url) as client:
        yield client


@pytest.fixture
async def telnyx_async_client(telnyx_fake: FakeTelnyx) -> AsyncIterator[AsyncTelnyxAccess]:
    """An async client talking to ``telnyx_fake`` (needs ``@pytest.mark.anyio``)."""
    from telnyx_access import AsyncTelnyxAccess  # noqa: PLC0415 - aiohttp only when used

    async with AsyncTelnyxAccess(
        api_key=telnyx_fake.api_key, base_url=telnyx_fake.base_url
    ) as client:
        yield client
