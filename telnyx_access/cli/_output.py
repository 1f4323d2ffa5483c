"""What a command prints: one JSON document with ``--json``, else a table or key: value lines.

Notes for people (results counted, pages left, the progress of ``--all``) go to stderr,
and only when it is a terminal.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import IO, Any

import attrs

from .._converter import EXTRA_FIELDS
from .._models import (
    AccessIPAddress,
    Address,
    AuthenticationProvider,
    BillingGroup,
    IntegrationSecret,
)
from .._models._base import Model
from .._pagination import Page, SyncPage
from ._streams import Streams, is_terminal

# Table columns per listed model (other models fall back to their first fields).
_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    AccessIPAddress: ("id", "ip_address", "description", "status", "created_at"),
    Address: (
        "id",
        "first_name",
        "last_name",
        "business_name",
        "street_address",
        "locality",
        "country_code",
    ),
    AuthenticationProvider: ("id", "name", "short_name", "active", "created_at"),
    BillingGroup: ("id", "name", "created_at"),
    IntegrationSecret: ("id", "identifier", "created_at"),
}
_HEADINGS = {"country_code": "country"}
_MIN_COLUMN = 10


@attrs.frozen
class Listing:
    """What a list command fetched, and a note for a person about the pages left."""

    items: list[Any]
    note: str | None = None


def gather(page: SyncPage[Any], *, everything: bool, stderr: IO[str]) -> Listing:
    """The page's items, or with ``everything`` those of every page from it on.

    While walking, a terminal on stderr shows how far it got.
    """
    if not everything:
        return Listing(items=list(page.data), note=_pages_note(page))
    meta = page.meta
    total = meta.total_results if meta is not None else None
    show = is_terminal(stderr)
    step = max(len(page.data), 1)
    items: list[Any] = []
    for item in page:  # blocking iteration walks the following pages
        items.append(item)
        if show and len(items) % step == 0:
            stderr.write(f"\r{_progress(len(items), total)}")
            stderr.flush()
    if show and len(items) % step != 0:
        stderr.write(f"\r{_progress(len(items), total)}")
    if show:
        stderr.write("\n")
    return Listing(items=items)


def _progress(count: int, total: int | None) -> str:
    return f"fetched {count} of {total}" if total is not None else f"fetched {count}"


def _pages_note(page: Page[Any]) -> str | None:
    meta = page.meta
    if not page.has_next_page() or meta is None or meta.page_number is None:
        return None
    of = f" of {meta.total_pages}" if meta.total_pages is not None else ""
    results = f" ({meta.total_results} results)" if meta.total_results is not None else ""
    return (
        f"page {meta.page_number}{of}{results}; more with --page-number "
        f"{meta.page_number + 1}, or every page with --all"
    )


def show(result: Any, model: Any, *, as_json: bool, streams: Streams) -> None:
    """Print a command's result: one JSON document with ``as_json``, else text.

    A ``Listing`` is a table of ``model`` items; a string (a token) is printed alone; any
    other object as ``listing`` lines.
    """
    out = streams.stdout
    if isinstance(result, Listing):
        if as_json:
            _dump([to_json(item) for item in result.items], out)
        else:
            width = shutil.get_terminal_size().columns if is_terminal(out) else None
            out.write(table(result.items, model, width))
            if is_terminal(streams.stderr):
                count = len(result.items)
                streams.stderr.write((result.note or f"{count} result{'s' * (count != 1)}") + "\n")
    elif as_json:
        _dump(to_json(result), out)
    elif isinstance(result, str):
        out.write(result + "\n")
    else:
        out.write(listing(result))


def _dump(document: Any, out: IO[str]) -> None:
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def to_json(value: Any) -> Any:
    """A model as JSON data, as ``to_dict()`` gives it; anything else as it is."""
    return value.to_dict() if isinstance(value, Model) else value


def table(items: Sequence[Any], model: Any, width: int | None) -> str:
    """Items as aligned columns with a heading; cells are cut to fit ``width`` when given."""
    columns = (
        _COLUMNS.get(model)
        or tuple(field.name for field in attrs.fields(model) if field.name != EXTRA_FIELDS)[:6]
    )
    rows = [[_HEADINGS.get(c, c).replace("_", " ").upper() for c in columns]]
    rows += [[_cell(getattr(item, column, None)) for column in columns] for item in items]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    if width is not None:
        widths = _fit_widths(widths, width)
    lines = [
        "  ".join(
            _fit(cell, size).ljust(size)
            for cell, size in zip(row[: len(widths)], widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _fit_widths(widths: list[int], width: int) -> list[int]:
    """Column widths within ``width``: the last columns go first, then wide ones narrow.

    A column is cut no narrower than ``_MIN_COLUMN``; the first one (the id) is never cut.
    """

    def total(sizes: Sequence[int]) -> int:
        return sum(sizes) + 2 * (len(sizes) - 1)

    sizes = list(widths)
    while len(sizes) > 2 and total([sizes[0], *(min(s, _MIN_COLUMN) for s in sizes[1:])]) > width:
        sizes.pop()
    while total(sizes) > width:
        widest = max(range(1, len(sizes)), key=sizes.__getitem__, default=0)
        if widest == 0 or sizes[widest] <= _MIN_COLUMN:
            break
        sizes[widest] -= 1
    return sizes


def listing(value: Any) -> str:
    """One object as ``key: value`` lines, nested fields dotted, absent fields left out."""
    pairs = list(_flatten(to_json(value), ""))
    pad = max((len(key) for key, _ in pairs), default=0) + 1
    return "".join(f"{(key + ':').ljust(pad)} {text}\n" for key, text in pairs)


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _flatten(item, _join(prefix, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{index}]")
    elif value is not None:
        yield prefix, _text(value)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\n", " ")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return _text(value)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
