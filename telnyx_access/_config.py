"""Client configuration: resolved once from arguments and the environment, then frozen."""

from __future__ import annotations

import inspect
import ipaddress
import math
import os
import platform
import re
import ssl as _ssl
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict, TypeVar

import aiohttp
import attrs
from yarl import URL

from . import _retry
from ._exceptions import TelnyxAccessError
from ._logging import redact_url
from ._retry import Backoff
from ._version import __version__

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024
DEFAULT_MAX_CONNECTIONS = 100
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
    backoff: Backoff
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
        backoff: Backoff | None,
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
            max_retries=check_count("max_retries", max_retries, 0),
            max_response_size=check_size("max_response_size", max_response_size),
            default_headers=check_headers("default_headers", default_headers or {}),
            backoff=check_backoff(backoff),
        )

    def evolve(
        self, timeout: float | None, deadline: float | None, max_retries: int | None
    ) -> ClientConfig:
        """A copy with the given settings replaced; ``None`` keeps the current value."""
        return attrs.evolve(
            self,
            timeout=self.timeout if timeout is None else check_seconds("timeout", timeout),
            deadline=self.deadline if deadline is None else check_seconds("deadline", deadline),
            max_retries=self.max_retries
            if max_retries is None
            else check_count("max_retries", max_retries, 0),
        )


def check_backoff(backoff: Backoff | None) -> Backoff:
    """The given ``Backoff``, or the default one as it is now (tests shorten it)."""
    if backoff is None:
        return _retry.DEFAULT_BACKOFF
    if not isinstance(backoff, Backoff):
        raise TypeError(f"backoff must be a telnyx_access.Backoff, not {type(backoff).__name__}")
    return backoff


class ConnectionOptions(TypedDict, total=False):
    """Connection settings: keyword arguments of both clients' constructors.

    Each is checked by the constructor, which raises ``ValueError`` or ``TypeError``
    naming it. See the guide "Networks and observability" for examples.
    """

    proxy: str | URL | None
    """An ``http://`` or ``https://`` proxy for every request (default ``None``). User
    name and password in it are sent to the proxy, and kept out of reprs, logs and errors."""
    trust_env: bool
    """Take the proxy from ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` when ``proxy`` is
    not given, and credentials from netrc, as aiohttp does (default ``False``)."""
    ssl: bool | _ssl.SSLContext
    """``True`` verifies with the system's CAs (the default), an ``ssl.SSLContext``
    verifies as it says (a corporate CA, say), ``False`` does not verify."""
    max_connections: int
    """Connections open at once (default 100); further requests wait for one."""
    middlewares: Sequence[aiohttp.ClientMiddlewareType] | None
    """aiohttp client middlewares, run on every attempt after the SDK's own."""
    trace_configs: Sequence[aiohttp.TraceConfig] | None
    """aiohttp ``TraceConfig`` objects, e.g. OpenTelemetry's aiohttp instrumentation."""


_SESSION_SETTINGS = ("trust_env", "max_connections", "trace_configs")
"""The settings that shape an aiohttp session: a caller's session has its own."""


@attrs.frozen(kw_only=True)
class ConnectionSettings:
    """How the connection pool reaches the server; shared by ``with_options`` clients.

    ``proxy`` and ``ssl`` (when set) and ``middlewares`` are passed with every request, so
    they work on a caller's session too; the others shape the session the SDK creates.
    """

    proxy: URL | None = attrs.field(default=None, repr=lambda url: repr(redact_url(url)))
    """Credentials included: aiohttp takes them from the URL; they are kept out of reprs."""
    trust_env: bool = False
    ssl: bool | _ssl.SSLContext = True
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    middlewares: tuple[aiohttp.ClientMiddlewareType, ...] = ()
    trace_configs: tuple[aiohttp.TraceConfig, ...] = ()

    @classmethod
    def resolve(
        cls, options: ConnectionOptions, session: aiohttp.ClientSession | None
    ) -> ConnectionSettings:
        """Refuse unknown names and bad values, and session settings next to a session."""
        unknown = sorted(set(options) - set(_CHECKS))
        if unknown:
            raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
        settings = cls(**{name: _CHECKS[name](value) for name, value in options.items()})
        if session is not None:
            given = [name for name in _SESSION_SETTINGS if name in options]
            if given:
                raise ValueError(
                    f"{', '.join(given)} cannot be combined with session=: they belong to "
                    "the aiohttp.ClientSession, so set them where the session is created"
                )
        return settings


def check_proxy(proxy: str | URL) -> URL:
    """An http(s) URL with a host; the value stays out of messages (it may hold a password)."""
    if not isinstance(proxy, (str, URL)):
        raise TypeError(f"proxy must be a str or a yarl.URL, not {type(proxy).__name__}")
    try:
        url = URL(proxy)
    except ValueError:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.raw_host:
        raise ValueError(
            "proxy must be an http:// or https:// URL with a host, such as "
            "http://proxy.internal:3128 (the value given is not shown: it may hold a password)"
        )
    return url


def _sequence_of(
    name: str, items: Sequence[T] | None, accept: Callable[[object], bool], what: str
) -> tuple[T, ...]:
    """``items`` as a tuple, each accepted; one item alone is refused, not iterated."""
    if items is None:
        return ()
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise TypeError(f"{name} must be a sequence of {what}")
    checked = tuple(items)
    if not all(accept(item) for item in checked):
        raise TypeError(f"{name} must be a sequence of {what}")
    return checked


def _check_ssl(value: object) -> bool | _ssl.SSLContext:
    if not isinstance(value, (bool, _ssl.SSLContext)):
        raise TypeError(f"ssl must be True, False or an ssl.SSLContext, not {value!r}")
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "proxy": lambda value: None if value is None else check_proxy(value),
    "trust_env": lambda value: check_bool("trust_env", value),
    "ssl": _check_ssl,
    "max_connections": lambda value: check_count("max_connections", value, 1),
    "middlewares": lambda value: _sequence_of("middlewares", value, callable, "callables"),
    "trace_configs": lambda value: _sequence_of(
        "trace_configs",
        value,
        lambda item: isinstance(item, aiohttp.TraceConfig),
        "aiohttp.TraceConfig objects",
    ),
}
"""How each of ``ConnectionOptions`` is checked, and turned into its stored form."""


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


def check_count(name: str, value: int, minimum: int) -> int:
    """A whole number, ``minimum`` or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be {minimum} or more, got {value!r}")
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
