"""Manage billing groups with the async client, against a small local stand-in for Telnyx.

Run it with ``python examples/billing_groups.py``: it needs no API key and no network.
The stand-in server below only knows billing groups; point ``base_url`` at
``https://api.telnyx.com/v2`` (the default) and set ``TELNYX_API_KEY`` for the real API.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from telnyx_access import AsyncTelnyxAccess, NotFoundError


def stand_in_app() -> web.Application:
    """An in-memory billing-groups API shaped like Telnyx's."""
    groups: dict[str, dict[str, Any]] = {}

    def found(request: web.Request) -> dict[str, Any]:
        group = groups.get(request.match_info["id"])
        if group is None:
            raise web.HTTPNotFound(
                text='{"errors": [{"code": 10005, "title": "Resource not found"}]}',
                content_type="application/json",
            )
        return group

    async def create(request: web.Request) -> web.Response:
        now = datetime.now(timezone.utc).isoformat()
        body = await request.json()
        group = {"id": str(uuid.uuid4()), "record_type": "billing_group", "created_at": now}
        groups[group["id"]] = {**group, "name": body.get("name"), "updated_at": now}
        return web.json_response({"data": groups[group["id"]]})

    async def listing(request: web.Request) -> web.Response:
        number = int(request.query.get("page[number]", "1"))
        size = int(request.query.get("page[size]", "20"))
        items = list(groups.values())
        meta = {
            "page_number": number,
            "page_size": size,
            "total_results": len(items),
            "total_pages": max(1, -(-len(items) // size)),
        }
        return web.json_response({"data": items[(number - 1) * size : number * size], "meta": meta})

    async def retrieve(request: web.Request) -> web.Response:
        return web.json_response({"data": found(request)})

    async def update(request: web.Request) -> web.Response:
        group = found(request)
        group.update(await request.json(), updated_at=datetime.now(timezone.utc).isoformat())
        return web.json_response({"data": group})

    async def delete(request: web.Request) -> web.Response:
        group = found(request)
        del groups[group["id"]]
        return web.json_response({"data": group})

    app = web.Application()
    app.router.add_post("/v2/billing_groups", create)
    app.router.add_get("/v2/billing_groups", listing)
    app.router.add_get("/v2/billing_groups/{id}", retrieve)
    app.router.add_patch("/v2/billing_groups/{id}", update)
    app.router.add_delete("/v2/billing_groups/{id}", delete)
    return app


async def main() -> None:
    runner = web.AppRunner(stand_in_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with AsyncTelnyxAccess(
            api_key="any-key-will-do", base_url=f"http://127.0.0.1:{port}/v2"
        ) as client:
            for name in ("ops", "sales", "support"):
                group = await client.billing_groups.create(name=name)
                print(f"created {group.name!r:10} {group.id}")
            renamed = await client.billing_groups.update(group.id or "", name="customer care")
            print(f"renamed {group.name!r} to {renamed.name!r}")
            print("every group, walking pages of two:")
            async for each in client.billing_groups.list(page_size=2):
                print(f"  {each.name!r:17} created {each.created_at:%Y-%m-%d %H:%M} UTC")
            await client.billing_groups.delete(group.id or "")
            try:
                await client.billing_groups.retrieve(group.id or "")
            except NotFoundError as error:
                print(f"after deleting it, retrieve raises NotFoundError: {error}")
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
