"""OpenTelemetry: one span per SDK call, parent of the aiohttp instrumentation's spans.

The global tracer provider can be set once per process, so a session fixture sets an SDK
provider with an in-memory exporter and each test clears the exporter. Whether the SDK
stays free of OpenTelemetry without the extra is checked in subprocesses, where the
package can be hidden.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from telnyx_access import Backoff, NotFoundError
from telnyx_access.testing import FakeTelnyx

from .clients import KINDS, ClientRunner
from .helpers import API_KEY, add_groups, group_model, numbered_group_id
from .real_parts import need_module

FAST = Backoff(initial=0.001, maximum=0.01)
_EXPORTER: list[Any] = []


@pytest.fixture(scope="session")
def span_exporter() -> Any:
    """An in-memory exporter behind the global tracer provider, set once for the session."""
    need_module("opentelemetry.sdk.trace")
    from opentelemetry import trace  # noqa: PLC0415 - only when the part is present
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: PLC0415
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: PLC0415
        InMemorySpanExporter,
    )

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


@pytest.fixture
def spans(span_exporter: Any) -> Iterator[Any]:
    """The session's exporter, emptied before and after the test."""
    span_exporter.clear()
    yield span_exporter
    span_exporter.clear()


def sdk_spans(exporter: Any) -> list[Any]:
    """The finished spans the SDK made (not the aiohttp instrumentation's, not the test's)."""
    return [span for span in exporter.get_finished_spans() if span.name.startswith("telnyx_access")]


def traced(kind: str, fake: FakeTelnyx) -> ClientRunner:
    """Clients of ``kind`` pointed at ``fake``, with a fast backoff."""
    return ClientRunner(kind, fake, backoff=FAST)


@pytest.mark.parametrize("kind", KINDS)
def test_a_call_is_one_span_with_http_attributes(kind: str, fake: FakeTelnyx, spans: Any) -> None:
    """retrieve makes one CLIENT span named after the operation, with semconv attributes."""
    from opentelemetry.trace import SpanKind, StatusCode  # noqa: PLC0415

    add_groups(fake, [1])
    assert traced(kind, fake).call(
        lambda c: c.billing_groups.retrieve(numbered_group_id(1))
    ) == group_model(1)
    (span,) = sdk_spans(spans)
    assert span.name == "telnyx_access billing_groups.retrieve"
    assert span.kind == SpanKind.CLIENT
    assert span.status.status_code == StatusCode.UNSET
    attributes = dict(span.attributes)
    request_id = attributes.pop("telnyx.request_id")
    assert request_id
    assert attributes == {
        "http.request.method": "GET",
        "url.template": "/billing_groups/{id}",
        "http.response.status_code": 200,
        "http.request.resend_count": 0,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_call_records_the_error(kind: str, fake: FakeTelnyx, spans: Any) -> None:
    """A 404 sets the span's status to ERROR, its status code and error.type, and the exception."""
    from opentelemetry.trace import StatusCode  # noqa: PLC0415

    with pytest.raises(NotFoundError):
        traced(kind, fake).call(lambda c: c.billing_groups.retrieve(numbered_group_id(9)))
    (span,) = sdk_spans(spans)
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["http.response.status_code"] == 404
    assert span.attributes["error.type"] == "404"
    assert [event.name for event in span.events] == ["exception"]
    assert span.events[0].attributes["exception.type"].endswith("NotFoundError")


@pytest.mark.parametrize("kind", KINDS)
def test_retries_are_counted_and_attempt_spans_are_children(
    kind: str, fake: FakeTelnyx, spans: Any
) -> None:
    """503, 503, 200 with the aiohttp instrumentation: one SDK span over three HTTP spans."""
    instrumentation = need_module("opentelemetry.instrumentation.aiohttp_client")
    add_groups(fake, [1])
    fake.inject(503, times=2, method="GET")
    trace_config = instrumentation.create_trace_config()
    traced(kind, fake).call(
        lambda c: c.billing_groups.retrieve(numbered_group_id(1)),
        trace_configs=[trace_config],
    )
    (sdk,) = sdk_spans(spans)
    assert sdk.attributes["http.request.resend_count"] == 2
    assert sdk.attributes["http.response.status_code"] == 200
    attempts = [span for span in spans.get_finished_spans() if span is not sdk]
    assert len(attempts) == 3
    assert {span.parent.span_id for span in attempts} == {sdk.context.span_id}
    assert {span.context.trace_id for span in attempts} == {sdk.context.trace_id}
    # The instrumentation's attribute names depend on its semantic-convention mode.
    statuses = [
        span.attributes.get("http.response.status_code", span.attributes.get("http.status_code"))
        for span in attempts
    ]
    assert statuses == [503, 503, 200]


@pytest.mark.parametrize("kind", KINDS)
def test_the_sdk_span_is_a_child_of_the_callers_span(
    kind: str, fake: FakeTelnyx, spans: Any
) -> None:
    """A call made inside the application's span (a request handler's, say) nests under it."""
    from opentelemetry import trace  # noqa: PLC0415

    add_groups(fake, [1])
    tracer = trace.get_tracer("tests")

    def scenario(client: Any) -> Any:
        if kind == "blocking":
            with tracer.start_as_current_span("handler"):
                return client.billing_groups.retrieve(numbered_group_id(1))

        async def inside() -> Any:
            with tracer.start_as_current_span("handler"):
                return await client.billing_groups.retrieve(numbered_group_id(1))

        return inside()

    traced(kind, fake).call(scenario)
    (handler,) = [span for span in spans.get_finished_spans() if span.name == "handler"]
    (sdk,) = sdk_spans(spans)
    assert sdk.parent is not None
    assert sdk.parent.span_id == handler.context.span_id


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_walk_names_every_page_after_the_list(
    kind: str, fake: FakeTelnyx, spans: Any
) -> None:
    """Each page of a list walk is a span named billing_groups.list."""
    add_groups(fake, range(1, 6))
    assert len(traced(kind, fake).walk(lambda c: c.billing_groups.list(page_size=2))) == 5
    names = {span.name for span in sdk_spans(spans)}
    assert names == {"telnyx_access billing_groups.list"}
    assert len(sdk_spans(spans)) == 3


def test_span_attributes_hold_no_secret(fake: FakeTelnyx, spans: Any) -> None:
    """No attribute of any span carries the API key, an id, or a query value."""
    instrumentation = need_module("opentelemetry.instrumentation.aiohttp_client")
    add_groups(fake, [1])
    traced("async", fake).call(
        lambda c: c.billing_groups.retrieve(
            numbered_group_id(1), extra_query={"token": "q-secret"}
        ),
        trace_configs=[instrumentation.create_trace_config()],
    )
    (sdk,) = sdk_spans(spans)
    values = " ".join(str(value) for value in sdk.attributes.values())
    for secret in (API_KEY, numbered_group_id(1), "q-secret"):
        assert secret not in values


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; fails the test if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    assert result.returncode == 0, result.stderr
    return result


HIDE_OPENTELEMETRY = """
    import importlib.abc, sys

    class Hide(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "opentelemetry" or name.startswith("opentelemetry."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Hide())
"""


def test_without_opentelemetry_calls_work_and_import_none_of_it() -> None:
    """With OpenTelemetry not importable, calls of both clients succeed and import nothing of it."""
    run_python(
        HIDE_OPENTELEMETRY
        + """
    import asyncio, sys
    from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
    from telnyx_access.testing import FakeTelnyx

    with FakeTelnyx(seed=True) as fake:
        ident = next(iter(fake.api.billing_groups))
        with TelnyxAccess(api_key=fake.api_key, base_url=fake.base_url) as client:
            client.billing_groups.retrieve(ident)

        async def main():
            async with AsyncTelnyxAccess(api_key=fake.api_key, base_url=fake.base_url) as c:
                await c.billing_groups.retrieve(ident)

        asyncio.run(main())
    loaded = [name for name in sys.modules if name.startswith("opentelemetry")]
    assert loaded == [], loaded
    """
    )


def test_importing_and_building_a_client_imports_no_opentelemetry() -> None:
    """With OpenTelemetry installed, import and construction leave it unimported (calls load it)."""
    need_module("opentelemetry.trace")
    run_python(
        """
    import sys
    import telnyx_access
    telnyx_access.AsyncTelnyxAccess(api_key="k")
    telnyx_access.TelnyxAccess(api_key="k").close()
    loaded = [name for name in sys.modules if name.startswith("opentelemetry")]
    assert loaded == [], loaded
    """
    )


def test_no_span_is_made_before_a_provider_is_set() -> None:
    """Installed but without a tracer provider, calls make no span; setting one turns them on."""
    need_module("opentelemetry.sdk.trace")
    run_python(
        """
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from telnyx_access import _tracing

    assert _tracing.tracer() is None
    trace.set_tracer_provider(TracerProvider())
    assert _tracing.tracer() is not None
    """
    )
