"""The API key and secret values stay out of reprs, errors and logs; ids cannot move paths."""

from __future__ import annotations

import logging

import pytest

from telnyx_access import APIConnectionError, APIStatusError, AsyncTelnyxAccess, TelnyxAccess

from .clients import ClientRunner
from .helpers import API_KEY, Reply, closed_port, script

GROUP = {"data": {"id": "g-1", "name": "ops"}}
ANY_GROUP = r"/billing_groups/[\s\S]+"
"""Any one group: the fake matches the decoded path, where an id's slashes and CR LF show."""


def test_key_is_not_in_client_reprs() -> None:
    """Neither client's repr nor str shows the key, nor does a derived client's."""
    with TelnyxAccess(API_KEY, base_url="http://127.0.0.1:1/v2") as blocking:
        texts = [repr(blocking), str(blocking), repr(blocking.with_options(timeout=1))]
    asynchronous = AsyncTelnyxAccess(API_KEY, base_url="http://127.0.0.1:1/v2")
    texts += [repr(asynchronous), str(asynchronous), repr(asynchronous._config)]
    assert all(API_KEY not in text for text in texts)
    assert all("127.0.0.1" in text for text in texts)


def test_key_is_not_in_status_errors_or_debug_logs(
    runner: ClientRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """A retried failure logs at DEBUG with Authorization redacted and raises without the key."""
    script(
        runner.fake, "GET", "/billing_groups/g-1", Reply(status=503, headers={"Retry-After": "0"})
    )
    caplog.set_level(logging.DEBUG, logger="telnyx_access")
    with pytest.raises(APIStatusError) as caught:
        runner.call(lambda c: c.billing_groups.retrieve("g-1"), max_retries=1)
    assert caught.value.attempts == 2
    assert len(runner.fake.requests) == 2
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Authorization" in logged
    assert "<redacted>" in logged
    assert "retrying GET /v2/billing_groups/g-1" in logged
    for text in (logged, str(caught.value), repr(caught.value)):
        assert API_KEY not in text


def test_key_is_not_in_connection_errors(
    runner: ClientRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused connection raises and logs without the key."""
    caplog.set_level(logging.DEBUG, logger="telnyx_access")
    with pytest.raises(APIConnectionError) as caught:
        runner.call(
            lambda c: c.billing_groups.retrieve("g-1"),
            base_url=f"http://127.0.0.1:{closed_port()}/v2",
            max_retries=0,
        )
    texts = [str(caught.value), repr(caught.value), caplog.text]
    assert all(API_KEY not in text for text in texts)


def test_secret_body_fields_are_redacted_in_logs(
    runner: ClientRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """Fields named token or password are sent to the server but logged as <redacted>."""
    caplog.set_level(logging.DEBUG, logger="telnyx_access")
    secrets = {"token": "tok-SECRET-1", "password": "pw-SECRET-2"}
    runner.call(lambda c: c.billing_groups.create(name="ops", extra_body=secrets))
    assert runner.fake.requests[0].json() == {"name": "ops", **secrets}
    assert "'name': 'ops'" in caplog.text
    assert "SECRET" not in caplog.text


@pytest.mark.parametrize(
    ("group_id", "sent_path"),
    [
        ("../x", "/v2/billing_groups/..%2Fx"),
        ("..", "/v2/billing_groups/%2E%2E"),
        ("a/b/../../c", "/v2/billing_groups/a%2Fb%2F..%2F..%2Fc"),
        ("x?admin=1#y", "/v2/billing_groups/x%3Fadmin%3D1%23y"),
    ],
)
def test_path_parameters_are_one_encoded_segment(
    runner: ClientRunner, group_id: str, sent_path: str
) -> None:
    """An id full of path syntax reaches the server as one percent-encoded segment."""
    script(runner.fake, "GET", ANY_GROUP, Reply(json=GROUP))
    runner.call(lambda c: c.billing_groups.retrieve(group_id))
    [received] = runner.fake.requests
    assert received.raw_path == sent_path
    assert received.raw_query == ""


def test_crlf_in_an_id_adds_no_header(runner: ClientRunner) -> None:
    """CR and LF in an id are encoded, so they cannot start a new header."""
    script(runner.fake, "GET", ANY_GROUP, Reply(json=GROUP))
    runner.call(lambda c: c.billing_groups.retrieve("x\r\nX-Injected: 1"))
    [received] = runner.fake.requests
    assert "X-Injected" not in received.headers
    assert received.raw_path == "/v2/billing_groups/x%0D%0AX-Injected%3A%201"


def test_issued_tokens_and_secret_values_never_reach_the_logs(
    runner: ClientRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """The JWT from create_token and a secret's token/password are absent from DEBUG logs."""
    jwt = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJTRUNSRVQtSldUIn0.c2lnbmF0dXJl"
    script(runner.fake, "POST", "/telephony_credentials/c-1/token", Reply(status=201, text=jwt))
    caplog.set_level(logging.DEBUG, logger="telnyx_access")

    async def both_async(client: AsyncTelnyxAccess) -> tuple[str, object]:
        token = await client.telephony_credentials.create_token("c-1")
        raw = await client.telephony_credentials.with_raw_response.create_token("c-1")
        await client.integration_secrets.create(identifier="i", type="bearer", token="tok-SECRET")
        await client.integration_secrets.create(
            identifier="i", type="basic", username="u", password="pw-SECRET"
        )
        return token, raw

    def both_blocking(client: TelnyxAccess) -> tuple[str, object]:
        token = client.telephony_credentials.create_token("c-1")
        raw = client.telephony_credentials.with_raw_response.create_token("c-1")
        client.integration_secrets.create(identifier="i", type="bearer", token="tok-SECRET")
        client.integration_secrets.create(
            identifier="i", type="basic", username="u", password="pw-SECRET"
        )
        return token, raw

    token, raw = runner.call(both_blocking if runner.kind == "blocking" else both_async)
    assert token == jwt
    assert jwt not in repr(raw)
    assert [r.json().get("token") for r in runner.fake.requests[2:]] == ["tok-SECRET", None]
    assert "POST" in caplog.text
    for secret in (jwt, "tok-SECRET", "pw-SECRET", API_KEY):
        assert secret not in caplog.text
