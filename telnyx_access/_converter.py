"""The one cattrs converter that turns JSON into models and models into JSON.

Configured once at import. cattrs generates and caches a structure function per class on
first use, so every later response of that type reuses it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

__all__ = ["converter"]

_FRACTION = re.compile(r"\.(\d+)")


def six_digit_fraction(text: str) -> str:
    """``text`` with its fractional seconds padded or cut to six digits."""
    return _FRACTION.sub(lambda match: "." + match.group(1)[:6].ljust(6, "0"), text, count=1)


def _structure_datetime(value: object, _: type) -> datetime:
    """ISO 8601 to an aware datetime; a trailing ``Z`` and a missing offset mean UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        if sys.version_info < (3, 11):  # its fromisoformat wants 0, 3 or 6 fraction digits
            text = six_digit_fraction(text)
        parsed = datetime.fromisoformat(text)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _structure_model(cls: type[Any]) -> Callable[[object, type[Any]], Any]:
    """Structure attrs models from JSON objects only.

    cattrs' generated function tests keys with ``in``, which a string or a list also
    answers, so without this check ``"text"`` would become a model full of ``None``.
    """
    structure = make_dict_structure_fn(cls, converter)

    def structure_object(value: object, _: type[Any]) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"{cls.__name__} must be a JSON object, got {type(value).__name__}")
        return structure(value, cls)

    return structure_object


# Lenient on input (unknown keys are ignored), sparse on output (fields left at their
# default of None are not sent). Without detailed validation the generated functions skip
# a try/except per field: a bad answer still fails, with a plainer message.
converter = make_converter(omit_if_default=True, detailed_validation=False)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_structure_hook_factory(attrs.has, _structure_model)
