"""A successful answer: the engine's ``Reply``, parsed at once or kept as a ``RawResponse``.

Most calls only want the model, so the engine hands over a ``Reply`` (a tuple, cheap to
build) and the method parses it; only ``with_raw_response`` methods wrap it in the public
``RawResponse``. Both parse through ``parsed``, the one place a body that breaks the
contract becomes an ``APIResponseValidationError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Generic, NamedTuple, Protocol, TypeVar

import attrs
from multidict import CIMultiDictProxy
from yarl import URL

from ._converter import ShapeError
from ._exceptions import APIResponseValidationError

__all__ = ["RawResponse", "Reply", "parsed", "parsed_off_loop", "request_id"]

T = TypeVar("T")


def request_id(headers: Mapping[str, str]) -> str | None:
    """Telnyx's id of the request, for support tickets and logs."""
    return headers.get("x-request-id") or headers.get("request-id")


class Reply(NamedTuple):
    """What one attempt received, any status, with the request it answers.

    The transport builds it and the engine hands it over when the status is a success:
    one tuple per attempt, as cheap to build as a tuple can be.
    """

    status_code: int
    reason: str
    headers: CIMultiDictProxy[str]
    content: bytes
    retries_taken: int
    """How many attempts failed before this one."""
    method: str
    url: URL


class _Answered(Protocol):
    """What ``parsed`` reads: a ``Reply`` or a ``RawResponse``."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def content(self) -> bytes: ...
    @property
    def method(self) -> str | None: ...
    @property
    def url(self) -> URL | str | None: ...


def parsed(parser: Callable[[bytes], T], answer: _Answered) -> T:
    """The answer's body read by ``parser``; a body of the wrong shape raises.

    Raises:
        APIResponseValidationError: the body is not the documented JSON.
    """
    try:
        return parser(answer.content)
    except Exception as exc:  # any parse failure means the server broke the contract
        url = None if answer.url is None else str(answer.url)
        raise APIResponseValidationError(
            f"the {answer.status_code} answer to {answer.method} {_path(url)} did not have "
            f"the documented shape: {_reason(exc)}",
            status_code=answer.status_code,
            body=answer.content.decode("utf-8", "replace"),
            headers=answer.headers,
            request_id=request_id(answer.headers),
            method=answer.method,
            url=url,
        ) from exc


async def parsed_off_loop(parser: Callable[[bytes], T], answer: _Answered) -> T:
    """``parsed()``, in a worker thread when the body is large enough to stall the loop."""
    if len(answer.content) < OFF_LOOP_PARSE_BYTES:
        return parsed(parser, answer)
    return await asyncio.to_thread(parsed, parser, answer)


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

    @classmethod
    def _received(cls, reply: Reply, parser: Callable[[bytes], T]) -> RawResponse[T]:
        """The raw response of the engine's ``reply``, which ``parser`` reads."""
        return cls(
            status_code=reply.status_code,
            headers=reply.headers,
            request_id=request_id(reply.headers),
            retries_taken=reply.retries_taken,
            content=reply.content,
            parser=parser,
            method=reply.method,
            url=str(reply.url),
        )

    def parse(self) -> T:
        """The body as the method's model; a body of the wrong shape raises.

        Raises:
            APIResponseValidationError: the body is not the documented JSON.
        """
        return parsed(self._parser, self)


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
