"""The ``Call`` of each request the resources send to a collection and to its items."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Generic, TypeVar, cast

import attrs

from .._checks import check_str
from .._encoding import encode_segment, json_body
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page, list_call
from .._parsers import Parser, bare, enveloped
from .._request import Call

__all__ = ["Collection"]

T = TypeVar("T")


@attrs.frozen
class Collection(Generic[T]):
    """A collection of the API (``/billing_groups``), whose items are ``model`` objects.

    A resource method checks its arguments and hands them to one of these methods, which
    build the request: ``get``, ``patch`` and ``delete`` address one item by its id
    (``/billing_groups/{id}``).
    """

    path: str
    model: type[T]
    id_name: str = "id"
    """The id's parameter, named as the methods' argument is (and error messages say)."""
    envelope: bool = True
    """Whether an item comes wrapped as ``{"data": ...}``."""
    item_template: str = attrs.field(init=False)
    """The path of one item before its id is filled in (``/billing_groups/{id}``)."""
    parse: Parser[T] = attrs.field(init=False, repr=False)
    """Reads one item's answer: looked up once, not on every call."""

    @item_template.default
    def _item_template(self) -> str:
        return f"{self.path}/{{{self.id_name}}}"

    @parse.default
    def _parse(self) -> Parser[T]:
        model = cast("Hashable", self.model)  # as @cache wants; mypy doubts it of type[T]
        return enveloped(model) if self.envelope else bare(model)

    def list(self, query: Mapping[str, Any], options: ListOptions) -> Call[Page[T]]:
        """Pages of the collection's items."""
        return list_call(self.path, self.model, query, options)

    def post(self, body: Mapping[str, Any], options: PostOptions) -> Call[T]:
        """Create an item from ``body``; ``None`` fields are left out."""
        return Call("POST", self.path, self.parse, None, json_body(body), options)

    def get(self, id: str, options: RequestOptions) -> Call[T]:
        """Read one item."""
        return Call("GET", self.item_path(id), self.parse, self.item_template, None, options)

    def patch(self, id: str, body: Mapping[str, Any], options: RequestOptions) -> Call[T]:
        """Change one item's fields given in ``body``; ``None`` fields are left out."""
        path = self.item_path(id)
        return Call("PATCH", path, self.parse, self.item_template, json_body(body), options)

    def delete(self, id: str, options: RequestOptions) -> Call[T]:
        """Delete one item, answered with the item as it was."""
        return Call("DELETE", self.item_path(id), self.parse, self.item_template, None, options)

    def item_path(self, id: str) -> str:
        """The path of one item, its id checked and percent-encoded."""
        return f"{self.path}/{encode_segment(check_str(self.id_name, id))}"
