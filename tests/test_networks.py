"""Connection settings on both clients, against real parts started on 127.0.0.1.

A tinyproxy forward proxy (with basic auth) carries calls; a TLS server with a throwaway CA
(trustme) is reached with ``ssl=context`` and refused without it; the pool holds at most
``max_connections``; middlewares and trace configs see every attempt of a retried call.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from telnyx_access import (
    APIConnectionError,
    APIStatusError,
    AsyncTelnyxAccess,
    Backoff,
    TelnyxAccess,
)
from telnyx_access._config import ConnectionSettings
from telnyx_access.testing import FakeTelnyx

from .clients import KINDS, ClientRunner
from .helpers import API_KEY, add_groups, group_model, numbered_group_id
from .real_parts import Tinyproxy, TLSCertificates, tinyproxy, tls_listener
from .reliability.support import ConnectionGauge

USER, PASSWORD = "alice", "pr0xy-s3cret"
FAST = Backoff(initial=0.001, maximum=0.01)
PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Tinyproxy]:
    """A tinyproxy on a free loopback port that wants ``USER``/``PASSWORD``."""
    with tinyproxy(tmp_path, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture
def seeded(fake: FakeTelnyx) -> FakeTelnyx:
    """The suite's fake with billing group 1 in it."""
    add_groups(fake, [1])
    return fake


@pytest.fixture
def clean_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No proxy variables from the machine running the tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def retrieve_on(kind: str, fake: FakeTelnyx, **settings: Any) -> Any:
    """Billing group 1, fetched by a fresh client of ``kind`` pointed at ``fake``."""
    runner = ClientRunner(kind, fake, backoff=FAST)
    return runner.call(
        lambda client: client.billing_groups.retrieve(numbered_group_id(1)), **settings
    )


def via_proxy(fake: FakeTelnyx) -> list[bool]:
    """For each request the fake received: whether tinyproxy forwarded it (its Via header)."""
    return ["tinyproxy" in request.headers.get("Via", "") for request in fake.requests]


# -- proxy --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_proxy_carries_calls_with_its_credentials(
    kind: str, seeded: FakeTelnyx, proxy: Tinyproxy, caplog: pytest.LogCaptureFixture
) -> None:
    """proxy= carries every request, authenticated; the password stays out of the logs."""
    caplog.set_level(logging.DEBUG, logger="telnyx_access")
    group = retrieve_on(kind, seeded, proxy=proxy.url(USER, PASSWORD))
    assert group == group_model(1)
    assert proxy.requests() == [f"GET {seeded.base_url}/billing_groups/{numbered_group_id(1)}"]
    assert via_proxy(seeded) == [True]
    assert "Proxy-Authorization" not in seeded.requests[0].headers  # the proxy took it
    assert PASSWORD not in caplog.text
    assert caplog.records  # the debug records were there to be checked


@pytest.mark.parametrize("kind", KINDS)
def test_proxy_refusing_the_credentials_is_an_error_without_them(
    kind: str, seeded: FakeTelnyx, proxy: Tinyproxy
) -> None:
    """Wrong proxy credentials end in the proxy's refusal, which never shows the password."""
    wrong = "not-the-" + PASSWORD
    with pytest.raises(APIStatusError) as raised:
        retrieve_on(kind, seeded, proxy=proxy.url(USER, wrong))
    assert raised.value.status_code in (401, 407)  # tinyproxy answers 401 to a wrong password
    assert wrong not in str(raised.value)
    assert wrong not in raised.value.body
    assert seeded.requests == []


def test_proxy_credentials_are_kept_out_of_reprs() -> None:
    """The proxy's user and password never appear in the repr of the settings or client."""
    settings = ConnectionSettings(proxy=aiohttp.client.URL(f"http://{USER}:{PASSWORD}@h:3128"))
    assert PASSWORD not in repr(settings)
    assert USER not in repr(settings)
    assert "h:3128" in repr(settings)
    client = AsyncTelnyxAccess(api_key=API_KEY, proxy=f"http://{USER}:{PASSWORD}@h:3128")
    assert PASSWORD not in repr(client)
    assert PASSWORD not in repr(client._engine.transport._settings)


@pytest.mark.parametrize("kind", KINDS)
def test_trust_env_takes_the_proxy_from_http_proxy(
    kind: str, seeded: FakeTelnyx, proxy: Tinyproxy, clean_proxy_env: pytest.MonkeyPatch
) -> None:
    """trust_env=True sends plain-http calls through HTTP_PROXY, credentials included."""
    clean_proxy_env.setenv("HTTP_PROXY", proxy.url(USER, PASSWORD))
    assert retrieve_on(kind, seeded, trust_env=True) == group_model(1)
    assert via_proxy(seeded) == [True]
    assert len(proxy.requests()) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_trust_env_bypasses_the_proxy_for_no_proxy_hosts(
    kind: str, seeded: FakeTelnyx, proxy: Tinyproxy, clean_proxy_env: pytest.MonkeyPatch
) -> None:
    """A host listed in NO_PROXY is reached directly, the proxy untouched."""
    clean_proxy_env.setenv("HTTP_PROXY", proxy.url(USER, PASSWORD))
    clean_proxy_env.setenv("NO_PROXY", "127.0.0.1")
    assert retrieve_on(kind, seeded, trust_env=True) == group_model(1)
    assert via_proxy(seeded) == [False]
    assert proxy.requests() == []


@pytest.mark.parametrize("kind", KINDS)
def test_without_trust_env_proxy_variables_are_ignored(
    kind: str, seeded: FakeTelnyx, proxy: Tinyproxy, clean_proxy_env: pytest.MonkeyPatch
) -> None:
    """The default (trust_env=False) goes direct even when HTTP_PROXY is set."""
    clean_proxy_env.setenv("HTTP_PROXY", proxy.url(USER, PASSWORD))
    assert retrieve_on(kind, seeded) == group_model(1)
    assert via_proxy(seeded) == [False]
    assert proxy.requests() == []


# -- TLS ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates() -> TLSCertificates:
    """A throwaway CA and a certificate for 127.0.0.1, shared by the TLS tests."""
    return TLSCertificates()


@pytest.mark.parametrize("kind", KINDS)
def test_ssl_context_trusts_a_private_ca(
    kind: str, seeded: FakeTelnyx, certificates: TLSCertificates
) -> None:
    """ssl=<context trusting the CA> reaches a server whose certificate that CA issued."""
    with tls_listener(seeded, certificates) as base_url:
        group = retrieve_on(kind, seeded, base_url=base_url, ssl=certificates.client_context())
    assert group == group_model(1)
    assert seeded.count("GET") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_ca_is_refused_and_not_retried(
    kind: str, seeded: FakeTelnyx, certificates: TLSCertificates
) -> None:
    """Without the CA the certificate is refused: APIConnectionError after one attempt."""
    with (
        tls_listener(seeded, certificates) as base_url,
        pytest.raises(APIConnectionError) as raised,
    ):
        retrieve_on(kind, seeded, base_url=base_url, max_retries=3)
    assert raised.value.attempts == 1
    assert "certificate" in str(raised.value).lower()
    assert seeded.requests == []


@pytest.mark.anyio
async def test_ssl_works_with_a_callers_session(
    seeded: FakeTelnyx, certificates: TLSCertificates
) -> None:
    """ssl= goes with each request, so a caller-owned session reaches the server too."""
    with tls_listener(seeded, certificates) as base_url:
        async with (
            aiohttp.ClientSession() as session,
            AsyncTelnyxAccess(
                api_key=API_KEY,
                base_url=base_url,
                session=session,
                ssl=certificates.client_context(),
            ) as client,
        ):
            assert await client.billing_groups.retrieve(numbered_group_id(1)) == group_model(1)


# -- pool ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_max_connections_bounds_the_async_pool() -> None:
    """64 concurrent calls on max_connections=4 hold at most 4 connections open."""
    async with FakeTelnyx() as fake:
        add_groups(fake, [1])
        gauge = ConnectionGauge(fake)
        async with AsyncTelnyxAccess(
            api_key="test-key", base_url=fake.base_url, max_connections=4
        ) as client:
            groups = await asyncio.wait_for(
                asyncio.gather(
                    *(client.billing_groups.retrieve(numbered_group_id(1)) for _ in range(64))
                ),
                30,
            )
    assert groups == [group_model(1)] * 64
    assert gauge.peak == 4


def test_max_connections_bounds_the_blocking_pool(seeded: FakeTelnyx) -> None:
    """64 calls from 16 threads on one blocking client with max_connections=4: at most 4 open."""
    gauge = ConnectionGauge(seeded)
    with (
        TelnyxAccess(api_key=API_KEY, base_url=seeded.base_url, max_connections=4) as client,
        ThreadPoolExecutor(16) as threads,
    ):
        groups = list(
            threads.map(lambda _: client.billing_groups.retrieve(numbered_group_id(1)), range(64))
        )
    assert groups == [group_model(1)] * 64
    assert 1 <= gauge.peak <= 4


# -- middlewares and trace configs --------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_middlewares_and_trace_configs_see_every_attempt(kind: str, seeded: FakeTelnyx) -> None:
    """A call answered 503, 503, 200 passes the middleware and the trace config 3 times each."""
    seeded.inject(503, times=2, method="GET", path=f"/billing_groups/{numbered_group_id(1)}")
    seen: list[str] = []
    starts: list[str] = []

    async def middleware(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        seen.append(f"{request.method} {request.url.path}")
        response = await handler(request)
        seen.append(str(response.status))
        return response

    async def on_request_start(
        session: aiohttp.ClientSession, context: Any, params: aiohttp.TraceRequestStartParams
    ) -> None:
        starts.append(params.method)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    group = retrieve_on(kind, seeded, middlewares=[middleware], trace_configs=[trace])
    assert group == group_model(1)
    path = f"GET /v2/billing_groups/{numbered_group_id(1)}"
    assert seen == [path, "503", path, "503", path, "200"]
    assert starts == ["GET"] * 3


@pytest.mark.anyio
async def test_middlewares_run_on_a_callers_session() -> None:
    """middlewares= go with each request, so they run on a caller-owned session too."""
    seen: list[int] = []

    async def middleware(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        response = await handler(request)
        seen.append(response.status)
        return response

    async with FakeTelnyx() as fake:
        add_groups(fake, [1])
        fake.inject(503, times=1, method="GET")
        async with (
            aiohttp.ClientSession() as session,
            AsyncTelnyxAccess(
                api_key="test-key",
                base_url=fake.base_url,
                session=session,
                middlewares=[middleware],
                backoff=FAST,
            ) as client,
        ):
            assert await client.billing_groups.retrieve(numbered_group_id(1)) == group_model(1)
    assert seen == [503, 200]


def test_a_middleware_sees_the_key_but_the_sdks_logs_do_not(
    seeded: FakeTelnyx, caplog: pytest.LogCaptureFixture
) -> None:
    """The middleware's view carries the key (it must be sent); the SDK's debug records never do."""
    caplog.set_level(logging.DEBUG, logger="telnyx_access")
    authorizations: list[str] = []

    async def middleware(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        authorizations.append(request.headers["Authorization"])
        return await handler(request)

    retrieve_on("blocking", seeded, middlewares=[middleware])
    assert authorizations == [f"Bearer {API_KEY}"]
    assert caplog.records
    assert API_KEY not in caplog.text


# -- bad settings -------------------------------------------------------------------------

CLIENTS = [AsyncTelnyxAccess, TelnyxAccess]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("settings", "error", "named"),
    [
        ({"proxy": "proxy.internal:3128"}, ValueError, "proxy"),
        ({"proxy": "socks5://127.0.0.1:1080"}, ValueError, "proxy"),
        ({"proxy": "http://"}, ValueError, "proxy"),
        ({"proxy": 3128}, TypeError, "proxy"),
        ({"max_connections": 0}, ValueError, "max_connections"),
        ({"max_connections": 4.0}, TypeError, "max_connections"),
        ({"ssl": "yes"}, TypeError, "ssl"),
        ({"trust_env": "yes"}, TypeError, "trust_env"),
        ({"middlewares": lambda request, handler: handler(request)}, TypeError, "middlewares"),
        ({"middlewares": ["not callable"]}, TypeError, "middlewares"),
        ({"trace_configs": [object()]}, TypeError, "trace_configs"),
        ({"backoff": 0.5}, TypeError, "backoff"),
        ({"proxies": "http://127.0.0.1:3128"}, TypeError, "proxies"),
    ],
)
def test_bad_connection_settings_are_refused_by_the_constructor(
    cls: type[Any], settings: dict[str, Any], error: type[Exception], named: str
) -> None:
    """Each bad setting raises ValueError/TypeError naming it, before anything is started."""
    with pytest.raises(error, match=named):
        cls(api_key=API_KEY, **settings)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"initial": -0.5}, "backoff.initial"),
        ({"maximum": float("inf")}, "backoff.maximum"),
        ({"max_advised_wait": -1}, "backoff.max_advised_wait"),
        ({"initial": 2.0, "maximum": 1.0}, "backoff.maximum"),
    ],
)
def test_bad_backoff_is_refused(settings: dict[str, float], named: str) -> None:
    """A negative, infinite or inverted backoff raises ValueError naming the field."""
    with pytest.raises(ValueError, match=named):
        Backoff(**settings)


def test_a_proxy_error_never_shows_the_password() -> None:
    """A proxy URL refused for its form is not echoed: it may hold a password."""
    with pytest.raises(ValueError, match="proxy") as raised:
        AsyncTelnyxAccess(api_key=API_KEY, proxy=f"{USER}:{PASSWORD}@proxy.internal")
    assert PASSWORD not in str(raised.value)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"trust_env": True}, "trust_env"),
        ({"max_connections": 4}, "max_connections"),
        ({"trace_configs": [aiohttp.TraceConfig()]}, "trace_configs"),
    ],
)
async def test_session_settings_are_refused_with_a_session(
    settings: dict[str, Any], named: str
) -> None:
    """trust_env, max_connections and trace_configs belong to a session: refused with session=."""
    async with aiohttp.ClientSession() as session:
        with pytest.raises(ValueError, match=named):
            AsyncTelnyxAccess(api_key=API_KEY, session=session, **settings)


@pytest.mark.anyio
async def test_request_settings_are_accepted_with_a_session() -> None:
    """proxy, ssl and middlewares work per request, so they are accepted with session=."""
    async with aiohttp.ClientSession() as session:
        client = AsyncTelnyxAccess(
            api_key=API_KEY,
            session=session,
            proxy="http://127.0.0.1:3128",
            ssl=ssl.create_default_context(),
            middlewares=[],
        )
        await client.aclose()
    assert client.is_closed
