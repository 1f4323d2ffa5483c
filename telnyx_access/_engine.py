"""The request engine: prepare a ``Call`` once, then attempt it until it succeeds or must stop.

It decides, from the request alone, whether a failure may be tried again; tenacity owns
the waits and the stopping; each attempt goes through the ``Transport``. Most calls
succeed at once, so the first attempt runs before any retry machinery is built (building
tenacity's loop costs about as much as a whole GET on loopback): only a failure worth
retrying starts the loop, which begins by replaying that failure as its attempt 1.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import Any, Protocol

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception
from yarl import URL

from . import _tracing
from ._config import ClientConfig
from ._converter import dumps
from ._encoding import encode_query, merge_extra, query_pairs
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    parse_error_details,
    status_error_class,
)
from ._logging import logger, redact_body, redact_headers
from ._pacing import Pacer, wait_within
from ._request import Call
from ._response import Reply, request_id
from ._retry import IDEMPOTENT_METHODS, advised_wait, should_retry
from ._transport import Prepared, Transport

__all__ = ["Engine", "prepare"]

_IDEMPOTENCY_KEY = "idempotency-key"


class Engine:
    """Sends calls for a client and the clients derived from it with ``with_options``."""

    def __init__(
        self, transport: Transport, *, pacing: bool, rate_limiter: RateLimiter | None
    ) -> None:
        self.transport = transport
        self.pacer = Pacer(pacing=pacing)
        self.rate_limiter = rate_limiter

    def send(
        self, config: ClientConfig, call: Call[Any], operation: str | None = None
    ) -> Coroutine[Any, Any, Reply]:
        """Send ``call``, retrying as the rules allow, and return the successful answer.

        ``operation`` names the call (``billing_groups.retrieve``) in its tracing span.
        A plain function that returns the coroutine to await: one frame less per call.

        Raises:
            APIStatusError: the last attempt got a non-2xx answer (a subclass per status).
            APIConnectionError: the last attempt could not connect or lost the connection.
            APITimeoutError: the last attempt timed out, or the deadline passed.
            ResponseTooLargeError: the body was larger than ``max_response_size``.
        """
        tracer = _tracing.tracer()
        if tracer is None:
            return self._send(config, call)
        return _tracing.traced(
            tracer,
            operation,
            call.method,
            call.template or call.path,  # a path without parameters is its own template
            lambda: self._send(config, call),
        )

    async def _send(self, config: ClientConfig, call: Call[Any]) -> Reply:
        request = prepare(config, call)
        options = call.options
        timeout = options.get("timeout", config.timeout)
        deadline = options.get("deadline", config.deadline)
        loop = asyncio.get_running_loop()
        deadline_at = None if deadline is None else loop.time() + deadline
        attempts = 1
        try:
            return await self._attempt(
                config, request, attempts, timeout=timeout, deadline_at=deadline_at
            )
        except Exception as error:
            if config.max_retries == 0 or not should_retry(error, request.idempotent):
                _count(error, attempts)
                raise
            last_failure: Exception = error

        def stop(state: RetryCallState) -> bool:
            if state.attempt_number > config.max_retries:
                return True
            return deadline_at is not None and loop.time() + state.upcoming_sleep >= deadline_at

        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda error: should_retry(error, request.idempotent)),
            wait=lambda state: config.backoff.wait(_failure(state), state.attempt_number),
            stop=stop,
            before_sleep=lambda state: _log_retry(request, state),
            # aiohttp runs on asyncio only; tenacity's default would ask sniffio, which
            # the caller's context (say, a blocking call from a trio program) can mislead.
            sleep=asyncio.sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    passed = deadline_at is not None and loop.time() >= deadline_at
                    if attempt.retry_state.attempt_number == 1 or passed:
                        # The first failure, replayed so that tenacity waits after it; or
                        # the deadline passed while waiting: the last failure stands.
                        raise last_failure
                    attempts += 1
                    try:
                        return await self._attempt(
                            config,
                            request,
                            attempts,
                            timeout=timeout,
                            deadline_at=deadline_at,
                        )
                    except Exception as error:
                        last_failure = error
                        raise
        except Exception as error:
            _count(error, attempts)
            raise
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _attempt(
        self,
        config: ClientConfig,
        request: Prepared,
        attempt: int,
        *,
        timeout: float,
        deadline_at: float | None,
    ) -> Reply:
        if self.rate_limiter is not None:
            await _acquire(self.rate_limiter, request, deadline_at)
        if not self.pacer.enter_now():
            await self.pacer.enter(request, deadline_at, config.backoff.max_advised_wait)
        if deadline_at is not None:  # what is left once any wait for the budget is over
            left = deadline_at - asyncio.get_running_loop().time()
            if left <= 0:  # aiohttp would read a timeout of 0 as none at all
                self.pacer.leave(None, None)
                raise APITimeoutError(
                    f"{request.method} {request.url.path}: the deadline passed before sending",
                    method=request.method,
                    url=str(request.url),
                    sent=False,
                )
            timeout = min(timeout, left)
        debug = request.debug
        if debug:
            logger.debug(
                "request %s %s attempt %d headers=%s body=%s",
                request.method,
                request.url,
                attempt,
                redact_headers(request.headers),
                request.log_body,
            )
        reply = None
        try:
            reply = await self.transport.send(
                request, timeout, config.max_response_size, attempt - 1
            )
        finally:
            if reply is None:
                self.pacer.leave(None, None)
            else:
                self.pacer.leave(reply.status_code, reply.headers)
        if debug:
            logger.debug(
                "response %s %s: %d (request id %s)",
                request.method,
                request.url.path,
                reply.status_code,
                request_id(reply.headers),
            )
        if 200 <= reply.status_code < 300:
            return reply
        raise status_error(reply)


class RateLimiter(Protocol):
    """What ``rate_limiter=`` takes: anything whose ``acquire()`` waits for room."""

    async def acquire(self) -> None:
        """Return once one more request may be sent."""


async def _acquire(limiter: RateLimiter, request: Prepared, deadline_at: float | None) -> None:
    """Wait for the ``rate_limiter``, within the deadline; its failures name the request."""
    try:
        await wait_within(limiter.acquire(), request, deadline_at)
    except APITimeoutError:
        raise
    except Exception as error:  # its storage (Redis, say) failed: nothing was sent
        raise APIConnectionError(
            f"{request.method} {request.url.path}: the rate_limiter failed: {type(error).__name__}",
            method=request.method,
            url=str(request.url),
            sent=False,
        ) from error


def prepare(config: ClientConfig, call: Call[Any]) -> Prepared:
    """The request as it goes on the wire, and whether it may be sent twice."""
    options: Mapping[str, Any] = call.options
    query = call.query
    if "extra_query" in options:
        query = merge_extra(query, options["extra_query"])
    url = config.base_url + call.path
    pairs = query_pairs(query) if query else None
    if pairs:
        url += "?" + encode_query(pairs)
    headers = {**config.base_headers, "Accept": call.accept}
    body = call.body
    if "extra_body" in options:
        body = merge_extra(body, options["extra_body"])
    data = None
    if body is not None:
        data = dumps(body)
        headers["Content-Type"] = "application/json"
    idempotency_key = options.get("idempotency_key")
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    if "extra_headers" in options:
        headers = _replace_headers(headers, options["extra_headers"])
    method = call.method
    debug = logger.isEnabledFor(logging.DEBUG)
    idempotent = method in IDEMPOTENT_METHODS or idempotency_key is not None
    if not idempotent and (config.default_headers or "extra_headers" in options):
        # The caller's own headers may carry a key, in any spelling.
        idempotent = any(name.lower() == _IDEMPOTENCY_KEY for name in headers)
    log_body = redact_body(body) if debug else None
    # Positional: a NamedTuple's keyword arguments cost more than the rest of this function.
    return Prepared(method, URL(url, encoded=True), headers, data, idempotent, log_body, debug)


def _replace_headers(headers: dict[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """``headers`` with ``extra`` laid over them; names match in any spelling."""
    replaced = {name.lower() for name in extra}
    merged = {name: value for name, value in headers.items() if name.lower() not in replaced}
    merged.update(extra)
    return merged


def status_error(reply: Reply) -> APIStatusError:
    """The exception for a non-2xx answer, with the request it answers."""
    headers = reply.headers
    body = reply.content.decode("utf-8", "replace")
    fields: dict[str, Any] = {
        "status_code": reply.status_code,
        "reason": reply.reason,
        "errors": parse_error_details(body),
        "request_id": request_id(headers),
        "headers": headers,
        "body": body,
        "method": reply.method,
        "url": str(reply.url),
    }
    cls = status_error_class(reply.status_code)
    if cls is RateLimitError:
        return RateLimitError(retry_after=advised_wait(reply.status_code, headers), **fields)
    return cls(**fields)


def _count(error: BaseException, attempts: int) -> None:
    """Record on the error how many attempts the call made."""
    if isinstance(error, (APIConnectionError, APIResponseValidationError, APIStatusError)):
        error.attempts = attempts


def _failure(state: RetryCallState) -> BaseException:
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    if error is None:  # pragma: no cover - tenacity only waits after a failure
        raise AssertionError("retry without a failure")
    return error


def _log_retry(request: Prepared, state: RetryCallState) -> None:
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
