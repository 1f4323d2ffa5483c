"""Manage billing groups with the async client, against FakeTelnyx, the SDK's own fake API.

Run it with ``python examples/billing_groups.py``: it needs no API key and no network.
For the real API, drop the fake, set ``TELNYX_API_KEY`` and call ``AsyncTelnyxAccess()``.
"""

from __future__ import annotations

import asyncio

from telnyx_access import AsyncTelnyxAccess, NotFoundError
from telnyx_access.testing import FakeTelnyx


async def main() -> None:
    async with (
        FakeTelnyx() as fake,
        AsyncTelnyxAccess(api_key=fake.api_key, base_url=fake.base_url) as client,
    ):
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


if __name__ == "__main__":
    asyncio.run(main())
