"""examples/fastapi_app.py: one client from the lifespan, handed out by a dependency."""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from telnyx_access import AsyncTelnyxAccess
from telnyx_access.testing import FakeTelnyx
from telnyx_access.testing._server import NOMINAL_RATE_LIMIT

EXAMPLE = Path(__file__).parent.parent / "examples" / "fastapi_app.py"
SAMPLE_GROUPS = ["Operations", "Sales", "Support", "Research"]


def load_app() -> Any:
    """A fresh copy of the example's app, so no state crosses tests."""
    spec = importlib.util.spec_from_file_location("fastapi_app", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


@pytest.fixture
def app(telnyx_fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The example app, configured from the environment to talk to the fake."""
    monkeypatch.setenv("TELNYX_API_KEY", telnyx_fake.api_key)
    monkeypatch.setenv("TELNYX_BASE_URL", telnyx_fake.base_url)
    return load_app()


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    """An HTTP client for the app, with its lifespan running."""
    with TestClient(app) as client:
        yield client


def test_lists_every_billing_group(api: TestClient) -> None:
    """GET /billing-groups answers the fake's sample groups in the app's own schema."""
    response = api.get("/billing-groups")
    assert response.status_code == 200
    groups = response.json()
    assert [group["name"] for group in groups] == SAMPLE_GROUPS
    assert set(groups[0]) == {"id", "name", "created_at"}


def test_create_retrieve_delete(api: TestClient, telnyx_fake: FakeTelnyx) -> None:
    """A group created through the app exists at Telnyx, can be read, and is gone once deleted."""
    created = api.post("/billing-groups", json={"name": "Finance"})
    assert created.status_code == 201
    group_id = created.json()["id"]
    assert telnyx_fake.requests[-1].json() == {"name": "Finance"}
    assert api.get(f"/billing-groups/{group_id}").json()["name"] == "Finance"
    assert api.delete(f"/billing-groups/{group_id}").status_code == 204
    missing = api.get(f"/billing-groups/{group_id}")
    assert missing.status_code == 404
    assert group_id in missing.json()["detail"]


def test_one_client_for_the_app_closed_at_shutdown(app: Any) -> None:
    """The lifespan makes one client that every request shares, and closes it on shutdown."""
    with TestClient(app) as api:
        client = app.state.telnyx
        assert isinstance(client, AsyncTelnyxAccess)
        assert api.get("/billing-groups").status_code == 200
        assert api.get("/telnyx/rate-limit").json()["limit"] == NOMINAL_RATE_LIMIT.limit
        assert app.state.telnyx is client
        assert not client.is_closed
    assert client.is_closed


def test_rate_limit_is_null_before_any_call(api: TestClient) -> None:
    """Before the app has talked to Telnyx it knows no rate limit."""
    response = api.get("/telnyx/rate-limit")
    assert response.status_code == 200
    assert response.json() is None


def test_idempotency_key_lets_a_create_be_retried(api: TestClient, telnyx_fake: FakeTelnyx) -> None:
    """With an Idempotency-Key header, a create that met a 503 is retried with the same key."""
    telnyx_fake.inject(503, method="POST", headers={"Retry-After": "0"})
    response = api.post(
        "/billing-groups", json={"name": "Finance"}, headers={"Idempotency-Key": "finance-1"}
    )
    assert response.status_code == 201
    posts = [r for r in telnyx_fake.requests if r.method == "POST"]
    assert [r.headers["Idempotency-Key"] for r in posts] == ["finance-1", "finance-1"]


def test_a_create_without_key_is_not_retried(api: TestClient, telnyx_fake: FakeTelnyx) -> None:
    """Without a key the 503 is not retried: the app answers 502 with Telnyx's request id."""
    telnyx_fake.inject(503, method="POST", headers={"Retry-After": "0"})
    response = api.post("/billing-groups", json={"name": "Finance"})
    assert response.status_code == 502
    assert response.json()["request_id"] == telnyx_fake.exchanges[-1].headers["x-request-id"]
    assert telnyx_fake.count("POST", "/billing_groups") == 1


def test_no_answer_from_telnyx_is_503(api: TestClient, telnyx_fake: FakeTelnyx) -> None:
    """A dropped connection on a create (not retried) becomes 503 Service Unavailable."""
    telnyx_fake.inject(drop=True, method="POST")
    response = api.post("/billing-groups", json={"name": "Finance"})
    assert response.status_code == 503
    assert response.json() == {"detail": "Telnyx could not be reached"}


def test_unknown_group_is_404(api: TestClient) -> None:
    """Telnyx's 404 for an unknown id stays a 404, with Telnyx's detail."""
    response = api.get("/billing-groups/no-such-group")
    assert response.status_code == 404
    assert "no-such-group" in response.json()["detail"]


def threadpool_callables(app: Any) -> list[str]:
    """The endpoints and dependencies of ``app`` that FastAPI would run on its thread pool."""
    found: list[str] = []

    def visit(dependant: Dependant) -> None:
        call = dependant.call
        if call is not None and not inspect.iscoroutinefunction(call):
            found.append(getattr(call, "__name__", repr(call)))
        for child in dependant.dependencies:
            visit(child)

    for route in app.routes:
        if isinstance(route, APIRoute):
            visit(route.dependant)
    return found


def test_dependencies_and_endpoints_run_on_the_event_loop() -> None:
    """No endpoint or dependency of the example is a plain def (FastAPI's thread pool)."""
    app = load_app()
    assert threadpool_callables(app) == []
    assert any(isinstance(route, APIRoute) for route in app.routes)


def test_a_def_dependency_would_be_caught() -> None:
    """The check reports a plain def dependency, so it cannot pass vacuously."""
    app = FastAPI()

    def blocking_lookup() -> int:
        return 1

    @app.get("/")
    async def endpoint(value: int = Depends(blocking_lookup)) -> int:
        return value

    assert threadpool_callables(app) == ["blocking_lookup"]
