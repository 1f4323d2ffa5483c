"""Boundaries of one request: bodies too large or endless, bad header values, dropped clients.

Peak memory is measured in a subprocess (``ru_maxrss`` covers the whole process, so the
test's own server and other tests must not count): the client there makes one warm-up
call, notes its peak, then meets the hostile answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import socket
import subprocess
import sys
import threading
import traceback
import warnings
from typing import Any

import aiohttp
import pytest

from telnyx_access import (
    APIConnectionError,
    AsyncTelnyxAccess,
    BillingGroup,
    InternalServerError,
    ResponseTooLargeError,
    TelnyxAccess,
)
from telnyx_access.testing import FakeTelnyx

from ..clients import KINDS, ClientRunner, client_settings
from .hostile_server import MIB, HostileServer
from .support import live_threads, open_fds, seeded_group_id, seeded_groups, wait_until

MEASURE = r"""
import asyncio, json, resource, sys, time
from telnyx_access import AsyncTelnyxAccess, TelnyxAccess

kind, base_url, name, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
settings = dict(api_key="k", base_url=base_url, timeout=timeout, max_retries=0)

def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def measure(call):
    call("1000")  # warm-up: the session, the thread and the parser exist from here on
    baseline, started = peak_kib(), time.monotonic()
    try:
        call(name)
        outcome = "returned"
    except Exception as error:
        outcome = type(error).__name__
    elapsed = time.monotonic() - started
    print(json.dumps({"outcome": outcome, "elapsed": elapsed,
                      "baseline_kib": baseline, "peak_kib": peak_kib()}))

if kind == "blocking":
    with TelnyxAccess(**settings) as client:
        measure(client.billing_groups.retrieve)
else:
    async def main():
        async with AsyncTelnyxAccess(**settings) as client:
            loop = asyncio.get_running_loop()
            def call(ident):
                return asyncio.run_coroutine_threadsafe(
                    client.billing_groups.retrieve(ident), loop).result()
            await loop.run_in_executor(None, measure, call)
    asyncio.run(main())
"""

GROWTH_BOUND_KIB = 100 * 1024
"""Peak memory the hostile answer may add: the 16 MiB limit and its copies, well under 1 GiB."""
MARGIN = 1.5
"""Seconds past ``timeout`` within which an attempt that must stop has stopped."""


def measure(kind: str, server: HostileServer, name: str, timeout: float) -> dict[str, Any]:
    """What a fresh process with a ``kind`` client makes of the answer ``name``."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, server.base_url, name, str(timeout)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def hostile() -> Any:
    """One hostile server for the module's tests."""
    with HostileServer() as server:
        yield server


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["bomb", "endless"])
def test_oversized_bodies_end_in_an_error_with_bounded_memory(
    hostile: HostileServer, kind: str, name: str
) -> None:
    """A 1 GiB gzip bomb or an endless body: ResponseTooLargeError, fast, memory near 16 MiB."""
    result = measure(kind, hostile, name, timeout=5.0)
    assert result["outcome"] == "ResponseTooLargeError"
    assert result["elapsed"] < 5.0 + MARGIN
    assert result["peak_kib"] - result["baseline_kib"] < GROWTH_BOUND_KIB


@pytest.mark.parametrize("kind", KINDS)
def test_a_trickling_body_ends_at_the_timeout(hostile: HostileServer, kind: str) -> None:
    """A body that never ends but never stalls either ends in APITimeoutError at the timeout."""
    result = measure(kind, hostile, "trickle", timeout=1.0)
    assert result["outcome"] == "APITimeoutError"
    assert 1.0 <= result["elapsed"] < 1.0 + MARGIN


SIZE = 64 * 1024


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("encoding", ["", "gzip-"])
def test_the_limit_counts_bytes_after_decompression(
    hostile: HostileServer, kind: str, encoding: str
) -> None:
    """A body of exactly max_response_size parses; one byte more is ResponseTooLargeError."""
    runner = ClientRunner(kind, api_key="k", base_url=hostile.base_url, max_response_size=SIZE)
    group = runner.call(lambda client: client.billing_groups.retrieve(f"{encoding}{SIZE}"))
    assert isinstance(group, BillingGroup)
    assert group.name == "ops"
    with pytest.raises(ResponseTooLargeError) as caught:
        runner.call(lambda client: client.billing_groups.retrieve(f"{encoding}{SIZE + 1}"))
    error = caught.value
    assert error.status_code == 200
    assert error.request_id == "hostile-1"
    assert error.method == "GET"
    assert error.url == f"{hostile.base_url}/billing_groups/{encoding}{SIZE + 1}"
    assert f"{SIZE:,} bytes" in str(error)


def test_max_response_size_is_checked() -> None:
    """max_response_size must be a positive int, refused by the constructor by name."""
    for bad, kind in [(0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)]:
        for cls in (AsyncTelnyxAccess, TelnyxAccess):
            with pytest.raises(kind, match="max_response_size"):
                cls(api_key="k", max_response_size=bad)


@pytest.mark.anyio
async def test_a_large_body_is_parsed_off_the_event_loop(
    hostile: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body of 1 MiB and more is parsed on a worker thread, so the loop keeps running."""
    import telnyx_access._parsers as parsers_module  # noqa: PLC0415

    threads: list[threading.Thread] = []
    loads = parsers_module.loads

    def spying_loads(content: bytes) -> Any:
        threads.append(threading.current_thread())
        return loads(content)

    monkeypatch.setattr(parsers_module, "loads", spying_loads)
    parsers_module.enveloped.cache_clear()
    try:
        async with AsyncTelnyxAccess(api_key="k", base_url=hostile.base_url) as client:
            await client.billing_groups.retrieve("1000")
            await client.billing_groups.retrieve(str(2 * MIB))
    finally:
        parsers_module.enveloped.cache_clear()
    assert threads[0] is threading.current_thread()  # small: parsed where it arrived
    assert threads[1] is not threading.current_thread()


@pytest.mark.timeout(240)
def test_1000_dropped_blocking_clients_are_cleaned_up(seeded_fake: FakeTelnyx) -> None:
    """1,000 blocking clients used once and dropped unclosed: threads and fds back at baseline."""
    ident = seeded_group_id(seeded_fake)
    settings = client_settings(seeded_fake)
    fds_before, threads_before = open_fds(), live_threads()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for number in range(1000):
            client = TelnyxAccess(**settings)
            assert client.billing_groups.retrieve(ident).id == ident
            del client
            if number % 50 == 49:
                gc.collect()
        gc.collect()
        # The finaliser hands each shutdown to its loop: the threads end right after.
        wait_until(lambda: live_threads() <= threads_before, "the dropped clients' threads")
        wait_until(lambda: open_fds() <= fds_before, "the dropped clients' sockets")
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert len(unclosed) == 1000
    assert "was not closed" in str(unclosed[0].message)


def test_a_dropped_walk_keeps_its_client_alive(seeded_fake: FakeTelnyx) -> None:
    """A page outlives the client it came from: walking it still works, then all is freed."""
    threads_before = live_threads()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = TelnyxAccess(**client_settings(seeded_fake)).billing_groups.list(page_size=2)
        gc.collect()
        names = [group.name for group in page]
        assert len(names) == len(seeded_groups(seeded_fake))
        del page
        gc.collect()
        wait_until(lambda: live_threads() <= threads_before, "the client's thread to end")
    assert sum(issubclass(w.category, ResourceWarning) for w in caught) == 1


def test_a_closed_blocking_client_warns_nothing_when_dropped(seeded_fake: FakeTelnyx) -> None:
    """close() (or with) detaches the finaliser: no ResourceWarning when collected later."""
    ident = seeded_group_id(seeded_fake)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = TelnyxAccess(**client_settings(seeded_fake))
        client.billing_groups.retrieve(ident)
        client.close()
        del client
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


REFUSED = [chr(code) for code in range(0x20) if code != 0x09] + ["\x7f", "é", "\u2028"]
"""Every control character but tab, DEL, and text beyond ASCII: none may go in a header."""


@pytest.mark.parametrize("kind", KINDS)
def test_bad_header_values_in_client_settings_are_refused(
    seeded_fake: FakeTelnyx, kind: str
) -> None:
    """api_key and default_headers holding any refused character: ValueError naming it."""
    cls = TelnyxAccess if kind == "blocking" else AsyncTelnyxAccess
    base_url = seeded_fake.base_url
    for char in REFUSED:
        with pytest.raises(ValueError, match="api_key must be printable ASCII"):
            cls(api_key=f"key{char}", base_url=base_url)
        with pytest.raises(ValueError, match=r"default_headers\['X-Team'\] must be printable"):
            cls(api_key="key", base_url=base_url, default_headers={"X-Team": f"a{char}b"})
    with pytest.raises(ValueError, match="default_headers has an invalid header name"):
        cls(api_key="key", base_url=base_url, default_headers={"X Team": "a"})
    assert seeded_fake.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_bad_header_values_per_call_are_refused_before_sending(
    seeded_fake: FakeTelnyx, kind: str
) -> None:
    """extra_headers and idempotency_key holding a refused character: ValueError, no request."""
    ident = seeded_group_id(seeded_fake)

    def calls(client: Any, char: str) -> list[tuple[str, Any]]:
        groups = client.billing_groups
        return [
            (
                r"extra_headers\['X-Note'\] must be printable",
                lambda: groups.retrieve(ident, extra_headers={"X-Note": f"a{char}"}),
            ),
            (
                "idempotency_key must be printable",
                lambda: groups.create(name="n", idempotency_key=f"key{char}"),
            ),
        ]

    if kind == "blocking":

        def scenario(client: Any) -> None:
            for char in REFUSED:
                for match, call in calls(client, char):
                    with pytest.raises(ValueError, match=match):
                        call()

    else:

        async def scenario(client: Any) -> None:  # type: ignore[misc]
            for char in REFUSED:
                for match, call in calls(client, char):
                    with pytest.raises(ValueError, match=match):
                        await call()

    ClientRunner(kind, seeded_fake).call(scenario)
    assert seeded_fake.count() == 0


def test_tab_and_printable_ascii_are_sent_as_given(seeded_fake: FakeTelnyx) -> None:
    """A tab inside a value and every printable ASCII character reach the server unchanged."""
    ident = seeded_group_id(seeded_fake)
    value = "a\tb " + "".join(chr(code) for code in range(0x21, 0x7F))
    ClientRunner("blocking", seeded_fake).call(
        lambda client: client.billing_groups.retrieve(ident, extra_headers={"X-Note": value})
    )
    assert seeded_fake.requests[-1].headers["X-Note"] == value


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("spelling", ["idempotency-key", "IDEMPOTENCY-KEY", "Idempotency-Key"])
def test_an_idempotency_key_in_any_spelling_makes_a_post_retried(
    seeded_fake: FakeTelnyx, kind: str, spelling: str
) -> None:
    """A POST whose extra_headers carry the key in any spelling is retried on 503, key sent once."""
    seeded_fake.inject(503, times=1, method="POST", path="/billing_groups")
    group = ClientRunner(kind, seeded_fake).call(
        lambda client: client.billing_groups.create(name="n", extra_headers={spelling: "k-7"})
    )
    assert group.name == "n"
    posts = [r for r in seeded_fake.requests if r.method == "POST"]
    assert len(posts) == 2
    for post in posts:
        keys = [name for name in post.headers if name.lower() == "idempotency-key"]
        assert len(keys) == 1
        assert post.headers[keys[0]] == "k-7"


@pytest.mark.parametrize("method", ["GET", "DELETE", "PATCH"])
@pytest.mark.parametrize("max_retries", [0, 2])
def test_a_callers_session_makes_as_many_attempts_as_ours(
    seeded_fake: FakeTelnyx, method: str, max_retries: int
) -> None:
    """On connections dropped after sending, both clients and a caller's session try 1 + retries."""
    ident = seeded_group_id(seeded_fake)
    seeded_fake.inject(None, times=1000, method=method, path="/billing_groups/.*", drop=True)

    def call(client: Any) -> Any:
        groups = client.billing_groups
        if method == "GET":
            return groups.retrieve(ident)
        if method == "DELETE":
            return groups.delete(ident)
        return groups.update(ident, name="m")

    settings = client_settings(seeded_fake, max_retries=max_retries)
    counts = []
    for kind in KINDS:
        before = seeded_fake.count()
        with pytest.raises(APIConnectionError) as caught:
            ClientRunner(kind).call(call, **settings)
        assert caught.value.sent
        counts.append(seeded_fake.count() - before)

    async def with_own_session() -> None:
        async with (
            aiohttp.ClientSession() as session,
            AsyncTelnyxAccess(**settings, session=session) as client,
        ):
            await call(client)

    before = seeded_fake.count()
    with pytest.raises(APIConnectionError):
        asyncio.run(with_own_session())
    counts.append(seeded_fake.count() - before)
    assert counts == [1 + max_retries] * 3


@pytest.mark.parametrize("kind", KINDS)
def test_a_large_error_body_keeps_its_status(kind: str) -> None:
    """A 503 with a body past max_response_size is InternalServerError, its body cut, retried."""
    with FakeTelnyx() as fake:
        big = {"errors": [{"code": "10001", "title": "down", "detail": "x" * 5000}]}
        fake.inject(503, times=3, method="GET", body=big)
        runner = ClientRunner(kind, fake, max_response_size=1000, max_retries=2)
        with pytest.raises(InternalServerError) as caught:
            runner.call(lambda client: client.billing_groups.retrieve("g1"))
    assert caught.value.status_code == 503
    assert len(caught.value.body) == 1000
    assert caught.value.attempts == 3


@pytest.mark.parametrize("kind", KINDS)
def test_a_proxy_refusing_a_tunnel_never_shows_its_password(kind: str) -> None:
    """A proxy answering CONNECT with 407: APIConnectionError, no password in it or its chain."""
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def refuse() -> None:
            with contextlib.suppress(OSError):
                while True:
                    peer, _ = listener.accept()
                    with peer:
                        peer.recv(65536)
                        peer.sendall(
                            b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                            b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                        )

        threading.Thread(target=refuse, daemon=True).start()
        proxy = f"http://user:hunter2@127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(APIConnectionError) as caught:
            ClientRunner(kind).call(
                lambda client: client.billing_groups.retrieve("g1"),
                api_key="k",
                base_url="https://api.telnyx.example/v2",
                proxy=proxy,
                max_retries=0,
            )
    shown = "".join(traceback.format_exception(caught.value))
    assert "407" in str(caught.value)
    assert "hunter2" not in shown
