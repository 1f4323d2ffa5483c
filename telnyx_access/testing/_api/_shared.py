"""What every resource's handlers share: errors, bodies, pages and stored records."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

if TYPE_CHECKING:
    from . import FakeAPI

Json = dict[str, Any]
Handler = Callable[["FakeAPI", web.Request], Awaitable[web.Response]]
Route = tuple[str, str, Handler]
"""Method, path after ``/v2``, and the handler that answers it."""

ORGANIZATION_ID = "f1486bae-f067-460c-ad43-73a92848f902"
USER_ID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"

MAX_PAGE_SIZE = 250


class Rejection(Exception):
    """An error answer with one error object: raised by a handler, rendered by the server.

    The object holds ``code``, ``title``, then ``detail`` when given and any ``extra``
    members (``source``, ``meta``), in the order Telnyx writes them.
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        code: str = "10015",
        **extra: Any,
    ) -> None:
        super().__init__(status)
        self.status = status
        error: Json = {"code": code, "title": title}
        if detail is not None:
            error["detail"] = detail
        self.errors = [{**error, **extra}]

    def response(self) -> web.Response:
        """The JSON error answer."""
        return web.json_response({"errors": self.errors}, status=self.status)


def invalid(pointer: str, detail: str) -> Rejection:
    """A 422 for one field of the body, which ``pointer`` names."""
    return Rejection(422, "Invalid value", detail, source={"pointer": pointer})


def now() -> str:
    """The current time as Telnyx writes it."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- request bodies ------------------------------------------------------------------------


@attrs.frozen
class Body:
    """A request's body as a JSON object, read field by field; a bad field gets a 422."""

    fields: Json
    """The object as sent (empty when the request has no body)."""

    @classmethod
    async def read(cls, request: web.Request) -> Body:
        """The body of ``request``, which must be a JSON object if there is one."""
        try:
            fields = await request.json() if request.body_exists else {}
        except ValueError:
            raise Rejection(422, "Invalid JSON", "body is not JSON") from None
        if not isinstance(fields, dict):
            raise Rejection(422, "Invalid JSON", "body must be an object")
        return cls(fields)

    def required_str(self, name: str) -> str:
        """The field ``name``, a non-empty string."""
        value = self.fields.get(name)
        if not isinstance(value, str) or not value.strip():
            raise invalid(f"/{name}", f"{name} is required and must be a non-empty string")
        return value

    def optional(self, name: str, kind: type[Any], default: Any = None) -> Any:
        """The field ``name`` if it is a ``kind``, ``default`` when it is absent or null."""
        value = self.fields.get(name)
        if value is None:
            return default
        if not isinstance(value, kind):
            raise invalid(f"/{name}", f"{name} must be a {kind.__name__}")
        return value

    def strings(self, names: tuple[str, ...]) -> Json:
        """The optional string fields among ``names`` that the body sets."""
        found = {name: self.optional(name, str) for name in names}
        return {name: value for name, value in found.items() if value is not None}


# --- stored records ------------------------------------------------------------------------


def data(item: Json, status: int = 200) -> web.Response:
    """``item`` in the ``{"data": ...}`` envelope most resources answer with."""
    return web.json_response({"data": item}, status=status)


def new_record(**fields: Any) -> Json:
    """``fields`` behind a fresh UUID and before creation stamps, as Telnyx orders them."""
    stamp = now()
    return {"id": str(uuid.uuid4()), **fields, "created_at": stamp, "updated_at": stamp}


@attrs.frozen
class Records:
    """One resource's stored records, and the answers Telnyx gives alike for every resource.

    Attributes:
        attribute: the ``FakeAPI`` attribute that holds them, by id.
        key: the path parameter that names one record.
        envelope: whether answers wrap the record in ``{"data": ...}`` (access IP
            addresses answer with it bare).
    """

    attribute: str
    key: str = "id"
    envelope: bool = True

    def of(self, api: FakeAPI) -> dict[str, Json]:
        """The records of ``api``."""
        records: dict[str, Json] = getattr(api, self.attribute)
        return records

    def find(self, api: FakeAPI, request: web.Request) -> Json:
        """The record the request's path names, or a 404."""
        ident = request.match_info[self.key]
        if ident not in self.of(api):
            detail = f"{self.key} {ident!r} was not found."
            raise Rejection(404, "Resource not found", detail, code="10005")
        return self.of(api)[ident]

    def remove(self, api: FakeAPI, request: web.Request) -> Json:
        """The record the request's path names, taken out of the store."""
        return self.of(api).pop(self.find(api, request)["id"])

    def answer(self, record: Json, status: int = 200) -> web.Response:
        """The answer carrying ``record``."""
        return data(record, status) if self.envelope else web.json_response(record, status=status)

    def add(self, api: FakeAPI, record: Json) -> web.Response:
        """Store a new record, and answer with it."""
        self.of(api)[record["id"]] = record
        return self.answer(record)

    async def retrieve(self, api: FakeAPI, request: web.Request) -> web.Response:
        """The handler of ``GET .../{key}``: the record."""
        return self.answer(self.find(api, request))

    async def delete(self, api: FakeAPI, request: web.Request) -> web.Response:
        """The handler of ``DELETE .../{key}``: the record, removed."""
        return self.answer(self.remove(api, request))


# --- lists ---------------------------------------------------------------------------------


def page(request: web.Request, items: list[Json]) -> web.Response:
    """The page of ``items`` that ``page[number]`` and ``page[size]`` ask for, with ``meta``."""
    number = _page_param(request, "number", 1)
    size = _page_param(request, "size", 20)
    if size > MAX_PAGE_SIZE:
        raise Rejection(400, "Bad request", "page[size]")
    meta = {
        "page_number": number,
        "page_size": size,
        "total_pages": max(1, -(-len(items) // size)),
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
            "Bad request",
            f"page[{name}] must be a positive integer",
            source={"parameter": f"page[{name}]"},
        )
    return int(text)


_COMPARISONS: dict[str, Callable[[str, str], bool]] = {
    "": lambda a, b: a == b,
    "[gt]": lambda a, b: a > b,
    "[gte]": lambda a, b: a >= b,
    "[lt]": lambda a, b: a < b,
    "[lte]": lambda a, b: a <= b,
}


def filter_created_at(items: list[Json], query: Mapping[str, str]) -> list[Json]:
    """``items`` that pass every ``filter[created_at][gt]``-like bound of ``query``."""
    for suffix, test in _COMPARISONS.items():
        wanted = query.get(f"filter[created_at]{suffix}")
        if wanted is not None:
            bound = _instant(wanted)
            items = [item for item in items if test(_instant(item["created_at"]), bound)]
    return items


def _instant(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Rejection(422, "Invalid value", "not a date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()
