"""The converter: datetimes on every supported Python, and the fast structure functions."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressValidation,
    AuthenticationProvider,
    BillingGroup,
    IntegrationSecret,
    PageMeta,
    _models,
)
from telnyx_access._converter import (
    _cattrs_structure,
    _filling_class,
    _flat_structure,
    converter,
    dumps,
    loads,
    six_digit_fraction,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02T03:04:05.1+00:00", "2024-01-02T03:04:05.100000+00:00"),
        ("2024-01-02T03:04:05.12345678+00:00", "2024-01-02T03:04:05.123456+00:00"),
        ("2024-01-02T03:04:05.527+02:00", "2024-01-02T03:04:05.527000+02:00"),
        ("2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05+00:00"),
    ],
)
def test_fractions_are_made_six_digits(text: str, expected: str) -> None:
    """Any number of fraction digits becomes six, which Python 3.10's parser requires."""
    assert six_digit_fraction(text) == expected
    assert datetime.fromisoformat(six_digit_fraction(text)) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1961-10-03T17:09:59.0Z", datetime(1961, 10, 3, 17, 9, 59, tzinfo=timezone.utc)),
        ("2019-10-15T10:07:15.527Z", datetime(2019, 10, 15, 10, 7, 15, 527000, timezone.utc)),
        ("2019-10-15T10:07:15", datetime(2019, 10, 15, 10, 7, 15, tzinfo=timezone.utc)),
        (
            "2020-01-01T00:00:00.5-05:00",
            datetime(2020, 1, 1, 0, 0, 0, 500000, timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_timestamps_become_aware_datetimes(text: str, expected: datetime) -> None:
    """Z, offsets, a missing offset (UTC) and short fractions all parse to aware datetimes."""
    group = converter.structure({"created_at": text}, BillingGroup)
    assert group.created_at == expected
    assert group.created_at is not None
    assert group.created_at.tzinfo is not None


MODELS = [
    model
    for model in (getattr(_models, name) for name in _models.__all__)
    if isinstance(model, type) and attrs.has(model)
]
"""Every model class (``_models.__all__`` also names the aliases of accepted values)."""
NAMES = sorted({field.name for cls in MODELS for field in attrs.fields(cls)} | {"unknown"})
"""Every field name of every model (``extra_fields`` included), and one no model has."""

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["12", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.5+02:00", "x"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=4),
    ),
    max_leaves=10,
)
"""JSON values of every type, objects named like model fields so nested models parse."""


_FAILED = object()


def _outcome(structure: Callable[..., Any] | None, value: object, cls: type) -> object:
    assert structure is not None
    try:
        return structure(value, cls)
    except ValueError:  # which field fails first may differ; that it fails may not
        return _FAILED
    except KeyError:  # cattrs' function, for a missing required field
        return _FAILED


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_models_get_the_fast_structure_function(cls: type) -> None:
    """Every model, nested ones and lists of them included, gets the generated function."""
    assert _flat_structure(cls) is not None


@attrs.frozen
class _Validated:
    x: str = attrs.field(validator=attrs.validators.min_len(1))


def _strip(value: str) -> str:
    return value.strip()


@attrs.frozen
class _Converted:
    x: str = attrs.field(converter=_strip)


@attrs.frozen
class _Hooked:
    x: str | None = None

    def __attrs_post_init__(self) -> None:
        """Anything __init__ runs beyond filling slots."""


@attrs.frozen(slots=False)
class _Unslotted:
    x: str | None = None


@attrs.frozen(cache_hash=True)
class _CachedHash:
    x: str | None = None


@attrs.frozen(init=False)
class _OwnInit:
    x: str | None = None

    def __init__(self, x: str | None = None) -> None:
        self.__attrs_init__(x=x and x.upper())


_REGISTERED: dict[str, type] = {}


@attrs.frozen
class _Registering:
    """A base that records each class made from it, as plugin registries do."""

    kind: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _REGISTERED[cls.__name__] = cls


@attrs.frozen
class _Registered(_Registering):
    x: str | None = None


class _Meta(type):
    """A metaclass, which may act on any class made with it."""


@attrs.frozen
class _WithMeta(metaclass=_Meta):
    x: str | None = None


@pytest.mark.parametrize(
    "cls",
    [_Validated, _Converted, _Hooked, _Unslotted, _CachedHash, _OwnInit, _Registered, _WithMeta],
)
def test_models_whose_init_does_more_keep_cattrs_function(cls: type) -> None:
    """Validators, converters, hooks, own __init__, cached hash, no slots, a metaclass: cattrs'."""
    assert _flat_structure(cls) is None


def test_a_model_is_structured_without_making_a_class_its_hooks_would_see() -> None:
    """A model whose base records its subclasses is structured, and nothing more is recorded."""
    before = dict(_REGISTERED)
    model = converter.structure({"kind": "k", "x": "a"}, _Registered)
    assert model == _Registered(kind="k", x="a")
    assert before == _REGISTERED


def test_fast_models_are_frozen_hashable_and_equal_to_built_ones() -> None:
    """A model filled slot by slot is the same frozen, hashable value __init__ would build."""
    group = converter.structure({"id": "g", "name": "n"}, BillingGroup)
    built = BillingGroup(id="g", name="n")
    assert group == built
    assert hash(group) == hash(built)
    assert repr(group) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        group.name = "x"  # type: ignore[misc]


def _full_address(**more: object) -> dict[str, Any]:
    """An address document with every member Telnyx sends, and ``more``."""
    document: dict[str, Any] = {field.name: "x" for field in attrs.fields(Address)}
    del document["extra_fields"]
    document.update(address_book=False, validate_address=None, **more)
    return document


@pytest.mark.parametrize(
    ("document", "extra"),
    [(_full_address(), {}), (_full_address(added=[1]), {"added": [1]}), ({"id": "a"}, {})],
    ids=["every-member", "every-member-and-one-more", "some-members"],
)
def test_fast_models_are_the_model_class_itself(
    document: dict[str, Any], extra: dict[str, Any]
) -> None:
    """Whether every member is there or not, the result is an Address, frozen and complete."""
    address = converter.structure(document, Address)
    assert type(address) is Address
    fields = {name: value for name, value in document.items() if name not in extra}
    assert address == Address(**fields, extra_fields=extra)
    assert dict(address.extra_fields) == extra
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        address.id = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del address.id


def test_fast_structure_reads_any_mapping_as_a_dict() -> None:
    """A read-only mapping gives the model a dict gives, and a missing member stays None."""
    document = {"id": "g", "name": "n", "unknown": 1}
    from_mapping = converter.structure(MappingProxyType(document), BillingGroup)
    assert from_mapping == converter.structure(document, BillingGroup)
    assert from_mapping.created_at is None
    assert dict(from_mapping.extra_fields) == {"unknown": 1}


def test_members_are_looked_up_by_the_decoders_own_names() -> None:
    """The names a model's members are read by are the very strings ``loads`` hands out."""
    decoded = loads(dumps(_full_address()))
    structure = converter.get_structure_hook(Address)
    _, names = structure.__globals__["pick"].__reduce__()
    assert names == tuple(decoded)
    assert all(name is key for name, key in zip(names, decoded, strict=True))
    assert converter.structure(decoded, Address) == converter.structure(_full_address(), Address)


@attrs.frozen
class _Base:
    x: str | None = None


@attrs.frozen
class _Derived(_Base):
    y: int | None = None


def test_models_built_on_other_models_are_filled_too() -> None:
    """A model that adds fields to another gets the fast function, filling both's fields."""
    assert _flat_structure(_Derived) is not None
    derived = converter.structure({"x": "a", "y": 2}, _Derived)
    assert type(derived) is _Derived
    assert derived == _Derived(x="a", y=2)


@pytest.mark.parametrize("cls", [Address, _Derived], ids=lambda cls: cls.__name__)
def test_models_are_filled_in_a_subclass_that_adds_no_slot(cls: type[Any]) -> None:
    """The class a model is filled in subclasses it and adds no slot: a cheap class change."""
    filling = _filling_class(cls)
    assert filling is not None
    assert filling.__bases__ == (cls,)
    assert filling.__dict__["__slots__"] == ()
    assert filling.__basicsize__ == cls.__basicsize__


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_the_type_hints_of_each_models_init_resolve(cls: type) -> None:
    """``get_type_hints(Model.__init__)`` works, as the reference and other tools need."""
    hints = typing.get_type_hints(cls.__init__)
    assert hints["extra_fields"] == Mapping[str, Any]
    assert hints.keys() == {field.name for field in attrs.fields(cls)} | {"return"}


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_structure_matches_cattrs(cls: type, data: st.DataObject) -> None:
    """For any JSON object, wrong types and unknown members included, both functions agree.

    The fast function returns what cattrs' would (``extra_fields`` included), or fails
    where it fails.
    """
    names = [field.name for field in attrs.fields(cls)]
    document = data.draw(
        st.dictionaries(st.sampled_from([*names, "unknown"]), _values, max_size=len(names) + 1)
    )
    reference = _cattrs_structure(cls)
    assert _outcome(_flat_structure(cls), document, cls) == _outcome(reference, document, cls)


@pytest.mark.parametrize("value", ["text", ["id"], 3, None])
def test_fast_structure_refuses_what_is_not_an_object(value: object) -> None:
    """A string, list, number or null is not taken for a model full of None."""
    with pytest.raises(ValueError, match="expected a BillingGroup object, got"):
        converter.structure(value, BillingGroup)


@pytest.mark.parametrize(
    ("cls", "document", "message"),
    [
        (
            BillingGroup,
            {"id": "g1", "name": {"invalid": True}},
            "name: expected string, got object",
        ),
        (BillingGroup, {"id": 123}, "id: expected string, got integer"),
        (BillingGroup, {"created_at": 5}, "created_at: expected an ISO 8601 date-time string"),
        (BillingGroup, {"created_at": "soon"}, "created_at: expected an ISO 8601 date-time, got"),
        (PageMeta, {"page_number": True}, "page_number: expected integer, got boolean"),
        (PageMeta, {"page_size": 2.5}, "page_size: expected integer, got number"),
        (Address, {"address_book": "true"}, "address_book: expected boolean, got string"),
        (AddressValidation, {"result": "valid"}, "suggested: required field is missing"),
        (
            AddressValidation,
            {"result": "valid", "suggested": {}, "errors": "none"},
            "errors: expected array, got string",
        ),
        (
            AddressValidation,
            {"result": "ok", "suggested": {}, "errors": [{"code": "1", "title": "t"}, {"code": 2}]},
            r"errors\[1\].code: expected string, got integer",
        ),
        (
            AddressValidation,
            {"result": "ok", "suggested": {}, "errors": [{"code": "1", "title": "t", "meta": []}]},
            r"errors\[0\].meta: expected object, got array",
        ),
        (
            AuthenticationProvider,
            {"settings": {"idp_entity_id": ["x"]}},
            "settings.idp_entity_id: expected string, got array",
        ),
        (IntegrationSecret, {"id": "s", "identifier": "i", "record_type": "r"}, "created_at: req"),
    ],
)
def test_wrong_types_fail_naming_the_field(
    cls: type, document: dict[str, Any], message: str
) -> None:
    """A member of the wrong JSON type, or a missing required one, fails with its path."""
    with pytest.raises(ValueError, match=f"^{message}"):
        converter.structure(document, cls)


def test_wrong_values_are_never_in_the_message() -> None:
    """The message names types only: the value (perhaps a secret) is not repeated."""
    with pytest.raises(ValueError, match="expected string") as caught:
        converter.structure({"id": ["s3cr3t-value"]}, BillingGroup)
    assert "s3cr3t" not in str(caught.value)


def test_unknown_members_are_kept_in_extra_fields() -> None:
    """Members no field takes land in a read-only extra_fields, at every level."""
    provider = converter.structure(
        {"id": "p", "added": [1, {"a": None}], "settings": {"idp_entity_id": "e", "new": 2}},
        AuthenticationProvider,
    )
    assert dict(provider.extra_fields) == {"added": [1, {"a": None}]}
    assert provider.settings is not None
    assert dict(provider.settings.extra_fields) == {"new": 2}
    with pytest.raises(TypeError):
        provider.extra_fields["added"] = 3  # type: ignore[index]


def test_models_without_unknown_members_share_one_empty_mapping() -> None:
    """No answer member left over costs no mapping of its own."""
    first = converter.structure({"id": "a"}, BillingGroup)
    second = converter.structure({"id": "b"}, BillingGroup)
    assert first.extra_fields == {}
    assert first.extra_fields is second.extra_fields


def test_unknown_enum_values_stay_strings() -> None:
    """A record_type or status Telnyx adds later is kept as received."""
    found = converter.structure(
        {
            "id": "i",
            "ip_address": "10.0.0.1",
            "source": "s",
            "status": "quarantined",
            "user_id": "u",
        },
        AccessIPAddress,
    )
    assert found.status == "quarantined"


def test_the_default_install_decodes_with_orjson() -> None:
    """On CPython orjson is a dependency, and it decodes every answer."""
    import orjson  # noqa: PLC0415 - the point of the test

    assert loads is orjson.loads


def test_without_orjson_the_standard_decoder_reads_pages_and_models() -> None:
    """Without orjson, json.loads is used and pages and models parse just the same."""
    script = """
import json, sys
sys.modules["orjson"] = None  # as where orjson does not install (PyPy)
from telnyx_access import Address, BillingGroup
from telnyx_access._converter import dumps, loads
from telnyx_access._pagination import paged
from telnyx_access._parsers import enveloped
assert loads is json.loads
assert dumps({"name": "Café", "n": 2**70}) == b'{"name":"Caf\\u00e9","n":1180591620717411303424}'
page = paged(Address)(b'{"data": [{"id": "1", "locality": "Paris"}], "meta": {"page_number": 1}}')
assert [(a.id, a.locality) for a in page.data] == [("1", "Paris")], page
assert page.meta is not None and page.meta.page_number == 1
group = enveloped(BillingGroup)(b'{"data": {"id": "g", "created_at": "2024-01-02T03:04:05Z"}}')
assert group.id == "g" and group.created_at is not None and group.created_at.year == 2024
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_request_bodies_are_compact_utf8_json() -> None:
    """A request body is compact JSON as UTF-8 bytes, whichever codec is installed."""
    body = {"name": "Café ☕", "nested": {"ok": True, "n": 3}}
    encoded = dumps(body)
    assert encoded.decode("utf-8").startswith('{"name":"Caf')
    assert b" " not in encoded.replace("Café ☕".encode(), b"")
    assert json.loads(encoded) == body


def test_a_body_orjson_cannot_write_is_written_by_json() -> None:
    """An integer beyond 64 bits, which orjson refuses, is still sent, exactly."""
    assert dumps({"n": 2**70}) == b'{"n":1180591620717411303424}'
