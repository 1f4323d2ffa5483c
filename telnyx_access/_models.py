"""Response and request models: frozen, slotted, keyword-only attrs classes.

Fields follow the spec's names. Optional fields default to ``None``; fields whose values
the spec enumerates are ``str`` so that a value added by Telnyx later is kept, not refused.
"""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["BillingGroup", "PageMeta", "RateLimit"]


@attrs.frozen(kw_only=True)
class PageMeta:
    """Where a page sits in a list: its number and size, and the totals."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


@attrs.frozen(kw_only=True)
class RateLimit:
    """The last ``x-ratelimit-*`` headers seen; ``reset`` is in seconds."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None


@attrs.frozen(kw_only=True)
class BillingGroup:
    """A billing group: a label that splits an organisation's invoices."""

    id: str | None = None
    name: str | None = None
    organization_id: str | None = None
    record_type: str | None = None
    """``"billing_group"``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
