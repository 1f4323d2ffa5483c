"""Reading the API contract: the repository's structural copy of Telnyx's OpenAPI document.

``spec/account-access.openapi.json`` is made by ``spec/make_copy.py`` from the shared spec
(see ``spec/README.md``); being in the repository, it is always there to read.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SPEC = SPEC_DIR / "account-access.openapi.json"
"""The copy every test and the contract session read."""

SHARED_ENV = "TELNYX_SHARED_SPEC"
"""Names the shared spec the copy is made from, when it is not beside the checkout."""


@cache
def load_spec() -> dict[str, Any]:
    """The OpenAPI document (the repository's copy)."""
    return json.loads(SPEC.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def make_copy() -> ModuleType:
    """``spec/make_copy.py``, the script that makes the copy, imported from its file."""
    found = importlib.util.spec_from_file_location("make_copy", SPEC_DIR / "make_copy.py")
    assert found is not None
    assert found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


def shared_spec() -> Path:
    """Where the shared spec is (it may be absent: a clone with nothing beside it)."""
    return Path(os.environ.get(SHARED_ENV) or make_copy().SOURCE)


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """``node`` with ``$ref``s followed until it is a schema of its own."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
