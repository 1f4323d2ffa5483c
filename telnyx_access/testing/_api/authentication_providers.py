"""Authentication providers: SAML settings, unique short names, sorting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import (
    ORGANIZATION_ID,
    Body,
    Json,
    Records,
    Rejection,
    Route,
    invalid,
    new_record,
    now,
    page,
)

if TYPE_CHECKING:
    from . import FakeAPI

PROVIDERS = Records("providers")
SORT_FIELDS = ("name", "short_name", "active", "created_at", "updated_at")
SETTINGS_REQUIRED = ("idp_entity_id", "idp_sso_target_url", "idp_cert_fingerprint")
ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")


async def list_providers(api: FakeAPI, request: web.Request) -> web.Response:
    """Sorted by one field, newest first unless asked otherwise."""
    sort = request.query.get("sort", "-created_at")
    field = sort.removeprefix("-")
    if field not in SORT_FIELDS:
        raise Rejection(400, "Bad request")
    items = sorted(
        api.providers.values(), key=lambda p: str(p.get(field)), reverse=sort.startswith("-")
    )
    return page(request, items)


async def create_provider(api: FakeAPI, request: web.Request) -> web.Response:
    """A new provider, activated at once unless ``active`` is false."""
    body = await Body.read(request)
    provider = new_record(
        record_type="authentication_provider",
        organization_id=ORGANIZATION_ID,
        name=body.required_str("name"),
        short_name=_unique_short_name(api, body.required_str("short_name")),
        active=body.optional("active", bool, default=True),
        settings=_settings(body),
    )
    if provider["active"]:
        provider["activated_at"] = provider["created_at"]
    return PROVIDERS.add(api, provider)


async def update_provider(api: FakeAPI, request: web.Request) -> web.Response:
    """The provider with the fields the body sets changed."""
    provider = PROVIDERS.find(api, request)
    body = await Body.read(request)
    changes = body.strings(("name", "short_name"))
    if "short_name" in changes and changes["short_name"] != provider["short_name"]:
        _unique_short_name(api, changes["short_name"])
    active = body.optional("active", bool)
    if active is not None:
        changes["active"] = active
        if active and not provider.get("activated_at"):
            changes["activated_at"] = now()
    if "settings" in body.fields:
        changes["settings"] = _settings(body)
    provider.update(changes, updated_at=now())
    return PROVIDERS.answer(provider)


def _unique_short_name(api: FakeAPI, short_name: str) -> str:
    if any(p["short_name"] == short_name for p in api.providers.values()):
        raise invalid("/short_name", "short_name is already taken")
    return short_name


def _settings(body: Body) -> Json:
    settings = body.fields.get("settings")
    if not isinstance(settings, dict):
        raise invalid("/settings", "settings must be an object")
    for name in SETTINGS_REQUIRED:
        if not isinstance(settings.get(name), str) or not settings[name]:
            raise invalid(f"/settings/{name}", f"{name} is required")
    algorithm = settings.get("idp_cert_fingerprint_algorithm", "sha1")
    if algorithm not in ALGORITHMS:
        raise invalid("/settings/idp_cert_fingerprint_algorithm", "unknown algorithm")
    slug = body.fields.get("short_name", "org")
    return {
        **settings,
        "idp_cert_fingerprint_algorithm": algorithm,
        "assertion_consumer_service_url": f"https://api.telnyx.com/sso/saml/auth/{slug}",
        "service_provider_entity_id": f"https://api.telnyx.com/sso/saml/metadata/{slug}",
        "service_provider_login_url": f"https://api.telnyx.com/sso/{slug}",
    }


ROUTES: list[Route] = [
    ("GET", "/authentication_providers", list_providers),
    ("POST", "/authentication_providers", create_provider),
    ("GET", "/authentication_providers/{id}", PROVIDERS.retrieve),
    ("PATCH", "/authentication_providers/{id}", update_provider),
    ("DELETE", "/authentication_providers/{id}", PROVIDERS.delete),
]
