"""Finding and reading the API contract, Telnyx's OpenAPI document, which lives outside the repo.

It is looked up at ``$TELNYX_OPENAPI_SPEC``, else at ``../shared/spec/`` beside the
checkout. Without it, tests that need it skip with a one-line reason, except under CI,
where they fail.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DEFAULT_SPEC = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "spec"
    / "account-access.openapi.json"
)


@cache
def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def load_spec() -> dict[str, Any]:
    """The OpenAPI document; skips the test (fails it under CI) when it cannot be found."""
    path = Path(os.environ.get("TELNYX_OPENAPI_SPEC", DEFAULT_SPEC))
    if not path.is_file():
        reason = f"the OpenAPI spec is not at {path} (set TELNYX_OPENAPI_SPEC)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return _load(path)


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """``node`` with ``$ref``s followed until it is a schema of its own."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
