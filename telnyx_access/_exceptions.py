"""The exception hierarchy.

::

    TelnyxAccessError
    ├── APIConnectionError            could not connect / connection dropped
    │   └── APITimeoutError
    ├── APIResponseValidationError     2xx whose body does not parse
    │   └── ResponseTooLargeError      body over max_response_size
    └── APIStatusError                 any non-2xx answer
        ├── BadRequestError 400 · AuthenticationError 401 · PermissionDeniedError 403
        ├── NotFoundError 404 · ConflictError 409 · UnprocessableEntityError 422
        ├── RateLimitError 429 · InternalServerError 5xx

Messages never contain the API key or secret values: they are built only from the status,
the server's error details and the request id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
from multidict import CIMultiDict

from ._logging import without_credentials

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorDetail",
    "ErrorSource",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "TelnyxAccessError",
    "UnprocessableEntityError",
]


@attrs.frozen(kw_only=True)
class ErrorSource:
    """Where in the request an error points: a JSON pointer or a query parameter."""

    pointer: str | None = None
    parameter: str | None = None


@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One entry of a Telnyx ``errors`` list.

    ``code`` is always a ``str``: billing-group errors send integers, the others strings.
    """

    code: str | None = None
    title: str | None = None
    detail: str | None = None
    source: ErrorSource | None = None
    meta: Mapping[str, Any] | None = None


class TelnyxAccessError(Exception):
    """Base class of every error this package raises on purpose.

    Every error pickles with its fields, so one raised in a worker process or a task
    queue reaches the caller intact (only ``__cause__`` and the traceback stay behind).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The default rebuilds with cls(*args), which keyword-only constructors refuse.
        return (_restore, (type(self), self.args), self.__dict__)

    def __str__(self) -> str:
        message = super().__str__()
        attempts = getattr(self, "attempts", 1)  # set by errors raised for a request
        return message if attempts == 1 else f"{message} (after {attempts} attempts)"


def _restore(cls: type[TelnyxAccessError], args: tuple[Any, ...]) -> TelnyxAccessError:
    error = cls.__new__(cls)
    error.args = args
    return error


class APIConnectionError(TelnyxAccessError):
    """The server could not be reached, or the connection dropped before an answer.

    Attributes:
        method: the request's HTTP method.
        url: the request's URL.
        attempts: how many times the request was tried.
        sent: whether the request may have reached the server (``False`` when the
            connection could not even be opened, so retrying cannot do its work twice).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 1,
        sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.attempts = attempts
        self.sent = sent
        self._transient = True
        """Whether trying again may help (a certificate refused stays refused)."""


class APITimeoutError(APIConnectionError):
    """An attempt took longer than ``timeout``, or the call ran past its ``deadline``."""


class APIResponseValidationError(TelnyxAccessError):
    """A successful answer whose body does not have the documented shape.

    Attributes:
        status_code: the HTTP status.
        headers: the response headers.
        request_id: from the ``x-request-id`` (or ``request-id``) header.
        body: the response body as text (empty when it was too large to keep).
        method: the request's HTTP method.
        url: the request's URL.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str,
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.headers = _picklable(headers)
        self.request_id = request_id
        self.method = method
        self.url = url
        self.attempts = attempts


class ResponseTooLargeError(APIResponseValidationError):
    """The body grew past ``max_response_size`` (counted after decompression).

    Reading stopped there and the connection was closed; ``body`` is empty.
    """


class APIStatusError(TelnyxAccessError):
    """The server answered with a status outside 2xx.

    Attributes:
        status_code: the HTTP status.
        errors: the parsed ``errors`` list, empty when the body had none.
        request_id: from the ``x-request-id`` (or ``request-id``) header.
        headers: the response headers.
        body: the response body as text.
        method: the request's HTTP method.
        url: the request's URL.
        attempts: how many times the request was tried.
    """

    def __init__(
        self,
        *,
        status_code: int,
        reason: str,
        errors: list[ErrorDetail],
        request_id: str | None,
        headers: Mapping[str, str],
        body: str,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.status_code = status_code
        self.errors = errors
        self.request_id = request_id
        self.headers = _picklable(headers)
        self.body = body
        self.method = method
        self.url = url
        self.attempts = attempts
        super().__init__(_status_message(status_code, reason, errors, request_id, headers))


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(APIStatusError):
    """422: the server rejected the values sent."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's advised wait in seconds."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The exception class for a non-2xx status; plain ``APIStatusError`` when unmapped."""
    if status >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status, APIStatusError)


def parse_error_details(body: str) -> list[ErrorDetail]:
    """Read a Telnyx ``errors`` list leniently: anything unexpected is skipped, not raised."""
    try:
        document = json.loads(body)
    except ValueError:
        return []
    items = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return []
    return [_error_detail(item) for item in items if isinstance(item, dict)]


def _error_detail(item: Mapping[str, Any]) -> ErrorDetail:
    source = item.get("source")
    meta = item.get("meta")
    return ErrorDetail(
        code=_text(item.get("code")),
        title=_text(item.get("title")),
        detail=_text(item.get("detail")),
        source=ErrorSource(
            pointer=_text(source.get("pointer")), parameter=_text(source.get("parameter"))
        )
        if isinstance(source, dict)
        else None,
        meta=meta if isinstance(meta, dict) else None,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _status_message(
    status: int,
    reason: str,
    errors: list[ErrorDetail],
    request_id: str | None,
    headers: Mapping[str, str],
) -> str:
    message = f"{status} {reason}".rstrip()
    if 300 <= status < 400:
        location = headers.get("Location")
        where = f" to {without_credentials(location)}" if location else ""
        message += f": the redirect{where} was not followed"
    if errors:
        first = errors[0]
        parts = [p for p in (first.code, first.title, first.detail) if p]
        if parts:
            message += ": " + " - ".join(parts)
    if request_id:
        message += f" [request id {request_id}]"
    return message


def _picklable(headers: Mapping[str, str] | None) -> CIMultiDict[str]:
    """A case-insensitive copy; aiohttp's read-only proxy cannot be pickled."""
    return CIMultiDict(headers or {})
