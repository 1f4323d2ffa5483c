"""Answers shaped like Telnyx's, with the example values its API reference uses."""

from __future__ import annotations

from typing import Any

IP_ID = "b1b22c4d-5f9e-4a3b-9d6c-0e7f8a9b0c1d"
ADDRESS_ID = "1293384261075731499"
ADDRESS_UUID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
PROVIDER_ID = "35146afd-df93-4963-b1e9-1a085e2ae874"
GROUP_ID = "f5586561-8ff0-4291-a0ac-84fe544797bd"
SECRET_ID = "a1b2c3d4-0000-4000-8000-000000000001"
CREDENTIAL_ID = "c215ade3-0d39-418e-94be-c5f780760199"
JWT = (
    "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9."
    "eyJhdWQiOiJ0ZWxueXhfdGVsZXBob255IiwiaXNzIjoidGVsbnl4X3RlbGVwaG9ueSJ9."
    "gNEwzTow5MLLPLQENytca7pUN79PmPj6FyqZWW06ZeE"
)

ACCESS_IP: dict[str, Any] = {
    "id": IP_ID,
    "ip_address": "203.0.113.7",
    "source": "api",
    "status": "pending",
    "user_id": "9f3ae2b1-5c5d-4a8a-b1d6-1f2e3d4c5b6a",
    "description": "office",
    "created_at": "2024-05-01T12:00:00Z",
    "updated_at": "2024-05-01T12:00:00Z",
}

ADDRESS: dict[str, Any] = {
    "id": ADDRESS_ID,
    "record_type": "address",
    "first_name": "Alfred",
    "last_name": "Foster",
    "business_name": "Toy-O'Kon",
    "street_address": "600 Congress Avenue",
    "extended_address": "14th Floor",
    "locality": "Austin",
    "administrative_area": "TX",
    "neighborhood": "Ciudad de los deportes",
    "borough": "Guadalajara",
    "postal_code": "78701",
    "country_code": "US",
    "phone_number": "+12125559000",
    "customer_reference": "MY REF 001",
    "address_book": False,
    "validate_address": True,
    "created_at": "2018-02-02T22:25:27.521Z",
    "updated_at": "2018-02-02T22:25:27.521Z",
}
NEW_ADDRESS: dict[str, Any] = {
    name: ADDRESS[name]
    for name in (
        "first_name",
        "last_name",
        "business_name",
        "street_address",
        "extended_address",
        "locality",
        "administrative_area",
        "postal_code",
        "country_code",
        "phone_number",
        "customer_reference",
        "address_book",
    )
}
"""Arguments of ``addresses.create`` for ``ADDRESS``, and the JSON body they make."""
ADDRESS_TO_VALIDATE: dict[str, Any] = {
    "country_code": "US",
    "postal_code": "78701",
    "street_address": "600 Congress Av",
    "locality": "Austin",
}
"""Arguments of ``addresses.actions.validate``, and the JSON body they make."""

VALIDATION: dict[str, Any] = {
    "record_type": "address_validation",
    "result": "invalid",
    "suggested": {
        "street_address": "600 Congress Avenue",
        "extended_address": "14th Floor",
        "locality": "Austin",
        "administrative_area": "TX",
        "postal_code": "78701",
        "country_code": "US",
    },
    "errors": [
        {
            "code": "20207",
            "title": "Invalid street address",
            "description": "The street address provided is invalid.",
            "source": {"pointer": "/street_address"},
        }
    ],
}

SUGGESTION: dict[str, Any] = {
    "id": ADDRESS_UUID,
    "accepted": True,
    "record_type": "address_suggestion",
}

SETTINGS: dict[str, Any] = {
    "idp_entity_id": "https://myorg.myidp.com/saml/metadata",
    "idp_sso_target_url": "https://myorg.myidp.com/trust/saml2/http-post/sso",
    "idp_cert_fingerprint": "13:38:C7:BB:C9:FF:4A:70:38:3A:E3:D9:5C:CD:DB:2E:50:1E:80:A7",
    "idp_cert_fingerprint_algorithm": "sha256",
}

PROVIDER: dict[str, Any] = {
    "id": PROVIDER_ID,
    "name": "Okta",
    "short_name": "myorg",
    "active": True,
    "organization_id": "24b4a4bb-c4df-46ad-bbcb-23fc741c5ad7",
    "record_type": "authentication_provider",
    "activated_at": "2018-02-02T22:25:27.521Z",
    "created_at": "2018-02-02T22:25:27.521Z",
    "updated_at": "2018-02-02T22:25:27.521Z",
    "settings": {
        **SETTINGS,
        "assertion_consumer_service_url": "https://api.telnyx.com/sso/saml/auth/myorg",
        "idp_attribute_names": {
            "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
        },
        "idp_certificate": "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----",
        "idp_slo_target_url": "https://myorg.myidp.com/trust/saml2/http-redirect/slo",
        "name_identifier_format": "urn:oasis:names:tc:SAML:1.1:nameid-format",
        "provision_groups": False,
        "service_provider_entity_id": "https://api.telnyx.com/sso/saml/metadata/myorg",
        "service_provider_login_url": "https://api.telnyx.com/sso/myorg",
    },
}

GROUP_PATH = f"/billing_groups/{GROUP_ID}"
"""Where the example billing group is, after ``/v2``."""
GROUP: dict[str, Any] = {
    "id": GROUP_ID,
    "name": "My billing group name",
    "organization_id": "f1486bae-f067-460c-ad43-73a92848f902",
    "record_type": "billing_group",
    "created_at": "2019-10-15T10:07:15.527Z",
    "updated_at": "2019-10-15T10:07:15.527Z",
    "deleted_at": None,
}

SECRET: dict[str, Any] = {
    "id": SECRET_ID,
    "identifier": "crm-webhook",
    "record_type": "integration_secret",
    "created_at": "2024-05-01T12:00:00Z",
    "updated_at": "2024-05-01T12:00:00Z",
}


def page_of(item: dict[str, Any], number: int = 1, size: int = 20) -> dict[str, Any]:
    """A one-item list answer with its ``meta``."""
    return {
        "data": [item],
        "meta": {"page_number": number, "page_size": size, "total_pages": 1, "total_results": 1},
    }
