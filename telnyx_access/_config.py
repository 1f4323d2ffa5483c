"""Client configuration: resolved once from arguments and the environment, then frozen."""

from __future__ import annotations

import inspect
import ipaddress
import math
import os
import platform
import re
from collections.abc import Mapping
from typing import Any

import attrs
from yarl import URL

from ._exceptions import TelnyxAccessError
from ._version import __version__

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024
API_KEY_ENV = "TELNYX_API_KEY"
BASE_URL_ENV = "TELNYX_BASE_URL"
USER_AGENT = f"telnyx-access/{__version__} Python/{platform.python_version()}"


@attrs.frozen(kw_only=True)
class ClientConfig:
    """Everything a client needs to send a request; the key is kept out of ``repr``."""

    api_key: str = attrs.field(repr=False)
    base_url: str
    timeout: float
    deadline: float | None
    max_retries: int
    max_response_size: int
    """Bytes a body may have after decompression."""
    default_headers: Mapping[str, str]
    base_headers: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)
    """Headers sent with every request, worked out once."""

    @base_headers.default
    def _base_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.api_key}",
            "User-Agent": USER_AGENT,
            **self.default_headers,
        }

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float,
        deadline: float | None,
        max_retries: int,
        max_response_size: int,
        default_headers: Mapping[str, str] | None,
    ) -> ClientConfig:
        """Fill gaps from the environment and refuse bad values, naming the parameter."""
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not key:
            raise TelnyxAccessError(
                f"no API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
            )
        if not isinstance(key, str):
            raise TypeError(f"api_key must be a str, not {type(key).__name__}")
        check_header_value("api_key", key)
        url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        return cls(
            api_key=key,
            base_url=check_base_url(url),
            timeout=check_seconds("timeout", timeout),
            deadline=None if deadline is None else check_seconds("deadline", deadline),
            max_retries=check_max_retries(max_retries),
            max_response_size=check_size("max_response_size", max_response_size),
            default_headers=check_headers("default_headers", default_headers or {}),
        )

    def evolve(
        self,
        *,
        timeout: float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
    ) -> ClientConfig:
        """A copy with the given settings replaced; ``None`` keeps the current value."""
        return attrs.evolve(
            self,
            timeout=self.timeout if timeout is None else check_seconds("timeout", timeout),
            deadline=self.deadline if deadline is None else check_seconds("deadline", deadline),
            max_retries=self.max_retries if max_retries is None else check_max_retries(max_retries),
        )


def check_base_url(url: str) -> str:
    """Accept HTTPS anywhere and plain HTTP only on loopback, where nothing can sniff it."""
    if not isinstance(url, str):
        raise TypeError(f"base_url must be a str, not {type(url).__name__}")
    try:
        parsed = URL(url)  # parsed as aiohttp will parse it when connecting
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise ValueError(f"base_url must be an http(s) URL with a host, got {url!r}")
    if parsed.scheme == "http" and not _is_loopback(parsed.raw_host):
        raise ValueError(
            f"base_url must use https unless its host is loopback, got {url!r}: "
            "the API key would travel in clear text"
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_seconds(name: str, value: float) -> float:
    """A positive, finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


def check_max_retries(value: int) -> int:
    """A whole number of retries, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_retries must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"max_retries must be 0 or more, got {value!r}")
    return value


def check_size(name: str, value: int) -> int:
    """A positive whole number of bytes."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int (bytes), not {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of bytes, got {value!r}")
    return value


def check_bool(name: str, value: bool) -> bool:
    """A ``bool`` (``1`` and ``"yes"`` are refused, not guessed at)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def check_rate_limiter(limiter: Any) -> Any:
    """``None``, or an object with an ``async def acquire()``."""
    acquire = getattr(limiter, "acquire", None)
    if limiter is not None and not inspect.iscoroutinefunction(acquire):
        raise ValueError(
            "rate_limiter must have an async acquire() method (such as a SharedRateLimiter), "
            f"got {type(limiter).__name__}"
        )
    return limiter


def check_headers(name: str, headers: Mapping[str, str]) -> dict[str, str]:
    """Header names as HTTP tokens and values as printable ASCII.

    So none is refused by aiohttp at send time, and none can smuggle another header.
    """
    if not isinstance(headers, Mapping):
        raise TypeError(f"{name} must be a mapping of header names to values")
    checked: dict[str, str] = {}
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"{name} must map str to str, got {key!r}: {type(value).__name__}")
        if not _TOKEN.fullmatch(key):
            raise ValueError(f"{name} has an invalid header name {key!r}")
        check_header_value(f"{name}[{key!r}]", value)
        checked[key] = value
    return checked


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP header name (RFC 9110, section 5.6.2)."""


def check_header_value(name: str, value: str) -> str:
    """Printable ASCII, tab allowed (RFC 9110).

    The value itself stays out of the message: it may be the key.
    """
    if not (value.isascii() and value.replace("\t", " ").isprintable()):
        raise ValueError(
            f"{name} must be printable ASCII (control characters and non-ASCII text "
            "cannot be sent in a header)"
        )
    return value
