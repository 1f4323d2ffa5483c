"""Packages that import their public names on first use, so importing them stays cheap."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, home: Mapping[str, str], names: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose ``home`` maps a name to its module.

    A name is imported from its module (relative to ``package``) the first time it is asked
    for, then kept on the package so later lookups are plain attribute reads.
    """

    def lookup(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def listing() -> list[str]:
        return names

    return lookup, listing
