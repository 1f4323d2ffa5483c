"""The converter: datetimes on every supported Python, and the fast structure functions."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from cattrs.gen import make_dict_structure_fn
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressSuggestion,
    AddressValidation,
    AuthenticationProvider,
    BillingGroup,
    IntegrationSecret,
    PageMeta,
    RateLimit,
    SuggestedAddress,
    ValidationSource,
)
from telnyx_access._converter import _flat_structure, converter, loads, six_digit_fraction


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


FLAT_MODELS = [
    AccessIPAddress,
    Address,
    AddressSuggestion,
    BillingGroup,
    IntegrationSecret,
    PageMeta,
    RateLimit,
    SuggestedAddress,
    ValidationSource,
]

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["12", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.5+02:00", "x"]),
)


_FAILED = object()


def _outcome(structure: Callable[..., Any] | None, value: object, cls: type) -> object:
    assert structure is not None
    try:
        return structure(value, cls)
    except Exception:  # which field fails first may differ; that it fails may not
        return _FAILED


@pytest.mark.parametrize("cls", FLAT_MODELS, ids=lambda cls: cls.__name__)
def test_flat_models_get_the_fast_structure_function(cls: type) -> None:
    """Models of scalar fields are structured by the generated function, not cattrs'."""
    assert _flat_structure(cls) is not None


@pytest.mark.parametrize("cls", [AddressValidation, AuthenticationProvider])
def test_nested_models_keep_cattrs_function(cls: type) -> None:
    """Models with nested or container fields are left to cattrs."""
    assert _flat_structure(cls) is None


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


@pytest.mark.parametrize(
    "cls", [_Validated, _Converted, _Hooked, _Unslotted, _CachedHash, _OwnInit]
)
def test_models_whose_init_does_more_keep_cattrs_function(cls: type) -> None:
    """Validators, converters, init hooks, own __init__, cached hash or no slots: cattrs'."""
    assert _flat_structure(cls) is None


def test_fast_models_are_frozen_hashable_and_equal_to_built_ones() -> None:
    """A model filled slot by slot is the same frozen, hashable value __init__ would build."""
    group = converter.structure({"id": "g", "name": "n"}, BillingGroup)
    built = BillingGroup(id="g", name="n")
    assert group == built
    assert hash(group) == hash(built)
    assert repr(group) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        group.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("cls", FLAT_MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_structure_matches_cattrs(cls: type, data: st.DataObject) -> None:
    """For any JSON object, the fast function returns what cattrs' would, or fails as it does."""
    names = [field.name for field in attrs.fields(cls)]
    document = data.draw(
        st.dictionaries(st.sampled_from([*names, "unknown"]), _values, max_size=len(names) + 1)
    )
    reference: Callable[..., Any] = make_dict_structure_fn(cls, converter)
    assert _outcome(_flat_structure(cls), document, cls) == _outcome(reference, document, cls)


@pytest.mark.parametrize("value", ["text", ["id"], 3, None])
def test_fast_structure_refuses_what_is_not_an_object(value: object) -> None:
    """A string, list, number or null is not taken for a model full of None."""
    with pytest.raises(TypeError, match="BillingGroup must be a JSON object"):
        converter.structure(value, BillingGroup)


def test_speedups_extra_decodes_with_orjson() -> None:
    """With orjson installed (the speedups extra), answers are decoded by orjson."""
    orjson = pytest.importorskip("orjson")
    assert loads is orjson.loads


def test_without_orjson_the_standard_decoder_reads_pages_and_models() -> None:
    """Without orjson, json.loads is used and pages and models parse just the same."""
    script = """
import json, sys
sys.modules["orjson"] = None  # as if the speedups extra were not installed
from telnyx_access import Address, BillingGroup
from telnyx_access._converter import loads
from telnyx_access._pagination import paged
from telnyx_access._request import enveloped
assert loads is json.loads
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
