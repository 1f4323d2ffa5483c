"""All 24 operations, on both clients: the exact request sent, and the parsed answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressSuggestion,
    AddressValidation,
    AddressValidationIssue,
    AuthenticationProvider,
    AuthenticationProviderSettings,
    BillingGroup,
    IntegrationSecret,
    Page,
    PageMeta,
    SuggestedAddress,
    ValidationSource,
)

from . import payloads as p
from .clients import ClientRunner
from .helpers import Reply, script

MAY_1 = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
FEB_2 = datetime(2018, 2, 2, 22, 25, 27, 521000, tzinfo=timezone.utc)
OCT_15 = datetime(2019, 10, 15, 10, 7, 15, 527000, tzinfo=timezone.utc)

IP = AccessIPAddress(**{**p.ACCESS_IP, "created_at": MAY_1, "updated_at": MAY_1})
ADDRESS = Address(**p.ADDRESS)
VALIDATION = AddressValidation(
    result="invalid",
    record_type="address_validation",
    suggested=SuggestedAddress(**p.VALIDATION["suggested"]),
    errors=[
        AddressValidationIssue(
            code="20207",
            title="Invalid street address",
            description="The street address provided is invalid.",
            source=ValidationSource(pointer="/street_address"),
        )
    ],
)
PROVIDER = AuthenticationProvider(
    **{
        **p.PROVIDER,
        "settings": AuthenticationProviderSettings(**p.PROVIDER["settings"]),
        "activated_at": FEB_2,
        "created_at": FEB_2,
        "updated_at": FEB_2,
    }
)
GROUP = BillingGroup(**{**p.GROUP, "created_at": OCT_15, "updated_at": OCT_15})
SECRET = IntegrationSecret(**{**p.SECRET, "created_at": MAY_1, "updated_at": MAY_1})
ONE_PAGE = PageMeta(page_number=1, page_size=20, total_pages=1, total_results=1)


@attrs.frozen(kw_only=True)
class Operation:
    """One operation: how to call it, what must be sent, what comes back."""

    name: str
    invoke: Callable[[Any], Any]
    method: str
    path: str
    reply: Reply
    expected: Any
    query: list[tuple[str, str]] = attrs.field(factory=list)
    body: Any = None
    paginated: bool = False


OPERATIONS = [
    Operation(
        name="access_ip_address.list",
        invoke=lambda c: c.access_ip_address.list(
            page_number=1,
            page_size=10,
            filter={"ip_source": "cloudflare", "created_at": {"gte": MAY_1}},
        ),
        method="GET",
        path="/access_ip_address",
        query=[
            ("page[number]", "1"),
            ("page[size]", "10"),
            ("filter[ip_source]", "cloudflare"),
            ("filter[created_at][gte]", "2024-05-01T12:00:00+00:00"),
        ],
        reply=Reply(json=p.page_of(p.ACCESS_IP)),
        expected=Page(data=[IP], meta=ONE_PAGE),
        paginated=True,
    ),
    Operation(
        name="access_ip_address.create",
        invoke=lambda c: c.access_ip_address.create(ip_address="203.0.113.7", description="office"),
        method="POST",
        path="/access_ip_address",
        body={"ip_address": "203.0.113.7", "description": "office"},
        reply=Reply(json=p.ACCESS_IP),
        expected=IP,
    ),
    Operation(
        name="access_ip_address.retrieve",
        invoke=lambda c: c.access_ip_address.retrieve(p.IP_ID),
        method="GET",
        path=f"/access_ip_address/{p.IP_ID}",
        reply=Reply(json=p.ACCESS_IP),
        expected=IP,
    ),
    Operation(
        name="access_ip_address.delete",
        invoke=lambda c: c.access_ip_address.delete(p.IP_ID),
        method="DELETE",
        path=f"/access_ip_address/{p.IP_ID}",
        reply=Reply(json=p.ACCESS_IP),
        expected=IP,
    ),
    Operation(
        name="addresses.list",
        invoke=lambda c: c.addresses.list(
            page_size=20,
            filter={"customer_reference": {"contains": "REF"}, "used_as_emergency": "true"},
            sort="street_address",
        ),
        method="GET",
        path="/addresses",
        query=[
            ("page[size]", "20"),
            ("filter[customer_reference][contains]", "REF"),
            ("filter[used_as_emergency]", "true"),
            ("sort", "street_address"),
        ],
        reply=Reply(json=p.page_of(p.ADDRESS)),
        expected=Page(data=[ADDRESS], meta=ONE_PAGE),
        paginated=True,
    ),
    Operation(
        name="addresses.create",
        invoke=lambda c: c.addresses.create(**p.NEW_ADDRESS),
        method="POST",
        path="/addresses",
        body=p.NEW_ADDRESS,
        reply=Reply(json={"data": p.ADDRESS}),
        expected=ADDRESS,
    ),
    Operation(
        name="addresses.retrieve",
        invoke=lambda c: c.addresses.retrieve(p.ADDRESS_ID),
        method="GET",
        path=f"/addresses/{p.ADDRESS_ID}",
        reply=Reply(json={"data": p.ADDRESS}),
        expected=ADDRESS,
    ),
    Operation(
        name="addresses.delete",
        invoke=lambda c: c.addresses.delete(p.ADDRESS_ID),
        method="DELETE",
        path=f"/addresses/{p.ADDRESS_ID}",
        reply=Reply(json={"data": p.ADDRESS}),
        expected=ADDRESS,
    ),
    Operation(
        name="addresses.actions.validate",
        invoke=lambda c: c.addresses.actions.validate(**p.ADDRESS_TO_VALIDATE),
        method="POST",
        path="/addresses/actions/validate",
        body=p.ADDRESS_TO_VALIDATE,
        reply=Reply(json={"data": p.VALIDATION}),
        expected=VALIDATION,
    ),
    Operation(
        name="addresses.actions.accept_suggestions",
        invoke=lambda c: c.addresses.actions.accept_suggestions(p.ADDRESS_UUID, id=p.ADDRESS_UUID),
        method="POST",
        path=f"/addresses/{p.ADDRESS_UUID}/actions/accept_suggestions",
        body={"id": p.ADDRESS_UUID},
        reply=Reply(status=202, json={"data": p.SUGGESTION}),
        expected=AddressSuggestion(**p.SUGGESTION),
    ),
    Operation(
        name="authentication_providers.list",
        invoke=lambda c: c.authentication_providers.list(page_number=1, sort="-name"),
        method="GET",
        path="/authentication_providers",
        query=[("page[number]", "1"), ("sort", "-name")],
        reply=Reply(json=p.page_of(p.PROVIDER)),
        expected=Page(data=[PROVIDER], meta=ONE_PAGE),
        paginated=True,
    ),
    Operation(
        name="authentication_providers.create",
        invoke=lambda c: c.authentication_providers.create(
            name="Okta",
            short_name="myorg",
            settings=AuthenticationProviderSettings(**p.SETTINGS),
            active=True,
            settings_url="https://myorg.myidp.com/saml/metadata",
        ),
        method="POST",
        path="/authentication_providers",
        body={
            "name": "Okta",
            "short_name": "myorg",
            "settings": p.SETTINGS,
            "active": True,
            "settings_url": "https://myorg.myidp.com/saml/metadata",
        },
        reply=Reply(json={"data": p.PROVIDER}),
        expected=PROVIDER,
    ),
    Operation(
        name="authentication_providers.retrieve",
        invoke=lambda c: c.authentication_providers.retrieve(p.PROVIDER_ID),
        method="GET",
        path=f"/authentication_providers/{p.PROVIDER_ID}",
        reply=Reply(json={"data": p.PROVIDER}),
        expected=PROVIDER,
    ),
    Operation(
        name="authentication_providers.update",
        invoke=lambda c: c.authentication_providers.update(
            p.PROVIDER_ID, active=False, settings=dict(p.SETTINGS)
        ),
        method="PATCH",
        path=f"/authentication_providers/{p.PROVIDER_ID}",
        body={"active": False, "settings": p.SETTINGS},
        reply=Reply(json={"data": p.PROVIDER}),
        expected=PROVIDER,
    ),
    Operation(
        name="authentication_providers.delete",
        invoke=lambda c: c.authentication_providers.delete(p.PROVIDER_ID),
        method="DELETE",
        path=f"/authentication_providers/{p.PROVIDER_ID}",
        reply=Reply(json={"data": p.PROVIDER}),
        expected=PROVIDER,
    ),
    Operation(
        name="billing_groups.list",
        invoke=lambda c: c.billing_groups.list(page_number=1, page_size=20),
        method="GET",
        path="/billing_groups",
        query=[("page[number]", "1"), ("page[size]", "20")],
        reply=Reply(json=p.page_of(p.GROUP)),
        expected=Page(data=[GROUP], meta=ONE_PAGE),
        paginated=True,
    ),
    Operation(
        name="billing_groups.create",
        invoke=lambda c: c.billing_groups.create(name="My billing group name"),
        method="POST",
        path="/billing_groups",
        body={"name": "My billing group name"},
        reply=Reply(json={"data": p.GROUP}),
        expected=GROUP,
    ),
    Operation(
        name="billing_groups.retrieve",
        invoke=lambda c: c.billing_groups.retrieve(p.GROUP_ID),
        method="GET",
        path=f"/billing_groups/{p.GROUP_ID}",
        reply=Reply(json={"data": p.GROUP}),
        expected=GROUP,
    ),
    Operation(
        name="billing_groups.update",
        invoke=lambda c: c.billing_groups.update(p.GROUP_ID, name="My billing group name"),
        method="PATCH",
        path=f"/billing_groups/{p.GROUP_ID}",
        body={"name": "My billing group name"},
        reply=Reply(json={"data": p.GROUP}),
        expected=GROUP,
    ),
    Operation(
        name="billing_groups.delete",
        invoke=lambda c: c.billing_groups.delete(p.GROUP_ID),
        method="DELETE",
        path=f"/billing_groups/{p.GROUP_ID}",
        reply=Reply(json={"data": p.GROUP}),
        expected=GROUP,
    ),
    Operation(
        name="integration_secrets.list",
        invoke=lambda c: c.integration_secrets.list(page_size=25, filter={"type": "bearer"}),
        method="GET",
        path="/integration_secrets",
        query=[("page[size]", "25"), ("filter[type]", "bearer")],
        reply=Reply(json=p.page_of(p.SECRET)),
        expected=Page(data=[SECRET], meta=ONE_PAGE),
        paginated=True,
    ),
    Operation(
        name="integration_secrets.create",
        invoke=lambda c: c.integration_secrets.create(
            identifier="crm-webhook", type="basic", username="crm", password="pw-1"
        ),
        method="POST",
        path="/integration_secrets",
        body={"identifier": "crm-webhook", "type": "basic", "username": "crm", "password": "pw-1"},
        reply=Reply(status=201, json={"data": p.SECRET}),
        expected=SECRET,
    ),
    Operation(
        name="integration_secrets.delete",
        invoke=lambda c: c.integration_secrets.delete(p.SECRET_ID),
        method="DELETE",
        path=f"/integration_secrets/{p.SECRET_ID}",
        reply=Reply(status=204),
        expected=None,
    ),
    Operation(
        name="telephony_credentials.create_token",
        invoke=lambda c: c.telephony_credentials.create_token(p.CREDENTIAL_ID),
        method="POST",
        path=f"/telephony_credentials/{p.CREDENTIAL_ID}/token",
        reply=Reply(status=201, text=p.JWT),  # the fake answers text as text/plain
        expected=p.JWT,
    ),
]


def _template(path: str) -> str:
    for ident in (p.IP_ID, p.ADDRESS_ID, p.ADDRESS_UUID, p.PROVIDER_ID, p.GROUP_ID, p.SECRET_ID):
        path = path.replace(ident, "{}")
    return path.replace(p.CREDENTIAL_ID, "{}")


def test_the_table_covers_the_24_operations() -> None:
    """Each of the API's 24 operations (method and path) appears once in the table."""
    assert len({(op.method, _template(op.path)) for op in OPERATIONS}) == 24
    assert len({op.name for op in OPERATIONS}) == 24


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_operation_sends_the_request_and_parses_the_answer(
    runner: ClientRunner, operation: Operation
) -> None:
    """The exact method, path, query and JSON body go out; the answer becomes the model."""
    script(runner.fake, operation.method, re.escape(operation.path), operation.reply)
    result = runner.call(operation.invoke)
    [received] = runner.fake.requests
    assert (received.method, received.raw_path) == (operation.method, "/v2" + operation.path)
    assert list(received.query) == operation.query
    assert (received.json() if received.body else None) == operation.body
    if operation.paginated:
        assert isinstance(result, Page)
        assert (result.data, result.meta) == (operation.expected.data, operation.expected.meta)
    else:
        assert result == operation.expected


@pytest.mark.parametrize("status", [200, 202])
def test_accept_suggestions_succeeds_on_200_and_202(runner: ClientRunner, status: int) -> None:
    """Both 'already accepted' (200) and 'accepted now' (202) return the suggestion."""
    path = f"/addresses/{p.ADDRESS_UUID}/actions/accept_suggestions"
    script(runner.fake, "POST", re.escape(path), Reply(status=status, json={"data": p.SUGGESTION}))
    raw = runner.call(
        lambda c: c.addresses.actions.with_raw_response.accept_suggestions(p.ADDRESS_UUID)
    )
    assert raw.status_code == status
    assert raw.parse() == AddressSuggestion(**p.SUGGESTION)
    assert runner.fake.requests[0].json() == {}


def test_create_token_asks_for_text_and_returns_the_jwt(runner: ClientRunner) -> None:
    """The token endpoint is asked for text/plain and its body comes back as the JWT str."""
    path = f"/telephony_credentials/{p.CREDENTIAL_ID}/token"
    script(runner.fake, "POST", re.escape(path), Reply(status=201, text=p.JWT + "\n"))
    token = runner.call(lambda c: c.telephony_credentials.create_token(p.CREDENTIAL_ID))
    assert token == p.JWT
    assert runner.fake.requests[0].headers["Accept"] == "text/plain"
    assert runner.fake.requests[0].body == b""


def test_bearer_secret_sends_its_token(runner: ClientRunner) -> None:
    """A bearer secret sends identifier, type and token, and nothing for the basic fields."""
    script(runner.fake, "POST", "/integration_secrets", Reply(status=201, json={"data": p.SECRET}))
    runner.call(
        lambda c: c.integration_secrets.create(
            identifier="crm-webhook", type="bearer", token="tok-1"
        )
    )
    assert runner.fake.requests[0].json() == {
        "identifier": "crm-webhook",
        "type": "bearer",
        "token": "tok-1",
    }


def test_unknown_enum_values_in_answers_are_kept(runner: ClientRunner) -> None:
    """A status Telnyx adds later is kept as sent, not refused."""
    script(
        runner.fake,
        "GET",
        re.escape(f"/access_ip_address/{p.IP_ID}"),
        Reply(json={**p.ACCESS_IP, "status": "syncing"}),
    )
    assert runner.call(lambda c: c.access_ip_address.retrieve(p.IP_ID)).status == "syncing"
