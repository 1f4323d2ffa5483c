"""Sessions CI runs: ``nox`` runs tests, lint and typecheck on the interpreter present."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "docs", "contract"]
nox.options.error_on_missing_interpreters = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (warnings are errors, every test has a timeout); Prism's are apart."""
    session.install("-e", ".[test]")
    session.run("pytest", "--ignore=tests/contract", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package and on the typing test that pins the public API."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", "--strict")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site; any warning (a broken reference, a bad docstring) fails it."""
    session.install("-e", ".[docs]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )


PRISM_PIN = "tests/contract/prism"  # package.json (exact version) and its package-lock.json
PRISM_DIR = ".prism"  # git-ignored; npm installs Prism here, never globally


@nox.session
def contract(session: nox.Session) -> None:
    """Contract tests: the 24 operations on both clients against Stoplight Prism (pinned).

    Prism is started and stopped by the tests' fixtures and serves the repository's copy of
    the spec. Without npm the install is skipped and the tests then skip, or fail under CI.
    """
    session.install("-e", ".[test]")
    if shutil.which("npm") is None:
        session.warn("npm is not on PATH, so Prism cannot be installed")
    else:
        os.makedirs(PRISM_DIR, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(os.path.join(PRISM_PIN, name), os.path.join(PRISM_DIR, name))
        session.run("npm", "ci", "--prefix", PRISM_DIR, "--no-audit", "--no-fund", external=True)
    prism = os.path.abspath(os.path.join(PRISM_DIR, "node_modules", ".bin", "prism"))
    session.run("pytest", "-v", "tests/contract", *session.posargs, env={"TELNYX_PRISM_BIN": prism})


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against raw aiohttp and the official package (about 30 minutes; not CI)."""
    session.install("-e", ".[bench]")
    session.run("python", "benchmarks/run.py", *session.posargs)
