"""Benchmark runner: this SDK against raw aiohttp (the floor) and the official ``telnyx``.

Not part of the test suite. Run from the repository root::

    python benchmarks/run.py                 # the full run (about 5 minutes)
    python benchmarks/run.py --quick         # a smoke run of the runner itself (seconds)
    python benchmarks/run.py --json out.json --rounds 7 --clients raw-aiohttp,sdk-async

What it does, in one run:

1. Starts two ``server.py`` processes on 127.0.0.1 (free ports), one answering at once and one
   holding every answer back 20 ms, pinned to the first core; this process and its workers
   are pinned to the other cores (when the machine has more than one).
2. Checks the server is not the bottleneck: raw aiohttp with 256 concurrent requests, and the
   server's CPU use (share of one core) during that and during every workload.
3. Runs ``--rounds`` rounds; in each, every client runs every workload once in a fresh worker
   process (``workloads.py``), the order of clients and of workloads rotated per round.
   Workloads: 2,000 sequential ``billing_groups.retrieve``; 5,000 of them over 64 concurrent
   tasks (threads for blocking clients, sharing one client); walking 10,000 addresses with
   ``page_size=250`` on bare loopback and against the 20 ms server; 1,000
   ``billing_groups.create``.
4. Measures peak RSS of one walk of all addresses, each client in a fresh process.
5. Times ``import telnyx_access``, its dependencies together, and ``import telnyx`` in fresh
   interpreters (median of several, minus the interpreter's own start-up).
6. Prints medians and each client's ratio to raw aiohttp, checks the targets of issue 8, and
   writes everything (every sample, the machine, the load average) as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from server import ServerProcess, wait_until_quiet
from workloads import BLOCKING_CLIENTS, CLIENTS, OFFICIAL, PREFETCH_VARIANTS, WALKS, WORKLOADS

HERE = Path(__file__).resolve().parent
WORKER = HERE / "workloads.py"
FLOOR = "raw-aiohttp"
WORKER_TIMEOUT = 900.0
"""Seconds one worker process may take before it is stopped."""

FULL = {
    "get_seq": 2000,
    "get_conc": 5000,
    "concurrency": 64,
    "create": 1000,
    "page_size": 250,
    "addresses": 10_000,
    "repeat": 3,
}
QUICK = {
    "get_seq": 200,
    "get_conc": 500,
    "concurrency": 64,
    "create": 100,
    "page_size": 100,
    "addresses": 2000,
    "repeat": 1,
}
LABELS = {
    "get_seq": "GET seq",
    "get_conc": "GET x64",
    "walk": "walk",
    "walk_delay": "walk 20ms",
    "create": "create",
}
UNITS = {"walk": "items/s", "walk_delay": "items/s"}
IMPORTS = {
    "telnyx_access": "import telnyx_access",
    "telnyx_access_clients": "from telnyx_access import AsyncTelnyxAccess, TelnyxAccess",
    "deps": "import aiohttp, attrs, cattrs, tenacity, anyio",
    "deps_as_used": (
        "import aiohttp, attrs, cattrs.gen, cattrs.preconf.json, tenacity, anyio.from_thread"
    ),
    "telnyx": "import telnyx",
}
PACKAGES = (
    "telnyx-access",
    "aiohttp",
    "yarl",
    "multidict",
    "attrs",
    "cattrs",
    "tenacity",
    "anyio",
    "orjson",
    "telnyx",
    "httpx",
    "httpx-aiohttp",
    "pydantic",
)


def _decoder(packages: dict[str, str | None]) -> str:
    """Which JSON decoder the SDK used: orjson comes with the ``speedups`` extra."""
    version = packages.get("orjson")
    return f"orjson {version} (speedups extra)" if version else "json (no speedups extra)"


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


def load() -> list[float] | None:
    """The 1, 5 and 15 minute load averages, where the OS has them."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def plan_cpus(pin: bool) -> tuple[int | None, set[int] | None]:
    """Which core the servers get and which the clients get (``None``: no pinning)."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[0], set(cpus[1:])


CHECKOUTS: dict[str, str] = {}
"""``--compare`` checkouts: name to the folder holding their ``telnyx_access``."""


def _environment(checkout: str) -> dict[str, str] | None:
    """The environment for a worker of ``checkout`` (``None``: this process's own)."""
    if not checkout:
        return None
    path = CHECKOUTS[checkout]
    existing = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": path + (os.pathsep + existing if existing else "")}


def run_worker(
    client: str,
    workloads: list[str],
    sizes: dict[str, int],
    servers: tuple[ServerProcess, ServerProcess],
    *,
    rss: bool = False,
) -> dict[str, Any]:
    """One worker process for ``client``; its JSON answer, or ``{"error": ...}``.

    ``client@NAME`` runs ``client`` with the ``--compare NAME=PATH`` checkout first on
    ``PYTHONPATH``.
    """
    bare, delayed = servers
    client, _, checkout = client.partition("@")
    command = [
        sys.executable,
        str(WORKER),
        "--client",
        client,
        "--workloads",
        ",".join(workloads),
        "--base-url",
        bare.base_url,
        "--delay-base-url",
        delayed.base_url,
        "--sizes",
        json.dumps(sizes),
        "--server-pids",
        f"{bare.pid},{delayed.pid}",
    ]
    if rss:
        command.append("--rss")
    try:
        done = subprocess.run(  # noqa: S603 - our own script, with sys.executable
            command,
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT,
            check=False,
            env=_environment(checkout),
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {WORKER_TIMEOUT:g}s"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return {"error": f"exit {done.returncode}: {' | '.join(tail)}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def time_imports(reps: int, names: list[str], quiet: float = 1.0) -> dict[str, Any]:
    """Median wall time of ``python -c "import X"`` minus that of ``python -c pass``.

    A name ``X@NAME`` times ``X`` with the ``--compare`` checkout ``NAME``.
    """
    commands = {"pass": "pass", **{name: IMPORTS[name.partition("@")[0]] for name in names}}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for rep in range(reps + 1):  # the first repetition warms caches and is dropped
        wait_until_quiet(quiet, 20.0)
        order = list(commands)
        shift = rep % len(order)
        for name in order[shift:] + order[:shift]:
            started = time.perf_counter()
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", commands[name]],
                check=True,
                capture_output=True,
                env=_environment(name.partition("@")[2]),
            )
            if rep:
                samples[name].append(time.perf_counter() - started)
    floor = statistics.median(samples["pass"])
    result: dict[str, Any] = {
        "interpreter_startup_s": floor,
        "commands": commands,
        "samples_s": samples,
    }
    for name in names:
        result[name] = statistics.median(samples[name]) - floor
    result["importtime_top"] = _importtime_top(IMPORTS["telnyx_access_clients"])
    return result


def _importtime_top(statement: str, count: int = 15) -> list[tuple[str, float]]:
    """The modules costing most (cumulative ms) under ``-X importtime``."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def summarise(samples: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Medians per client and workload, and ratios to the floor's median."""
    summary: dict[str, Any] = {}
    for client, by_workload in samples.items():
        summary[client] = {}
        for workload, runs in by_workload.items():
            good = [run for run in runs if "rate" in run]
            if not good:
                continue
            server = [run["server_cpu"] for run in good if run.get("server_cpu") is not None]
            summary[client][workload] = {
                "rate": statistics.median(run["rate"] for run in good),
                "rates": [run["rate"] for run in good],
                "cpu_rate": statistics.median(run["cpu_rate"] for run in good),
                "client_cpu": statistics.median(run["client_cpu"] for run in good),
                "server_cpu": statistics.median(server) if server else None,
            }
    for rows in summary.values():
        for workload, row in rows.items():
            floor = summary.get(FLOOR, {}).get(workload)
            row["ratio"] = row["rate"] / floor["rate"] if floor else None
            row["cpu_ratio"] = row["cpu_rate"] / floor["cpu_rate"] if floor else None
    return summary


RATE_TARGETS = (
    # (client, workload, versus client, versus workload, goal)
    ("sdk-async", "get_seq", FLOOR, "get_seq", 0.85),
    ("sdk-async", "get_conc", FLOOR, "get_conc", 0.85),
    ("sdk-async", "create", FLOOR, "create", 0.85),
    ("sdk-async", "walk", FLOOR, "walk", 0.5),
    ("sdk-async", "walk_delay", FLOOR, "walk_delay", 3.0),
    ("sdk-blocking", "get_seq", FLOOR, "get_seq", 0.6),
    ("sdk-blocking", "get_conc", FLOOR, "get_conc", 0.5),
    ("sdk-async", "get_conc", "telnyx-async", "get_conc", 8.0),
)
INFO_TARGETS = (
    ("sdk-async-prefetch8", "walk_delay", FLOOR, "walk_delay", 3.0),
    ("sdk-async-prefetch0", "walk", FLOOR, "walk", 0.5),
    ("sdk-async", "get_conc", "telnyx-async-aiohttp", "get_conc", 8.0),
)


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _check(name: str, value: float | None, goal: float, *, at_most: bool = False) -> Any:
    met = None if value is None else (value <= goal if at_most else value >= goal)
    sign = "<=" if at_most else ">="
    return {"target": name, "goal": f"{sign} {goal:g}", "value": value, "met": met}


def evaluate(
    summary: dict[str, Any], imports: dict[str, Any], rss: dict[str, Any], checkout: str = ""
) -> list[Any]:
    """Each target of issue 8: what was measured and whether it is met.

    ``checkout`` (``"@NAME"``) evaluates the SDK rows of a ``--compare`` checkout instead.
    """

    def rate(client: str, workload: str) -> float | None:
        row = summary.get(client, {}).get(workload)
        return None if row is None else row["rate"]

    targets = []
    for info, table in ((False, RATE_TARGETS), (True, INFO_TARGETS)):
        for client, workload, versus, versus_workload, goal in table:
            mine = client + checkout if client.startswith("sdk") else client
            if checkout and mine not in summary:
                continue
            label = f"{'(info) ' if info else ''}{mine} {LABELS[workload]} / {versus}"
            if versus_workload != workload:
                label += f" {LABELS[versus_workload]}"
            value = _ratio(rate(mine, workload), rate(versus, versus_workload))
            targets.append(_check(label, value, goal))
    peak = {client: row["peak_rss_kb"] for client, row in rss.items() if "peak_rss_kb" in row}
    sdk = "sdk-async" + checkout
    targets.append(
        _check(
            f"{sdk} walk peak RSS / {FLOOR}",
            _ratio(peak.get(sdk), peak.get(FLOOR)),
            1.2,
            at_most=True,
        )
    )
    plain, clients = "telnyx_access" + checkout, "telnyx_access_clients" + checkout
    if plain in imports:
        targets += [
            _check(
                f"import {plain} / deps",
                _ratio(imports.get(plain), imports.get("deps")),
                1.15,
                at_most=True,
            ),
            _check(
                f"import telnyx / {plain}", _ratio(imports.get("telnyx"), imports.get(plain)), 5.0
            ),
            _check(
                f"(strict) from {plain} import clients / deps",
                _ratio(imports.get(clients), imports.get("deps")),
                1.15,
                at_most=True,
            ),
            _check(
                f"(strict) import telnyx / from {plain} import clients",
                _ratio(imports.get("telnyx"), imports.get(clients)),
                5.0,
            ),
        ]
    return targets


def _rate_tables(summary: dict[str, Any]) -> list[str]:
    columns = [w for w in WORKLOADS if any(w in rows for rows in summary.values())]
    header = f"{'client':<22}" + "".join(f"{LABELS[w]:>20}" for w in columns)
    lines = ["requests/s (items/s for walks), and ratio to raw aiohttp", header]
    for client, rows in summary.items():
        cells = []
        for workload in columns:
            row = rows.get(workload)
            if row is None:
                cells.append(f"{'-':>20}")
                continue
            ratio = "" if row["ratio"] is None else f" ({row['ratio']:.2f}x)"
            cells.append(f"{row['rate']:>12,.0f}{ratio:>8}")
        lines.append(f"{client:<22}" + "".join(cells))
    lines += [
        "",
        "requests (items) per CPU-second of the client process, and ratio to raw aiohttp:",
        "the per-request cost, which other work on the machine disturbs less than wall time",
        header,
    ]
    for client, rows in summary.items():
        cells = []
        for workload in columns:
            row = rows.get(workload)
            if row is None:
                cells.append(f"{'-':>20}")
                continue
            ratio = "" if row["cpu_ratio"] is None else f" ({row['cpu_ratio']:.2f}x)"
            cells.append(f"{row['cpu_rate']:>12,.0f}{ratio:>8}")
        lines.append(f"{client:<22}" + "".join(cells))
    lines += ["", "CPU use during each workload, share of one core: client / server", header]
    for client, rows in summary.items():
        cells = []
        for workload in columns:
            row = rows.get(workload)
            server = None if row is None else row["server_cpu"]
            shown = "-" if row is None else f"{row['client_cpu']:.0%} / "
            shown += "" if row is None else "?" if server is None else f"{server:.0%}"
            cells.append(f"{shown:>20}")
        lines.append(f"{client:<22}" + "".join(cells))
    return lines


def _server_check_lines(check: dict[str, Any] | None) -> list[str]:
    if not check or "rate" not in check:
        return []
    capacity = check.get("capacity")
    return [
        "",
        f"server check: raw aiohttp, {check['concurrency']} concurrent GETs: "
        f"{check['rate']:,.0f} req/s with the server at "
        f"{check['server_cpu'] or 0:.0%} of a core and the client at {check['client_cpu']:.0%}"
        + (f"; so the server alone could answer about {capacity:,.0f} req/s" if capacity else ""),
    ]


def _rss_lines(rss: dict[str, Any]) -> list[str]:
    if not rss:
        return []
    lines = ["", "peak RSS walking all addresses (fresh process each, median)"]
    floor = rss.get(FLOOR, {}).get("peak_rss_kb")
    for client, row in rss.items():
        if "peak_rss_kb" not in row:
            lines.append(f"  {client:<22}{row.get('error', 'no result')}")
            continue
        ratio = f"  ({row['peak_rss_kb'] / floor:.2f}x)" if floor else ""
        lines.append(
            f"  {client:<22}{row['peak_rss_kb'] / 1024:>8.1f} MiB{ratio}"
            f"   before walk {row['rss_before_walk_kb'] / 1024:.1f} MiB,"
            f" walk adds {row['walk_growth_kb'] / 1024:.1f} MiB"
        )
    return lines


def _import_lines(imports: dict[str, Any]) -> list[str]:
    if not imports:
        return []
    lines = [
        "",
        "import time (fresh interpreter, median, minus the "
        f"{imports['interpreter_startup_s'] * 1000:.0f} ms of `python -c pass`)",
    ]
    for name, command in imports["commands"].items():
        if name != "pass":
            where = name.partition("@")[2]
            shown = f"{command}  [{where}]" if where else command
            lines.append(f"  {shown:<84}{imports[name] * 1000:>7.0f} ms")
    return lines


def _quiet_line(report: dict[str, Any]) -> str:
    rounds = report["load"]["rounds"]
    waited = sum(r.get("waited_s", 0.0) for r in rounds)
    seen = [b for r in rounds for b in r.get("busy_before_worker", []) if b is not None]
    if not seen:
        return f"other work: not measured (waited {waited:.0f}s)"
    return (
        f"other work on the machine just before each worker: median {statistics.median(seen):.0%}"
        f", max {max(seen):.0%} of all cores busy (waited {waited:.0f}s in all for < "
        f"{report['quiet']:.0%})"
    )


def render(report: dict[str, Any]) -> str:
    """The human-readable report (also what docs/performance.md quotes)."""
    machine_info, load_info = report["machine"], report["load"]
    lines = [
        f"telnyx-access benchmarks  {report['started']}  ({report['mode']}, "
        f"{report['rounds']} rounds, medians)",
        f"command: {report['command']}",
        f"machine: {machine_info['nproc']} cpu ({machine_info['cpu_model']}), "
        f"Python {machine_info['python']}; load average before {load_info['before']}, "
        f"after {load_info['after']}",
        f"JSON decoding: {_decoder(machine_info['packages'])}",
        f"pinning: servers on cpu {report['pinning']['server']}, "
        f"clients on {report['pinning']['clients']}",
        _quiet_line(report),
        "",
    ]
    lines += _rate_tables(report["summary"])
    lines += _server_check_lines(report.get("server_check"))
    lines += _rss_lines(report.get("rss", {}))
    lines += _import_lines(report.get("imports", {}))
    lines += ["", "targets (ratios of medians in this run)"]
    for target in report["targets"]:
        value = target["value"]
        shown = "n/a" if value is None else f"{value:.2f}"
        verdict = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        lines.append(f"  {target['target']:<58}{target['goal']:>8}{shown:>8}   {verdict}")
    lines += [f"note: {note}" for note in report["notes"]]
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 1 round: a smoke run")
    parser.add_argument("--rounds", type=int, help="rounds of every client (default 5; quick 1)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write")
    parser.add_argument("--clients", help="comma-separated subset of: " + ", ".join(CLIENTS))
    parser.add_argument(
        "--no-variants", action="store_true", help="skip the prefetch=0 / prefetch=8 walks"
    )
    parser.add_argument(
        "--repeat", type=int, help="back-to-back runs per workload, best kept (default 3; quick 1)"
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin to cores")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="also run the SDK clients from the telnyx_access package in folder PATH (a "
        "modified checkout), as rows sdk-async@NAME and sdk-blocking@NAME; repeatable",
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.15,
        help="before each worker, wait until the machine is less busy than this share "
        "(/proc/stat over 0.5 s; default 0.15); 1 disables waiting",
    )
    parser.add_argument("--max-wait", type=float, default=60.0, help="seconds to wait at most")
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--skip-rss", action="store_true")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 5)
    if not 1 <= args.rounds <= 50 or not 1 <= (args.repeat or 1) <= 20:
        parser.error("--rounds must be 1..50 and --repeat 1..20")
    for spec in args.compare:
        name, _, path = spec.partition("=")
        if not name.isidentifier() or not (Path(path) / "telnyx_access").is_dir():
            parser.error(f"--compare wants NAME=PATH with PATH/telnyx_access, got {spec!r}")
        CHECKOUTS[name] = str(Path(path).resolve())
    args.clients = list(CLIENTS) if not args.clients else args.clients.split(",")
    unknown = set(args.clients) - set(CLIENTS)
    if unknown:
        parser.error(f"unknown clients: {sorted(unknown)}")
    return args


def _runners(args: argparse.Namespace, notes: list[str]) -> list[str]:
    """The clients to run: the floor first, the official ones only when installed."""
    clients = [FLOOR] + [client for client in args.clients if client != FLOOR]
    if importlib.util.find_spec("telnyx") is None:
        skipped = [c for c in clients if c in OFFICIAL]
        clients = [c for c in clients if c not in OFFICIAL]
        if skipped:
            notes.append(f"the official telnyx package is not installed: skipped {skipped}")
    elif importlib.util.find_spec("httpx_aiohttp") is None and "telnyx-async-aiohttp" in clients:
        clients.remove("telnyx-async-aiohttp")
        notes.append("telnyx[aiohttp] (httpx-aiohttp) is not installed: skipped its client")
    compared = [
        f"{client}@{name}"
        for name in CHECKOUTS
        for client in ("sdk-async", "sdk-blocking")
        if client in clients
    ]
    return clients + compared + ([] if args.no_variants else list(PREFETCH_VARIANTS))


def _rounds(
    runners: list[str],
    sizes: dict[str, int],
    servers: tuple[ServerProcess, ServerProcess],
    report: dict[str, Any],
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every client runs every workload once per round; orders rotate between rounds."""
    samples: dict[str, dict[str, list[dict[str, Any]]]] = {client: {} for client in runners}
    rounds, notes = report["rounds"], report["notes"]
    for number in range(rounds):
        shift = number % len(runners)
        round_load: dict[str, Any] = {"round": number + 1, "before": load()}
        for client in runners[shift:] + runners[:shift]:
            chosen = list(WALKS) if client in PREFETCH_VARIANTS else list(WORKLOADS)
            turn = number % len(chosen)
            chosen = chosen[turn:] + chosen[:turn]
            waited, busy = wait_until_quiet(report["quiet"], report["max_wait"])
            round_load.setdefault("waited_s", 0.0)
            round_load["waited_s"] += waited
            round_load.setdefault("busy_before_worker", []).append(
                None if busy is None else round(busy, 2)
            )
            answer = run_worker(client, chosen, sizes, servers)
            if "error" in answer:
                notes.append(f"round {number + 1}, {client}: {answer['error']}")
            for workload in chosen:
                if workload not in answer:
                    continue
                if workload in WALKS and answer[workload]["count"] != sizes["addresses"]:
                    notes.append(
                        f"round {number + 1}, {client}, {workload}: walked "
                        f"{answer[workload]['count']} of {sizes['addresses']} addresses"
                    )
                samples[client].setdefault(workload, []).append(answer[workload])
            sys.stderr.write(f"round {number + 1}/{rounds}: {client} done\n")
        round_load["after"] = load()
        report["load"]["rounds"].append(round_load)
    return samples


def _peak_memory(
    runners: list[str],
    sizes: dict[str, int],
    servers: tuple[ServerProcess, ServerProcess],
    reps: int,
) -> dict[str, Any]:
    """Peak RSS of one walk per client, each in a fresh process; medians of ``reps``."""
    runs: dict[str, list[dict[str, Any]]] = {client: [] for client in runners}
    for _ in range(reps):
        for client in runners:
            runs[client].append(run_worker(client, ["walk"], sizes, servers, rss=True))
    rss: dict[str, Any] = {}
    for client, answers in runs.items():
        good = [answer for answer in answers if "peak_rss_kb" in answer]
        if not good:
            rss[client] = {"error": answers[-1].get("error", "no result")}
            continue
        rss[client] = {
            key: statistics.median(answer[key] for answer in good)
            for key in ("peak_rss_kb", "rss_before_walk_kb", "walk_growth_kb", "count")
        }
    return rss


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the with-blocks, which stop the servers


def main(argv: list[str] | None = None) -> None:
    """Run everything and report."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = _arguments(argv)
    sizes = dict(QUICK if args.quick else FULL)
    sizes["quiet"] = args.quiet
    if args.repeat is not None:
        sizes["repeat"] = args.repeat
    notes: list[str] = []
    runners = _runners(args, notes)
    server_cpu, client_cpus = plan_cpus(not args.no_pin)
    report: dict[str, Any] = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "mode": "quick" if args.quick else "full",
        "rounds": args.rounds,
        "sizes": sizes,
        "machine": machine(),
        "pinning": {"server": server_cpu, "clients": sorted(client_cpus or [])},
        "load": {"before": load(), "rounds": []},
        "notes": notes,
        "quiet": args.quiet,
        "max_wait": args.max_wait,
    }
    with (
        ServerProcess(addresses=sizes["addresses"], cpu=server_cpu) as bare,
        ServerProcess(delay_ms=20, addresses=sizes["addresses"], cpu=server_cpu) as delayed,
    ):
        if client_cpus:
            os.sched_setaffinity(0, client_cpus)
        servers = (bare, delayed)
        check_sizes = {**sizes, "get_conc": sizes["get_conc"] * 4, "concurrency": 256, "repeat": 1}
        check = run_worker(FLOOR, ["get_conc"], check_sizes, servers).get("get_conc", {})
        if check.get("server_cpu"):
            check["capacity"] = check["rate"] / check["server_cpu"]
        report["server_check"] = {"concurrency": 256, **check}
        samples = _rounds(runners, sizes, servers, report)
        rss = {} if args.skip_rss else _peak_memory(runners, sizes, servers, 1 if args.quick else 3)
    imports: dict[str, Any] = {}
    if not args.skip_imports:
        names = ["telnyx_access", "telnyx_access_clients", "deps", "deps_as_used"]
        if importlib.util.find_spec("telnyx") is not None:
            names.append("telnyx")
        names += [f"{n}@{c}" for c in CHECKOUTS for n in ("telnyx_access", "telnyx_access_clients")]
        imports = time_imports(2 if args.quick else 15, names, args.quiet)
    report.update(rss=rss, imports=imports, samples=samples, summary=summarise(samples))
    report["load"]["after"] = load()
    report["targets"] = evaluate(report["summary"], imports, rss)
    for name in CHECKOUTS:
        report["targets"] += evaluate(report["summary"], imports, rss, f"@{name}")
    report["checkouts"] = CHECKOUTS
    if any(c in BLOCKING_CLIENTS for c in runners):
        notes.append("blocking clients run the x64 workload on 64 threads sharing one client")
    text = render(report)
    sys.stdout.write(text + "\n")
    report["text"] = text
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    sys.stdout.write(f"wrote {args.json}\n")


if __name__ == "__main__":
    main()
