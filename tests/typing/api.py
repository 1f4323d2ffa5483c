"""Checked by mypy --strict, never run: pins the types users see on both clients.

``assert_type`` fails the type check when a signature drifts; each ``type: ignore`` is an
error that must keep being reported (``warn_unused_ignores`` is on under --strict).
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any

import aiohttp
from typing_extensions import assert_type

from telnyx_access import (
    AccessIPAddress,
    Address,
    AddressSuggestion,
    AddressValidation,
    AsyncPage,
    AsyncPaginator,
    AsyncTelnyxAccess,
    AuthenticationProvider,
    AuthenticationProviderSettings,
    Backoff,
    BillingGroup,
    IntegrationSecret,
    Page,
    RateLimit,
    RawResponse,
    SyncPage,
    TelnyxAccess,
)


def blocking_surface(client: TelnyxAccess) -> None:
    """The blocking client answers with models, never awaitables."""
    assert_type(client.billing_groups.create(name="ops"), BillingGroup)
    assert_type(client.billing_groups.create(idempotency_key="k"), BillingGroup)
    assert_type(client.billing_groups.retrieve("id", timeout=5), BillingGroup)
    assert_type(client.billing_groups.update("id", name="n"), BillingGroup)
    assert_type(client.billing_groups.delete("id"), BillingGroup)
    page = client.billing_groups.list(page_size=10)
    assert_type(page, SyncPage[BillingGroup])
    assert_type(page.next_page(), SyncPage[BillingGroup])
    for group in page:
        assert_type(group, BillingGroup)
    assert_type(client.billing_groups.with_raw_response.retrieve("id"), RawResponse[BillingGroup])
    assert_type(client.billing_groups.with_raw_response.retrieve("id").parse(), BillingGroup)
    assert_type(client.billing_groups.with_raw_response.list(), RawResponse[Page[BillingGroup]])
    assert_type(client.with_options(timeout=1), TelnyxAccess)
    assert_type(client.rate_limit, RateLimit | None)

    client.billing_groups.retrieve(5)  # type: ignore[arg-type]
    client.billing_groups.retrieve("id", timeout="soon")  # type: ignore[arg-type]
    client.billing_groups.retrieve("id", idempotency_key="k")  # type: ignore[call-arg]
    client.billing_groups.list(bogus=1)  # type: ignore[call-arg]
    assert_type(client.billing_groups.list(prefetch=8), SyncPage[BillingGroup])
    client.billing_groups.retrieve("id", prefetch=2)  # type: ignore[call-arg]


def blocking_resources(client: TelnyxAccess) -> None:
    """Every resource's blocking methods answer with their models."""
    assert_type(client.access_ip_address.list(filter={"ip_source": "x"}), SyncPage[AccessIPAddress])
    assert_type(client.access_ip_address.create(ip_address="::1"), AccessIPAddress)
    assert_type(client.access_ip_address.retrieve("id"), AccessIPAddress)
    assert_type(client.access_ip_address.delete("id"), AccessIPAddress)
    assert_type(client.addresses.list(sort="first_name"), SyncPage[Address])
    assert_type(client.addresses.retrieve("1"), Address)
    assert_type(client.addresses.delete("1"), Address)
    assert_type(
        client.addresses.actions.validate(country_code="US", postal_code="1", street_address="s"),
        AddressValidation,
    )
    assert_type(client.addresses.actions.accept_suggestions("u"), AddressSuggestion)
    assert_type(
        client.addresses.actions.with_raw_response.accept_suggestions("u"),
        RawResponse[AddressSuggestion],
    )
    settings = AuthenticationProviderSettings(idp_entity_id="e")
    assert_type(
        client.authentication_providers.create(name="n", short_name="s", settings=settings),
        AuthenticationProvider,
    )
    assert_type(
        client.authentication_providers.update("id", settings={"idp_entity_id": "e"}),
        AuthenticationProvider,
    )
    assert_type(
        client.authentication_providers.list(sort="-name"), SyncPage[AuthenticationProvider]
    )
    assert_type(
        client.integration_secrets.create(identifier="i", type="bearer", token="t"),
        IntegrationSecret,
    )
    assert_type(client.integration_secrets.delete("id"), None)
    assert_type(client.telephony_credentials.create_token("id"), str)

    client.addresses.list(sort="newest")  # type: ignore[arg-type]
    client.integration_secrets.create(identifier="i", type="oauth")  # type: ignore[arg-type]
    client.addresses.create(first_name="a")  # type: ignore[call-arg]


async def async_surface(client: AsyncTelnyxAccess) -> None:
    """The async client answers with awaitables, and list() with a paginator."""
    assert_type(await client.billing_groups.create(name="ops"), BillingGroup)
    assert_type(await client.billing_groups.retrieve("id"), BillingGroup)
    assert_type(await client.billing_groups.update("id", name="n"), BillingGroup)
    assert_type(await client.billing_groups.delete("id"), BillingGroup)
    paginator = client.billing_groups.list(page_number=2)
    assert_type(paginator, AsyncPaginator[BillingGroup])
    page = await paginator
    assert_type(page, AsyncPage[BillingGroup])
    assert_type(await page.next_page(), AsyncPage[BillingGroup])
    async for group in paginator:
        assert_type(group, BillingGroup)
    async for each in paginator.pages():
        assert_type(each, AsyncPage[BillingGroup])
    raw = await client.billing_groups.with_raw_response.create(name="ops")
    assert_type(raw, RawResponse[BillingGroup])
    assert_type(
        await client.billing_groups.with_raw_response.list(), RawResponse[Page[BillingGroup]]
    )
    assert_type(client.with_options(max_retries=0), AsyncTelnyxAccess)

    await client.billing_groups.retrieve(5)  # type: ignore[arg-type]
    assert_type(await client.telephony_credentials.create_token("id"), str)
    assert_type(await client.integration_secrets.delete("id"), None)
    assert_type(client.addresses.list(), AsyncPaginator[Address])
    assert_type(
        await client.addresses.actions.validate(
            country_code="US", postal_code="1", street_address="s"
        ),
        AddressValidation,
    )


def blocking_escape_hatch(client: TelnyxAccess) -> None:
    """client.request answers with JSON, or the cast_to model; paginate with pages."""
    assert_type(client.request("GET", "/x"), Any)
    assert_type(client.request("GET", "/x", cast_to=BillingGroup), BillingGroup)
    assert_type(client.request("POST", "/x", body={}, idempotency_key="k", timeout=1), Any)
    assert_type(client.paginate("/x"), SyncPage[dict[str, Any]])
    assert_type(client.paginate("/x", item=Address, page_size=5), SyncPage[Address])
    assert_type(client.with_raw_response.request("GET", "/x"), RawResponse[Any])
    assert_type(client.with_raw_response.paginate("/x"), RawResponse[Page[dict[str, Any]]])
    assert_type(
        client.with_raw_response.request("GET", "/x", cast_to=BillingGroup).parse(), BillingGroup
    )
    client.request("GET", "/x", bogus=1)  # type: ignore[call-arg]
    client.paginate("/x", page_size="5")  # type: ignore[arg-type]


async def async_escape_hatch(client: AsyncTelnyxAccess) -> None:
    """The async client's request is awaited; paginate gives a paginator."""
    assert_type(await client.request("GET", "/x"), Any)
    assert_type(await client.request("GET", "/x", cast_to=BillingGroup), BillingGroup)
    assert_type(client.paginate("/x"), AsyncPaginator[dict[str, Any]])
    assert_type(client.paginate("/x", item=Address, prefetch=2), AsyncPaginator[Address])
    assert_type(await client.with_raw_response.request("GET", "/x"), RawResponse[Any])
    assert_type(
        await client.with_raw_response.paginate("/x", item=Address), RawResponse[Page[Address]]
    )


def models(group: BillingGroup) -> None:
    """to_dict, to_json and from_dict keep the model's type; extra_fields is a mapping."""
    assert_type(group.to_dict(), dict[str, Any])
    assert_type(group.to_json(indent=2), str)
    assert_type(BillingGroup.from_dict(group.to_dict()), BillingGroup)
    assert_type(group.extra_fields, Mapping[str, Any])
    group.extra_fields["x"] = 1  # type: ignore[index]


def connection_settings() -> None:
    """Both constructors take the connection settings, typed; a misspelt one is an error."""
    context = ssl.create_default_context()
    TelnyxAccess(proxy="http://proxy:3128", ssl=context, max_connections=4, backoff=Backoff())
    AsyncTelnyxAccess(trust_env=True, middlewares=[], trace_configs=[aiohttp.TraceConfig()])
    TelnyxAccess(max_connections="4")  # type: ignore[arg-type]
    TelnyxAccess(ssl="yes")  # type: ignore[arg-type]
    AsyncTelnyxAccess(proxies="http://proxy:3128")  # type: ignore[call-arg]
