"""A scriptable HTTP server on 127.0.0.1 for the tests, running on its own thread.

Each test says how the server answers (``server.on(...)``) and then reads what it
received (``server.requests``). It runs on its own event loop so that blocking clients
can be tested from the test's thread without deadlocking.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any

import attrs
from aiohttp import web

API_KEY = "test-key-0123456789"


@attrs.frozen(kw_only=True)
class Received:
    """One request as the server saw it; ``path`` and ``query`` are still percent-encoded."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


@attrs.frozen(kw_only=True)
class Reply:
    """How to answer one request."""

    status: int = 200
    json: Any = None
    text: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: bool = False
    """Close the connection instead of answering."""


Handler = Callable[[Received], Reply]


class LocalServer:
    """Answers from rules added with ``on``; anything unmatched gets a 404."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._rules: list[tuple[str, re.Pattern[str], Handler]] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """The URL clients should use, ending in ``/v2`` like the real API."""
        return f"http://127.0.0.1:{self.port}/v2"

    def on(self, method: str, path: str, *replies: Reply | Handler) -> None:
        """Answer ``method path`` with ``replies`` in turn; the last one keeps answering.

        ``path`` is a regular expression matched against the encoded path after ``/v2``.
        """
        pattern = re.compile(path + r"\Z")
        answers = itertools.chain(replies[:-1], itertools.repeat(replies[-1]))

        def handler(received: Received) -> Reply:
            answer = next(answers)
            return answer if isinstance(answer, Reply) else answer(received)

        self._rules.insert(0, (method, pattern, handler))

    def count(self, method: str, path: str) -> int:
        """How many requests matched ``method`` and the exact encoded ``path``."""
        return sum(1 for r in self.requests if r.method == method and r.path == "/v2" + path)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", r"/{tail:[\s\S]*}", self._handle)
        self._runner = web.AppRunner(
            app, handle_signals=False, shutdown_timeout=0.5, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path, _, query = request.raw_path.partition("?")
        received = Received(
            method=request.method,
            path=path,
            query=query,
            headers=dict(request.headers),
            body=await request.read(),
        )
        self.requests.append(received)
        local = path.removeprefix("/v2")
        for method, pattern, handler in self._rules:
            if method == request.method and pattern.match(local):
                reply = handler(received)
                break
        else:
            reply = Reply(status=404, json={"errors": [{"code": "10005", "title": "Not found"}]})
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if reply.json is not None:
            return web.json_response(reply.json, status=reply.status, headers=reply.headers)
        return web.Response(status=reply.status, text=reply.text, headers=reply.headers)


def closed_port() -> int:
    """A loopback port nothing listens on, so connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def json_replies(documents: Iterable[Any]) -> list[Reply]:
    """One 200 reply per JSON document."""
    return [Reply(json=document) for document in documents]
