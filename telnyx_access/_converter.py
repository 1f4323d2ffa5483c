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
from operator import itemgetter
from types import MappingProxyType, NoneType, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

__all__ = ["ShapeError", "converter", "dumps", "loads", "structure_items"]

_FRACTION = re.compile(r"\.(\d+)")

StructureFn = Callable[[object, type[Any]], Any]


def six_digit_fraction(text: str) -> str:
    """``text`` with its fractional seconds padded or cut to six digits."""
    return _FRACTION.sub(lambda match: "." + match.group(1)[:6].ljust(6, "0"), text, count=1)


_PARSES_Z = sys.version_info >= (3, 11)
"""Whether ``datetime.fromisoformat`` reads any ISO 8601 date-time, ``Z`` included."""

if _PARSES_Z:
    _fromisoformat = datetime.fromisoformat
else:  # Python 3.10's fromisoformat wants 0, 3 or 6 fraction digits

    def _fromisoformat(text: str) -> datetime:
        return datetime.fromisoformat(six_digit_fraction(text))


class ShapeError(ValueError):
    """A JSON value that does not have its model's shape, and where it sits.

    ``str()`` gives ``"data.settings.idp_entity_id: expected string, got object"``. The
    message names types only, never the value, which may be a secret.
    """

    def __init__(self, problem: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(problem, path)
        self.problem = problem
        self.path = path

    @classmethod
    def missing(cls, name: str) -> ShapeError:
        """The error of a required member ``name`` that the object lacks."""
        return cls("required field is missing", (name,))

    def within(self, step: str | int) -> ShapeError:
        """This error, one step deeper: under the field or list index ``step``."""
        self.path = (step, *self.path)
        self.args = (self.problem, self.path)
        return self

    def __str__(self) -> str:
        where = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in self.path)
        return f"{where.removeprefix('.')}: {self.problem}" if where else self.problem


_MISSING: Any = object()
"""What a generated function reads for a required field the document lacks."""

_JSON_TYPES: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    NoneType: "null",
    dict: "object",
    list: "array",
}


def json_type(value: object) -> str:
    """The JSON name of ``value``'s type, for messages."""
    kind = value.__class__
    if kind in _JSON_TYPES:
        return _JSON_TYPES[kind]
    return "object" if isinstance(value, Mapping) else kind.__name__


def _wrong(expected: str, value: object) -> ShapeError:
    return ShapeError(f"expected {expected}, got {json_type(value)}")


def _structure_scalar(value: object, kind: type[Any]) -> Any:
    """``value`` if it is a ``kind``; never a converted value: ``123`` is not ``"123"``.

    A ``bool`` is no number, although Python makes it an ``int``; an integer is a number.
    """
    if value.__class__ is kind or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise _wrong(_JSON_TYPES[kind], value)


def _scalar_at(value: object, kind: type[Any], name: str) -> Any:
    """``_structure_scalar`` for the field ``name``: the slow path of generated functions."""
    try:
        return _structure_scalar(value, kind)
    except ShapeError as error:
        raise _within(error, value, name) from None


def _within(error: ShapeError, value: object, name: str) -> ShapeError:
    """``error`` placed under the field ``name``; a missing field says so instead."""
    return ShapeError.missing(name) if value is _MISSING else error.within(name)


def _structure_datetime(value: object, _: type) -> datetime:
    """ISO 8601 to an aware datetime; a trailing ``Z`` and a missing offset mean UTC."""
    if isinstance(value, str):
        try:
            parsed = _fromisoformat(value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value)
        except ValueError:
            raise ShapeError("expected an ISO 8601 date-time, got another string") from None
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise _wrong("an ISO 8601 date-time string", value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _unstructure_datetime(value: datetime) -> str:
    """ISO 8601 as Telnyx writes it: milliseconds when they are all there is, UTC as ``Z``."""
    whole_milliseconds = value.microsecond and not value.microsecond % 1000
    text = value.isoformat(timespec="milliseconds" if whole_milliseconds else "auto")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def structure_items(values: Any, structure: StructureFn, kind: Any) -> list[Any]:
    """A JSON array structured item by item; a bad item's error names its index."""
    if values.__class__ is not list and not isinstance(values, (list, tuple)):
        raise _wrong("array", values)
    try:
        return [structure(value, kind) for value in values]
    except ShapeError as error:
        # Rare: find which item failed, structuring them again one by one.
        for index, value in enumerate(values):
            try:
                structure(value, kind)
            except ShapeError:
                raise error.within(index) from None
        raise  # pragma: no cover - the same items fail again


def _is_list(kind: Any) -> bool:
    return get_origin(kind) is list


def _structure_list(kind: Any) -> StructureFn:
    item_kind = (*get_args(kind), Any)[0]
    item = converter.get_structure_hook(item_kind)
    return lambda values, _: structure_items(values, item, item_kind)


def _is_json_object(kind: Any) -> bool:
    return get_origin(kind) in (dict, Mapping) and get_args(kind) == (str, Any)


def _structure_json_object(value: object, _: type) -> dict[str, Any]:
    """A free-form JSON object (its values are kept as they are), copied."""
    if value.__class__ is not dict and not isinstance(value, Mapping):
        raise _wrong("object", value)
    return dict(value)


def _not_an_object(cls: type[Any], value: object) -> ShapeError:
    return ShapeError(f"expected a {cls.__name__} object, got {json_type(value)}")


EXTRA_FIELDS = "extra_fields"
"""The field of a model that keeps the JSON members it does not know."""
NO_EXTRA_FIELDS: Mapping[str, Any] = MappingProxyType({})


def read_only(fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of ``fields`` (the shared empty mapping when there are none)."""
    return MappingProxyType(dict(fields)) if fields else NO_EXTRA_FIELDS


def _keeps_extra_fields(cls: type[Any]) -> bool:
    return EXTRA_FIELDS in attrs.fields_dict(cls)


def wire_names(cls: type[Any]) -> frozenset[str]:
    """The JSON members a model's fields take."""
    return frozenset(field.name for field in attrs.fields(cls) if field.name != EXTRA_FIELDS)


def _structure_model(cls: type[Any]) -> StructureFn:
    """Structure attrs models from JSON objects only.

    cattrs' generated function tests keys with ``in``, which a string or a list also
    answers, so without this check ``"text"`` would become a model full of ``None``.
    """
    return _flat_structure(cls) or _cattrs_structure(cls)


def _cattrs_structure(cls: type[Any]) -> StructureFn:
    """cattrs' generated function, for models the fast one does not handle.

    A wrong type fails as in the fast function, but the error does not name the field.
    """
    structure = make_dict_structure_fn(cls, converter)
    keeps_extra, known = _keeps_extra_fields(cls), wire_names(cls)

    def structure_object(value: object, _: type[Any]) -> Any:
        if not isinstance(value, Mapping):
            raise _not_an_object(cls, value)
        if keeps_extra:
            value = {**value, EXTRA_FIELDS: _unknown_members(value, known)}
        return structure(value, cls)

    return structure_object


_SCALARS = (str, int, float, bool)


def _filling_class(cls: type[Any]) -> type[Any] | None:
    """A mutable subclass of the frozen, slotted ``cls``, to fill a model in.

    A frozen class refuses ``model.x = v``, so each slot would cost a descriptor call; an
    instance of this subclass takes plain assignments into the same slots, and assigning
    ``__class__`` then makes it a ``cls``. Python allows that only between classes of the
    same layout, and checks it at little cost when one is the other's subclass adding no
    slot (two sibling classes would have their slot names compared on every model).
    ``None`` when Python refuses, for a class without slots, and for one whose metaclass
    or ``__init_subclass__`` could act on the new subclass (a registry of subclasses, say).
    """
    if (
        "__slots__" not in cls.__dict__
        or type(cls) is not type
        or any("__init_subclass__" in vars(base) for base in cls.__mro__[:-1])
    ):
        return None
    try:
        filling = type(
            f"{cls.__name__}Filling",
            (cls,),
            {
                "__slots__": (),
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
            },
        )
        probe: Any = object.__new__(filling)
        probe.__class__ = cls
    except TypeError:
        return None
    return filling


def _unknown_members(document: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The members of ``document`` that no field takes, read-only: a model's ``extra_fields``."""
    if known.issuperset(document):
        return NO_EXTRA_FIELDS
    return MappingProxyType({key: value for key, value in document.items() if key not in known})


def _flat_structure(cls: type[Any]) -> StructureFn | None:
    """A faster structure function, generated for the model, that checks every type.

    It gives what cattrs' generated function gives with this converter's hooks (the same
    values, and a failure where cattrs fails), at about an eighth of the cost, which list
    pages of thousands of items feel. The members are read in one call (one by one when
    some are missing); a value that already has its field's type costs a class check;
    slots are filled by plain assignment in a ``_filling_class`` instance instead of
    through ``__init__``'s keyword arguments. A wrong type fails with the field's name in
    the error's path. That is only done for slotted classes without validators,
    converters or init hooks, for which ``__init__`` does nothing more (``extra_fields``
    aside, which is filled with the members no field takes), and with nothing that acts
    on a new subclass (``_filling_class``). Fields must be scalars, datetimes, models,
    lists of them, or free-form objects; other models return ``None`` and keep cattrs'
    function.
    """
    if (
        any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
        or "__attrs_init__" in cls.__dict__  # init=False: the class has its own __init__
        or "_attrs_cached_hash" in getattr(cls, "__slots__", ())  # cache_hash=True
        or not all(field.init for field in attrs.fields(cls))
    ):
        return None
    filling = _filling_class(cls)
    if filling is None:
        return None
    fields = [field for field in attrs.fields(cls) if field.name != EXTRA_FIELDS]
    keeps_extra = _keeps_extra_fields(cls)
    namespace: dict[str, Any] = {
        "MISSING": _MISSING,
        "Mapping": Mapping,
        "NO_EXTRA": NO_EXTRA_FIELDS,
        "ShapeError": ShapeError,
        "cls": cls,
        "filling": filling,
        "known": wire_names(cls),
        "new": object.__new__,
        "not_an_object": _not_an_object,
        "scalar_at": _scalar_at,
        "unknown": _unknown_members,
        "within": _within,
    }
    lines = [
        "def structure(o, _):",
        "    if o.__class__ is not dict:",
        "        if not isinstance(o, Mapping):",
        "            raise not_an_object(cls, o)",
        "        o = dict(o)  # read as a dict reads: a missing member is no default of its own",
        *_reading(fields, keeps_extra, namespace),
        "    model = new(filling)",
    ]
    hints = get_type_hints(cls)
    for index, field in enumerate(fields):
        filled = _filling(index, field, hints[field.name], namespace)
        if filled is None:
            return None
        lines += filled
    if keeps_extra:
        lines.append(f"    model.{EXTRA_FIELDS} = extra")
    lines += ["    model.__class__ = cls", "    return model"]
    source = "\n".join(lines)
    exec(compile(source, f"<structure {cls.__qualname__}>", "exec"), namespace)  # noqa: S102
    structure: StructureFn = namespace["structure"]
    return structure


def _as_decoded(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` as ``loads`` makes member names: the very objects, where it keeps them.

    orjson makes one string per member name and hands that same object out in every
    document it decodes (while it keeps it cached), so a look-up with it finds the member
    by identity instead of comparing text, which saves about a fifth of structuring an
    item of a page. Either way the names are equal, so no look-up depends on it.
    """
    decoded = {name: name for name in loads(dumps(dict.fromkeys(names)))}
    return tuple(decoded[name] for name in names)


def _reading(
    fields: list[attrs.Attribute[Any]], keeps_extra: bool, namespace: dict[str, Any]
) -> list[str]:
    """Lines that read field ``i``'s member into ``vi``, and unknown members into ``extra``.

    All members are read in one call when all are there, as in Telnyx's answers; else one
    by one, a missing one read as ``MISSING`` (required) or ``None``. When all are there,
    an object no longer than the fields has no unknown member: no search is needed.
    """
    extra = "extra = unknown(o, known)"
    if not fields:
        return [f"    {extra}"] if keeps_extra else []
    names = _as_decoded(tuple(field.name for field in fields))
    namespace["pick"] = itemgetter(*names)
    namespace["names"] = names
    namespace["defaults"] = tuple(
        _MISSING if field.default is attrs.NOTHING else None for field in fields
    )
    values = ", ".join(f"v{index}" for index in range(len(fields)))
    lines = ["    try:", f"        {values} = pick(o)"]
    if keeps_extra:
        lines.append(f"        extra = NO_EXTRA if len(o) == {len(fields)} else unknown(o, known)")
    lines += ["    except KeyError:", f"        {values}, = map(o.get, names, defaults)"]
    if keeps_extra:
        lines.append(f"        {extra}")
    return lines


def _filling(
    index: int, field: attrs.Attribute[Any], kind: Any, namespace: dict[str, Any]
) -> list[str] | None:
    """Lines that check ``v<index>`` and fill ``field`` with it; ``None``: not for this field."""
    if field.validator is not None or field.converter is not None:
        return None
    optional = False
    if get_origin(kind) in (Union, UnionType) and NoneType in get_args(kind):
        rest = [arg for arg in get_args(kind) if arg is not NoneType]
        kind, optional = (rest[0], True) if len(rest) == 1 else (None, True)
    if not (field.default is attrs.NOTHING or (optional and field.default is None)):
        return None
    name, v, t = field.name, f"v{index}", f"t{index}"
    namespace[t] = kind
    if kind in _SCALARS:
        keep = f"{v}.__class__ is {t}" + (f" or {v} is None" if optional else "")
        return [f"    model.{name} = {v} if {keep} else scalar_at({v}, {t}, {name!r})"]
    if not (kind is datetime or attrs.has(kind) or _is_list(kind) or _is_json_object(kind)):
        return None
    namespace[f"h{index}"] = converter.get_structure_hook(kind)
    by_hook = [
        "try:",
        f"    {v} = h{index}({v}, {t})",
        "except ShapeError as error:",
        f"    raise within(error, {v}, {name!r}) from None",
    ]
    if kind is datetime and _PARSES_Z:
        # The common case inline: Telnyx's own "...T10:07:15.527Z"; the hook for the rest.
        namespace.update(fromisoformat=datetime.fromisoformat, UTC=timezone.utc)
        by_hook = [
            "try:",
            f"    {v} = fromisoformat({v})",
            "except (TypeError, ValueError):",
            *(f"    {line}" for line in by_hook),
            "else:",
            f"    if {v}.tzinfo is None:",
            f"        {v} = {v}.replace(tzinfo=UTC)",
        ]
    if optional:
        return [
            f"    if {v} is not None:",
            *(f"        {line}" for line in by_hook),
            f"    model.{name} = {v}",
        ]
    return [*(f"    {line}" for line in by_hook), f"    model.{name} = {v}"]


def _unstructure_model(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """cattrs' generated function, with ``extra_fields`` merged into the object."""
    if not _keeps_extra_fields(cls):
        return make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=converter.omit_if_default
        )
    unstructure = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=converter.omit_if_default,
        extra_fields=override(omit=True),  # merged in below
    )

    def unstructure_with_extra(model: Any) -> dict[str, Any]:
        document = unstructure(model)
        extra = getattr(model, EXTRA_FIELDS)
        if extra:
            document.update(extra)
        return document

    return unstructure_with_extra


_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))
"""Built once: ``json.dumps`` with any argument builds a new encoder per call."""


def _standard_dumps(value: Any) -> bytes:
    return _COMPACT_JSON.encode(value).encode()


def _json_codec() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes]]:
    """orjson's ``loads`` and ``dumps``, a dependency wherever it installs; else ``json``'s.

    orjson decodes a page of addresses in less than half the time and encodes a body in a
    tenth. Both read any JSON Telnyx sends. orjson is stricter at the edges: it refuses
    ``NaN``, a byte-order mark and any encoding but UTF-8, and reads an integer beyond 64
    bits as a float. It writes text as UTF-8 rather than escaping it; a body it cannot
    write (an integer beyond 64 bits) is written by ``json``.
    """
    try:
        import orjson  # noqa: PLC0415 - not on every platform
    except ImportError:
        return json.loads, _standard_dumps

    def dumps(value: Any) -> bytes:
        try:
            return orjson.dumps(value)
        except TypeError:  # orjson.JSONEncodeError, for what only json writes
            return _standard_dumps(value)

    return orjson.loads, dumps


loads, dumps = _json_codec()
"""Decode every successful answer's body; encode every request body (compact, as bytes)."""

# Strict on types (a value of the wrong JSON type raises ``ShapeError``), lenient on
# growth (unknown members are kept in ``extra_fields``), sparse on output (fields left at
# their default of None are not sent). Without detailed validation cattrs' generated
# functions skip a try/except per field; the fast functions name the failing field.
converter = make_converter(omit_if_default=True, detailed_validation=False)
for _scalar in _SCALARS:
    converter.register_structure_hook(_scalar, _structure_scalar)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, _unstructure_datetime)
converter.register_structure_hook_factory(_is_list, _structure_list)
converter.register_structure_hook_func(_is_json_object, _structure_json_object)
converter.register_structure_hook_factory(attrs.has, _structure_model)
converter.register_unstructure_hook_factory(attrs.has, _unstructure_model)
