"""How a successful answer's body becomes what the method returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from ._converter import ShapeError, converter, json_type, loads

__all__ = ["Parser", "bare", "enveloped", "member", "no_content", "text"]

T = TypeVar("T")


Parser = Callable[[bytes], T]


@cache
def enveloped(cls: type[T]) -> Parser[T]:
    """Parser for ``{"data": <cls>}`` answers; built once per class."""
    return _parser(cls, "data")


@cache
def bare(cls: type[T]) -> Parser[T]:
    """Parser for answers that are the object itself, without an envelope."""
    return _parser(cls, None)


def _parser(cls: type[T], envelope: str | None) -> Parser[T]:
    """Parser for ``cls``, inside the member ``envelope`` if one is named.

    The structure function is fetched on the first answer: making one compiles code,
    which resources that build their parsers at import would otherwise pay at import.
    """
    structure: Callable[[Any, type[T]], T] | None = None

    def parse(content: bytes) -> T:
        nonlocal structure
        if structure is None:
            structure = converter.get_structure_hook(cls)
        document = loads(content)
        if envelope is None:
            return structure(document, cls)
        data = member(document, envelope)
        try:
            return structure(data, cls)
        except ShapeError as error:
            raise error.within(envelope) from None

    return parse


def member(document: object, name: str) -> Any:
    """The member ``name`` of a JSON document that must be an object holding it."""
    if document.__class__ is not dict and not isinstance(document, Mapping):
        raise ShapeError(f"expected an object with {name!r}, got {json_type(document)}")
    if name not in document:
        raise ShapeError.missing(name)
    return document[name]


def text(content: bytes) -> str:
    """Parser for ``text/plain`` answers."""
    return content.decode("utf-8").strip()


def no_content(content: bytes) -> None:
    """Parser for answers without a body (204)."""
