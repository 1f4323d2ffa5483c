"""Load: many concurrent calls on one client all get the right answer, within the pool.

Open connections are measured on the server side with ``ConnectionGauge`` (exact peak of
connections the fake held open at once) and cross-checked on the client side by counting
this process's ESTABLISHED sockets to the fake in /proc. Afterwards nothing may be left:
no task, no thread, no file descriptor.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access._config import DEFAULT_MAX_CONNECTIONS
from telnyx_access.testing import FakeTelnyx

from ..clients import client_settings
from .support import (
    ConnectionGauge,
    await_until,
    established_to,
    live_threads,
    open_fds,
    seeded_groups,
    wait_until,
)

TASKS = 200
PER_TASK = 50
THREADS = 64
PER_THREAD = 50
GET = {"method": "GET", "path": r"/billing_groups/[^/]+"}


async def call_all(
    client: AsyncTelnyxAccess, groups: dict[str, str], tasks: int, per_task: int
) -> list[str]:
    """Run ``tasks`` tasks of ``per_task`` retrieves each; return every wrong answer."""
    ids = sorted(groups)
    start = asyncio.Event()

    async def worker(number: int) -> list[str]:
        await start.wait()
        wrong = []
        for i in range(per_task):
            ident = ids[(number + i) % len(ids)]
            group = await client.billing_groups.retrieve(ident)
            if (group.id, group.name) != (ident, groups[ident]):
                wrong.append(f"{ident} -> {group.id} {group.name}")
        return wrong

    running = [asyncio.ensure_future(worker(n)) for n in range(tasks)]
    start.set()
    results = await asyncio.gather(*running)
    return [each for result in results for each in result]


@pytest.mark.timeout(240)
@pytest.mark.anyio
async def test_10000_requests_from_200_tasks_on_one_async_client() -> None:
    """10,000 retrieves from 200 tasks: all right, <= max_connections connections, no leaks."""
    fds_before, threads_before = open_fds(), live_threads()
    tasks_before = asyncio.all_tasks()
    started = time.monotonic()
    async with FakeTelnyx(seed=True) as fake:
        gauge = ConnectionGauge(fake)
        groups = seeded_groups(fake)
        async with AsyncTelnyxAccess(**client_settings(fake)) as client:
            wrong = await call_all(client, groups, TASKS, PER_TASK)
            pooled = established_to(fake.port)
        answered = fake.count(**GET)
    elapsed = time.monotonic() - started
    # Shown with `pytest -s`: docs/reliability.md quotes these lines.
    print(
        f"\nasync load: {answered} requests, {TASKS} tasks, peak {gauge.peak} connections, "
        f"{len(gauge.peers)} distinct, {pooled} pooled at the end, {elapsed:.1f}s"
    )
    assert wrong == []
    assert answered == TASKS * PER_TASK
    assert 2 <= gauge.peak <= DEFAULT_MAX_CONNECTIONS
    assert 1 <= pooled <= DEFAULT_MAX_CONNECTIONS
    await await_until(lambda: open_fds() <= fds_before, "file descriptors to be released")
    assert asyncio.all_tasks() == tasks_before
    assert live_threads() <= threads_before


@pytest.mark.timeout(240)
@pytest.mark.anyio
async def test_load_with_faults_mixed_in() -> None:
    """2,000 retrieves from 100 tasks through 100 503s and 50 drops: all answered, 2,150 sent."""
    fds_before, tasks_before = open_fds(), asyncio.all_tasks()
    async with FakeTelnyx(seed=True) as fake:
        gauge = ConnectionGauge(fake)
        groups = seeded_groups(fake)
        fake.inject(503, times=100, headers={"Retry-After": "0"}, **GET)
        fake.inject(drop=True, times=50, **GET)
        # max_retries above the number of faults: no call can run out of attempts.
        async with AsyncTelnyxAccess(**client_settings(fake), max_retries=200) as client:
            wrong = await call_all(client, groups, 100, 20)
        sent = fake.count(**GET)
    print(
        f"\nfaulty load: {sent} requests for 2000 calls, peak {gauge.peak} connections, "
        f"{gauge.total} opened"
    )
    assert wrong == []
    assert sent == 2000 + 100 + 50
    assert gauge.peak <= DEFAULT_MAX_CONNECTIONS
    await await_until(lambda: open_fds() <= fds_before, "file descriptors to be released")
    assert asyncio.all_tasks() == tasks_before


@pytest.mark.timeout(240)
def test_64_threads_share_one_blocking_client(seeded_fake: FakeTelnyx) -> None:
    """64 threads x 50 retrieves on one TelnyxAccess: all right, pool bounded, nothing leaked."""
    groups = seeded_groups(seeded_fake)
    ids = sorted(groups)
    fds_before, threads_before = open_fds(), live_threads()
    gauge = ConnectionGauge(seeded_fake)
    barrier = threading.Barrier(THREADS)
    wrong: list[str] = []
    failures: list[BaseException] = []
    done: list[int] = []
    lock = threading.Lock()
    started = time.monotonic()
    client = TelnyxAccess(**client_settings(seeded_fake))

    def worker(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            for i in range(PER_THREAD):
                ident = ids[(number + i) % len(ids)]
                group = client.billing_groups.retrieve(ident)
                if (group.id, group.name) != (ident, groups[ident]):
                    with lock:
                        wrong.append(ident)
            with lock:
                done.append(number)
        except BaseException as error:  # reported by the main thread
            with lock:
                failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=200)
    pooled = established_to(seeded_fake.port)
    client.close()
    elapsed = time.monotonic() - started
    answered = seeded_fake.count(**GET)
    print(
        f"\nblocking load: {answered} requests, {THREADS} threads, peak {gauge.peak} "
        f"connections, {pooled} pooled at the end, {elapsed:.1f}s"
    )
    assert failures == []
    assert wrong == []
    assert sorted(done) == list(range(THREADS))
    assert answered == THREADS * PER_THREAD
    assert 1 <= gauge.peak <= min(THREADS, DEFAULT_MAX_CONNECTIONS)
    assert pooled <= min(THREADS, DEFAULT_MAX_CONNECTIONS)
    wait_until(lambda: live_threads() <= threads_before, "the client's threads to end")
    wait_until(lambda: open_fds() <= fds_before, "file descriptors to be released")
