"""``client.integration_secrets``: credentials stored for integrations to use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import check_choice, check_mapping, check_optional_str, check_str
from .._encoding import page_query
from .._models.integration_secrets import IntegrationSecret, IntegrationSecretType
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page
from .._parsers import no_content
from .._request import Call
from .._resource import M, Raw, Resource, endpoint, paginated
from ._collection import Collection
from ._typing import Unpack

__all__ = ["IntegrationSecrets"]

_SECRETS = Collection("/integration_secrets", IntegrationSecret)


class IntegrationSecrets(Resource[M]):
    """Integration secrets (``/integration_secrets``).

    Their values (``token``, ``password``) are sent once, never returned, and never logged.
    """

    _name = "integration_secrets"

    @property
    def with_raw_response(self) -> IntegrationSecrets[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return IntegrationSecrets(self._raw_binding())

    @paginated
    def list(
        self,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        filter: Mapping[str, Any] | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[IntegrationSecret]]:
        """List integration secrets, page by page.

        Args:
            page_number: the page to start from (1 or more).
            page_size: items per page, 1 to 250.
            filter: ``{"type": "bearer"}`` or ``{"type": "basic"}``.
        """
        checked = check_mapping("filter", filter)
        if checked is not None:
            check_choice("filter.type", checked.get("type"), IntegrationSecretType)
        return _SECRETS.list({**page_query(page_number, page_size), "filter": checked}, options)

    @endpoint
    def create(
        self,
        *,
        identifier: str,
        type: IntegrationSecretType,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[IntegrationSecret]:
        """Store a secret for integrations to use.

        Args:
            identifier: the name integrations refer to the secret by.
            type: ``"bearer"`` (needs ``token``) or ``"basic"`` (needs ``username`` and
                ``password``).
            token: the bearer token.
            username: the basic-auth user name.
            password: the basic-auth password.
        """
        check_choice("type", type, IntegrationSecretType)
        if type is None:
            raise ValueError("type is required: 'bearer' or 'basic'")
        body = {
            "identifier": check_str("identifier", identifier),
            "type": type,
            "token": check_optional_str("token", token),
            "username": check_optional_str("username", username),
            "password": check_optional_str("password", password),
        }
        needed = ("token",) if type == "bearer" else ("username", "password")
        for name in needed:
            if not body[name]:
                raise ValueError(f"{name} is required for a {type} secret")
        return _SECRETS.post(body, options)

    @endpoint
    def delete(self, id: str, **options: Unpack[RequestOptions]) -> Call[None]:
        """Delete an integration secret.

        Args:
            id: the secret's id.
        """
        return Call(
            method="DELETE",
            path=_SECRETS.item_path(id),
            template=_SECRETS.item_template,
            parse=no_content,
            options=options,
        )
