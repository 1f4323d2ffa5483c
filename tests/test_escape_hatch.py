"""``client.request`` and ``client.paginate``: any endpoint, with the SDK's retries and errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from telnyx_access import (
    APITimeoutError,
    Backoff,
    BillingGroup,
    InternalServerError,
    NotFoundError,
    Page,
    RawResponse,
)
from telnyx_access.resources._generic import check_path

from .clients import ClientRunner
from .helpers import Reply, add_groups, group_json, group_model, numbered_group_id, script

GROUP = f"/billing_groups/{numbered_group_id(1)}"
FAST = Backoff(initial=0.01)


def keyed_create(key: str) -> Callable[[Any], Any]:
    """A scenario: POST a billing group named "ops" with idempotency key ``key``, as a model."""
    return lambda c: c.request(
        "POST", "/billing_groups", body={"name": "ops"}, idempotency_key=key, cast_to=BillingGroup
    )


def test_get_answers_with_the_decoded_json(runner: ClientRunner) -> None:
    """Without cast_to, the answer is the JSON document as sent, envelope and all."""
    add_groups(runner.fake, [1])
    assert runner.call(lambda c: c.request("GET", GROUP)) == {"data": group_json(1)}
    assert runner.call(lambda c: c.request("get", GROUP)) == {"data": group_json(1)}


def test_cast_to_builds_the_model_from_data(runner: ClientRunner) -> None:
    """cast_to=BillingGroup builds the group from the document's data member."""
    add_groups(runner.fake, [1])
    assert runner.call(lambda c: c.request("GET", GROUP, cast_to=BillingGroup)) == group_model(1)


def test_cast_to_builds_the_model_from_a_bare_document(runner: ClientRunner) -> None:
    """A document without a data member is the model itself."""
    script(runner.fake, "GET", GROUP, Reply(json=group_json(1)))
    assert runner.call(lambda c: c.request("GET", GROUP, cast_to=BillingGroup)) == group_model(1)


def test_an_empty_answer_is_none(runner: ClientRunner) -> None:
    """A 204 without a body answers with None."""
    script(runner.fake, "DELETE", GROUP, Reply(status=204, text=""))
    assert runner.call(lambda c: c.request("DELETE", GROUP)) is None


def test_query_body_and_extras_are_sent(runner: ClientRunner) -> None:
    """query is serialised deepObject-style; body is sent as JSON; extra_* merge into them."""
    add_groups(runner.fake, [1])
    group = runner.call(
        lambda c: c.request(
            "PATCH",
            GROUP,
            query={"filter": {"a": "b"}},
            body={"name": "old"},
            cast_to=BillingGroup,
            extra_query={"x": 1},
            extra_body={"name": "new"},
            extra_headers={"X-Custom": "yes"},
        )
    )
    assert group.name == "new"
    sent = runner.fake.requests[-1]
    assert sent.query == (("filter[a]", "b"), ("x", "1"))
    assert sent.json() == {"name": "new"}
    assert sent.headers["X-Custom"] == "yes"


def test_body_values_become_json(runner: ClientRunner) -> None:
    """Models and datetimes in a body are sent as JSON; None is sent as null."""
    script(runner.fake, "POST", "/anything", Reply(json={"ok": True}))
    body = {"when": group_model(1).created_at, "group": group_model(1), "gone": None}
    assert runner.call(lambda c: c.request("POST", "/anything", body=body)) == {"ok": True}
    sent = runner.fake.requests[-1].json()
    assert sent["when"] == "2024-01-02T03:04:05Z"
    assert sent["group"]["id"] == numbered_group_id(1)
    assert sent["gone"] is None


def test_post_with_idempotency_key_is_retried_on_503(runner: ClientRunner) -> None:
    """A POST with a key is sent again, key and all, after a 503."""
    Reply(status=503).inject(runner.fake, method="POST", path="/billing_groups", times=1)
    group = runner.call(keyed_create("k-1"), backoff=FAST)
    assert group.name == "ops"
    sent = [r for r in runner.fake.requests if r.method == "POST"]
    assert [r.headers["Idempotency-Key"] for r in sent] == ["k-1", "k-1"]


def test_post_without_key_is_not_retried(runner: ClientRunner) -> None:
    """Without a key a POST may have taken effect: a 503 is raised after one attempt."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=503))
    with pytest.raises(InternalServerError):
        runner.call(lambda c: c.request("POST", "/billing_groups", body={}), backoff=FAST)
    assert runner.fake.count("POST", "/billing_groups") == 1


def test_get_is_retried_on_500(runner: ClientRunner) -> None:
    """A GET is retried like a resource's: max_retries=1 makes two attempts."""
    script(runner.fake, "GET", GROUP, Reply(status=500))
    with pytest.raises(InternalServerError):
        runner.call(lambda c: c.request("GET", GROUP), backoff=FAST, max_retries=1)
    assert runner.fake.count("GET", GROUP) == 2


@pytest.mark.parametrize("option", ["timeout", "deadline"])
def test_timeout_and_deadline_are_honoured(runner: ClientRunner, option: str) -> None:
    """A per-call timeout or deadline of 0.2 s cuts a 2 s answer short."""
    script(runner.fake, "GET", GROUP, Reply(json={}, delay=2))
    with pytest.raises(APITimeoutError):
        runner.call(lambda c: c.request("GET", GROUP, **{option: 0.2}), max_retries=0)


def test_status_errors_name_the_request(runner: ClientRunner) -> None:
    """A 404 raises NotFoundError carrying the method and URL."""
    with pytest.raises(NotFoundError) as caught:
        runner.call(lambda c: c.request("GET", GROUP))
    assert (caught.value.method, caught.value.url) == ("GET", runner.fake.base_url + GROUP)


def test_raw_request(runner: ClientRunner) -> None:
    """with_raw_response.request answers with the RawResponse; parse() gives the model."""
    add_groups(runner.fake, [1])
    raw = runner.call(lambda c: c.with_raw_response.request("GET", GROUP, cast_to=BillingGroup))
    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.method, raw.retries_taken) == (200, "GET", 0)
    assert raw.parse() == group_model(1)


def test_paginate_walks_every_page_as_dicts(runner: ClientRunner) -> None:
    """paginate yields the items as JSON objects, page after page, and stops at total_pages."""
    add_groups(runner.fake, range(1, 8))
    items = runner.walk(lambda c: c.paginate("/billing_groups", page_size=3))
    assert items == [group_json(n) for n in range(1, 8)]
    assert runner.fake.count("GET", "/billing_groups") == 3


def test_paginate_with_item_gives_models(runner: ClientRunner) -> None:
    """item=BillingGroup makes every item a model, from the page the query asks for."""
    add_groups(runner.fake, range(1, 8))
    items = runner.walk(
        lambda c: c.paginate(
            "/billing_groups", item=BillingGroup, query={"page": {"number": 2}}, page_size=3
        )
    )
    assert items == [group_model(n) for n in range(4, 8)]


def test_paginate_first_page(runner: ClientRunner) -> None:
    """Awaited (async) or called (blocking), paginate gives the first page, as list() does."""
    add_groups(runner.fake, range(1, 4))
    page = runner.call(lambda c: c.paginate("/billing_groups", item=BillingGroup, page_size=2))
    assert page.data == [group_model(1), group_model(2)]
    assert page.has_next_page()
    assert runner.fake.requests[-1].query == (("page[size]", "2"),)


def test_raw_paginate_gives_the_first_page(runner: ClientRunner) -> None:
    """with_raw_response.paginate makes one request and answers with it."""
    add_groups(runner.fake, range(1, 4))
    raw = runner.call(lambda c: c.with_raw_response.paginate("/billing_groups", page_size=2))
    page = raw.parse()
    assert isinstance(page, Page)
    assert page.data == [group_json(1), group_json(2)]
    assert runner.fake.count() == 1


BAD_CALLS: list[tuple[Callable[[Any], Any], type[Exception], str]] = [
    (lambda c: c.request("HEAD", GROUP), ValueError, "method must be one of"),
    (lambda c: c.request(1, GROUP), TypeError, "method must be a str"),
    (lambda c: c.request("GET", "billing_groups"), ValueError, "path must start with"),
    (lambda c: c.request("GET", "https://evil.example/x"), ValueError, "path must start with"),
    (lambda c: c.request("GET", "//evil.example/x"), ValueError, "path must start with"),
    (lambda c: c.request("GET", "/billing_groups/../x"), ValueError, r"'\.\.' segments"),
    (lambda c: c.request("GET", "/billing_groups/%2E%2E/x"), ValueError, r"'\.\.' segments"),
    (lambda c: c.request("GET", "/billing_groups?x=1"), ValueError, "pass query="),
    (lambda c: c.request("GET", "/billing groups"), ValueError, "percent-encoded"),
    (lambda c: c.request("GET", "/v2/billing_groups"), ValueError, "drop it"),
    (lambda c: c.request("GET", b"/x"), TypeError, "path must be a str"),
    (lambda c: c.request("GET", GROUP, query=[("a", 1)]), TypeError, "query must be a mapping"),
    (lambda c: c.request("POST", "/x", body="{}"), TypeError, "body must be a mapping"),
    (lambda c: c.request("GET", GROUP, cast_to=dict), TypeError, "cast_to must be a model"),
    (lambda c: c.request("GET", GROUP, cast_to=Page), TypeError, "cast_to cannot be a Page"),
    (lambda c: c.request("GET", GROUP, idempotency_key="k"), ValueError, "for POST"),
    (lambda c: c.request("GET", GROUP, timeout=-1), ValueError, "timeout"),
    (lambda c: c.request("GET", GROUP, bogus=1), TypeError, "bogus"),
    (lambda c: c.paginate("/x", item=str), TypeError, "item must be a model"),
    (lambda c: c.paginate("/x", page_size=0), ValueError, "page_size"),
    (lambda c: c.paginate("/x", prefetch=99), ValueError, "prefetch"),
    (lambda c: c.paginate("x"), ValueError, "path must start with"),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_CALLS)
def test_bad_arguments_are_refused_before_sending(
    runner: ClientRunner, call: Callable[[Any], Any], error: type[Exception], match: str
) -> None:
    """Each bad argument raises, naming it, and nothing reaches the server."""

    async def run_async(client: Any) -> Any:
        result = call(client)
        return await result if hasattr(result, "__await__") else result

    with pytest.raises(error, match=match):
        runner.call(call if runner.kind == "blocking" else run_async)
    assert runner.fake.count() == 0


def test_encoded_ids_are_kept() -> None:
    """A percent-encoded segment is sent as given."""
    assert check_path("/addresses/a%2Fb") == "/addresses/a%2Fb"
