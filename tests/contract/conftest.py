"""Stoplight Prism as an independent mock of Telnyx: started once per response mode, always stopped.

``TELNYX_PRISM_BIN`` names the Prism executable (``nox -s contract`` installs a pinned one
into ``.prism/`` and sets it). Prism serves the repository's copy of the spec
(``spec/account-access.openapi.json``). Without ``TELNYX_PRISM_BIN``, a missing ``node`` or
binary, or a Prism that never answers, the tests that need Prism skip with a one-line
reason, except under CI (``$CI`` set), where they fail. ``nox -s tests`` leaves this
directory to ``nox -s contract``, so CI runs these tests where Prism is installed.

Prism runs with ``--errors``: besides rejecting requests that break the spec (which it always
does), it then answers 500 when its own answer breaks the spec's response schema, so a
contradictory spec shows up instead of passing silently.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import attrs
import pytest

from ..spec import SPEC

PRISM_ENV = "TELNYX_PRISM_BIN"
"""The environment variable naming the Prism executable."""

SEED_ENV = "TELNYX_PRISM_SEED"
"""Overrides the seed of the dynamic mode (Prism reseeds each answer, so each is repeatable)."""

DEFAULT_SEED = "8"
"""A seed whose generated list answers hold items (5 each), so their items get parsed too."""

MODES = ("static", "dynamic")
"""Static: Prism answers with the spec's examples. Dynamic: with data generated from schemas."""

READY_DEADLINE = 60.0
POLL_INTERVAL = 0.2
STOP_GRACE = 10.0
PORT_ATTEMPTS = 3
LOG_TAIL_LINES = 15

SKIP_REASON = f"contract tests need Prism: set {PRISM_ENV} (nox -s contract does)"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``contract`` marker so ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        f"contract: runs against a Prism mock of Telnyx's OpenAPI spec (needs ${PRISM_ENV})",
    )


def prism_configured() -> bool:
    """Whether the environment names a Prism executable, i.e. the contract tests should run."""
    return bool(os.environ.get(PRISM_ENV))


def unavailable(reason: str, details: str = "") -> NoReturn:
    """Skip with the one-line ``reason``, or fail under CI, where a missing mock must not pass.

    ``details`` (e.g. Prism's last log lines) are added to the failure only.
    """
    if os.environ.get("CI"):
        pytest.fail(f"{reason}\n{details}".rstrip(), pytrace=False)
    pytest.skip(reason)


@attrs.frozen(kw_only=True)
class PrismServer:
    """A running Prism mock."""

    mode: str
    seed: str | None
    """The dynamic mode's seed; ``None`` in static mode."""
    base_url: str
    log: Path
    process: subprocess.Popen[bytes]

    def __str__(self) -> str:
        return self.mode if self.seed is None else f"{self.mode}, seed {self.seed!r}"

    def log_tail(self) -> str:
        """The last lines Prism wrote (about the latest request), for failure messages."""
        return _tail(self.log)


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-LOG_TAIL_LINES:]) or "(empty log)"


def _prism_binary() -> Path:
    binary = Path(os.environ[PRISM_ENV]).absolute()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        unavailable(f"{PRISM_ENV}={binary} is not an executable file (nox -s contract installs it)")
    with binary.open("rb") as script:
        first_line = script.readline(200)
    if first_line.startswith(b"#!") and b"node" in first_line and shutil.which("node") is None:
        unavailable(f"Prism at {binary} needs Node.js, and node is not on PATH")
    return binary


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    """Whether an HTTP server answers on the port (any status: Prism 404s on ``/``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return True


def _wait_until_ready(process: subprocess.Popen[bytes], port: int) -> str | None:
    """Poll until Prism answers (``None``), exits or misses the deadline (why it failed)."""
    deadline = time.monotonic() + READY_DEADLINE
    pause = threading.Event()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited with status {process.returncode} before answering"
        if _answers(port):
            return None
        pause.wait(POLL_INTERVAL)
    return f"did not answer within {READY_DEADLINE:.0f} s"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate Prism (its whole process group on POSIX), killing it if it lingers."""
    if process.poll() is not None:
        return
    posix = sys.platform != "win32"
    try:
        if posix:
            os.killpg(process.pid, signal.SIGTERM)
        else:  # pragma: no cover
            process.terminate()
        process.wait(timeout=STOP_GRACE)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover
            process.kill()
        process.wait(timeout=STOP_GRACE)


def _command(binary: Path, spec: Path, port: int, seed: str | None) -> list[str]:
    command = [str(binary), "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)]
    command.append("--errors")
    if seed is not None:
        command += ["--dynamic", "--seed", seed]
    return command


def start_prism(mode: str, log: Path) -> PrismServer:
    """Start Prism in ``mode`` on a free loopback port and wait until it answers."""
    binary = _prism_binary()
    seed = (os.environ.get(SEED_ENV) or DEFAULT_SEED) if mode == "dynamic" else None
    failure = "was not started"
    for _attempt in range(PORT_ATTEMPTS):
        port = _free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(
                _command(binary, SPEC, port, seed),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=sys.platform != "win32",
            )
        outcome: str | None = "was interrupted while starting"
        try:
            outcome = _wait_until_ready(process, port)
        finally:
            if outcome is not None:  # failed, or interrupted (e.g. by the timeout): stop it
                _stop(process)
        if outcome is None:
            return PrismServer(
                mode=mode,
                seed=seed,
                base_url=f"http://127.0.0.1:{port}",
                log=log,
                process=process,
            )
        failure = outcome
        if "EADDRINUSE" not in _tail(log):  # only a port taken meanwhile is worth a retry
            break
    unavailable(f"Prism ({mode}) {failure}; its log is {log}", f"Its log ends:\n{_tail(log)}")


@pytest.fixture(scope="session")
def prism(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrismServer]:
    """A Prism mock in the mode given by indirect parametrisation, for the whole session."""
    if not prism_configured():
        unavailable(SKIP_REASON)
    mode: str = request.param
    if mode not in MODES:
        raise ValueError(f"unknown Prism mode {mode!r}; expected one of {MODES}")
    server = start_prism(mode, tmp_path_factory.mktemp("prism") / f"{mode}.log")
    try:
        yield server
    finally:
        _stop(server.process)
