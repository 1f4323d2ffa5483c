"""The per-call options every method takes, and their checks (before anything is sent)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from ._config import check_header_value, check_headers, check_seconds

__all__ = ["ListOptions", "PostOptions", "RequestOptions", "check_options"]


class RequestOptions(TypedDict, total=False):
    """Per-call settings every method accepts as keyword arguments."""

    extra_headers: Mapping[str, str]
    """Headers added to (or replacing) the ones the SDK sends."""
    extra_query: Mapping[str, Any]
    """Query parameters added to the request, serialised deepObject-style."""
    extra_body: Mapping[str, Any]
    """JSON fields merged into the request body."""
    timeout: float
    """Seconds per attempt, instead of the client's ``timeout``."""
    deadline: float
    """Seconds for the whole call including retries, instead of the client's ``deadline``."""


class PostOptions(RequestOptions, total=False):
    """Options of methods that create: an idempotency key makes them safe to retry."""

    idempotency_key: str | None
    """Sent as ``Idempotency-Key`` on every attempt; lets 5xx and timeouts be retried."""


class ListOptions(RequestOptions, total=False):
    """Options of list methods."""

    prefetch: int
    """Pages fetched ahead of the one being read while walking a list of known length (one
    at first, doubling as the walk goes on, up to this many; default 8, 0..32); 0 fetches
    each page only when it is needed."""


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)
_POST_OPTION_NAMES = _OPTION_NAMES | {"idempotency_key"}


def check_options(method: str, options: Mapping[str, Any]) -> None:
    """Refuse unknown or ill-typed per-call options before anything is sent."""
    allowed = _POST_OPTION_NAMES if method == "POST" else _OPTION_NAMES
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    for name in ("timeout", "deadline"):
        if name in options:
            check_seconds(name, options[name])
    if "extra_headers" in options:
        check_headers("extra_headers", options["extra_headers"])
    for name in ("extra_query", "extra_body"):
        if name in options and not isinstance(options[name], Mapping):
            raise TypeError(f"{name} must be a mapping")
    key = options.get("idempotency_key")
    if key is not None:
        if not isinstance(key, str) or not key.strip():
            raise ValueError("idempotency_key must be a non-empty str")
        check_header_value("idempotency_key", key)
