"""``RawResponse``: an answer with its status and headers, parsed only when asked."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import attrs
from yarl import URL

from ._converter import ShapeError
from ._exceptions import APIResponseValidationError

__all__ = ["RawResponse"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class RawResponse(Generic[T]):
    """A successful answer as received: what ``with_raw_response`` methods return.

    Attributes:
        status_code: the HTTP status.
        headers: the response headers (case-insensitive).
        request_id: the ``x-request-id`` (or ``request-id``) header, if sent.
        retries_taken: how many attempts failed before this one succeeded.
    """

    status_code: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    request_id: str | None
    retries_taken: int
    content: bytes = attrs.field(repr=False)
    """The body as received; kept out of ``repr`` since it may hold a secret."""
    _parser: Callable[[bytes], T] = attrs.field(repr=False, alias="parser")
    method: str | None = None
    """The request's HTTP method."""
    url: str | None = attrs.field(default=None, repr=False)
    """The request's URL."""

    def parse(self) -> T:
        """The body as the method's model; a body of the wrong shape raises.

        Raises:
            APIResponseValidationError: the body is not the documented JSON.
        """
        try:
            return self._parser(self.content)
        except Exception as exc:  # any parse failure means the server broke the contract
            raise APIResponseValidationError(
                f"the {self.status_code} answer to {self.method} {_path(self.url)} did not have "
                f"the documented shape: {_reason(exc)}",
                status_code=self.status_code,
                body=self.content.decode("utf-8", "replace"),
                headers=self.headers,
                request_id=self.request_id,
                method=self.method,
                url=self.url,
            ) from exc

    async def parse_off_loop(self) -> T:
        """``parse()``, in a worker thread when the body is large enough to stall the loop."""
        if len(self.content) < OFF_LOOP_PARSE_BYTES:
            return self.parse()
        return await asyncio.to_thread(self.parse)


OFF_LOOP_PARSE_BYTES = 1024 * 1024
"""Bodies from this size on are parsed off the event loop: about 10 ms of work and more."""


def _path(url: str | None) -> str:
    return URL(url).path if url else "?"


def _reason(error: Exception) -> str:
    """What went wrong in the parser's own words, cut short."""
    if isinstance(error, ShapeError):
        return str(error)  # the member's path and the types: all there is to say
    text = str(error)
    if isinstance(error, KeyError):
        text = f"missing member {text}"
    described = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return described if len(described) <= 300 else described[:297] + "..."
