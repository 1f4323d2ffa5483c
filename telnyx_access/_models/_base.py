"""The base of every model, and the two models every client uses.

Models are frozen, slotted, keyword-only attrs classes. Fields follow the spec's names.
Optional fields default to ``None``; fields whose values the spec enumerates are ``str``
so that a value added by Telnyx later is kept, not refused, and members Telnyx adds later
are kept in ``extra_fields``.

A model's generated ``__init__`` resolves its type hints in the module that defines the
model, ``extra_fields``' ``Mapping[str, Any]`` included: each model module imports both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from .._converter import EXTRA_FIELDS, NO_EXTRA_FIELDS, converter, read_only, wire_names

__all__ = ["Model", "PageMeta", "RateLimit"]

M = TypeVar("M", bound="Model")


def _unknown_only(model: Model, _: attrs.Attribute[Any], extra: Mapping[str, Any]) -> None:
    """``extra_fields`` holds members no field takes, so ``to_dict()`` cannot say two things."""
    if extra:
        taken = sorted(wire_names(type(model)) & extra.keys())
        if taken:
            raise ValueError(
                f"extra_fields must not hold fields of {type(model).__name__}: {taken}"
            )


@attrs.frozen(kw_only=True)
class Model:
    """Base of every model: unknown members, JSON in and out, pickling, pydantic.

    Attributes:
        extra_fields: the members of the answer that no field of this version of the SDK
            takes, as received (a read-only mapping of JSON values). They count for
            ``==`` and are left out of ``repr`` and ``hash``.
    """

    extra_fields: Mapping[str, Any] = attrs.field(
        default=NO_EXTRA_FIELDS,
        converter=read_only,
        validator=_unknown_only,
        repr=False,  # may hold anything, a secret Telnyx starts to send included
        hash=False,  # a mapping has no hash; models equal but for it still hash alike
    )

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON data, as the API writes it.

        Members have their wire names, datetimes are ISO 8601 strings (UTC as ``Z``),
        ``extra_fields`` are merged in, and fields that are ``None`` are left out, as
        they are left out of requests: ``from_dict`` reads them back as ``None``.
        """
        document: dict[str, Any] = converter.unstructure(self)
        return document

    def to_json(self, *, indent: int | None = None) -> str:
        """``to_dict()`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[M], mapping: Mapping[str, Any]) -> M:
        """The model from JSON data, checked as an answer from the API is.

        Raises:
            ValueError: a member has the wrong JSON type, or a required one is missing;
                the message names its path, e.g. ``settings.idp_entity_id``.
        """
        model: M = converter.structure(mapping, cls)
        return model

    def __reduce__(self) -> tuple[Any, ...]:
        # attrs pickles a slotted class through its slots, and a MappingProxyType does not
        # pickle: send the fields, with extra_fields as a dict.
        values = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        values[EXTRA_FIELDS] = dict(self.extra_fields)
        return _rebuild, (type(self), values)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """How pydantic (and FastAPI) validate, serialise and document the model.

        pydantic is imported here only, when pydantic asks.
        """
        from .._pydantic import core_schema  # noqa: PLC0415 - pydantic only when it asks

        return core_schema(cls, handler)


def _rebuild(cls: type[M], values: dict[str, Any]) -> M:
    """A model from its field values: how models unpickle."""
    return cls(**values)


@attrs.frozen(kw_only=True)
class PageMeta(Model):
    """Where a page sits in a list: its number and size, and the totals."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


@attrs.frozen(kw_only=True)
class RateLimit(Model):
    """The last ``x-ratelimit-*`` headers seen; ``reset`` is in seconds."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None
