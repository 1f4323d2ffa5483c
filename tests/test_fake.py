"""FakeTelnyx: the fake API's behaviour, its fault injection and its request log."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator

import aiohttp
import attrs
import pytest

from telnyx_access import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncTelnyxAccess,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    TelnyxAccess,
    UnprocessableEntityError,
)
from telnyx_access.testing import (
    SAMPLE_CREDENTIAL_ID,
    SAMPLE_SUGGESTION_ID,
    Exchange,
    FakeTelnyx,
    observe_exchanges,
)
from telnyx_access.testing._server import NOMINAL_RATE_LIMIT

from .conformance import spec_checker, violation


@pytest.fixture
def fake(telnyx_fake: FakeTelnyx) -> FakeTelnyx:
    """The plugin's fake: sample data, on its own thread."""
    return telnyx_fake


@pytest.fixture
def client(fake: FakeTelnyx) -> Iterator[TelnyxAccess]:
    """A blocking client for ``fake`` that does not retry, so faults show directly."""
    with TelnyxAccess(fake.api_key, base_url=fake.base_url, max_retries=0) as blocking:
        yield blocking


def test_base_url_needs_a_running_fake() -> None:
    """base_url is only available while the fake runs, and then ends in /v2 on loopback."""
    fake = FakeTelnyx()
    with pytest.raises(RuntimeError, match="not running"):
        _ = fake.base_url
    with fake:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v2", fake.base_url)


@pytest.mark.anyio
async def test_runs_inside_an_event_loop() -> None:
    """``async with FakeTelnyx()`` serves from the running loop."""
    async with (
        FakeTelnyx(api_key="k-1", seed=True) as fake,
        AsyncTelnyxAccess("k-1", base_url=fake.base_url) as client,
    ):
        names = [group.name async for group in client.billing_groups.list()]
    assert names == ["Operations", "Sales", "Support", "Research"]


def test_requests_without_the_key_get_401(fake: FakeTelnyx) -> None:
    """A wrong bearer key is refused with a Telnyx-style error."""
    with (
        TelnyxAccess("wrong-key", base_url=fake.base_url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.billing_groups.list()
    assert caught.value.errors[0].code == "10009"


def test_billing_group_lifecycle(client: TelnyxAccess) -> None:
    """Create, rename, list and delete a group; afterwards it is gone (404, integer code)."""
    group = client.billing_groups.create(name="ops")
    assert uuid.UUID(group.id or "")
    assert group.created_at is not None
    assert group.created_at.tzinfo is not None
    renamed = client.billing_groups.update(group.id or "", name="platform")
    assert renamed.name == "platform"
    assert group.id in [g.id for g in client.billing_groups.list()]
    deleted = client.billing_groups.delete(group.id or "")
    assert deleted.deleted_at is not None
    with pytest.raises(NotFoundError) as caught:
        client.billing_groups.retrieve(group.id or "")
    assert caught.value.errors[0].code == "10005"
    assert json.loads(caught.value.body)["errors"][0]["code"] == 10005


def test_access_ip_lifecycle_and_filters(client: TelnyxAccess) -> None:
    """Allowed IPs are bare objects, pending when new, and filterable by address."""
    created = client.access_ip_address.create(ip_address="192.0.2.10", description="ci")
    assert (created.status, created.source) == ("pending", "api")
    assert client.access_ip_address.retrieve(created.id) == created
    found = client.access_ip_address.list(filter={"ip_address": "192.0.2.10"})
    assert [ip.id for ip in found.data] == [created.id]
    assert client.access_ip_address.delete(created.id).id == created.id
    with pytest.raises(NotFoundError):
        client.access_ip_address.delete(created.id)


def test_address_lifecycle_with_int64_ids(client: TelnyxAccess) -> None:
    """Addresses get int64 ids as strings and can be filtered and sorted."""
    address = client.addresses.create(
        first_name="Ada",
        last_name="Lovelace",
        business_name="Engines Ltd",
        street_address="12 Marylebone Road",
        locality="London",
        country_code="GB",
        customer_reference="ADA-1",
    )
    assert (address.id or "").isdigit()
    assert (address.address_book, address.validate_address) == (True, True)
    found = client.addresses.list(filter={"customer_reference": {"contains": "ada"}})
    assert [a.id for a in found.data] == [address.id]
    by_name = [a.last_name for a in client.addresses.list(sort="last_name")]
    assert by_name == sorted(by_name)
    client.addresses.delete(address.id or "")
    with pytest.raises(NotFoundError):
        client.addresses.retrieve(address.id or "")


def test_address_validation_answers_valid_or_invalid(client: TelnyxAccess) -> None:
    """A plausible street validates with a normalised suggestion; a bare name does not."""
    valid = client.addresses.actions.validate(
        country_code="us", postal_code="78701", street_address="600   Congress Avenue"
    )
    assert (valid.result, valid.errors) == ("valid", None)
    assert (valid.suggested.street_address, valid.suggested.country_code) == (
        "600 Congress Avenue",
        "US",
    )
    invalid = client.addresses.actions.validate(
        country_code="US", postal_code="78701", street_address="Congress"
    )
    assert invalid.result == "invalid"
    assert invalid.errors is not None
    assert invalid.errors[0].code == "20207"


def test_accept_suggestions_202_then_200_and_404(client: TelnyxAccess) -> None:
    """The first acceptance answers 202, the next 200; an unknown address 404."""
    raw = client.addresses.actions.with_raw_response
    assert raw.accept_suggestions(SAMPLE_SUGGESTION_ID).status_code == 202
    again = raw.accept_suggestions(SAMPLE_SUGGESTION_ID)
    assert again.status_code == 200
    assert again.parse().accepted is True
    with pytest.raises(NotFoundError) as caught:
        client.addresses.actions.accept_suggestions(str(uuid.uuid4()))
    assert caught.value.errors[0].meta is not None


def test_authentication_provider_lifecycle(client: TelnyxAccess) -> None:
    """Providers keep their settings, gain service-provider URLs, and sort by name."""
    settings = {
        "idp_entity_id": "https://idp.example/metadata",
        "idp_sso_target_url": "https://idp.example/sso",
        "idp_cert_fingerprint": "AA:BB",
    }
    created = client.authentication_providers.create(
        name="Example IdP", short_name="example", settings=settings
    )
    assert created.settings is not None
    assert created.settings.idp_cert_fingerprint_algorithm == "sha1"
    assert created.settings.service_provider_login_url == "https://api.telnyx.com/sso/example"
    updated = client.authentication_providers.update(created.id or "", active=False)
    assert updated.active is False
    names = [p.name for p in client.authentication_providers.list(sort="name")]
    assert names == sorted(names)
    client.authentication_providers.delete(created.id or "")
    with pytest.raises(NotFoundError):
        client.authentication_providers.retrieve(created.id or "")


def test_secrets_never_come_back(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """A secret is created (201), listed by type without its value, and deleted (204)."""
    created = client.integration_secrets.create(identifier="hook", type="bearer", token="tok-9")
    bearer = [s.identifier for s in client.integration_secrets.list(filter={"type": "bearer"})]
    assert "hook" in bearer
    assert b"tok-9" not in b"".join(e.body for e in fake.exchanges)
    assert client.integration_secrets.delete(created.id) is None
    with pytest.raises(NotFoundError):
        client.integration_secrets.delete(created.id)


def test_tokens_are_jwt_shaped(client: TelnyxAccess) -> None:
    """create_token answers a three-part JWT naming the credential; unknown ids get 404."""
    token = client.telephony_credentials.create_token(SAMPLE_CREDENTIAL_ID)
    header, payload, signature = token.split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "=="))["alg"] == "HS512"
    assert json.loads(base64.urlsafe_b64decode(payload + "=="))["sub"] == SAMPLE_CREDENTIAL_ID
    assert signature
    with pytest.raises(NotFoundError):
        client.telephony_credentials.create_token("no-such-credential")


def test_pages_carry_meta(client: TelnyxAccess) -> None:
    """Lists page by number and report totals in meta."""
    page = client.addresses.list(page_number=2, page_size=2)
    assert page.meta is not None
    assert (page.meta.page_number, page.meta.page_size) == (2, 2)
    assert (page.meta.total_pages, page.meta.total_results) == (3, 5)
    assert len(page.data) == 2


def test_invalid_bodies_get_422_with_pointer(client: TelnyxAccess) -> None:
    """A body the SDK would refuse, forced through extra_body, gets a Telnyx-style 422."""
    with pytest.raises(UnprocessableEntityError) as caught:
        client.billing_groups.create(extra_body={"name": 5})
    error = caught.value.errors[0]
    assert error.source is not None
    assert error.source.pointer == "/name"
    assert json.loads(caught.value.body)["errors"][0]["code"] == 10015


def test_page_size_over_the_limit_gets_400(client: TelnyxAccess) -> None:
    """page[size] above 250, forced through extra_query, gets a 400."""
    with pytest.raises(BadRequestError):
        client.billing_groups.list(extra_query={"page": {"size": 500}})


def test_every_answer_has_rate_limit_headers_and_a_request_id(
    fake: FakeTelnyx, client: TelnyxAccess
) -> None:
    """x-ratelimit-* and x-request-id come with every answer, errors included."""
    client.billing_groups.list()
    with pytest.raises(NotFoundError):
        client.billing_groups.retrieve("missing")
    for exchange in fake.exchanges:
        assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(
            exchange.headers
        )
        assert exchange.headers["x-request-id"]
    assert client.rate_limit is not None
    assert client.rate_limit.remaining == NOMINAL_RATE_LIMIT.limit - 2


def test_requests_are_recorded(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """Method, decoded and raw path, query pairs, raw query, headers and body are kept."""
    client.billing_groups.list(page_size=3)
    client.billing_groups.create(name="ops")
    listed, created = fake.requests
    assert (listed.method, listed.path, listed.query) == (
        "GET",
        "/v2/billing_groups",
        (("page[size]", "3"),),
    )
    assert listed.raw_query == "page[size]=3"
    assert listed.param("page[size]") == "3"
    assert created.json() == {"name": "ops"}
    assert created.headers["Authorization"] == f"Bearer {fake.api_key}"
    assert fake.count("POST", "/billing_groups") == 1


def test_injected_status_and_headers(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """A fault answers the next matching request with its status and headers, then stops."""
    fake.inject(429, headers={"Retry-After": "7"}, body={"errors": [{"code": "10011"}]})
    with pytest.raises(RateLimitError) as caught:
        client.billing_groups.list()
    assert caught.value.retry_after == 7
    assert client.billing_groups.list().data


def test_injected_faults_count_down_and_match(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """times limits a fault; method and path restrict which requests it hits."""
    fake.inject(500, times=2, method="GET", path="/billing_groups/.*")
    assert client.billing_groups.list().data  # another path: untouched
    group_id = client.billing_groups.list().data[0].id or ""
    for _ in range(2):
        with pytest.raises(InternalServerError):
            client.billing_groups.retrieve(group_id)
    assert client.billing_groups.retrieve(group_id).id == group_id


def test_injected_delay_makes_the_client_time_out(fake: FakeTelnyx) -> None:
    """A delayed answer longer than the client's timeout raises APITimeoutError."""
    fake.inject(delay=2.0)
    with (
        TelnyxAccess(fake.api_key, base_url=fake.base_url, timeout=0.2, max_retries=0) as client,
        pytest.raises(APITimeoutError),
    ):
        client.billing_groups.list()


def test_injected_drop_and_truncation_break_the_connection(
    fake: FakeTelnyx, client: TelnyxAccess
) -> None:
    """A dropped connection and a truncated body both surface as APIConnectionError."""
    fake.inject(drop=True)
    with pytest.raises(APIConnectionError):
        client.billing_groups.list()
    fake.inject(truncate=True)
    with pytest.raises(APIConnectionError):
        client.billing_groups.list()
    assert fake.count() == 2


def test_injected_non_json_success(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """A 200 with an HTML body is reported as APIResponseValidationError."""
    fake.inject(200, body="<html><body>maintenance</body></html>")
    with pytest.raises(APIResponseValidationError) as caught:
        client.billing_groups.list()
    assert "maintenance" in caught.value.body


def test_injected_html_error_page(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """A proxy's HTML 502 page is an InternalServerError with the page kept as body."""
    fake.inject(502, body="<html><h1>502 Bad Gateway</h1></html>")
    with pytest.raises(InternalServerError) as caught:
        client.billing_groups.list()
    assert caught.value.errors == []
    assert "Bad Gateway" in caught.value.body


def test_clear_faults(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """clear_faults forgets faults not yet used."""
    fake.inject(500, times=5)
    fake.clear_faults()
    assert client.billing_groups.list().data


def test_standalone_server_serves_until_stopped() -> None:
    """``python -m telnyx_access.testing`` serves seeded data on the port it announces."""
    with subprocess.Popen(
        [sys.executable, "-m", "telnyx_access.testing", "--port", "0", "--seed"],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            base_url = re.search(r"http://\S+/v2", line)
            assert base_url is not None, line
            with TelnyxAccess("test-key", base_url=base_url.group(0)) as client:
                assert len(client.billing_groups.list().data) == 4
        finally:
            process.terminate()
            process.wait(10)


def test_conformance_check_catches_a_wrong_answer(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """An answer that breaks the spec (an int id) is reported; the same answer intact is not."""
    openapi = spec_checker()
    client.billing_groups.create(name="ok")
    good = fake.exchanges[-1]
    assert violation(openapi, good) is None
    document = json.loads(good.body)
    document["data"]["id"] = 12345
    bad = attrs.evolve(good, body=json.dumps(document).encode())
    problem = violation(openapi, bad)
    assert problem is not None
    assert "12345" in problem


@pytest.mark.anyio
async def test_aiohttp_can_talk_to_it_directly() -> None:
    """The fake is plain HTTP: any client with the key gets Telnyx-shaped JSON."""
    async with FakeTelnyx(seed=True) as fake, aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        async with session.get(fake.base_url + "/billing_groups", headers=headers) as response:
            document = await response.json()
    assert response.status == 200
    assert document["meta"]["total_results"] == 4


def test_fault_headers_win_over_the_fakes_own(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """A fault may set x-ratelimit-* and Content-Type; the fake does not overwrite them."""
    fake.inject(
        200,
        body='{"data": []}',
        headers={"Content-Type": "application/json", "x-ratelimit-reset": "12"},
    )
    assert client.billing_groups.list().data == []
    assert fake.exchanges[-1].headers["Content-Type"] == "application/json"
    assert client.rate_limit is not None
    assert client.rate_limit.reset == 12


def test_raw_query_is_as_sent(fake: FakeTelnyx, client: TelnyxAccess) -> None:
    """raw_query keeps the percent-encoding the client used; query holds decoded pairs."""
    client.addresses.list(filter={"customer_reference": "a b&c"})
    [request] = fake.requests
    assert request.raw_query == "filter[customer_reference]=a%20b%26c"
    assert request.param("filter[customer_reference]") == "a b&c"


def test_observe_exchanges_sees_the_fakes_made_inside_its_block() -> None:
    """A hook gets the exchanges of fakes made in its block, not those of fakes made after."""
    seen: list[Exchange] = []
    with observe_exchanges(seen.append):
        watched = FakeTelnyx(seed=True)
    unwatched = FakeTelnyx(seed=True)
    assert seen.append in watched.exchange_hooks
    assert seen.append not in unwatched.exchange_hooks
    for running in (unwatched, watched):
        with running, TelnyxAccess(running.api_key, base_url=running.base_url) as client:
            client.billing_groups.list()
    assert [exchange.request.path for exchange in seen] == ["/v2/billing_groups"]
    assert seen == watched.exchanges


def test_observe_exchanges_blocks_nest() -> None:
    """A fake made in nested blocks gets every block's hook, outermost first."""
    outer: list[Exchange] = []
    inner: list[Exchange] = []
    with observe_exchanges(outer.append), observe_exchanges(inner.append):
        both = FakeTelnyx()
    mine = [hook for hook in both.exchange_hooks if hook in (outer.append, inner.append)]
    assert mine == [outer.append, inner.append]


def test_exchange_hooks_belong_to_each_fake() -> None:
    """Hooks live on the instance: adding one to a fake leaves other fakes' lists alone."""
    first, second = FakeTelnyx(), FakeTelnyx()
    first.exchange_hooks.append(print)
    assert print not in second.exchange_hooks
    assert first.exchange_hooks is not second.exchange_hooks
    assert not hasattr(FakeTelnyx, "exchange_hooks")


@pytest.fixture
def observed() -> Iterator[list[Exchange]]:
    """The exchanges of fakes made during the test, collected by a synchronous fixture."""
    seen: list[Exchange] = []
    with observe_exchanges(seen.append):
        yield seen


@pytest.mark.anyio
async def test_a_sync_fixtures_block_reaches_fakes_made_in_async_tests(
    observed: list[Exchange],
) -> None:
    """An async test's fakes are observed by a block a sync fixture entered (as conftests do)."""
    async with (
        FakeTelnyx(seed=True) as fake,
        AsyncTelnyxAccess(fake.api_key, base_url=fake.base_url) as client,
    ):
        await client.billing_groups.list()
    assert [exchange.status for exchange in observed] == [200]
