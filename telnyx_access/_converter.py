"""The one cattrs converter that turns JSON into models and models into JSON.

Configured once at import. cattrs generates and caches a structure function per class on
first use, so every later response of that type reuses it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from cattrs.preconf.json import make_converter

__all__ = ["converter"]


def _structure_datetime(value: object, _: type) -> datetime:
    """ISO 8601 to an aware datetime; a trailing ``Z`` and a missing offset mean UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        parsed = datetime.fromisoformat(text)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


# Lenient on input (unknown keys are ignored), sparse on output (fields left at their
# default of None are not sent).
converter = make_converter(omit_if_default=True)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, datetime.isoformat)
