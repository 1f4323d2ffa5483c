"""The model of ``client.billing_groups``."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: F401 - for __init__'s hints, see _base
from datetime import datetime
from typing import Any  # noqa: F401 - for __init__'s hints, see _base

import attrs

from ._base import Model

__all__ = ["BillingGroup"]


@attrs.frozen(kw_only=True)
class BillingGroup(Model):
    """A billing group: a label that splits an organisation's invoices."""

    id: str | None = None
    name: str | None = None
    organization_id: str | None = None
    record_type: str | None = None
    """``"billing_group"``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
