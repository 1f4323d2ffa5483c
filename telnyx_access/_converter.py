"""The one cattrs converter that turns JSON into models and models into JSON.

Configured once at import. A structure function is built per model on first use and
cached, so every later response of that type reuses it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from types import MemberDescriptorType, NoneType, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

__all__ = ["converter", "loads"]

_FRACTION = re.compile(r"\.(\d+)")

StructureFn = Callable[[object, type[Any]], Any]


def six_digit_fraction(text: str) -> str:
    """``text`` with its fractional seconds padded or cut to six digits."""
    return _FRACTION.sub(lambda match: "." + match.group(1)[:6].ljust(6, "0"), text, count=1)


if sys.version_info >= (3, 11):
    _fromisoformat = datetime.fromisoformat
else:  # Python 3.10's fromisoformat wants 0, 3 or 6 fraction digits

    def _fromisoformat(text: str) -> datetime:
        return datetime.fromisoformat(six_digit_fraction(text))


def _structure_datetime(value: object, _: type) -> datetime:
    """ISO 8601 to an aware datetime; a trailing ``Z`` and a missing offset mean UTC."""
    if isinstance(value, str):
        parsed = _fromisoformat(value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value)
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _not_an_object(cls: type[Any], value: object) -> TypeError:
    return TypeError(f"{cls.__name__} must be a JSON object, got {type(value).__name__}")


def _structure_model(cls: type[Any]) -> StructureFn:
    """Structure attrs models from JSON objects only.

    cattrs' generated function tests keys with ``in``, which a string or a list also
    answers, so without this check ``"text"`` would become a model full of ``None``.
    """
    flat = _flat_structure(cls)
    if flat is not None:
        return flat
    structure = make_dict_structure_fn(cls, converter)

    def structure_object(value: object, _: type[Any]) -> Any:
        if not isinstance(value, Mapping):
            raise _not_an_object(cls, value)
        return structure(value, cls)

    return structure_object


_SCALARS: dict[object, str] = {str: "str", int: "int", float: "float", bool: "bool"}


def _flat_structure(cls: type[Any]) -> StructureFn | None:
    """A faster structure function for a plain model of scalar and datetime fields only.

    It gives what cattrs' generated function gives (a value of another type goes through
    ``str()``, ``int()``... as cattrs does, unknown keys are ignored, a missing required
    field raises ``KeyError``), at about a third of the cost, which list pages of
    thousands of items feel: a value that already has its field's type costs a class
    check instead of two calls, and each slot is filled directly instead of through
    ``__init__``'s keyword arguments. That is only done for slotted classes without
    validators, converters or init hooks, for which ``__init__`` does nothing more.
    Other models (nested models, lists, dicts) return ``None`` and keep cattrs' function.
    """
    if (
        any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
        or "__attrs_init__" in cls.__dict__  # init=False: the class has its own __init__
        or "_attrs_cached_hash" in getattr(cls, "__slots__", ())  # cache_hash=True
    ):
        return None
    hints = get_type_hints(cls)
    lines = [
        "def structure(o, _):",
        "    if o.__class__ is not dict and not isinstance(o, Mapping):",
        "        raise not_an_object(cls, o)",
        "    get = o.get",
        "    model = new(cls)",
    ]
    namespace: dict[str, Any] = {
        "Mapping": Mapping,
        "cls": cls,
        "datetime": datetime,
        "new": object.__new__,
        "not_an_object": _not_an_object,
        "structure_datetime": _structure_datetime,
    }
    for index, field in enumerate(attrs.fields(cls)):
        slot = cls.__dict__.get(field.name)
        if not (isinstance(slot, MemberDescriptorType) and field.init) or (
            field.validator is not None or field.converter is not None
        ):
            return None
        kind, optional = hints[field.name], False
        if get_origin(kind) in (Union, UnionType) and NoneType in get_args(kind):
            rest = [arg for arg in get_args(kind) if arg is not NoneType]
            kind, optional = (rest[0], True) if len(rest) == 1 else (None, True)
        required = field.default is attrs.NOTHING
        if not (required or (optional and field.default is None)):
            return None
        if kind is datetime:
            value = "structure_datetime(v, datetime)"
            if optional:
                value = f"None if v is None else {value}"
        elif kind in _SCALARS:
            name = _SCALARS[kind]
            keep = f"v is None or v.__class__ is {name}" if optional else f"v.__class__ is {name}"
            value = f"v if {keep} else {name}(v)"
        else:
            return None
        lines.append(f"    v = o[{field.name!r}]" if required else f"    v = get({field.name!r})")
        lines.append(f"    set{index}(model, {value})")
        namespace[f"set{index}"] = slot.__set__
    lines.append("    return model")
    source = "\n".join(lines)
    exec(compile(source, f"<structure {cls.__qualname__}>", "exec"), namespace)  # noqa: S102
    structure: StructureFn = namespace["structure"]
    return structure


def _json_loads() -> Callable[[bytes], Any]:
    """orjson's ``loads`` when the ``speedups`` extra is installed, else the standard one.

    orjson decodes a page of addresses in less than half the time. Both read any JSON
    Telnyx sends. orjson is stricter at the edges: it refuses ``NaN``, a byte-order mark
    and any encoding but UTF-8, and reads an integer beyond 64 bits as a float.
    """
    try:
        import orjson  # noqa: PLC0415 - optional
    except ImportError:
        return json.loads
    return orjson.loads


loads = _json_loads()
"""Decodes every successful answer's body."""

# Lenient on input (unknown keys are ignored), sparse on output (fields left at their
# default of None are not sent). Without detailed validation the generated functions skip
# a try/except per field: a bad answer still fails, with a plainer message.
converter = make_converter(omit_if_default=True, detailed_validation=False)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_structure_hook_factory(attrs.has, _structure_model)
