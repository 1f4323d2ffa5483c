"""Where the SDK spends its time beyond raw aiohttp, and what proposed changes would save.

Not part of the test suite. Four parts, each selectable::

    python benchmarks/hotpath.py components   # cost of each step of one call, no network
    python benchmarks/hotpath.py profile      # cProfile of sequential GETs and of a walk
    python benchmarks/hotpath.py whatif       # proposed changes, applied as patches, A/B
    python benchmarks/hotpath.py switches     # context switches per GET, by client
    python benchmarks/hotpath.py              # all four

``whatif`` runs each variant in a fresh process (interleaved over ``--rounds``) against the
same local server: ``current`` is the package as it is, each other variant monkeypatches one
proposed change into it at start-up (a prototype, not the package's code), ``all`` applies
every patch, and ``raw`` is raw aiohttp for reference. Once a change is in the package its
patch is removed here: left in, it would put the prototype back over the package's code.
It reports wall-clock rates and CPU microseconds per request (or item): CPU time is steadier
than wall time on a shared machine. ``switches`` counts the kernel's context switches of
the client process's threads per GET, which neither a profile nor an instruction count
sees: what a blocking call's hand-over to the loop's thread costs beyond its instructions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import itertools
import json
import logging
import os
import pstats
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from server import Catalog, ServerProcess, pin_to_cpu, wait_until_quiet

API_KEY = "KEYbenchmark0123456789"
HERE = Path(__file__).resolve().parent
WORKER_TIMEOUT = 600.0


# -- components ------------------------------------------------------------------------------


def _per_call(func: Callable[[], object], number: int) -> float:
    """Best of 5 repetitions, in microseconds per call."""
    return min(timeit.repeat(func, number=number, repeat=5)) / number * 1e6


def _per_await(make: Callable[[], Any], number: int) -> float:
    """Microseconds per ``await make()`` on a fresh loop, best of 5."""

    async def loop_it() -> None:
        for _ in range(number):
            await make()

    best = float("inf")
    with asyncio.Runner() as runner:
        for _ in range(5):
            started = time.perf_counter()
            runner.run(loop_it())
            best = min(best, (time.perf_counter() - started) / number * 1e6)
    return best


def components() -> list[tuple[str, float]]:
    """The cost of each step of ``billing_groups.retrieve`` and of a page, without I/O."""
    from tenacity import AsyncRetrying, retry_if_exception  # noqa: PLC0415

    from telnyx_access import AsyncTelnyxAccess, BillingGroup  # noqa: PLC0415
    from telnyx_access._blocking import PortalThread  # noqa: PLC0415
    from telnyx_access._engine import prepare as _prepare  # noqa: PLC0415
    from telnyx_access._models import Address  # noqa: PLC0415
    from telnyx_access._pagination import paged  # noqa: PLC0415
    from telnyx_access._parsers import enveloped  # noqa: PLC0415
    from telnyx_access._response import Reply  # noqa: PLC0415
    from telnyx_access._transport import _client_timeout  # noqa: PLC0415
    from telnyx_access.resources.billing_groups import BillingGroups  # noqa: PLC0415

    catalog = Catalog(250)
    group_body = catalog.answer(b"GET", b"/v2/billing_groups/abc").split(b"\r\n\r\n", 1)[1]
    page_target = b"/v2/addresses?page[number]=1&page[size]=250"
    page_body = catalog.answer(b"GET", page_target).split(b"\r\n\r\n", 1)[1]
    client = AsyncTelnyxAccess(api_key=API_KEY, base_url="http://127.0.0.1:9/v2")
    resource = client.billing_groups
    build = BillingGroups.__dict__["retrieve"]._func
    call = build(resource, "abc")
    parse_group, parse_page = enveloped(BillingGroup), paged(Address)
    log = logging.getLogger("telnyx_access")

    async def noop() -> int:
        return 1

    # What Engine.send saves by running the first attempt without tenacity, which it
    # builds only to retry.
    async def in_tenacity() -> int:
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda error: False),
            wait=lambda state: 0.0,
            stop=lambda state: True,
            before_sleep=lambda state: None,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await noop()
        return 0  # pragma: no cover

    async def running_loop() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    portal = PortalThread()
    portal.start()
    loop = portal.call(running_loop)

    config, timeout, debug = client._config, _client_timeout, log.isEnabledFor

    def threadsafe() -> object:
        return asyncio.run_coroutine_threadsafe(noop(), loop).result()

    def reply() -> object:
        return Reply(200, "OK", {}, group_body, 0, "GET", None)

    steps: list[tuple[str, Callable[[], object], int]] = [
        ("retrieve look-up: callable kept on the resource", lambda: resource.retrieve, 20_000),
        ("build the Call (check_str, encode_path, Call)", lambda: build(resource, "abc"), 20_000),
        ("_prepare: query, URL, headers, yarl.URL", lambda: _prepare(config, call), 20_000),
        ("_client_timeout: cached ClientTimeout, per attempt", lambda: timeout(30.0), 20_000),
        ("logger.isEnabledFor(DEBUG) (1 per call)", lambda: debug(logging.DEBUG), 20_000),
        ("Reply(...): the engine's answer, per call", reply, 20_000),
        ("parse BillingGroup: json.loads only", lambda: json.loads(group_body), 20_000),
        ("parse BillingGroup: json + _flat_structure", lambda: parse_group(group_body), 20_000),
        ("parse 250 addresses: json.loads only", lambda: json.loads(page_body), 200),
        ("parse 250 addresses: json + _flat_structure", lambda: parse_page(page_body), 200),
        ("blocking: PortalThread.call(noop), task + lock", lambda: portal.call(noop), 2000),
        ("blocking, for comparison: run_coroutine_threadsafe(noop)", threadsafe, 2000),
    ]  # fmt: skip
    rows = [(label, _per_call(func, number)) for label, func, number in steps]
    tenacity_cost = _per_await(in_tenacity, 20_000) - _per_await(noop, 20_000)
    rows.insert(
        5, ("tenacity AsyncRetrying + 1 attempt (to retry only), minus await", tenacity_cost)
    )
    portal.stop()
    return rows


# -- profile ---------------------------------------------------------------------------------

GROUPS = (
    ("telnyx_access", "telnyx_access"),
    ("tenacity", "tenacity"),
    ("structuring (cattrs + generated)", "cattrs"),
    ("attrs", "/attr/"),
    ("aiohttp/yarl/multidict", "aiohttp"),
    ("aiohttp/yarl/multidict", "yarl"),
    ("aiohttp/yarl/multidict", "multidict"),
    ("anyio", "anyio"),
    ("json", "/json/"),
    ("json", "_json"),
    ("epoll wait (idle: the server's turn)", "select.epoll"),
    ("asyncio + selectors", "asyncio"),
    ("asyncio + selectors", "selectors"),
)


def _group_of(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    if "<cattrs generated" in where or "<structure " in where:  # see _converter._flat_structure
        return "structuring (cattrs + generated)"
    for group, needle in GROUPS:
        if needle in where:
            return group
    return "other (builtins, socket, gc ...)"


def _profile_text(profile: cProfile.Profile, count: int, top: int) -> str:
    stats = pstats.Stats(profile)
    groups: dict[str, float] = {}
    total = 0.0
    for (filename, _, name), row in stats.stats.items():  # type: ignore[attr-defined]
        tottime = row[2]
        total += tottime
        group = _group_of(filename, name)
        groups[group] = groups.get(group, 0.0) + tottime
    lines = [f"  own time by package (per request/item, under cProfile; total {total:.2f}s):"]
    for group, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {group:<36}{seconds / count * 1e6:8.2f} us  {seconds / total:6.1%}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    body = out.getvalue()
    keep = body[body.find("   ncalls") :] if "   ncalls" in body else body
    lines.append(f"  top {top} functions by own time:")
    lines += ["    " + line for line in keep.strip().splitlines()]
    return "\n".join(lines)


def profile(base_url: str, requests: int, top: int) -> str:
    """cProfile of sequential GETs and of one walk, for raw aiohttp and the SDK."""
    from workloads import RawAiohttp, SdkAsync  # noqa: PLC0415

    sections = []

    async def run() -> None:
        raw, sdk = RawAiohttp(base_url, 250), SdkAsync(base_url, 250)
        await raw.open()
        for label, client in (("raw aiohttp", raw), ("sdk-async", sdk)):
            for i in range(100):
                await client.get(f"id-{i}")
            gc.collect()
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(requests):
                await client.get(f"id-{i % 100}")
            profiler.disable()
            sections.append(
                f"{label}: {requests} sequential GETs\n{_profile_text(profiler, requests, top)}"
            )
            gc.collect()
            profiler = cProfile.Profile()
            profiler.enable()
            count = 0
            async for _ in client.items():
                count += 1
            profiler.disable()
            sections.append(
                f"{label}: walk of {count} addresses\n{_profile_text(profiler, count, top)}"
            )
        await raw.close()
        await sdk.close()

    asyncio.run(run())
    return "\n\n".join(sections)


# -- context switches ------------------------------------------------------------------------


def _context_switches() -> tuple[int, int]:
    """Voluntary and involuntary context switches of this process's live threads so far.

    Linux only: read from ``/proc``, where an ended thread's counts are gone, so every
    thread measured must outlive the measurement.
    """
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        raise SystemExit("switches: needs Linux's /proc/self/task")
    voluntary = involuntary = 0
    for status in tasks.glob("*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:  # the thread ended meanwhile
            continue
        for line in lines:
            name, _, value = line.partition(":")
            if name == "voluntary_ctxt_switches":
                voluntary += int(value)
            elif name == "nonvoluntary_ctxt_switches":
                involuntary += int(value)
    return voluntary, involuntary


def _per_get(label: str, before: tuple[int, int], after: tuple[int, int], gets: int) -> str:
    voluntary, involuntary = ((a - b) / gets for a, b in zip(after, before, strict=True))
    return f"  {label:<34}{voluntary:9.2f} voluntary {involuntary:9.2f} involuntary"


def switches(base_url: str, requests: int, concurrency: int) -> str:
    """Context switches per GET of the orjson floor, the async and the blocking client.

    Each is warmed up as ``run.py`` does (its connections open, for the concurrent GETs
    too) before its counts are read.
    """
    from workloads import RawAiohttp, SdkAsync, SdkBlocking  # noqa: PLC0415

    lines = ["context switches per GET, all the client's threads"]
    warm_up = 2 * concurrency

    async def run_async(label: str, client: Any) -> None:
        await client.open()
        try:
            numbers = iter(range(warm_up))

            async def worker() -> None:
                for i in numbers:
                    await client.get(f"id-{i % 100}")

            await asyncio.gather(*(worker() for _ in range(concurrency)))  # warm-up
            before = _context_switches()
            for i in range(requests):
                await client.get(f"id-{i % 100}")
            lines.append(_per_get(f"{label}, sequential", before, _context_switches(), requests))
            numbers = iter(range(requests))
            before = _context_switches()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            after = _context_switches()
            lines.append(_per_get(f"{label}, {concurrency} tasks", before, after, requests))
        finally:
            await client.close()

    asyncio.run(run_async("raw-aiohttp-orjson", RawAiohttp(base_url, 250, decoder="orjson")))
    asyncio.run(run_async("sdk-async", SdkAsync(base_url, 250)))
    blocking = SdkBlocking(base_url, 250)

    def get(i: int) -> None:
        blocking.get(f"id-{i % 100}")

    try:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(get, range(warm_up)))  # also starts the pool's threads
            before = _context_switches()
            for i in range(requests):
                get(i)
            after = _context_switches()
            lines.append(_per_get("sdk-blocking, sequential", before, after, requests))
            before = _context_switches()
            list(pool.map(get, range(requests)))
            after = _context_switches()  # while the pool's threads still live
            lines.append(_per_get(f"sdk-blocking, {concurrency} threads", before, after, requests))
    finally:
        blocking.close()
    return "\n".join(lines)


# -- what-if patches (prototypes of the proposed changes) ----------------------------------

# Each proposal is a function that monkeypatches the change into the package, listed here
# under a name of its own; "all" applies every one. None is pending: the last ones
# (first attempt outside tenacity, cached methods, generated structure functions, page-wise
# blocking walks, the blocking hand-off, one generator hop per item) are in the package.
PATCHES: dict[str, list[Callable[[], None]]] = {"current": []}
PATCHES["all"] = [patch for patches in PATCHES.values() for patch in patches]
VARIANTS = ["raw", *PATCHES]


# -- what-if worker --------------------------------------------------------------------------


def _measure(run: Callable[[], int], repeat: int) -> dict[str, float]:
    """Best rate and lowest CPU per item over ``repeat`` back-to-back runs."""
    best = {"rate": 0.0, "cpu_us": float("inf")}
    for _ in range(repeat):
        wait_until_quiet(0.15, 10.0)
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        count = run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        best["rate"] = max(best["rate"], count / wall)
        best["cpu_us"] = min(best["cpu_us"], cpu / count * 1e6)
    return best


def whatif_worker(variant: str, base_url: str, sizes: dict[str, int]) -> dict[str, Any]:
    """Apply ``variant``'s patches, then measure the workloads it affects."""
    for patch in PATCHES.get(variant, []):
        patch()
    from workloads import RawAiohttp, SdkAsync, SdkBlocking  # noqa: PLC0415

    results: dict[str, Any] = {}
    n, concurrency, repeat = sizes["requests"], 64, sizes.get("repeat", 3)

    async def async_part() -> None:
        client = RawAiohttp(base_url, 250) if variant == "raw" else SdkAsync(base_url, 250)
        await client.open()

        async def seq(count: int) -> int:
            for i in range(count):
                await client.get(f"id-{i % 100}")
            return count

        async def conc(count: int) -> int:
            counter = itertools.count()

            async def worker() -> None:
                for i in counter:
                    if i >= count:
                        return
                    await client.get(f"id-{i % 100}")

            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return count

        async def create(count: int) -> int:
            for i in range(count):
                await client.create(f"group {i}")
            return count

        async def walk() -> int:
            return sum([1 async for _ in client.items()])

        for name, run, warm in (
            ("get_seq", lambda: seq(n), lambda: seq(100)),
            ("get_conc", lambda: conc(n * 2), lambda: conc(concurrency * 2)),
            ("create", lambda: create(n // 2), lambda: create(50)),
            ("walk", walk, lambda: seq(1)),
        ):
            await warm()
            best = {"rate": 0.0, "cpu_us": float("inf")}
            for _ in range(repeat):
                wait_until_quiet(0.15, 10.0)
                gc.collect()
                wall, cpu = time.perf_counter(), time.process_time()
                count = await run()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                best["rate"] = max(best["rate"], count / wall)
                best["cpu_us"] = min(best["cpu_us"], cpu / count * 1e6)
            results[name] = best
        await client.close()

    asyncio.run(async_part())
    if variant != "raw":
        results.update(_blocking_part(SdkBlocking(base_url, 250), n, concurrency, repeat))
    return results


def _blocking_part(blocking: Any, n: int, concurrency: int, repeat: int) -> dict[str, Any]:
    """The blocking client's workloads: sequential GETs, GETs on threads, a walk."""
    results: dict[str, Any] = {}
    pool = ThreadPoolExecutor(max_workers=concurrency)

    def seq(count: int) -> int:
        for i in range(count):
            blocking.get(f"id-{i % 100}")
        return count

    def threads(count: int) -> int:
        counter = itertools.count()

        def worker() -> None:
            for i in counter:
                if i >= count:
                    return
                blocking.get(f"id-{i % 100}")

        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
        return count

    try:
        seq(100)
        results["blocking_get_seq"] = _measure(lambda: seq(n // 2), repeat)
        threads(concurrency * 2)
        results["blocking_get_threads"] = _measure(lambda: threads(n), repeat)
        results["blocking_walk"] = _measure(lambda: sum(1 for _ in blocking.items()), repeat)
    finally:
        pool.shutdown()
        blocking.close()
    return results


def whatif(server: ServerProcess, rounds: int, sizes: dict[str, int], variants: list[str]) -> Any:
    """Every variant in a fresh process, interleaved; medians per variant and workload."""
    samples: dict[str, list[dict[str, Any]]] = {variant: [] for variant in variants}
    for number in range(rounds):
        shift = number % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            wait_until_quiet(0.15, 60.0)
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "whatif-worker",
                "--variant",
                variant,
                "--base-url",
                server.base_url,
                "--sizes",
                json.dumps(sizes),
            ]
            done = subprocess.run(  # noqa: S603 - our own script, with sys.executable
                command, capture_output=True, text=True, timeout=WORKER_TIMEOUT, check=False
            )
            if done.returncode != 0:
                tail = " | ".join(done.stderr.strip().splitlines()[-3:])
                sys.stderr.write(f"whatif: {variant} failed: {tail}\n")
                continue
            samples[variant].append(json.loads(done.stdout.strip().splitlines()[-1]))
            sys.stderr.write(f"whatif round {number + 1}/{rounds}: {variant} done\n")
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for variant, runs in samples.items():
        if not runs:
            continue
        summary[variant] = {}
        for workload in runs[0]:
            summary[variant][workload] = {
                "rate": statistics.median(run[workload]["rate"] for run in runs),
                "cpu_us": statistics.median(run[workload]["cpu_us"] for run in runs),
            }
    return summary, samples


def render_whatif(summary: dict[str, dict[str, dict[str, float]]]) -> str:
    """Rates, CPU per request and ratios to ``current`` and to ``raw``."""
    workloads = list(summary.get("current", next(iter(summary.values()))))
    lines = [
        "what-if: median rate (req/s or items/s) | CPU us per request or item | "
        "rate vs current | rate vs raw aiohttp"
    ]
    for workload in workloads:
        lines.append(f"  {workload}")
        base = summary.get("current", {}).get(workload)
        raw = summary.get("raw", {}).get(workload)
        for variant, rows in summary.items():
            row = rows.get(workload)
            if row is None:
                continue
            versus = f"{row['rate'] / base['rate']:6.2f}x" if base else "      "
            floor = f"{row['rate'] / raw['rate']:6.2f}x" if raw else "      "
            lines.append(
                f"    {variant:<16}{row['rate']:>10,.0f}/s {row['cpu_us']:>8.1f} us"
                f"   {versus} current   {floor} raw"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the parts asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "part",
        nargs="?",
        default="all",
        choices=["all", "components", "profile", "whatif", "switches", "whatif-worker"],
    )
    parser.add_argument("--requests", type=int, default=2000, help="GETs per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="what-if rounds")
    parser.add_argument("--repeat", type=int, default=3, help="runs per workload, best kept")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    parser.add_argument("--json", type=Path, help="also write the what-if medians here")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part == "whatif-worker":
        result = whatif_worker(args.variant, args.base_url, json.loads(args.sizes))
        sys.stdout.write(json.dumps(result) + "\n")
        return
    if not (1 <= args.rounds <= 50 and 1 <= args.repeat <= 20 and 1 <= args.requests <= 10**6):
        parser.error("--rounds must be 1..50, --repeat 1..20 and --requests 1..1000000")
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    server_cpu = cpus[0] if len(cpus) > 1 else None
    out = sys.stdout
    if args.part in ("all", "components"):
        if server_cpu is not None:
            pin_to_cpu(cpus[1])
        out.write("components of one call (microseconds, best of 5, no network)\n")
        for label, micros in components():
            out.write(f"  {label:<66}{micros:9.2f} us\n")
        out.write("\n")
    if args.part in ("all", "profile", "whatif", "switches"):
        with ServerProcess(cpu=server_cpu) as server:
            if server_cpu is not None:
                os.sched_setaffinity(0, set(cpus[1:]))
            if args.part in ("all", "profile"):
                out.write(profile(server.base_url, args.requests, args.top) + "\n\n")
            if args.part in ("all", "switches"):
                out.write(switches(server.base_url, args.requests, concurrency=64) + "\n\n")
            if args.part in ("all", "whatif"):
                variants = [v for v in args.variants.split(",") if v in VARIANTS]
                sizes = {"requests": args.requests, "repeat": args.repeat}
                summary, samples = whatif(server, args.rounds, sizes, variants)
                out.write(render_whatif(summary) + "\n")
                if args.json:
                    args.json.write_text(json.dumps({"summary": summary, "samples": samples}))


if __name__ == "__main__":
    main()
