"""Instructions per request (or item), counted by valgrind's cachegrind: the cost, steadily.

Not part of the test suite. On a shared or virtual machine, wall-clock rates move by a
factor of two between back-to-back runs of the same code (``run.py`` keeps every sample),
which hides a change of 10%. The number of instructions a client executes per request
moves far less: a walk's count per item comes out within a few percent from run to run.
A request's moves a little with the timing (how many turns the event loop takes while an
answer is on its way), so compare rows of one run made with nothing else running. It leaves
out what no instruction count sees (the kernel, the server, waiting for another thread),
so ``run.py``'s wall-clock rates stay the measure the targets name; this is the steady
measure of the work each client itself does per call.

Usage, from the repository root (valgrind must be installed)::

    python benchmarks/instructions.py                    # the floors and both SDK clients
    python benchmarks/instructions.py --compare before=../old-checkout --json out.json

Each client runs each workload in ``workloads.py`` twice under cachegrind, against one
local ``server.py``: once with the workload's warm-up only, once with the warm-up and one
measured run, without the garbage collection ``run.py`` makes before each run. The
difference, divided by the requests (or items) of that run, is the client's own
instructions per request: start-up, imports and warm-up cancel out. It also counts the
import ``run.py`` times, the package with a client against the five dependencies, each in
a fresh interpreter less ``python -c pass``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from run import IMPORTS
from server import ServerProcess
from workloads import BLOCKING_CLIENTS, FLOORS

HERE = Path(__file__).resolve().parent
WORKER = HERE / "workloads.py"
MEASURED = ("get_seq", "create", "walk")
"""Workloads whose per-request work does not depend on timing (no concurrency, no delay)."""
SIZES = {"get_seq": 300, "create": 300, "page_size": 250, "addresses": 2000}
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
VALGRIND = shutil.which("valgrind") or "valgrind"
IMPORTED = ("deps", "telnyx_access_client")
"""The imports counted (``run.py``'s): the five dependencies, and the package with a client."""


def instructions(client: str, workload: str, repeat: int, env: dict[str, str], url: str) -> int:
    """Instructions executed by one worker process running ``workload`` ``repeat`` times."""
    sizes = {**SIZES, "concurrency": 1, "repeat": repeat, "collect": False}
    return _count(
        [
            sys.executable,
            str(WORKER),
            "--client",
            client,
            "--workloads",
            workload,
            "--base-url",
            url,
            "--sizes",
            json.dumps(sizes),
        ],
        env,
        f"{client} {workload}",
    )


def _count(command: list[str], env: dict[str, str], what: str) -> int:
    """Instructions that ``command`` executes, counted by cachegrind."""
    done = subprocess.run(  # noqa: S603
        [
            VALGRIND,
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            *command,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=HERE,
        check=False,
        timeout=900,
    )
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{what}: {done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def import_instructions(env: dict[str, str], names: tuple[str, ...] = IMPORTED) -> dict[str, int]:
    """Instructions of each of ``names`` in a fresh interpreter, less ``python -c pass``'s.

    The wall-clock import time moves by a third from one interpreter to the next on a
    virtual machine; this count does not. Each command runs once outside valgrind first,
    to write the bytecode caches an installed package has.
    """
    env = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    counts = {}
    for name, statement in {"pass": "pass", **{name: IMPORTS[name] for name in names}}.items():
        command = [sys.executable, "-c", statement]
        subprocess.run(command, env=env, cwd=HERE, check=True, capture_output=True)  # noqa: S603
        counts[name] = _count(command, env, name)
    start = counts.pop("pass")
    return {name: count - start for name, count in counts.items()}


def per_request(client: str, workload: str, env: dict[str, str], url: str) -> float:
    """Instructions per request (per item for walks), warm-up and start-up left out."""
    count = SIZES["addresses"] if workload == "walk" else SIZES[workload]
    difference = instructions(client, workload, 1, env, url) - instructions(
        client, workload, 0, env, url
    )
    return difference / count


def _environment(path: str | None) -> dict[str, str]:
    """This process's environment, with ``path`` (made absolute) first on ``PYTHONPATH``.

    Absolute, because the counted interpreters start in this folder, not the caller's.
    """
    if path is None:
        return dict(os.environ)
    path = str(Path(path).resolve())
    existing = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": path + (os.pathsep + existing if existing else "")}


def render(table: dict[str, dict[str, float]]) -> str:
    """The table of instructions per request, with ratios floor / client (higher is better)."""
    raw, raw_orjson = (table.get(floor, {}) for floor in FLOORS)
    lines = [
        "instructions per request (per item for walks), and the floors' count over the "
        "client's: raw-aiohttp / raw-aiohttp-orjson",
        f"{'client':<24}" + "".join(f"{workload:>26}" for workload in MEASURED),
    ]
    for client, row in table.items():
        cells = []
        for workload in MEASURED:
            value = row[workload]
            ratios = f"{raw[workload] / value:.2f}/{raw_orjson[workload] / value:.2f}"
            cells.append(f"{value:>14,.0f} {ratios:>11}")
        lines.append(f"{client:<24}" + "".join(cells))
    return "\n".join(lines)


def render_imports(imports: dict[str, int]) -> str:
    """Instructions of each import, and the package's over the five dependencies'."""
    lines = ["instructions to import, less those of `python -c pass`, and the ratio to the deps'"]
    for name, count in imports.items():
        label, _, checkout = name.partition("@")
        shown = IMPORTS[label] + (f"  [{checkout}]" if checkout else "")
        ratio = f"{count / imports['deps']:.3f}" if name != "deps" else ""
        lines.append(f"  {shown:<100}{count:>15,}  {ratio}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Count, print, and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default=",".join((*FLOORS, "sdk-async", "sdk-blocking")))
    parser.add_argument("--compare", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    if not Path(VALGRIND).is_absolute():
        parser.error("valgrind is not installed (apt-get install valgrind)")
    clients = [c for c in args.clients.split(",") if c]
    missing = [floor for floor in FLOORS if floor not in clients]
    runs = [(client, client, None) for client in missing + clients]
    for spec in args.compare:
        name, _, path = spec.partition("=")
        if not (Path(path) / "telnyx_access").is_dir():
            parser.error(f"--compare wants NAME=PATH with PATH/telnyx_access, got {spec!r}")
        runs += [(f"{c}@{name}", c, path) for c in clients if c not in FLOORS]
    table: dict[str, dict[str, float]] = {}
    imports = import_instructions(_environment(None))
    for spec in args.compare:
        name, _, path = spec.partition("=")
        client = import_instructions(_environment(path), ("telnyx_access_client",))
        imports[f"telnyx_access_client@{name}"] = client["telnyx_access_client"]
    with ServerProcess(addresses=SIZES["addresses"]) as server:
        for label, client, path in runs:
            env = _environment(path)
            table[label] = {w: per_request(client, w, env, server.base_url) for w in MEASURED}
            sys.stderr.write(f"{label} done\n")
    text = render(table)
    if any(client in BLOCKING_CLIENTS for client in clients):
        text += (
            "\nnote: the blocking client's count includes its loop thread's; the wait for that "
            "thread, which costs it most, is no instruction"
        )
    text += "\n\n" + render_imports(imports)
    sys.stdout.write(text + "\n")
    if args.json:
        report = {"sizes": SIZES, "table": table, "imports": imports, "text": text}
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
