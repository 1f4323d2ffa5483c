"""Which failures are retried, and how long to wait before the next attempt.

The rules (also in the docs):

- Any method: a connection that could not be opened (nothing was sent), and 429.
- Only GET, PUT, PATCH, DELETE, or a POST carrying an idempotency key: 408, 500, 502,
  503, 504, timeouts and connections dropped after the request was sent.

The wait is what the server advises (``Retry-After`` in seconds or as an HTTP date,
``retry-after-ms``, or Telnyx's ``x-ratelimit-reset``), capped at ``MAX_ADVISED_WAIT``;
otherwise exponential backoff with full jitter.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from ._exceptions import APIConnectionError, APIStatusError, RateLimitError

INITIAL_BACKOFF = 0.5
MAX_BACKOFF = 8.0
MAX_ADVISED_WAIT = 60.0

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
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        seconds = _number(retry_after)
        if seconds is not None:
            return seconds
        try:
            return max(0.0, parsedate_to_datetime(retry_after).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return _number(headers.get("x-ratelimit-reset")) if status == 429 else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def wait_before_retry(error: BaseException, failed_attempts: int) -> float:
    """Seconds to wait after ``failed_attempts`` attempts have failed with ``error``."""
    if isinstance(error, APIStatusError):
        advised = advised_wait(error.status_code, error.headers)
        if advised is not None:
            return min(advised, MAX_ADVISED_WAIT)
    ceiling = min(MAX_BACKOFF, INITIAL_BACKOFF * 2 ** (failed_attempts - 1))
    return random.uniform(0, ceiling)  # noqa: S311 - jitter, not cryptography
