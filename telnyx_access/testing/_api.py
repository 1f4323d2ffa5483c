"""The fake API itself: state and handlers for the 24 operations, shaped like Telnyx's.

Answers follow ``account-access.openapi.json``: the envelopes, status codes, id formats,
page-number pagination with ``meta``, and each resource group's own error shape.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import itertools
import json
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

Json = dict[str, Any]
Handler = Callable[["FakeAPI", web.Request], Awaitable[web.Response]]

ORGANIZATION_ID = "f1486bae-f067-460c-ad43-73a92848f902"
USER_ID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
_JWT_KEY = b"fake-telnyx-signing-key"


class Rejection(Exception):
    """An error answer: raised by a handler, rendered by the server."""

    def __init__(self, status: int, errors: list[Json]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors

    def response(self) -> web.Response:
        """The JSON error answer."""
        return web.json_response({"errors": self.errors}, status=self.status)


def now() -> str:
    """The current time as Telnyx writes it."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _invalid(pointer: str, detail: str, *, code: str = "10015") -> Rejection:
    return Rejection(
        422,
        [
            {
                "code": code,
                "title": "Invalid value",
                "detail": detail,
                "source": {"pointer": pointer},
            }
        ],
    )


def _not_found(what: str) -> Rejection:
    return Rejection(
        404, [{"code": "10005", "title": "Resource not found", "detail": f"{what} was not found."}]
    )


def _integer_codes(handler: Handler) -> Handler:
    """Billing-group errors carry integer codes (the spec's ``billing-group_Error``)."""

    async def handle(api: FakeAPI, request: web.Request) -> web.Response:
        try:
            return await handler(api, request)
        except Rejection as rejection:
            for error in rejection.errors:
                error["code"] = int(error["code"])
            raise

    return handle


class FakeAPI:
    """In-memory state of one fake account, and the handlers that act on it."""

    def __init__(self) -> None:
        self.access_ips: dict[str, Json] = {}
        self.addresses: dict[str, Json] = {}
        self.suggestions: dict[str, bool] = {}
        """Address UUIDs with pending suggestions, and whether each was accepted."""
        self.providers: dict[str, Json] = {}
        self.billing_groups: dict[str, Json] = {}
        self.secrets: dict[str, Json] = {}
        self.credentials: set[str] = set()
        """Telephony credential ids a token can be created for."""
        self._address_ids = itertools.count(1293384261075731499)

    # --- access IP addresses: bare objects, string error codes -------------------------

    async def list_access_ips(self, request: web.Request) -> web.Response:
        items = list(self.access_ips.values())
        query = request.query
        for key in ("ip_source", "ip_address"):
            wanted = query.get(f"filter[{key}]")
            if wanted is not None:
                field = "source" if key == "ip_source" else key
                items = [item for item in items if item[field] == wanted]
        items = _filter_created_at(items, query)
        return _page(request, items)

    async def create_access_ip(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        address = _required_str(body, "ip_address")
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise _invalid("/ip_address", "ip_address must be an IPv4 or IPv6 address") from None
        description = _optional(body, "description", str)
        stamp = now()
        item = {
            "id": str(uuid.uuid4()),
            "ip_address": address,
            "source": "api",
            "status": "pending",
            "user_id": USER_ID,
            "created_at": stamp,
            "updated_at": stamp,
        }
        if description is not None:
            item["description"] = description
        self.access_ips[item["id"]] = item
        return web.json_response(item)

    async def get_access_ip(self, request: web.Request) -> web.Response:
        return web.json_response(self._find(self.access_ips, request, "access_ip_address_id"))

    async def delete_access_ip(self, request: web.Request) -> web.Response:
        item = self._find(self.access_ips, request, "access_ip_address_id")
        del self.access_ips[item["id"]]
        return web.json_response(item)

    # --- addresses -----------------------------------------------------------------------

    ADDRESS_SORTS = ("created_at", "first_name", "last_name", "business_name", "street_address")
    ADDRESS_REQUIRED = (
        "first_name",
        "last_name",
        "business_name",
        "street_address",
        "locality",
        "country_code",
    )
    ADDRESS_OPTIONAL = (
        "administrative_area",
        "borough",
        "customer_reference",
        "extended_address",
        "neighborhood",
        "phone_number",
        "postal_code",
    )

    async def list_addresses(self, request: web.Request) -> web.Response:
        query = request.query
        items = list(self.addresses.values())
        reference = query.get("filter[customer_reference]") or query.get(
            "filter[customer_reference][contains]"
        )
        if reference is not None:
            items = [
                a for a in items if reference.lower() in a.get("customer_reference", "").lower()
            ]
        exact = query.get("filter[customer_reference][eq]")
        if exact is not None:
            items = [a for a in items if a.get("customer_reference") == exact]
        street = query.get("filter[street_address][contains]")
        if street is not None:
            items = [a for a in items if street.lower() in a["street_address"].lower()]
        book = query.get("filter[address_book][eq]")
        if book is not None:
            items = [a for a in items if str(a["address_book"]).lower() == book.lower()]
        emergency = query.get("filter[used_as_emergency]")
        if emergency is not None and emergency.lower() == "true":
            items = []  # no number in the fake uses an address for emergency calls
        sort = query.get("sort", "created_at")
        if sort not in self.ADDRESS_SORTS:
            raise Rejection(
                400,
                [{"code": "10015", "title": "Bad request", "detail": f"Unknown sort {sort!r}."}],
            )
        items.sort(key=lambda a: str(a.get(sort, "")))
        return _page(request, items)

    async def create_address(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        address: Json = {name: _required_str(body, name) for name in self.ADDRESS_REQUIRED}
        if not re.fullmatch(r"[A-Za-z]{2}", address["country_code"]):
            raise _invalid("/country_code", "country_code must be an ISO 3166-1 alpha-2 code")
        for name in self.ADDRESS_OPTIONAL:
            value = _optional(body, name, str)
            if value is not None:
                address[name] = value
        stamp = now()
        address.update(
            id=str(next(self._address_ids)),
            record_type="address",
            address_book=_optional(body, "address_book", bool, default=True),
            validate_address=_optional(body, "validate_address", bool, default=True),
            created_at=stamp,
            updated_at=stamp,
        )
        self.addresses[address["id"]] = address
        return web.json_response({"data": address})

    async def get_address(self, request: web.Request) -> web.Response:
        return web.json_response({"data": self._find(self.addresses, request, "id")})

    async def delete_address(self, request: web.Request) -> web.Response:
        address = self._find(self.addresses, request, "id")
        del self.addresses[address["id"]]
        return web.json_response({"data": address})

    async def validate_address(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        fields = {
            name: _required_str(body, name)
            for name in ("country_code", "postal_code", "street_address")
        }
        for name in ("administrative_area", "extended_address", "locality"):
            value = _optional(body, name, str)
            if value is not None:
                fields[name] = value
        suggested = {
            name: " ".join(value.split()).upper()
            if name in ("country_code", "administrative_area")
            else " ".join(value.split())
            for name, value in fields.items()
        }
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
        return web.json_response({"data": result})

    async def accept_suggestions(self, request: web.Request) -> web.Response:
        address_uuid = request.match_info["id"]
        if address_uuid not in self.suggestions:
            raise Rejection(
                404,
                [
                    {
                        "code": "10005",
                        "title": "Resource not found",
                        "detail": "Address not found or not accessible by the user.",
                        "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10005"},
                    }
                ],
            )
        if request.body_exists:
            await _json_object(request)
        already = self.suggestions[address_uuid]
        self.suggestions[address_uuid] = True
        data = {"id": address_uuid, "accepted": True, "record_type": "address_suggestion"}
        return web.json_response({"data": data}, status=200 if already else 202)

    # --- authentication providers --------------------------------------------------------

    PROVIDER_SORT_FIELDS = ("name", "short_name", "active", "created_at", "updated_at")
    SETTINGS_REQUIRED = ("idp_entity_id", "idp_sso_target_url", "idp_cert_fingerprint")
    ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")

    async def list_providers(self, request: web.Request) -> web.Response:
        sort = request.query.get("sort", "-created_at")
        field = sort.removeprefix("-")
        if field not in self.PROVIDER_SORT_FIELDS:
            raise Rejection(400, [{"code": "10015", "title": "Bad request"}])
        items = sorted(
            self.providers.values(), key=lambda p: str(p.get(field)), reverse=sort.startswith("-")
        )
        return _page(request, items)

    async def create_provider(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        stamp = now()
        provider = {
            "id": str(uuid.uuid4()),
            "record_type": "authentication_provider",
            "organization_id": ORGANIZATION_ID,
            "name": _required_str(body, "name"),
            "short_name": self._unique_short_name(_required_str(body, "short_name")),
            "active": _optional(body, "active", bool, default=True),
            "settings": self._settings(body),
            "created_at": stamp,
            "updated_at": stamp,
        }
        if provider["active"]:
            provider["activated_at"] = stamp
        self.providers[provider["id"]] = provider
        return web.json_response({"data": provider})

    async def get_provider(self, request: web.Request) -> web.Response:
        return web.json_response({"data": self._find(self.providers, request, "id")})

    async def update_provider(self, request: web.Request) -> web.Response:
        provider = self._find(self.providers, request, "id")
        body = await _json_object(request)
        changes: Json = {}
        for name in ("name", "short_name"):
            value = _optional(body, name, str)
            if value is not None:
                changes[name] = value
        if "short_name" in changes and changes["short_name"] != provider["short_name"]:
            self._unique_short_name(changes["short_name"])
        active = _optional(body, "active", bool)
        if active is not None:
            changes["active"] = active
            if active and not provider.get("activated_at"):
                changes["activated_at"] = now()
        if "settings" in body:
            changes["settings"] = self._settings(body)
        provider.update(changes, updated_at=now())
        return web.json_response({"data": provider})

    async def delete_provider(self, request: web.Request) -> web.Response:
        provider = self._find(self.providers, request, "id")
        del self.providers[provider["id"]]
        return web.json_response({"data": provider})

    def _unique_short_name(self, short_name: str) -> str:
        if any(p["short_name"] == short_name for p in self.providers.values()):
            raise _invalid("/short_name", "short_name is already taken")
        return short_name

    def _settings(self, body: Json) -> Json:
        settings = body.get("settings")
        if not isinstance(settings, dict):
            raise _invalid("/settings", "settings must be an object")
        for name in self.SETTINGS_REQUIRED:
            if not isinstance(settings.get(name), str) or not settings[name]:
                raise _invalid(f"/settings/{name}", f"{name} is required")
        algorithm = settings.get("idp_cert_fingerprint_algorithm", "sha1")
        if algorithm not in self.ALGORITHMS:
            raise _invalid("/settings/idp_cert_fingerprint_algorithm", "unknown algorithm")
        slug = body.get("short_name", "org")
        return {
            **settings,
            "idp_cert_fingerprint_algorithm": algorithm,
            "assertion_consumer_service_url": f"https://api.telnyx.com/sso/saml/auth/{slug}",
            "service_provider_entity_id": f"https://api.telnyx.com/sso/saml/metadata/{slug}",
            "service_provider_login_url": f"https://api.telnyx.com/sso/{slug}",
        }

    # --- billing groups: integer error codes ---------------------------------------------

    async def list_billing_groups(self, request: web.Request) -> web.Response:
        return _page(request, list(self.billing_groups.values()))

    async def create_billing_group(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        stamp = now()
        group = {
            "id": str(uuid.uuid4()),
            "record_type": "billing_group",
            "organization_id": ORGANIZATION_ID,
            "name": _optional(body, "name", str, default=""),
            "created_at": stamp,
            "updated_at": stamp,
            "deleted_at": None,
        }
        self.billing_groups[group["id"]] = group
        return web.json_response({"data": group})

    async def get_billing_group(self, request: web.Request) -> web.Response:
        return web.json_response({"data": self._find(self.billing_groups, request, "id")})

    async def update_billing_group(self, request: web.Request) -> web.Response:
        group = self._find(self.billing_groups, request, "id")
        body = await _json_object(request)
        name = _optional(body, "name", str)
        if name is not None:
            group.update(name=name, updated_at=now())
        return web.json_response({"data": group})

    async def delete_billing_group(self, request: web.Request) -> web.Response:
        group = self._find(self.billing_groups, request, "id")
        del self.billing_groups[group["id"]]
        group = {**group, "deleted_at": now()}
        return web.json_response({"data": group})

    # --- integration secrets: {code, title, detail} errors -------------------------------

    async def list_secrets(self, request: web.Request) -> web.Response:
        items = list(self.secrets.values())
        kind = request.query.get("filter[type]")
        if kind is not None:
            if kind not in ("bearer", "basic"):
                raise Rejection(
                    400, [{"code": "400", "title": "Bad request", "detail": "unknown type"}]
                )
            items = [s for s in items if s["_type"] == kind]
        return _page(request, [_public(s) for s in items])

    async def create_secret(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        identifier = _required_str(body, "identifier")
        kind = _required_str(body, "type")
        if kind not in ("bearer", "basic"):
            raise _invalid("/type", "type must be bearer or basic")
        needed = ("token",) if kind == "bearer" else ("username", "password")
        for name in needed:
            _required_str(body, name)
        stamp = now()
        secret = {
            "id": str(uuid.uuid4()),
            "record_type": "integration_secret",
            "identifier": identifier,
            "created_at": stamp,
            "updated_at": stamp,
            "_type": kind,
        }
        self.secrets[secret["id"]] = secret
        return web.json_response({"data": _public(secret)}, status=201)

    async def delete_secret(self, request: web.Request) -> web.Response:
        secret = self._find(self.secrets, request, "id")
        del self.secrets[secret["id"]]
        return web.Response(status=204)

    # --- telephony credentials -----------------------------------------------------------

    async def create_token(self, request: web.Request) -> web.Response:
        credential = request.match_info["id"]
        if credential not in self.credentials:
            return web.Response(status=404)
        return web.Response(status=201, text=_jwt(credential), content_type="text/plain")

    # --- shared --------------------------------------------------------------------------

    def _find(self, store: dict[str, Json], request: web.Request, key: str) -> Json:
        ident = request.match_info[key]
        if ident not in store:
            raise _not_found(f"{key} {ident!r}")
        return store[ident]


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/access_ip_address", FakeAPI.list_access_ips),
    ("POST", "/access_ip_address", FakeAPI.create_access_ip),
    ("GET", "/access_ip_address/{access_ip_address_id}", FakeAPI.get_access_ip),
    ("DELETE", "/access_ip_address/{access_ip_address_id}", FakeAPI.delete_access_ip),
    ("GET", "/addresses", FakeAPI.list_addresses),
    ("POST", "/addresses", FakeAPI.create_address),
    ("POST", "/addresses/actions/validate", FakeAPI.validate_address),
    ("GET", "/addresses/{id}", FakeAPI.get_address),
    ("DELETE", "/addresses/{id}", FakeAPI.delete_address),
    ("POST", "/addresses/{id}/actions/accept_suggestions", FakeAPI.accept_suggestions),
    ("GET", "/authentication_providers", FakeAPI.list_providers),
    ("POST", "/authentication_providers", FakeAPI.create_provider),
    ("GET", "/authentication_providers/{id}", FakeAPI.get_provider),
    ("PATCH", "/authentication_providers/{id}", FakeAPI.update_provider),
    ("DELETE", "/authentication_providers/{id}", FakeAPI.delete_provider),
    ("GET", "/billing_groups", FakeAPI.list_billing_groups),
    ("POST", "/billing_groups", _integer_codes(FakeAPI.create_billing_group)),
    ("GET", "/billing_groups/{id}", _integer_codes(FakeAPI.get_billing_group)),
    ("PATCH", "/billing_groups/{id}", _integer_codes(FakeAPI.update_billing_group)),
    ("DELETE", "/billing_groups/{id}", _integer_codes(FakeAPI.delete_billing_group)),
    ("GET", "/integration_secrets", FakeAPI.list_secrets),
    ("POST", "/integration_secrets", FakeAPI.create_secret),
    ("DELETE", "/integration_secrets/{id}", FakeAPI.delete_secret),
    ("POST", "/telephony_credentials/{id}/token", FakeAPI.create_token),
]


def _public(secret: Json) -> Json:
    return {key: value for key, value in secret.items() if not key.startswith("_")}


def _page(request: web.Request, items: list[Json]) -> web.Response:
    number = _page_param(request, "number", 1)
    size = _page_param(request, "size", 20)
    if size > 250:
        raise Rejection(400, [{"code": "10015", "title": "Bad request", "detail": "page[size]"}])
    total_pages = max(1, -(-len(items) // size))
    meta = {
        "page_number": number,
        "page_size": size,
        "total_pages": total_pages,
        "total_results": len(items),
    }
    return web.json_response({"data": items[(number - 1) * size : number * size], "meta": meta})


def _page_param(request: web.Request, name: str, default: int) -> int:
    text = request.query.get(f"page[{name}]")
    if text is None:
        return default
    if not text.isdigit() or int(text) < 1:
        raise Rejection(
            400,
            [
                {
                    "code": "10015",
                    "title": "Bad request",
                    "detail": f"page[{name}] must be a positive integer",
                    "source": {"parameter": f"page[{name}]"},
                }
            ],
        )
    return int(text)


def _filter_created_at(items: list[Json], query: Mapping[str, str]) -> list[Json]:
    tests: dict[str, Callable[[str, str], bool]] = {
        "": lambda a, b: a == b,
        "[gt]": lambda a, b: a > b,
        "[gte]": lambda a, b: a >= b,
        "[lt]": lambda a, b: a < b,
        "[lte]": lambda a, b: a <= b,
    }
    for suffix, test in tests.items():
        wanted = query.get(f"filter[created_at]{suffix}")
        if wanted is not None:
            bound = _instant(wanted)
            items = [item for item in items if test(_instant(item["created_at"]), bound)]
    return items


def _instant(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Rejection(
            422, [{"code": "10015", "title": "Invalid value", "detail": "not a date-time"}]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


async def _json_object(request: web.Request) -> Json:
    try:
        body = await request.json() if request.body_exists else {}
    except ValueError:
        raise Rejection(
            422, [{"code": "10015", "title": "Invalid JSON", "detail": "body is not JSON"}]
        ) from None
    if not isinstance(body, dict):
        raise Rejection(
            422, [{"code": "10015", "title": "Invalid JSON", "detail": "body must be an object"}]
        )
    return body


def _required_str(body: Json, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"/{name}", f"{name} is required and must be a non-empty string")
    return value


def _optional(body: Json, name: str, kind: type[Any], default: Any = None) -> Any:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, kind):
        raise _invalid(f"/{name}", f"{name} must be a {kind.__name__}")
    return value


def _jwt(subject: str) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    issued = int(datetime.now(timezone.utc).timestamp())
    header = b64(json.dumps({"alg": "HS512", "typ": "JWT"}).encode())
    claims = {
        "aud": "telnyx_telephony",
        "iss": "telnyx_telephony",
        "sub": subject,
        "iat": issued,
        "exp": issued + 86400,
        "jti": str(uuid.uuid4()),
        "typ": "access",
    }
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(_JWT_KEY, f"{header}.{payload}".encode(), hashlib.sha512).digest()
    return f"{header}.{payload}.{b64(signature)}"
