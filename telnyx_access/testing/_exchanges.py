"""What a fake records: each request, the answer it got, and who else wants to see them.

Nothing here imports aiohttp, so a conftest can import ``observe_exchanges`` cheaply.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import attrs

__all__ = ["Exchange", "ExchangeHook", "RecordedRequest", "observe_exchanges", "observers"]


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """A request as the fake received it."""

    method: str
    path: str
    """Decoded, including the ``/v2`` prefix."""
    raw_path: str
    """The path as sent, still percent-encoded, without the query string."""
    query: tuple[tuple[str, str], ...]
    """Decoded query parameters in order, e.g. ``(("page[number]", "2"),)``."""
    raw_query: str
    """The query string as sent, still percent-encoded."""
    headers: Mapping[str, str] = attrs.field(repr=False)
    body: bytes = attrs.field(repr=False)

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)

    def param(self, name: str) -> str | None:
        """The first value of query parameter ``name``."""
        return next((value for key, value in self.query if key == name), None)


@attrs.frozen(kw_only=True)
class Exchange:
    """A request and the answer the fake gave it; ``injected`` when a fault answered."""

    request: RecordedRequest
    status: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    body: bytes = attrs.field(repr=False)
    injected: bool = False


ExchangeHook = Callable[[Exchange], None]
"""Called with each exchange of a fake, on the thread that serves it."""

_OBSERVERS: ContextVar[tuple[ExchangeHook, ...]] = ContextVar("fake_observers", default=())


@contextlib.contextmanager
def observe_exchanges(hook: ExchangeHook) -> Iterator[None]:
    """Give ``hook`` every exchange of each ``FakeTelnyx`` created inside the block.

    A fake made in the block (in this thread, or in a task or ``asyncio.to_thread`` call
    started from it) starts with ``hook`` in its ``exchange_hooks``, and keeps it for its
    whole life. Fakes made elsewhere never see it. Blocks nest: a fake gets the hooks of
    every block around it.
    """
    token = _OBSERVERS.set((*_OBSERVERS.get(), hook))
    try:
        yield
    finally:
        _OBSERVERS.reset(token)


def observers() -> list[ExchangeHook]:
    """The hooks of the ``observe_exchanges`` blocks around the caller, outermost first."""
    return list(_OBSERVERS.get())
