"""One module per API resource; each class serves both clients (see ``_resource``)."""

from ._generic import Anything
from .access_ip_address import AccessIPAddressResource
from .addresses import AddressActions, Addresses
from .authentication_providers import AuthenticationProviders
from .billing_groups import BillingGroups
from .integration_secrets import IntegrationSecrets
from .telephony_credentials import TelephonyCredentials

__all__ = [
    "AccessIPAddressResource",
    "AddressActions",
    "Addresses",
    "Anything",
    "AuthenticationProviders",
    "BillingGroups",
    "IntegrationSecrets",
    "TelephonyCredentials",
]
