"""Pacing: the server's rate-limit budget, kept for a client and the clients derived from it.

Telnyx says with every answer how many requests the current window still allows
(``x-ratelimit-remaining``) and when it resets (``x-ratelimit-reset``, seconds). ``Pacer``
records that and, when pacing is on, spends it: a request goes out only while the budget
has room for it, counting the requests already on their way, and otherwise waits for the
reset. Until the server has said anything, one request goes first and the others wait for
its answer; a server that sends no such headers is not paced at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any

from ._exceptions import APITimeoutError
from ._models import RateLimit
from ._transport import Prepared

__all__ = ["Pacer"]

_RESET_MARGIN = 0.01
"""Seconds added to the advertised reset: the answer that told it was already under way."""


class Pacer:
    """The budget the server advertised, and the gate requests pass through when paced."""

    def __init__(self, *, pacing: bool) -> None:
        self.pacing = pacing
        self.rate_limit: RateLimit | None = None
        self._in_flight = 0
        self._room: int | None = None
        """Requests that may still go out in this window; ``None``: not known (yet)."""
        self._reset_at = 0.0
        self._asking: asyncio.Event | None = None
        """While the budget is not known: set when the request that asks has its answer."""

    def enter_now(self) -> bool:
        """Take a place at once if the budget has room (or is not paced); else ``False``.

        The common case, on every attempt, without the cost of a coroutine.
        """
        if not self.pacing:
            self._in_flight += 1
            return True
        room = self._room
        if room is not None and room > 0:
            self._room = room - 1
            self._in_flight += 1
            return True
        return False

    async def enter(self, request: Prepared, deadline_at: float | None) -> None:
        """Wait until the budget has room for one more request, then take it.

        Raises:
            APITimeoutError: the wait would run past the call's deadline.
        """
        loop = asyncio.get_running_loop()
        while self.pacing:
            if self._room is None:
                if self._asking is None:  # this request finds out what the budget is
                    self._asking = asyncio.Event()
                    break
                await _wait(self._asking.wait(), request, deadline_at)
            elif self._room > 0:
                self._room -= 1
                break
            elif loop.time() >= self._reset_at:
                self._room = None  # the window has turned: ask what the new one allows
            else:
                await _wait(asyncio.sleep(self._reset_at - loop.time()), request, deadline_at)
        self._in_flight += 1

    def leave(self, headers: Mapping[str, str] | None) -> None:
        """Record an attempt's answer (``None`` when there was none) and free its place."""
        self._in_flight -= 1
        if headers is not None:
            self._note(headers)
        asking, self._asking = self._asking, None
        if asking is not None:  # any answer ends the asking; another asks if need be
            asking.set()

    def _note(self, headers: Mapping[str, str]) -> None:
        limit = headers.get("x-ratelimit-limit")
        remaining = headers.get("x-ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset")
        if limit is None and remaining is None and reset is None:
            if self._room is None:
                self.pacing = False  # a server that keeps no budget: nothing to pace
            return
        noted = RateLimit(
            limit=_parse(int, limit), remaining=_parse(int, remaining), reset=_parse(float, reset)
        )
        self.rate_limit = noted
        if not self.pacing or noted.remaining is None:
            return
        # Requests still on their way may each take one of the remaining places.
        self._room = max(0, noted.remaining - self._in_flight)
        if noted.reset is not None:
            self._reset_at = asyncio.get_running_loop().time() + noted.reset + _RESET_MARGIN


async def _wait(waiting: Awaitable[object], request: Prepared, deadline_at: float | None) -> None:
    """Wait for the budget, but not past the call's deadline."""
    timeout = None if deadline_at is None else deadline_at - asyncio.get_running_loop().time()
    try:
        await asyncio.wait_for(waiting, timeout)
    except asyncio.TimeoutError:
        raise APITimeoutError(
            f"{request.method} {request.url.path}: the deadline passed while waiting for "
            "the rate-limit budget",
            method=request.method,
            url=str(request.url),
            sent=False,
        ) from None


def _parse(kind: type[int] | type[float], text: str | None) -> Any:
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        return None
