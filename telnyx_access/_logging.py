"""The package logger and the redaction applied to everything it records."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from yarl import URL

logger = logging.getLogger("telnyx_access")

REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_FIELDS = frozenset({"token", "password", "api_key", "secret", "jwt"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers fit for a log: credentials replaced."""
    return {k: REDACTED if k.lower() in _SECRET_HEADERS else v for k, v in headers.items()}


def redact_body(value: Any) -> Any:
    """A JSON value fit for a log: secret fields replaced, at any depth."""
    if isinstance(value, Mapping):
        return {
            k: REDACTED if str(k).lower() in _SECRET_FIELDS else redact_body(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_body(item) for item in value]
    return value


def redact_url(url: URL | None) -> str | None:
    """A URL fit for a log: any user name and password replaced."""
    if url is None or (url.raw_user is None and url.raw_password is None):
        return None if url is None else str(url)
    bare = str(url.with_user(None))
    scheme = f"{url.scheme}://"
    return f"{scheme}{REDACTED}@{bare.removeprefix(scheme)}"
