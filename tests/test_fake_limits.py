"""The fake's limits: a bounded request log, and a rate limit with Telnyx's headers and 429."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from telnyx_access import AuthenticationError, InternalServerError, RateLimitError, TelnyxAccess
from telnyx_access.testing import FakeTelnyx, RateLimitRule
from telnyx_access.testing.__main__ import SERVER_MAX_RECORDED, build
from telnyx_access.testing._ratelimit import RateWindow
from telnyx_access.testing._server import MAX_RECORDED, NOMINAL_RATE_LIMIT

from .helpers import last_answer_headers, sent_rate_limit


@pytest.fixture
def limited() -> Iterator[FakeTelnyx]:
    """A seeded fake that allows 3 requests a minute (no window ends during a test)."""
    with FakeTelnyx(seed=True, rate_limit=RateLimitRule(limit=3, window=60.0)) as running:
        yield running


def test_rate_limit_headers_count_down_then_429_with_code_10011(limited: FakeTelnyx) -> None:
    """Each answer reports limit, remaining and reset; past the budget comes 429 code 10011."""
    settings = {"base_url": limited.base_url, "max_retries": 0, "pacing": False}
    with TelnyxAccess(limited.api_key, **settings) as client:
        remaining = []
        for _ in range(3):
            client.billing_groups.list()
            remaining.append(sent_rate_limit(limited).remaining)
        with pytest.raises(RateLimitError) as caught:
            client.billing_groups.list()
    assert remaining == [2, 1, 0]
    headers = last_answer_headers(limited)
    assert headers["x-ratelimit-limit"] == "3"
    assert headers["x-ratelimit-remaining"] == "0"
    assert 0 < float(headers["x-ratelimit-reset"]) <= 60
    assert "Retry-After" not in headers
    error = caught.value
    assert error.status_code == 429
    assert [detail.code for detail in error.errors] == ["10011"]
    assert error.retry_after == float(headers["x-ratelimit-reset"])
    assert (limited.received, limited.served, limited.rate_limited) == (4, 3, 1)


def test_rejected_keys_and_faults_use_no_budget(limited: FakeTelnyx) -> None:
    """A 401 or an injected fault is not served and leaves the window's budget alone."""
    with (
        TelnyxAccess("wrong", base_url=limited.base_url, max_retries=0) as stranger,
        pytest.raises(AuthenticationError),
    ):
        stranger.billing_groups.list()
    limited.inject(503)
    with TelnyxAccess(limited.api_key, base_url=limited.base_url, max_retries=0) as client:
        with pytest.raises(InternalServerError):
            client.billing_groups.list()
        client.billing_groups.list()
    assert sent_rate_limit(limited).remaining == 2
    assert (limited.received, limited.served, limited.rate_limited) == (3, 1, 0)


def test_without_a_rate_limit_nothing_is_refused() -> None:
    """With no rate limit the headers report a nominal budget; nothing gets a 429."""
    with FakeTelnyx(seed=True) as fake:
        with TelnyxAccess(fake.api_key, base_url=fake.base_url, max_retries=0) as client:
            client.billing_groups.list()
        assert sent_rate_limit(fake).limit == NOMINAL_RATE_LIMIT.limit
        assert fake.rate_limited == 0
        assert fake.rate_limit is None


def test_window_starts_over_when_its_time_is_up() -> None:
    """A fixed window refuses past its budget, and a new window restores it in full."""
    now = [100.0]
    window = RateWindow(RateLimitRule(limit=2, window=1.0), clock=lambda: now[0])
    assert [window.admit(), window.admit(), window.admit()] == [True, True, False]
    now[0] = 100.25
    assert window.headers() == {
        "x-ratelimit-limit": "2",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "0.750",
    }
    now[0] = 102.5  # two windows later
    assert window.admit()
    assert window.headers()["x-ratelimit-remaining"] == "1"
    assert window.reset_in() == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("100/second", RateLimitRule(limit=100, window=1.0)),
        ("1000/minute", RateLimitRule(limit=1000, window=60.0)),
        (" 10 / 5 seconds ", RateLimitRule(limit=10, window=5.0)),
        ("5/Hour", RateLimitRule(limit=5, window=3600.0)),
    ],
)
def test_rates_are_read_from_text(text: str, rule: RateLimitRule) -> None:
    """A rate in the limits library's spelling becomes the same rule as the attrs form."""
    assert RateLimitRule.parse(text) == rule
    assert FakeTelnyx(rate_limit=text).rate_limit == rule


@pytest.mark.parametrize(
    ("argument", "error", "message"),
    [
        ("100", ValueError, "rate_limit '100' is not a rate"),
        ("100/fortnight", ValueError, "is not a rate"),
        ("0/second", ValueError, "limit must be at least 1"),
        (100, TypeError, "rate_limit must be a RateLimitRule, a str or None, not int"),
    ],
)
def test_bad_rates_are_refused(argument: Any, error: type[Exception], message: str) -> None:
    """A rate that cannot be read, or of the wrong type, is refused naming the parameter."""
    with pytest.raises(error, match=message):
        FakeTelnyx(rate_limit=argument)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"limit": 1.5}, TypeError, "limit must be an int"),
        ({"limit": 1, "window": 0}, ValueError, "window must be a positive number"),
        ({"limit": 1, "window": "1"}, TypeError, "window must be a number of seconds"),
    ],
)
def test_bad_rules_are_refused(
    fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    """RateLimitRule refuses a limit or window it could not enforce, naming the field."""
    with pytest.raises(error, match=message):
        RateLimitRule(**fields)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (-1, ValueError, "max_recorded must be at least 0, not -1"),
        (2.5, TypeError, "max_recorded must be an int or None, not float"),
        (True, TypeError, "max_recorded must be an int or None, not bool"),
        ("10", TypeError, "max_recorded must be an int or None, not str"),
    ],
)
def test_bad_max_recorded_is_refused(bad: Any, error: type[Exception], message: str) -> None:
    """max_recorded must be a non-negative int or None; the error names it."""
    with pytest.raises(error, match=message):
        FakeTelnyx(max_recorded=bad)


def test_only_the_latest_requests_are_kept() -> None:
    """With max_recorded=3, five requests leave the last three recorded and five received."""
    with (
        FakeTelnyx(seed=True, max_recorded=3) as fake,
        TelnyxAccess(fake.api_key, base_url=fake.base_url) as client,
    ):
        for number in range(1, 6):
            client.billing_groups.list(page_number=number)
        kept = [request.param("page[number]") for request in fake.requests]
        answered = [exchange.request.param("page[number]") for exchange in fake.exchanges]
        assert kept == answered == ["3", "4", "5"]
        assert fake.received == 5
        assert fake.count("GET") == 3
    assert "5 requests" in repr(fake)


def test_defaults_bound_the_log_in_process_and_as_a_server() -> None:
    """An in-process fake keeps 10,000 requests; the standalone server keeps 1,000."""
    assert FakeTelnyx().max_recorded == MAX_RECORDED == 10_000
    assert build([]).max_recorded == SERVER_MAX_RECORDED == 1_000
    assert FakeTelnyx(max_recorded=None).max_recorded is None


def test_server_options_reach_the_fake() -> None:
    """--rate-limit and --max-recorded configure the standalone fake; a bad rate exits."""
    fake = build(["--rate-limit", "100/second", "--max-recorded", "50"])
    assert fake.rate_limit == RateLimitRule(limit=100, window=1.0)
    assert fake.max_recorded == 50
    with pytest.raises(SystemExit):
        build(["--rate-limit", "lots"])


@pytest.mark.timeout(120)
def test_server_mode_log_stays_at_its_bound_after_300000_requests() -> None:
    """300,000 requests through the server-mode fake's own handling path keep 1,000 recorded."""
    fake = build(["--port", "0", "--rate-limit", "1000000/hour"])
    # The suite's spec check keeps every exchange it sees; 300,000 identical answers need
    # no checking, and keeping them would defeat the point of the test.
    fake.exchange_hooks.clear()
    request = make_mocked_request(
        "GET", "/v2/billing_groups", headers={"Authorization": f"Bearer {fake.api_key}"}
    )

    async def handler(_: web.Request) -> web.Response:
        return web.json_response({"data": []})

    async def drive() -> None:
        for _ in range(300_000):
            await fake._middleware(request, handler)

    asyncio.run(drive())
    assert fake.received == fake.served == 300_000
    assert len(fake.requests) == len(fake.exchanges) == SERVER_MAX_RECORDED
    assert json.loads(fake.exchanges[-1].body) == {"data": []}
    assert fake.exchanges[-1].headers["x-ratelimit-remaining"] == str(1_000_000 - 300_000)
