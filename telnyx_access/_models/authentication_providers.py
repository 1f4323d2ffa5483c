"""The models of ``client.authentication_providers``."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: F401 - for __init__'s hints, see _base
from datetime import datetime
from typing import Any, Literal

import attrs

from ._base import Model

__all__ = [
    "AuthenticationProvider",
    "AuthenticationProviderSettings",
    "AuthenticationProviderSort",
    "FingerprintAlgorithm",
]

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
