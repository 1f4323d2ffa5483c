"""The models, one module per resource, each imported when one of its names is first used.

Attrs makes a class by generating and compiling its methods, which costs about a
millisecond per model: a program pays for the models of the resources it uses, not for
all of them on import. ``_base`` holds the base class and the models every client uses.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._base import PageMeta as PageMeta
    from ._base import RateLimit as RateLimit
    from .access_ip_address import AccessIPAddress as AccessIPAddress
    from .addresses import Address as Address
    from .addresses import AddressSort as AddressSort
    from .addresses import AddressSuggestion as AddressSuggestion
    from .addresses import AddressValidation as AddressValidation
    from .addresses import AddressValidationIssue as AddressValidationIssue
    from .addresses import SuggestedAddress as SuggestedAddress
    from .addresses import ValidationSource as ValidationSource
    from .authentication_providers import AuthenticationProvider as AuthenticationProvider
    from .authentication_providers import (
        AuthenticationProviderSettings as AuthenticationProviderSettings,
    )
    from .authentication_providers import (
        AuthenticationProviderSort as AuthenticationProviderSort,
    )
    from .authentication_providers import FingerprintAlgorithm as FingerprintAlgorithm
    from .billing_groups import BillingGroup as BillingGroup
    from .integration_secrets import IntegrationSecret as IntegrationSecret
    from .integration_secrets import IntegrationSecretType as IntegrationSecretType

if not TYPE_CHECKING:  # so that type checkers flag a name that is not listed
    __getattr__, __dir__ = lazy_exports(__name__)
