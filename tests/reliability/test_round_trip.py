"""Round trip: every model survives to_dict -> from_dict, and through JSON text too.

Strategies are derived from each model's attrs fields, so every field (optional ones too)
gets values: aware datetimes in UTC or any whole-minute offset, JSON-able dicts for the
free-form ``dict`` fields, nested models for nested fields, and unknown members in
``extra_fields``.
"""

from __future__ import annotations

import json
import types
import typing
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_access import _models
from telnyx_access._converter import converter

MODELS = [
    _models.AccessIPAddress,
    _models.Address,
    _models.SuggestedAddress,
    _models.ValidationSource,
    _models.AddressValidationIssue,
    _models.AddressValidation,
    _models.AddressSuggestion,
    _models.AuthenticationProviderSettings,
    _models.AuthenticationProvider,
    _models.BillingGroup,
    _models.IntegrationSecret,
    _models.PageMeta,
    _models.RateLimit,
]

OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
AWARE = st.datetimes(  # naive bounds, one day inside datetime's range, then made aware
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.one_of(st.just(timezone.utc), OFFSETS),
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(), inner, max_size=3)
    ),
    max_leaves=8,
)
JSON_OBJECTS = st.dictionaries(st.text(), JSON_VALUES, max_size=4)


SIMPLE: dict[Any, st.SearchStrategy[Any]] = {
    type(None): st.none(),
    datetime: AWARE,
    float: st.floats(allow_nan=False, allow_infinity=False),
    str: st.text(),
    int: st.integers(),
    bool: st.booleans(),
}


def extra_fields(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown members for ``cls``: JSON objects whose keys no field of ``cls`` takes."""
    known = set(attrs.fields_dict(cls)) - {"extra_fields"}
    keys = st.text(max_size=8).filter(lambda key: key not in known)
    return st.dictionaries(keys, JSON_VALUES, max_size=3)


def strategy_for(hint: Any) -> st.SearchStrategy[Any]:
    """Values of type ``hint`` as the models use them."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(strategy_for(arg) for arg in typing.get_args(hint)))
    if origin is dict:
        return JSON_OBJECTS
    if origin is list:
        return st.lists(strategy_for(typing.get_args(hint)[0]), max_size=3)
    if attrs.has(hint):
        return model_strategy(hint)
    if hint in SIMPLE:
        return SIMPLE[hint]
    raise TypeError(f"no strategy for {hint!r}")


def model_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` with every field drawn, optional ones included."""
    hints = typing.get_type_hints(cls)
    fields = {
        field.name: strategy_for(hints[field.name])
        for field in attrs.fields(cls)
        if field.name != "extra_fields"
    }
    return st.builds(cls, extra_fields=extra_fields(cls), **fields)


def test_every_exported_model_is_covered() -> None:
    """The list above covers every attrs model that telnyx_access._models exports."""
    exported = {getattr(_models, name) for name in _models.__all__}
    assert {cls for cls in exported if attrs.has(cls)} == set(MODELS)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_to_dict_then_from_dict_gives_the_model_back(cls: type[Any]) -> None:
    """from_dict(m.to_dict()) == m, directly and through to_json; to_json is to_dict's JSON."""

    @settings(max_examples=60, deadline=None, database=None)
    @given(model=model_strategy(cls))
    def check(model: Any) -> None:
        plain = model.to_dict()
        assert cls.from_dict(plain) == model
        assert json.loads(model.to_json()) == plain
        again = cls.from_dict(json.loads(model.to_json()))
        assert again == model
        assert again.extra_fields == model.extra_fields
        for name in attrs.fields_dict(cls):
            value = getattr(again, name)
            if isinstance(value, datetime):
                assert value.utcoffset() == getattr(model, name).utcoffset()

    check()


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_unknown_fields_on_the_wire_are_kept(cls: type[Any]) -> None:
    """Members the model does not know, added to its JSON, land in extra_fields, and back."""

    @settings(max_examples=30, deadline=None, database=None)
    @given(model=model_strategy(cls), extra=JSON_OBJECTS)
    def check(model: Any, extra: dict[str, Any]) -> None:
        plain = converter.unstructure(attrs.evolve(model, extra_fields={}))
        known = set(attrs.fields_dict(cls)) - {"extra_fields"}
        unknown = {k: v for k, v in extra.items() if k not in known}
        parsed = cls.from_dict(json.loads(json.dumps({**unknown, **plain})))
        assert dict(parsed.extra_fields) == unknown
        assert attrs.evolve(parsed, extra_fields={}) == attrs.evolve(model, extra_fields={})
        assert cls.from_dict(parsed.to_dict()) == parsed

    check()
