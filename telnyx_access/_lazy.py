"""Packages that import their public names on first use, so importing them stays cheap.

A package lists each public name once, as an explicit re-export under ``if TYPE_CHECKING:``
(``from ._client import TelnyxAccess as TelnyxAccess``). Type checkers read that block as
the package's exports; ``lazy_exports`` reads the same block from the package's source the
first time a name is asked for, so what runs cannot drift from what type checkers see.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    Table = tuple[Mapping[str, str], list[str]]
    """Where each lazily imported name lives (a module relative to the package), and
    every public name, sorted."""
    Hooks = tuple[Callable[[str], Any], Callable[[], list[str]]]
    """A package's ``__getattr__`` and ``__dir__``."""


def lazy_exports(package: str) -> Hooks:
    """``__getattr__`` and ``__dir__`` for ``package``, read from its ``TYPE_CHECKING`` block.

    Its ``__all__`` is every name it re-exports explicitly (``X as X``, the convention type
    checkers follow), at the top level or in that block; those in the block are imported
    on first use. The source is parsed once, when the first name (or ``__all__``) is
    asked for.
    """
    return _hooks(package, functools.cache(functools.partial(_exports, package)))


def lazy_names(package: str, home: Mapping[str, str], names: list[str]) -> Hooks:
    """``__getattr__`` and ``__dir__`` for ``package``, whose ``home`` maps a name to its module."""
    return _hooks(package, lambda: (home, names))


def _hooks(package: str, table: Callable[[], Table]) -> Hooks:
    """Import a name from its module the first time it is asked for, then keep it.

    Kept on the package, later lookups are plain attribute reads.
    """

    def lookup(name: str) -> Any:
        home, names = table()
        if name == "__all__":
            value: Any = names
        elif name in home:
            value = getattr(importlib.import_module(home[name], package), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def listing() -> list[str]:
        return table()[1]

    return lookup, listing


def _exports(package: str) -> Table:
    """The explicit re-exports in ``package``'s ``__init__``, as its source writes them."""
    import ast  # noqa: PLC0415 -- only once a name is used, not on import

    home: dict[str, str] = {}
    names: list[str] = []
    for node in ast.parse(_source(package)).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            statements, lazy = node.body, True
        else:
            statements, lazy = [node], False
        for statement in statements:
            if not isinstance(statement, ast.ImportFrom):
                continue
            module = "." * statement.level + (statement.module or "")
            for alias in statement.names:
                if alias.asname == alias.name:
                    names.append(alias.name)
                    if lazy:
                        home[alias.name] = module
    return home, sorted(names)


def _source(package: str) -> str:
    """The text of ``package``'s ``__init__``: from its loader, else from its file.

    Not every loader gives sources (pytest's, when the package holds a plugin, does not).
    """
    spec = sys.modules[package].__spec__
    get_source = getattr(spec and spec.loader, "get_source", None)
    source = get_source(package) if get_source else None
    if source is None and spec and spec.origin and spec.origin.endswith(".py"):
        with open(spec.origin, encoding="utf-8") as file:
            source = file.read()
    if source is None:
        raise ImportError(f"{package} lists its names in its source, which is not installed")
    return str(source)
