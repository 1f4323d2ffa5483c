"""The two clients: ``AsyncTelnyxAccess`` and its blocking twin ``TelnyxAccess``.

Both get their resource attributes and settings from ``_Client``, declared once. The
blocking client wraps an async client that lives on a ``PortalThread``; none of its
methods is written out.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import aiohttp

from . import resources
from ._blocking import PortalThread
from ._config import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    ConnectionOptions,
    ConnectionSettings,
    check_bool,
    check_rate_limiter,
)
from ._engine import Engine, RateLimiter
from ._exceptions import TelnyxAccessError
from ._logging import configure_from_env
from ._models._base import RateLimit
from ._request import Call
from ._resource import Async, Binding, Blocking, M
from ._response import Reply
from ._retry import Backoff
from ._transport import CLOSED, Transport
from .resources._generic import Anything, Paginate, RawHatch, Request

if sys.version_info >= (3, 11):
    from typing import Self, Unpack
else:  # pragma: no cover
    from typing_extensions import Self, Unpack

__all__ = ["AsyncTelnyxAccess", "TelnyxAccess"]

T = TypeVar("T")

_RESOURCES = {
    "access_ip_address": "AccessIPAddressResource",
    "addresses": "Addresses",
    "authentication_providers": "AuthenticationProviders",
    "billing_groups": "BillingGroups",
    "integration_secrets": "IntegrationSecrets",
    "telephony_credentials": "TelephonyCredentials",
}
"""Each resource attribute of a client, and the name of its class in ``resources``."""


class _Client(Generic[M]):
    """What both clients share: the resource attributes and the settings they read.

    The async client holds ``_config`` and ``_engine``; the blocking one shares those of
    the async client it wraps.
    """

    _config: ClientConfig
    _engine: Engine
    _binding: Binding

    # Named through the lazy ``resources`` package, so that reading these hints (Sphinx
    # does) imports the resources then, and making a client does not.
    access_ip_address: resources.AccessIPAddressResource[M]
    addresses: resources.Addresses[M]
    authentication_providers: resources.AuthenticationProviders[M]
    billing_groups: resources.BillingGroups[M]
    integration_secrets: resources.IntegrationSecrets[M]
    telephony_credentials: resources.TelephonyCredentials[M]

    request: Request[M]
    """Call any other Telnyx v2 endpoint, with the decoded JSON or a ``cast_to`` model as
    the answer; the method of :class:`~telnyx_access.resources.Anything`."""
    paginate: Paginate[M]
    """List any other endpoint as a resource's ``list()`` does; the method of
    :class:`~telnyx_access.resources.Anything`."""
    with_raw_response: RawHatch[M]
    """``request`` and ``paginate`` answering with a ``RawResponse`` (a list's first page)."""

    def _attach(self, binding: Binding) -> None:
        # The descriptors pick the mode from the binding; the declarations above give
        # type checkers the mode of this client.
        self._binding = binding
        anything: Any = Anything(binding)
        self.request = anything.request
        self.paginate = anything.paginate
        self.with_raw_response = anything.with_raw_response

    if not TYPE_CHECKING:  # type checkers read the declarations above instead

        def __getattr__(self, name: str) -> Any:
            """Make a resource on its first use, then keep it as an attribute.

            Importing a resource makes its models' classes, which is most of what
            importing the package would otherwise cost.
            """
            resource_class = _RESOURCES.get(name)
            if resource_class is None:
                # Python's own error: the name is missing, or a property raised this one.
                return object.__getattribute__(self, name)
            resource = getattr(resources, resource_class)(self._binding)  # imported now
            # Threads reading it first at once all get the one kept.
            return self.__dict__.setdefault(name, resource)

    def __dir__(self) -> Iterable[str]:
        return sorted({*super().__dir__(), *_RESOURCES})

    @property
    def base_url(self) -> str:
        """Where requests go."""
        return self._config.base_url

    @property
    def timeout(self) -> float:
        """Seconds allowed for each attempt."""
        return self._config.timeout

    @property
    def deadline(self) -> float | None:
        """Seconds allowed for a whole call, or ``None`` for no limit."""
        return self._config.deadline

    @property
    def max_retries(self) -> int:
        """How many times a failed attempt may be retried."""
        return self._config.max_retries

    @property
    def max_response_size(self) -> int:
        """Bytes a response body may have after decompression."""
        return self._config.max_response_size

    @property
    def rate_limit(self) -> RateLimit | None:
        """The last ``x-ratelimit-*`` headers seen on this connection pool, if any."""
        return self._engine.pacer.rate_limit

    @property
    def is_closed(self) -> bool:
        """Whether the client was closed (it, or the one it derives from)."""
        raise NotImplementedError

    def with_options(
        self,
        *,
        timeout: float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
    ) -> Self:
        """A client with other settings that shares this one's connection pool.

        Arguments left as ``None`` keep this client's value. The blocking client's share
        its thread too. Closing the new client leaves what it shares open; closing this
        one closes it for both.
        """
        self._check_open()
        return self._derive(self._config.evolve(timeout, deadline, max_retries))

    def _derive(self, config: ClientConfig) -> Self:
        """A client of this kind on ``config``, sharing this one's pool (and thread)."""
        raise NotImplementedError

    def _check_open(self) -> None:
        if self.is_closed:
            raise TelnyxAccessError(CLOSED)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class AsyncTelnyxAccess(_Client[Async]):
    """The asyncio client.

    Use it as an async context manager, or call ``aclose()`` when done. Its aiohttp session
    is created on first use inside the running loop; a caller-owned ``session`` is used
    as given and never closed here.

    Args:
        api_key: the API key; defaults to the ``TELNYX_API_KEY`` environment variable.
        base_url: defaults to ``TELNYX_BASE_URL``, else ``https://api.telnyx.com/v2``.
            Plain ``http`` is refused unless the host is loopback.
        timeout: seconds allowed for each attempt.
        deadline: seconds allowed for a whole call, retries and waits included.
        max_retries: how many times a failed attempt may be retried (0 disables retries).
        default_headers: headers sent with every request (printable ASCII values).
        max_response_size: bytes a response body may have after decompression (16 MiB);
            a larger one raises ``ResponseTooLargeError``.
        pacing: once the server says the rate-limit budget is spent, hold requests back
            until it resets instead of drawing 429 answers.
        rate_limiter: an object whose ``async acquire()`` is awaited before every attempt,
            such as a ``SharedRateLimiter`` that processes share.
        backoff: waits between attempts; defaults to ``Backoff()``.
        session: an ``aiohttp.ClientSession`` to send requests on, owned by the caller.
            ``trust_env``, ``max_connections`` and ``trace_configs`` belong to a session
            and cannot be combined with it; ``proxy``, ``ssl`` and ``middlewares`` can.
        connection: the connection settings of ``ConnectionOptions``: ``proxy``,
            ``trust_env``, ``ssl``, ``max_connections``, ``middlewares``,
            ``trace_configs``.

    Raises:
        TelnyxAccessError: no API key was given or found in the environment.
        ValueError, TypeError: a setting is out of range or of the wrong type (the message
            names it), or ``TELNYX_LOG`` is neither ``info`` nor ``debug``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        pacing: bool = True,
        rate_limiter: RateLimiter | None = None,
        backoff: Backoff | None = None,
        session: aiohttp.ClientSession | None = None,
        **connection: Unpack[ConnectionOptions],
    ) -> None:
        configure_from_env()
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise TypeError(
                f"session must be an aiohttp.ClientSession, not {type(session).__name__}"
            )
        config = ClientConfig.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            max_response_size=max_response_size,
            default_headers=default_headers,
            backoff=backoff,
        )
        settings = ConnectionSettings.resolve(connection, session)
        engine = Engine(
            Transport(session, settings),
            pacing=check_bool("pacing", pacing),
            rate_limiter=check_rate_limiter(rate_limiter),
        )
        self._setup(config, engine, owns_engine=True)

    def _setup(self, config: ClientConfig, engine: Engine, *, owns_engine: bool) -> None:
        self._config = config
        self._engine = engine
        self._owns_engine = owns_engine
        self._closed = False
        self._attach(Binding(self._send))

    @property
    def is_closed(self) -> bool:
        """Whether ``aclose()`` was called (on this client, or on the one it derives from)."""
        return self._closed or self._engine.transport.closed

    def _derive(self, config: ClientConfig) -> Self:
        derived = object.__new__(type(self))
        derived._setup(config, self._engine, owns_engine=False)
        return derived

    async def aclose(self) -> None:
        """Close the client; its pool too, unless it came from ``with_options``."""
        self._closed = True
        if self._owns_engine:
            await self._engine.transport.aclose()

    async def __aenter__(self) -> Self:
        self._check_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _send(self, call: Call[Any], operation: str | None = None) -> Awaitable[Reply]:
        self._check_open()
        return self._engine.send(self._config, call, operation)


class TelnyxAccess(_Client[Blocking]):
    """The blocking client, for scripts and threads; same arguments as the async one.

    Every method runs its async twin on an event loop of this client's own thread, so it
    works from any thread, including one that already runs an event loop. Use it as a
    context manager or call ``close()``; a client dropped without either is closed when
    it is garbage-collected, with a ``ResourceWarning``. A client made before ``fork()``
    refuses to work in the child.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        pacing: bool = True,
        rate_limiter: RateLimiter | None = None,
        backoff: Backoff | None = None,
        **connection: Unpack[ConnectionOptions],
    ) -> None:
        inner = AsyncTelnyxAccess(
            api_key,
            base_url=base_url,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            default_headers=default_headers,
            max_response_size=max_response_size,
            pacing=pacing,
            rate_limiter=rate_limiter,
            backoff=backoff,
            **connection,
        )
        self._setup(inner, PortalThread(on_stop=inner.aclose), owns_portal=True)

    def _setup(self, inner: AsyncTelnyxAccess, portal: PortalThread, *, owns_portal: bool) -> None:
        self._inner = inner
        self._config = inner._config
        self._engine = inner._engine
        self._portal = portal
        self._owns_portal = owns_portal
        self._attach(Binding(inner._send, portal))

    @property
    def is_closed(self) -> bool:
        """Whether ``close()`` was called (on this client, or on the one it derives from)."""
        return self._inner.is_closed

    def _derive(self, config: ClientConfig) -> Self:
        derived = object.__new__(type(self))
        derived._setup(self._inner._derive(config), self._portal, owns_portal=False)
        return derived

    def close(self) -> None:
        """Close the client; its pool and thread too, unless it came from ``with_options``."""
        if self._owns_portal:
            self._portal.stop()
        self._inner._closed = True

    def __enter__(self) -> Self:
        self._check_open()
        self._portal.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
