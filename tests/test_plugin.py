"""The pytest plugin: its fixtures work in a user's own test suite."""

from __future__ import annotations

import pytest

USER_TESTS = """
import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import FakeTelnyx


def test_fake_is_seeded(fake_telnyx):
    assert isinstance(fake_telnyx, FakeTelnyx)
    assert fake_telnyx.base_url.endswith("/v2")
    assert len(fake_telnyx.api.billing_groups) == 4


def test_blocking_client(client, fake_telnyx):
    assert isinstance(client, TelnyxAccess)
    group = client.billing_groups.create(name="from the plugin")
    assert fake_telnyx.api.billing_groups[group.id]["name"] == "from the plugin"


@pytest.mark.anyio
async def test_async_client(async_client, fake_telnyx):
    assert isinstance(async_client, AsyncTelnyxAccess)
    names = [group.name async for group in async_client.billing_groups.list()]
    assert "Operations" in names
    fake_telnyx.inject(503, headers={"Retry-After": "0"})
    assert (await async_client.billing_groups.list()).data
    assert fake_telnyx.count("GET", "/billing_groups") == 3


def test_each_test_gets_a_fresh_fake(fake_telnyx):
    assert fake_telnyx.requests == []
"""


def test_fixtures_work_in_a_users_suite(pytester: pytest.Pytester) -> None:
    """fake_telnyx, client and async_client are registered and usable without any conftest."""
    pytester.makepyfile(test_user=USER_TESTS)
    pytester.makeini("[pytest]\nfilterwarnings = error\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_plugin_is_listed(pytester: pytest.Pytester) -> None:
    """The plugin is loaded through its entry point (pytest lists it in its header)."""
    pytester.makepyfile(test_nothing="def test_nothing():\n    assert True\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert any("telnyx-access" in line for line in result.outlines if line.startswith("plugins:"))
