"""``client.request`` and ``client.paginate`` against Prism serving Telnyx's OpenAPI spec.

The escape hatch builds its requests from what the caller gives, so Prism checks that a
path, query and body given by hand go on the wire as the spec wants them, on both clients.
"""

from __future__ import annotations

import pytest

from telnyx_access import Address, BadRequestError, BillingGroup, Page, RawResponse

from .. import payloads as p
from ..clients import KINDS
from ..test_escape_hatch import keyed_create
from .conftest import MODES, PrismServer
from .test_contract import call

GROUP = f"/billing_groups/{p.GROUP_ID}"

pytestmark = [
    pytest.mark.contract,
    pytest.mark.parametrize("prism", MODES, indirect=True),
    pytest.mark.parametrize("kind", KINDS),
]


def test_get_answers_with_the_json_document(kind: str, prism: PrismServer) -> None:
    """GET /billing_groups/{id} answers with the enveloped group as JSON."""
    document = call(kind, prism, lambda c: c.request("GET", GROUP))
    assert isinstance(document["data"]["id"], str)


def test_get_with_cast_to_builds_the_model(kind: str, prism: PrismServer) -> None:
    """cast_to=BillingGroup builds the group from the answer's data member."""
    group = call(kind, prism, lambda c: c.request("GET", GROUP, cast_to=BillingGroup))
    assert isinstance(group, BillingGroup)
    assert group.id is not None


def test_post_with_idempotency_key(kind: str, prism: PrismServer) -> None:
    """POST /billing_groups with a body and an idempotency key is accepted and parsed."""
    group = call(kind, prism, keyed_create("contract-key-1"))
    assert isinstance(group, BillingGroup)


def test_paginate_addresses(kind: str, prism: PrismServer) -> None:
    """paginate("/addresses", item=Address) fetches a page of addresses (a paginator, awaited)."""
    page = call(kind, prism, lambda c: c.paginate("/addresses", item=Address, page_size=5))
    assert isinstance(page, Page)
    assert all(isinstance(address, Address) for address in page.data)


def test_raw_paginate_as_dicts(kind: str, prism: PrismServer) -> None:
    """with_raw_response.paginate answers with the first page; its items are JSON objects."""
    raw = call(kind, prism, lambda c: c.with_raw_response.paginate("/billing_groups"))
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert all(isinstance(item, dict) for item in raw.parse().data)


def test_query_outside_the_spec_is_rejected(kind: str, prism: PrismServer) -> None:
    """A query given by hand is checked by Prism too: page[size]=0 gets the spec's 400."""
    with pytest.raises(BadRequestError):
        call(kind, prism, lambda c: c.paginate("/billing_groups", query={"page": {"size": 0}}))
