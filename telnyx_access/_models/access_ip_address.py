"""The model of ``client.access_ip_address``."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: F401 - for __init__'s hints, see _base
from datetime import datetime
from typing import Any  # noqa: F401 - for __init__'s hints, see _base

import attrs

from ._base import Model

__all__ = ["AccessIPAddress"]


@attrs.frozen(kw_only=True)
class AccessIPAddress(Model):
    """An IP address allowed to reach the API with this account's keys."""

    id: str
    ip_address: str
    source: str
    status: str
    """``"pending"`` until the address is in effect, then ``"added"``."""
    user_id: str
    description: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
