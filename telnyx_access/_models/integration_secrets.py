"""The model of ``client.integration_secrets``."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: F401 - for __init__'s hints, see _base
from datetime import datetime
from typing import Any, Literal  # noqa: F401 - for __init__'s hints, see _base

import attrs

from ._base import Model

__all__ = ["IntegrationSecret", "IntegrationSecretType"]

IntegrationSecretType = Literal["bearer", "basic"]
"""Kinds of integration secret: a bearer token, or a basic-auth user name and password."""


@attrs.frozen(kw_only=True)
class IntegrationSecret(Model):
    """A stored credential for an integration; its secret value is never sent back."""

    id: str
    identifier: str
    record_type: str
    created_at: datetime
    updated_at: datetime | None = None
