"""Request building, before any I/O: paths, query strings, bodies and per-call options."""

from __future__ import annotations

import copy
import inspect
from datetime import datetime, timezone
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from telnyx_access import AsyncTelnyxAccess
from telnyx_access._checks import check_str
from telnyx_access._encoding import (
    encode_path,
    encode_query,
    json_body,
    merge_extra,
    page_query,
    query_pairs,
)
from telnyx_access._request import Call
from telnyx_access._resource import Binding, M, Resource, endpoint, paginated
from telnyx_access.testing import FakeTelnyx

from . import payloads as p
from .clients import ClientRunner
from .helpers import API_KEY


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("abc", "abc"),
        ("../x", "..%2Fx"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a b?c#d", "a%20b%3Fc%23d"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        ("a\r\nX-Evil: 1", "a%0D%0AX-Evil%3A%201"),
    ],
)
def test_path_parameters_stay_one_segment(value: str, segment: str) -> None:
    """Every character that could change the path is percent-encoded."""
    assert encode_path("/billing_groups/{id}", id=value) == f"/billing_groups/{segment}"


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_blank_ids_are_refused(value: str) -> None:
    """An empty or whitespace id raises ValueError naming the parameter."""
    with pytest.raises(ValueError, match="id must not be empty"):
        check_str("id", value)


@pytest.mark.parametrize("value", [None, 5, b"id", ["id"]])
def test_non_str_ids_are_refused(value: object) -> None:
    """A non-str id raises TypeError naming the parameter and the type."""
    with pytest.raises(TypeError, match="id must be a str"):
        check_str("id", value)


def test_query_is_serialised_deep_object_style() -> None:
    """Nested mappings become bracketed keys; None is dropped; bools and datetimes read well."""
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    pairs = query_pairs(
        {
            "page": {"number": 2, "size": 50},
            "filter": {"created_at": {"gt": when}, "used": True, "skip": None},
            "sort": "-name",
            "tags": ["a", "b"],
        }
    )
    assert pairs == [
        ("page[number]", "2"),
        ("page[size]", "50"),
        ("filter[created_at][gt]", "2024-01-02T03:04:05+00:00"),
        ("filter[used]", "true"),
        ("sort", "-name"),
        ("tags", "a"),
        ("tags", "b"),
    ]
    assert encode_query(pairs[:3]) == (
        "page[number]=2&page[size]=50&filter[created_at][gt]=2024-01-02T03%3A04%3A05%2B00%3A00"
    )


def test_query_values_of_other_types_are_refused() -> None:
    """A query value that has no text form raises TypeError naming the parameter."""
    with pytest.raises(TypeError, match=r"filter\[x\]"):
        query_pairs({"filter": {"x": object()}})


def test_json_body_drops_none() -> None:
    """Fields left as None are not sent; False, 0 and "" are."""
    assert json_body({"a": None, "b": False, "c": 0, "d": ""}) == {"b": False, "c": 0, "d": ""}


@pytest.mark.parametrize(
    ("number", "size", "error", "match"),
    [
        (0, None, ValueError, "page_number must be >= 1"),
        (None, 0, ValueError, r"page_size must be 1\.\.250"),
        (None, 251, ValueError, r"page_size must be 1\.\.250"),
        ("2", None, TypeError, "page_number must be an int"),
        (None, True, TypeError, "page_size must be an int"),
    ],
)
def test_page_numbers_are_checked(
    number: object, size: object, error: type[Exception], match: str
) -> None:
    """page_number >= 1 and page_size in 1..250, as ints, or an error naming them."""
    with pytest.raises(error, match=match):
        page_query(number, size)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"bogus": 1}, TypeError, "unexpected keyword argument 'bogus'"),
        ({"timeout": 0}, ValueError, "timeout must be a positive"),
        ({"deadline": "soon"}, TypeError, "deadline must be a number"),
        ({"extra_headers": {"X-A": "1\r\nX-B: 2"}}, ValueError, "must be printable ASCII"),
        ({"extra_query": [("a", "b")]}, TypeError, "extra_query must be a mapping"),
        ({"idempotency_key": "k"}, TypeError, "unexpected keyword argument 'idempotency_key'"),
    ],
)
def test_bad_options_are_refused_when_the_call_is_built(
    options: dict[str, object], error: type[Exception], match: str
) -> None:
    """Per-call options are checked when the call is built, so nothing is sent."""
    with pytest.raises(error, match=match):
        Call(method="GET", path="/x", parse=bytes, options=options)


def test_idempotency_key_is_a_post_option() -> None:
    """POST accepts an idempotency key, but not a blank one."""
    Call(method="POST", path="/x", parse=bytes, options={"idempotency_key": "k-1"})
    with pytest.raises(ValueError, match="idempotency_key"):
        Call(method="POST", path="/x", parse=bytes, options={"idempotency_key": " "})


class _Things(Resource[M]):
    _name = "things"

    @endpoint
    def get(self, id: str, *, verbose: bool = False) -> Call[bytes]:
        """Get a thing."""
        return Call(method="GET", path=encode_path("/things/{id}", id=id), parse=bytes)

    @paginated
    def list(self, *, page_size: int | None = None) -> Call[bytes]:
        """List things."""
        return Call(method="GET", path="/things", parse=bytes)


def test_methods_keep_their_name_docstring_and_signature() -> None:
    """The callables the descriptors hand out look like the methods they wrap, minus self."""

    async def send(call: object) -> object:
        raise AssertionError("not sent")

    things = _Things(Binding(send))
    assert things.get.__name__ == "get"
    assert things.get.__doc__ == "Get a thing."
    assert str(inspect.signature(things.get)) == "(id: 'str', *, verbose: 'bool' = False)"
    assert str(inspect.signature(things.list)) == "(*, page_size: 'int | None' = None)"


# --- extra_query, extra_body, extra_headers: replace key by key, merge nested mappings ------


@pytest.mark.parametrize(
    ("base", "extra", "merged"),
    [
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
        ({"a": 1}, {"a": 2}, {"a": 2}),
        (
            {"page": {"size": 5, "number": 1}},
            {"page": {"number": 2}},
            {"page": {"size": 5, "number": 2}},
        ),
        ({"f": {"a": {"b": 1, "c": 2}}}, {"f": {"a": {"c": 3}}}, {"f": {"a": {"b": 1, "c": 3}}}),
        ({"page": {"number": 1}}, {"page": 3}, {"page": 3}),
        ({"page": 3}, {"page": {"number": 1}}, {"page": {"number": 1}}),
        ({"page": {"number": 1}}, {"page": {"number": None}}, {"page": {"number": None}}),
        ({"tags": [1, 2]}, {"tags": [3]}, {"tags": [3]}),
        (None, {"a": {"b": 1}}, {"a": {"b": 1}}),
    ],
)
def test_merge_extra_replaces_key_by_key_at_any_depth(
    base: dict[str, Any] | None, extra: dict[str, Any], merged: dict[str, Any]
) -> None:
    """extra's values win; where both sides hold mappings they merge; inputs stay as they were."""
    before = copy.deepcopy((base, extra))
    assert merge_extra(base, extra) == merged
    assert (base, extra) == before


def test_merged_query_sends_each_parameter_once() -> None:
    """A page number given both ways becomes one page[number], the extra one."""
    query = merge_extra(page_query(1, 20), {"page": {"number": 2}})
    assert query_pairs(query) == [("page[number]", "2"), ("page[size]", "20")]


def test_extra_query_page_number_replaces_the_methods_own(runner: ClientRunner) -> None:
    """list(page_number=1, extra_query={"page": {"number": 2}}) sends page[number]=2 once."""
    runner.call(
        lambda c: c.billing_groups.list(
            page_number=1, page_size=5, extra_query={"page": {"number": 2}}
        )
    )
    assert runner.fake.requests[0].raw_query == "page[number]=2&page[size]=5"


def test_extra_body_replaces_a_field_of_create(runner: ClientRunner) -> None:
    """create(name="a", extra_body={"name": "b"}) sends {"name": "b"}."""
    runner.call(lambda c: c.billing_groups.create(name="a", extra_body={"name": "b", "n": 1}))
    assert runner.fake.requests[0].json() == {"name": "b", "n": 1}


def test_extra_body_merges_into_nested_settings_of_update(runner: ClientRunner) -> None:
    """update(settings=...) with extra_body={"settings": {...}} merges the two settings."""
    settings = {**p.SETTINGS, "idp_entity_id": "a"}
    runner.fake.inject(200, body={"data": p.PROVIDER}, method="PATCH")
    runner.call(
        lambda c: c.authentication_providers.update(
            p.PROVIDER_ID,
            settings=settings,
            extra_body={"settings": {"idp_entity_id": "b", "idp_new": True}},
        )
    )
    assert runner.fake.requests[0].json() == {
        "settings": {**p.SETTINGS, "idp_entity_id": "b", "idp_new": True}
    }


@pytest.mark.anyio
async def test_extra_headers_replace_user_agent_in_another_spelling(fake: FakeTelnyx) -> None:
    """extra_headers in another spelling send one User-Agent and one Accept: the extra ones."""
    sent: list[CIMultiDict[str]] = []

    async def record(_: Any, __: Any, params: aiohttp.TraceRequestHeadersSentParams) -> None:
        sent.append(CIMultiDict(params.headers))

    trace = aiohttp.TraceConfig()
    trace.on_request_headers_sent.append(record)
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        client = AsyncTelnyxAccess(api_key=API_KEY, base_url=fake.base_url, session=session)
        async with client:
            extra = {"user-agent": "mine/2", "ACCEPT": "application/json; v=2"}
            await client.billing_groups.list(extra_headers=extra)
    assert sent[0].getall("User-Agent") == ["mine/2"]
    assert sent[0].getall("Accept") == ["application/json; v=2"]
