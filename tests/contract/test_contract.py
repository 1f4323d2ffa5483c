"""All 24 operations, on both clients, against Prism serving Telnyx's OpenAPI spec.

Prism validates each request against the spec (path, query, headers, security, body) and
answers a documented 400/422 (or its own 422) when one breaks it, which the SDK raises, so
a passing test means the spec accepts what the SDK sends and the SDK parses what the spec
answers. Each operation runs in both of Prism's response modes: ``static`` (the spec's
examples) and ``dynamic`` (data generated from the schemas, extra properties included).
The negative controls prove the harness rejects requests, so it cannot pass vacuously.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import pytest

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressSuggestion,
    AddressValidation,
    APIStatusError,
    AuthenticationError,
    AuthenticationProvider,
    AuthenticationProviderSettings,
    BadRequestError,
    BillingGroup,
    ConflictError,
    IntegrationSecret,
    InternalServerError,
    NotFoundError,
    Page,
    PageMeta,
    PermissionDeniedError,
    UnprocessableEntityError,
)

from .. import payloads as p
from ..clients import KINDS, ClientRunner
from ..spec import load_spec
from .conftest import DEFAULT_SEED, MODES, PrismServer

pytestmark = [
    pytest.mark.contract,
    pytest.mark.timeout(180),  # the first test of each mode also waits for Prism to start
]

API_KEY = "KEY0123456789ABCDEF_contract"
EXCEPTIONS: dict[str, type[APIStatusError]] = {
    "400": BadRequestError,
    "401": AuthenticationError,
    "403": PermissionDeniedError,
    "404": NotFoundError,
    "409": ConflictError,
    "422": UnprocessableEntityError,
    "default": InternalServerError,  # forced as a 500, the status ``default`` stands for here
}
CREATED_AFTER = datetime.fromisoformat("2024-05-01T12:00:00+00:00")


@attrs.frozen(kw_only=True)
class Operation:
    """One operation: how to call it and what it must return.

    ``returns`` is the model of the answer (of each item, for lists); ``key`` names a field
    every answer carries, so a wrongly unwrapped envelope (a model of ``None``s) shows.
    """

    name: str
    operation_id: str
    invoke: Callable[..., Any]
    returns: type[Any] | None
    key: str | None = "id"
    paginated: bool = False


OPERATIONS = [
    Operation(
        name="access_ip_address.list",
        operation_id="ListAccessIpAddresses",
        invoke=lambda c, **o: c.access_ip_address.list(
            page_number=1,
            page_size=50,
            filter={"ip_source": "api", "created_at": {"gte": CREATED_AFTER}},
            **o,
        ),
        returns=AccessIPAddress,
        paginated=True,
    ),
    Operation(
        name="access_ip_address.create",
        operation_id="CreateAccessIpAddress",
        invoke=lambda c, **o: c.access_ip_address.create(
            ip_address="203.0.113.7", description="office", **o
        ),
        returns=AccessIPAddress,
    ),
    Operation(
        name="access_ip_address.retrieve",
        operation_id="GetAccessIpAddress",
        invoke=lambda c, **o: c.access_ip_address.retrieve(p.IP_ID, **o),
        returns=AccessIPAddress,
    ),
    Operation(
        name="access_ip_address.delete",
        operation_id="DeleteAccessIpAddress",
        invoke=lambda c, **o: c.access_ip_address.delete(p.IP_ID, **o),
        returns=AccessIPAddress,
    ),
    Operation(
        name="addresses.list",
        operation_id="FindAddresses",
        invoke=lambda c, **o: c.addresses.list(
            page_number=1,
            page_size=20,
            filter={
                "customer_reference": {"contains": "REF"},
                "used_as_emergency": "true",
                "street_address": {"contains": "Congress"},
                "address_book": {"eq": "true"},
            },
            sort="street_address",
            **o,
        ),
        returns=Address,
        paginated=True,
    ),
    Operation(
        name="addresses.create",
        operation_id="CreateAddress",
        invoke=lambda c, **o: c.addresses.create(**p.NEW_ADDRESS, validate_address=True, **o),
        returns=Address,
    ),
    Operation(
        name="addresses.retrieve",
        operation_id="GetAddress",
        invoke=lambda c, **o: c.addresses.retrieve(p.ADDRESS_ID, **o),
        returns=Address,
    ),
    Operation(
        name="addresses.delete",
        operation_id="DeleteAddress",
        invoke=lambda c, **o: c.addresses.delete(p.ADDRESS_ID, **o),
        returns=Address,
    ),
    Operation(
        name="addresses.actions.validate",
        operation_id="ValidateAddress",
        invoke=lambda c, **o: c.addresses.actions.validate(
            **p.ADDRESS_TO_VALIDATE, administrative_area="TX", extended_address="14th Floor", **o
        ),
        returns=AddressValidation,
        key="result",
    ),
    Operation(
        name="addresses.actions.accept_suggestions",
        operation_id="acceptAddressSuggestions",
        invoke=lambda c, **o: c.addresses.actions.accept_suggestions(
            p.ADDRESS_UUID, id=p.ADDRESS_UUID, **o
        ),
        returns=AddressSuggestion,
    ),
    Operation(
        name="authentication_providers.list",
        operation_id="FindAuthenticationProviders",
        invoke=lambda c, **o: c.authentication_providers.list(
            page_number=1, page_size=10, sort="-name", **o
        ),
        returns=AuthenticationProvider,
        paginated=True,
    ),
    Operation(
        name="authentication_providers.create",
        operation_id="CreateAuthenticationProvider",
        invoke=lambda c, **o: c.authentication_providers.create(
            name="Okta",
            short_name="myorg",
            settings=AuthenticationProviderSettings(**p.SETTINGS),
            active=True,
            settings_url="https://myorg.myidp.com/saml/metadata",
            **o,
        ),
        returns=AuthenticationProvider,
    ),
    Operation(
        name="authentication_providers.retrieve",
        operation_id="GetAuthenticationProvider",
        invoke=lambda c, **o: c.authentication_providers.retrieve(p.PROVIDER_ID, **o),
        returns=AuthenticationProvider,
    ),
    Operation(
        name="authentication_providers.update",
        operation_id="UpdateAuthenticationProvider",
        invoke=lambda c, **o: c.authentication_providers.update(
            p.PROVIDER_ID, name="Okta SSO", active=False, settings=dict(p.SETTINGS), **o
        ),
        returns=AuthenticationProvider,
    ),
    Operation(
        name="authentication_providers.delete",
        operation_id="DeleteAuthenticationProvider",
        invoke=lambda c, **o: c.authentication_providers.delete(p.PROVIDER_ID, **o),
        returns=AuthenticationProvider,
    ),
    Operation(
        name="billing_groups.list",
        operation_id="ListBillingGroups",
        invoke=lambda c, **o: c.billing_groups.list(page_number=1, page_size=20, **o),
        returns=BillingGroup,
        paginated=True,
    ),
    Operation(
        name="billing_groups.create",
        operation_id="CreateBillingGroup",
        invoke=lambda c, **o: c.billing_groups.create(name="My billing group name", **o),
        returns=BillingGroup,
    ),
    Operation(
        name="billing_groups.retrieve",
        operation_id="GetBillingGroup",
        invoke=lambda c, **o: c.billing_groups.retrieve(p.GROUP_ID, **o),
        returns=BillingGroup,
    ),
    Operation(
        name="billing_groups.update",
        operation_id="UpdateBillingGroup",
        invoke=lambda c, **o: c.billing_groups.update(
            p.GROUP_ID, name="Renamed billing group", **o
        ),
        returns=BillingGroup,
    ),
    Operation(
        name="billing_groups.delete",
        operation_id="DeleteBillingGroup",
        invoke=lambda c, **o: c.billing_groups.delete(p.GROUP_ID, **o),
        returns=BillingGroup,
    ),
    Operation(
        name="integration_secrets.list",
        operation_id="list_integration_secrets",
        invoke=lambda c, **o: c.integration_secrets.list(
            page_number=1, page_size=25, filter={"type": "bearer"}, **o
        ),
        returns=IntegrationSecret,
        paginated=True,
    ),
    Operation(
        name="integration_secrets.create",
        operation_id="create_integration_secret",
        invoke=lambda c, **o: c.integration_secrets.create(
            identifier="crm-webhook", type="basic", username="crm", password="pw-1", **o
        ),
        returns=IntegrationSecret,
    ),
    Operation(
        name="integration_secrets.delete",
        operation_id="delete_integration_secret",
        invoke=lambda c, **o: c.integration_secrets.delete(p.SECRET_ID, **o),
        returns=None,
        key=None,
    ),
    Operation(
        name="telephony_credentials.create_token",
        operation_id="CreateTelephonyCredentialToken",
        invoke=lambda c, **o: c.telephony_credentials.create_token(p.CREDENTIAL_ID, **o),
        returns=str,
        key=None,
    ),
]


def call(kind: str, prism: PrismServer, invoke: Callable[..., Any], **options: Any) -> Any:
    """``invoke(client, **options)`` on a fresh client of ``kind`` talking to ``prism``.

    Retries are off: a rejection must surface at once, not after backoff.
    """
    runner = ClientRunner(kind, api_key=API_KEY, base_url=prism.base_url, max_retries=0)
    return runner.call(lambda client: invoke(client, **options))


def naive_datetimes(value: Any, where: str = "") -> list[str]:
    """The paths of ``datetime`` values without a timezone anywhere inside a model."""
    if isinstance(value, datetime):
        return [] if value.tzinfo else [where or "<value>"]
    if attrs.has(type(value)):
        found: list[str] = []
        for field in attrs.fields(type(value)):
            found += naive_datetimes(getattr(value, field.name), f"{where}.{field.name}")
        return found
    if isinstance(value, list):
        return [
            bad for i, item in enumerate(value) for bad in naive_datetimes(item, f"{where}[{i}]")
        ]
    return []


def check_model(value: Any, operation: Operation) -> None:
    """``value`` is the operation's model, with its key field set and aware datetimes."""
    assert operation.returns is not None
    assert isinstance(value, operation.returns), f"{type(value).__name__} is not the model"
    if operation.key is not None:
        assert getattr(value, operation.key) is not None, f"{operation.key} was not parsed"
    assert naive_datetimes(value) == []


def rejection(exc: APIStatusError) -> str:
    """What Prism said about a rejected request: status, body and its ``sl-violations``."""
    violations = exc.headers.get("sl-violations", "(none)")
    return f"{exc.status_code}: {exc.body[:800]}\nsl-violations: {violations}"


CASES = [
    pytest.param(operation, kind, id=f"{operation.name}-{kind}")
    for operation in OPERATIONS
    for kind in KINDS
]


def spec_operation(operation_id: str) -> dict[str, Any]:
    """The spec's description of an operation, by operationId."""
    spec = load_spec()
    [found] = [
        operation
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and operation.get("operationId") == operation_id
    ]
    return found


def test_the_table_covers_the_24_operations() -> None:
    """The table holds each of the spec's 24 operationIds once, under 24 distinct names."""
    spec_ids = {
        operation["operationId"]
        for item in load_spec()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert len(spec_ids) == 24
    assert sorted(operation.operation_id for operation in OPERATIONS) == sorted(spec_ids)
    assert len({operation.name for operation in OPERATIONS}) == 24


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize(("operation", "kind"), CASES)
def test_operation_is_accepted_and_parses(
    operation: Operation, kind: str, prism: PrismServer
) -> None:
    """Prism accepts the request the SDK sends, and the SDK parses Prism's answer into the model."""
    try:
        result = call(kind, prism, operation.invoke)
    except APIStatusError as exc:
        pytest.fail(
            f"Prism ({prism}) rejected {operation.name}: {rejection(exc)}\n"
            f"Prism's log ends:\n{prism.log_tail()}"
        )
    if operation.paginated:
        assert isinstance(result, Page)
        assert result.meta is None or isinstance(result.meta, PageMeta)
        if prism.seed in (None, DEFAULT_SEED):  # another seed may generate empty lists
            assert result.data, f"the page came back empty ({prism})"
        for item in result.data:
            check_model(item, operation)
    elif operation.returns is None:
        assert result is None
    elif operation.returns is str:
        assert isinstance(result, str)
        assert result
    else:
        check_model(result, operation)


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize(("operation", "kind"), CASES)
def test_documented_errors_raise_their_exception(
    operation: Operation, kind: str, prism: PrismServer
) -> None:
    """Each error answer the spec documents raises its exception class with its errors parsed."""
    documented = [
        status
        for status in spec_operation(operation.operation_id)["responses"]
        if not status.startswith("2")
    ]
    assert documented, "every operation documents at least one error answer"
    for status in documented:
        code = "500" if status == "default" else status
        with pytest.raises(APIStatusError) as caught:
            call(kind, prism, operation.invoke, extra_headers={"Prefer": f"code={code}"})
        exc = caught.value
        assert type(exc) is EXCEPTIONS[status], f"forced {status}, got {rejection(exc)}"
        assert exc.status_code == int(code)
        body = json.loads(exc.body) if exc.body.strip() else None
        sent = body.get("errors") if isinstance(body, dict) else None
        assert len(exc.errors) == (len(sent) if isinstance(sent, list) else 0)
        assert all(detail.code is None or isinstance(detail.code, str) for detail in exc.errors)


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [200, 202])
def test_accept_suggestions_parses_both_documented_successes(
    status: int, kind: str, prism: PrismServer
) -> None:
    """'Already accepted' (200) and 'accepted now' (202) both parse into an AddressSuggestion."""
    raw = call(
        kind,
        prism,
        lambda c: c.addresses.actions.with_raw_response.accept_suggestions(
            p.ADDRESS_UUID, extra_headers={"Prefer": f"code={status}"}
        ),
    )
    assert raw.status_code == status
    suggestion = raw.parse()
    assert isinstance(suggestion, AddressSuggestion)
    assert suggestion.id is not None


def _violations(exc: APIStatusError) -> list[dict[str, Any]]:
    """Prism's ``sl-violations`` header, parsed."""
    header = exc.headers.get("sl-violations")
    assert header is not None, f"no sl-violations header: {rejection(exc)}"
    parsed: list[dict[str, Any]] = json.loads(header)
    return parsed


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_prism_rejects_a_query_outside_the_spec(kind: str, prism: PrismServer) -> None:
    """page[size]=0 (the spec's minimum is 1) is refused with the spec's 400, naming page.size."""
    with pytest.raises(BadRequestError) as caught:
        call(kind, prism, lambda c: c.billing_groups.list(extra_query={"page": {"size": 0}}))
    [violation] = _violations(caught.value)
    assert violation["location"] == ["request", "query", "page", "size"]
    assert ">= 1" in violation["message"]


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_prism_rejects_a_body_outside_the_spec(kind: str, prism: PrismServer) -> None:
    """A billing group name that is not a string is refused with 422, naming body.name."""
    with pytest.raises(UnprocessableEntityError) as caught:
        call(kind, prism, lambda c: c.billing_groups.create(extra_body={"name": 42}))
    [violation] = _violations(caught.value)
    assert violation["location"] == ["request", "body", "name"]
    assert "string" in violation["message"]


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_prism_rejects_a_path_outside_the_spec_and_says_why(kind: str, prism: PrismServer) -> None:
    """A non-uuid address id is refused with 422 whose body names the uuid format violation."""
    with pytest.raises(UnprocessableEntityError) as caught:
        call(kind, prism, lambda c: c.addresses.actions.accept_suggestions("not-a-uuid"))
    problem = json.loads(caught.value.body)
    [violation] = problem["validation"]
    assert violation["location"] == ["path", "id"]
    assert violation["code"] == "format"
    assert "uuid" in violation["message"]


@pytest.mark.parametrize("prism", MODES, indirect=True)
@pytest.mark.parametrize("kind", KINDS)
def test_prism_rejects_a_request_without_bearer_auth(kind: str, prism: PrismServer) -> None:
    """Replacing the Bearer key with Basic auth is refused with 401: Prism checks security."""
    with pytest.raises(AuthenticationError) as caught:
        call(
            kind,
            prism,
            lambda c: c.billing_groups.retrieve(
                p.GROUP_ID, extra_headers={"Authorization": "Basic Y3JtOnB3LTE="}
            ),
        )
    [violation] = _violations(caught.value)
    assert violation["code"] == 401
