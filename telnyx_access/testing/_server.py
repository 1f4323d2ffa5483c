"""``FakeTelnyx``: the fake API served over HTTP, with fault injection and a request log."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import attrs
from aiohttp import web
from multidict import CIMultiDict

from ._api import ROUTES, FakeAPI, Handler, Rejection
from ._exchanges import Exchange, ExchangeHook, RecordedRequest, observers
from ._ratelimit import RateLimitRule, RateWindow, as_rule
from ._samples import seed_sample_data

__all__ = ["FakeTelnyx", "Fault"]

_START_TIMEOUT = 10.0

MAX_RECORDED = 10_000
"""How many requests an in-process fake keeps by default: every request of any test, while a
fake that lives for a whole session (or a load test) cannot grow without bound."""

NOMINAL_RATE_LIMIT = RateLimitRule(limit=1_000_000, window=60.0)
"""What the headers report when no rate limit is enforced: a budget no test spends, so a
client that paces itself by the headers never waits on a fake that refuses nothing."""


@attrs.define(kw_only=True)
class Fault:
    """A planned misbehaviour for the next ``times`` matching requests.

    Attributes:
        status: answer with this status instead of handling the request (``None``: handle
            it normally, after ``delay``, possibly ``truncated``).
        headers: extra response headers, e.g. ``{"Retry-After": "1"}``.
        body: the body to answer with: ``str`` or ``bytes`` as is, anything else as JSON.
        delay: seconds to wait before answering.
        drop: close the connection instead of answering.
        truncate: send the headers and half the body, then close the connection.
        method: only requests with this method (any when ``None``).
        path: only requests whose path after ``/v2`` matches this regular expression.
        times: how many requests it applies to; counts down as it is used.
    """

    status: int | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: Any = None
    delay: float = 0.0
    drop: bool = False
    truncate: bool = False
    method: str | None = None
    path: str | None = None
    times: int = 1

    def matches(self, request: RecordedRequest) -> bool:
        """Whether this fault applies to ``request``."""
        if self.times <= 0 or (self.method is not None and self.method != request.method):
            return False
        local = request.path.removeprefix("/v2")
        return self.path is None or re.fullmatch(self.path, local) is not None


class FakeTelnyx:
    """A stateful fake of Telnyx's account-access API on 127.0.0.1, for tests.

    Use ``async with FakeTelnyx() as fake:`` inside an event loop, or
    ``with FakeTelnyx() as fake:`` to run it on its own thread. Point a client at
    ``fake.base_url`` with ``fake.api_key``; requests without that key get a 401.

    Args:
        api_key: the bearer key the fake accepts.
        host: the address to listen on.
        port: the port to listen on (0 picks a free one).
        seed: start with sample data (``seed()`` adds it later).
        max_recorded: how many of the latest requests (and exchanges) to keep; older ones
            are dropped. The default, 10,000, holds all of any one test's requests while
            keeping a session-long fake bounded; the standalone server keeps 1,000.
            ``None`` keeps all. ``received`` counts them all either way.
        rate_limit: enforce this limit, a ``RateLimitRule`` or text such as
            ``"100/second"``: requests past the budget of a window get a 429 with Telnyx's
            error code 10011. ``None`` never limits, and reports a nominal 1000 requests
            a minute in the headers.

    Every answer carries ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and
    ``x-ratelimit-reset`` (seconds until the window starts over, rounded up to the ms).

    Attributes:
        received: every request that arrived, recorded or not.
        served: requests that were answered by the API (not refused for the key or the
            rate limit, nor answered by a fault); each used the rate limit's budget.
        rate_limited: requests refused with a 429 because the window's budget was spent.
        exchange_hooks: functions called with each ``Exchange`` of this fake, on the thread
            that serves it. It starts with the hooks of the ``observe_exchanges`` blocks
            the fake was created in; append to it to watch this fake alone.
    """

    def __init__(
        self,
        api_key: str = "test-key",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: bool = False,
        max_recorded: int | None = MAX_RECORDED,
        rate_limit: RateLimitRule | str | None = None,
    ) -> None:
        if max_recorded is not None:
            if isinstance(max_recorded, bool) or not isinstance(max_recorded, int):
                kind = type(max_recorded).__name__
                raise TypeError(f"max_recorded must be an int or None, not {kind}")
            if max_recorded < 0:
                raise ValueError(f"max_recorded must be at least 0, not {max_recorded}")
        self.api_key = api_key
        self.host = host
        self.port = port
        self.api = FakeAPI()
        self.exchange_hooks: list[ExchangeHook] = observers()
        self.max_recorded = max_recorded
        self.rate_limit = as_rule(rate_limit)
        self.received = 0
        self.served = 0
        self.rate_limited = 0
        self._requests: deque[RecordedRequest] = deque(maxlen=max_recorded)
        self._exchanges: deque[Exchange] = deque(maxlen=max_recorded)
        self._window = RateWindow(self.rate_limit or NOMINAL_RATE_LIMIT)
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        if seed:
            self.seed()

    @property
    def requests(self) -> list[RecordedRequest]:
        """The latest requests (at most ``max_recorded``), oldest first; a copy."""
        return list(self._requests)

    @property
    def exchanges(self) -> list[Exchange]:
        """The latest requests with the answers they got (at most ``max_recorded``); a copy."""
        return list(self._exchanges)

    @property
    def base_url(self) -> str:
        """The URL to give clients, ending in ``/v2`` like the real API's."""
        if self._runner is None:
            raise RuntimeError("the fake is not running: use it with `with` or `async with`")
        return f"http://{self.host}:{self.port}/v2"

    def seed(self) -> None:
        """Add sample data: addresses, billing groups, providers, secrets and more."""
        seed_sample_data(self.api)

    def inject(
        self,
        status: int | None = None,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        delay: float = 0.0,
        drop: bool = False,
        truncate: bool = False,
    ) -> Fault:
        """Make the next ``times`` matching requests misbehave; see ``Fault``."""
        fault = Fault(
            status=status,
            times=times,
            method=method,
            path=path,
            headers=dict(headers or {}),
            body=body,
            delay=delay,
            drop=drop,
            truncate=truncate,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Forget every fault not yet used up."""
        with self._lock:
            self._faults.clear()

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many recorded requests match ``method`` and the ``path`` regex (all: ``received``).

        It counts a copy: the fake's thread may record more meanwhile, and a deque being
        appended to cannot be iterated.
        """
        probe = Fault(method=method, path=path)
        return sum(1 for request in self.requests if probe.matches(request))

    async def start(self) -> None:
        """Start serving in the running event loop."""
        app = web.Application(middlewares=[self._middleware])
        api = self.api
        for method, path, handler in ROUTES:
            app.router.add_route(method, "/v2" + path, _bind(api, handler))
        runner = web.AppRunner(
            app,
            handle_signals=False,
            access_log=None,
            shutdown_timeout=0.5,
            handler_cancellation=True,
        )
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self.port = runner.addresses[0][1]
        self._runner = runner

    async def stop(self) -> None:
        """Stop serving."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeTelnyx:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def __enter__(self) -> FakeTelnyx:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="fake-telnyx", daemon=True)
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(_START_TIMEOUT)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(_START_TIMEOUT)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_START_TIMEOUT)
            loop.close()
            self._loop = self._thread = None

    def __repr__(self) -> str:
        where = f"{self.host}:{self.port}" if self._runner is not None else "not running"
        return f"<FakeTelnyx {where}, {self.received} requests>"

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        recorded = RecordedRequest(
            method=request.method,
            path=request.path,
            raw_path=request.raw_path.partition("?")[0],
            query=tuple(request.query.items()),
            raw_query=request.rel_url.raw_query_string,
            headers=dict(request.headers),
            body=await request.read(),
        )
        self.received += 1
        self._requests.append(recorded)
        fault = self._take_fault(recorded)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.drop:
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=499)
        if fault is not None and fault.status is not None:
            response = _fault_response(fault)
        else:
            response = await self._answer(request, handler)
        response.headers["x-request-id"] = str(uuid.uuid4())
        response.headers.update(self._window.headers())
        if fault is not None:  # a fault's own headers win, rate-limit ones included
            response.headers.update(fault.headers)
        if fault is not None and fault.truncate:
            return await _truncated(request, response)
        body = response.body if isinstance(response.body, bytes) else b""
        exchange = Exchange(
            request=recorded,
            status=response.status,
            headers=dict(response.headers),
            body=body,
            injected=fault is not None,
        )
        self._exchanges.append(exchange)
        for hook in self.exchange_hooks:
            hook(exchange)
        return response

    async def _answer(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            detail = "The API key is missing or wrong."
            return Rejection(401, "Authentication failed", detail, code="10009").response()
        if not self._window.admit() and self.rate_limit is not None:
            self.rate_limited += 1
            detail = f"The rate limit of {self.rate_limit} is used up."
            return Rejection(429, "Too many requests", detail, code="10011").response()
        self.served += 1
        try:
            response: web.Response = await handler(request)
        except Rejection as rejection:
            return rejection.response()
        except web.HTTPException as error:  # unknown path or method
            # Billing-group errors carry integer codes, also for paths the router refuses.
            billing = request.path.startswith("/v2/billing_groups")
            code: int | str = 10005 if billing else "10005"
            return web.json_response(
                {"errors": [{"code": code, "title": error.reason, "detail": request.path}]},
                status=error.status,
            )
        return response

    def _take_fault(self, request: RecordedRequest) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(request):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None


def _bind(api: FakeAPI, handler: Handler) -> Callable[[web.Request], Any]:
    async def handle(request: web.Request) -> web.Response:
        return await handler(api, request)

    return handle


def _fault_response(fault: Fault) -> web.Response:
    assert fault.status is not None  # noqa: S101 - only called for status faults
    body = fault.body
    if body is None:
        return web.Response(status=fault.status, headers=fault.headers)
    if isinstance(body, (str, bytes)):
        data = body.encode() if isinstance(body, str) else body
        guessed = "text/html" if data.lstrip().startswith(b"<") else "text/plain"
    else:
        data = json.dumps(body).encode()
        guessed = "application/json"
    headers = CIMultiDict({"Content-Type": guessed})
    headers.update(fault.headers)
    return web.Response(status=fault.status, body=data, headers=headers)


async def _truncated(request: web.Request, response: web.Response) -> web.StreamResponse:
    body = response.body if isinstance(response.body, bytes) else b""
    stream = web.StreamResponse(status=response.status, headers=response.headers)
    stream.content_length = len(body) + 1 if len(body) < 2 else len(body)
    await stream.prepare(request)
    await stream.write(body[: len(body) // 2])
    if request.transport is not None:
        request.transport.close()
    return stream
