"""How models describe themselves to pydantic: imported only when pydantic asks.

pydantic (and so FastAPI) validates a model with ``from_dict`` (an instance passes as it
is), serialises it with ``to_dict()``, and documents it with the JSON shape ``to_dict()``
gives: a typed object listing the model's fields, open to members Telnyx adds later.
"""

from __future__ import annotations

from datetime import datetime
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

import attrs
from pydantic_core import core_schema as cs

from ._converter import EXTRA_FIELDS

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

    from ._models._base import Model

__all__ = ["core_schema"]

_SCALARS: dict[Any, Any] = {
    str: cs.str_schema,
    int: cs.int_schema,
    float: cs.float_schema,
    bool: cs.bool_schema,
    datetime: cs.datetime_schema,  # documents a date-time string, as to_dict() gives
}


def core_schema(cls: type[Model], handler: GetCoreSchemaHandler) -> cs.CoreSchema:
    """The schema of ``cls``: checked by ``from_dict``, written by ``to_dict()``."""
    hints = get_type_hints(cls)
    fields = {
        field.name: cs.typed_dict_field(
            _schema(hints[field.name], handler), required=field.default is attrs.NOTHING
        )
        for field in attrs.fields(cls)
        if field.name != EXTRA_FIELDS
    }
    shape = cs.typed_dict_schema(fields, cls_name=cls.__name__, extra_behavior="allow")

    def validate(value: Any, _: cs.ValidatorFunctionWrapHandler) -> Model:
        # ``shape`` is never run: it documents; from_dict checks, as it does answers.
        return value if isinstance(value, cls) else cls.from_dict(value)

    return cs.no_info_wrap_validator_function(
        validate,
        shape,
        ref=f"{cls.__module__}.{cls.__qualname__}",
        serialization=cs.plain_serializer_function_ser_schema(cls.to_dict),
    )


def _schema(hint: Any, handler: GetCoreSchemaHandler) -> cs.CoreSchema:
    """The schema of one field's JSON value; ``None`` is left out by ``to_dict()``."""
    if get_origin(hint) in (Union, UnionType):
        rest = [arg for arg in get_args(hint) if arg is not NoneType]
        return _schema(rest[0], handler) if len(rest) == 1 else cs.any_schema()
    if hint in _SCALARS:
        return _SCALARS[hint]()  # type: ignore[no-any-return]
    if get_origin(hint) is list:
        return cs.list_schema(_schema(get_args(hint)[0], handler))
    if get_origin(hint) is dict:
        return cs.dict_schema(cs.str_schema(), cs.any_schema())
    if attrs.has(hint):
        return handler.generate_schema(hint)
    return cs.any_schema()
