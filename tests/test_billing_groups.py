"""Billing-group details beyond the request/answer table in ``test_operations``."""

from __future__ import annotations

import json

import pytest

from telnyx_access import NotFoundError

from . import payloads as p
from .clients import ClientRunner
from .helpers import API_KEY, Reply, script


def test_create_without_name_sends_empty_object(runner: ClientRunner) -> None:
    """A name left as None is not sent: the body is an empty JSON object."""
    runner.call(lambda c: c.billing_groups.create())
    [received] = runner.fake.requests
    assert received.json() == {}
    assert received.headers["Content-Type"] == "application/json"


def test_every_request_carries_the_standard_headers(runner: ClientRunner) -> None:
    """Authorization, Accept and a User-Agent naming the SDK go with each request."""
    runner.fake.api.billing_groups[p.GROUP_ID] = dict(p.GROUP)
    runner.call(lambda c: c.billing_groups.retrieve(p.GROUP_ID))
    [received] = runner.fake.requests
    assert received.headers["Authorization"] == f"Bearer {API_KEY}"
    assert received.headers["Accept"] == "application/json"
    assert received.headers["User-Agent"].startswith("telnyx-access/")
    assert "Content-Type" not in received.headers


def test_unknown_fields_and_enum_values_are_kept_or_ignored(runner: ClientRunner) -> None:
    """A field the model lacks is ignored and an unknown record_type is kept as sent."""
    body = {**p.GROUP, "record_type": "billing_group_v2", "brand_new_field": [1, 2]}
    script(runner.fake, "GET", f"/billing_groups/{p.GROUP_ID}", Reply(json={"data": body}))
    group = runner.call(lambda c: c.billing_groups.retrieve(p.GROUP_ID))
    assert group.record_type == "billing_group_v2"
    assert group.id == p.GROUP_ID


def test_deleted_at_becomes_an_aware_datetime(runner: ClientRunner) -> None:
    """An offset timestamp is parsed as an aware datetime, not left as text."""
    deleted = {**p.GROUP, "deleted_at": "2020-01-01T00:00:00+02:00"}
    script(runner.fake, "DELETE", f"/billing_groups/{p.GROUP_ID}", Reply(json={"data": deleted}))
    group = runner.call(lambda c: c.billing_groups.delete(p.GROUP_ID))
    assert group.deleted_at.isoformat() == "2020-01-01T00:00:00+02:00"


def test_not_found_raises_with_error_details(runner: ClientRunner) -> None:
    """A 404 raises NotFoundError with the parsed error list (integer code as str)."""
    with pytest.raises(NotFoundError) as caught:
        runner.call(lambda c: c.billing_groups.retrieve("missing"))
    assert caught.value.status_code == 404
    assert caught.value.errors[0].code == "10005"
    assert caught.value.errors[0].title == "Resource not found"
    # The fake, like Telnyx, sends billing-group error codes as integers.
    assert json.loads(runner.fake.exchanges[-1].body)["errors"][0]["code"] == 10005
