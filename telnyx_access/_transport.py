"""The one request path: send a ``Call`` through aiohttp inside the tenacity retry loop.

Everything a request needs that does not depend on the call (the base headers) is worked
out once per client; everything that does (URL, body bytes) once per call, not per attempt.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeVar, cast

import aiohttp
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception
from yarl import URL

from ._config import ClientConfig
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    TelnyxAccessError,
    parse_error_details,
    status_error_class,
)
from ._logging import logger, redact_body, redact_headers
from ._models import RateLimit
from ._request import Call, PostOptions, encode_query, query_pairs
from ._response import RawResponse
from ._retry import advised_wait, is_idempotent, should_retry, wait_before_retry

T = TypeVar("T")

_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))
"""Built once: ``json.dumps`` with any argument builds a new encoder per call."""

POOL_LIMIT = 100
"""Connections open at once per client; further requests wait for a free one."""
CLOSED = "the client is closed"
CLOSED_IN_FLIGHT = "the client was closed while this request was in flight"


class _Prepared(NamedTuple):
    """A request ready to send, identical on every attempt (a tuple: cheap to build)."""

    method: str
    url: URL
    headers: dict[str, str]
    data: bytes | None
    log_body: Any

    def __repr__(self) -> str:  # the headers hold the API key, the body maybe a secret
        return f"_Prepared({self.method} {self.url})"


class Transport:
    """Owns the aiohttp session (or borrows the caller's) and sends calls on it.

    The session is created on first use inside the running event loop, which is the only
    loop it may be used from.
    """

    def __init__(self, session: aiohttp.ClientSession | None) -> None:
        self._session = session
        self._owns_session = session is None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.rate_limit: RateLimit | None = None

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
            session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=POOL_LIMIT))
            # aiohttp silently resends an idempotent request once when the connection
            # drops; our retry loop does that, counted and bounded by max_retries.
            session._retry_connection = False
            self._session, self._loop = session, loop
        elif self._loop is not None and self._loop is not loop:
            raise TelnyxAccessError(
                "the client was first used in another event loop; create one client per event loop"
            )
        return self._session

    async def send(self, config: ClientConfig, call: Call[T]) -> RawResponse[T]:
        """Send ``call``, retrying as the rules allow, and return the successful answer.

        Raises:
            APIStatusError: the last attempt got a non-2xx answer (a subclass per status).
            APIConnectionError: the last attempt could not connect or lost the connection.
            APITimeoutError: the last attempt timed out, or the deadline passed.
        """
        request = _prepare(config, call)
        options = call.options
        timeout = options.get("timeout", config.timeout)
        deadline = options.get("deadline", config.deadline)
        loop = asyncio.get_running_loop()
        deadline_at = None if deadline is None else loop.time() + deadline
        idempotent = is_idempotent(request.method, request.headers)

        def stop(state: RetryCallState) -> bool:
            if state.attempt_number > config.max_retries:
                return True
            return deadline_at is not None and loop.time() + state.upcoming_sleep >= deadline_at

        attempts = 1
        try:
            # Most calls succeed at once, so the first attempt runs before any retry
            # machinery is built; a failure worth retrying is handed to it as attempt 1.
            try:
                first = timeout if deadline is None else min(timeout, deadline)
                return await self._attempt(request, call, first, attempts)
            except (APIStatusError, asyncio.TimeoutError, aiohttp.ClientError) as error:
                if config.max_retries == 0 or not should_retry(error, idempotent):
                    raise
                last_error: BaseException = error
            retrying = AsyncRetrying(
                retry=retry_if_exception(lambda error: should_retry(error, idempotent)),
                wait=lambda state: wait_before_retry(_failure(state), state.attempt_number),
                stop=stop,
                before_sleep=lambda state: _log_retry(request, state),
                # aiohttp runs on asyncio only; tenacity's default would ask sniffio, which
                # the caller's context (say, a blocking call from a trio program) can mislead.
                sleep=asyncio.sleep,
                reraise=True,
            )
            async for attempt in retrying:
                with attempt:
                    remaining = timeout if deadline_at is None else deadline_at - loop.time()
                    if attempt.retry_state.attempt_number == 1 or remaining <= 0:
                        raise last_error  # the first failure, or a deadline that passed
                    attempts += 1
                    try:
                        return await self._attempt(request, call, min(timeout, remaining), attempts)
                    except Exception as error:
                        last_error = error
                        raise
        except APIStatusError as error:
            error.attempts = attempts
            raise
        except (asyncio.TimeoutError, aiohttp.ClientError) as error:
            if self.closed:
                raise TelnyxAccessError(CLOSED_IN_FLIGHT) from error
            if not isinstance(error, asyncio.TimeoutError):
                raise APIConnectionError(
                    f"{request.method} {request.url.path} failed: "
                    f"{type(error).__name__}: {error} ({_tries(attempts)})",
                    attempts=attempts,
                ) from error
            raise APITimeoutError(
                f"{request.method} {request.url.path} timed out "
                f"(timeout {timeout:g}s, deadline {deadline or 'none'}, {_tries(attempts)})",
                attempts=attempts,
            ) from error
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _attempt(
        self, request: _Prepared, call: Call[T], timeout: float, attempt: int
    ) -> RawResponse[T]:
        session = self._current_session()
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug(
                "request %s %s attempt %d headers=%s body=%s",
                request.method,
                request.url,
                attempt,
                redact_headers(request.headers),
                request.log_body,
            )
        async with session.request(
            request.method,
            request.url,
            data=request.data,
            headers=request.headers,
            allow_redirects=False,
            raise_for_status=False,  # a caller's session may set it; errors are mapped here
            timeout=_client_timeout(timeout),
        ) as response:
            content = await response.read()
        headers = response.headers
        self._note_rate_limit(headers)
        request_id = headers.get("x-request-id") or headers.get("request-id")
        if debug:
            logger.debug(
                "response %s %s: %d (request id %s)",
                request.method,
                request.url.path,
                response.status,
                request_id,
            )
        if 200 <= response.status < 300:
            return RawResponse(
                status_code=response.status,
                headers=headers,
                request_id=request_id,
                retries_taken=attempt - 1,
                content=content,
                parser=call.parse,
            )
        raise _status_error(response.status, response.reason or "", headers, content, request_id)

    def _note_rate_limit(self, headers: Mapping[str, str]) -> None:
        limit = headers.get("x-ratelimit-limit")
        remaining = headers.get("x-ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset")
        if limit is None and remaining is None and reset is None:
            return
        self.rate_limit = RateLimit(
            limit=_parse(int, limit), remaining=_parse(int, remaining), reset=_parse(float, reset)
        )


def _prepare(config: ClientConfig, call: Call[Any]) -> _Prepared:
    options = call.options
    query = query_pairs(call.query)
    if "extra_query" in options:
        query += query_pairs(options["extra_query"])
    url = config.base_url + call.path + ("?" + encode_query(query) if query else "")
    headers = {**config.base_headers, "Accept": call.accept}
    body = call.body
    if "extra_body" in options:
        body = {**(body or {}), **options["extra_body"]}
    data = None
    if body is not None:
        data = _COMPACT_JSON.encode(body).encode()
        headers["Content-Type"] = "application/json"
    idempotency_key = cast("PostOptions", options).get("idempotency_key")
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    if "extra_headers" in options:
        headers.update(options["extra_headers"])
    return _Prepared(
        method=call.method,
        url=URL(url, encoded=True),
        headers=headers,
        data=data,
        log_body=redact_body(body) if logger.isEnabledFor(logging.DEBUG) else None,
    )


@functools.lru_cache(maxsize=64)
def _client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """aiohttp's (immutable) timeout object, built once per number of seconds."""
    return aiohttp.ClientTimeout(total=seconds)


def _tries(attempts: int) -> str:
    return "1 attempt" if attempts == 1 else f"after {attempts} attempts"


def _failure(state: RetryCallState) -> BaseException:
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    if error is None:  # pragma: no cover - tenacity only waits after a failure
        raise AssertionError("retry without a failure")
    return error


def _log_retry(request: _Prepared, state: RetryCallState) -> None:
    logger.info(
        "retrying %s %s in %.2fs after attempt %d failed: %s",
        request.method,
        request.url.path,
        state.upcoming_sleep,
        state.attempt_number,
        _describe(_failure(state)),
    )


def _describe(error: BaseException) -> str:
    if isinstance(error, APIStatusError):
        return str(error.status_code)
    return type(error).__name__


def _status_error(
    status: int, reason: str, headers: Mapping[str, str], content: bytes, request_id: str | None
) -> APIStatusError:
    body = content.decode("utf-8", "replace")
    fields: dict[str, Any] = {
        "status_code": status,
        "reason": reason,
        "errors": parse_error_details(body),
        "request_id": request_id,
        "headers": headers,
        "body": body,
    }
    cls = status_error_class(status)
    if cls is RateLimitError:
        return RateLimitError(retry_after=advised_wait(status, headers), **fields)
    return cls(**fields)


def _parse(kind: type[int] | type[float], text: str | None) -> Any:
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        return None
