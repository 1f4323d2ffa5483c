"""The pytest plugin: its fixtures work in a user's own test suite."""

from __future__ import annotations

import re

import pytest

from .helpers import python_lines

USER_TESTS = """
import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import FakeTelnyx


def test_fake_is_seeded(telnyx_fake):
    assert isinstance(telnyx_fake, FakeTelnyx)
    assert telnyx_fake.base_url.endswith("/v2")
    assert len(telnyx_fake.api.billing_groups) == 4


def test_blocking_client(telnyx_client, telnyx_fake):
    assert isinstance(telnyx_client, TelnyxAccess)
    group = telnyx_client.billing_groups.create(name="from the plugin")
    assert telnyx_fake.api.billing_groups[group.id]["name"] == "from the plugin"


@pytest.mark.anyio
async def test_async_client(telnyx_async_client, telnyx_fake):
    assert isinstance(telnyx_async_client, AsyncTelnyxAccess)
    names = [group.name async for group in telnyx_async_client.billing_groups.list()]
    assert "Operations" in names
    telnyx_fake.inject(503, headers={"Retry-After": "0"})
    assert (await telnyx_async_client.billing_groups.list()).data
    assert telnyx_fake.count("GET", "/billing_groups") == 3


def test_each_test_gets_a_fresh_fake(telnyx_fake):
    assert telnyx_fake.requests == []
"""


def test_fixtures_work_in_a_users_suite(pytester: pytest.Pytester) -> None:
    """telnyx_fake, telnyx_client and telnyx_async_client work without any conftest."""
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


def test_only_telnyx_prefixed_fixtures_are_ours(pytester: pytest.Pytester) -> None:
    """pytest --fixtures lists exactly the three telnyx_ fixtures from this package."""
    pytester.makepyfile(test_nothing="def test_nothing():\n    assert True\n")
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:cacheprovider")
    ours: list[str] = []
    in_ours = False
    for line in result.outlines:
        header = re.fullmatch(r"-+ fixtures defined from (\S+) -+", line.strip())
        if header is not None:
            in_ours = header.group(1).startswith("telnyx_access")
        elif in_ours and (fixture := re.match(r"(\w+) -- ", line)) is not None:
            ours.append(fixture.group(1))
    assert sorted(ours) == ["telnyx_async_client", "telnyx_client", "telnyx_fake"]


def test_loading_the_plugin_imports_no_aiohttp() -> None:
    """Importing the plugin module (as pytest does at start) leaves aiohttp unimported."""
    code = (
        "import sys\n"
        "import telnyx_access.testing.pytest_plugin\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'aiohttp'))\n"
        "from telnyx_access.testing import FakeTelnyx\n"
        "print('aiohttp.web' in sys.modules)\n"
    )
    assert python_lines(code) == ["[]", "True"]


def test_a_conftest_can_observe_fakes_without_importing_aiohttp() -> None:
    """observe_exchanges, Exchange and RecordedRequest import no aiohttp; FakeTelnyx does."""
    code = (
        "import sys\n"
        "from telnyx_access.testing import Exchange, RecordedRequest, observe_exchanges\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'aiohttp'))\n"
        "with observe_exchanges(print):\n"
        "    from telnyx_access.testing import FakeTelnyx\n"
        "    print(FakeTelnyx().exchange_hooks == [print])\n"
    )
    assert python_lines(code) == ["[]", "True"]
