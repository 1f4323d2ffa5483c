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
from ._models._base import RateLimit
from ._retry import seconds
from ._transport import Prepared

__all__ = ["Pacer"]

_RESET_MARGIN = 0.01
"""Seconds added to the advertised reset: the answer that told it was already under way."""


class Pacer:
    """The budget the server advertised, and the gate requests pass through when paced."""

    def __init__(self, *, pacing: bool) -> None:
        self.pacing = pacing
        """Whether requests wait for the budget: the client's ``pacing`` setting, off too
        while the server's successful answers carry no budget."""
        self._enabled = pacing
        self._headers: tuple[str | None, str | None, str | None] | None = None
        """The last rate-limit headers, as sent: ``rate_limit`` reads them when asked."""
        self._read: tuple[tuple[str | None, str | None, str | None], RateLimit] | None = None
        """The headers ``rate_limit`` last read, and what it made of them."""
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

    async def enter(self, request: Prepared, deadline_at: float | None, max_wait: float) -> None:
        """Wait until the budget has room for one more request, then take it.

        A wait for the reset is capped at ``max_wait`` (the client's ``max_advised_wait``):
        after it, one request asks again.

        Raises:
            APITimeoutError: the wait would run past the call's deadline.
        """
        loop = asyncio.get_running_loop()
        while self.pacing:
            if self._room is None:
                if self._asking is None:  # this request finds out what the budget is
                    self._asking = asyncio.Event()
                    break
                await wait_within(self._asking.wait(), request, deadline_at)
            elif self._room > 0:
                self._room -= 1
                break
            elif loop.time() >= self._reset_at:
                self._room = None  # the window has turned: ask what the new one allows
            else:
                wait = min(self._reset_at - loop.time(), max_wait)
                if deadline_at is not None and loop.time() + wait > deadline_at:
                    raise _deadline_error(request)
                await asyncio.sleep(wait)
                if wait == max_wait:
                    self._room = None
        self._in_flight += 1

    def leave(self, status: int | None, headers: Mapping[str, str] | None) -> None:
        """Record an attempt's answer (``None`` when there was none) and free its place."""
        self._in_flight -= 1
        if headers is not None:
            self._note(status, headers)
        asking, self._asking = self._asking, None
        if asking is not None:  # any answer ends the asking; another asks if need be
            asking.set()

    @property
    def rate_limit(self) -> RateLimit | None:
        """The budget the last answer that told one advertised; ``None`` before any.

        Read from any thread (the blocking client's): the model is kept with the headers
        it was made from, so one made from headers replaced meanwhile is made again.
        """
        headers, read = self._headers, self._read
        if headers is None:
            return None
        if read is None or read[0] is not headers:
            limit, remaining, reset = headers
            noted = RateLimit(
                limit=_whole(limit), remaining=_whole(remaining), reset=seconds(reset)
            )
            read = self._read = (headers, noted)
        return read[1]

    def _note(self, status: int | None, headers: Mapping[str, str]) -> None:
        """Record an answer's budget; the model is built only when ``rate_limit`` is read."""
        limit = headers.get("x-ratelimit-limit")
        remaining = headers.get("x-ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset")
        if limit is None and remaining is None and reset is None:
            # A server that keeps no budget answers so; a proxy's error page proves nothing.
            if status is not None and 200 <= status < 300 and self._room is None:
                self.pacing = False
            return
        self.pacing = self._enabled
        self._headers = (limit, remaining, reset)
        left = _whole(remaining) if self.pacing else None
        if left is None:
            return
        # Requests still on their way may each take one of the remaining places.
        self._room = max(0, left - self._in_flight)
        wait = seconds(reset)
        if wait is not None:
            self._reset_at = asyncio.get_running_loop().time() + wait + _RESET_MARGIN


async def wait_within(waiting: Awaitable[Any], request: Prepared, deadline_at: float | None) -> Any:
    """What ``waiting`` gives, unless the call's deadline passes first."""
    timeout = None if deadline_at is None else deadline_at - asyncio.get_running_loop().time()
    try:
        return await asyncio.wait_for(waiting, timeout)
    except asyncio.TimeoutError:
        raise _deadline_error(request) from None


def _deadline_error(request: Prepared) -> APITimeoutError:
    return APITimeoutError(
        f"{request.method} {request.url.path}: the deadline passed while waiting for the "
        "rate-limit budget",
        method=request.method,
        url=str(request.url),
        sent=False,
    )


def _whole(text: str | None) -> int | None:
    """A header's whole, non-negative number; ``None`` for anything else."""
    if text is not None and text.isascii() and text.isdigit():
        return int(text)  # as Telnyx sends it
    number = seconds(text)
    return None if number is None or not number.is_integer() else int(number)
