"""Integration secrets: stored without their values, which never come back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import Body, Json, Records, Rejection, Route, invalid, new_record, page

if TYPE_CHECKING:
    from . import FakeAPI

SECRETS = Records("secrets")
NEEDED = {"bearer": ("token",), "basic": ("username", "password")}
"""Each kind of secret, and the body fields it needs."""


async def list_secrets(api: FakeAPI, request: web.Request) -> web.Response:
    """All secrets, or those of one kind."""
    items = list(api.secrets.values())
    kind = request.query.get("filter[type]")
    if kind is not None:
        if kind not in NEEDED:
            raise Rejection(400, "Bad request", "unknown type", code="400")
        items = [s for s in items if s["_type"] == kind]
    return page(request, [_public(s) for s in items])


async def create_secret(api: FakeAPI, request: web.Request) -> web.Response:
    """A new secret, once the body has what its kind needs."""
    body = await Body.read(request)
    identifier = body.required_str("identifier")
    kind = body.required_str("type")
    if kind not in NEEDED:
        raise invalid("/type", "type must be bearer or basic")
    for name in NEEDED[kind]:
        body.required_str(name)
    secret = new_record(record_type="integration_secret", identifier=identifier)
    secret["_type"] = kind
    api.secrets[secret["id"]] = secret
    return SECRETS.answer(_public(secret), status=201)


async def delete_secret(api: FakeAPI, request: web.Request) -> web.Response:
    """204: the secret is gone."""
    SECRETS.remove(api, request)
    return web.Response(status=204)


def _public(secret: Json) -> Json:
    return {key: value for key, value in secret.items() if not key.startswith("_")}


ROUTES: list[Route] = [
    ("GET", "/integration_secrets", list_secrets),
    ("POST", "/integration_secrets", create_secret),
    ("DELETE", "/integration_secrets/{id}", delete_secret),
]
