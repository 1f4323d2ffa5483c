"""The five billing-group operations, on both clients, against the local server."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from telnyx_access import BillingGroup, NotFoundError, PageMeta

from .conftest import ClientRunner
from .server import API_KEY, Reply

GROUP_ID = "f5586561-8ff0-4291-a0ac-84fe544797bd"
GROUP_JSON = {
    "created_at": "2019-10-15T10:07:15.527Z",
    "deleted_at": None,
    "id": GROUP_ID,
    "name": "My billing group name",
    "organization_id": "f1486bae-f067-460c-ad43-73a92848f902",
    "record_type": "billing_group",
    "updated_at": "2019-10-15T10:07:15.527Z",
}
GROUP = BillingGroup(
    id=GROUP_ID,
    name="My billing group name",
    organization_id="f1486bae-f067-460c-ad43-73a92848f902",
    record_type="billing_group",
    created_at=datetime(2019, 10, 15, 10, 7, 15, 527000, tzinfo=timezone.utc),
    updated_at=datetime(2019, 10, 15, 10, 7, 15, 527000, tzinfo=timezone.utc),
    deleted_at=None,
)


def test_create_sends_name_and_parses_group(runner: ClientRunner) -> None:
    """create POSTs {"name": ...} as JSON and returns the BillingGroup inside ``data``."""
    runner.server.on("POST", "/billing_groups", Reply(json={"data": GROUP_JSON}))
    group = runner.call(lambda c: c.billing_groups.create(name="ops"))
    assert group == GROUP
    [received] = runner.server.requests
    assert (received.method, received.path, received.query) == ("POST", "/v2/billing_groups", "")
    assert received.json() == {"name": "ops"}
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["Authorization"] == f"Bearer {API_KEY}"
    assert received.headers["Accept"] == "application/json"
    assert received.headers["User-Agent"].startswith("telnyx-access/")


def test_create_without_name_sends_empty_object(runner: ClientRunner) -> None:
    """A name left as None is not sent: the body is an empty JSON object."""
    runner.server.on("POST", "/billing_groups", Reply(json={"data": GROUP_JSON}))
    runner.call(lambda c: c.billing_groups.create())
    assert runner.server.requests[0].json() == {}


def test_retrieve_gets_by_id(runner: ClientRunner) -> None:
    """retrieve GETs /billing_groups/{id} with no body and parses the group."""
    runner.server.on("GET", f"/billing_groups/{GROUP_ID}", Reply(json={"data": GROUP_JSON}))
    assert runner.call(lambda c: c.billing_groups.retrieve(GROUP_ID)) == GROUP
    [received] = runner.server.requests
    assert (received.method, received.path, received.body) == (
        "GET",
        f"/v2/billing_groups/{GROUP_ID}",
        b"",
    )
    assert "Content-Type" not in received.headers


def test_update_patches_name(runner: ClientRunner) -> None:
    """update PATCHes only the given fields."""
    renamed = {**GROUP_JSON, "name": "renamed"}
    runner.server.on("PATCH", f"/billing_groups/{GROUP_ID}", Reply(json={"data": renamed}))
    group = runner.call(lambda c: c.billing_groups.update(GROUP_ID, name="renamed"))
    assert group.name == "renamed"
    [received] = runner.server.requests
    assert (received.method, received.path) == ("PATCH", f"/v2/billing_groups/{GROUP_ID}")
    assert received.json() == {"name": "renamed"}


def test_delete_returns_deleted_group(runner: ClientRunner) -> None:
    """delete sends DELETE and returns the group with its deleted_at as a datetime."""
    deleted = {**GROUP_JSON, "deleted_at": "2020-01-01T00:00:00+02:00"}
    runner.server.on("DELETE", f"/billing_groups/{GROUP_ID}", Reply(json={"data": deleted}))
    group = runner.call(lambda c: c.billing_groups.delete(GROUP_ID))
    assert group.deleted_at == datetime(2019, 12, 31, 22, 0, tzinfo=timezone.utc)
    assert group.deleted_at.tzinfo is not None
    assert runner.server.requests[0].method == "DELETE"


def test_list_sends_page_parameters_deep_object_style(runner: ClientRunner) -> None:
    """list(page_number, page_size) sends page[number] and page[size] and returns a Page."""
    runner.server.on(
        "GET",
        "/billing_groups",
        Reply(
            json={
                "data": [GROUP_JSON],
                "meta": {"page_number": 2, "page_size": 1, "total_pages": 2, "total_results": 2},
            }
        ),
    )

    def first_page(client: Any) -> Any:
        listing = client.billing_groups.list(page_number=2, page_size=1)
        return listing if runner.kind == "blocking" else _await(listing)

    page = runner.call(first_page)
    assert page.data == [GROUP]
    assert page.meta == PageMeta(page_number=2, page_size=1, total_pages=2, total_results=2)
    assert not page.has_next_page()
    assert runner.server.requests[0].query == "page[number]=2&page[size]=1"


async def _await(awaitable: Any) -> Any:
    return await awaitable


def test_unknown_fields_and_enum_values_are_kept_or_ignored(runner: ClientRunner) -> None:
    """A field the model lacks is ignored and an unknown record_type is kept as sent."""
    body = {**GROUP_JSON, "record_type": "billing_group_v2", "brand_new_field": [1, 2]}
    runner.server.on("GET", f"/billing_groups/{GROUP_ID}", Reply(json={"data": body}))
    group = runner.call(lambda c: c.billing_groups.retrieve(GROUP_ID))
    assert group.record_type == "billing_group_v2"


def test_not_found_raises_with_error_details(runner: ClientRunner) -> None:
    """A 404 raises NotFoundError with the parsed error list (integer code as str)."""
    runner.server.on(
        "GET",
        "/billing_groups/missing",
        Reply(status=404, json={"errors": [{"code": 10005, "title": "Resource not found"}]}),
    )
    with pytest.raises(NotFoundError) as caught:
        runner.call(lambda c: c.billing_groups.retrieve("missing"))
    assert caught.value.status_code == 404
    assert caught.value.errors[0].code == "10005"
    assert caught.value.errors[0].title == "Resource not found"
