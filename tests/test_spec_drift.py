"""The models keep up with the spec: every property of every answer is a model field."""

from __future__ import annotations

import types
import typing
from typing import Any

import attrs
import pytest

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressSuggestion,
    AddressValidation,
    AuthenticationProvider,
    BillingGroup,
    IntegrationSecret,
    PageMeta,
)

from .spec import load_spec, resolve

# operationId → (model of the answer, how it is wrapped)
ANSWERS: dict[str, tuple[type[Any], str]] = {
    "ListAccessIpAddresses": (AccessIPAddress, "list"),
    "CreateAccessIpAddress": (AccessIPAddress, "bare"),
    "GetAccessIpAddress": (AccessIPAddress, "bare"),
    "DeleteAccessIpAddress": (AccessIPAddress, "bare"),
    "FindAddresses": (Address, "list"),
    "CreateAddress": (Address, "data"),
    "ValidateAddress": (AddressValidation, "data"),
    "GetAddress": (Address, "data"),
    "DeleteAddress": (Address, "data"),
    "acceptAddressSuggestions": (AddressSuggestion, "data"),
    "FindAuthenticationProviders": (AuthenticationProvider, "list"),
    "CreateAuthenticationProvider": (AuthenticationProvider, "data"),
    "GetAuthenticationProvider": (AuthenticationProvider, "data"),
    "UpdateAuthenticationProvider": (AuthenticationProvider, "data"),
    "DeleteAuthenticationProvider": (AuthenticationProvider, "data"),
    "ListBillingGroups": (BillingGroup, "list"),
    "CreateBillingGroup": (BillingGroup, "data"),
    "GetBillingGroup": (BillingGroup, "data"),
    "UpdateBillingGroup": (BillingGroup, "data"),
    "DeleteBillingGroup": (BillingGroup, "data"),
    "list_integration_secrets": (IntegrationSecret, "list"),
    "create_integration_secret": (IntegrationSecret, "data"),
}
# Answers without a JSON body: 204 No Content, and the token as text/plain.
NO_JSON = {"delete_integration_secret", "CreateTelephonyCredentialToken"}


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every operation in the spec, by operationId."""
    return {
        operation["operationId"]: operation
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def json_success_schemas(spec: dict[str, Any], operation: dict[str, Any]) -> list[Any]:
    """The JSON schemas of an operation's 2xx answers."""
    schemas = []
    for status, response in operation["responses"].items():
        content = resolve(spec, response).get("content", {})
        if status.startswith("2") and "application/json" in content:
            schemas.append(resolve(spec, content["application/json"]["schema"]))
    return schemas


def model_inside(hint: Any) -> type[Any] | None:
    """The attrs class inside ``X | None`` or ``list[X] | None``, if any."""
    for arg in (hint, *typing.get_args(hint)):
        if attrs.has(arg):
            return arg  # type: ignore[no-any-return]
        if typing.get_origin(arg) is list or isinstance(arg, types.GenericAlias):
            found = model_inside(typing.get_args(arg)[0])
            if found is not None:
                return found
    return None


def drift(spec: dict[str, Any], schema: Any, model: type[Any], where: str) -> list[str]:
    """Properties of ``schema`` (and of the objects nested in it) that ``model`` lacks."""
    schema = resolve(spec, schema)
    if schema.get("type") == "array":
        schema = resolve(spec, schema["items"])
    hints = typing.get_type_hints(model)
    problems = []
    for name, prop in schema.get("properties", {}).items():
        if name not in hints:
            problems.append(f"{where}.{name} is not a field of {model.__name__}")
            continue
        nested = model_inside(hints[name])
        if nested is not None:
            problems += drift(spec, prop, nested, f"{where}.{name}")
    return problems


def test_every_operation_is_mapped() -> None:
    """Each of the spec's operations has a model here (or is known to answer without JSON)."""
    assert set(operations(load_spec())) == set(ANSWERS) | NO_JSON


@pytest.mark.parametrize("operation_id", sorted(ANSWERS))
def test_answer_properties_are_model_fields(operation_id: str) -> None:
    """Every property of the answer's schema, nested ones included, is a model field."""
    spec = load_spec()
    model, wrapping = ANSWERS[operation_id]
    schemas = json_success_schemas(spec, operations(spec)[operation_id])
    assert schemas, f"{operation_id} documents no JSON answer"
    problems = []
    for schema in schemas:
        if wrapping == "bare":
            problems += drift(spec, schema, model, operation_id)
            continue
        data = schema["properties"]["data"]
        problems += drift(spec, data, model, f"{operation_id}.data")
        if wrapping == "list":
            problems += drift(spec, schema["properties"]["meta"], PageMeta, f"{operation_id}.meta")
    assert problems == []


def test_no_json_operations_have_no_json_answer() -> None:
    """The operations treated as bodiless or text really document no JSON success answer."""
    spec = load_spec()
    for operation_id in NO_JSON:
        assert json_success_schemas(spec, operations(spec)[operation_id]) == []


def test_drift_is_detected() -> None:
    """The check itself fails when a model lacks a property (so it cannot pass vacuously)."""
    spec = load_spec()
    schema = {"type": "object", "properties": {"id": {}, "brand_new": {"type": "string"}}}
    assert drift(spec, schema, BillingGroup, "x") == ["x.brand_new is not a field of BillingGroup"]
    nested = {"properties": {"settings": {"properties": {"idp_entity_id": {}, "new": {}}}}}
    assert drift(spec, nested, AuthenticationProvider, "y") == [
        "y.settings.new is not a field of AuthenticationProviderSettings"
    ]
