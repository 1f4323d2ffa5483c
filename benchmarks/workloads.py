"""The clients under test and the workloads they run: one client per worker process.

``run.py`` starts this file once per client and round::

    python benchmarks/workloads.py --client sdk-async --workloads get_seq,walk
        --base-url http://127.0.0.1:PORT/v2 --delay-base-url http://127.0.0.1:PORT2/v2
        --sizes '{"get_seq": 2000, ...}' --server-pids 123,124

(one command line, wrapped here)
and reads one JSON line back: for each workload, its wall time, how many requests (or
items, for walks) it did, and the CPU seconds used meanwhile by this process and by the
servers. ``--rss`` instead walks every address once and reports the peak resident memory.

The clients: two floors, raw aiohttp decoding with ``json`` (``raw-aiohttp``) and with
``orjson`` (``raw-aiohttp-orjson``); this SDK, async and blocking (and the async one walking
with ``prefetch=0`` and ``prefetch=8``); the official ``telnyx``, sync, async, and async
over aiohttp.

Every client first warms up (connections open, per-class parsers built) outside the timed
part. A separate process per client keeps one client's imports and heap (the official
``telnyx`` package brings pydantic and hundreds of models) from slowing another's.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import resource
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

API_KEY = "KEYbenchmark0123456789"
GROUP_IDS = [f"6a09cdc3-8948-47f0-aa62-{n:012d}" for n in range(100)]
"""The ids the GET workloads cycle through (the server echoes them back)."""

WORKLOADS = ("get_seq", "get_conc", "walk", "walk_delay", "create")
WALKS = ("walk", "walk_delay")

BLOCKING_CLIENTS = ("sdk-blocking", "telnyx-sync")
PREFETCH_VARIANTS = {"sdk-async-prefetch0": 0, "sdk-async-prefetch8": 8}
"""The async SDK walking with an explicit ``prefetch=`` (walks only)."""
FLOORS = ("raw-aiohttp", "raw-aiohttp-orjson")
"""Raw aiohttp decoding with ``json``, and with ``orjson``: every ratio is to both."""
CLIENTS = (
    *FLOORS,
    "sdk-async",
    "sdk-blocking",
    "telnyx-sync",
    "telnyx-async",
    "telnyx-async-aiohttp",
)
OFFICIAL = ("telnyx-sync", "telnyx-async", "telnyx-async-aiohttp")

MAX_PAGES = 100_000
"""Upper bound on pages in one walk, whatever the server says."""
JSON_BODY = {"Content-Type": "application/json"}
"""The header a request body of encoded JSON goes with."""


def _json_dumps(document: Any) -> bytes:
    """``json.dumps`` as aiohttp's ``json=`` calls it, encoded to bytes."""
    return json.dumps(document).encode()


# -- async clients ---------------------------------------------------------------------------


class RawAiohttp:
    """A floor: one ``aiohttp.ClientSession``, no models, no retries; ``decoder`` its JSON.

    ``decoder="json"`` (``raw-aiohttp``) reads bodies with ``json.loads``;
    ``decoder="orjson"`` (``raw-aiohttp-orjson``) with ``orjson.loads``, the decoder the SDK
    uses. Either way the body is read as bytes and decoded in one call (``response.json()``
    would first decode it to text), and a create's body is encoded with the same library
    (``json.dumps(...).encode()``, as aiohttp's ``json=`` does, or ``orjson.dumps``) and sent
    as bytes with ``Content-Type: application/json``, as the SDK sends it (aiohttp 3.14's
    ``json_serialize_bytes=orjson.dumps`` was no faster, and older aiohttp lacks it). So the
    two floors differ in the JSON library only.
    """

    def __init__(
        self, base_url: str, page_size: int, *, decoder: Literal["json", "orjson"] = "json"
    ) -> None:
        self._base = base_url
        self._page_size = page_size
        self._session: Any = None
        self._loads: Callable[[bytes], Any]
        self._dumps: Callable[[Any], bytes]
        if decoder == "orjson":
            import orjson  # noqa: PLC0415 - only this client's worker needs it

            self._loads, self._dumps = orjson.loads, orjson.dumps
        else:
            self._loads, self._dumps = json.loads, _json_dumps

    async def open(self) -> None:
        """Make the session (inside the running loop)."""
        import aiohttp  # noqa: PLC0415 - each worker imports only its own client

        self._session = aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {API_KEY}"},
            connector=aiohttp.TCPConnector(limit=100),
        )

    async def close(self) -> None:
        """Close the session."""
        await self._session.close()

    async def get(self, group_id: str) -> Any:
        """``GET /billing_groups/{id}``."""
        async with self._session.get(f"{self._base}/billing_groups/{group_id}") as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"GET answered {response.status}")
        return self._loads(body)["data"]

    async def create(self, name: str) -> Any:
        """``POST /billing_groups``."""
        async with self._session.post(
            f"{self._base}/billing_groups", data=self._dumps({"name": name}), headers=JSON_BODY
        ) as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"POST answered {response.status}")
        return self._loads(body)["data"]

    async def items(self) -> AsyncIterator[Any]:
        """Every address, one page after another."""
        for number in range(1, MAX_PAGES + 1):
            url = f"{self._base}/addresses?page[number]={number}&page[size]={self._page_size}"
            async with self._session.get(url) as response:
                body = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"GET answered {response.status}")
            document = self._loads(body)
            for item in document["data"]:
                yield item
            meta = document["meta"]
            if not document["data"] or meta["page_number"] >= meta["total_pages"]:
                return


class SdkAsync:
    """``telnyx_access.AsyncTelnyxAccess``, as documented."""

    def __init__(self, base_url: str, page_size: int) -> None:
        from telnyx_access import AsyncTelnyxAccess  # noqa: PLC0415

        self._client = AsyncTelnyxAccess(api_key=API_KEY, base_url=base_url)
        self._page_size = page_size

    async def open(self) -> None:
        """Nothing to do: the session opens on first use."""

    async def close(self) -> None:
        """Close the client."""
        await self._client.aclose()

    async def get(self, group_id: str) -> Any:
        """``billing_groups.retrieve``."""
        return await self._client.billing_groups.retrieve(group_id)

    async def create(self, name: str) -> Any:
        """``billing_groups.create``."""
        return await self._client.billing_groups.create(name=name)

    def items(self) -> AsyncIterator[Any]:
        """``async for a in client.addresses.list(page_size=...)``."""
        return aiter(self._client.addresses.list(page_size=self._page_size))


class SdkAsyncPrefetch(SdkAsync):
    """``AsyncTelnyxAccess`` walking with an explicit ``prefetch=`` (pages fetched ahead).

    Walks only. ``prefetch=0`` is one page after another, as before prefetching existed.
    """

    def __init__(self, base_url: str, page_size: int, prefetch: int) -> None:
        super().__init__(base_url, page_size)
        self._prefetch = prefetch

    def items(self) -> AsyncIterator[Any]:
        """``async for a in client.addresses.list(page_size=..., prefetch=...)``."""
        paginator = self._client.addresses.list(page_size=self._page_size, prefetch=self._prefetch)
        return aiter(paginator)


class TelnyxAsync:
    """The official ``telnyx.AsyncTelnyx`` (httpx by default, or its aiohttp transport)."""

    def __init__(self, base_url: str, page_size: int, *, aiohttp_transport: bool) -> None:
        import telnyx  # noqa: PLC0415

        options: dict[str, Any] = {}
        if aiohttp_transport:
            options["http_client"] = telnyx.DefaultAioHttpClient()
        self._client = telnyx.AsyncTelnyx(api_key=API_KEY, base_url=base_url, **options)
        self._page_size = page_size

    async def open(self) -> None:
        """Nothing to do."""

    async def close(self) -> None:
        """Close the client."""
        await self._client.close()

    async def get(self, group_id: str) -> Any:
        """``billing_groups.retrieve``."""
        return await self._client.billing_groups.retrieve(group_id)

    async def create(self, name: str) -> Any:
        """``billing_groups.create``."""
        return await self._client.billing_groups.create(name=name)

    def items(self) -> AsyncIterator[Any]:
        """``async for a in client.addresses.list(page_size=...)``."""
        return aiter(self._client.addresses.list(page_size=self._page_size))


# -- blocking clients ------------------------------------------------------------------------


class SdkBlocking:
    """``telnyx_access.TelnyxAccess``."""

    def __init__(self, base_url: str, page_size: int) -> None:
        from telnyx_access import TelnyxAccess  # noqa: PLC0415

        self._client = TelnyxAccess(api_key=API_KEY, base_url=base_url)
        self._page_size = page_size

    def close(self) -> None:
        """Close the client (and its loop thread)."""
        self._client.close()

    def get(self, group_id: str) -> Any:
        """``billing_groups.retrieve``."""
        return self._client.billing_groups.retrieve(group_id)

    def create(self, name: str) -> Any:
        """``billing_groups.create``."""
        return self._client.billing_groups.create(name=name)

    def items(self) -> Any:
        """``for a in client.addresses.list(page_size=...)``."""
        return iter(self._client.addresses.list(page_size=self._page_size))


class TelnyxSync:
    """The official ``telnyx.Telnyx``."""

    def __init__(self, base_url: str, page_size: int) -> None:
        import telnyx  # noqa: PLC0415

        self._client = telnyx.Telnyx(api_key=API_KEY, base_url=base_url)
        self._page_size = page_size

    def close(self) -> None:
        """Close the client."""
        self._client.close()

    def get(self, group_id: str) -> Any:
        """``billing_groups.retrieve``."""
        return self._client.billing_groups.retrieve(group_id)

    def create(self, name: str) -> Any:
        """``billing_groups.create``."""
        return self._client.billing_groups.create(name=name)

    def items(self) -> Any:
        """``for a in client.addresses.list(page_size=...)``."""
        return iter(self._client.addresses.list(page_size=self._page_size))


def make_client(name: str, base_url: str, page_size: int) -> Any:
    """The client called ``name``, pointed at ``base_url``."""
    factories: dict[str, Callable[[], Any]] = {
        "raw-aiohttp": lambda: RawAiohttp(base_url, page_size),
        "raw-aiohttp-orjson": lambda: RawAiohttp(base_url, page_size, decoder="orjson"),
        "sdk-async": lambda: SdkAsync(base_url, page_size),
        "sdk-async-prefetch0": lambda: SdkAsyncPrefetch(base_url, page_size, 0),
        "sdk-async-prefetch8": lambda: SdkAsyncPrefetch(base_url, page_size, 8),
        "telnyx-async": lambda: TelnyxAsync(base_url, page_size, aiohttp_transport=False),
        "telnyx-async-aiohttp": lambda: TelnyxAsync(base_url, page_size, aiohttp_transport=True),
        "sdk-blocking": lambda: SdkBlocking(base_url, page_size),
        "telnyx-sync": lambda: TelnyxSync(base_url, page_size),
    }
    return factories[name]()


# -- measuring -------------------------------------------------------------------------------


class Meter:
    """Wall time, this process's CPU time and the servers' CPU time over one workload."""

    def __init__(self, server_pids: list[int], quiet: float = 1.0, *, collect: bool = True) -> None:
        self._server_pids = server_pids
        self._quiet = quiet
        self._collect = collect
        """Whether to collect garbage before each run (``instructions.py`` counts without)."""

    def _servers_cpu(self) -> float | None:
        from server import process_cpu_seconds  # noqa: PLC0415 - same folder

        total = 0.0
        for pid in self._server_pids:
            used = process_cpu_seconds(pid)
            if used is None:
                return None
            total += used
        return total

    def start(self) -> tuple[float, float, float | None]:
        """Read the clocks, after a wait for quiet and a garbage collection.

        The wait (10 s at most) lets other work on the machine calm down; the collection
        clears what the last run left.
        """
        if self._quiet < 1:
            from server import wait_until_quiet  # noqa: PLC0415 - same folder

            wait_until_quiet(self._quiet, 10.0)
        if self._collect:
            gc.collect()
        return time.perf_counter(), time.process_time(), self._servers_cpu()

    def stop(self, started: tuple[float, float, float | None], count: int) -> dict[str, Any]:
        """The measurement since ``started``, for ``count`` requests or items."""
        wall, cpu, server = time.perf_counter(), time.process_time(), self._servers_cpu()
        seconds = wall - started[0]
        server_cpu = None if server is None or started[2] is None else server - started[2]
        return {
            "seconds": seconds,
            "count": count,
            "rate": count / seconds,
            "client_cpu": (cpu - started[1]) / seconds,
            "cpu_rate": count / max(cpu - started[1], 1e-9),
            "server_cpu": None if server_cpu is None else server_cpu / seconds,
        }


def best_of(measured: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of back-to-back runs (the least disturbed by other work), with them all.

    ``cpu_rate`` (requests per CPU-second of this process) is the best of all runs too.
    """
    best = dict(max(measured, key=lambda run: run["rate"]))
    best["cpu_rate"] = max(run["cpu_rate"] for run in measured)
    best["runs"] = [run["rate"] for run in measured]
    return best


async def _drain_async(items: AsyncIterator[Any]) -> int:
    count = 0
    async for _ in items:
        count += 1
    return count


async def _run_async(
    name: str, args: argparse.Namespace, sizes: dict[str, int], meter: Meter
) -> dict[str, Any]:
    page_size = sizes["page_size"]
    bare = make_client(name, args.base_url, page_size)
    delayed = make_client(name, args.delay_base_url, page_size)
    await bare.open()
    await delayed.open()
    concurrency = sizes["concurrency"]

    async def get_seq(n: int) -> int:
        for i in range(n):
            await bare.get(GROUP_IDS[i % len(GROUP_IDS)])
        return n

    async def get_conc(n: int) -> int:
        counter = itertools.count()

        async def worker() -> None:
            for i in counter:
                if i >= n:
                    return
                await bare.get(GROUP_IDS[i % len(GROUP_IDS)])

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return n

    async def create(n: int) -> int:
        for i in range(n):
            await bare.create(f"group {i}")
        return n

    async def walk(client: Any) -> int:
        return await _drain_async(client.items())

    runs: dict[str, Callable[[], Awaitable[int]]] = {
        "get_seq": lambda: get_seq(sizes["get_seq"]),
        "get_conc": lambda: get_conc(sizes["get_conc"]),
        "create": lambda: create(sizes["create"]),
        "walk": lambda: walk(bare),
        "walk_delay": lambda: walk(delayed),
    }
    warmups: dict[str, Callable[[], Awaitable[int]]] = {
        "get_seq": lambda: get_seq(50),
        "get_conc": lambda: get_conc(concurrency * 2),
        "create": lambda: create(20),
        "walk": lambda: _first_page(bare),
        "walk_delay": lambda: _first_page(delayed),
    }
    results: dict[str, Any] = {}
    try:
        for workload in args.workloads:
            await warmups[workload]()
            measured = []
            for _ in range(sizes.get("repeat", 1)):
                started = meter.start()
                measured.append(meter.stop(started, await runs[workload]()))
            if measured:  # repeat 0: the warm-up only (instructions.py's baseline)
                results[workload] = best_of(measured)
    finally:
        await bare.close()
        await delayed.close()
    return results


async def _first_page(client: Any) -> int:
    items = client.items()
    try:
        await anext(items)
    finally:
        aclose = getattr(items, "aclose", None)
        if aclose is not None:
            await aclose()
    return 1


def _run_blocking(
    name: str, args: argparse.Namespace, sizes: dict[str, int], meter: Meter
) -> dict[str, Any]:
    page_size = sizes["page_size"]
    bare = make_client(name, args.base_url, page_size)
    delayed = make_client(name, args.delay_base_url, page_size)
    concurrency = sizes["concurrency"]
    pool = ThreadPoolExecutor(max_workers=concurrency)

    def get_seq(n: int) -> int:
        for i in range(n):
            bare.get(GROUP_IDS[i % len(GROUP_IDS)])
        return n

    def get_conc(n: int) -> int:
        counter = itertools.count()

        def worker() -> None:
            for i in counter:
                if i >= n:
                    return
                bare.get(GROUP_IDS[i % len(GROUP_IDS)])

        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
        return n

    def create(n: int) -> int:
        for i in range(n):
            bare.create(f"group {i}")
        return n

    def walk(client: Any) -> int:
        return sum(1 for _ in client.items())

    def first_page(client: Any) -> int:
        items = client.items()
        next(items)
        close = getattr(items, "close", None)
        if close is not None:
            close()
        return 1

    runs: dict[str, Callable[[], int]] = {
        "get_seq": lambda: get_seq(sizes["get_seq"]),
        "get_conc": lambda: get_conc(sizes["get_conc"]),
        "create": lambda: create(sizes["create"]),
        "walk": lambda: walk(bare),
        "walk_delay": lambda: walk(delayed),
    }
    warmups: dict[str, Callable[[], int]] = {
        "get_seq": lambda: get_seq(50),
        "get_conc": lambda: get_conc(concurrency * 2),
        "create": lambda: create(20),
        "walk": lambda: first_page(bare),
        "walk_delay": lambda: first_page(delayed),
    }
    results: dict[str, Any] = {}
    try:
        for workload in args.workloads:
            warmups[workload]()
            measured = []
            for _ in range(sizes.get("repeat", 1)):
                started = meter.start()
                measured.append(meter.stop(started, runs[workload]()))
            if measured:  # repeat 0: the warm-up only (instructions.py's baseline)
                results[workload] = best_of(measured)
    finally:
        pool.shutdown(wait=True)
        bare.close()
        delayed.close()
    return results


def _memory_kb() -> dict[str, int]:
    """Current and peak resident set size in KiB (``/proc``; else ``ru_maxrss`` only)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"rss": peak, "peak": peak}
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {"rss": int(fields["VmRSS"].split()[0]), "peak": int(fields["VmHWM"].split()[0])}


def _measure_rss(name: str, args: argparse.Namespace, sizes: dict[str, int]) -> dict[str, Any]:
    """Walk every address once in this fresh process; memory before and at the peak."""
    page_size = sizes["page_size"]
    if name in BLOCKING_CLIENTS:
        client = make_client(name, args.base_url, page_size)
        before = _memory_kb()
        try:
            count = sum(1 for _ in client.items())
        finally:
            client.close()
    else:

        async def walk() -> tuple[dict[str, int], int]:
            client = make_client(name, args.base_url, page_size)
            await client.open()
            before = _memory_kb()
            try:
                return before, await _drain_async(client.items())
            finally:
                await client.close()

        before, count = asyncio.run(walk())
    after = _memory_kb()
    return {
        "count": count,
        "rss_before_walk_kb": before["rss"],
        "peak_rss_kb": after["peak"],
        "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "walk_growth_kb": after["peak"] - before["rss"],
    }


def main(argv: list[str] | None = None) -> None:
    """Run the workloads asked for and print one JSON line of results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", required=True, choices=CLIENTS + tuple(PREFETCH_VARIANTS))
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--delay-base-url")
    parser.add_argument("--sizes", required=True, help="JSON: counts per workload")
    parser.add_argument("--server-pids", default="")
    parser.add_argument("--rss", action="store_true", help="measure peak memory of one walk")
    args = parser.parse_args(argv)
    args.workloads = [w for w in args.workloads.split(",") if w]
    unknown = set(args.workloads) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {sorted(unknown)}")
    args.delay_base_url = args.delay_base_url or args.base_url
    sizes = json.loads(args.sizes)
    meter = Meter(
        [int(pid) for pid in args.server_pids.split(",") if pid],
        sizes.get("quiet", 1.0),
        collect=sizes.get("collect", True),
    )
    if args.rss:
        results = _measure_rss(args.client, args, sizes)
    elif args.client in BLOCKING_CLIENTS:
        results = _run_blocking(args.client, args, sizes, meter)
    else:
        results = asyncio.run(_run_async(args.client, args, sizes, meter))
    sys.stdout.write(json.dumps({"client": args.client, "pid": os.getpid(), **results}) + "\n")


if __name__ == "__main__":
    main()
