"""Running one scenario on either client, so a test checks both with the same code."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import FakeTelnyx

KINDS = ("async", "blocking")
"""The two clients: "async" is ``AsyncTelnyxAccess``, "blocking" is ``TelnyxAccess``."""


def client_settings(fake: FakeTelnyx, **overrides: Any) -> dict[str, Any]:
    """Constructor arguments for a client talking to ``fake``."""
    return {"api_key": fake.api_key, "base_url": fake.base_url, **overrides}


class ClientRunner:
    """Runs a scenario on a fresh client of one kind (see ``KINDS``), closed afterwards.

    A scenario takes the client and returns what its method returned: an awaitable on the
    async client (awaited here, in a new event loop), a value on the blocking one. So one
    scenario, often a lambda, serves both clients. A list call's paginator, awaited, is its
    first page; ``walk`` iterates it instead.

    Each client talks to ``fake`` when one is given, with the runner's ``settings`` and then
    the run's own on top.
    """

    def __init__(self, kind: str, fake: FakeTelnyx | None = None, **settings: Any) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.kind = kind
        self.fake = fake
        self.settings = settings

    def call(self, scenario: Callable[[Any], Any], **settings: Any) -> Any:
        """The result of ``scenario(client)``."""
        settings = {**self.settings, **settings}
        if self.fake is not None:
            settings = client_settings(self.fake, **settings)
        if self.kind == "blocking":
            with TelnyxAccess(**settings) as client:
                return scenario(client)

        async def run() -> Any:
            async with AsyncTelnyxAccess(**settings) as client:
                return await scenario(client)

        return asyncio.run(run())

    def walk(self, list_call: Callable[[Any], Any], **settings: Any) -> list[Any]:
        """Every item that iterating ``list_call(client)`` yields."""
        if self.kind == "blocking":
            return self.call(lambda client: list(list_call(client)), **settings)  # type: ignore[no-any-return]

        async def collect(client: Any) -> list[Any]:
            return [item async for item in list_call(client)]

        return self.call(collect, **settings)  # type: ignore[no-any-return]
