"""One HTTP attempt over aiohttp: the session, a bounded body, and aiohttp's failures mapped.

The engine (``_engine.py``) decides what to send and whether to try again; this layer sends
one prepared request and returns the answer or raises an SDK error. It never retries, and
it keeps aiohttp from doing so behind its back: aiohttp resends a GET, PUT or DELETE once
when a kept-alive connection drops, which would make the number of attempts depend on who
owns the session. A per-request middleware turns that drop into a failure aiohttp passes on.

The connection settings (``ConnectionSettings``) split the same way: ``proxy`` and ``ssl``
(when set) and the client's middlewares go with every request, so they apply on a caller's
session too (where aiohttp then leaves out the middlewares given to the session itself;
an unset ``proxy`` or ``ssl`` leaves the session's own in force); the pool size,
``trust_env`` and trace configs shape the session this layer creates.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, NamedTuple

import aiohttp
from yarl import URL

from ._config import ConnectionSettings
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ResponseTooLargeError,
    TelnyxAccessError,
)
from ._logging import without_credentials
from ._response import Reply, request_id

__all__ = ["CLOSED", "Prepared", "Transport"]

CLOSED = "the client is closed"
CLOSED_IN_FLIGHT = "the client was closed while this request was in flight"


class Prepared(NamedTuple):
    """A request ready to send, identical on every attempt (a tuple: cheap to build)."""

    method: str
    url: URL
    headers: dict[str, str]
    data: bytes | None
    idempotent: bool
    """Whether sending it twice cannot do its work twice: decided once, from the request."""
    log_body: Any
    debug: bool = False
    """Whether DEBUG logging was on when the request was prepared."""

    def __repr__(self) -> str:  # the headers hold the API key, the body maybe a secret
        return f"Prepared({self.method} {self.url})"


class Transport:
    """Owns the aiohttp session (or borrows the caller's) and makes single attempts on it.

    The session is created on first use inside the running event loop, which is the only
    loop it may be used from.
    """

    def __init__(self, session: aiohttp.ClientSession | None, settings: ConnectionSettings) -> None:
        self._session = session
        self._owns_session = session is None
        self._settings = settings
        # The SDK's middleware first, so that it sees what the caller's let through.
        self._per_request: dict[str, Any] = {
            "middlewares": (_no_silent_resend, *settings.middlewares)
        }
        # aiohttp's own defaults need not be passed: each keyword costs every request.
        if settings.proxy is not None:
            self._per_request["proxy"] = settings.proxy
        if settings.ssl is not True:
            self._per_request["ssl"] = settings.ssl
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    async def aclose(self) -> None:
        """Close the session if it is ours; a caller-owned session is left open."""
        self.closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session:
            await session.close()

    def _current_session(self) -> aiohttp.ClientSession:
        if self.closed:
            raise TelnyxAccessError(CLOSED)
        loop = asyncio.get_running_loop()
        if self._session is None:
            settings = self._settings
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=settings.max_connections),
                trust_env=settings.trust_env,
                trace_configs=list(settings.trace_configs) or None,
            )
            self._loop = loop
        elif self._loop is None:
            self._loop = loop  # a caller's session: it belongs to the loop of its first use
        elif self._loop is not loop:
            raise TelnyxAccessError(
                "the client was first used in another event loop; create one client per event loop"
            )
        return self._session

    async def send(self, request: Prepared, timeout: float, max_size: int, retries: int) -> Reply:
        """Make one attempt and return what the server answered, whatever its status.

        ``retries`` (the attempts that failed before this one) goes into the ``Reply``.

        Raises:
            APITimeoutError: the attempt took longer than ``timeout`` (body included).
            APIConnectionError: the connection could not be opened, or dropped.
            ResponseTooLargeError: the body grew past ``max_size`` bytes.
            TelnyxAccessError: the client is closed, or was closed during the attempt.
        """
        session = self._current_session()
        try:
            async with session.request(
                request.method,
                request.url,
                data=request.data,
                headers=request.headers,
                allow_redirects=False,
                raise_for_status=False,  # a caller's session may set it; the engine maps statuses
                timeout=_client_timeout(timeout),
                **self._per_request,
            ) as response:
                length = response.content_length
                if length is not None and length <= max_size and _plain(response):
                    content = await response.read()  # the common case, without a coroutine
                else:
                    content = await _read_body(response, max_size, request)
                return Reply(
                    response.status,
                    response.reason or "",
                    response.headers,
                    content,
                    retries,
                    request.method,
                    request.url,
                )
        except (asyncio.TimeoutError, aiohttp.ClientError, _Dropped) as error:
            cause = _cause(error)
            # An answer aiohttp refused carries the request, with its secret headers.
            hidden = isinstance(cause, aiohttp.ClientResponseError)
            raise self._failure(error, request, timeout) from None if hidden else cause

    def _failure(self, error: BaseException, request: Prepared, timeout: float) -> Exception:
        """The SDK's error for an aiohttp failure: the one place that knows aiohttp's."""
        if self.closed:
            return TelnyxAccessError(CLOSED_IN_FLIGHT)
        error = _cause(error)
        what = f"{request.method} {request.url.path}"
        cls, sent, transient = APIConnectionError, True, True
        if isinstance(error, aiohttp.ConnectionTimeoutError):
            cls, sent, message = APITimeoutError, False, f"{what}: connecting timed out"
        elif isinstance(error, asyncio.TimeoutError):
            cls, message = APITimeoutError, f"{what} timed out"
        else:
            message = f"{what} failed: {type(error).__name__}: {_words(error)}"
            sent = not isinstance(error, aiohttp.ClientConnectorError)
            transient = not isinstance(error, _LASTING_FAILURES)
        if cls is APITimeoutError:
            message += f" after {timeout:g}s"
        mapped = cls(message, method=request.method, url=str(request.url), sent=sent)
        mapped._transient = transient
        return mapped


def _words(error: BaseException) -> str:
    """What aiohttp said, without what its messages may carry of a secret.

    An answer it refused (say, a proxy's 407) is named by status and reason: its text holds
    the request, proxy credentials included. Any other text loses the user and password
    of the URLs in it.
    """
    if isinstance(error, aiohttp.ClientResponseError):
        return f"{error.status} {error.message}"
    return without_credentials(str(error))


_LASTING_FAILURES = (
    aiohttp.ClientSSLError,
    aiohttp.ServerFingerprintMismatch,
    aiohttp.ClientResponseError,
)
"""Failures that trying again cannot mend: a certificate refused now is refused again,
and an answer aiohttp could not parse is no passing fault (a dropped connection may be)."""


class _Dropped(Exception):
    """A dropped connection, carried past aiohttp's resend of idempotent requests."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


def _cause(error: BaseException) -> BaseException:
    return error.error if isinstance(error, _Dropped) else error


async def _no_silent_resend(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """Pass a dropped connection on as a failure aiohttp does not resend.

    The engine counts and bounds every attempt (``max_retries``); aiohttp's own single
    resend would be one it cannot see, and one only some sessions make.
    """
    try:
        return await handler(request)
    except aiohttp.ClientConnectorError:
        raise  # never sent: aiohttp does not resend these either
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as error:
        raise _Dropped(error) from error


async def _read_body(response: aiohttp.ClientResponse, max_size: int, request: Prepared) -> bytes:
    """A body of unknown, encoded or excessive length, read as it arrives and cut at ``max_size``.

    aiohttp inflates compressed bodies a bounded piece at a time as they are read, so
    memory stays near ``max_size`` whatever the compression ratio; every read waits under
    the attempt's timeout. A successful answer that is too large is refused; an error
    answer keeps its first ``max_size`` bytes, so that its status still decides.
    """
    refuse = 200 <= response.status < 300
    length = response.content_length
    if refuse and length is not None and length > max_size and _plain(response):
        raise _too_large(response, max_size, request)  # known before reading a byte
    stream = response.content
    chunks: list[bytes] = []
    size = 0
    while chunk := await stream.readany():
        size += len(chunk)
        chunks.append(chunk)
        if size > max_size:
            if refuse:
                raise _too_large(response, max_size, request)
            response.close()  # the rest is never read: the connection cannot be reused
            return b"".join(chunks)[:max_size]
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _plain(response: aiohttp.ClientResponse) -> bool:
    """Whether the body is sent as is, so that its length is what aiohttp reads."""
    return "Content-Encoding" not in response.headers


def _too_large(
    response: aiohttp.ClientResponse, max_size: int, request: Prepared
) -> ResponseTooLargeError:
    response.close()  # the rest is never read: the connection cannot be reused
    return ResponseTooLargeError(
        f"{request.method} {request.url.path}: the {response.status} answer's body is larger "
        f"than max_response_size ({max_size:,} bytes); reading stopped there",
        status_code=response.status,
        body="",
        headers=response.headers,
        request_id=request_id(response.headers),
        method=request.method,
        url=str(request.url),
    )


@functools.lru_cache(maxsize=64)
def _client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """aiohttp's (immutable) timeout object, built once per number of seconds."""
    return aiohttp.ClientTimeout(total=seconds)
