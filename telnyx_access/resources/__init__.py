"""One module per API resource; each class serves both clients (see ``_resource``).

A resource's module, and its models with it, is imported when it is first used: a
client makes its resources on first access.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._generic import Anything as Anything
    from .access_ip_address import AccessIPAddressResource as AccessIPAddressResource
    from .addresses import AddressActions as AddressActions
    from .addresses import Addresses as Addresses
    from .authentication_providers import AuthenticationProviders as AuthenticationProviders
    from .billing_groups import BillingGroups as BillingGroups
    from .integration_secrets import IntegrationSecrets as IntegrationSecrets
    from .telephony_credentials import TelephonyCredentials as TelephonyCredentials

if not TYPE_CHECKING:  # so that type checkers flag a name that is not listed
    __getattr__, __dir__ = lazy_exports(__name__)
