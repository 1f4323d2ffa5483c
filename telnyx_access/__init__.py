"""Async-first client for Telnyx's account-access API, with a blocking twin.

Names are imported on first use, so ``import telnyx_access`` stays cheap; type checkers
see them all through the ``TYPE_CHECKING`` block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names
from ._version import __version__

if TYPE_CHECKING:
    from ._client import AsyncTelnyxAccess, TelnyxAccess
    from ._config import ConnectionOptions
    from ._engine import RateLimiter
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
        ResponseTooLargeError,
        TelnyxAccessError,
        UnprocessableEntityError,
    )
    from ._models import (
        AccessIPAddress,
        Address,
        AddressSort,
        AddressSuggestion,
        AddressValidation,
        AddressValidationIssue,
        AuthenticationProvider,
        AuthenticationProviderSettings,
        AuthenticationProviderSort,
        BillingGroup,
        FingerprintAlgorithm,
        IntegrationSecret,
        IntegrationSecretType,
        PageMeta,
        RateLimit,
        SuggestedAddress,
        ValidationSource,
    )
    from ._pagination import AsyncPage, AsyncPaginator, Page, SyncPage
    from ._request import ListOptions, PostOptions, RequestOptions
    from ._response import RawResponse
    from ._retry import Backoff
    from ._shared_limit import SharedRateLimiter

_MODULES = {
    "._client": ["AsyncTelnyxAccess", "TelnyxAccess"],
    "._config": ["ConnectionOptions"],
    "._exceptions": [
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
    ],
    "._models": [
        "AccessIPAddress",
        "Address",
        "AddressSort",
        "AddressSuggestion",
        "AddressValidation",
        "AddressValidationIssue",
        "AuthenticationProvider",
        "AuthenticationProviderSettings",
        "AuthenticationProviderSort",
        "BillingGroup",
        "FingerprintAlgorithm",
        "IntegrationSecret",
        "IntegrationSecretType",
        "PageMeta",
        "RateLimit",
        "SuggestedAddress",
        "ValidationSource",
    ],
    "._pagination": ["AsyncPage", "AsyncPaginator", "Page", "SyncPage"],
    "._request": ["ListOptions", "PostOptions", "RequestOptions"],
    "._response": ["RawResponse"],
    "._engine": ["RateLimiter"],
    "._shared_limit": ["SharedRateLimiter"],
    "._retry": ["Backoff"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccessIPAddress",
    "Address",
    "AddressSort",
    "AddressSuggestion",
    "AddressValidation",
    "AddressValidationIssue",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncTelnyxAccess",
    "AuthenticationError",
    "AuthenticationProvider",
    "AuthenticationProviderSettings",
    "AuthenticationProviderSort",
    "Backoff",
    "BadRequestError",
    "BillingGroup",
    "ConflictError",
    "ConnectionOptions",
    "ErrorDetail",
    "ErrorSource",
    "FingerprintAlgorithm",
    "IntegrationSecret",
    "IntegrationSecretType",
    "InternalServerError",
    "ListOptions",
    "NotFoundError",
    "Page",
    "PageMeta",
    "PermissionDeniedError",
    "PostOptions",
    "RateLimit",
    "RateLimitError",
    "RateLimiter",
    "RawResponse",
    "RequestOptions",
    "ResponseTooLargeError",
    "SharedRateLimiter",
    "SuggestedAddress",
    "SyncPage",
    "TelnyxAccess",
    "TelnyxAccessError",
    "UnprocessableEntityError",
    "ValidationSource",
    "__version__",
]


__getattr__, __dir__ = lazy_names(__name__, _HOME, __all__)
