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
