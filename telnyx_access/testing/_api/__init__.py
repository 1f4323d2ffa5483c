"""The fake API itself: one account's state, and the routes of the 24 operations acting on it.

Answers follow ``account-access.openapi.json``: the envelopes, status codes, id formats,
page-number pagination with ``meta``, and each resource group's own error shape. Each
resource group's handlers live in the module named like its resource in
``telnyx_access.resources``; ``_shared`` holds what they have in common.
"""

from __future__ import annotations

import itertools

from . import (
    access_ip_address,
    addresses,
    authentication_providers,
    billing_groups,
    integration_secrets,
    telephony_credentials,
)
from ._shared import ORGANIZATION_ID, USER_ID, Handler, Json, Rejection, Route

__all__ = ["ORGANIZATION_ID", "ROUTES", "USER_ID", "FakeAPI", "Handler", "Rejection"]


class FakeAPI:
    """In-memory state of one fake account, which the handlers read and change."""

    def __init__(self) -> None:
        self.access_ips: dict[str, Json] = {}
        self.addresses: dict[str, Json] = {}
        self.suggestions: dict[str, bool] = {}
        """Address UUIDs with pending suggestions, and whether each was accepted."""
        self.providers: dict[str, Json] = {}
        self.billing_groups: dict[str, Json] = {}
        self.secrets: dict[str, Json] = {}
        self.credentials: set[str] = set()
        """Telephony credential ids a token can be created for."""
        self.address_ids = itertools.count(1293384261075731499)
        """The ids of new addresses: int64s, as Telnyx's are."""


ROUTES: list[Route] = [
    *access_ip_address.ROUTES,
    *addresses.ROUTES,
    *authentication_providers.ROUTES,
    *billing_groups.ROUTES,
    *integration_secrets.ROUTES,
    *telephony_credentials.ROUTES,
]
