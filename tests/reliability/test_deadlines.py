"""Deadlines: a whole call, retries and waits included, never runs past ``deadline``.

The server's advice here is long (30 s or more) and the deadline short (0.5 s), so a
client that honoured the advice past its deadline would be caught twice: by the attempt
count on the fake, and by a generous sanity bound on the elapsed time (5 s).
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import pytest

from telnyx_access import (
    APITimeoutError,
    AsyncTelnyxAccess,
    InternalServerError,
    RateLimitError,
    TelnyxAccess,
)
from telnyx_access.testing import FakeTelnyx

from ..clients import ClientRunner, client_settings
from .support import seeded_group_id

SANITY = 5.0
"""Seconds no deadline test may take: far below the 30 s the server advises."""
GET = {"method": "GET", "path": r"/billing_groups/[^/]+"}
POST = {"method": "POST", "path": "/billing_groups"}


def unavailable(fake: FakeTelnyx, *, retry_after: str, times: int) -> str:
    """Make ``fake`` answer 503 to the next ``times`` GETs of a group; that group's id."""
    fake.inject(503, times=times, headers={"Retry-After": retry_after}, **GET)
    return seeded_group_id(fake)


def raised_in_time(
    runner: ClientRunner, error: type[Exception], scenario: Any, **settings: Any
) -> Any:
    """The ``error`` that ``scenario`` raises on ``runner``'s client within ``SANITY`` seconds."""
    started = time.monotonic()
    with pytest.raises(error) as caught:
        runner.call(scenario, **settings)
    assert time.monotonic() - started < SANITY
    return caught.value


def test_per_call_deadline_stops_a_long_retry_after(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """503 + Retry-After: 30 with deadline=0.5 on the call: 1 attempt, raised at once."""
    ident = unavailable(seeded_fake, retry_after="30", times=10)
    error = raised_in_time(
        seeded_runner, InternalServerError, lambda c: c.billing_groups.retrieve(ident, deadline=0.5)
    )
    assert seeded_fake.count(**GET) == 1
    assert error.attempts == 1


def test_client_deadline_stops_a_long_retry_after(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """The same with deadline=0.5 given to the constructor."""
    ident = unavailable(seeded_fake, retry_after="30", times=10)
    raised_in_time(
        seeded_runner, InternalServerError, lambda c: c.billing_groups.retrieve(ident), deadline=0.5
    )
    assert seeded_fake.count(**GET) == 1


def test_with_options_deadline_stops_a_long_retry_after(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """The same with deadline=0.5 set through with_options on a client without one."""
    ident = unavailable(seeded_fake, retry_after="30", times=10)

    def scenario(client: Any) -> Any:
        assert client.deadline is None
        derived = client.with_options(deadline=0.5)
        assert derived.deadline == 0.5
        return derived.billing_groups.retrieve(ident)

    raised_in_time(seeded_runner, InternalServerError, scenario)
    assert seeded_fake.count(**GET) == 1


@pytest.mark.parametrize(
    "advice",
    [
        {"Retry-After": "30"},
        {"retry-after-ms": "30000"},
        {"Retry-After": "HTTP-DATE"},
    ],
    ids=["retry-after", "retry-after-ms", "http-date"],
)
def test_429_advice_longer_than_the_deadline_is_not_waited_for(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, advice: dict[str, str]
) -> None:
    """A POST's 429 advising a 30 s wait, deadline=0.5: one attempt, RateLimitError at once."""
    if advice.get("Retry-After") == "HTTP-DATE":
        later = datetime.now(timezone.utc) + timedelta(seconds=30)
        advice = {"Retry-After": format_datetime(later, usegmt=True)}
    seeded_fake.inject(429, times=10, headers=advice, **POST)
    error = raised_in_time(
        seeded_runner,
        RateLimitError,
        lambda c: c.billing_groups.create(name="late", deadline=0.5),
    )
    assert error.retry_after is not None
    assert error.retry_after > 20
    assert seeded_fake.count(**POST) == 1


def test_ratelimit_reset_longer_than_the_deadline_is_not_waited_for(client_kind: str) -> None:
    """429 whose only advice is x-ratelimit-reset of about 60 s, deadline=0.5: 1 attempt."""
    with FakeTelnyx(seed=True) as fake:  # it reports a nominal 60 s window
        fake.inject(429, times=10, **GET)
        ident = seeded_group_id(fake)
        error = raised_in_time(
            ClientRunner(client_kind, fake),
            RateLimitError,
            lambda c: c.billing_groups.retrieve(ident, deadline=0.5),
        )
        assert fake.count(**GET) == 1
    assert "Retry-After" not in error.headers
    assert error.retry_after is not None
    assert error.retry_after > 20


@pytest.mark.parametrize(
    ("deadline", "settings", "most"),
    [
        (0.5, {"timeout": 30}, 1),
        # 1 s holds at most 3 whole attempts of 0.3 s and one cut short; 5 leaves slack.
        (1.0, {"timeout": 0.3, "max_retries": 20}, 5),
    ],
    ids=["cuts-an-attempt-short", "bounds-repeated-timeouts"],
)
def test_deadline_ends_answers_that_never_come(
    seeded_fake: FakeTelnyx,
    seeded_runner: ClientRunner,
    deadline: float,
    settings: dict[str, Any],
    most: int,
) -> None:
    """Every answer 3 s late: APITimeoutError at the deadline, after at most ``most`` attempts."""
    seeded_fake.inject(delay=3.0, times=50, **GET)
    ident = seeded_group_id(seeded_fake)
    error = raised_in_time(
        seeded_runner,
        APITimeoutError,
        lambda c: c.billing_groups.retrieve(ident, deadline=deadline),
        **settings,
    )
    assert 1 <= seeded_fake.count(**GET) <= most
    assert 1 <= error.attempts <= most


def test_retries_inside_the_deadline_still_happen(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """Two 503s with Retry-After: 0 under deadline=10: retried, and the third answer returned."""
    ident = unavailable(seeded_fake, retry_after="0", times=2)
    group = seeded_runner.call(lambda c: c.billing_groups.retrieve(ident), deadline=10)
    assert group.id == ident
    assert seeded_fake.count(**GET) == 3


def test_per_call_deadline_overrides_the_clients(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """Client deadline 0.5 but call deadline 20: two 0.4 s Retry-After waits are taken."""
    ident = unavailable(seeded_fake, retry_after="0.4", times=2)
    group = seeded_runner.call(
        lambda c: c.billing_groups.retrieve(ident, deadline=20),
        deadline=0.5,
    )
    assert group.id == ident
    assert seeded_fake.count(**GET) == 3


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, "1", True])
def test_bad_deadlines_are_refused_before_sending(seeded_fake: FakeTelnyx, bad: Any) -> None:
    """deadline <= 0, not finite or not a number: ValueError/TypeError, nothing sent."""
    settings = client_settings(seeded_fake)
    with pytest.raises((ValueError, TypeError), match="deadline"):
        AsyncTelnyxAccess(**settings, deadline=bad)
    with pytest.raises((ValueError, TypeError), match="deadline"):
        TelnyxAccess(**settings, deadline=bad)
    with TelnyxAccess(**settings) as client:
        with pytest.raises((ValueError, TypeError), match="deadline"):
            client.with_options(deadline=bad)
        with pytest.raises((ValueError, TypeError), match="deadline"):
            client.billing_groups.retrieve("bg-1", deadline=bad)
    assert seeded_fake.requests == []
