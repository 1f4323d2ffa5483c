"""Checks of the methods' arguments: a clear error naming the parameter, before sending."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any, TypeVar, get_args

__all__ = [
    "check_choice",
    "check_country_code",
    "check_int",
    "check_ip_address",
    "check_mapping",
    "check_optional_bool",
    "check_optional_str",
    "check_str",
]

T = TypeVar("T")


def check_int(name: str, value: object, *, minimum: int, maximum: int | None = None) -> int:
    """An ``int`` within bounds (``bool`` is refused although it is an ``int``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise ValueError(f"{name} must be {bounds}, got {value}")
    return value


def check_optional_str(name: str, value: object) -> str | None:
    """``None`` or a ``str``."""
    return _optional(name, value, str)


def check_str(name: str, value: object) -> str:
    """A required ``str`` with something in it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def check_optional_bool(name: str, value: object) -> bool | None:
    """``None`` or a ``bool`` (``1`` and ``"true"`` are refused, not guessed at)."""
    return _optional(name, value, bool)


def _optional(name: str, value: object, kind: type[T]) -> T | None:
    if value is None or isinstance(value, kind):
        return value
    raise TypeError(f"{name} must be a {kind.__name__}, not {type(value).__name__}")


def check_choice(name: str, value: object, choices: object) -> Any:
    """``None`` or one of the values of a ``Literal`` type."""
    allowed = get_args(choices)
    if value is not None and value not in allowed:
        listed = ", ".join(repr(choice) for choice in allowed)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_mapping(name: str, value: object) -> Mapping[str, Any] | None:
    """``None`` or a mapping, such as a ``filter``."""
    if value is not None and not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    return value


def check_country_code(name: str, value: object) -> str:
    """An ISO 3166-1 alpha-2 code: two ASCII letters."""
    code = check_str(name, value)
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise ValueError(f"{name} must be two letters (ISO 3166-1 alpha-2), got {code!r}")
    return code


def check_ip_address(name: str, value: object) -> str:
    """An IPv4 or IPv6 address, sent as given."""
    address = check_str(name, value)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(f"{name} must be an IPv4 or IPv6 address, got {address!r}") from None
    return address
