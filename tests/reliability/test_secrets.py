"""Secrets: the API key, secret values and issued JWTs never show in reprs, logs or errors.

Each property runs on both clients through successes, injected 4xx/5xx answers, retried
and exhausted calls and dropped connections, with every logger of the process at DEBUG.
It then searches everything a user could print or log: ``repr`` and ``str`` of clients,
resources, models, pages, paginators, raw responses and exceptions (with their whole
chain of causes), and every log record formatted with its traceback. One FakeTelnyx
serves all the examples of a test.
"""

from __future__ import annotations

import inspect
import logging
import string
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess, TelnyxAccessError
from telnyx_access.testing import FakeTelnyx

from ..clients import KINDS, ClientRunner
from .support import seeded_group_id

EXAMPLES = settings(max_examples=25, deadline=None, database=None)
NO_WAIT = {"Retry-After": "0"}
GROUP = {"method": "GET", "path": r"/billing_groups/[^/]+"}
SECRETS = {"method": "POST", "path": "/integration_secrets"}
TOKEN = {"method": "POST", "path": r"/telephony_credentials/[^/]+/token"}

Step = Callable[[Any], Any]


def secret(prefix: str) -> st.SearchStrategy[str]:
    """A secret no log line could hold by chance: a prefix and 16+ random letters and digits."""
    alphabet = string.ascii_letters + string.digits
    return st.text(alphabet, min_size=16, max_size=48).map(lambda text: f"{prefix}{text}")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{self.format(record)} {record.args!r}")


@contextmanager
def every_log_record() -> Iterator[list[str]]:
    """Every record logged anywhere in the process (telnyx_access, aiohttp, asyncio...) at DEBUG."""
    root = logging.getLogger()
    handler = _Records()
    quiet = {name: logging.getLogger(name).level for name in ("telnyx_access", "aiohttp")}
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)


def shown(thing: Any) -> str:
    """Everything printing ``thing`` can show; for an exception, its whole traceback chain."""
    if isinstance(thing, BaseException):
        return "".join(traceback.format_exception(type(thing), thing, thing.__traceback__)) + (
            f"{thing!r} {thing.args!r}"
        )
    return f"{thing!r} {thing!s}"


def faulted(fake: FakeTelnyx, where: dict[str, str], step: Step, **fault: Any) -> Step:
    """``step``, with ``fault`` (and no fault left over from earlier steps) injected first."""

    def run(client: Any) -> Any:
        fake.clear_faults()
        fake.inject(**fault, **where)
        return step(client)

    return run


def surface(client: Any) -> list[Any]:
    """The client and the objects hanging off it that a user may print."""
    return [
        client,
        client.billing_groups,
        client.billing_groups.with_raw_response,
        client.integration_secrets,
        client.integration_secrets.with_raw_response,
        client.telephony_credentials,
        client.telephony_credentials.with_raw_response,
        client.addresses.actions,
        client.with_options(timeout=5),
    ]


def exercise(
    runner: ClientRunner, steps: list[Step], **settings: Any
) -> tuple[list[Any], list[str]]:
    """Run ``steps`` on one client of ``runner``: what a user could print, and the log lines."""

    def blocking(client: TelnyxAccess) -> list[Any]:
        seen = surface(client)
        for step in steps:
            try:
                seen.append(step(client))
            except TelnyxAccessError as error:
                seen.append(error)
        return [*seen, client.rate_limit, client]

    async def in_loop(client: AsyncTelnyxAccess) -> list[Any]:
        seen = surface(client)
        for step in steps:
            try:
                result = step(client)
                if inspect.isawaitable(result):
                    seen.append(result)  # a paginator, before it is awaited
                    result = await result
                seen.append(result)
            except TelnyxAccessError as error:
                seen.append(error)
        return [*seen, client.rate_limit, client]

    with every_log_record() as logs:
        seen = runner.call(blocking if runner.kind == "blocking" else in_loop, **settings)
    return seen, logs


def raised(seen: list[Any]) -> set[str]:
    """The names of the exceptions the steps raised."""
    return {type(thing).__name__ for thing in seen if isinstance(thing, BaseException)}


def leaks(secrets: list[str], seen: list[Any], logs: list[str]) -> list[str]:
    """Where any of ``secrets`` shows: in a printed object or a log record."""
    found = []
    texts = [shown(thing) for thing in seen]
    for value in secrets:
        found += [f"object: {text[:300]}" for text in texts if value in text]
        found += [f"log: {line[:300]}" for line in logs if value in line]
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_api_key_never_shows(kind: str) -> None:
    """The API key is in no repr, str, log record or error, on success, 4xx, 5xx and retries."""
    with FakeTelnyx(seed=True) as fake:
        ident = seeded_group_id(fake)
        retrieve: Step = lambda client: client.billing_groups.retrieve(ident)  # noqa: E731
        steps: list[Step] = [
            retrieve,
            lambda client: client.billing_groups.list(page_size=2),
            lambda client: client.billing_groups.with_raw_response.retrieve(ident),
            lambda client: client.billing_groups.retrieve("no-such-group"),
            faulted(fake, GROUP, retrieve, status=500, times=5),
            faulted(fake, GROUP, retrieve, status=429, headers=NO_WAIT),
            faulted(fake, GROUP, retrieve, status=401, body={"errors": [{"code": "10009"}]}),
            faulted(fake, GROUP, retrieve, status=403),
            faulted(fake, GROUP, retrieve, drop=True, times=5),
            faulted(fake, GROUP, retrieve, status=200, body="not json"),
        ]

        @EXAMPLES
        @given(key=secret("KEY"))
        def check(key: str) -> None:
            fake.api_key = key
            fake.clear_faults()
            sent = len(fake.requests)
            seen, logs = exercise(ClientRunner(kind, fake, max_retries=1), steps, api_key=key)
            assert leaks([key], seen, logs) == []
            # The check means something: the key did travel, and requests were logged.
            assert {r.headers["Authorization"] for r in fake.requests[sent:]} == {f"Bearer {key}"}
            assert any("request GET" in line for line in logs)
            assert raised(seen) == {
                "NotFoundError",
                "InternalServerError",
                "AuthenticationError",
                "PermissionDeniedError",
                "APIConnectionError",
                "APIResponseValidationError",
            }

        check()


@pytest.mark.parametrize("kind", KINDS)
def test_integration_secret_values_never_show(kind: str) -> None:
    """token and password are in no repr, str, log record or error, even when creates fail."""
    with FakeTelnyx() as fake:

        @EXAMPLES
        @given(token=secret("TOK"), password=secret("PWD"), user=st.sampled_from(["ops", "ci"]))
        def check(token: str, password: str, user: str) -> None:
            fake.clear_faults()
            sent = len(fake.requests)
            bearer: Step = lambda client: client.integration_secrets.create(  # noqa: E731
                identifier="hook", type="bearer", token=token
            )
            basic: Step = lambda client: client.integration_secrets.create(  # noqa: E731
                identifier="erp", type="basic", username=user, password=password
            )
            keyed: Step = lambda client: client.integration_secrets.create(  # noqa: E731
                identifier="hook", type="bearer", token=token, idempotency_key="idem-1"
            )
            steps: list[Step] = [
                bearer,
                basic,
                lambda client: client.integration_secrets.with_raw_response.create(
                    identifier="erp", type="basic", username=user, password=password
                ),
                lambda client: client.integration_secrets.list(),
                faulted(fake, SECRETS, bearer, status=422),
                faulted(fake, SECRETS, basic, status=500),
                faulted(fake, SECRETS, keyed, status=503, times=5),
                faulted(fake, SECRETS, keyed, status=429, headers=NO_WAIT),
                faulted(fake, SECRETS, basic, drop=True),
                faulted(fake, SECRETS, bearer, status=201, body="not json"),
            ]
            seen, logs = exercise(ClientRunner(kind, fake, max_retries=1), steps)
            assert leaks([token, password], seen, logs) == []
            bodies = b"".join(r.body for r in fake.requests[sent:])
            assert token.encode() in bodies
            assert password.encode() in bodies
            assert any("<redacted>" in line for line in logs)
            assert raised(seen) == {
                "UnprocessableEntityError",
                "InternalServerError",
                "APIConnectionError",
                "APIResponseValidationError",
            }

        check()


@pytest.mark.parametrize("kind", KINDS)
def test_issued_jwts_never_show(kind: str) -> None:
    """JWTs from create_token are in no repr, str or log record, also around failed attempts."""
    with FakeTelnyx() as fake:

        @EXAMPLES
        @given(credential=secret("cred-"))
        def check(credential: str) -> None:
            fake.clear_faults()
            fake.api.credentials.add(credential)
            create: Step = lambda client: client.telephony_credentials.create_token(  # noqa: E731
                credential, idempotency_key="idem-2"
            )
            steps: list[Step] = [
                create,
                lambda client: client.telephony_credentials.with_raw_response.create_token(
                    credential
                ),
                faulted(fake, TOKEN, create, status=503, headers=NO_WAIT),
                faulted(fake, TOKEN, create, status=500, times=5),
                faulted(
                    fake,
                    TOKEN,
                    lambda client: client.telephony_credentials.create_token(credential),
                    truncate=True,
                ),
            ]
            seen, logs = exercise(ClientRunner(kind, fake, max_retries=1), steps)
            tokens = [thing for thing in seen if isinstance(thing, str)]
            raw = [thing for thing in seen if hasattr(thing, "parse")]
            jwts = [*tokens, *(response.parse() for response in raw)]
            assert len(jwts) == 3
            assert all(jwt.count(".") == 2 for jwt in jwts)
            printable = [thing for thing in seen if not isinstance(thing, str)]
            assert leaks(jwts, printable, logs) == []
            assert raised(seen) == {"InternalServerError", "APIConnectionError"}

        check()
