"""Addresses: int64 ids, filters and sorting, validation, and accepting suggestions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import Body, Json, Records, Rejection, Route, data, invalid, new_record, page

if TYPE_CHECKING:
    from . import FakeAPI

ADDRESSES = Records("addresses")
SORTS = ("created_at", "first_name", "last_name", "business_name", "street_address")
REQUIRED = (
    "first_name",
    "last_name",
    "business_name",
    "street_address",
    "locality",
    "country_code",
)
OPTIONAL = (
    "administrative_area",
    "borough",
    "customer_reference",
    "extended_address",
    "neighborhood",
    "phone_number",
    "postal_code",
)

_FILTERS: dict[str, Callable[[Json, str], bool]] = {
    "filter[customer_reference][eq]": lambda a, v: a.get("customer_reference") == v,
    "filter[street_address][contains]": lambda a, v: v.lower() in a["street_address"].lower(),
    "filter[address_book][eq]": lambda a, v: str(a["address_book"]).lower() == v.lower(),
    # No number in the fake uses an address for emergency calls.
    "filter[used_as_emergency]": lambda a, v: v.lower() != "true",
}
"""The exact ``filter[...]`` parameters, and whether an address passes one with a value."""


async def list_addresses(api: FakeAPI, request: web.Request) -> web.Response:
    """Filtered, then sorted by one field."""
    query = request.query
    items = list(api.addresses.values())
    reference = query.get("filter[customer_reference]") or query.get(
        "filter[customer_reference][contains]"
    )
    if reference is not None:
        items = [a for a in items if reference.lower() in a.get("customer_reference", "").lower()]
    for name, passes in _FILTERS.items():
        wanted = query.get(name)
        if wanted is not None:
            items = [item for item in items if passes(item, wanted)]
    sort = query.get("sort", "created_at")
    if sort not in SORTS:
        raise Rejection(400, "Bad request", f"Unknown sort {sort!r}.")
    items.sort(key=lambda a: str(a.get(sort, "")))
    return page(request, items)


async def create_address(api: FakeAPI, request: web.Request) -> web.Response:
    """A new address with the next int64 id."""
    body = await Body.read(request)
    fields: Json = {name: body.required_str(name) for name in REQUIRED}
    if not re.fullmatch(r"[A-Za-z]{2}", fields["country_code"]):
        raise invalid("/country_code", "country_code must be an ISO 3166-1 alpha-2 code")
    address = new_record(
        **fields,
        **body.strings(OPTIONAL),
        record_type="address",
        address_book=body.optional("address_book", bool, default=True),
        validate_address=body.optional("validate_address", bool, default=True),
    )
    address["id"] = str(next(api.address_ids))
    return ADDRESSES.add(api, address)


async def validate_address(api: FakeAPI, request: web.Request) -> web.Response:
    """The address tidied up, ``valid`` when its street starts with a number."""
    body = await Body.read(request)
    fields = {
        name: body.required_str(name) for name in ("country_code", "postal_code", "street_address")
    }
    fields.update(body.strings(("administrative_area", "extended_address", "locality")))
    suggested = {name: " ".join(value.split()) for name, value in fields.items()}
    for name in ("country_code", "administrative_area"):
        if name in suggested:
            suggested[name] = suggested[name].upper()
    result: Json = {"record_type": "address_validation", "suggested": suggested}
    if re.match(r"\d+\s+\S", suggested["street_address"]) and suggested["postal_code"]:
        result["result"] = "valid"
    else:
        result["result"] = "invalid"
        result["errors"] = [
            {
                "code": "20207",
                "title": "Invalid street address",
                "description": "The street address provided is invalid.",
                "source": {"pointer": "/street_address"},
            }
        ]
    return data(result)


async def accept_suggestions(api: FakeAPI, request: web.Request) -> web.Response:
    """202 the first time an address's suggestions are accepted, 200 after that."""
    address_uuid = request.match_info["id"]
    if address_uuid not in api.suggestions:
        raise Rejection(
            404,
            "Resource not found",
            "Address not found or not accessible by the user.",
            code="10005",
            meta={"url": "https://developers.telnyx.com/docs/overview/errors/10005"},
        )
    await Body.read(request)  # nothing to read, but a body must still be a JSON object
    already = api.suggestions[address_uuid]
    api.suggestions[address_uuid] = True
    accepted = {"id": address_uuid, "accepted": True, "record_type": "address_suggestion"}
    return data(accepted, status=200 if already else 202)


ROUTES: list[Route] = [
    ("GET", "/addresses", list_addresses),
    ("POST", "/addresses", create_address),
    ("POST", "/addresses/actions/validate", validate_address),
    ("GET", "/addresses/{id}", ADDRESSES.retrieve),
    ("DELETE", "/addresses/{id}", ADDRESSES.delete),
    ("POST", "/addresses/{id}/actions/accept_suggestions", accept_suggestions),
]
