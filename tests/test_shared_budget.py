"""One budget for four processes, kept in a real Redis server the test starts.

Each process has its own client and its own ``SharedRateLimiter`` over the same Redis key;
the fake in this process enforces the budget and counts every 429 it sends. The shared rate
is set under the fake's budget, as the docs advise: a request let through at the end of
one window can reach the server in the next, later by however long it took to send and to
be read (on two busy cores, up to a few hundred milliseconds).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from telnyx_access.testing import FakeTelnyx

from .helpers import add_groups, numbered_group_id
from .real_parts import redis_server

WORKER = r"""
import asyncio, json, sys
from telnyx_access import AsyncTelnyxAccess, SharedRateLimiter

base_url, key, redis_uri, ident, calls = sys.argv[1:6]

async def main():
    limiter = SharedRateLimiter("70/second", redis_uri, key="shared-budget-test")
    async with AsyncTelnyxAccess(key, base_url=base_url, rate_limiter=limiter) as client:
        async def task():
            for _ in range(int(calls) // 10):
                await client.billing_groups.retrieve(ident)
            return int(calls) // 10
        done = await asyncio.gather(*(task() for _ in range(10)))
    print(json.dumps({"done": sum(done)}))

asyncio.run(main())
"""


@pytest.fixture
def redis_uri(tmp_path: Path) -> Iterator[str]:
    """A Redis server of this test's own; its URI."""
    with redis_server(tmp_path) as uri:
        yield uri


@pytest.mark.timeout(120)
def test_four_processes_share_one_budget_through_redis(redis_uri: str) -> None:
    """4 processes x 100 calls through one Redis-kept 70/s budget: no 429 from a 100/s server."""
    with FakeTelnyx(rate_limit="100/second") as fake:
        add_groups(fake, [1])
        arguments = [fake.base_url, fake.api_key, redis_uri, numbered_group_id(1), "100"]
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, *arguments],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [worker.communicate(timeout=100) for worker in workers]
        for worker, (out, err) in zip(workers, outputs, strict=True):
            assert worker.returncode == 0, err
            assert json.loads(out) == {"done": 100}
        assert (fake.served, fake.rate_limited) == (400, 0)
