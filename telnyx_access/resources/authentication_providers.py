"""``client.authentication_providers``: SAML single sign-on for the organisation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import check_choice, check_optional_bool, check_optional_str, check_str
from .._converter import converter
from .._encoding import page_query
from .._models.authentication_providers import (
    AuthenticationProvider,
    AuthenticationProviderSettings,
    AuthenticationProviderSort,
    FingerprintAlgorithm,
)
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page
from .._request import Call
from .._resource import M, Raw, Resource, endpoint, paginated
from ._collection import Collection
from ._typing import Unpack

__all__ = ["AuthenticationProviders"]

Settings = AuthenticationProviderSettings | Mapping[str, Any]
_REQUIRED_SETTINGS = ("idp_entity_id", "idp_sso_target_url", "idp_cert_fingerprint")
_PROVIDERS = Collection("/authentication_providers", AuthenticationProvider)


class AuthenticationProviders(Resource[M]):
    """Authentication providers (``/authentication_providers``)."""

    _name = "authentication_providers"

    @property
    def with_raw_response(self) -> AuthenticationProviders[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return AuthenticationProviders(self._raw_binding())

    @paginated
    def list(
        self,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        sort: AuthenticationProviderSort | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[AuthenticationProvider]]:
        """List authentication providers, page by page.

        Args:
            page_number: the page to start from (1 or more).
            page_size: items per page, 1 to 250.
            sort: the field to order by; a leading ``-`` sorts descending (the server's
                default is ``-created_at``).
        """
        query = {
            **page_query(page_number, page_size),
            "sort": check_choice("sort", sort, AuthenticationProviderSort),
        }
        return _PROVIDERS.list(query, options)

    @endpoint
    def create(
        self,
        *,
        name: str,
        short_name: str,
        settings: Settings,
        active: bool | None = None,
        settings_url: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[AuthenticationProvider]:
        """Create an authentication provider.

        Args:
            name: a display name.
            short_name: the name in the provider's sign-in URL; unique across Telnyx.
            settings: the identity provider's SAML settings, as
                ``AuthenticationProviderSettings`` or a mapping; ``idp_entity_id``,
                ``idp_sso_target_url`` and ``idp_cert_fingerprint`` are required.
            active: whether users can sign in with it (the server's default is true).
            settings_url: a metadata URL to fill the settings from; ``settings`` wins.
        """
        body = {
            "name": check_str("name", name),
            "short_name": check_str("short_name", short_name),
            "settings": _settings(settings),
            "active": check_optional_bool("active", active),
            "settings_url": check_optional_str("settings_url", settings_url),
        }
        return _PROVIDERS.post(body, options)

    @endpoint
    def retrieve(self, id: str, **options: Unpack[RequestOptions]) -> Call[AuthenticationProvider]:
        """Get one authentication provider.

        Args:
            id: the provider's id (a uuid).
        """
        return _PROVIDERS.get(id, options)

    @endpoint
    def update(
        self,
        id: str,
        *,
        name: str | None = None,
        short_name: str | None = None,
        active: bool | None = None,
        settings: Settings | None = None,
        settings_url: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Call[AuthenticationProvider]:
        """Change an authentication provider; only the arguments given are sent.

        Args:
            id: the provider's id (a uuid).
            name: a display name.
            short_name: the name in the provider's sign-in URL.
            active: whether users can sign in with it.
            settings: new SAML settings, complete (see ``create``).
            settings_url: a metadata URL to fill the settings from.
        """
        body = {
            "name": check_optional_str("name", name),
            "short_name": check_optional_str("short_name", short_name),
            "active": check_optional_bool("active", active),
            "settings": None if settings is None else _settings(settings),
            "settings_url": check_optional_str("settings_url", settings_url),
        }
        return _PROVIDERS.patch(id, body, options)

    @endpoint
    def delete(self, id: str, **options: Unpack[RequestOptions]) -> Call[AuthenticationProvider]:
        """Delete an authentication provider; the answer is the provider as it was deleted.

        Args:
            id: the provider's id (a uuid).
        """
        return _PROVIDERS.delete(id, options)


def _settings(settings: object) -> dict[str, Any]:
    """The settings as JSON, after checking the fields the spec requires and enumerates."""
    if isinstance(settings, AuthenticationProviderSettings):
        fields: dict[str, Any] = converter.unstructure(settings)
    elif isinstance(settings, Mapping):
        fields = {key: value for key, value in settings.items() if value is not None}
    else:
        raise TypeError(
            "settings must be an AuthenticationProviderSettings or a mapping, "
            f"not {type(settings).__name__}"
        )
    for name in _REQUIRED_SETTINGS:
        if name not in fields:
            raise ValueError(f"settings.{name} is required")
        check_str(f"settings.{name}", fields[name])
    check_choice(
        "settings.idp_cert_fingerprint_algorithm",
        fields.get("idp_cert_fingerprint_algorithm"),
        FingerprintAlgorithm,
    )
    return fields
