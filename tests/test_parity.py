"""The blocking client mirrors the async one: same resources, methods and parameters."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access._resource import Resource

from .helpers import public_attributes

BASE_URL = "http://127.0.0.1:1/v2"
RESOURCES = {
    "access_ip_address",
    "addresses",
    "addresses.actions",
    "authentication_providers",
    "billing_groups",
    "integration_secrets",
    "telephony_credentials",
}
ESCAPE_HATCH = "with_raw_response"
"""``client.with_raw_response``: the raw ``request`` and ``paginate``, a resource too."""


def resources(owner: Any, prefix: str = "") -> Iterator[tuple[str, Resource[Any]]]:
    """Every resource reachable from ``owner``, by dotted name."""
    for name, value in public_attributes(owner):
        if isinstance(value, Resource):
            yield prefix + name, value
            yield from resources(value, f"{prefix}{name}.")


def methods(resource: Resource[Any]) -> dict[str, inspect.Signature]:
    """The public methods of a resource and their signatures."""
    return {
        name: inspect.signature(getattr(resource, name))
        for name in dir(type(resource))
        if not name.startswith("_") and name != "with_raw_response"
    }


def test_both_clients_have_the_six_resources() -> None:
    """Both clients expose the same resource tree: all six resources and the raw escape hatch."""
    with TelnyxAccess("k", base_url=BASE_URL) as blocking:
        blocking_names = {name for name, _ in resources(blocking)}
    async_names = {name for name, _ in resources(AsyncTelnyxAccess("k", base_url=BASE_URL))}
    assert blocking_names == async_names == RESOURCES | {ESCAPE_HATCH}


def test_every_method_has_a_twin_with_the_same_parameters() -> None:
    """Each async method has a blocking twin (and the reverse) taking the same parameters."""
    async_tree = dict(resources(AsyncTelnyxAccess("k", base_url=BASE_URL)))
    with TelnyxAccess("k", base_url=BASE_URL) as client:
        blocking_tree = dict(resources(client))
        compared = 0
        for name, resource in async_tree.items():
            async_methods = methods(resource)
            blocking_methods = methods(blocking_tree[name])
            assert async_methods.keys() == blocking_methods.keys(), name
            for method, signature in async_methods.items():
                assert signature.parameters == blocking_methods[method].parameters, method
                compared += 1
    assert compared == 24 + 2  # the operations, and the raw request and paginate


def test_request_and_paginate_have_twins_with_the_same_parameters() -> None:
    """client.request and client.paginate take the same parameters on both clients."""
    client = AsyncTelnyxAccess("k", base_url=BASE_URL)
    assert inspect.iscoroutinefunction(client.request)
    with TelnyxAccess("k", base_url=BASE_URL) as blocking:
        assert not inspect.iscoroutinefunction(blocking.request)
        for name, leading in (("request", ["method", "path"]), ("paginate", ["path"])):
            parameters = inspect.signature(getattr(client, name)).parameters
            assert inspect.signature(getattr(blocking, name)).parameters == parameters
            assert [*parameters][: len(leading)] == leading


def test_raw_twins_have_the_same_parameters() -> None:
    """``with_raw_response`` offers every method with the same parameters, on both clients."""
    with TelnyxAccess("k", base_url=BASE_URL) as client:
        for name, resource in resources(client):
            raw = resource.with_raw_response  # type: ignore[attr-defined]
            assert methods(raw).keys() == methods(resource).keys(), name
            for method, signature in methods(raw).items():
                assert signature.parameters == methods(resource)[method].parameters


def test_async_methods_are_coroutines_and_blocking_ones_are_not() -> None:
    """Single-answer methods are async on the async client and plain on the blocking one."""
    client = AsyncTelnyxAccess("k", base_url=BASE_URL)
    assert inspect.iscoroutinefunction(client.billing_groups.retrieve)
    assert not inspect.iscoroutinefunction(client.billing_groups.list)
    with TelnyxAccess("k", base_url=BASE_URL) as blocking:
        assert not inspect.iscoroutinefunction(blocking.billing_groups.retrieve)
        assert not inspect.iscoroutinefunction(blocking.addresses.actions.validate)
