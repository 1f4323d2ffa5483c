"""Billing groups: their errors carry integer codes (the spec's ``billing-group_Error``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import (
    ORGANIZATION_ID,
    Body,
    Handler,
    Records,
    Rejection,
    Route,
    new_record,
    now,
    page,
)

if TYPE_CHECKING:
    from . import FakeAPI

GROUPS = Records("billing_groups")


async def list_billing_groups(api: FakeAPI, request: web.Request) -> web.Response:
    """All groups, a page at a time."""
    return page(request, list(api.billing_groups.values()))


async def create_billing_group(api: FakeAPI, request: web.Request) -> web.Response:
    """A new group; its name may be left out."""
    body = await Body.read(request)
    group = new_record(
        record_type="billing_group",
        organization_id=ORGANIZATION_ID,
        name=body.optional("name", str, default=""),
        deleted_at=None,
    )
    return GROUPS.add(api, group)


async def update_billing_group(api: FakeAPI, request: web.Request) -> web.Response:
    """The group, renamed when the body names it."""
    group = GROUPS.find(api, request)
    body = await Body.read(request)
    name = body.optional("name", str)
    if name is not None:
        group.update(name=name, updated_at=now())
    return GROUPS.answer(group)


async def delete_billing_group(api: FakeAPI, request: web.Request) -> web.Response:
    """The group, removed, with the time it was deleted."""
    group = GROUPS.remove(api, request)
    return GROUPS.answer({**group, "deleted_at": now()})


def _integer_codes(handler: Handler) -> Handler:
    async def handle(api: FakeAPI, request: web.Request) -> web.Response:
        try:
            return await handler(api, request)
        except Rejection as rejection:
            for error in rejection.errors:
                error["code"] = int(error["code"])
            raise

    return handle


ROUTES: list[Route] = [
    ("GET", "/billing_groups", list_billing_groups),
    ("POST", "/billing_groups", _integer_codes(create_billing_group)),
    ("GET", "/billing_groups/{id}", _integer_codes(GROUPS.retrieve)),
    ("PATCH", "/billing_groups/{id}", _integer_codes(update_billing_group)),
    ("DELETE", "/billing_groups/{id}", _integer_codes(delete_billing_group)),
]
