"""``SharedRateLimiter``: one request budget for many processes, kept by the ``limits`` library.

The budget lives in a storage that ``limits`` knows (Redis for processes on many machines,
memory for one process), counted with its moving or sliding window. This module only
asks ``limits`` before each attempt and waits as long as it says; the counting is its own.
``limits`` is an optional extra (``pip install "telnyx-access[ratelimit]"``), imported
when a ``SharedRateLimiter`` is made.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from limits import RateLimitItem
    from limits.aio.strategies import RateLimiter

__all__ = ["SharedRateLimiter"]

_STRATEGIES = ("moving-window", "sliding-window")
_SHORTEST_WAIT = 0.001
"""Seconds waited at the least when the budget is spent, so that a wait is never a spin."""


class SharedRateLimiter:
    """A rate limit that clients in many processes share, for ``rate_limiter=``.

    Args:
        rate: requests allowed, in the ``limits`` notation: ``"100/second"``,
            ``"1000/minute"``, ``"10/5 seconds"``.
        storage_uri: where the budget is kept: ``"memory://"`` (this process only),
            ``"redis://host:port"``, or any other storage ``limits`` supports.
        key: the budget's name in the storage; clients using the same storage, rate and
            key share one budget (use one key per Telnyx account).
        strategy: ``"moving-window"`` (exact) or ``"sliding-window"`` (cheaper, an
            approximation).

    Raises:
        ValueError: the rate, the storage's scheme or the strategy is not one ``limits``
            knows.
        ImportError: the ``ratelimit`` extra is not installed.
    """

    def __init__(
        self,
        rate: str,
        storage_uri: str = "memory://",
        *,
        key: str = "telnyx-access",
        strategy: str = "moving-window",
    ) -> None:
        try:
            import limits  # noqa: PLC0415 - an optional extra, needed only here
            import limits.aio.storage  # noqa: PLC0415
            from limits.storage import storage_from_string  # noqa: PLC0415
        except ImportError as error:  # pragma: no cover - the test extra installs it
            raise ImportError(
                'SharedRateLimiter needs the limits library: pip install "telnyx-access[ratelimit]"'
            ) from error
        if not isinstance(rate, str):
            raise TypeError(f"rate must be a str such as '100/second', not {type(rate).__name__}")
        try:
            self._item: RateLimitItem = limits.parse(rate)
        except ValueError:
            raise ValueError(
                f"rate {rate!r} is not a rate such as '100/second' or '1000/minute'"
            ) from None
        if strategy not in _STRATEGIES:
            raise ValueError(f"strategy must be one of {', '.join(_STRATEGIES)}, got {strategy!r}")
        self._uri = _async_uri(storage_uri)
        self._make_storage = storage_from_string
        self._check_scheme()
        self.rate = rate
        self.key = key
        self.strategy = strategy
        # A storage's connections belong to one event loop: one limiter per loop that asks.
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RateLimiter] = (
            weakref.WeakKeyDictionary()
        )

    def _check_scheme(self) -> None:
        from limits._storage_scheme import SCHEMES  # noqa: PLC0415

        scheme = self._uri.partition("://")[0]
        if scheme not in SCHEMES:
            known = sorted(name.removeprefix("async+") for name in SCHEMES if "async+" in name)
            raise ValueError(
                f"storage_uri has the scheme {scheme.removeprefix('async+')!r}, which the limits "
                f"library does not know; it knows {', '.join(known)}"
            )

    async def acquire(self) -> None:
        """Wait until the shared budget has room for one more request, and take it."""
        limiter = self._limiter()
        while not await limiter.hit(self._item, self.key):
            stats = await limiter.get_window_stats(self._item, self.key)
            await asyncio.sleep(max(_SHORTEST_WAIT, stats.reset_time - time.time()))

    def _limiter(self) -> RateLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            from limits.aio import strategies  # noqa: PLC0415

            cls: Any = (
                strategies.MovingWindowRateLimiter
                if self.strategy == "moving-window"
                else strategies.SlidingWindowCounterRateLimiter
            )
            limiter = self._limiters[loop] = cls(self._make_storage(self._uri))
        return limiter

    def __repr__(self) -> str:
        where = self._uri.removeprefix("async+").partition("://")[0]
        return f"SharedRateLimiter({self.rate!r}, {where}://..., key={self.key!r})"


def _async_uri(storage_uri: str) -> str:
    """The URI of ``limits``' asyncio storage for ``storage_uri``."""
    if not isinstance(storage_uri, str) or "://" not in storage_uri:
        raise ValueError(
            "storage_uri must be a URI such as 'memory://' or 'redis://host:6379', "
            "got one without a scheme"
        )
    return storage_uri if storage_uri.startswith("async+") else f"async+{storage_uri}"
