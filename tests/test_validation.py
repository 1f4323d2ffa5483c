"""Bad input fails with an error naming the parameter, before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from telnyx_access import AuthenticationProviderSettings

from . import payloads as p
from .clients import ClientRunner

GOOD_PROVIDER: dict[str, Any] = {"name": "Okta", "short_name": "myorg", "settings": p.SETTINGS}

CASES: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    # ids
    ("empty id", lambda c: c.addresses.retrieve(""), ValueError, "id must not be empty"),
    ("blank id", lambda c: c.billing_groups.delete("  "), ValueError, "id must not be empty"),
    ("int id", lambda c: c.addresses.delete(1293384261075731499), TypeError, "id must be a str"),
    (
        "empty access ip id",
        lambda c: c.access_ip_address.retrieve(""),
        ValueError,
        "access_ip_address_id must not be empty",
    ),
    (
        "none address uuid",
        lambda c: c.addresses.actions.accept_suggestions(None),
        TypeError,
        "address_uuid must be a str",
    ),
    (
        "empty credential id",
        lambda c: c.telephony_credentials.create_token(""),
        ValueError,
        "id must not be empty",
    ),
    ("empty secret id", lambda c: c.integration_secrets.delete(""), ValueError, "id must not"),
    # pages
    ("page size 0", lambda c: c.addresses.list(page_size=0), ValueError, "page_size"),
    (
        "page size 251",
        lambda c: c.access_ip_address.list(page_size=251),
        ValueError,
        "page_size",
    ),
    (
        "page number 0",
        lambda c: c.integration_secrets.list(page_number=0),
        ValueError,
        "page_number",
    ),
    # enums
    (
        "address sort",
        lambda c: c.addresses.list(sort="-created_at"),
        ValueError,
        "sort must be one of",
    ),
    (
        "provider sort",
        lambda c: c.authentication_providers.list(sort="newest"),
        ValueError,
        "sort must be one of",
    ),
    (
        "secret type",
        lambda c: c.integration_secrets.create(identifier="x", type="oauth", token="t"),
        ValueError,
        "type must be one of",
    ),
    (
        "filter type",
        lambda c: c.integration_secrets.list(filter={"type": "oauth"}),
        ValueError,
        "filter.type must be one of",
    ),
    (
        "fingerprint algorithm",
        lambda c: c.authentication_providers.create(
            **{**GOOD_PROVIDER, "settings": {**p.SETTINGS, "idp_cert_fingerprint_algorithm": "md5"}}
        ),
        ValueError,
        "settings.idp_cert_fingerprint_algorithm must be one of",
    ),
    # shapes
    ("filter not a mapping", lambda c: c.addresses.list(filter="x"), TypeError, "filter"),
    (
        "country code three letters",
        lambda c: c.addresses.create(**{**p.NEW_ADDRESS, "country_code": "USA"}),
        ValueError,
        "country_code must be two letters",
    ),
    (
        "country code digits",
        lambda c: c.addresses.actions.validate(
            country_code="12", postal_code="78701", street_address="600 Congress"
        ),
        ValueError,
        "country_code must be two letters",
    ),
    (
        "missing first name",
        lambda c: c.addresses.create(**{**p.NEW_ADDRESS, "first_name": ""}),
        ValueError,
        "first_name must not be empty",
    ),
    (
        "address book not bool",
        lambda c: c.addresses.create(**{**p.NEW_ADDRESS, "address_book": "yes"}),
        TypeError,
        "address_book must be a bool",
    ),
    (
        "ip address",
        lambda c: c.access_ip_address.create(ip_address="300.1.2.3"),
        ValueError,
        "ip_address must be an IPv4 or IPv6 address",
    ),
    (
        "ip network",
        lambda c: c.access_ip_address.create(ip_address="10.0.0.0/8"),
        ValueError,
        "ip_address must be",
    ),
    (
        "description not str",
        lambda c: c.access_ip_address.create(ip_address="::1", description=5),
        TypeError,
        "description must be a str",
    ),
    # authentication provider settings
    (
        "settings missing entity id",
        lambda c: c.authentication_providers.create(
            **{
                **GOOD_PROVIDER,
                "settings": {"idp_sso_target_url": "u", "idp_cert_fingerprint": "f"},
            }
        ),
        ValueError,
        "settings.idp_entity_id is required",
    ),
    (
        "settings model missing fingerprint",
        lambda c: c.authentication_providers.update(
            p.PROVIDER_ID,
            settings=AuthenticationProviderSettings(idp_entity_id="e", idp_sso_target_url="u"),
        ),
        ValueError,
        "settings.idp_cert_fingerprint is required",
    ),
    (
        "settings of the wrong type",
        lambda c: c.authentication_providers.create(**{**GOOD_PROVIDER, "settings": ["x"]}),
        TypeError,
        "settings must be an AuthenticationProviderSettings or a mapping",
    ),
    (
        "provider active not bool",
        lambda c: c.authentication_providers.update(p.PROVIDER_ID, active="no"),
        TypeError,
        "active must be a bool",
    ),
    # integration secrets
    (
        "bearer without token",
        lambda c: c.integration_secrets.create(identifier="x", type="bearer"),
        ValueError,
        "token is required for a bearer secret",
    ),
    (
        "basic without password",
        lambda c: c.integration_secrets.create(identifier="x", type="basic", username="u"),
        ValueError,
        "password is required for a basic secret",
    ),
    (
        "basic without username",
        lambda c: c.integration_secrets.create(identifier="x", type="basic", password="p"),
        ValueError,
        "username is required for a basic secret",
    ),
    (
        "secret without identifier",
        lambda c: c.integration_secrets.create(identifier=" ", type="bearer", token="t"),
        ValueError,
        "identifier must not be empty",
    ),
    # options
    (
        "unknown keyword",
        lambda c: c.addresses.retrieve("1", colour="red"),
        TypeError,
        "unexpected keyword argument 'colour'",
    ),
]


@pytest.mark.parametrize(
    ("invoke", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_raises_before_sending(
    runner: ClientRunner, invoke: Callable[[Any], Any], error: type[Exception], message: str
) -> None:
    """The error names the parameter and the server receives nothing."""
    with pytest.raises(error, match=message):
        runner.call(invoke)
    assert runner.fake.requests == []


def test_secret_values_never_appear_in_validation_errors(runner: ClientRunner) -> None:
    """A refused secret does not echo the token or password it was given."""
    with pytest.raises(ValueError, match="type must be one of") as caught:
        runner.call(
            lambda c: c.integration_secrets.create(identifier="x", type="oauth", token="tok-SECRET")
        )
    assert "tok-SECRET" not in str(caught.value)
