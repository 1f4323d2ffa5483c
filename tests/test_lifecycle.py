"""The async client's life: configuration, sessions, closing, derived clients, per-call options."""

from __future__ import annotations

import asyncio
import gc
import logging
import warnings
from typing import Any

import aiohttp
import pytest

from telnyx_access import AsyncTelnyxAccess, NotFoundError, TelnyxAccess, TelnyxAccessError
from telnyx_access.testing import FakeTelnyx

from .helpers import API_KEY, add_groups, group_path, numbered_group_id, sent_rate_limit

CLIENTS = [AsyncTelnyxAccess, TelnyxAccess]


def async_client(fake: FakeTelnyx, **settings: Any) -> AsyncTelnyxAccess:
    """An async client pointed at ``fake``."""
    return AsyncTelnyxAccess(api_key=API_KEY, base_url=fake.base_url, **settings)


def dispose(client: AsyncTelnyxAccess | TelnyxAccess) -> None:
    """Close a client made outside any event loop."""
    if isinstance(client, TelnyxAccess):
        client.close()
    else:
        asyncio.run(client.aclose())


def retrieve_once(client: AsyncTelnyxAccess | TelnyxAccess) -> None:
    """Retrieve one group with a client made outside any event loop, then close it."""
    if isinstance(client, TelnyxAccess):
        with client:
            client.billing_groups.retrieve(numbered_group_id(1))
        return

    async def main() -> None:
        async with client:
            await client.billing_groups.retrieve(numbered_group_id(1))

    asyncio.run(main())


@pytest.mark.anyio
async def test_async_with_closes_the_client(fake: FakeTelnyx) -> None:
    """After async with, every use raises TelnyxAccessError saying closed; aclose() twice is ok."""
    add_groups(fake, [1])
    async with async_client(fake) as client:
        assert not client.is_closed
        assert (await client.billing_groups.retrieve(numbered_group_id(1))).id == numbered_group_id(
            1
        )
    assert client.is_closed
    with pytest.raises(TelnyxAccessError, match="closed"):
        await client.billing_groups.retrieve(numbered_group_id(1))
    with pytest.raises(TelnyxAccessError, match="closed"):
        await client.billing_groups.create(name="x")
    with pytest.raises(TelnyxAccessError, match="closed"):
        await client.billing_groups.list()
    with pytest.raises(TelnyxAccessError, match="closed"):
        [g async for g in client.billing_groups.list()]
    with pytest.raises(TelnyxAccessError, match="closed"):
        client.with_options(timeout=1)
    with pytest.raises(TelnyxAccessError, match="closed"):
        async with client:
            pass
    await client.aclose()
    await client.aclose()
    assert len(fake.requests) == 1


@pytest.mark.anyio
async def test_aclose_without_any_request_is_fine(fake: FakeTelnyx) -> None:
    """A client closed before its first request closes cleanly, twice, and then refuses."""
    client = async_client(fake)
    await client.aclose()
    await client.aclose()
    with pytest.raises(TelnyxAccessError, match="closed"):
        await client.billing_groups.retrieve(numbered_group_id(1))
    assert fake.requests == []


def test_session_is_created_lazily_inside_the_loop(fake: FakeTelnyx) -> None:
    """A client constructed outside any loop warns nothing and then works under asyncio.run."""
    add_groups(fake, [9])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = async_client(fake)

    async def main() -> str | None:
        async with client:
            return (await client.billing_groups.retrieve(numbered_group_id(9))).id

    assert asyncio.run(main()) == numbered_group_id(9)
    assert client.is_closed
    gc.collect()
    assert len(fake.requests) == 1


@pytest.mark.anyio
async def test_caller_owned_session_is_used_and_left_open(fake: FakeTelnyx) -> None:
    """A session passed as session= carries the requests and aclose() does not close it."""
    add_groups(fake, [1, 2])
    session = aiohttp.ClientSession(headers={"X-From-Session": "mine"})
    try:
        client = async_client(fake, session=session)
        assert (await client.billing_groups.retrieve(numbered_group_id(1))).id == numbered_group_id(
            1
        )
        await client.aclose()
        assert not session.closed
        with pytest.raises(TelnyxAccessError, match="closed"):
            await client.billing_groups.retrieve(numbered_group_id(1))
        # The session still works for its owner.
        url, key = f"{fake.base_url}/billing_groups/{numbered_group_id(2)}", f"Bearer {API_KEY}"
        async with session.get(url, headers={"Authorization": key}) as response:
            assert response.status == 200
    finally:
        await session.close()
    assert session.closed
    assert [r.headers.get("X-From-Session") for r in fake.requests] == ["mine", "mine"]
    assert fake.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_session_must_be_an_aiohttp_session() -> None:
    """Passing something else as session= raises TypeError naming it."""
    with pytest.raises(TypeError, match="session"):
        AsyncTelnyxAccess(api_key=API_KEY, session=object())  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_with_options_shares_the_pool(fake: FakeTelnyx) -> None:
    """A derived client has its own settings on the same pool; closing it keeps the original."""
    add_groups(fake, [1, 2, 3, 4])
    client = async_client(fake, timeout=30, max_retries=2)
    try:
        derived = client.with_options(timeout=5, max_retries=0)
        assert (derived.timeout, derived.max_retries) == (5, 0)
        assert (client.timeout, client.max_retries) == (30, 2)
        assert derived.deadline is None
        assert derived.base_url == client.base_url
        assert client.rate_limit is None
        assert (
            await derived.billing_groups.retrieve(numbered_group_id(1))
        ).id == numbered_group_id(1)
        # Same pool: what the derived client saw is visible on the original.
        assert client.rate_limit is not None
        assert client.rate_limit == sent_rate_limit(fake)
        await derived.aclose()
        assert derived.is_closed
        assert not client.is_closed
        with pytest.raises(TelnyxAccessError, match="closed"):
            await derived.billing_groups.retrieve(numbered_group_id(2))
        assert (await client.billing_groups.retrieve(numbered_group_id(3))).id == numbered_group_id(
            3
        )
        other = client.with_options(deadline=9)
        assert (other.deadline, other.timeout, other.max_retries) == (9, 30, 2)
    finally:
        await client.aclose()
    assert other.is_closed
    with pytest.raises(TelnyxAccessError, match="closed"):
        await other.billing_groups.retrieve(numbered_group_id(4))
    assert [r.raw_path for r in fake.requests] == [group_path(1), group_path(3)]


@pytest.mark.parametrize(
    ("settings", "error", "name"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"max_retries": -1}, ValueError, "max_retries"),
        ({"max_retries": 1.5}, TypeError, "max_retries"),
    ],
)
def test_with_options_checks_settings(
    fake: FakeTelnyx, settings: dict[str, Any], error: type[Exception], name: str
) -> None:
    """with_options refuses bad settings like the constructor does, naming the parameter."""
    client = async_client(fake)
    try:
        with pytest.raises(error, match=name):
            client.with_options(**settings)
    finally:
        dispose(client)


@pytest.mark.parametrize("cls", CLIENTS)
def test_api_key_comes_from_the_environment(
    cls: type[Any], fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without api_key the client sends the TELNYX_API_KEY variable as the bearer token."""
    add_groups(fake, [1])
    fake.api_key = "env-key-42"  # the fake accepts only the key the client should send
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-42")
    client = cls(base_url=fake.base_url)
    retrieve_once(client)
    assert fake.requests[0].headers["Authorization"] == "Bearer env-key-42"


@pytest.mark.parametrize("cls", CLIENTS)
def test_explicit_api_key_wins_over_the_environment(
    cls: type[Any], fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An api_key argument is used even when TELNYX_API_KEY is set."""
    add_groups(fake, [1])
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-42")
    retrieve_once(cls(api_key=API_KEY, base_url=fake.base_url))
    assert fake.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("value", [None, ""])
def test_missing_api_key_names_the_variable(
    cls: type[Any], value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No api_key and no TELNYX_API_KEY raises TelnyxAccessError naming the variable."""
    if value is None:
        monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    else:
        monkeypatch.setenv("TELNYX_API_KEY", value)
    with pytest.raises(TelnyxAccessError, match="TELNYX_API_KEY"):
        cls()


@pytest.mark.parametrize("cls", CLIENTS)
def test_base_url_comes_from_the_environment(
    cls: type[Any], fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without base_url the client uses TELNYX_BASE_URL, and requests go there."""
    add_groups(fake, [1])
    monkeypatch.setenv("TELNYX_BASE_URL", fake.base_url)
    client = cls(api_key=API_KEY)
    assert client.base_url == fake.base_url
    retrieve_once(client)
    assert fake.count("GET", f"/billing_groups/{numbered_group_id(1)}") == 1


@pytest.mark.parametrize("cls", CLIENTS)
def test_default_base_url_is_telnyx(cls: type[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """With neither argument nor TELNYX_BASE_URL, the base URL is Telnyx's v2 API."""
    monkeypatch.delenv("TELNYX_BASE_URL", raising=False)
    client = cls(api_key=API_KEY)
    try:
        assert client.base_url == "https://api.telnyx.com/v2"
    finally:
        dispose(client)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "url", ["http://api.telnyx.com/v2", "http://10.0.0.1/v2", "http://127.0.0.1.example.com/v2"]
)
def test_plain_http_to_a_remote_host_is_refused(cls: type[Any], url: str) -> None:
    """An http:// base_url whose host is not loopback raises ValueError naming base_url."""
    with pytest.raises(ValueError, match="base_url"):
        cls(api_key=API_KEY, base_url=url)


@pytest.mark.parametrize("cls", CLIENTS)
def test_plain_http_from_the_environment_is_refused(
    cls: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-loopback http:// TELNYX_BASE_URL is refused like the argument is."""
    monkeypatch.setenv("TELNYX_BASE_URL", "http://api.telnyx.com/v2")
    with pytest.raises(ValueError, match="base_url"):
        cls(api_key=API_KEY)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v2",
        "http://localhost/v2",
        "http://[::1]:8080/v2",
        "https://example.com/v2",
    ],
)
def test_plain_http_to_loopback_and_https_anywhere_are_allowed(cls: type[Any], url: str) -> None:
    """http:// to 127.0.0.1, localhost or [::1], and https:// to any host, are accepted."""
    client = cls(api_key=API_KEY, base_url=url)
    try:
        assert client.base_url == url
    finally:
        dispose(client)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("settings", "error", "name"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": -1}, ValueError, "timeout"),
        ({"timeout": float("nan")}, ValueError, "timeout"),
        ({"timeout": "30"}, TypeError, "timeout"),
        ({"deadline": 0}, ValueError, "deadline"),
        ({"max_retries": -1}, ValueError, "max_retries"),
        ({"max_retries": 1.5}, TypeError, "max_retries"),
        ({"max_retries": True}, TypeError, "max_retries"),
        ({"default_headers": {"X-Bad": "a\r\nInjected: 1"}}, ValueError, "default_headers"),
        ({"default_headers": {"X-Number": 1}}, TypeError, "default_headers"),
    ],
)
def test_bad_settings_are_refused_by_the_constructor(
    cls: type[Any], settings: dict[str, Any], error: type[Exception], name: str
) -> None:
    """Out-of-range or ill-typed settings raise ValueError/TypeError naming the parameter."""
    with pytest.raises(error, match=name):
        cls(api_key=API_KEY, **settings)


@pytest.mark.parametrize("cls", CLIENTS)
def test_settings_are_exposed(cls: type[Any]) -> None:
    """timeout, deadline and max_retries read back as given; defaults are 30 s, none, 2."""
    client = cls(api_key=API_KEY, timeout=4, deadline=12.5, max_retries=0)
    default = cls(api_key=API_KEY)
    try:
        assert (client.timeout, client.deadline, client.max_retries) == (4, 12.5, 0)
        assert (default.timeout, default.deadline, default.max_retries) == (30, None, 2)
        assert client.rate_limit is None
    finally:
        dispose(client)
        dispose(default)


@pytest.mark.anyio
async def test_default_headers_are_sent_on_every_request(fake: FakeTelnyx) -> None:
    """default_headers go out with each request, alongside the SDK's own headers."""
    add_groups(fake, [1])
    async with async_client(fake, default_headers={"X-Team": "billing"}) as client:
        await client.billing_groups.retrieve(numbered_group_id(1))
        await client.billing_groups.create(name="ops")
        await client.billing_groups.list()
    assert len(fake.requests) == 3
    for received in fake.requests:
        assert received.headers["X-Team"] == "billing"
        assert received.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.anyio
async def test_per_call_extras_are_applied(fake: FakeTelnyx) -> None:
    """extra_headers, extra_query and extra_body reach the server on that call only."""
    add_groups(fake, [1, 2])
    async with async_client(fake, default_headers={"X-Team": "billing"}) as client:
        await client.billing_groups.retrieve(
            numbered_group_id(1),
            extra_headers={"X-Trace": "abc", "X-Team": "override"},
            extra_query={"include": "all", "filter": {"name": "ops"}},
        )
        await client.billing_groups.create(name="ops", extra_body={"note": "hi", "n": 2})
        await client.billing_groups.list(page_size=5, extra_query={"debug": True})
        await client.billing_groups.retrieve(numbered_group_id(2))
    first, created, listed, plain = fake.requests
    assert first.headers["X-Trace"] == "abc"
    assert first.headers["X-Team"] == "override"
    assert first.raw_query == "include=all&filter[name]=ops"
    assert created.json() == {"name": "ops", "note": "hi", "n": 2}
    assert created.headers["X-Team"] == "billing"
    assert listed.raw_query == "page[size]=5&debug=true"
    assert "X-Trace" not in plain.headers
    assert plain.raw_query == ""
    assert plain.headers["X-Team"] == "billing"


@pytest.mark.anyio
async def test_idempotency_key_is_sent_on_create(fake: FakeTelnyx) -> None:
    """idempotency_key on a POST is sent as the Idempotency-Key header."""
    async with async_client(fake) as client:
        await client.billing_groups.create(name="ops", idempotency_key="key-1")
    assert fake.requests[0].headers["Idempotency-Key"] == "key-1"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("options", "error", "name"),
    [
        ({"bogus": 1}, TypeError, "bogus"),
        ({"idempotency_key": "k"}, TypeError, "idempotency_key"),
        ({"timeout": -1}, ValueError, "timeout"),
        ({"deadline": "5"}, TypeError, "deadline"),
        ({"extra_headers": {"X-A": "1\n2"}}, ValueError, "extra_headers"),
        ({"extra_query": ["a"]}, TypeError, "extra_query"),
        ({"extra_body": "x"}, TypeError, "extra_body"),
    ],
)
async def test_bad_per_call_options_fail_before_any_request(
    fake: FakeTelnyx, options: dict[str, Any], error: type[Exception], name: str
) -> None:
    """Unknown or ill-typed per-call keywords raise, naming the keyword, before sending."""
    async with async_client(fake) as client:
        with pytest.raises(error, match=name):
            await client.billing_groups.retrieve("x", **options)
        with pytest.raises(error, match=name):
            client.billing_groups.list(**options)
    assert fake.requests == []


@pytest.mark.anyio
async def test_user_agent_names_the_sdk(fake: FakeTelnyx) -> None:
    """Every request's User-Agent starts with telnyx-access/."""
    add_groups(fake, [1])
    async with async_client(fake) as client:
        await client.billing_groups.retrieve(numbered_group_id(1))
        await client.billing_groups.create(name="ops")
    assert len(fake.requests) == 2
    assert all(r.headers["User-Agent"].startswith("telnyx-access/") for r in fake.requests)


@pytest.mark.anyio
async def test_repr_hides_the_api_key(fake: FakeTelnyx) -> None:
    """repr() and str() of the async client never show the API key."""
    async with async_client(fake) as client:
        for text in (repr(client), str(client), repr(client.with_options(timeout=2))):
            assert API_KEY not in text
        assert fake.base_url in repr(client)


def test_normal_use_leaves_no_warning_or_unclosed_session(
    fake: FakeTelnyx, caplog: pytest.LogCaptureFixture
) -> None:
    """Using and closing a client leaves no warning and no "Unclosed" log after collection."""
    add_groups(fake, [1])

    async def main() -> list[str | None]:
        async with async_client(fake) as client:
            await client.billing_groups.retrieve(numbered_group_id(1))
            created = await client.billing_groups.create(name="ops")
            return [created.id] + [g.id async for g in client.billing_groups.list()]

    with caplog.at_level(logging.DEBUG), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        created, *walked = asyncio.run(main())
        assert walked == [numbered_group_id(1), created]
        gc.collect()
    assert [str(w.message) for w in caught] == []
    assert not [r for r in caplog.records if "nclosed" in r.getMessage()]
    assert len(fake.requests) == 3


def test_idempotency_key_none_sends_no_header(fake: FakeTelnyx) -> None:
    """idempotency_key=None means no key, so optional keys can be passed straight through."""
    with TelnyxAccess(API_KEY, base_url=fake.base_url) as client:
        client.billing_groups.create(name="a", idempotency_key=None)
        client.billing_groups.create(name="b", idempotency_key="key-1")
    first, second = fake.requests
    assert "Idempotency-Key" not in first.headers
    assert second.headers["Idempotency-Key"] == "key-1"


@pytest.mark.anyio
async def test_a_callers_raise_for_status_does_not_change_errors(fake: FakeTelnyx) -> None:
    """A caller-owned session set to raise_for_status still gives the SDK's status errors."""
    async with (
        aiohttp.ClientSession(raise_for_status=True) as session,
        AsyncTelnyxAccess(API_KEY, base_url=fake.base_url, session=session) as client,
    ):
        with pytest.raises(NotFoundError):
            await client.billing_groups.retrieve("00000000-0000-0000-0000-000000000000")
