"""``with_raw_response``: every method gives status, headers, request id and a lazy parse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from telnyx_access import APIResponseValidationError, BillingGroup, Page, RawResponse

from .clients import ClientRunner
from .helpers import Reply, last_answer_headers, script

ONE = {"data": {"id": "g-1", "name": "ops"}}
LISTED = {"data": [{"id": "g-1"}], "meta": {"page_number": 1, "total_pages": 7}}
HEADERS = {"x-custom": "yes"}
"""Sent on top of the fake's own headers, ``x-request-id`` among them."""

METHODS: list[tuple[str, str, str, Any, Callable[[Any], Any]]] = [
    ("create", "POST", "/billing_groups", ONE, lambda r: r.create(name="ops")),
    ("retrieve", "GET", "/billing_groups/g-1", ONE, lambda r: r.retrieve("g-1")),
    ("update", "PATCH", "/billing_groups/g-1", ONE, lambda r: r.update("g-1", name="x")),
    ("delete", "DELETE", "/billing_groups/g-1", ONE, lambda r: r.delete("g-1")),
    ("list", "GET", "/billing_groups", LISTED, lambda r: r.list(page_size=1)),
]


@pytest.mark.parametrize(
    ("method", "http_method", "path", "body", "invoke"), METHODS, ids=[m[0] for m in METHODS]
)
def test_every_method_has_a_raw_twin(
    runner: ClientRunner,
    method: str,
    http_method: str,
    path: str,
    body: Any,
    invoke: Callable[[Any], Any],
) -> None:
    """The raw twin sends the same request and exposes status, headers and request id."""
    script(runner.fake, http_method, path, Reply(json=body, headers=HEADERS))
    raw = runner.call(lambda c: invoke(c.billing_groups.with_raw_response))
    assert isinstance(raw, RawResponse)
    request_id = last_answer_headers(runner.fake)["x-request-id"]
    assert (raw.status_code, raw.request_id, raw.retries_taken) == (200, request_id, 0)
    assert raw.headers["X-Custom"] == "yes"
    assert [(r.method, r.raw_path) for r in runner.fake.requests] == [(http_method, "/v2" + path)]
    parsed = raw.parse()
    if method == "list":
        assert isinstance(parsed, Page)
        assert parsed.data == [BillingGroup(id="g-1")]
        assert parsed.has_next_page()
    else:
        assert isinstance(parsed, BillingGroup)
        assert parsed.id == "g-1"


def test_raw_parse_reports_a_malformed_body(runner: ClientRunner) -> None:
    """A 200 with a body of the wrong shape is returned raw, and parse() raises on it."""
    script(runner.fake, "GET", "/billing_groups/g-1", Reply(text="<html>oops</html>"))
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.retrieve("g-1"))
    assert raw.content == b"<html>oops</html>"
    with pytest.raises(APIResponseValidationError) as caught:
        raw.parse()
    assert caught.value.status_code == 200
    assert "oops" in caught.value.body


def test_raw_response_repr_hides_the_body(runner: ClientRunner) -> None:
    """The body may hold a secret, so repr shows only status, request id and retries."""
    script(runner.fake, "GET", "/billing_groups/g-1", Reply(json={"data": {"id": "SECRET-ID"}}))
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.retrieve("g-1"))
    assert "SECRET-ID" not in repr(raw)
    assert "status_code=200" in repr(raw)
