"""The converter's datetime handling, on every Python the package supports."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from telnyx_access import BillingGroup
from telnyx_access._converter import converter, six_digit_fraction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02T03:04:05.1+00:00", "2024-01-02T03:04:05.100000+00:00"),
        ("2024-01-02T03:04:05.12345678+00:00", "2024-01-02T03:04:05.123456+00:00"),
        ("2024-01-02T03:04:05.527+02:00", "2024-01-02T03:04:05.527000+02:00"),
        ("2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05+00:00"),
    ],
)
def test_fractions_are_made_six_digits(text: str, expected: str) -> None:
    """Any number of fraction digits becomes six, which Python 3.10's parser requires."""
    assert six_digit_fraction(text) == expected
    assert datetime.fromisoformat(six_digit_fraction(text)) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1961-10-03T17:09:59.0Z", datetime(1961, 10, 3, 17, 9, 59, tzinfo=timezone.utc)),
        ("2019-10-15T10:07:15.527Z", datetime(2019, 10, 15, 10, 7, 15, 527000, timezone.utc)),
        ("2019-10-15T10:07:15", datetime(2019, 10, 15, 10, 7, 15, tzinfo=timezone.utc)),
        (
            "2020-01-01T00:00:00.5-05:00",
            datetime(2020, 1, 1, 0, 0, 0, 500000, timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_timestamps_become_aware_datetimes(text: str, expected: datetime) -> None:
    """Z, offsets, a missing offset (UTC) and short fractions all parse to aware datetimes."""
    group = converter.structure({"created_at": text}, BillingGroup)
    assert group.created_at == expected
    assert group.created_at is not None
    assert group.created_at.tzinfo is not None
