"""What a resource method produces: a ``Call`` that says what to send and how to read it.

Resource methods only validate their arguments and build a ``Call``; the transport sends
it. Everything here runs before any I/O, so bad input fails without reaching the network.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, Generic, TypedDict, TypeVar, get_args
from urllib.parse import quote

import attrs

from ._config import check_header_value, check_headers, check_seconds
from ._converter import ShapeError, converter, json_type, loads

__all__ = ["Call", "ListOptions", "PostOptions", "RequestOptions"]

T = TypeVar("T")
Parser = Callable[[bytes], T]


class RequestOptions(TypedDict, total=False):
    """Per-call settings every method accepts as keyword arguments."""

    extra_headers: Mapping[str, str]
    """Headers added to (or replacing) the ones the SDK sends."""
    extra_query: Mapping[str, Any]
    """Query parameters added to the request, serialised deepObject-style."""
    extra_body: Mapping[str, Any]
    """JSON fields merged into the request body."""
    timeout: float
    """Seconds per attempt, instead of the client's ``timeout``."""
    deadline: float
    """Seconds for the whole call including retries, instead of the client's ``deadline``."""


class PostOptions(RequestOptions, total=False):
    """Options of methods that create: an idempotency key makes them safe to retry."""

    idempotency_key: str | None
    """Sent as ``Idempotency-Key`` on every attempt; lets 5xx and timeouts be retried."""


class ListOptions(RequestOptions, total=False):
    """Options of list methods."""

    prefetch: int
    """Pages fetched ahead of the one being read while walking a list of known length (one
    at first, doubling as the walk goes on, up to this many; default 8, 0..32); 0 fetches
    each page only when it is needed."""


@attrs.define(kw_only=True)
class Call(Generic[T]):
    """One API call: the request to send and the parser that reads a successful answer.

    Not frozen, although nothing changes it once built: a frozen class fills each field
    through ``object.__setattr__``, which costs more than the rest of the call's checks.
    """

    method: str
    path: str
    """Already percent-encoded, starting with ``/``."""
    parse: Parser[T] = attrs.field(repr=False)
    template: str | None = None
    """The path before its parameters were filled in (``/billing_groups/{id}``): tracing
    shows that rather than ids. ``None`` for a path without parameters."""
    query: Mapping[str, Any] = attrs.field(factory=dict)
    body: Mapping[str, Any] | None = None
    accept: str = "application/json"
    options: RequestOptions = attrs.field(factory=RequestOptions)
    prefetch: int = 0
    """For list calls: pages to fetch ahead while walking."""

    def __attrs_post_init__(self) -> None:
        check_options(self.method, self.options)

    def with_query(self, **params: Any) -> Call[T]:
        """A copy with query parameters replaced, used to ask for another page."""
        return attrs.evolve(self, query={**self.query, **params})


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)
_POST_OPTION_NAMES = _OPTION_NAMES | {"idempotency_key"}


def check_options(method: str, options: Mapping[str, Any]) -> None:
    """Refuse unknown or ill-typed per-call options before anything is sent."""
    if not options:  # the common case, on every call
        return
    allowed = _POST_OPTION_NAMES if method == "POST" else _OPTION_NAMES
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    for name in ("timeout", "deadline"):
        if name in options:
            check_seconds(name, options[name])
    if "extra_headers" in options:
        check_headers("extra_headers", options["extra_headers"])
    for name in ("extra_query", "extra_body"):
        if name in options and not isinstance(options[name], Mapping):
            raise TypeError(f"{name} must be a mapping")
    key = options.get("idempotency_key")
    if key is not None:
        if not isinstance(key, str) or not key.strip():
            raise ValueError("idempotency_key must be a non-empty str")
        check_header_value("idempotency_key", key)


def encode_path(template: str, **params: str) -> str:
    """Fill ``{name}`` slots with percent-encoded parameters, so each stays one path segment."""
    return template.format_map({k: encode_segment(v) for k, v in params.items()})


_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+").fullmatch
"""Whether a path segment carries only characters it may carry as they are (RFC 3986),
as every uuid does."""


def encode_segment(value: str) -> str:
    """``value`` percent-encoded as one path segment."""
    if _UNRESERVED(value) and value not in (".", ".."):
        return value  # nothing to encode, as for every id Telnyx hands out
    segment = quote(value, safe="")
    # "." and ".." are encoded too: left bare they would climb the path.
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def query_pairs(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Flatten nested mappings deepObject-style: ``{"a": {"b": 1}}`` → ``a[b]=1``.

    ``None`` values are left out; sequences repeat the key.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs.extend(query_pairs(value, name))
        elif isinstance(value, (list, tuple)):
            pairs.extend((name, _query_value(name, item)) for item in value)
        else:
            pairs.append((name, _query_value(name, value)))
    return pairs


def _query_value(name: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(f"query parameter {name} cannot be {type(value).__name__}")


def merge_extra(base: Mapping[str, Any] | None, extra: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra``'s members in place of its own, key by key, so none is sent twice.

    Where both hold a mapping under the same key, the two merge the same way, at any
    depth: ``{"page": {"size": 5}}`` and ``{"page": {"number": 2}}`` give both. Any
    other value of ``extra`` replaces ``base``'s; ``None`` replaces it too, so in a query
    (which leaves ``None`` out) it removes the parameter. Neither argument is changed.
    """
    merged = dict(base or {})
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = merge_extra(current, value)
        else:
            merged[key] = value
    return merged


def encode_query(pairs: Sequence[tuple[str, str]]) -> str:
    """A query string; brackets stay readable, everything else is percent-encoded."""
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)


_JSON_SCALARS = frozenset({str, int, float, bool})


def json_body(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A request body without the fields left as ``None``; models become plain JSON."""
    return {
        key: value if value.__class__ in _JSON_SCALARS else converter.unstructure(value)
        for key, value in fields.items()
        if value is not None
    }


def page_query(page_number: int | None, page_size: int | None) -> dict[str, Any]:
    """The ``page`` query parameter, after checking the numbers the spec bounds."""
    page: dict[str, int] = {}
    if page_number is not None:
        page["number"] = check_int("page_number", page_number, minimum=1)
    if page_size is not None:
        page["size"] = check_int("page_size", page_size, minimum=1, maximum=250)
    return {"page": page} if page else {}


def check_int(name: str, value: object, *, minimum: int, maximum: int | None = None) -> int:
    """An ``int`` within bounds (``bool`` is refused although it is an ``int``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise ValueError(f"{name} must be {bounds}, got {value}")
    return value


def check_optional_str(name: str, value: object) -> str | None:
    """``None`` or a ``str``."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def check_str(name: str, value: object) -> str:
    """A required ``str`` with something in it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def check_optional_bool(name: str, value: object) -> bool | None:
    """``None`` or a ``bool`` (``1`` and ``"true"`` are refused, not guessed at)."""
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def check_choice(name: str, value: object, choices: object) -> Any:
    """``None`` or one of the values of a ``Literal`` type."""
    allowed = get_args(choices)
    if value is not None and value not in allowed:
        listed = ", ".join(repr(choice) for choice in allowed)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_mapping(name: str, value: object) -> Mapping[str, Any] | None:
    """``None`` or a mapping, such as a ``filter``."""
    if value is not None and not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    return value


def check_country_code(name: str, value: object) -> str:
    """An ISO 3166-1 alpha-2 code: two ASCII letters."""
    code = check_str(name, value)
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise ValueError(f"{name} must be two letters (ISO 3166-1 alpha-2), got {code!r}")
    return code


def check_ip_address(name: str, value: object) -> str:
    """An IPv4 or IPv6 address, sent as given."""
    address = check_str(name, value)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(f"{name} must be an IPv4 or IPv6 address, got {address!r}") from None
    return address


@cache
def enveloped(cls: type[T]) -> Parser[T]:
    """Parser for ``{"data": <cls>}`` answers; built once per class."""
    structure = converter.get_structure_hook(cls)

    def parse(content: bytes) -> T:
        data = member(loads(content), "data")
        try:
            return structure(data, cls)  # type: ignore[no-any-return]
        except ShapeError as error:
            raise error.within("data") from None

    return parse


def member(document: object, name: str) -> Any:
    """The member ``name`` of a JSON document that must be an object holding it."""
    if document.__class__ is not dict and not isinstance(document, Mapping):
        raise ShapeError(f"expected an object with {name!r}, got {json_type(document)}")
    if name not in document:
        raise ShapeError.missing(name)
    return document[name]


@cache
def bare(cls: type[T]) -> Parser[T]:
    """Parser for answers that are the object itself, without an envelope."""
    structure = converter.get_structure_hook(cls)
    return lambda content: structure(loads(content), cls)


def text(content: bytes) -> str:
    """Parser for ``text/plain`` answers."""
    return content.decode("utf-8").strip()


def no_content(content: bytes) -> None:
    """Parser for answers without a body (204)."""
