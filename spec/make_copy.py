"""Make ``spec/account-access.openapi.json``, the repository's structural copy of the API spec.

The copy keeps everything a machine reads (paths, parameters, schemas, status codes,
examples) and drops the prose (every ``description`` and ``summary`` text), so the tests and
the contract session run from a clone with nothing beside it. OpenAPI requires a
``description`` on each response; there it becomes an empty string.

Usage: ``python spec/make_copy.py [SOURCE]``, where ``SOURCE`` defaults to
``../shared/spec/account-access.openapi.json`` beside the checkout. ``--check`` compares
instead of writing, and fails when the committed copy differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COPY = HERE / "account-access.openapi.json"
"""The committed copy."""
SOURCE = HERE.parent.parent / "shared" / "spec" / "account-access.openapi.json"
"""Where the shared spec lives beside the checkout."""

PROSE = frozenset({"description", "summary"})
LITERALS = frozenset({"example", "default", "enum", "const", "value"})
"""Keys whose values are data, not spec structure: a ``description`` inside them is kept."""
NAMED = frozenset({"properties", "responses"})
"""Maps keyed by names (a property called ``description``, the ``default`` response)."""


def strip_prose(node: Any) -> Any:
    """``node`` (a part of an OpenAPI document) without its prose."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    stripped: dict[str, Any] = {}
    for key, value in node.items():
        if key in PROSE and isinstance(value, str):
            continue
        if key in LITERALS:
            stripped[key] = value
        elif key in NAMED and isinstance(value, dict):
            stripped[key] = {name: strip_prose(item) for name, item in value.items()}
            if key == "responses":
                stripped[key] = {
                    status: item if "$ref" in item else {"description": "", **item}
                    for status, item in stripped[key].items()
                }
        else:
            stripped[key] = strip_prose(value)
    return stripped


def render(source: Path) -> str:
    """The text of the copy made from the spec at ``source``."""
    document = json.loads(source.read_text(encoding="utf-8"))
    return json.dumps(strip_prose(document), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the copy (or, with ``--check``, compare it); the exit status."""
    parser = argparse.ArgumentParser(description="Make the structural copy of the API spec.")
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render(args.source)
    if args.check:
        if COPY.read_text(encoding="utf-8") != text:
            print(f"{COPY} is out of date: run python spec/make_copy.py", file=sys.stderr)
            return 1
        return 0
    COPY.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
