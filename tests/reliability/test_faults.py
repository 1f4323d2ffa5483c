"""Faults: each one raises the right exception after exactly the right number of attempts.

Attempts are counted where they land, on the fake (``fake.count``), and compared with the
``attempts`` the error reports. The retry rules under test (docs/retries.md): 429 and
connections that never opened are retried for every method; 408/5xx, timeouts and
connections lost after sending only for GET or a POST with an idempotency key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_access import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BillingGroup,
    InternalServerError,
    RateLimitError,
)
from telnyx_access.testing import FakeTelnyx

from ..clients import KINDS, ClientRunner
from .support import seeded_group_id, unused_port

OPERATIONS = ("GET", "POST", "POST+key")
"""A retrieve, a create without an idempotency key, and a create with one."""
IDEMPOTENT = {"GET": True, "POST": False, "POST+key": True}
IDEMPOTENCY_KEY = "idem-reliability-1"
NO_WAIT = {"Retry-After": "0"}


def operation(name: str, group_id: str, *, raw: bool = False) -> Callable[[Any], Any]:
    """The scenario for operation ``name``; ``raw`` asks for the ``RawResponse``."""

    def scenario(client: Any) -> Any:
        groups = client.billing_groups.with_raw_response if raw else client.billing_groups
        if name == "GET":
            return groups.retrieve(group_id)
        if name == "POST":
            return groups.create(name="faulty")
        return groups.create(name="faulty", idempotency_key=IDEMPOTENCY_KEY)

    return scenario


def on(fake: FakeTelnyx, name: str, *, raw: bool = False) -> Callable[[Any], Any]:
    """Operation ``name`` against a seeded billing group of ``fake``."""
    return operation(name, seeded_group_id(fake), raw=raw)


def target(name: str) -> dict[str, str]:
    """The ``method`` and ``path`` of operation ``name``, for ``inject`` and ``count``."""
    if name == "GET":
        return {"method": "GET", "path": r"/billing_groups/[^/]+"}
    return {"method": "POST", "path": "/billing_groups"}


def sent(fake: FakeTelnyx, name: str) -> int:
    """How many attempts of operation ``name`` reached the fake."""
    return fake.count(**target(name))


def raised_under_lasting_fault(
    fake: FakeTelnyx, runner: ClientRunner, name: str, error: type[Exception], **settings: Any
) -> Any:
    """The ``error`` operation ``name`` raises when a fault answers every attempt.

    Checks the attempts, counted on the fake and reported by the error: max_retries + 1
    (3 with the default 2) when the operation is idempotent, else 1.
    """
    with pytest.raises(error) as caught:
        runner.call(on(fake, name), **settings)
    attempts = 3 if IDEMPOTENT[name] else 1
    assert sent(fake, name) == attempts
    assert getattr(caught.value, "attempts", None) == attempts
    if attempts > 1:
        assert f"after {attempts} attempts" in str(caught.value)
    return caught.value


@pytest.mark.parametrize("name", ["GET", "POST"])
def test_429_storm_with_retry_after_exhausts_retries(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, name: str
) -> None:
    """A 429 storm with Retry-After: 0 is retried for any method, max_retries + 1 times in all."""
    seeded_fake.inject(429, times=20, headers=NO_WAIT, **target(name))
    with pytest.raises(RateLimitError) as caught:
        seeded_runner.call(on(seeded_fake, name), max_retries=3)
    assert sent(seeded_fake, name) == 4
    assert caught.value.attempts == 4
    assert "after 4 attempts" in str(caught.value)
    assert caught.value.retry_after == 0.0


@pytest.mark.parametrize("name", ["GET", "POST"])
def test_429_storm_with_ratelimit_reset_exhausts_retries(client_kind: str, name: str) -> None:
    """A 429 storm advising only x-ratelimit-reset: 0 is retried as advised, then raised."""
    with FakeTelnyx(seed=True) as fake:
        fake.inject(429, times=20, headers={"x-ratelimit-reset": "0"}, **target(name))
        with pytest.raises(RateLimitError) as caught:
            ClientRunner(client_kind, fake).call(on(fake, name), max_retries=3)
        assert sent(fake, name) == 4
    error = caught.value
    assert "Retry-After" not in error.headers
    assert error.headers["x-ratelimit-reset"] == "0"
    assert error.retry_after == 0.0
    assert error.attempts == 4
    assert "after 4 attempts" in str(error)


@pytest.mark.parametrize("name", ["GET", "POST"])
def test_429_storm_that_passes_returns_the_answer(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, name: str
) -> None:
    """Two 429s then an answer: the call succeeds on attempt 3 and reports 2 retries taken."""
    seeded_fake.inject(429, times=2, headers=NO_WAIT, **target(name))
    response = seeded_runner.call(on(seeded_fake, name, raw=True))
    assert sent(seeded_fake, name) == 3
    assert response.retries_taken == 2
    assert response.parse().id in seeded_fake.api.billing_groups


@pytest.mark.parametrize("name", OPERATIONS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_retried_only_when_idempotent(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, status: int, name: str
) -> None:
    """5xx on GET or keyed POST: 3 attempts; on a POST without a key: exactly 1."""
    groups_before = len(seeded_fake.api.billing_groups)
    seeded_fake.inject(status, times=20, **target(name))
    error = raised_under_lasting_fault(seeded_fake, seeded_runner, name, InternalServerError)
    assert error.status_code == status
    assert len(seeded_fake.api.billing_groups) == groups_before  # no attempt got through
    if name == "POST+key":
        keys = [r.headers.get("Idempotency-Key") for r in seeded_fake.requests]
        assert keys == [IDEMPOTENCY_KEY] * error.attempts


@pytest.mark.parametrize("name", ["GET", "POST+key"])
def test_5xx_then_success_recovers(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, name: str
) -> None:
    """Two 503s then an answer: the third attempt's answer is returned, the work done once."""
    groups_before = len(seeded_fake.api.billing_groups)
    seeded_fake.inject(503, times=2, headers=NO_WAIT, **target(name))
    result = seeded_runner.call(on(seeded_fake, name))
    assert sent(seeded_fake, name) == 3
    assert result.id in seeded_fake.api.billing_groups
    created = len(seeded_fake.api.billing_groups) - groups_before
    assert created == (1 if name == "POST+key" else 0)


@pytest.mark.parametrize("name", OPERATIONS)
def test_connection_refused_is_retried_for_every_method(
    client_kind: str, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listening: no request left, so any method is tried max_retries + 1 times."""
    caplog.set_level(logging.INFO, logger="telnyx_access")
    with unused_port() as port, pytest.raises(APIConnectionError) as caught:
        ClientRunner(client_kind).call(
            operation(name, "bg-1"),
            api_key="k",
            base_url=f"http://127.0.0.1:{port}/v2",
            max_retries=2,
        )
    error = caught.value
    assert not isinstance(error, APITimeoutError)
    assert error.attempts == 3
    assert "after 3 attempts" in str(error)
    # No server saw anything, so attempts are counted from the client's retry log.
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 2


@pytest.mark.parametrize("name", OPERATIONS)
@pytest.mark.parametrize("fault", ["drop", "truncate"])
def test_connection_lost_after_sending(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, name: str, fault: str
) -> None:
    """A hang-up without an answer, or after half a body: retried only when idempotent."""
    seeded_fake.inject(**{fault: True}, times=20, **target(name))
    error = raised_under_lasting_fault(seeded_fake, seeded_runner, name, APIConnectionError)
    assert not isinstance(error, APITimeoutError)


@pytest.mark.parametrize("name", OPERATIONS)
def test_answer_slower_than_the_timeout(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, name: str
) -> None:
    """Every answer 2 s late with timeout=0.25: APITimeoutError, retried only when idempotent."""
    seeded_fake.inject(delay=2.0, times=20, **target(name))
    error = raised_under_lasting_fault(
        seeded_fake, seeded_runner, name, APITimeoutError, timeout=0.25
    )
    assert "timed out" in str(error)


@pytest.mark.parametrize(
    "body",
    ["this is not JSON", "", b"\xff\xfe\x00", {"data": "not an object"}, {"data": []}, []],
    ids=["text", "empty", "bad-utf8", "data-str", "data-list", "json-list"],
)
def test_200_that_does_not_parse(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, body: Any
) -> None:
    """A 200 whose body is not the documented JSON: APIResponseValidationError, not retried."""
    seeded_fake.inject(200, body=body, **target("GET"))
    with pytest.raises(APIResponseValidationError) as caught:
        seeded_runner.call(on(seeded_fake, "GET"))
    assert sent(seeded_fake, "GET") == 1
    assert caught.value.status_code == 200
    assert isinstance(caught.value.body, str)


def test_raw_200_that_does_not_parse_fails_only_in_parse(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner
) -> None:
    """with_raw_response hands the bad 200 back; only parse() raises the validation error."""
    seeded_fake.inject(200, body="not json", **target("GET"))
    response = seeded_runner.call(on(seeded_fake, "GET", raw=True))
    assert (response.status_code, response.retries_taken) == (200, 0)
    with pytest.raises(APIResponseValidationError):
        response.parse()
    assert sent(seeded_fake, "GET") == 1


def test_html_502_page(seeded_fake: FakeTelnyx, seeded_runner: ClientRunner) -> None:
    """A proxy's HTML 502 page: InternalServerError with no parsed errors, after 3 attempts."""
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    seeded_fake.inject(502, times=20, body=page, **target("GET"))
    with pytest.raises(InternalServerError) as caught:
        seeded_runner.call(on(seeded_fake, "GET"))
    error = caught.value
    assert sent(seeded_fake, "GET") == 3
    assert (error.status_code, error.errors, error.attempts) == (502, [], 3)
    assert error.body == page
    assert "<html" not in str(error)
    assert str(error).startswith("502 Bad Gateway")
    assert "after 3 attempts" in str(error)


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ({"status": 502}, InternalServerError),
        ({"status": 429, "headers": NO_WAIT}, RateLimitError),
        ({"drop": True}, APIConnectionError),
    ],
    ids=["502", "429", "drop"],
)
def test_retries_exhausted_raise_the_last_error(
    seeded_fake: FakeTelnyx,
    seeded_runner: ClientRunner,
    last: dict[str, Any],
    expected: type[Exception],
) -> None:
    """503, then 500, then ``last``: the error of the third (last) attempt is the one raised."""
    seeded_fake.inject(503, headers=NO_WAIT, **target("GET"))
    seeded_fake.inject(500, **target("GET"))
    seeded_fake.inject(**last, **target("GET"))
    with pytest.raises(expected) as caught:
        seeded_runner.call(on(seeded_fake, "GET"))
    error: Any = caught.value
    assert sent(seeded_fake, "GET") == 3
    assert error.attempts == 3
    assert "after 3 attempts" in str(error)
    if "status" in last:
        assert error.status_code == last["status"]


@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_attempts_never_exceed_max_retries_plus_one(
    seeded_fake: FakeTelnyx, seeded_runner: ClientRunner, max_retries: int
) -> None:
    """Under an endless 503 storm the fake sees exactly max_retries + 1 attempts."""
    seeded_fake.inject(503, times=50, headers=NO_WAIT, **target("GET"))
    with pytest.raises(InternalServerError) as caught:
        seeded_runner.call(on(seeded_fake, "GET"), max_retries=max_retries)
    assert sent(seeded_fake, "GET") == max_retries + 1
    assert caught.value.attempts == max_retries + 1


FAULTS = st.lists(st.sampled_from([408, 429, 500, 502, 503, 504, "drop"]), max_size=4)


def model(faults: list[Any], name: str, max_retries: int) -> tuple[int, Any]:
    """(attempts, fault raised or None for success) that the retry rules predict."""
    for attempts, fault in enumerate([*faults, None], start=1):
        if fault is None:
            return attempts, None
        retryable = fault == 429 or IDEMPOTENT[name]
        if not retryable or attempts == max_retries + 1:
            return attempts, fault
    raise AssertionError("unreachable")


def error_class(fault: Any) -> type[Exception]:
    """The exception a fault raises when it is the last one."""
    if fault == "drop":
        return APIConnectionError
    if fault == 429:
        return RateLimitError
    if fault >= 500:
        return InternalServerError
    return APIStatusError


@pytest.mark.parametrize("kind", KINDS)
def test_any_fault_sequence_takes_the_attempts_the_rules_say(kind: str) -> None:
    """For any run of faults, attempts == the rules' count <= max_retries + 1, right outcome."""
    with FakeTelnyx(seed=True) as fake:
        runner = ClientRunner(kind, fake)

        @settings(max_examples=30, deadline=None, database=None)
        @given(faults=FAULTS, name=st.sampled_from(OPERATIONS), max_retries=st.integers(0, 3))
        def check(faults: list[Any], name: str, max_retries: int) -> None:
            fake.clear_faults()
            before = sent(fake, name)
            for fault in faults:
                if fault == "drop":
                    fake.inject(drop=True, **target(name))
                else:
                    fake.inject(fault, headers=NO_WAIT, **target(name))
            attempts, raised = model(faults, name, max_retries)
            scenario = on(fake, name)
            if raised is None:
                result = runner.call(scenario, max_retries=max_retries)
                assert isinstance(result, BillingGroup)
            else:
                with pytest.raises(error_class(raised)) as caught:
                    runner.call(scenario, max_retries=max_retries)
                error: Any = caught.value
                assert type(error) is error_class(raised)
                assert error.attempts == attempts
            assert sent(fake, name) - before == attempts <= max_retries + 1

        check()
