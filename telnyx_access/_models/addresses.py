"""The models of ``client.addresses`` and its actions."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: F401 - for __init__'s hints, see _base
from typing import Any, Literal

import attrs

from ._base import Model

__all__ = [
    "Address",
    "AddressSort",
    "AddressSuggestion",
    "AddressValidation",
    "AddressValidationIssue",
    "SuggestedAddress",
    "ValidationSource",
]

AddressSort = Literal["created_at", "first_name", "last_name", "business_name", "street_address"]
"""Orders ``addresses.list`` accepts (ascending; the spec lists no descending values)."""


@attrs.frozen(kw_only=True)
class Address(Model):
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
class SuggestedAddress(Model):
    """The normalised form of an address that validation proposes."""

    street_address: str | None = None
    extended_address: str | None = None
    locality: str | None = None
    administrative_area: str | None = None
    postal_code: str | None = None
    country_code: str | None = None


@attrs.frozen(kw_only=True)
class ValidationSource(Model):
    """Which part of the address a validation issue is about."""

    pointer: str | None = None
    parameter: str | None = None


@attrs.frozen(kw_only=True)
class AddressValidationIssue(Model):
    """One reason an address did not validate."""

    code: str
    title: str
    description: str | None = None
    source: ValidationSource | None = None
    meta: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AddressValidation(Model):
    """The outcome of ``addresses.actions.validate``."""

    result: str
    """``"valid"`` or ``"invalid"``."""
    suggested: SuggestedAddress
    errors: list[AddressValidationIssue] | None = None
    record_type: str | None = None
    """``"address_validation"``."""


@attrs.frozen(kw_only=True)
class AddressSuggestion(Model):
    """The outcome of ``addresses.actions.accept_suggestions``."""

    id: str | None = None
    accepted: bool | None = None
    record_type: str | None = None
    """``"address_suggestion"``."""
