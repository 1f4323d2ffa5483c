"""The package logger, the redaction applied to everything it records, and ``TELNYX_LOG``."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Mapping
from typing import Any

from yarl import URL

logger = logging.getLogger("telnyx_access")

LOG_ENV = "TELNYX_LOG"
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_env_read = False
_env_lock = threading.Lock()

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


_CREDENTIALS = re.compile(r"//[^/@\s'\"]*@")
"""The ``user:password@`` of a URL inside a text."""


def without_credentials(text: str) -> str:
    """``text`` with the user and password of every URL in it taken out."""
    return _CREDENTIALS.sub("//", text)


def redact_url(url: URL | None) -> str | None:
    """A URL fit for a log: any user name and password replaced."""
    if url is None or (url.raw_user is None and url.raw_password is None):
        return None if url is None else str(url)
    bare = str(url.with_user(None))
    scheme = f"{url.scheme}://"
    return f"{scheme}{REDACTED}@{bare.removeprefix(scheme)}"


def configure_from_env() -> None:
    """Apply ``TELNYX_LOG`` (``info`` or ``debug``) once per process, at the first client.

    It gives the ``telnyx_access`` logger a stderr handler at that level, unless the
    application configured logging already (a handler here or on any ancestor, such as
    the root logger's from ``logging.basicConfig``): its configuration wins.

    Raises:
        ValueError: ``TELNYX_LOG`` is set to something else.
    """
    global _env_read  # noqa: PLW0603 - once per process
    with _env_lock:
        if _env_read:
            return
        value = os.environ.get(LOG_ENV, "").strip().lower()
        if value and value not in _LEVELS:
            raise ValueError(f"{LOG_ENV} must be 'info' or 'debug', got {value!r}")
        _env_read = True
        if value and not logger.hasHandlers():
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            logger.addHandler(handler)
            logger.setLevel(_LEVELS[value])
