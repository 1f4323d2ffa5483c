"""Response and request models: frozen, slotted, keyword-only attrs classes.

Fields follow the spec's names. Optional fields default to ``None``; fields whose values
the spec enumerates are ``str`` so that a value added by Telnyx later is kept, not refused,
and members Telnyx adds later are kept in ``extra_fields``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, TypeVar

import attrs

from ._converter import EXTRA_FIELDS, NO_EXTRA_FIELDS, converter, read_only, wire_names

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


M = TypeVar("M", bound="Model")


def _unknown_only(model: Model, _: attrs.Attribute[Any], extra: Mapping[str, Any]) -> None:
    """``extra_fields`` holds members no field takes, so ``to_dict()`` cannot say two things."""
    if extra:
        taken = sorted(wire_names(type(model)) & extra.keys())
        if taken:
            raise ValueError(
                f"extra_fields must not hold fields of {type(model).__name__}: {taken}"
            )


@attrs.frozen(kw_only=True)
class Model:
    """Base of every model: unknown members, JSON in and out, pickling, pydantic.

    Attributes:
        extra_fields: the members of the answer that no field of this version of the SDK
            takes, as received (a read-only mapping of JSON values). They count for
            ``==`` and are left out of ``repr`` and ``hash``.
    """

    extra_fields: Mapping[str, Any] = attrs.field(
        default=NO_EXTRA_FIELDS,
        converter=read_only,
        validator=_unknown_only,
        repr=False,  # may hold anything, a secret Telnyx starts to send included
        hash=False,  # a mapping has no hash; models equal but for it still hash alike
    )

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON data, as the API writes it.

        Members have their wire names, datetimes are ISO 8601 strings (UTC as ``Z``),
        ``extra_fields`` are merged in, and fields that are ``None`` are left out, as
        they are left out of requests: ``from_dict`` reads them back as ``None``.
        """
        document: dict[str, Any] = converter.unstructure(self)
        return document

    def to_json(self, *, indent: int | None = None) -> str:
        """``to_dict()`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[M], mapping: Mapping[str, Any]) -> M:
        """The model from JSON data, checked as an answer from the API is.

        Raises:
            ValueError: a member has the wrong JSON type, or a required one is missing;
                the message names its path, e.g. ``settings.idp_entity_id``.
        """
        model: M = converter.structure(mapping, cls)
        return model

    def __reduce__(self) -> tuple[Any, ...]:
        # attrs pickles a slotted class through its slots, and a MappingProxyType does not
        # pickle: send the fields, with extra_fields as a dict.
        values = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        values[EXTRA_FIELDS] = dict(self.extra_fields)
        return _rebuild, (type(self), values)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """How pydantic (and FastAPI) validate, serialise and document the model.

        pydantic is imported here only, when pydantic asks.
        """
        from ._pydantic import core_schema  # noqa: PLC0415 - pydantic only when it asks

        return core_schema(cls, handler)


def _rebuild(cls: type[M], values: dict[str, Any]) -> M:
    """A model from its field values: how models unpickle."""
    return cls(**values)


@attrs.frozen(kw_only=True)
class PageMeta(Model):
    """Where a page sits in a list: its number and size, and the totals."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


@attrs.frozen(kw_only=True)
class RateLimit(Model):
    """The last ``x-ratelimit-*`` headers seen; ``reset`` is in seconds."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None


@attrs.frozen(kw_only=True)
class BillingGroup(Model):
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
class AccessIPAddress(Model):
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


@attrs.frozen(kw_only=True)
class AuthenticationProviderSettings(Model):
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
class AuthenticationProvider(Model):
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
class IntegrationSecret(Model):
    """A stored credential for an integration; its secret value is never sent back."""

    id: str
    identifier: str
    record_type: str
    created_at: datetime
    updated_at: datetime | None = None
