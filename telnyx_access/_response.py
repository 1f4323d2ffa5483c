"""``RawResponse``: an answer with its status and headers, parsed only when asked."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import attrs

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

    def parse(self) -> T:
        """The body as the method's model; a body of the wrong shape raises.

        Raises:
            APIResponseValidationError: the body is not the documented JSON.
        """
        try:
            return self._parser(self.content)
        except Exception as exc:  # any parse failure means the server broke the contract
            raise APIResponseValidationError(
                f"{self.status_code} answer did not have the documented shape: "
                f"{exc if isinstance(exc, ShapeError) else type(exc).__name__}",
                status_code=self.status_code,
                body=self.content.decode("utf-8", "replace"),
            ) from exc
