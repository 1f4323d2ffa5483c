"""How arguments go on the wire: path segments, deepObject queries and JSON bodies."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from ._checks import check_int
from ._converter import converter

__all__ = [
    "encode_path",
    "encode_query",
    "encode_segment",
    "json_body",
    "merge_extra",
    "page_query",
    "query_pairs",
]


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
