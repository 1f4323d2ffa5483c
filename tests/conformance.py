"""Checking the fake's answers against Telnyx's OpenAPI document, with openapi-core."""

from __future__ import annotations

from functools import cache
from typing import Any

from openapi_core import OpenAPI
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse

from telnyx_access.testing import Exchange

from .spec import load_spec

SPEC_HOST = "https://api.telnyx.com"
UNDOCUMENTED = frozenset({401, 429})
"""Statuses Telnyx sends on every operation that the spec documents on none of them."""


@cache
def spec_checker() -> OpenAPI:
    """The spec ready to validate answers with."""
    return OpenAPI.from_dict(load_spec())


def violation(openapi: OpenAPI, exchange: Exchange) -> str | None:
    """Why ``exchange``'s answer breaks the spec, or None when it conforms."""
    request = exchange.request
    content_type = exchange.headers.get("Content-Type", "").split(";")[0] or None
    mock_request = MockRequest(
        SPEC_HOST,
        request.method.lower(),
        request.raw_path,  # encoded, so an id holding "/" stays one segment
        args=dict(request.query),
        headers=dict(request.headers),
    )
    mock_response = MockResponse(
        exchange.body,
        status_code=exchange.status,
        headers=dict(exchange.headers),
        content_type=content_type,  # type: ignore[arg-type]
    )
    try:
        openapi.validate_response(mock_request, mock_response)
    except ResponseNotFound:
        if exchange.status in UNDOCUMENTED:
            return None
        return f"{request.method} {request.path}: {exchange.status} is not documented"
    except Exception as error:  # openapi-core raises many kinds; any means a violation
        detail: Any = getattr(error, "__cause__", None) or error
        return f"{request.method} {request.path} -> {exchange.status}: {detail}"
    return None
