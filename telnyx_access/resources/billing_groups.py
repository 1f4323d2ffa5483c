"""``client.billing_groups``: labels that split an organisation's invoices."""

from __future__ import annotations

from .._checks import check_optional_str
from .._encoding import page_query
from .._models.billing_groups import BillingGroup
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page
from .._request import Call
from .._resource import M, Raw, Resource, endpoint, paginated
from ._collection import Collection
from ._typing import Unpack

__all__ = ["BillingGroups"]

_GROUPS = Collection("/billing_groups", BillingGroup)


class BillingGroups(Resource[M]):
    """Billing groups (``/billing_groups``)."""

    _name = "billing_groups"

    @property
    def with_raw_response(self) -> BillingGroups[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return BillingGroups(self._raw_binding())

    @paginated
    def list(
        self,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[BillingGroup]]:
        """List billing groups, page by page.

        Args:
            page_number: the page to start from (1 or more; the server's default is 1).
            page_size: items per page, 1 to 250 (the server's default is 20).
        """
        return _GROUPS.list(page_query(page_number, page_size), options)

    @endpoint
    def create(
        self, *, name: str | None = None, **options: Unpack[PostOptions]
    ) -> Call[BillingGroup]:
        """Create a billing group.

        Args:
            name: a name of your choosing; the server accepts none.
        """
        return _GROUPS.post({"name": check_optional_str("name", name)}, options)

    @endpoint
    def retrieve(self, id: str, **options: Unpack[RequestOptions]) -> Call[BillingGroup]:
        """Get one billing group.

        Args:
            id: the billing group's id (a uuid).
        """
        return _GROUPS.get(id, options)

    @endpoint
    def update(
        self, id: str, *, name: str | None = None, **options: Unpack[RequestOptions]
    ) -> Call[BillingGroup]:
        """Rename a billing group.

        Args:
            id: the billing group's id (a uuid).
            name: the new name; left out of the request when ``None``.
        """
        return _GROUPS.patch(id, {"name": check_optional_str("name", name)}, options)

    @endpoint
    def delete(self, id: str, **options: Unpack[RequestOptions]) -> Call[BillingGroup]:
        """Delete a billing group; the answer is the group as it was deleted.

        Args:
            id: the billing group's id (a uuid).
        """
        return _GROUPS.delete(id, options)
