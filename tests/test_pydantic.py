"""Models in pydantic and FastAPI: returned from endpoints, named as response_model."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import TypeAdapter, ValidationError

from telnyx_access import Address, AuthenticationProvider, BillingGroup

from . import payloads as p

GROUP = BillingGroup.from_dict({**p.GROUP, "added_later": {"x": 1}})
ADDRESSES = [Address.from_dict(p.ADDRESS), Address(id="2", locality="Paris")]
PROVIDER = AuthenticationProvider.from_dict(p.PROVIDER)


@pytest.fixture
def api() -> TestClient:
    """An app whose endpoints return SDK models, declared three ways."""
    app = FastAPI()

    @app.get("/group", response_model=BillingGroup)
    async def group() -> Any:
        return GROUP

    @app.get("/addresses", response_model=list[Address])
    async def addresses() -> Any:
        return ADDRESSES

    @app.get("/provider")
    async def provider() -> AuthenticationProvider:
        return PROVIDER

    return TestClient(app)


def test_an_endpoint_answers_the_json_of_to_dict(api: TestClient) -> None:
    """A BillingGroup, a list[Address] and a nested provider come out as to_dict() gives."""
    assert api.get("/group").json() == GROUP.to_dict()
    assert api.get("/addresses").json() == [address.to_dict() for address in ADDRESSES]
    assert api.get("/provider").json() == PROVIDER.to_dict()


def test_the_openapi_document_lists_the_fields(api: TestClient) -> None:
    """Each model is a component listing its fields with JSON types; datetimes as date-time."""
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    group = schemas["BillingGroup"]
    assert group["type"] == "object"
    assert set(group["properties"]) == {
        "id",
        "name",
        "organization_id",
        "record_type",
        "created_at",
        "updated_at",
        "deleted_at",
    }
    assert group["properties"]["name"]["type"] == "string"
    assert group["properties"]["created_at"] == {
        "type": "string",
        "format": "date-time",
        "title": "Created At",
    }
    assert group["additionalProperties"] is True
    assert schemas["Address"]["properties"]["address_book"]["type"] == "boolean"
    provider = schemas["AuthenticationProvider"]["properties"]
    assert provider["settings"] == {"$ref": "#/components/schemas/AuthenticationProviderSettings"}
    assert "idp_entity_id" in schemas["AuthenticationProviderSettings"]["properties"]


def test_required_fields_are_required_in_the_schema() -> None:
    """Fields without a default are listed as required; optional ones are not."""
    from telnyx_access import IntegrationSecret  # noqa: PLC0415

    schema = TypeAdapter(IntegrationSecret).json_schema(mode="serialization")
    assert sorted(schema["required"]) == ["created_at", "id", "identifier", "record_type"]


def test_pydantic_validates_with_from_dict() -> None:
    """Validating JSON data gives the model; a wrong type fails, naming the field."""
    adapter = TypeAdapter(BillingGroup)
    assert adapter.validate_python(GROUP.to_dict()) == GROUP
    assert adapter.validate_python(GROUP) is GROUP
    assert adapter.validate_json(GROUP.to_json()) == GROUP
    with pytest.raises(ValidationError, match="name: expected string, got object"):
        adapter.validate_python({"name": {"invalid": True}})


def test_the_sdk_never_imports_pydantic_itself() -> None:
    """Parsing, to_dict and to_json leave pydantic unimported."""
    script = """
import sys
from telnyx_access import AuthenticationProvider
from telnyx_access.cli._output import to_json
provider = AuthenticationProvider.from_dict({"id": "p", "settings": {"idp_entity_id": "e"}})
provider.to_json(), to_json(provider)
loaded = sorted(name for name in sys.modules if name.startswith(("pydantic", "fastapi")))
print(loaded)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
