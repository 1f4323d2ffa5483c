"""A FastAPI app that manages billing groups with one ``AsyncTelnyxAccess`` for its whole life.

Run it with ``uvicorn fastapi_app:app`` from this directory (``pip install fastapi
uvicorn``) and ``TELNYX_API_KEY`` set. ``TELNYX_BASE_URL`` points it elsewhere, for
example at the fake server of ``python -m telnyx_access.testing --seed``.

The pattern:

- the lifespan creates the client when the app starts and closes it when the app stops,
  so the app has one connection pool, on the event loop that serves it;
- the ``Telnyx`` dependency (an ``async def``, so it runs on the event loop) hands that
  client to the endpoints;
- exception handlers turn the SDK's errors into HTTP answers: Telnyx's 404 stays a 404,
  any other error status becomes 502 Bad Gateway, and no answer at all 503 or 504.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from telnyx_access import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncTelnyxAccess,
    NotFoundError,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Create the app's one client at startup and close it at shutdown."""
    async with AsyncTelnyxAccess() as client:  # TELNYX_API_KEY, TELNYX_BASE_URL
        app.state.telnyx = client
        yield


app = FastAPI(title="Billing groups", lifespan=lifespan)


async def telnyx_client(request: Request) -> AsyncTelnyxAccess:
    """The client the lifespan made.

    ``async def``, although it awaits nothing: FastAPI runs a plain ``def`` dependency on
    its thread pool, a thread hand-off on every request for a one-line lookup.
    """
    client: AsyncTelnyxAccess = request.app.state.telnyx
    return client


Telnyx = Annotated[AsyncTelnyxAccess, Depends(telnyx_client)]


class BillingGroupOut(BaseModel):
    """A billing group as this app shows it, read from the SDK's model."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str | None
    created_at: datetime | None


class BillingGroupIn(BaseModel):
    """What it takes to create a billing group."""

    name: str


@app.get("/billing-groups")
async def list_billing_groups(client: Telnyx) -> list[BillingGroupOut]:
    """Every billing group, from every page."""
    groups = client.billing_groups.list(page_size=250)
    return [BillingGroupOut.model_validate(group) async for group in groups]


@app.post("/billing-groups", status_code=status.HTTP_201_CREATED)
async def create_billing_group(
    body: BillingGroupIn,
    client: Telnyx,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> BillingGroupOut:
    """Create a billing group; an ``Idempotency-Key`` header makes it safe to retry."""
    if idempotency_key is None:
        group = await client.billing_groups.create(name=body.name)
    else:
        group = await client.billing_groups.create(name=body.name, idempotency_key=idempotency_key)
    return BillingGroupOut.model_validate(group)


@app.get("/billing-groups/{group_id}")
async def get_billing_group(group_id: str, client: Telnyx) -> BillingGroupOut:
    """One billing group."""
    return BillingGroupOut.model_validate(await client.billing_groups.retrieve(group_id))


@app.delete("/billing-groups/{group_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_billing_group(group_id: str, client: Telnyx) -> Response:
    """Delete a billing group."""
    await client.billing_groups.delete(group_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@app.get("/telnyx/rate-limit")
async def rate_limit(client: Telnyx) -> dict[str, Any] | None:
    """Where the app stands with Telnyx's rate limit, as of its last answer."""
    seen = client.rate_limit
    return None if seen is None else seen.to_dict()


@app.exception_handler(NotFoundError)
async def not_found(request: Request, error: NotFoundError) -> JSONResponse:
    """Telnyx has no such thing: neither has this app."""
    detail = error.errors[0].detail if error.errors else None
    return JSONResponse({"detail": detail or "not found"}, status.HTTP_404_NOT_FOUND)


@app.exception_handler(APIStatusError)
async def telnyx_failed(request: Request, error: APIStatusError) -> JSONResponse:
    """Any other error status from Telnyx is a failure of this app's upstream."""
    return JSONResponse(
        {"detail": f"Telnyx answered {error.status_code}", "request_id": error.request_id},
        status.HTTP_502_BAD_GATEWAY,
    )


@app.exception_handler(APIConnectionError)
async def telnyx_unreachable(request: Request, error: APIConnectionError) -> JSONResponse:
    """No answer from Telnyx: too slow (504), or no connection (503)."""
    if isinstance(error, APITimeoutError):
        return JSONResponse({"detail": "Telnyx timed out"}, status.HTTP_504_GATEWAY_TIMEOUT)
    return JSONResponse(
        {"detail": "Telnyx could not be reached"}, status.HTTP_503_SERVICE_UNAVAILABLE
    )
