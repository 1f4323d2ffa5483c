"""Every ```python block of README.md and docs/**/*.md runs, against a FakeTelnyx.

The conventions a block may rely on (docs/index.md tells readers the short version):

- Each block runs on its own, in a fresh namespace, with ``TELNYX_API_KEY`` and
  ``TELNYX_BASE_URL`` pointing at a fresh ``FakeTelnyx(seed=True)``: ``AsyncTelnyxAccess()``
  and ``TelnyxAccess()`` work without arguments. Proxy variables are removed; the
  environment and the ``telnyx_access`` and root loggers are restored after each block.
- Top-level ``await`` is allowed: the block is compiled with
  ``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`` and, when that makes it a coroutine, run with
  ``asyncio.run``.
- Fragments may use two names without defining them:

  - ``client``: an ``AsyncTelnyxAccess`` in a block that awaits at top level, a
    ``TelnyxAccess`` in any other; closed after the block;
  - ``group_id``: the id of one of the fake's sample billing groups.

- A marker, an HTML comment on the line just before the opening fence, changes how a block
  runs:

  - ``<!-- docs: pytest -->``: the block is a test module. It is written to a temporary
    directory and run by pytest in a subprocess (warnings are errors; the package's pytest
    plugin is there, and ``examples/`` is importable); every test in it must pass.
  - ``<!-- docs: no-run -->``: the block is only compiled, for code that cannot run here.
    Keep these rare: at most ``MAX_NO_RUN`` in all.
  - ``<!-- docs: proxy -->``: the block runs with a real forward proxy (tinyproxy, with a
    user and password) started for it: ``proxy_url`` is its URL with the credentials, and
    ``HTTP_PROXY``/``HTTPS_PROXY`` name it too. The proxy must have carried a request.
  - ``<!-- docs: tls -->``: the fake is served over TLS with a certificate from a
    throwaway CA, ``TELNYX_BASE_URL`` is its ``https`` URL and ``ca_file`` the path of the
    CA's certificate (PEM). The block must have made a request over it.
  - ``<!-- docs: redis -->``: the block runs with a Redis server of its own started for
    it, its URI in the ``REDIS_URL`` environment variable.

A block that cannot run fails its test: nothing is skipped.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import logging
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from telnyx_access import AsyncTelnyxAccess, TelnyxAccess
from telnyx_access.testing import FakeTelnyx

from .real_parts import TLSCertificates, redis_server, tinyproxy, tls_listener

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
MAX_NO_RUN = 3
MARKERS = ("pytest", "no-run", "proxy", "tls", "redis")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKER = re.compile(r"^\s*<!--\s*docs:\s*(?P<name>[\w-]+)\s*-->\s*$")
# Other ways to fence Python, which would escape this collector (and ruff's formatting).
_OTHER_PYTHON = re.compile(r"^(\{(code-block|code|sourcecode)\}\s*)?(py|python3?|ipython3?)\b")


@attrs.frozen
class Block:
    """One fenced block of Python in a Markdown file."""

    path: Path
    line: int
    """The line of the opening fence, counted from 1."""
    source: str
    marker: str | None

    @property
    def name(self) -> str:
        """``file:line``, the test id."""
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def compile(self) -> Any:
        """The code, with line numbers as in the Markdown file, top-level await allowed."""
        padded = "\n" * self.line + self.source
        return compile(
            padded, str(self.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )


def markdown_files() -> list[Path]:
    """README.md and every page of the docs, the built site left out."""
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    return [ROOT / "README.md", *pages]


def python_blocks(path: Path) -> Iterator[Block]:
    """The ```python blocks of ``path``, with the marker on the line before each, if any."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        end = index + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if (
                closing is not None
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            end += 1
        if opening["info"].strip() == "python":
            body = [line.removeprefix(indent) for line in lines[index + 1 : end]]
            yield Block(
                path=path,
                line=index + 1,
                source=textwrap.dedent("\n".join(body)) + "\n",
                marker=_marker_before(lines, index),
            )
        index = end + 1


def _marker_before(lines: list[str], index: int) -> str | None:
    if index == 0:
        return None
    found = _MARKER.match(lines[index - 1])
    return found["name"] if found else None


BLOCKS = [block for path in markdown_files() for block in python_blocks(path)]
RUN = [block for block in BLOCKS if block.marker is None]
PYTEST = [block for block in BLOCKS if block.marker == "pytest"]
NO_RUN = [block for block in BLOCKS if block.marker == "no-run"]
PROXY = [block for block in BLOCKS if block.marker == "proxy"]
TLS = [block for block in BLOCKS if block.marker == "tls"]
REDIS = [block for block in BLOCKS if block.marker == "redis"]


@pytest.fixture
def docs_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTelnyx]:
    """A seeded fake the environment points at; environment and logging restored after."""
    loggers = [logging.getLogger("telnyx_access"), logging.getLogger()]
    levels = [logger.level for logger in loggers]
    handlers = [list(logger.handlers) for logger in loggers]
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with FakeTelnyx(seed=True) as fake:
        monkeypatch.setenv("TELNYX_API_KEY", fake.api_key)
        monkeypatch.setenv("TELNYX_BASE_URL", fake.base_url)
        saved = dict(os.environ)
        try:
            yield fake
        finally:
            os.environ.clear()
            os.environ.update(saved)
            for logger, level, before in zip(loggers, levels, handlers, strict=True):
                logger.setLevel(level)
                for handler in [h for h in logger.handlers if h not in before]:
                    logger.removeHandler(handler)


@pytest.mark.parametrize("block", RUN, ids=[block.name for block in RUN])
def test_block_runs(block: Block, docs_environment: FakeTelnyx) -> None:
    """The block runs to its end against the fake, with the documented names at hand."""
    run_block(block, docs_environment)


@pytest.mark.parametrize("block", PROXY, ids=[block.name for block in PROXY])
def test_proxy_block_runs_through_a_proxy(
    block: Block, docs_environment: FakeTelnyx, tmp_path: Path
) -> None:
    """The block runs with a real proxy at hand, and that proxy carries its calls."""
    with tinyproxy(tmp_path, user="docs", password="docs-proxy-password") as proxy:
        url = proxy.url("docs", "docs-proxy-password")
        os.environ["HTTP_PROXY"] = os.environ["HTTPS_PROXY"] = url  # restored by the fixture
        run_block(block, docs_environment, proxy_url=url)
    assert proxy.requests()


@pytest.mark.parametrize("block", TLS, ids=[block.name for block in TLS])
def test_tls_block_reaches_a_server_of_a_private_ca(
    block: Block, docs_environment: FakeTelnyx, tmp_path: Path
) -> None:
    """The block reaches the fake over TLS, its certificate issued by a throwaway CA."""
    certificates = TLSCertificates()
    ca_file = tmp_path / "corporate-ca.pem"
    certificates.write_ca(ca_file)
    before = docs_environment.count()
    with tls_listener(docs_environment, certificates) as base_url:
        os.environ["TELNYX_BASE_URL"] = base_url  # restored by the fixture
        run_block(block, docs_environment, ca_file=str(ca_file))
    assert docs_environment.count() > before


@pytest.mark.parametrize("block", REDIS, ids=[block.name for block in REDIS])
def test_redis_block_shares_a_budget_through_redis(
    block: Block, docs_environment: FakeTelnyx, tmp_path: Path
) -> None:
    """The block runs with a real Redis server named by ``REDIS_URL``."""
    with redis_server(tmp_path) as uri:
        os.environ["REDIS_URL"] = uri  # restored by the fixture
        run_block(block, docs_environment)


def run_block(block: Block, fake: FakeTelnyx, **names: Any) -> None:
    """Run ``block`` against ``fake`` with ``client``, ``group_id`` and ``names`` at hand."""
    code = block.compile()
    group_id = next(iter(fake.api.billing_groups))
    namespace: dict[str, Any] = {"__name__": "__docs__", "group_id": group_id, **names}
    if code.co_flags & inspect.CO_COROUTINE:
        async_client = AsyncTelnyxAccess()
        namespace["client"] = async_client

        async def run() -> None:
            try:
                await eval(code, namespace)  # noqa: S307 - the docs' own code
            finally:
                await async_client.aclose()

        asyncio.run(run())
    else:
        blocking_client = TelnyxAccess()
        namespace["client"] = blocking_client
        try:
            exec(code, namespace)  # noqa: S102 - the docs' own code
        finally:
            blocking_client.close()


@pytest.mark.parametrize("block", PYTEST, ids=[block.name for block in PYTEST])
def test_test_module_passes(block: Block, tmp_path: Path) -> None:
    """The block, saved as a test module, passes every one of its tests under pytest."""
    tests = [
        node.name
        for node in ast.parse(block.source).body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_")
    ]
    assert tests, "a docs: pytest block must define test functions"
    module = tmp_path / "test_docs_block.py"
    module.write_text(block.source, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TELNYX_")}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(EXAMPLES), environment.get("PYTHONPATH")])
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", module.name],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"\b{len(tests)} passed\b", done.stdout), done.stdout


def test_blocks_are_found() -> None:
    """The collector finds the README's examples and a docs site full of them."""
    readme = [block for block in BLOCKS if block.path.name == "README.md"]
    assert len(readme) >= 2
    assert len({block.path for block in BLOCKS}) >= 10
    assert len(RUN) >= 30


def test_python_is_fenced_as_python() -> None:
    """Python is fenced as ```python, the one form this collector runs and ruff formats."""
    for path in markdown_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            fence = _FENCE.match(line)
            info = fence["info"].strip() if fence else ""
            if _OTHER_PYTHON.match(info):
                assert info == "python", f"{path}:{number}: fence Python as ```python"


def test_markers_are_known_and_attached() -> None:
    """Every docs marker names a known behaviour and sits right above a Python block."""
    attached = {(block.path, block.line - 1) for block in BLOCKS if block.marker}
    for path in markdown_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = _MARKER.match(line)
            if found is not None:
                assert found["name"] in MARKERS, f"{path}:{number}: unknown marker"
                assert (path, number) in attached, f"{path}:{number}: no ```python block below"


def test_no_run_blocks_are_rare_and_compile() -> None:
    """Blocks exempt from running are few, and still valid Python."""
    assert len(NO_RUN) <= MAX_NO_RUN, [block.name for block in NO_RUN]
    for block in NO_RUN:
        assert block.compile() is not None
