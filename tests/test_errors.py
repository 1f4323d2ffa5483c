"""How failed answers become exceptions: classes per status, error details, ids, messages.

Every call here uses ``max_retries=0`` so that retryable statuses fail at once.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import pickle
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

import telnyx_access
from telnyx_access import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    ErrorSource,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    TelnyxAccessError,
    UnprocessableEntityError,
)
from telnyx_access._engine import status_error
from telnyx_access._exceptions import parse_error_details
from telnyx_access._response import Reply as Received

from .clients import ClientRunner
from .helpers import API_KEY, Reply, closed_port, last_answer_headers, script
from .payloads import GROUP, GROUP_ID, GROUP_PATH

ERROR_JSON = {"errors": [{"code": "10015", "title": "Bad thing", "detail": "It went wrong."}]}


def retrieve(client: Any) -> Any:
    """GET one billing group."""
    return client.billing_groups.retrieve(GROUP_ID)


def fail(runner: ClientRunner, reply: Reply, **settings: Any) -> APIStatusError:
    """The APIStatusError a GET answered with ``reply`` raises, without retries."""
    script(runner.fake, "GET", GROUP_PATH, reply)
    with pytest.raises(APIStatusError) as caught:
        runner.call(retrieve, max_retries=0, **settings)
    return caught.value


# --- the hierarchy ------------------------------------------------------------------------


_URL = URL("https://api.example/v2/x")


def _status_error(
    status: int, reason: str, headers: CIMultiDict[str], content: bytes
) -> APIStatusError:
    received = Received(status, reason, CIMultiDictProxy(headers), content, 0, "GET", _URL)
    return status_error(received)


def test_hierarchy_matches_design() -> None:
    """Every exception derives from TelnyxAccessError as the DESIGN tree says."""
    assert issubclass(APIConnectionError, TelnyxAccessError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIResponseValidationError, TelnyxAccessError)
    assert not issubclass(APIResponseValidationError, APIStatusError)
    assert issubclass(APIStatusError, TelnyxAccessError)
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
    ):
        assert issubclass(cls, APIStatusError)
        assert getattr(telnyx_access, cls.__name__) is cls
    assert issubclass(TelnyxAccessError, Exception)


# --- status to class ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (501, InternalServerError),
        (503, InternalServerError),
        (408, APIStatusError),
        (410, APIStatusError),
        (418, APIStatusError),
    ],
)
def test_status_maps_to_exception_class(
    runner: ClientRunner, status: int, cls: type[APIStatusError]
) -> None:
    """Each status raises exactly its class; unmapped 4xx statuses raise plain APIStatusError."""
    error = fail(runner, Reply(status=status, json=ERROR_JSON))
    assert type(error) is cls
    assert error.status_code == status
    assert error.errors == [
        ErrorDetail(code="10015", title="Bad thing", detail="It went wrong.", source=None)
    ]
    assert str(status) in str(error)
    assert "Bad thing" in str(error)
    assert runner.fake.count("GET", GROUP_PATH) == 1


SENT_RESET = "the x-ratelimit-reset the fake sent"
"""Every answer of the fake carries ``x-ratelimit-reset``: a 429's fallback advice."""


@pytest.mark.parametrize(
    ("headers", "retry_after"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({}, SENT_RESET),
        ({"Retry-After": "whenever"}, SENT_RESET),
    ],
    ids=["seconds", "ms", "ratelimit-reset", "garbage"],
)
def test_rate_limit_error_carries_retry_after(
    runner: ClientRunner, headers: dict[str, str], retry_after: float | str
) -> None:
    """A 429 raises RateLimitError whose retry_after is the server's readable advice."""
    error = fail(runner, Reply(status=429, headers=headers, json=ERROR_JSON))
    assert isinstance(error, RateLimitError)
    if retry_after == SENT_RESET:
        retry_after = float(last_answer_headers(runner.fake)["x-ratelimit-reset"])
    assert error.retry_after == retry_after


@pytest.mark.parametrize("headers", [{"Retry-After": "whenever"}, {}], ids=["garbage", "none"])
def test_rate_limit_error_without_advice_has_no_retry_after(headers: dict[str, str]) -> None:
    """A 429 with no readable advice at all gets retry_after None (the fake always advises)."""
    error = _status_error(429, "Too Many Requests", CIMultiDict(headers), b"{}")
    assert isinstance(error, RateLimitError)
    assert error.retry_after is None


def test_error_keeps_headers_and_body(runner: ClientRunner) -> None:
    """The error carries the response headers (case-insensitive) and the body text."""
    error = fail(runner, Reply(status=409, headers={"X-Custom": "yes"}, json=ERROR_JSON))
    assert error.headers["x-custom"] == "yes"
    assert error.headers["X-CUSTOM"] == "yes"
    assert '"Bad thing"' in error.body


# --- error details ------------------------------------------------------------------------


def test_error_details_are_parsed_leniently(runner: ClientRunner) -> None:
    """Int codes become str, missing fields None, source and meta kept, non-dict items skipped."""
    body = {
        "errors": [
            {
                "code": 10015,
                "title": "Invalid value",
                "detail": "page[size] must be at most 250",
                "source": {"pointer": "/name", "parameter": "page[size]"},
                "meta": {"url": "https://developers.telnyx.com/docs/errors/10015"},
            },
            "not an object",
            42,
            None,
            {"title": "Only a title"},
            {"code": "20001", "source": "not an object", "meta": ["not", "a", "dict"]},
            {"source": {"pointer": "/x"}, "extra": "ignored"},
        ]
    }
    error = fail(runner, Reply(status=422, json=body))
    assert isinstance(error, UnprocessableEntityError)
    assert error.errors == [
        ErrorDetail(
            code="10015",
            title="Invalid value",
            detail="page[size] must be at most 250",
            source=ErrorSource(pointer="/name", parameter="page[size]"),
            meta={"url": "https://developers.telnyx.com/docs/errors/10015"},
        ),
        ErrorDetail(code=None, title="Only a title", detail=None, source=None, meta=None),
        ErrorDetail(code="20001", title=None, detail=None, source=None, meta=None),
        ErrorDetail(source=ErrorSource(pointer="/x", parameter=None)),
    ]
    assert isinstance(error.errors[0].code, str)


@pytest.mark.parametrize(
    "body",
    ["[1, 2, 3]", '"just a string"', "null", "17", '{"errors": "oops"}', '{"errors": null}', "{}"],
)
def test_json_without_error_list_gives_no_details(runner: ClientRunner, body: str) -> None:
    """JSON that is not an object with an errors list gives errors == [] and keeps the body."""
    error = fail(runner, Reply(status=400, text=body))
    assert isinstance(error, BadRequestError)
    assert error.errors == []
    assert error.body == body


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", []),
        ("not json", []),
        ("[]", []),
        ('{"errors": [1, "x", []]}', []),
        ('{"errors": [{"code": 5}]}', [ErrorDetail(code="5")]),
        ('{"errors": [{"code": 1.5, "title": 2}]}', [ErrorDetail(code="1.5", title="2")]),
        (
            '{"errors": [{"source": {"parameter": "filter[x]"}}]}',
            [ErrorDetail(source=ErrorSource(parameter="filter[x]"))],
        ),
    ],
)
def test_parse_error_details_unit(body: str, expected: list[ErrorDetail]) -> None:
    """parse_error_details never raises and keeps only dict items, with str fields."""
    assert parse_error_details(body) == expected


# --- bodies that are not JSON -------------------------------------------------------------


def test_plain_text_error_body(runner: ClientRunner) -> None:
    """A plain-text 500 raises InternalServerError with the text as body and no details."""
    error = fail(runner, Reply(status=500, text="upstream exploded"))
    assert type(error) is InternalServerError
    assert error.status_code == 500
    assert error.body == "upstream exploded"
    assert error.errors == []


def test_html_proxy_error_page(runner: ClientRunner) -> None:
    """An HTML 502 page from a proxy raises InternalServerError carrying the page as body."""
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    error = fail(runner, Reply(status=502, text=page))  # the fake sends it as text/html
    assert type(error) is InternalServerError
    assert error.status_code == 502
    assert error.body == page
    assert error.errors == []
    assert "502" in str(error)


def test_plain_text_unmapped_status(runner: ClientRunner) -> None:
    """A plain-text 418 raises a plain APIStatusError with the text kept."""
    error = fail(runner, Reply(status=418, text="I'm a teapot"))
    assert type(error) is APIStatusError
    assert (error.status_code, error.body, error.errors) == (418, "I'm a teapot", [])


# --- request ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers", [{}, {"Request-Id": "other"}], ids=["x-request-id", "x-request-id-wins"]
)
def test_request_id_from_headers(runner: ClientRunner, headers: dict[str, str]) -> None:
    """request_id comes from x-request-id (not request-id) and is shown in str(error)."""
    error = fail(runner, Reply(status=404, headers=headers, json=ERROR_JSON))
    request_id = last_answer_headers(runner.fake)["x-request-id"]
    assert error.request_id == request_id
    assert request_id in str(error)


@pytest.mark.parametrize(("status", "cls"), [(404, NotFoundError), (429, RateLimitError)])
def test_no_request_id(status: int, cls: type[APIStatusError]) -> None:
    """Without a request id request_id is None and the message does not mention one."""
    # The fake always sends x-request-id, so this builds the error as the transport does.
    body = json.dumps(ERROR_JSON).encode()
    error = _status_error(status, "", CIMultiDict(), body)
    assert type(error) is cls
    assert error.request_id is None
    assert "request id" not in str(error)


# --- redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_is_not_followed(runner: ClientRunner, status: int) -> None:
    """A 3xx pointing elsewhere on the same server is not followed: plain APIStatusError."""
    script(runner.fake, "GET", "/billing_groups/elsewhere", Reply(json={"data": GROUP}))
    location = f"{runner.fake.base_url}/billing_groups/elsewhere"
    error = fail(runner, Reply(status=status, headers={"Location": location}))
    assert type(error) is APIStatusError
    assert error.status_code == status
    assert error.headers["Location"] == location
    assert len(runner.fake.requests) == 1
    assert runner.fake.count("GET", "/billing_groups/elsewhere") == 0
    assert f"the redirect to {location} was not followed" in str(error)


def test_a_redirect_message_leaves_credentials_out() -> None:
    """A Location holding a user and password is named without them."""
    location = "https://user:hunter2@elsewhere.example/v2/x"
    error = _status_error(302, "Found", CIMultiDict({"Location": location}), b"")
    assert (
        str(error) == "302 Found: the redirect to https://elsewhere.example/v2/x was not followed"
    )
    assert "hunter2" not in str(error)


def test_relative_redirect_is_not_followed_even_with_retries(runner: ClientRunner) -> None:
    """A 302 with a relative Location is neither followed nor retried when retries are allowed."""
    script(runner.fake, "GET", "/billing_groups/elsewhere", Reply(json={"data": GROUP}))
    script(
        runner.fake,
        "GET",
        GROUP_PATH,
        Reply(status=302, headers={"Location": "/v2/billing_groups/elsewhere"}),
    )
    with pytest.raises(APIStatusError) as caught:
        runner.call(retrieve, max_retries=2)
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 302
    assert runner.fake.count("GET", GROUP_PATH) == 1
    assert runner.fake.count("GET", "/billing_groups/elsewhere") == 0


# --- 2xx bodies that do not parse ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reply"),
    [
        (200, Reply(text="definitely not json")),
        (200, Reply(text="<html>maintenance</html>")),  # sent as text/html
        (200, Reply(json={"id": GROUP_ID, "name": "ops"})),
        (200, Reply(json=[GROUP])),
        (200, Reply(json={"data": "a string"})),
        (200, Reply(json={"data": [GROUP]})),
        (200, Reply(json={"data": {**GROUP, "created_at": "yesterday"}})),
        (201, Reply(status=201, text="")),
    ],
    ids=["text", "html", "no-data", "array", "data-string", "data-array", "bad-date", "empty-201"],
)
def test_unparseable_success_raises_validation_error(
    runner: ClientRunner, status: int, reply: Reply
) -> None:
    """A 2xx whose body is not JSON or lacks a proper data object raises the validation error."""
    script(runner.fake, "GET", GROUP_PATH, reply)
    with pytest.raises(APIResponseValidationError) as caught:
        runner.call(retrieve)
    error = caught.value
    assert error.status_code == status
    assert not isinstance(error, APIStatusError)
    assert runner.fake.count("GET", GROUP_PATH) == 1
    assert (error.method, error.url) == ("GET", f"{runner.fake.base_url}{GROUP_PATH}")
    assert error.request_id == last_answer_headers(runner.fake)["x-request-id"]
    assert error.headers["x-request-id"] == error.request_id
    cause = error.__cause__
    assert cause is not None
    assert str(cause) in str(error)  # what went wrong, not only its class
    assert f"the {status} answer to GET /v2{GROUP_PATH} did not have" in str(error)


def test_validation_error_keeps_body(runner: ClientRunner) -> None:
    """APIResponseValidationError carries the body text that failed to parse."""
    script(runner.fake, "POST", "/billing_groups", Reply(status=200, text="oops"))
    with pytest.raises(APIResponseValidationError) as caught:
        runner.call(lambda c: c.billing_groups.create(name="ops"))
    assert caught.value.body == "oops"


def test_raw_response_parse_raises_validation_error(runner: ClientRunner) -> None:
    """with_raw_response returns the 2xx as is; only parse() raises the validation error."""
    script(runner.fake, "GET", GROUP_PATH, Reply(text="not json"))
    raw = runner.call(lambda c: c.billing_groups.with_raw_response.retrieve(GROUP_ID))
    sent_id = last_answer_headers(runner.fake)["x-request-id"]
    assert (raw.status_code, raw.request_id) == (200, sent_id)
    with pytest.raises(APIResponseValidationError):
        raw.parse()


# --- errors name their request and pickle -------------------------------------------------


def test_every_error_names_its_request(runner: ClientRunner) -> None:
    """Status, connection and timeout errors carry the request's method and URL."""
    not_found = fail(runner, Reply(status=404, json=ERROR_JSON))
    assert (not_found.method, not_found.url) == ("GET", f"{runner.fake.base_url}{GROUP_PATH}")
    port = closed_port()
    with pytest.raises(APIConnectionError) as refused:
        runner.call(retrieve, base_url=f"http://127.0.0.1:{port}/v2", max_retries=0)
    assert refused.value.method == "GET"
    assert refused.value.url == f"http://127.0.0.1:{port}/v2{GROUP_PATH}"
    assert not refused.value.sent


def _every_error() -> list[TelnyxAccessError]:
    headers = CIMultiDict({"x-request-id": "r-1", "Retry-After": "3"})
    body = json.dumps(ERROR_JSON).encode()
    where = {"method": "GET", "url": "https://api.example/v2/x"}
    errors: list[TelnyxAccessError] = [
        TelnyxAccessError("the client is closed"),
        APIConnectionError("GET /v2/x failed", sent=False, attempts=2, **where),
        APITimeoutError("GET /v2/x timed out after 1s", **where),
        APIResponseValidationError(
            "bad", status_code=200, body="{}", headers=headers, request_id="r-1", **where
        ),
        ResponseTooLargeError(
            "big", status_code=200, body="", headers=headers, request_id="r-1", **where
        ),
    ]
    for status in (302, 400, 401, 403, 404, 409, 410, 422, 429, 500, 503):
        error = _status_error(status, "Reason", headers, body)
        error.attempts = 3
        errors.append(error)
    return errors


@pytest.mark.parametrize("error", _every_error(), ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_fields(error: TelnyxAccessError) -> None:
    """pickle round-trip: same class, message and fields (headers stay case-insensitive)."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy).keys() == vars(error).keys()
    for name, value in vars(error).items():
        assert getattr(copy, name) == value, name
    if isinstance(error, (APIStatusError, APIResponseValidationError)):
        assert copy.headers["X-REQUEST-ID"] == "r-1"


def _raise_not_found(base_url: str) -> None:
    with telnyx_access.TelnyxAccess(api_key=API_KEY, base_url=base_url, max_retries=0) as client:
        client.billing_groups.retrieve(GROUP_ID)


def test_an_error_raised_in_a_worker_process_reaches_the_caller(runner: ClientRunner) -> None:
    """NotFoundError raised in a process pool arrives as NotFoundError, not a broken pool."""
    script(runner.fake, "GET", GROUP_PATH, Reply(status=404, json=ERROR_JSON))
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_raise_not_found, runner.fake.base_url)
        with pytest.raises(NotFoundError) as caught:
            future.result(timeout=60)
    assert caught.value.status_code == 404
    assert caught.value.url == f"{runner.fake.base_url}{GROUP_PATH}"


# --- secrets stay out of messages ---------------------------------------------------------


@pytest.mark.parametrize(
    "status", [400, 401, 403, 404, 408, 409, 410, 418, 422, 429, 500, 502, 503, 504]
)
def test_status_error_messages_never_contain_api_key(runner: ClientRunner, status: int) -> None:
    """str() and repr() of every status error leave out the API key sent with the request."""
    # The fake's x-request-id puts a request id into the message too.
    error = fail(runner, Reply(status=status, json=ERROR_JSON), default_headers={"X-Trace": "t"})
    assert error.request_id is not None
    assert runner.fake.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error)
    assert all(API_KEY not in str(arg) for arg in error.args)


def test_connection_error_message_never_contains_api_key(runner: ClientRunner) -> None:
    """A refused connection's error message leaves out the API key."""
    with pytest.raises(APIConnectionError) as caught:
        runner.call(retrieve, base_url=f"http://127.0.0.1:{closed_port()}/v2", max_retries=0)
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)


def test_timeout_error_message_never_contains_api_key(runner: ClientRunner) -> None:
    """A timeout's error message leaves out the API key."""
    script(runner.fake, "GET", GROUP_PATH, Reply(json={"data": GROUP}, delay=2))
    with pytest.raises(APITimeoutError) as caught:
        runner.call(retrieve, timeout=0.2, max_retries=0)
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
