"""Sample data for ``FakeTelnyx(seed=True)`` and ``telnyx-access --sandbox``."""

from __future__ import annotations

import uuid
from typing import Any

from ._api import ORGANIZATION_ID, USER_ID, FakeAPI

SAMPLE_CREDENTIAL_ID = "c215ade3-0d39-418e-94be-c5f780760199"
SAMPLE_SUGGESTION_ID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"

_ADDRESSES = [
    ("Alfred", "Foster", "Toy-O'Kon", "600 Congress Avenue", "Austin", "TX", "78701", "US"),
    ("Maria", "Lopez", "Lopez Logistics", "1 Market Street", "San Francisco", "CA", "94105", "US"),
    ("Kenji", "Sato", "Sato Robotics", "350 Fifth Avenue", "New York", "NY", "10118", "US"),
    ("Amara", "Okafor", "Okafor Health", "221B Baker Street", "London", None, "NW1 6XE", "GB"),
    ("Lena", "Schmidt", "Schmidt GmbH", "Unter den Linden 77", "Berlin", None, "10117", "DE"),
]
_GROUPS = ["Operations", "Sales", "Support", "Research"]
_IPS = [("203.0.113.7", "office"), ("198.51.100.24", "VPN exit"), ("2001:db8::1", "lab")]


def _stamp(day: int) -> str:
    return f"2024-0{1 + day // 28}-{1 + day % 28:02d}T09:30:00.000Z"


def seed_sample_data(api: FakeAPI) -> None:
    """Fill ``api`` with a few realistic records of every kind."""
    for day, (first, last, business, street, city, area, postal, country) in enumerate(_ADDRESSES):
        ident = str(1293384261075731400 + day)
        address: dict[str, Any] = {
            "id": ident,
            "record_type": "address",
            "first_name": first,
            "last_name": last,
            "business_name": business,
            "street_address": street,
            "locality": city,
            "postal_code": postal,
            "country_code": country,
            "customer_reference": f"REF-{100 + day}",
            "address_book": True,
            "validate_address": True,
            "created_at": _stamp(day),
            "updated_at": _stamp(day),
        }
        if area is not None:
            address["administrative_area"] = area
        api.addresses[ident] = address
    for day, name in enumerate(_GROUPS):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"billing-group/{name}"))
        api.billing_groups[ident] = {
            "id": ident,
            "record_type": "billing_group",
            "organization_id": ORGANIZATION_ID,
            "name": name,
            "created_at": _stamp(day),
            "updated_at": _stamp(day),
            "deleted_at": None,
        }
    for day, (ip_address, description) in enumerate(_IPS):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"access-ip/{ip_address}"))
        api.access_ips[ident] = {
            "id": ident,
            "ip_address": ip_address,
            "description": description,
            "source": "api",
            "status": "added",
            "user_id": USER_ID,
            "created_at": _stamp(day),
            "updated_at": _stamp(day),
        }
    provider_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "provider/okta"))
    api.providers[provider_id] = {
        "id": provider_id,
        "record_type": "authentication_provider",
        "organization_id": ORGANIZATION_ID,
        "name": "Okta",
        "short_name": "myorg",
        "active": True,
        "settings": {
            "idp_entity_id": "https://myorg.myidp.com/saml/metadata",
            "idp_sso_target_url": "https://myorg.myidp.com/trust/saml2/http-post/sso",
            "idp_cert_fingerprint": "13:38:C7:BB:C9:FF:4A:70:38:3A:E3:D9:5C:CD:DB:2E:50:1E:80:A7",
            "idp_cert_fingerprint_algorithm": "sha256",
            "assertion_consumer_service_url": "https://api.telnyx.com/sso/saml/auth/myorg",
            "service_provider_entity_id": "https://api.telnyx.com/sso/saml/metadata/myorg",
            "service_provider_login_url": "https://api.telnyx.com/sso/myorg",
        },
        "activated_at": _stamp(3),
        "created_at": _stamp(3),
        "updated_at": _stamp(3),
    }
    for day, (identifier, kind) in enumerate([("crm-webhook", "bearer"), ("erp-sync", "basic")]):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"secret/{identifier}"))
        api.secrets[ident] = {
            "id": ident,
            "record_type": "integration_secret",
            "identifier": identifier,
            "created_at": _stamp(day),
            "updated_at": _stamp(day),
            "_type": kind,
        }
    api.credentials.add(SAMPLE_CREDENTIAL_ID)
    api.suggestions.setdefault(SAMPLE_SUGGESTION_ID, False)
