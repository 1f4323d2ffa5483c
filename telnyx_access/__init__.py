"""Async-first client for Telnyx's account-access API, with a blocking twin.

Each public name is listed once, below, as an explicit re-export: type checkers read the
``TYPE_CHECKING`` block, and at run time a name is imported from there the first time it
is used (see ``_lazy``), so ``import telnyx_access`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__ as __version__

if TYPE_CHECKING:
    from ._client import AsyncTelnyxAccess as AsyncTelnyxAccess
    from ._client import TelnyxAccess as TelnyxAccess
    from ._config import ConnectionOptions as ConnectionOptions
    from ._engine import RateLimiter as RateLimiter
    from ._exceptions import APIConnectionError as APIConnectionError
    from ._exceptions import APIResponseValidationError as APIResponseValidationError
    from ._exceptions import APIStatusError as APIStatusError
    from ._exceptions import APITimeoutError as APITimeoutError
    from ._exceptions import AuthenticationError as AuthenticationError
    from ._exceptions import BadRequestError as BadRequestError
    from ._exceptions import ConflictError as ConflictError
    from ._exceptions import ErrorDetail as ErrorDetail
    from ._exceptions import ErrorSource as ErrorSource
    from ._exceptions import InternalServerError as InternalServerError
    from ._exceptions import NotFoundError as NotFoundError
    from ._exceptions import PermissionDeniedError as PermissionDeniedError
    from ._exceptions import RateLimitError as RateLimitError
    from ._exceptions import ResponseTooLargeError as ResponseTooLargeError
    from ._exceptions import TelnyxAccessError as TelnyxAccessError
    from ._exceptions import UnprocessableEntityError as UnprocessableEntityError
    from ._models import AccessIPAddress as AccessIPAddress
    from ._models import Address as Address
    from ._models import AddressSort as AddressSort
    from ._models import AddressSuggestion as AddressSuggestion
    from ._models import AddressValidation as AddressValidation
    from ._models import AddressValidationIssue as AddressValidationIssue
    from ._models import AuthenticationProvider as AuthenticationProvider
    from ._models import AuthenticationProviderSettings as AuthenticationProviderSettings
    from ._models import AuthenticationProviderSort as AuthenticationProviderSort
    from ._models import BillingGroup as BillingGroup
    from ._models import FingerprintAlgorithm as FingerprintAlgorithm
    from ._models import IntegrationSecret as IntegrationSecret
    from ._models import IntegrationSecretType as IntegrationSecretType
    from ._models import PageMeta as PageMeta
    from ._models import RateLimit as RateLimit
    from ._models import SuggestedAddress as SuggestedAddress
    from ._models import ValidationSource as ValidationSource
    from ._options import ListOptions as ListOptions
    from ._options import PostOptions as PostOptions
    from ._options import RequestOptions as RequestOptions
    from ._pagination import AsyncPage as AsyncPage
    from ._pagination import AsyncPaginator as AsyncPaginator
    from ._pagination import Page as Page
    from ._pagination import SyncPage as SyncPage
    from ._response import RawResponse as RawResponse
    from ._retry import Backoff as Backoff
    from ._shared_limit import SharedRateLimiter as SharedRateLimiter

if not TYPE_CHECKING:  # so that type checkers flag a name that is not listed
    __getattr__, __dir__ = lazy_exports(__name__)
