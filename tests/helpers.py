"""Helpers for tests that talk to ``FakeTelnyx``: scripted answers, sample groups, a dead port.

And ``outcome_in_forked_child``, for what a client does in a process forked from its own.

Most tests let the fake's real handlers answer from its state (``add_groups``). Tests that
need an exact answer, or one the real API would never give, script it with ``script``: each
``Reply`` becomes an injected fault, so the spec check of the fake's answers leaves it alone.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs
from multidict import CIMultiDict

from telnyx_access import BillingGroup, RateLimit
from telnyx_access.testing import FakeTelnyx


def public_attributes(owner: object) -> Iterator[tuple[str, Any]]:
    """What ``owner`` holds under a public name, read as users do: properties are left out.

    A client makes its resources on first access, so they are found through ``dir()``.
    """
    for name in dir(owner):
        if not name.startswith("_") and not isinstance(getattr(type(owner), name, None), property):
            yield name, getattr(owner, name)


def python_lines(code: str) -> list[str]:
    """The lines ``code`` prints when run by a fresh interpreter (fails the test if it fails)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.splitlines()


API_KEY = "test-key-0123456789"
ORGANIZATION_ID = "f1486bae-f067-460c-ad43-73a92848f902"
STAMP = "2024-01-02T03:04:05.000Z"
STAMP_TIME = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
KEEP_ANSWERING = 1_000_000
"""``times`` for a scripted reply that answers every matching request from then on."""


@attrs.frozen(kw_only=True)
class Reply:
    """How to answer one request: status, JSON or text body, headers, delay, or a drop.

    The fake picks the Content-Type of a text body itself (text/html when it starts with
    ``<``, else text/plain) and adds its own ``x-request-id`` and ``x-ratelimit-*`` headers.
    """

    status: int = 200
    json: Any = None
    text: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: bool = False
    """Close the connection instead of answering."""

    def inject(self, fake: FakeTelnyx, *, method: str, path: str, times: int) -> None:
        """Make ``fake`` answer the next ``times`` matching requests this way."""
        if self.text is not None and "content-type" in {name.lower() for name in self.headers}:
            raise ValueError("FakeTelnyx sets the Content-Type of a text body itself")
        fake.inject(
            None if self.drop else self.status,
            times=times,
            method=method,
            path=path,
            headers=self.headers,
            body=self.text if self.text is not None else self.json,
            delay=self.delay,
            drop=self.drop,
        )


def script(fake: FakeTelnyx, method: str, path: str, *replies: Reply) -> None:
    """Answer ``method path`` with ``replies`` in turn; the last one keeps answering.

    ``path`` is a regular expression for the whole decoded path after ``/v2``.
    """
    for index, reply in enumerate(replies):
        last = index == len(replies) - 1
        reply.inject(fake, method=method, path=path, times=KEEP_ANSWERING if last else 1)


def last_answer_headers(fake: FakeTelnyx) -> CIMultiDict[str]:
    """The headers of the last answer ``fake`` gave (injected or not), case-insensitive."""
    return CIMultiDict(fake.exchanges[-1].headers)


def sent_rate_limit(fake: FakeTelnyx) -> RateLimit:
    """The ``x-ratelimit-*`` values of the last answer ``fake`` gave."""
    headers = last_answer_headers(fake)
    return RateLimit(
        limit=int(headers["x-ratelimit-limit"]),
        remaining=int(headers["x-ratelimit-remaining"]),
        reset=float(headers["x-ratelimit-reset"]),
    )


def numbered_group_id(n: int) -> str:
    """The id of test billing group number ``n``: a UUID, as the spec wants, ending in ``n``."""
    return f"00000000-0000-4000-8000-{n:012d}"


def group_path(n: int) -> str:
    """The path of test billing group number ``n``, as the SDK sends it."""
    return f"/v2/billing_groups/{numbered_group_id(n)}"


def numbered_group_ids(numbers: Iterable[int]) -> list[str]:
    """The ids of the test billing groups numbered ``numbers``."""
    return [numbered_group_id(n) for n in numbers]


def group_json(n: int) -> dict[str, Any]:
    """Billing group number ``n`` as the API sends it (and the fake stores it)."""
    return {
        "id": numbered_group_id(n),
        "record_type": "billing_group",
        "organization_id": ORGANIZATION_ID,
        "name": f"group {n}",
        "created_at": STAMP,
        "updated_at": STAMP,
        "deleted_at": None,
    }


def group_model(n: int) -> BillingGroup:
    """Billing group number ``n`` as the SDK parses it."""
    return BillingGroup(
        id=numbered_group_id(n),
        record_type="billing_group",
        organization_id=ORGANIZATION_ID,
        name=f"group {n}",
        created_at=STAMP_TIME,
        updated_at=STAMP_TIME,
        deleted_at=None,
    )


def add_groups(fake: FakeTelnyx, numbers: Iterable[int]) -> None:
    """Put the billing groups numbered ``numbers`` into the fake's state, in that order."""
    for n in numbers:
        fake.api.billing_groups[numbered_group_id(n)] = group_json(n)


def outcome_in_forked_child(action: Callable[[], object]) -> str:
    """What ``action()`` comes to in a fork() child: "returned", or "<exception class>: <message>".

    The child reports through a pipe and exits with status 0 (checked here); a child silent
    for 30 s is killed and reported as "child timed out".
    """
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a multi-threaded process may deadlock the child;
        # the child here runs only ``action`` and code that takes no lock another thread holds.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        status = 1
        try:
            os.close(read_end)
            try:
                action()
                outcome = "returned"
            except BaseException as error:  # reported to the parent
                outcome = f"{type(error).__name__}: {error}"
            os.write(write_end, outcome.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        ready, _, _ = select.select([reader], [], [], 30)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        outcome = reader.read().decode() if ready else "child timed out"
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, outcome
    return outcome


def closed_port() -> int:
    """A loopback port nothing listens on, so connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
