"""Which failures are retried, how long the client waits, and what it reports afterwards.

Backoff: the autouse ``fast_backoff`` fixture sets ``telnyx_access._retry.DEFAULT_BACKOFF`` to
start at 10 ms (clients made without ``backoff=`` read it when they are made), so unadvised
retries wait at most a few ms. Tests that need the server's advice instead send small
``retry-after-ms`` values or ``Retry-After: 0``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict
from yarl import URL

from telnyx_access import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    RateLimit,
    RateLimitError,
    _retry,
)
from telnyx_access._config import ClientConfig, ConnectionSettings
from telnyx_access._engine import prepare
from telnyx_access._exceptions import status_error_class
from telnyx_access._pacing import Pacer
from telnyx_access._parsers import no_content
from telnyx_access._request import Call
from telnyx_access._retry import (
    Backoff,
    advised_wait,
    should_retry,
)
from telnyx_access._transport import Prepared, Transport

from .clients import ClientRunner
from .helpers import API_KEY, Reply, closed_port, script, sent_rate_limit
from .payloads import GROUP, GROUP_ID, GROUP_PATH

OK = Reply(json={"data": GROUP})
SLOW = Reply(json={"data": GROUP}, delay=2)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the exponential backoff to 10 ms so unadvised retries cost almost nothing."""
    monkeypatch.setattr(_retry, "DEFAULT_BACKOFF", Backoff(initial=0.01))


def retrieve(client: Any) -> Any:
    """GET one billing group."""
    return client.billing_groups.retrieve(GROUP_ID)


def create(client: Any) -> Any:
    """POST a billing group without an idempotency key."""
    return client.billing_groups.create(name="ops")


def create_with_key(client: Any) -> Any:
    """POST a billing group with an idempotency key."""
    return client.billing_groups.create(name="ops", idempotency_key="k-1")


def fails_after(
    runner: ClientRunner, error: type[Exception], attempts: int, scenario: Any, **settings: Any
) -> Any:
    """The ``error`` that ``scenario`` raises on ``runner`` after ``attempts`` attempts.

    The attempts are checked twice: as the error reports them and as the fake counted them.
    """
    with pytest.raises(error) as caught:
        runner.call(scenario, **settings)
    assert getattr(caught.value, "attempts", None) == attempts
    assert runner.fake.count() == attempts
    return caught.value


def unreachable(**settings: Any) -> dict[str, Any]:
    """Client settings pointing at a loopback port nobody listens on."""
    return {"base_url": f"http://127.0.0.1:{closed_port()}/v2", **settings}


# --- server-advised waits -----------------------------------------------------------------


def test_429_waits_for_retry_after_seconds(runner: ClientRunner) -> None:
    """A 429 with Retry-After: 1 is retried once, about one second later."""
    script(
        runner.fake, "GET", GROUP_PATH, Reply(status=429, headers={"Retry-After": "1"}, json={}), OK
    )
    started = time.monotonic()
    group = runner.call(retrieve)
    elapsed = time.monotonic() - started
    assert group.id == GROUP_ID
    assert runner.fake.count("GET", GROUP_PATH) == 2
    assert elapsed >= 0.9


def test_429_honours_retry_after_ms(runner: ClientRunner) -> None:
    """A 429 with retry-after-ms: 50 is retried (twice here) and the third attempt succeeds."""
    limited = Reply(status=429, headers={"retry-after-ms": "50"}, json={})
    script(runner.fake, "GET", GROUP_PATH, limited, limited, OK)
    started = time.monotonic()
    assert runner.call(retrieve).id == GROUP_ID
    assert time.monotonic() - started >= 0.09
    assert runner.fake.count("GET", GROUP_PATH) == 3


def test_429_honours_x_ratelimit_reset(runner: ClientRunner) -> None:
    """A 429 whose only advice is x-ratelimit-reset (1 s here) is retried after that wait."""
    limited_reply = Reply(status=429, json={}, headers={"x-ratelimit-reset": "1"})
    script(runner.fake, "GET", GROUP_PATH, limited_reply, OK)
    started = time.monotonic()
    group = runner.call(retrieve)
    elapsed = time.monotonic() - started
    limited = runner.fake.exchanges[0]
    headers = CIMultiDict(limited.headers)
    assert limited.status == 429
    assert "Retry-After" not in headers
    assert group.id == GROUP_ID
    assert elapsed >= 0.9
    assert runner.fake.count("GET", GROUP_PATH) == 2


def test_429_is_retried_on_post_without_key(runner: ClientRunner) -> None:
    """A 429 is retried for every method, also a POST without idempotency key (Retry-After: 0)."""
    script(
        runner.fake,
        "POST",
        "/billing_groups",
        Reply(status=429, headers={"Retry-After": "0"}, json={}),
        OK,
    )
    assert runner.call(create).id == GROUP_ID
    assert runner.fake.count("POST", "/billing_groups") == 2


def test_429_exhausts_retries_and_raises_rate_limit_error(runner: ClientRunner) -> None:
    """A 429 on every attempt raises RateLimitError after max_retries + 1 attempts."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=429, headers={"Retry-After": "0"}, json={}))
    fails_after(runner, RateLimitError, 4, retrieve, max_retries=3)


# --- status codes and methods -------------------------------------------------------------


def test_500_on_get_is_retried_then_raises(runner: ClientRunner) -> None:
    """A 500 on GET is tried 3 times with max_retries=2, then raises (backoff patched to 10 ms)."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=500, json={"errors": []}))
    error = fails_after(runner, InternalServerError, 3, retrieve, max_retries=2)
    assert error.status_code == 500
    assert "after 3 attempts" in str(error)


@pytest.mark.parametrize(
    ("method", "path", "fn"),
    [
        ("PATCH", GROUP_PATH, lambda c: c.billing_groups.update(GROUP_ID, name="x")),
        ("DELETE", GROUP_PATH, lambda c: c.billing_groups.delete(GROUP_ID)),
    ],
    ids=["patch", "delete"],
)
def test_500_on_patch_and_delete_is_retried(
    runner: ClientRunner, method: str, path: str, fn: Callable[[Any], Any]
) -> None:
    """PATCH and DELETE are idempotent: a 500 then 200 succeeds on the second attempt."""
    script(runner.fake, method, path, Reply(status=500, json={}), OK)
    assert runner.call(fn).id == GROUP_ID
    assert runner.fake.count(method, path) == 2


def test_500_on_post_without_key_is_not_retried(runner: ClientRunner) -> None:
    """A 500 on POST without idempotency key raises after exactly one attempt."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=500, json={}), OK)
    error = fails_after(runner, InternalServerError, 1, create, max_retries=2)
    assert "attempts" not in str(error)


def test_500_on_post_with_key_is_retried_with_same_key(runner: ClientRunner) -> None:
    """A POST with idempotency_key is retried on 500, sending the same Idempotency-Key each time."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=500, json={}))
    fails_after(runner, InternalServerError, 3, create_with_key, max_retries=2)
    keys = [r.headers.get("Idempotency-Key") for r in runner.fake.requests]
    assert keys == ["k-1", "k-1", "k-1"]
    assert [r.json() for r in runner.fake.requests] == [{"name": "ops"}] * 3


def test_post_with_key_succeeds_after_retry(runner: ClientRunner) -> None:
    """A keyed POST answered 503 then 200 returns the created group after two attempts."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=503, json={}), OK)
    assert runner.call(create_with_key).id == GROUP_ID
    assert runner.fake.count("POST", "/billing_groups") == 2


@pytest.mark.parametrize("status", [408, 502, 503, 504])
def test_transient_statuses_on_get_are_retried(runner: ClientRunner, status: int) -> None:
    """408, 502, 503 and 504 on GET are retried and a later 200 is returned (fast backoff)."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=status, json={}), OK)
    assert runner.call(retrieve).id == GROUP_ID
    assert runner.fake.count("GET", GROUP_PATH) == 2


@pytest.mark.parametrize("status", [408, 502, 503, 504])
def test_transient_statuses_on_post_without_key_are_not_retried(
    runner: ClientRunner, status: int
) -> None:
    """408, 502, 503 and 504 on POST without idempotency key raise after one attempt."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=status, json={}), OK)
    error = fails_after(runner, APIStatusError, 1, create)
    assert error.status_code == status


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_client_errors_are_never_retried(runner: ClientRunner, status: int) -> None:
    """400, 404, 409 and 422 are final: one attempt on GET, even with retries left."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=status, json={}), OK)
    error = fails_after(runner, APIStatusError, 1, retrieve, max_retries=3)
    assert error.status_code == status


def test_client_error_on_keyed_post_is_not_retried(runner: ClientRunner) -> None:
    """A 409 on a POST with idempotency key is not retried either."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=409, json={}), OK)
    error = fails_after(runner, APIStatusError, 1, create_with_key, max_retries=3)
    assert error.status_code == 409


def test_max_retries_zero_disables_retries(runner: ClientRunner) -> None:
    """With max_retries=0 even a 429 is tried only once."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=429, headers={"Retry-After": "0"}, json={}))
    fails_after(runner, RateLimitError, 1, retrieve, max_retries=0)


def test_max_retries_zero_on_500(runner: ClientRunner) -> None:
    """With max_retries=0 a 500 on GET is tried only once."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=500, json={}), OK)
    with pytest.raises(InternalServerError):
        runner.call(retrieve, max_retries=0)
    assert runner.fake.count("GET", GROUP_PATH) == 1


def test_with_options_max_retries_applies(runner: ClientRunner) -> None:
    """A client from with_options(max_retries=1) makes 2 attempts on a failing GET."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=500, json={}))
    fails_after(
        runner,
        InternalServerError,
        2,
        lambda c: retrieve(c.with_options(max_retries=1)),
        max_retries=4,
    )


# --- connection failures ------------------------------------------------------------------


def test_connection_refused_is_retried_then_raises(runner: ClientRunner) -> None:
    """A refused connection is retried and then raises APIConnectionError with the attempts."""
    with pytest.raises(APIConnectionError) as caught:
        runner.call(retrieve, **unreachable(max_retries=2))
    assert type(caught.value) is APIConnectionError
    assert caught.value.attempts == 3


def test_connection_refused_is_retried_for_post_without_key(runner: ClientRunner) -> None:
    """A refused connection is retried even for a POST without idempotency key."""
    with pytest.raises(APIConnectionError) as caught:
        runner.call(create, **unreachable(max_retries=3))
    assert caught.value.attempts == 4


def test_connection_refused_with_no_retries(runner: ClientRunner) -> None:
    """With max_retries=0 a refused connection raises after a single attempt."""
    with pytest.raises(APIConnectionError) as caught:
        runner.call(retrieve, **unreachable(max_retries=0))
    assert caught.value.attempts == 1


def test_dropped_connection_on_get_is_retried(runner: ClientRunner) -> None:
    """A GET dropped after sending is retried: 3 attempts, each one request, then an error."""
    script(runner.fake, "GET", GROUP_PATH, Reply(drop=True))
    error = fails_after(runner, APIConnectionError, 3, retrieve, max_retries=2)
    assert not isinstance(error, APITimeoutError)


def test_dropped_get_with_no_retries_is_sent_once(runner: ClientRunner) -> None:
    """With max_retries=0 a GET whose connection drops reaches the server exactly once."""
    script(runner.fake, "GET", GROUP_PATH, Reply(drop=True), OK)
    fails_after(runner, APIConnectionError, 1, retrieve, max_retries=0)


def test_dropped_connection_on_patch_then_success(runner: ClientRunner) -> None:
    """A PATCH whose first connection drops succeeds on the second attempt (retries_taken 1)."""
    script(runner.fake, "PATCH", GROUP_PATH, Reply(drop=True), OK)
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.update(GROUP_ID, name="x"))
    assert raw.retries_taken == 1
    assert raw.parse().id == GROUP_ID
    assert runner.fake.count("PATCH", GROUP_PATH) == 2


def test_dropped_connection_on_post_without_key_is_not_retried(runner: ClientRunner) -> None:
    """A connection dropped after sending a POST without key is not retried."""
    script(runner.fake, "POST", "/billing_groups", Reply(drop=True), OK)
    error = fails_after(runner, APIConnectionError, 1, create, max_retries=2)
    assert not isinstance(error, APITimeoutError)


def test_dropped_connection_on_keyed_post_is_retried(runner: ClientRunner) -> None:
    """A connection dropped after sending a keyed POST is retried."""
    script(runner.fake, "POST", "/billing_groups", Reply(drop=True), OK)
    assert runner.call(create_with_key).id == GROUP_ID
    assert runner.fake.count("POST", "/billing_groups") == 2


# --- timeouts and deadline ----------------------------------------------------------------


def test_timeout_without_retries_raises_timeout_error(runner: ClientRunner) -> None:
    """A server slower than timeout=0.2 raises APITimeoutError after one attempt."""
    script(runner.fake, "GET", GROUP_PATH, SLOW)
    fails_after(runner, APITimeoutError, 1, retrieve, timeout=0.2, max_retries=0)


def test_timeout_on_get_is_retried(runner: ClientRunner) -> None:
    """A timed-out GET is retried: max_retries=1 makes 2 attempts, then APITimeoutError."""
    script(runner.fake, "GET", GROUP_PATH, SLOW)
    fails_after(runner, APITimeoutError, 2, retrieve, timeout=0.2, max_retries=1)


def test_timeout_on_post_without_key_is_not_retried(runner: ClientRunner) -> None:
    """A timed-out POST without idempotency key is tried once."""
    script(runner.fake, "POST", "/billing_groups", SLOW)
    fails_after(runner, APITimeoutError, 1, create, timeout=0.2, max_retries=1)


def test_per_call_timeout_overrides_client_timeout(runner: ClientRunner) -> None:
    """timeout= on the method wins over the client's 10 s timeout."""
    script(runner.fake, "GET", GROUP_PATH, SLOW)
    with pytest.raises(APITimeoutError):
        runner.call(
            lambda c: c.billing_groups.retrieve(GROUP_ID, timeout=0.2), timeout=10, max_retries=0
        )
    assert runner.fake.count("GET", GROUP_PATH) == 1


def test_deadline_does_not_wait_past_advised_retry_after(runner: ClientRunner) -> None:
    """With deadline=0.5, a 503 advising Retry-After: 5 is not waited for: one attempt, 503."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=503, headers={"Retry-After": "5"}, json={}))
    error = fails_after(runner, InternalServerError, 1, retrieve, deadline=0.5, max_retries=3)
    assert error.status_code == 503


def test_deadline_cuts_a_slow_attempt(runner: ClientRunner) -> None:
    """deadline=0.3 bounds an attempt even when timeout=10: a 2 s answer raises APITimeoutError."""
    script(runner.fake, "GET", GROUP_PATH, SLOW)
    with pytest.raises(APITimeoutError):
        runner.call(retrieve, deadline=0.3, timeout=10, max_retries=2)
    assert runner.fake.count("GET", GROUP_PATH) == 1


# --- what is reported ---------------------------------------------------------------------


def test_raw_response_reports_retries_taken(runner: ClientRunner) -> None:
    """with_raw_response after a 500 then a 200 reports retries_taken == 1 and parses."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=500, json={}), OK)
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.retrieve(GROUP_ID))
    assert raw.status_code == 200
    assert raw.retries_taken == 1
    assert raw.parse().id == GROUP_ID


def test_raw_response_without_retries(runner: ClientRunner) -> None:
    """with_raw_response on a first-try success reports retries_taken == 0."""
    script(runner.fake, "GET", GROUP_PATH, OK)
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.retrieve(GROUP_ID))
    assert raw.retries_taken == 0


def _rate_limits_around(runner: ClientRunner) -> Callable[[Any], Any]:
    """A runner function returning (rate_limit before, rate_limit after) one GET."""

    def fn(client: Any) -> Any:
        before = client.rate_limit
        if runner.kind == "blocking":
            retrieve(client)
            return before, client.rate_limit

        async def run() -> Any:
            await retrieve(client)
            return before, client.rate_limit

        return run()

    return fn


def test_rate_limit_is_recorded(runner: ClientRunner) -> None:
    """client.rate_limit is None before any request and then holds the x-ratelimit-* values."""
    runner.fake.api.billing_groups[GROUP_ID] = dict(GROUP)
    before, after = runner.call(_rate_limits_around(runner))
    assert before is None
    assert after == sent_rate_limit(runner.fake)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"x-ratelimit-remaining": "5", "x-ratelimit-limit": "lots"},
            RateLimit(limit=None, remaining=5, reset=None),
        ),
        ({"x-ratelimit-reset": "1.5"}, RateLimit(limit=None, remaining=None, reset=1.5)),
        ({}, None),
    ],
    ids=["unreadable-limit", "reset-only", "none"],
)
def test_rate_limit_partial_headers(headers: dict[str, str], expected: RateLimit | None) -> None:
    """Headers not sent (or unreadable) are None in rate_limit; with none at all it stays None."""
    # The fake always sends all three, so this reads the headers without it.
    pacer = Pacer(pacing=False)
    pacer._note(200, CIMultiDict(headers))
    assert pacer.rate_limit == expected


def test_rate_limit_stays_none_without_headers(runner: ClientRunner) -> None:
    """An attempt that gets no x-ratelimit-* headers (its connection drops) leaves None."""
    script(runner.fake, "GET", GROUP_PATH, Reply(drop=True))

    def fn(client: Any) -> Any:
        if runner.kind == "blocking":
            with pytest.raises(APIConnectionError):
                retrieve(client)
            return client.rate_limit

        async def run() -> Any:
            with pytest.raises(APIConnectionError):
                await retrieve(client)
            return client.rate_limit

        return run()

    assert runner.call(fn, max_retries=0) is None
    assert runner.fake.count("GET", GROUP_PATH) == 1


# --- unit tests of telnyx_access._retry --------------------------------------------------


def _headers(**values: str) -> CIMultiDict[str]:
    return CIMultiDict({name.replace("_", "-"): value for name, value in values.items()})


def _status_error(status: int, headers: CIMultiDict[str] | None = None) -> APIStatusError:
    return status_error_class(status)(
        status_code=status,
        reason="",
        errors=[],
        request_id=None,
        headers=headers if headers is not None else CIMultiDict(),
        body="",
    )


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (503, {"Retry-After": "3"}, 3.0),
        (429, {"Retry-After": "2.5"}, 2.5),
        (503, {"Retry-After": "0"}, 0.0),
        (429, {"retry-after-ms": "50"}, 0.05),
        (429, {"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        (429, {"x-ratelimit-reset": "7"}, 7.0),
        (503, {"x-ratelimit-reset": "7"}, None),
        (200, {"x-ratelimit-reset": "7"}, None),
        (429, {"Retry-After": "4", "x-ratelimit-reset": "7"}, 4.0),
        (429, {}, None),
        (429, {"Retry-After": "soon"}, None),
        (429, {"Retry-After": "soon", "x-ratelimit-reset": "7"}, 7.0),
        (429, {"retry-after-ms": "fast", "Retry-After": "2"}, 2.0),
        (429, {"Retry-After": "-5"}, None),
        (429, {"retry-after-ms": "-1", "Retry-After": "2"}, 2.0),
        (429, {"x-ratelimit-reset": "-3"}, None),
        (429, {"Retry-After": "nan"}, None),
        (429, {"Retry-After": "inf"}, None),
        (429, {"Retry-After": ""}, None),
    ],
)
def test_advised_wait_reads_headers(
    status: int, headers: dict[str, str], expected: float | None
) -> None:
    """advised_wait reads retry-after-ms, Retry-After seconds, and x-ratelimit-reset only on 429."""
    assert advised_wait(status, CIMultiDict(headers)) == expected


def test_advised_wait_reads_future_http_date() -> None:
    """A Retry-After HTTP date 30 s ahead advises about 30 s."""
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    wait = advised_wait(503, _headers(Retry_After=format_datetime(when, usegmt=True)))
    assert wait is not None
    assert 27 < wait <= 30


def test_advised_wait_past_http_date_is_zero() -> None:
    """A Retry-After HTTP date in the past advises no wait at all (0, not negative)."""
    when = datetime.now(timezone.utc) - timedelta(minutes=5)
    assert advised_wait(429, _headers(Retry_After=format_datetime(when, usegmt=True))) == 0.0


def test_wait_before_retry_uses_advice() -> None:
    """An advised wait below the cap is used as given."""
    assert Backoff().wait(_status_error(429, _headers(Retry_After="2")), 1) == 2.0
    assert Backoff().wait(_status_error(503, _headers(retry_after_ms="40")), 3) == 0.04


def test_wait_before_retry_caps_advice() -> None:
    """An advised wait above max_advised_wait (60 s unless set) is capped at it."""
    error = _status_error(429, _headers(Retry_After="3600"))
    assert Backoff().wait(error, 1) == 60.0
    reset = _status_error(429, _headers(x_ratelimit_reset="86400"))
    assert Backoff().wait(reset, 2) == 60.0
    assert Backoff(max_advised_wait=5).wait(reset, 2) == 5


@pytest.mark.parametrize("failed_attempts", [1, 2, 3, 4, 5, 6, 8])
def test_wait_before_retry_jitter_stays_in_bounds(failed_attempts: int) -> None:
    """Without advice the wait is full jitter in [0, min(8, 0.5 * 2**(n-1))] and spans it."""
    backoff = Backoff()
    ceiling = min(8.0, 0.5 * 2 ** (failed_attempts - 1))
    errors: list[BaseException] = [_status_error(500), aiohttp.ServerDisconnectedError()]
    samples = [backoff.wait(errors[i % 2], failed_attempts) for i in range(400)]
    assert all(0 <= s <= ceiling for s in samples)
    assert min(samples) < ceiling / 4
    assert max(samples) > ceiling * 3 / 4
    assert (backoff.initial, backoff.maximum, backoff.max_advised_wait) == (0.5, 8.0, 60.0)


def test_wait_before_retry_follows_the_clients_backoff() -> None:
    """A client's backoff= sets the jitter's ceilings: initial, doubling, up to maximum."""
    backoff = Backoff(initial=2.0, maximum=3.0)
    error = _status_error(500)
    assert all(0 <= backoff.wait(error, 1) <= 2.0 for _ in range(50))
    assert max(backoff.wait(error, 5) for _ in range(200)) > 2.0
    assert all(backoff.wait(error, 5) <= 3.0 for _ in range(200))


def test_wait_before_retry_ignores_x_ratelimit_reset_on_503() -> None:
    """x-ratelimit-reset on a 503 is not advice: the wait is the jittered backoff."""
    error = _status_error(503, _headers(x_ratelimit_reset="30"))
    samples = [Backoff().wait(error, 1) for _ in range(50)]
    assert all(0 <= s <= 0.5 for s in samples)


def _connector_error(cls: type[aiohttp.ClientConnectorError]) -> aiohttp.ClientConnectorError:
    key = SimpleNamespace(host="127.0.0.1", port=1, ssl=True)
    return cls(key, OSError(111, "refused"))  # type: ignore[arg-type]


_GET = Prepared("GET", URL("https://api.example/v2/x"), {}, None, idempotent=True, log_body=None)


def _mapped(make: Callable[[], BaseException]) -> Callable[[], BaseException]:
    """The SDK error the attempt layer raises for an aiohttp failure."""
    return lambda: Transport(None, ConnectionSettings())._failure(make(), _GET, 1.0)


ERRORS: dict[str, Callable[[], BaseException]] = {
    "429": lambda: _status_error(429),
    "408": lambda: _status_error(408),
    "500": lambda: _status_error(500),
    "502": lambda: _status_error(502),
    "503": lambda: _status_error(503),
    "504": lambda: _status_error(504),
    "501": lambda: _status_error(501),
    "400": lambda: _status_error(400),
    "401": lambda: _status_error(401),
    "404": lambda: _status_error(404),
    "409": lambda: _status_error(409),
    "422": lambda: _status_error(422),
    "refused": _mapped(lambda: _connector_error(aiohttp.ClientConnectorError)),
    "connect-timeout": _mapped(aiohttp.ConnectionTimeoutError),
    "timeout": _mapped(asyncio.TimeoutError),
    "read-timeout": _mapped(aiohttp.SocketTimeoutError),
    "disconnected": _mapped(aiohttp.ServerDisconnectedError),
    "tls": _mapped(lambda: _connector_error(aiohttp.ClientConnectorSSLError)),
    "value-error": lambda: ValueError("boom"),
}

RULES = [
    # error, retried when idempotent, retried when not idempotent
    ("429", True, True),
    ("refused", True, True),
    ("connect-timeout", True, True),
    ("408", True, False),
    ("500", True, False),
    ("502", True, False),
    ("503", True, False),
    ("504", True, False),
    ("timeout", True, False),
    ("read-timeout", True, False),
    ("disconnected", True, False),
    ("tls", False, False),
    ("501", False, False),
    ("400", False, False),
    ("401", False, False),
    ("404", False, False),
    ("409", False, False),
    ("422", False, False),
    ("value-error", False, False),
]


@pytest.mark.parametrize(
    ("name", "idempotent_rule", "other_rule"), RULES, ids=[r[0] for r in RULES]
)
def test_should_retry_rules(name: str, idempotent_rule: bool, other_rule: bool) -> None:
    """should_retry follows the DESIGN table for idempotent and non-idempotent requests."""
    error = ERRORS[name]()
    assert should_retry(error, idempotent=True) is idempotent_rule
    assert should_retry(error, idempotent=False) is other_rule


def _prepared(
    method: str, default_headers: dict[str, str] | None = None, **options: Any
) -> Prepared:
    config = ClientConfig.resolve(
        api_key=API_KEY,
        base_url="https://api.example/v2",
        timeout=1.0,
        deadline=None,
        max_retries=2,
        max_response_size=1024,
        default_headers=default_headers,
        backoff=None,
    )
    return prepare(config, Call(method=method, path="/x", parse=no_content, options=options))


def test_idempotency_is_decided_from_the_request() -> None:
    """GET/PUT/PATCH/DELETE are idempotent; a POST only with a key, in any header spelling."""
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        assert _prepared(method).idempotent
    assert not _prepared("POST").idempotent
    assert _prepared("POST", idempotency_key="k-1").idempotent
    for spelling in ("Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"):
        assert _prepared("POST", extra_headers={spelling: "k-1"}).idempotent
        assert _prepared("POST", default_headers={spelling: "k-1"}).idempotent
    assert not _prepared("POST", default_headers={"X-Trace": "t"}).idempotent
    assert not _prepared("POST", extra_headers={"X-Trace": "t"}).idempotent
