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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from limits import RateLimitItem
    from limits.aio.strategies import RateLimiter
    from limits.strategies import RateLimiter as SyncRateLimiter

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
            import limits.aio.storage  # noqa: PLC0415 - registers the asyncio storages
            import limits.errors  # noqa: PLC0415
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
        self._scheme = self._uri.removeprefix("async+").partition("://")[0]
        try:
            storage_from_string(self._uri)
        except limits.errors.ConfigurationError:
            # Its text repeats the URI, which may hold a password.
            raise ValueError(
                f"storage_uri has the scheme {self._scheme!r}, which the limits library does "
                "not know (or whose client library is not installed)"
            ) from None
        self.rate = rate
        self.key = key
        self.strategy = strategy
        self._make_storage = storage_from_string
        # A storage in memory serves every loop and thread of the process (limits locks it);
        # a networked one holds connections of one event loop: one per loop that asks.
        self._shared = (
            _sync_limiter(strategy, storage_from_string(self._uri.removeprefix("async+")))
            if self._scheme == "memory"
            else None
        )
        self._per_loop: dict[asyncio.AbstractEventLoop, RateLimiter] = {}

    async def acquire(self) -> None:
        """Wait until the shared budget has room for one more request, and take it."""
        shared = self._shared
        if shared is not None:
            while not shared.hit(self._item, self.key):
                stats = shared.get_window_stats(self._item, self.key)
                await asyncio.sleep(max(_SHORTEST_WAIT, stats.reset_time - time.time()))
            return
        limiter = self._limiter()
        while not await limiter.hit(self._item, self.key):
            stats = await limiter.get_window_stats(self._item, self.key)
            await asyncio.sleep(max(_SHORTEST_WAIT, stats.reset_time - time.time()))

    def _limiter(self) -> RateLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._per_loop.get(loop)
        if limiter is None:
            from limits.aio import strategies  # noqa: PLC0415

            for ended in [other for other in self._per_loop if other.is_closed()]:
                del self._per_loop[ended]
            cls: Any = (
                strategies.MovingWindowRateLimiter
                if self.strategy == "moving-window"
                else strategies.SlidingWindowCounterRateLimiter
            )
            limiter = self._per_loop[loop] = cls(self._make_storage(self._uri))
        return limiter

    def __repr__(self) -> str:
        return f"SharedRateLimiter({self.rate!r}, {self._scheme}://..., key={self.key!r})"


def _sync_limiter(strategy: str, storage: Any) -> SyncRateLimiter:
    from limits import strategies  # noqa: PLC0415

    cls: Any = (
        strategies.MovingWindowRateLimiter
        if strategy == "moving-window"
        else strategies.SlidingWindowCounterRateLimiter
    )
    return cls(storage)  # type: ignore[no-any-return]


def _async_uri(storage_uri: str) -> str:
    """The URI of ``limits``' asyncio storage for ``storage_uri``."""
    if not isinstance(storage_uri, str) or "://" not in storage_uri:
        raise ValueError(
            "storage_uri must be a URI such as 'memory://' or 'redis://host:6379', "
            "got one without a scheme"
        )
    return storage_uri if storage_uri.startswith("async+") else f"async+{storage_uri}"
