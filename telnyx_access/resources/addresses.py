"""``client.addresses``: postal addresses for emergency services and number regulations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import (
    check_choice,
    check_country_code,
    check_mapping,
    check_optional_bool,
    check_optional_str,
    check_str,
)
from .._encoding import encode_path, json_body, page_query
from .._models.addresses import Address, AddressSort, AddressSuggestion, AddressValidation
from .._options import ListOptions, PostOptions, RequestOptions
from .._pagination import Page
from .._parsers import enveloped
from .._request import Call
from .._resource import Binding, M, Raw, Resource, endpoint, paginated
from ._collection import Collection
from ._typing import Unpack

__all__ = ["AddressActions", "Addresses"]

_ADDRESSES = Collection("/addresses", Address)


class Addresses(Resource[M]):
    """Addresses (``/addresses``); validation lives in ``addresses.actions``."""

    _name = "addresses"

    def __init__(self, binding: Binding) -> None:
        super().__init__(binding)
        #: The address actions, ``validate`` and ``accept_suggestions``.
        self.actions: AddressActions[M] = AddressActions(binding)

    @property
    def with_raw_response(self) -> Addresses[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return Addresses(self._raw_binding())

    @paginated
    def list(
        self,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        filter: Mapping[str, Any] | None = None,
        sort: AddressSort | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[Address]]:
        """List addresses, page by page.

        Args:
            page_number: the page to start from (1 or more).
            page_size: items per page, 1 to 250.
            filter: e.g. ``{"customer_reference": {"contains": "acme"}}``,
                ``{"used_as_emergency": "true"}``, ``{"street_address": {"contains": "Main"}}``
                or ``{"address_book": {"eq": "true"}}``.
            sort: the field to order by (the server's default is ``created_at``).
        """
        query = {
            **page_query(page_number, page_size),
            "filter": check_mapping("filter", filter),
            "sort": check_choice("sort", sort, AddressSort),
        }
        return _ADDRESSES.list(query, options)

    @endpoint
    def create(
        self,
        *,
        first_name: str,
        last_name: str,
        business_name: str,
        street_address: str,
        locality: str,
        country_code: str,
        administrative_area: str | None = None,
        borough: str | None = None,
        customer_reference: str | None = None,
        extended_address: str | None = None,
        neighborhood: str | None = None,
        phone_number: str | None = None,
        postal_code: str | None = None,
        address_book: bool | None = None,
        validate_address: bool | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[Address]:
        """Create an address.

        Args:
            first_name: the first name of the person at the address.
            last_name: their last name.
            business_name: the business at the address.
            street_address: the street, e.g. ``"600 Congress Avenue"``.
            locality: the city or town.
            country_code: two letters (ISO 3166-1 alpha-2), e.g. ``"US"``.
            administrative_area: the state, province or region.
            borough: the borough, where the country has them.
            customer_reference: a reference of your choosing.
            extended_address: the apartment, suite or floor.
            neighborhood: the neighbourhood.
            phone_number: a phone number for the address, e.g. ``"+12125559000"``.
            postal_code: the postal code.
            address_book: list it among your addresses for regular use (default true).
            validate_address: validate it for emergency use on creation (default true).
        """
        required = {
            "first_name": first_name,
            "last_name": last_name,
            "business_name": business_name,
            "street_address": street_address,
            "locality": locality,
        }
        optional = {
            "administrative_area": administrative_area,
            "borough": borough,
            "customer_reference": customer_reference,
            "extended_address": extended_address,
            "neighborhood": neighborhood,
            "phone_number": phone_number,
            "postal_code": postal_code,
        }
        body = {
            **{name: check_str(name, value) for name, value in required.items()},
            "country_code": check_country_code("country_code", country_code),
            **{name: check_optional_str(name, value) for name, value in optional.items()},
            "address_book": check_optional_bool("address_book", address_book),
            "validate_address": check_optional_bool("validate_address", validate_address),
        }
        return _ADDRESSES.post(body, options)

    @endpoint
    def retrieve(self, id: str, **options: Unpack[RequestOptions]) -> Call[Address]:
        """Get one address.

        Args:
            id: the address's id (an integer, as a string).
        """
        return _ADDRESSES.get(id, options)

    @endpoint
    def delete(self, id: str, **options: Unpack[RequestOptions]) -> Call[Address]:
        """Delete an address; the answer is the address as it was deleted.

        Args:
            id: the address's id (an integer, as a string).
        """
        return _ADDRESSES.delete(id, options)


class AddressActions(Resource[M]):
    """Address actions (``/addresses/actions/...`` and ``/addresses/{id}/actions/...``)."""

    _name = "addresses.actions"

    @property
    def with_raw_response(self) -> AddressActions[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the model."""
        return AddressActions(self._raw_binding())

    @endpoint
    def validate(
        self,
        *,
        country_code: str,
        postal_code: str,
        street_address: str,
        administrative_area: str | None = None,
        extended_address: str | None = None,
        locality: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[AddressValidation]:
        """Check an address for emergency use and get its normalised form.

        Args:
            country_code: two letters (ISO 3166-1 alpha-2).
            postal_code: the postal code.
            street_address: the street.
            administrative_area: the state, province or region.
            extended_address: the apartment, suite or floor.
            locality: the city or town.
        """
        body = {
            "country_code": check_country_code("country_code", country_code),
            "postal_code": check_str("postal_code", postal_code),
            "street_address": check_str("street_address", street_address),
            "administrative_area": check_optional_str("administrative_area", administrative_area),
            "extended_address": check_optional_str("extended_address", extended_address),
            "locality": check_optional_str("locality", locality),
        }
        return Call(
            method="POST",
            path="/addresses/actions/validate",
            body=json_body(body),
            parse=enveloped(AddressValidation),
            options=options,
        )

    @endpoint
    def accept_suggestions(
        self,
        address_uuid: str,
        *,
        id: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Call[AddressSuggestion]:
        """Accept the suggested form of an address and resume its numbers' processing.

        The server answers 202 when it accepts now and 200 when it had already accepted;
        both return the suggestion (``with_raw_response`` tells which).

        Args:
            address_uuid: the address's UUID.
            id: the id of the suggestion to accept, when there is more than one.
        """
        return Call(
            method="POST",
            path=encode_path(_ACCEPT_SUGGESTIONS, id=check_str("address_uuid", address_uuid)),
            template=_ACCEPT_SUGGESTIONS,
            body=json_body({"id": check_optional_str("id", id)}),
            parse=enveloped(AddressSuggestion),
            options=options,
        )


_ACCEPT_SUGGESTIONS = "/addresses/{id}/actions/accept_suggestions"
