"""Hostile input: ids and strings cannot reshape a request; bad values never reach the network.

What the fake received is the ground truth: ``RecordedRequest.raw_path`` is the path as
sent (percent-encoded), ``path`` the decoded one. An id must occupy exactly its one
segment of ``raw_path`` and decode back to itself; the headers must be the ones a plain
id gets. One FakeTelnyx serves all the examples of a test.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import aiohttp
import pytest
import yarl
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains

from telnyx_access import (
    APIStatusError,
    AsyncTelnyxAccess,
    NotFoundError,
    TelnyxAccess,
    TelnyxAccessError,
)
from telnyx_access.testing import FakeTelnyx, RecordedRequest

from .. import payloads as p
from ..clients import KINDS, ClientRunner, client_settings

EXAMPLES = settings(max_examples=40, deadline=None, database=None)

Method = Callable[[Any, Any], Any]
PATH_METHODS: dict[str, tuple[Method, str, str]] = {
    "billing_groups.retrieve": (
        lambda c, i: c.billing_groups.retrieve(i),
        "GET",
        "/v2/billing_groups/{}",
    ),
    "billing_groups.update": (
        lambda c, i: c.billing_groups.update(i, name="n"),
        "PATCH",
        "/v2/billing_groups/{}",
    ),
    "billing_groups.delete": (
        lambda c, i: c.billing_groups.delete(i),
        "DELETE",
        "/v2/billing_groups/{}",
    ),
    "addresses.retrieve": (lambda c, i: c.addresses.retrieve(i), "GET", "/v2/addresses/{}"),
    "addresses.delete": (lambda c, i: c.addresses.delete(i), "DELETE", "/v2/addresses/{}"),
    "addresses.actions.accept_suggestions": (
        lambda c, i: c.addresses.actions.accept_suggestions(i),
        "POST",
        "/v2/addresses/{}/actions/accept_suggestions",
    ),
    "access_ip_address.retrieve": (
        lambda c, i: c.access_ip_address.retrieve(i),
        "GET",
        "/v2/access_ip_address/{}",
    ),
    "access_ip_address.delete": (
        lambda c, i: c.access_ip_address.delete(i),
        "DELETE",
        "/v2/access_ip_address/{}",
    ),
    "authentication_providers.retrieve": (
        lambda c, i: c.authentication_providers.retrieve(i),
        "GET",
        "/v2/authentication_providers/{}",
    ),
    "authentication_providers.update": (
        lambda c, i: c.authentication_providers.update(i, active=False),
        "PATCH",
        "/v2/authentication_providers/{}",
    ),
    "authentication_providers.delete": (
        lambda c, i: c.authentication_providers.delete(i),
        "DELETE",
        "/v2/authentication_providers/{}",
    ),
    "integration_secrets.delete": (
        lambda c, i: c.integration_secrets.delete(i),
        "DELETE",
        "/v2/integration_secrets/{}",
    ),
    "telephony_credentials.create_token": (
        lambda c, i: c.telephony_credentials.create_token(i),
        "POST",
        "/v2/telephony_credentials/{}/token",
    ),
}

NASTY = "/.%?#&;=+ \\\r\n\t\x00\x7f:@[]'\"<>{}|^`~ü€🙂\u202e\ufeff"
IDS = st.one_of(
    st.text(min_size=1, max_size=200),
    st.text(alphabet=st.sampled_from(NASTY), min_size=1, max_size=30),
    st.text(alphabet=st.sampled_from("./%"), min_size=1, max_size=8),
).filter(lambda text: text.strip() != "")


def no_retries(kind: str, fake: FakeTelnyx) -> ClientRunner:
    """Clients of ``kind`` talking to ``fake`` that show every answer as it comes."""
    return ClientRunner(kind, fake, max_retries=0)


def call(kind: str, fake: FakeTelnyx, method: Method, argument: Any) -> Any:
    """``method(client, argument)`` on a fresh client of ``kind``."""
    return no_retries(kind, fake).call(lambda client: method(client, argument))


def headers_of(request: RecordedRequest) -> dict[str, str]:
    """The request's headers, names lower-cased."""
    return {name.lower(): value for name, value in request.headers.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_ids_stay_one_path_segment(kind: str) -> None:
    """Any id fills exactly its own path segment, decodes back to itself, and adds no header."""
    with FakeTelnyx() as fake:
        baseline: dict[str, dict[str, str]] = {}
        for name, (method, _, _) in PATH_METHODS.items():
            with pytest.raises(NotFoundError):
                call(kind, fake, method, "plain-id")
            baseline[name] = headers_of(fake.requests[-1])

        @EXAMPLES
        @given(ident=IDS, name=st.sampled_from(sorted(PATH_METHODS)))
        @example(ident="../../billing_groups", name="billing_groups.delete")
        @example(ident="..", name="billing_groups.retrieve")
        @example(ident=".", name="addresses.retrieve")
        @example(ident="a/b", name="telephony_credentials.create_token")
        @example(ident="x?page[size]=1#", name="access_ip_address.retrieve")
        @example(ident="%2F..%2F", name="integration_secrets.delete")
        @example(ident="id\r\nX-Injected: 1", name="authentication_providers.update")
        @example(ident="🙂/ü/€", name="addresses.actions.accept_suggestions")
        def check(ident: str, name: str) -> None:
            method, verb, template = PATH_METHODS[name]
            before = len(fake.requests)
            with pytest.raises(NotFoundError):
                call(kind, fake, method, ident)
            assert len(fake.requests) == before + 1
            request = fake.requests[-1]
            expected = template.split("/")
            sent = request.raw_path.split("/")
            assert len(sent) == len(expected)
            slot = expected.index("{}")
            assert [s for i, s in enumerate(sent) if i != slot] == [
                s for i, s in enumerate(expected) if i != slot
            ]
            assert unquote(sent[slot], errors="strict") == ident
            assert request.method == verb
            assert request.path == template.format(ident)
            assert headers_of(request) == baseline[name]

        check()


@pytest.mark.anyio
@pytest.mark.parametrize("ident", ["x" * 10_000, "../" * 3_334, "🙂/\r\n" * 2_500])
async def test_10000_character_ids_stay_one_segment_on_the_wire(ident: str) -> None:
    """A 10,000-character id is sent as one encoded segment (seen by an aiohttp trace)."""
    urls: list[yarl.URL] = []

    async def on_request_start(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
        urls.append(params.url)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    async with (
        FakeTelnyx() as fake,
        aiohttp.ClientSession(trace_configs=[trace]) as session,
        AsyncTelnyxAccess(**client_settings(fake, max_retries=0), session=session) as client,
    ):
        # The fake's HTTP parser refuses request lines over 8 KiB (aiohttp answers 400),
        # which is fine: what matters is what the client put on the wire.
        with pytest.raises(TelnyxAccessError):
            await client.billing_groups.retrieve(ident)
        assert fake.requests == []
    assert len(urls) == 1
    segments = urls[0].raw_path.split("/")
    assert segments[:3] == ["", "v2", "billing_groups"]
    assert len(segments) == 4
    assert unquote(segments[3]) == ident


@pytest.mark.parametrize("kind", KINDS)
def test_strings_in_bodies_arrive_intact(kind: str) -> None:
    """Any name (CR/LF, unicode, 10,000 characters) arrives as sent, in the body only."""
    with FakeTelnyx() as fake:
        runner = no_retries(kind, fake)
        runner.call(lambda c: c.billing_groups.create(name="plain"))
        baseline = headers_of(fake.requests[-1])
        baseline.pop("content-length")

        @EXAMPLES
        @given(name=st.one_of(st.text(max_size=300), st.text(st.sampled_from(NASTY))))
        @example(name="x" * 10_000)
        @example(name="ü🙂\r\nX-Injected: 1\r\n\r\n" * 500)
        def check(name: str) -> None:
            group = runner.call(lambda c: c.billing_groups.create(name=name))
            assert group.name == name
            request = fake.requests[-1]
            assert (request.method, request.raw_path) == ("POST", "/v2/billing_groups")
            assert request.query == ()
            assert request.json() == {"name": name}
            headers = headers_of(request)
            assert int(headers.pop("content-length")) == len(request.body)
            assert headers == baseline

        check()


@pytest.mark.parametrize("kind", KINDS)
def test_strings_in_queries_arrive_intact(kind: str) -> None:
    """Any filter value or extra query value arrives decoded as given, path and headers intact."""
    with FakeTelnyx() as fake:
        runner = no_retries(kind, fake)
        runner.call(lambda c: c.access_ip_address.list())
        baseline = headers_of(fake.requests[-1])

        @EXAMPLES
        @given(
            value=st.one_of(st.text(max_size=300), st.text(st.sampled_from(NASTY))),
            key=st.text(min_size=1, max_size=20).filter(lambda k: "[" not in k and "]" not in k),
        )
        @example(value="a&page[size]=1", key="k")
        @example(value="x\r\nX-Injected: 1", key="y=1&z")
        @example(value="%2F%00+ ", key="ü")
        def check(value: str, key: str) -> None:
            runner.call(
                lambda c: c.access_ip_address.list(
                    filter={"ip_address": value}, extra_query={key: value}
                )
            )
            request = fake.requests[-1]
            assert (request.method, request.raw_path) == ("GET", "/v2/access_ip_address")
            assert list(request.query) == [("filter[ip_address]", value), (key, value)]
            assert headers_of(request) == baseline

        check()


NOT_STRINGS = st.one_of(
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@pytest.mark.parametrize("kind", KINDS)
def test_ids_of_the_wrong_type_are_refused_before_sending(kind: str) -> None:
    """An id that is not a str raises TypeError naming it, and nothing reaches the server."""
    with FakeTelnyx() as fake:

        @EXAMPLES
        @given(ident=NOT_STRINGS, name=st.sampled_from(sorted(PATH_METHODS)))
        def check(ident: Any, name: str) -> None:
            method = PATH_METHODS[name][0]
            with pytest.raises(TypeError, match="id"):
                call(kind, fake, method, ident)

        check()
        assert fake.requests == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("blank", ["", " ", "\t\r\n", "\u3000"])
def test_blank_ids_are_refused_before_sending(kind: str, blank: str) -> None:
    """An empty or blank id raises ValueError before anything is sent."""
    with FakeTelnyx() as fake:
        for name, (method, _, _) in PATH_METHODS.items():
            with pytest.raises(ValueError, match="id"):
                call(kind, fake, method, blank)
            assert fake.requests == [], name


@pytest.mark.parametrize("kind", KINDS)
def test_page_numbers_out_of_range_are_refused_before_sending(kind: str) -> None:
    """page_size outside 1..250 or page_number below 1: ValueError, nothing sent."""
    with FakeTelnyx() as fake:

        @EXAMPLES
        @given(
            size=st.one_of(st.integers(max_value=0), st.integers(min_value=251)),
            number=st.integers(max_value=0),
        )
        def check(size: int, number: int) -> None:
            with pytest.raises(ValueError, match="page_size"):
                call(kind, fake, lambda c, s: c.billing_groups.list(page_size=s), size)
            with pytest.raises(ValueError, match="page_number"):
                call(kind, fake, lambda c, n: c.addresses.list(page_number=n), number)

        check()
        assert fake.requests == []


BAD_CALLS: dict[str, tuple[Callable[[Any], Any], type[Exception]]] = {
    "page_size bool": (lambda c: c.billing_groups.list(page_size=True), TypeError),
    "page_size str": (lambda c: c.billing_groups.list(page_size="5"), TypeError),
    "page_size float": (lambda c: c.billing_groups.list(page_size=2.0), TypeError),
    "prefetch 33": (lambda c: c.billing_groups.list(prefetch=33), ValueError),
    "prefetch -1": (lambda c: c.billing_groups.list(prefetch=-1), ValueError),
    "name int": (lambda c: c.billing_groups.create(name=5), TypeError),
    "filter str": (lambda c: c.access_ip_address.list(filter="x"), TypeError),
    "sort unknown": (lambda c: c.addresses.list(sort="; DROP TABLE"), ValueError),
    "provider sort": (lambda c: c.authentication_providers.list(sort="-bogus"), ValueError),
    "secret type": (
        lambda c: c.integration_secrets.create(identifier="i", type="oauth", token="t"),
        ValueError,
    ),
    "bearer without token": (
        lambda c: c.integration_secrets.create(identifier="i", type="bearer"),
        ValueError,
    ),
    "basic without password": (
        lambda c: c.integration_secrets.create(identifier="i", type="basic", username="u"),
        ValueError,
    ),
    "ip address": (lambda c: c.access_ip_address.create(ip_address="999.1.1.1"), ValueError),
    "country code": (
        lambda c: c.addresses.create(**{**p.NEW_ADDRESS, "country_code": "USA"}),
        ValueError,
    ),
    "active int": (lambda c: c.authentication_providers.update("p", active=1), TypeError),
    "timeout 0": (lambda c: c.billing_groups.retrieve("x", timeout=0), ValueError),
    "timeout nan": (lambda c: c.billing_groups.retrieve("x", timeout=math.nan), ValueError),
    "timeout str": (lambda c: c.billing_groups.retrieve("x", timeout="1"), TypeError),
    "header CRLF": (
        lambda c: c.billing_groups.retrieve("x", extra_headers={"X-A": "1\r\nX-B: 2"}),
        ValueError,
    ),
    "header name CRLF": (
        lambda c: c.billing_groups.retrieve("x", extra_headers={"X-A\r\nX-B": "2"}),
        ValueError,
    ),
    "header int": (lambda c: c.billing_groups.retrieve("x", extra_headers={"X-A": 1}), TypeError),
    "extra_query str": (lambda c: c.billing_groups.retrieve("x", extra_query="a=b"), TypeError),
    "extra_body list": (lambda c: c.billing_groups.create(extra_body=["x"]), TypeError),
    "idempotency key blank": (
        lambda c: c.billing_groups.create(name="n", idempotency_key=" "),
        ValueError,
    ),
    "idempotency key CRLF": (
        lambda c: c.billing_groups.create(name="n", idempotency_key="a\r\nX-B: 1"),
        ValueError,
    ),
    "idempotency key on GET": (
        lambda c: c.billing_groups.retrieve("x", idempotency_key="k"),
        TypeError,
    ),
    "unknown option": (lambda c: c.billing_groups.retrieve("x", retries=3), TypeError),
    "query value object": (
        lambda c: c.access_ip_address.list(filter={"ip_address": object()}),
        TypeError,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_arguments_are_refused_before_sending(
    seeded_runner: ClientRunner, case: str, seeded_fake: FakeTelnyx
) -> None:
    """Wrong types and out-of-range values raise ValueError/TypeError; the server sees nothing."""
    scenario, error = BAD_CALLS[case]
    with pytest.raises(error):
        seeded_runner.call(scenario)
    assert seeded_fake.requests == []


BAD_SETTINGS: dict[str, tuple[dict[str, Any], type[Exception]]] = {
    "api_key int": ({"api_key": 12345}, TypeError),
    "api_key CRLF": ({"api_key": "key\r\nX-Injected: 1"}, ValueError),
    "api_key LF": ({"api_key": "key\nmore"}, ValueError),
    "timeout -1": ({"timeout": -1}, ValueError),
    "timeout inf": ({"timeout": math.inf}, ValueError),
    "max_retries -1": ({"max_retries": -1}, ValueError),
    "max_retries float": ({"max_retries": 1.5}, TypeError),
    "max_retries bool": ({"max_retries": True}, TypeError),
    "default_headers CRLF": ({"default_headers": {"X": "a\r\nb"}}, ValueError),
    "default_headers list": ({"default_headers": [("X", "a")]}, TypeError),
    "base_url int": ({"base_url": 443}, TypeError),
    "base_url ftp": ({"base_url": "ftp://127.0.0.1/v2"}, ValueError),
}


@pytest.mark.parametrize("cls", [AsyncTelnyxAccess, TelnyxAccess])
@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_settings_are_refused_by_the_constructor(
    cls: type[Any], case: str, seeded_fake: FakeTelnyx
) -> None:
    """Bad constructor values raise ValueError/TypeError naming the setting; nothing is sent."""
    overrides, error = BAD_SETTINGS[case]
    setting = case.split(maxsplit=1)[0]
    with pytest.raises(error, match=setting):
        cls(**client_settings(seeded_fake, **overrides))
    assert seeded_fake.requests == []


PLAIN_HTTP_HOSTS = [
    "api.telnyx.com",
    "example.com",
    "localhost.example.com",
    "127.0.0.1.nip.io",
    "10.0.0.1",
    "0.0.0.0",  # noqa: S104 - a URL to refuse, not an address to bind
    "192.168.1.10",
    "[2001:db8::1]",
    "[::]",
    "127.0.0.1@evil.example",
    "evil.example#@127.0.0.1",
]


@pytest.mark.parametrize("cls", [AsyncTelnyxAccess, TelnyxAccess])
@pytest.mark.parametrize("host", PLAIN_HTTP_HOSTS)
def test_plain_http_to_other_hosts_is_refused(
    cls: type[Any], host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """http:// to a non-loopback host is refused, whether passed or from TELNYX_BASE_URL."""
    url = f"http://{host}/v2"
    with pytest.raises(ValueError, match="https"):
        cls(api_key="k", base_url=url)
    monkeypatch.setenv("TELNYX_BASE_URL", url)
    with pytest.raises(ValueError, match="https"):
        cls(api_key="k")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "[::1]", "127.0.0.1:9"]
)
def test_plain_http_to_loopback_is_allowed(host: str) -> None:
    """http:// to a loopback host is accepted (that is how the fake and tests run)."""
    assert AsyncTelnyxAccess(api_key="k", base_url=f"http://{host}/v2").base_url.startswith(
        f"http://{host}"
    )
    client = TelnyxAccess(api_key="k", base_url=f"http://{host}/v2")
    client.close()
    assert client.base_url == f"http://{host}/v2"


@settings(max_examples=100, deadline=None, database=None)
@given(host=st.one_of(domains(), st.ip_addresses(v=4).map(str)))
def test_plain_http_to_any_non_loopback_host_is_refused(host: str) -> None:
    """For generated domains and IPv4 addresses, http:// is refused unless loopback."""
    url = f"http://{host}/v2"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host.lower() == "localhost"
    if loopback:
        assert AsyncTelnyxAccess(api_key="k", base_url=url).base_url == url
    else:
        with pytest.raises(ValueError, match="https"):
            AsyncTelnyxAccess(api_key="k", base_url=url)


AUTHORITY_PARTS = ["evil.example", "127.0.0.1", "localhost", "@", "\\", "#", "?", ":80", "%40"]


@settings(max_examples=200, deadline=None, database=None)
@given(parts=st.lists(st.sampled_from(AUTHORITY_PARTS), min_size=1, max_size=5))
def test_accepted_plain_http_urls_point_at_loopback(parts: list[str]) -> None:
    """Whatever http:// URL the check accepts, aiohttp's URL parser (yarl) sees loopback too."""
    url = "http://" + "".join(parts) + "/v2"
    try:
        client = AsyncTelnyxAccess(api_key="k", base_url=url)
    except ValueError:
        return
    try:
        host = yarl.URL(client.base_url).host
    except ValueError:
        return  # yarl refuses the URL outright: nothing can be sent anywhere
    assert host in {"127.0.0.1", "localhost"}, (url, host)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("verb", ["GET", "POST"])
def test_redirects_to_another_host_are_not_followed(
    client_kind: str, status: int, verb: str
) -> None:
    """A 3xx pointing at another server is raised as APIStatusError; that server sees nothing."""
    with FakeTelnyx(seed=True) as first, FakeTelnyx(api_key=first.api_key) as second:
        location = f"{second.base_url}/billing_groups"
        first.inject(status, headers={"Location": location})
        if verb == "GET":
            scenario = lambda client: client.billing_groups.list()  # noqa: E731
        else:
            scenario = lambda client: client.billing_groups.create(name="x")  # noqa: E731
        with pytest.raises(APIStatusError) as caught:
            ClientRunner(client_kind, first).call(scenario)
        assert second.requests == []
        assert len(first.requests) == 1
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == status
    assert caught.value.headers["Location"] == location
    assert caught.value.attempts == 1
