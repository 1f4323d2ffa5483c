"""Real parts tests start on 127.0.0.1: a tinyproxy forward proxy, a TLS server, Redis.

A test needing a part that is missing fails when ``CI`` is set (CI installs them all:
see ``.ci/run`` and the ``test`` extra) and skips with the reason anywhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiohttp import web

from telnyx_access.testing import FakeTelnyx

from .helpers import closed_port


def missing(reason: str) -> None:
    """Fail under CI, skip elsewhere: a real part this test needs is not installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it)")
    pytest.skip(reason)


def need_module(name: str) -> ModuleType:
    """The module ``name``, or the test fails under CI / skips elsewhere."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"{name} is not installed (pip install -e '.[test]')")
        raise  # pragma: no cover - missing() raises


class Tinyproxy:
    """A tinyproxy process on 127.0.0.1 with a generated config and its own log file.

    ``requests()`` lists the request lines it logged, so a test sees what it carried.
    """

    def __init__(self, directory: Path, *, user: str, password: str) -> None:
        binary = shutil.which("tinyproxy") or next(
            (p for p in ("/usr/bin/tinyproxy", "/usr/sbin/tinyproxy") if os.path.exists(p)),
            None,
        )
        if binary is None:
            missing("tinyproxy is not installed (apt-get install tinyproxy)")
        self.port = closed_port()
        self.log = directory / "tinyproxy.log"
        config = directory / "tinyproxy.conf"
        config.write_text(
            f"Port {self.port}\n"
            "Listen 127.0.0.1\n"
            "Timeout 30\n"
            f'LogFile "{self.log}"\n'
            "LogLevel Connect\n"
            "Allow 127.0.0.1\n"
            "MaxClients 100\n"
            f"BasicAuth {user} {password}\n"
        )
        self._process = subprocess.Popen(
            [str(binary), "-d", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_listening()

    def _wait_listening(self, timeout: float = 10.0) -> None:
        limit = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            if self._process.poll() is not None or time.monotonic() > limit:
                self.stop()
                raise RuntimeError(f"tinyproxy did not start; its log: {self.log_text()}")
            time.sleep(0.01)

    def url(self, user: str | None = None, password: str | None = None) -> str:
        """The proxy's URL, with credentials when given."""
        credentials = f"{user}:{password}@" if user is not None else ""
        return f"http://{credentials}127.0.0.1:{self.port}"

    def log_text(self) -> str:
        """Everything tinyproxy logged so far."""
        return self.log.read_text() if self.log.exists() else ""

    def requests(self) -> list[str]:
        """The request lines tinyproxy received (``GET http://127.0.0.1:.../v2/...``)."""
        return re.findall(r"Request \(file descriptor \d+\): (.+?) HTTP/1\.1", self.log_text())

    def stop(self) -> None:
        """End the process and wait for it."""
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - tinyproxy ends on SIGTERM
            self._process.kill()
            self._process.wait(10)


@contextlib.contextmanager
def tinyproxy(directory: Path, *, user: str, password: str) -> Iterator[Tinyproxy]:
    """A running ``Tinyproxy``, stopped afterwards."""
    proxy = Tinyproxy(directory, user=user, password=password)
    try:
        yield proxy
    finally:
        proxy.stop()


class TLSCertificates:
    """A throwaway CA (trustme) and a certificate it issued for 127.0.0.1 and localhost."""

    def __init__(self) -> None:
        trustme: Any = need_module("trustme")
        self._ca = trustme.CA()
        self._cert = self._ca.issue_cert("127.0.0.1", "localhost")

    def write_ca(self, path: Path) -> None:
        """Save the CA's certificate as PEM, as a corporate CA bundle is handed out."""
        self._ca.cert_pem.write_to_path(str(path))

    def server_context(self) -> ssl.SSLContext:
        """What the server presents: the issued certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._cert.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """What a client needs to trust the server: the CA, as a corporate CA would be."""
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context


@contextlib.contextmanager
def tls_listener(fake: FakeTelnyx, certificates: TLSCertificates) -> Iterator[str]:
    """Serve ``fake`` (running on its own thread) over TLS too; yields the https base URL.

    The TLS site is a second listener on the fake's own aiohttp runner, so every request
    it receives is answered and recorded by the fake.
    """
    loop, runner = fake._loop, fake._runner
    assert loop is not None
    assert runner is not None
    port = closed_port()
    site = web.TCPSite(runner, "127.0.0.1", port, ssl_context=certificates.server_context())
    asyncio.run_coroutine_threadsafe(site.start(), loop).result(10)
    try:
        yield f"https://127.0.0.1:{port}/v2"
    finally:
        asyncio.run_coroutine_threadsafe(site.stop(), loop).result(10)


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A Redis server of the test's own on a free loopback port, keeping nothing on disk.

    Yields its URI (``redis://127.0.0.1:PORT``); the server is stopped afterwards.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server is not installed (apt-get install redis-server)")
        raise AssertionError  # pragma: no cover - missing() raises
    port = closed_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        limit = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > limit:
                    raise AssertionError("redis-server did not start") from None
                time.sleep(0.02)  # polling a port about to open: there is no event to wait on
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)
