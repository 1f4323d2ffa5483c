"""What a resource method produces: a ``Call`` that says what to send and how to read it.

Resource methods only validate their arguments and build a ``Call``; the engine sends
it. Everything before it runs before any I/O, so bad input fails without reaching the
network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from ._options import RequestOptions, check_options
from ._parsers import Parser

__all__ = ["Call"]

T = TypeVar("T")


@attrs.define
class Call(Generic[T]):
    """One API call: the request to send and the parser that reads a successful answer.

    Not frozen, although nothing changes it once built: a frozen class fills each field
    through ``object.__setattr__``, which costs more than the rest of the call's checks.
    Method, path, parser, template, body and options may be given by position, which costs
    half as much as by keyword (building a ``Call`` is part of every request); query,
    accept and prefetch are keyword-only.
    """

    method: str
    path: str
    """Already percent-encoded, starting with ``/``."""
    parse: Parser[T] = attrs.field(repr=False)
    template: str | None = None
    """The path before its parameters were filled in (``/billing_groups/{id}``): tracing
    shows that rather than ids. ``None`` for a path without parameters."""
    body: Mapping[str, Any] | None = None
    options: RequestOptions = attrs.field(factory=RequestOptions)
    query: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True)
    accept: str = attrs.field(default="application/json", kw_only=True)
    prefetch: int = attrs.field(default=0, kw_only=True)
    """For list calls: pages to fetch ahead while walking."""

    def __attrs_post_init__(self) -> None:
        if self.options:  # none given is the common case, on every call
            check_options(self.method, self.options)

    def with_query(self, **params: Any) -> Call[T]:
        """A copy with query parameters replaced, used to ask for another page."""
        return attrs.evolve(self, query={**self.query, **params})
