"""Response and request models: frozen, slotted, keyword-only attrs classes.

Fields follow the spec's names. Optional fields default to ``None``; fields whose values
the spec enumerates are ``str`` so that a value added by Telnyx later is kept, not refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import attrs

__all__ = [
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
]

AddressSort = Literal["created_at", "first_name", "last_name", "business_name", "street_address"]
"""Orders ``addresses.list`` accepts (ascending; the spec lists no descending values)."""
AuthenticationProviderSort = Literal[
    "name",
    "-name",
    "short_name",
    "-short_name",
    "active",
    "-active",
    "created_at",
    "-created_at",
    "updated_at",
    "-updated_at",
]
"""Orders ``authentication_providers.list`` accepts; ``-`` sorts descending."""
FingerprintAlgorithm = Literal["sha1", "sha256", "sha384", "sha512"]
"""Algorithms an identity provider's certificate fingerprint may use."""
IntegrationSecretType = Literal["bearer", "basic"]
"""Kinds of integration secret: a bearer token, or a basic-auth user name and password."""


@attrs.frozen(kw_only=True)
class PageMeta:
    """Where a page sits in a list: its number and size, and the totals."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


@attrs.frozen(kw_only=True)
class RateLimit:
    """The last ``x-ratelimit-*`` headers seen; ``reset`` is in seconds."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None


@attrs.frozen(kw_only=True)
class BillingGroup:
    """A billing group: a label that splits an organisation's invoices."""

    id: str | None = None
    name: str | None = None
    organization_id: str | None = None
    record_type: str | None = None
    """``"billing_group"``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@attrs.frozen(kw_only=True)
class AccessIPAddress:
    """An IP address allowed to reach the API with this account's keys."""

    id: str
    ip_address: str
    source: str
    status: str
    """``"pending"`` until the address is in effect, then ``"added"``."""
    user_id: str
    description: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Address:
    """A postal address, used for emergency services and number regulations.

    ``id`` is an int64 sent as a string. ``created_at`` and ``updated_at`` stay strings:
    the spec gives them no format.
    """

    id: str | None = None
    record_type: str | None = None
    """``"address"``."""
    first_name: str | None = None
    last_name: str | None = None
    business_name: str | None = None
    street_address: str | None = None
    extended_address: str | None = None
    locality: str | None = None
    administrative_area: str | None = None
    neighborhood: str | None = None
    borough: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone_number: str | None = None
    customer_reference: str | None = None
    address_book: bool | None = None
    validate_address: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None


@attrs.frozen(kw_only=True)
class SuggestedAddress:
    """The normalised form of an address that validation proposes."""

    street_address: str | None = None
    extended_address: str | None = None
    locality: str | None = None
    administrative_area: str | None = None
    postal_code: str | None = None
    country_code: str | None = None


@attrs.frozen(kw_only=True)
class ValidationSource:
    """Which part of the address a validation issue is about."""

    pointer: str | None = None
    parameter: str | None = None


@attrs.frozen(kw_only=True)
class AddressValidationIssue:
    """One reason an address did not validate."""

    code: str
    title: str
    description: str | None = None
    source: ValidationSource | None = None
    meta: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AddressValidation:
    """The outcome of ``addresses.actions.validate``."""

    result: str
    """``"valid"`` or ``"invalid"``."""
    suggested: SuggestedAddress
    errors: list[AddressValidationIssue] | None = None
    record_type: str | None = None
    """``"address_validation"``."""


@attrs.frozen(kw_only=True)
class AddressSuggestion:
    """The outcome of ``addresses.actions.accept_suggestions``."""

    id: str | None = None
    accepted: bool | None = None
    record_type: str | None = None
    """``"address_suggestion"``."""


@attrs.frozen(kw_only=True)
class AuthenticationProviderSettings:
    """SAML settings of an authentication provider.

    Creating or updating a provider needs ``idp_entity_id``, ``idp_sso_target_url`` and
    ``idp_cert_fingerprint``; the service-provider fields are filled in by Telnyx.
    """

    idp_entity_id: str | None = None
    idp_sso_target_url: str | None = None
    idp_cert_fingerprint: str | None = None
    idp_cert_fingerprint_algorithm: str | None = None
    """``"sha1"`` (the server's default), ``"sha256"``, ``"sha384"`` or ``"sha512"``."""
    idp_certificate: str | None = None
    idp_slo_target_url: str | None = None
    idp_attribute_names: dict[str, Any] | None = None
    name_identifier_format: str | None = None
    provision_groups: bool | None = None
    assertion_consumer_service_url: str | None = None
    service_provider_entity_id: str | None = None
    service_provider_login_url: str | None = None


@attrs.frozen(kw_only=True)
class AuthenticationProvider:
    """A SAML identity provider through which the organisation's users sign in."""

    id: str | None = None
    name: str | None = None
    short_name: str | None = None
    active: bool | None = None
    settings: AuthenticationProviderSettings | None = None
    organization_id: str | None = None
    record_type: str | None = None
    activated_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class IntegrationSecret:
    """A stored credential for an integration; its secret value is never sent back."""

    id: str
    identifier: str
    record_type: str
    created_at: datetime
    updated_at: datetime | None = None
