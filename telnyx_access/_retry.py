"""Which failures are retried, and how long to wait before the next attempt.

The rules (also in the docs):

- Any method: a connection that could not be opened (nothing was sent), and 429.
- Only GET, PUT, PATCH, DELETE, or a POST carrying an idempotency key: 408, 500, 502,
  503, 504, timeouts and connections dropped after the request was sent.

The wait is what the server advises (``Retry-After`` in seconds or as an HTTP date,
``retry-after-ms``, or Telnyx's ``x-ratelimit-reset``), capped at
``Backoff.max_advised_wait``; otherwise exponential backoff with full jitter, as set by
``Backoff``.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

import attrs

from ._exceptions import APIConnectionError, APIStatusError, RateLimitError


def _seconds(instance: Backoff, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"backoff.{attribute.name} must be a number of seconds")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"backoff.{attribute.name} must be 0 or more seconds, got {value!r}")


@attrs.frozen(kw_only=True)
class Backoff:
    """How long to wait between attempts (the ``backoff=`` setting of both clients).

    Without advice from the server, the wait after the n-th failed attempt is random
    between 0 and ``min(maximum, initial * 2 ** (n - 1))`` ("full jitter", so that
    many clients failing together do not retry together). Advice (``Retry-After``,
    ``retry-after-ms``, ``x-ratelimit-reset`` on a 429) is followed up to
    ``max_advised_wait`` seconds.

    Args:
        initial: the ceiling of the first wait, in seconds.
        maximum: the largest ceiling, in seconds (at least ``initial``).
        max_advised_wait: the longest advised wait followed, in seconds.

    Raises:
        ValueError, TypeError: a value is negative, not finite, or not a number.
    """

    initial: float = attrs.field(default=0.5, validator=_seconds)
    maximum: float = attrs.field(default=8.0, validator=_seconds)
    max_advised_wait: float = attrs.field(default=60.0, validator=_seconds)

    def __attrs_post_init__(self) -> None:
        if self.maximum < self.initial:
            raise ValueError(
                f"backoff.maximum ({self.maximum!r}) must be at least "
                f"backoff.initial ({self.initial!r})"
            )

    def wait(self, error: BaseException, failed_attempts: int) -> float:
        """Seconds to wait after ``failed_attempts`` attempts have failed with ``error``."""
        if isinstance(error, APIStatusError):
            advised = advised_wait(error.status_code, error.headers)
            if advised is not None:
                return min(advised, self.max_advised_wait)
        ceiling = min(self.maximum, self.initial * 2 ** (failed_attempts - 1))
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not cryptography


DEFAULT_BACKOFF = Backoff()
"""What a client uses unless given ``backoff=``; read when the client is made."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
RETRYABLE_STATUSES = frozenset({408, 500, 502, 503, 504})


def should_retry(error: BaseException, idempotent: bool) -> bool:
    """Whether the failed attempt may be tried again.

    ``idempotent`` comes from the request (its method, or an idempotency key it carries).
    """
    if isinstance(error, RateLimitError):
        return True
    if isinstance(error, APIConnectionError):
        if not error._transient:
            return False
        return idempotent or not error.sent  # never sent: the server cannot have seen it
    if isinstance(error, APIStatusError):
        return idempotent and error.status_code in RETRYABLE_STATUSES
    return False


def advised_wait(status: int, headers: Mapping[str, str]) -> float | None:
    """The server's advised wait in seconds, or ``None`` when it gave none we can read.

    ``x-ratelimit-reset`` comes with every answer, so it counts only on a 429.
    """
    millis = seconds(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        advised = seconds(retry_after)
        if advised is not None:
            return advised
        try:
            return max(0.0, parsedate_to_datetime(retry_after).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return seconds(headers.get("x-ratelimit-reset")) if status == 429 else None


def seconds(text: str | None) -> float | None:
    """A header's finite, non-negative number (of seconds); ``None`` for anything else."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
