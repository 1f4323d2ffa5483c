"""Benchmark runner: this SDK against raw aiohttp (the floors) and the official ``telnyx``.

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
   process (``workloads.py``), the order of clients and of workloads rotated per round. The
   two floors always run: raw aiohttp decoding with ``json`` (``raw-aiohttp``) and with
   ``orjson`` (``raw-aiohttp-orjson``), the decoder the SDK uses.
   Workloads: 2,000 sequential ``billing_groups.retrieve``; 5,000 of them over 64 concurrent
   tasks (threads for blocking clients, sharing one client); walking 10,000 addresses with
   ``page_size=250`` on bare loopback and against the 20 ms server; 1,000
   ``billing_groups.create``.
4. Measures peak RSS of one walk of all addresses, each client in a fresh process.
5. Times ``import telnyx_access`` (alone, and with a client made), its five dependencies
   together (and with orjson), and ``import telnyx`` in fresh interpreters (median of
   several, minus the interpreter's own start-up).
6. Prints medians and each client's ratios to both floors, checks the targets of "Fast by
   default" against ``raw-aiohttp-orjson``, and writes everything (every sample, the
   machine, the load average) as JSON.
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
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from server import ServerProcess, wait_until_quiet
from workloads import (
    BLOCKING_CLIENTS,
    CLIENTS,
    FLOORS,
    OFFICIAL,
    PREFETCH_VARIANTS,
    WALKS,
    WORKLOADS,
)

HERE = Path(__file__).resolve().parent
WORKER = HERE / "workloads.py"
FLOOR, FLOOR_ORJSON = FLOORS
RATIOS = {"": FLOOR, "_orjson": FLOOR_ORJSON}
"""Each floor, by the suffix of its ratios' keys: ``ratio``/``cpu_ratio`` are to raw
aiohttp with ``json``, ``ratio_orjson``/``cpu_ratio_orjson`` to raw aiohttp with orjson."""
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
    "telnyx_access_client": (
        'import telnyx_access; telnyx_access.AsyncTelnyxAccess(api_key="KEYbenchmark0123456789")'
    ),
    "deps": "import aiohttp, attrs, cattrs, tenacity, anyio",
    "deps_orjson": "import aiohttp, attrs, cattrs, tenacity, anyio, orjson",
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


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str | None] = {}
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


DECODER_PROBE = "from telnyx_access._converter import loads; print(loads.__module__)"
"""Prints the module whose ``loads`` the SDK decodes answers with."""


def sdk_decoder(checkout: str = "") -> str:
    """The JSON library the SDK of ``checkout`` decodes with: ``orjson``, ``json`` or ``?``.

    Asked of a fresh interpreter with the workers' environment: the SDK takes orjson when it
    can import it and falls back to ``json`` otherwise.
    """
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", DECODER_PROBE],
        capture_output=True,
        text=True,
        check=False,
        env=_environment(checkout),
        cwd=HERE,
    )
    return done.stdout.strip() if done.returncode == 0 else "?"


def _import_environment(checkout: str) -> dict[str, str]:
    """The workers' environment, but writing bytecode caches.

    With ``PYTHONDONTWRITEBYTECODE`` set, every timed interpreter would compile each module
    edited since its cache was last written; an installed package has its ``.pyc`` files
    (pip compiles them), and so has a checkout once the warm-up run has written them.
    """
    environment = dict(_environment(checkout) or os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def time_imports(reps: int, names: list[str], quiet: float = 1.0) -> dict[str, Any]:
    """Median wall time of ``python -c "import X"`` minus that of ``python -c pass``.

    A name ``X@NAME`` times ``X`` with the ``--compare`` checkout ``NAME``. The first
    repetition writes the bytecode caches and warms the others; it is not counted. Each
    interpreter starts in this folder: ``python -c`` puts its working folder first on
    ``sys.path``, where a checkout the runner was started from would shadow ``NAME``'s.
    """
    commands = {"pass": "pass", **{name: IMPORTS[name.partition("@")[0]] for name in names}}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for rep in range(reps + 1):
        wait_until_quiet(quiet, 20.0)
        order = list(commands)
        shift = rep % len(order)
        for name in order[shift:] + order[:shift]:
            started = time.perf_counter()
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", commands[name]],
                check=True,
                capture_output=True,
                env=_import_environment(name.partition("@")[2]),
                cwd=HERE,
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
    result["importtime_top"] = _importtime_top(IMPORTS["telnyx_access_client"])
    return result


def _importtime_top(statement: str, count: int = 15) -> list[tuple[str, float]]:
    """The modules costing most (cumulative ms) under ``-X importtime``."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def summarise(samples: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Medians per client and workload, and ratios to each floor's median (see ``RATIOS``)."""
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
            for suffix, floor_name in RATIOS.items():
                floor = summary.get(floor_name, {}).get(workload)
                row["ratio" + suffix] = row["rate"] / floor["rate"] if floor else None
                row["cpu_ratio" + suffix] = row["cpu_rate"] / floor["cpu_rate"] if floor else None
    return summary


RATE_TARGETS = (
    # (client, workload, versus client, goal): the SDK against the floor that decodes alike
    ("sdk-async", "get_seq", FLOOR_ORJSON, 0.92),
    ("sdk-async", "get_conc", FLOOR_ORJSON, 0.92),
    ("sdk-async", "create", FLOOR_ORJSON, 0.92),
    ("sdk-async", "walk", FLOOR_ORJSON, 0.70),
    ("sdk-blocking", "get_seq", FLOOR_ORJSON, 0.85),
    ("sdk-blocking", "get_conc", FLOOR_ORJSON, 0.75),
    ("sdk-async", "walk_delay", FLOOR_ORJSON, 4.8),
)
INFO_TARGETS = (
    ("sdk-async-prefetch8", "walk_delay", FLOOR_ORJSON, 4.8),
    ("sdk-async-prefetch0", "walk", FLOOR_ORJSON, 0.70),
    ("sdk-async", "get_conc", "telnyx-async", 8.0),
    ("sdk-async", "get_conc", "telnyx-async-aiohttp", 8.0),
)
"""Shown, not targets of this issue: the prefetch variants, and the official package."""


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _check(name: str, value: float | None, goal: float, *, at_most: bool = False) -> Any:
    met = None if value is None else (value <= goal if at_most else value >= goal)
    sign = "<=" if at_most else ">="
    return {"target": name, "goal": f"{sign} {goal:g}", "value": value, "met": met}


def evaluate(
    summary: dict[str, Any], imports: dict[str, Any], rss: dict[str, Any], checkout: str = ""
) -> list[Any]:
    """Each target of "Fast by default", then the "(info)" lines measured: met or not.

    ``checkout`` (``"@NAME"``) evaluates the SDK rows of a ``--compare`` checkout instead.
    """

    def rate(client: str, workload: str) -> float | None:
        row = summary.get(client, {}).get(workload)
        return None if row is None else row["rate"]

    goals: list[Any] = []
    info: list[Any] = []
    for found, table, prefix in ((goals, RATE_TARGETS, ""), (info, INFO_TARGETS, "(info) ")):
        for client, workload, versus, goal in table:
            mine = client + checkout if client.startswith("sdk") else client
            if checkout and mine not in summary:
                continue
            label = f"{prefix}{mine} {LABELS[workload]} / {versus}"
            found.append(_check(label, _ratio(rate(mine, workload), rate(versus, workload)), goal))
    peak = {client: row["peak_rss_kb"] for client, row in rss.items() if "peak_rss_kb" in row}
    sdk = "sdk-async" + checkout
    info.append(
        _check(
            f"(info) {sdk} walk peak RSS / {FLOOR}",
            _ratio(peak.get(sdk), peak.get(FLOOR)),
            1.2,
            at_most=True,
        )
    )
    client = "telnyx_access_client" + checkout
    if client in imports:
        goals.append(
            _check(
                f"import {client} / deps",
                _ratio(imports[client], imports.get("deps")),
                1.10,
                at_most=True,
            )
        )
        info += [
            _check(
                f"(info) import {client} / deps_orjson",
                _ratio(imports[client], imports.get("deps_orjson")),
                1.10,
                at_most=True,
            ),
            _check(
                f"(info) import telnyx / {client}",
                _ratio(imports.get("telnyx"), imports[client]),
                5.0,
            ),
        ]
    return goals + [line for line in info if line["value"] is not None]


def _ratios(ratios: Iterable[float | None]) -> str:
    """Ratios to both floors, as ``0.74/0.92`` (``-`` where a floor has no number)."""
    return "/".join(f"{'-':>4}" if ratio is None else f"{ratio:.2f}" for ratio in ratios)


def _rate_tables(summary: dict[str, Any]) -> list[str]:
    columns = [w for w in WORKLOADS if any(w in rows for rows in summary.values())]
    header = f"{'client':<24}" + "".join(f"{LABELS[w]:>22}" for w in columns)
    floors = f"ratios to {FLOOR} / {FLOOR_ORJSON}"
    tables: list[tuple[list[str], Callable[[dict[str, Any]], str]]] = [
        (
            [f"requests/s (items/s for walks), and {floors}"],
            lambda row: f"{row['rate']:,.0f} {_ratios(row['ratio' + s] for s in RATIOS)}",
        ),
        (
            [
                f"requests (items) per CPU-second of the client process, and {floors}:",
                "the per-request cost, which other work on the machine disturbs less than "
                "wall time",
            ],
            lambda row: f"{row['cpu_rate']:,.0f} {_ratios(row['cpu_ratio' + s] for s in RATIOS)}",
        ),
        (
            ["CPU use during each workload, share of one core: client / server"],
            lambda row: (
                f"{row['client_cpu']:.0%} / "
                + ("?" if row["server_cpu"] is None else f"{row['server_cpu']:.0%}")
            ),
        ),
    ]
    lines: list[str] = []
    for title, show in tables:
        lines += ["", *title, header]
        for client, rows in summary.items():
            cells = [show(rows[w]) if w in rows else "-" for w in columns]
            lines.append(f"{client:<24}" + "".join(f"{cell:>22}" for cell in cells))
    return lines[1:]


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
    lines = [
        "",
        "peak RSS walking all addresses (fresh process each, median), "
        f"and ratios to {FLOOR} / {FLOOR_ORJSON}",
    ]
    floors = [rss.get(floor, {}).get("peak_rss_kb") for floor in RATIOS.values()]
    for client, row in rss.items():
        if "peak_rss_kb" not in row:
            lines.append(f"  {client:<24}{row.get('error', 'no result')}")
            continue
        ratios = _ratios(_ratio(row["peak_rss_kb"], floor) for floor in floors)
        lines.append(
            f"  {client:<24}{row['peak_rss_kb'] / 1024:>8.1f} MiB  {ratios}"
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
            lines.append(f"  {shown:<94}{imports[name] * 1000:>7.0f} ms")
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


def _decoding_line(report: dict[str, Any]) -> str:
    version = report["machine"]["packages"].get("orjson")
    names = {
        "orjson": f"orjson {version}" if version else "orjson (not installed)",
        "?": f"? (`{DECODER_PROBE}` failed)",
    }
    sdk = [
        f"{name} with {names.get(module, module)}" for name, module in report["decoders"].items()
    ]
    floors = [f"{FLOOR} with json", f"{FLOOR_ORJSON} with {names['orjson']}"]
    return "JSON decoding: " + "; ".join(sdk + floors)


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
        _decoding_line(report),
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
    """The clients to run: both floors first, the official ones only when installed."""
    clients = [*FLOORS] + [client for client in args.clients if client not in FLOORS]
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
        needs = {"deps_orjson": "orjson", "telnyx": "telnyx"}
        names = [n for n in IMPORTS if n not in needs or importlib.util.find_spec(needs[n])]
        names += [f"{n}@{c}" for c in CHECKOUTS for n in ("telnyx_access", "telnyx_access_client")]
        imports = time_imports(2 if args.quick else 15, names, args.quiet)
    report.update(rss=rss, imports=imports, samples=samples, summary=summarise(samples))
    report["load"]["after"] = load()
    report["targets"] = evaluate(report["summary"], imports, rss)
    for name in CHECKOUTS:
        report["targets"] += evaluate(report["summary"], imports, rss, f"@{name}")
    report["checkouts"] = CHECKOUTS
    report["decoders"] = {
        "telnyx_access": sdk_decoder(),
        **{f"telnyx_access@{name}": sdk_decoder(name) for name in CHECKOUTS},
    }
    if any(c in BLOCKING_CLIENTS for c in runners):
        notes.append("blocking clients run the x64 workload on 64 threads sharing one client")
    text = render(report)
    sys.stdout.write(text + "\n")
    report["text"] = text
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    sys.stdout.write(f"wrote {args.json}\n")


if __name__ == "__main__":
    main()
