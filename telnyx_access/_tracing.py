"""One OpenTelemetry span per SDK call, when the ``otel`` extra is installed.

OpenTelemetry's API is looked for once, at the first call of any client, never at import:
without it the engine pays one comparison per call and nothing of OpenTelemetry is
imported. With it, once the application has set a global tracer provider, each call runs
inside a span of that provider, current while the attempts run, so that the spans of
OpenTelemetry's aiohttp instrumentation (a trace config) become its children.

Attributes follow OpenTelemetry's HTTP semantic conventions; none can hold a secret: the
path is the template (ids left out), and no header or query value is recorded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._exceptions import APIStatusError
from ._response import Reply, request_id
from ._version import __version__

if TYPE_CHECKING:
    from opentelemetry.trace import Span, Tracer

__all__ = ["traced", "tracer"]

T = TypeVar("T")

_NOT_LOOKED_UP: Any = object()
_trace: Any = _NOT_LOOKED_UP
"""``opentelemetry.trace``, ``None`` without it, until looked up."""
_tracer: Tracer | None = None
_provider_set = False


def tracer() -> Tracer | None:
    """The SDK's tracer; ``None`` without OpenTelemetry's API or before a provider is set.

    Until the application sets a tracer provider every span would be a no-op, which
    still costs about 10 µs a call: that case makes no span at all.
    """
    global _trace, _tracer, _provider_set  # noqa: PLW0603 - looked up once per process
    if _trace is _NOT_LOOKED_UP:
        try:
            from opentelemetry import trace  # noqa: PLC0415 - optional, and only when used
        except ImportError:
            _trace = None
        else:
            _trace, _tracer = trace, trace.get_tracer("telnyx_access", __version__)
    if _trace is None:
        return None
    if not _provider_set:
        if isinstance(_trace.get_tracer_provider(), _trace.ProxyTracerProvider):
            return None
        _provider_set = True  # the global provider is set once: no need to look again
    return _tracer


async def traced(
    tracer: Tracer,
    operation: str | None,
    method: str,
    template: str,
    send: Callable[[], Awaitable[Reply]],
) -> Reply:
    """``send()`` run inside the call's span, which records how the call ended."""
    from opentelemetry.trace import SpanKind  # noqa: PLC0415 - loaded by tracer() already

    attributes = {
        "http.request.method": method,
        "url.template": template,
    }
    name = f"telnyx_access {operation or 'request'}"
    with tracer.start_as_current_span(
        name,
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            response = await send()
        except Exception as error:
            _record_failure(span, error)
            raise
        span.set_attribute("http.response.status_code", response.status_code)
        span.set_attribute("http.request.resend_count", response.retries_taken)
        answer_id = request_id(response.headers)
        if answer_id is not None:
            span.set_attribute("telnyx.request_id", answer_id)
        return response


def _record_failure(span: Span, error: Exception) -> None:
    from opentelemetry.trace import Status, StatusCode  # noqa: PLC0415

    error_type = type(error).__name__
    if isinstance(error, APIStatusError):
        error_type = str(error.status_code)
        span.set_attribute("http.response.status_code", error.status_code)
        if error.request_id is not None:
            span.set_attribute("telnyx.request_id", error.request_id)
    attempts = getattr(error, "attempts", 1)
    span.set_attribute("http.request.resend_count", attempts - 1)
    span.set_attribute("error.type", error_type)
    span.record_exception(error)
    span.set_status(Status(StatusCode.ERROR, error_type))
