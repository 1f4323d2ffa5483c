"""Async-first client for Telnyx's account-access API, with a blocking twin.

>>> from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
"""

from ._client import AsyncTelnyxAccess, TelnyxAccess
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    ErrorSource,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TelnyxAccessError,
    UnprocessableEntityError,
)
from ._models import BillingGroup, PageMeta, RateLimit
from ._pagination import AsyncPage, AsyncPaginator, Page, SyncPage
from ._request import PostOptions, RequestOptions
from ._response import RawResponse
from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncTelnyxAccess",
    "AuthenticationError",
    "BadRequestError",
    "BillingGroup",
    "ConflictError",
    "ErrorDetail",
    "ErrorSource",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PageMeta",
    "PermissionDeniedError",
    "PostOptions",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "SyncPage",
    "TelnyxAccess",
    "TelnyxAccessError",
    "UnprocessableEntityError",
    "__version__",
]
