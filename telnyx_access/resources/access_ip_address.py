"""``client.access_ip_address``: the IP addresses allowed to use this account's API keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import check_ip_address, check_mapping, check_optional_str
from .._encoding import page_query
from .._models.access_ip_address import AccessIPAddress
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page
from .._request import Call
from .._resource import M, Raw, Resource, endpoint, paginated
from ._collection import Collection
from ._typing import Unpack

__all__ = ["AccessIPAddressResource"]

_ALLOWED = Collection(
    "/access_ip_address", AccessIPAddress, id_name="access_ip_address_id", envelope=False
)


class AccessIPAddressResource(Resource[M]):
    """Allowed IP addresses (``/access_ip_address``).

    Unlike the other resources, single addresses come back without a ``data`` envelope.
    """

    _name = "access_ip_address"

    @property
    def with_raw_response(self) -> AccessIPAddressResource[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return AccessIPAddressResource(self._raw_binding())

    @paginated
    def list(
        self,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        filter: Mapping[str, Any] | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[AccessIPAddress]]:
        """List allowed IP addresses, page by page.

        Args:
            page_number: the page to start from (1 or more).
            page_size: items per page, 1 to 250.
            filter: e.g. ``{"ip_source": "cloudflare"}``, ``{"ip_address": "1.2.3.4"}`` or
                ``{"created_at": {"gte": datetime(...)}}`` (``gt``, ``gte``, ``lt``, ``lte``).
        """
        query = {**page_query(page_number, page_size), "filter": check_mapping("filter", filter)}
        return _ALLOWED.list(query, options)

    @endpoint
    def create(
        self,
        *,
        ip_address: str,
        description: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[AccessIPAddress]:
        """Allow an IP address.

        Args:
            ip_address: an IPv4 or IPv6 address.
            description: a note of your choosing.
        """
        body = {
            "ip_address": check_ip_address("ip_address", ip_address),
            "description": check_optional_str("description", description),
        }
        return _ALLOWED.post(body, options)

    @endpoint
    def retrieve(
        self, access_ip_address_id: str, **options: Unpack[RequestOptions]
    ) -> Call[AccessIPAddress]:
        """Get one allowed IP address.

        Args:
            access_ip_address_id: its id.
        """
        return _ALLOWED.get(access_ip_address_id, options)

    @endpoint
    def delete(
        self, access_ip_address_id: str, **options: Unpack[RequestOptions]
    ) -> Call[AccessIPAddress]:
        """Stop allowing an IP address; the answer is the address as it was removed.

        Args:
            access_ip_address_id: its id.
        """
        return _ALLOWED.delete(access_ip_address_id, options)
