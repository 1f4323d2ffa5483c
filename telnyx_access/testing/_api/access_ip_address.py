"""Allowed IP addresses: bare objects (no ``data`` envelope), string error codes."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import USER_ID, Body, Records, Route, filter_created_at, invalid, new_record, page

if TYPE_CHECKING:
    from . import FakeAPI

ACCESS_IPS = Records("access_ips", key="access_ip_address_id", envelope=False)
_FILTERS = {"ip_source": "source", "ip_address": "ip_address"}
"""``filter[...]`` parameters, and the field each compares."""


async def list_access_ips(api: FakeAPI, request: web.Request) -> web.Response:
    """Filtered by source, address and creation time."""
    items = list(api.access_ips.values())
    for name, field in _FILTERS.items():
        wanted = request.query.get(f"filter[{name}]")
        if wanted is not None:
            items = [item for item in items if item[field] == wanted]
    return page(request, filter_created_at(items, request.query))


async def create_access_ip(api: FakeAPI, request: web.Request) -> web.Response:
    """A pending entry for a valid IPv4 or IPv6 address."""
    body = await Body.read(request)
    address = body.required_str("ip_address")
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise invalid("/ip_address", "ip_address must be an IPv4 or IPv6 address") from None
    item = new_record(ip_address=address, source="api", status="pending", user_id=USER_ID)
    item.update(body.strings(("description",)))
    return ACCESS_IPS.add(api, item)


ROUTES: list[Route] = [
    ("GET", "/access_ip_address", list_access_ips),
    ("POST", "/access_ip_address", create_access_ip),
    ("GET", "/access_ip_address/{access_ip_address_id}", ACCESS_IPS.retrieve),
    ("DELETE", "/access_ip_address/{access_ip_address_id}", ACCESS_IPS.delete),
]
