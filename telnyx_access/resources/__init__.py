"""One module per API resource; each class serves both clients (see ``_resource``)."""

from .billing_groups import BillingGroups

__all__ = ["BillingGroups"]
