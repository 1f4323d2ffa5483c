"""The fake's rate limit: a rule (``100/second``) and the fixed-window counter enforcing it."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

import attrs

__all__ = ["RateLimitRule", "RateWindow", "as_rule"]

_UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_RATE = re.compile(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)?\s*(second|minute|hour)s?\s*", re.IGNORECASE)


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, not {value}")


def _positive_seconds(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number of seconds, not {type(value).__name__}")
    if not 0 < value < math.inf:
        raise ValueError(f"{attribute.name} must be a positive number of seconds, not {value}")


@attrs.frozen(kw_only=True)
class RateLimitRule:
    """At most ``limit`` requests in each window of ``window`` seconds.

    ``RateLimitRule.parse("100/second")`` reads the same rule from text, in the spelling of
    the ``limits`` library: ``"100/second"``, ``"1000/minute"``, ``"10/5 seconds"``.

    Attributes:
        limit: requests allowed per window.
        window: the window's length in seconds.
    """

    limit: int = attrs.field(validator=_positive_int)
    window: float = attrs.field(default=1.0, validator=_positive_seconds)

    @classmethod
    def parse(cls, text: str) -> RateLimitRule:
        """The rule written as ``"<limit>/[<n>] <second|minute|hour>"``."""
        match = _RATE.fullmatch(text)
        if match is None:
            raise ValueError(
                f"rate_limit {text!r} is not a rate such as '100/second' or '10/5 seconds'"
            )
        count, times, unit = match.groups()
        return cls(limit=int(count), window=float(times or 1) * _UNITS[unit.lower()])

    def __str__(self) -> str:
        return f"{self.limit}/{self.window:g} seconds"


def as_rule(value: object) -> RateLimitRule | None:
    """``FakeTelnyx``'s ``rate_limit`` argument as a rule (``None`` stays ``None``)."""
    if value is None or isinstance(value, RateLimitRule):
        return value
    if isinstance(value, str):
        return RateLimitRule.parse(value)
    kind = type(value).__name__
    raise TypeError(f"rate_limit must be a RateLimitRule, a str or None, not {kind}")


class RateWindow:
    """A fixed-window counter: how much of the current window's budget has been used.

    Windows follow each other from the moment the counter is made; a request that finds the
    budget spent is refused and does not use any of the next window's.
    """

    def __init__(self, rule: RateLimitRule, clock: Callable[[], float] = time.monotonic) -> None:
        self.rule = rule
        self._clock = clock
        self._start = clock()
        self.used = 0
        """Requests admitted in the current window."""

    def reset_in(self) -> float:
        """Seconds until the current window ends, starting a new window when one is due."""
        now = self._clock()
        elapsed = now - self._start
        if elapsed >= self.rule.window:
            self._start += elapsed // self.rule.window * self.rule.window
            self.used = 0
        return self._start + self.rule.window - now

    def admit(self) -> bool:
        """Count one request against the budget; ``False`` when the budget is already spent."""
        self.reset_in()
        if self.used >= self.rule.limit:
            return False
        self.used += 1
        return True

    def headers(self) -> dict[str, str]:
        """Telnyx's ``x-ratelimit-*`` headers for the window as it stands.

        ``x-ratelimit-reset`` is rounded up to the millisecond, so a client that waits that
        long finds a fresh window, and one that paces itself loses no time to rounding.
        """
        reset_in = self.reset_in()
        return {
            "x-ratelimit-limit": str(self.rule.limit),
            "x-ratelimit-remaining": str(max(0, self.rule.limit - self.used)),
            "x-ratelimit-reset": f"{math.ceil(reset_in * 1000) / 1000:.3f}",
        }
