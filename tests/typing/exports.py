"""Checked by mypy --strict, never run: the package's names reach users with their types.

They are imported lazily at run time; type checkers see them through the explicit
re-exports in ``__init__``, which also keep every other name of it private.
"""

from __future__ import annotations

from typing_extensions import assert_type

import telnyx_access
import telnyx_access.resources
import telnyx_access.testing
from telnyx_access import (
    APIStatusError,
    ConnectionOptions,
    ErrorDetail,
    ListOptions,
    PageMeta,
    RateLimiter,
    SharedRateLimiter,
    __version__,
)


def names_from_each_module(
    error: APIStatusError, options: ConnectionOptions, listing: ListOptions, meta: PageMeta
) -> None:
    """Exceptions, settings and models keep their attributes' types."""
    assert_type(error.status_code, int)
    assert_type(error.errors, list[ErrorDetail])
    assert_type(options.get("max_connections"), int | None)
    assert_type(listing.get("prefetch"), int | None)
    assert_type(meta.total_pages, int | None)
    assert_type(__version__, str)
    assert_type(telnyx_access.NotFoundError, type[telnyx_access.NotFoundError])


async def limiters(shared: SharedRateLimiter) -> None:
    """A SharedRateLimiter is a RateLimiter."""
    limiter: RateLimiter = shared
    assert_type(await limiter.acquire(), None)


def private_names() -> None:
    """What ``__init__`` imports for itself is not exported."""
    print(telnyx_access.lazy_exports)  # type: ignore[attr-defined]
    print(telnyx_access.TYPE_CHECKING)  # type: ignore[attr-defined]


def unknown_names() -> None:
    """A name no lazily loaded package lists is an error, as in any module."""
    print(telnyx_access.BilingGroup)  # type: ignore[attr-defined]
    print(telnyx_access.resources.BillingGroup)  # type: ignore[attr-defined]
    print(telnyx_access.testing.FakeTelnyxx)  # type: ignore[attr-defined]
