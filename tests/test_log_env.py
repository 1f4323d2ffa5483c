"""``TELNYX_LOG``: a stderr handler for the package logger, read once, at the first client.

Each case runs in a fresh interpreter: the variable is read once per process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

KEY = "KEY0123456789-never-printed"

CALL = f"""
    import logging, sys
    from telnyx_access import TelnyxAccess
    from telnyx_access.testing import FakeTelnyx

    with FakeTelnyx(api_key={KEY!r}, seed=True) as fake:
        ident = next(iter(fake.api.billing_groups))
        with TelnyxAccess(api_key={KEY!r}, base_url=fake.base_url) as client:
            client.billing_groups.retrieve(ident)
            client.integration_secrets.create(
                identifier="db", type="basic", username="u", password="pa55word-never-printed"
            )
"""


def run_python(code: str, log: str | None) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter with ``TELNYX_LOG`` set to ``log`` (unset if None)."""
    env = {"PATH": "/usr/bin:/bin"}
    if log is not None:
        env["TELNYX_LOG"] = log
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_debug_writes_redacted_records_to_stderr() -> None:
    """TELNYX_LOG=debug prints each request and answer on stderr, without the key or secrets."""
    result = run_python(CALL, "debug")
    assert result.returncode == 0, result.stderr
    assert "DEBUG telnyx_access: request GET http://127.0.0.1:" in result.stderr
    assert "DEBUG telnyx_access: response POST /v2/integration_secrets: 201" in result.stderr
    assert "'Authorization': '<redacted>'" in result.stderr
    assert "'password': '<redacted>'" in result.stderr
    assert KEY not in result.stderr
    assert "pa55word-never-printed" not in result.stderr


def test_info_leaves_out_debug_records() -> None:
    """TELNYX_LOG=info sets the level to INFO: a plain successful call prints nothing."""
    result = run_python(CALL, "INFO")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_unset_prints_nothing() -> None:
    """Without TELNYX_LOG the package adds no handler: nothing reaches stderr."""
    result = run_python(
        CALL + "\n    assert logging.getLogger('telnyx_access').handlers == []", None
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_applications_logging_configuration_wins() -> None:
    """With logging configured by the application, TELNYX_LOG adds no handler of its own."""
    configured = "import logging\nlogging.basicConfig(level=logging.WARNING)\n"
    code = textwrap.dedent(configured) + textwrap.dedent(CALL)
    code += "\nassert logging.getLogger('telnyx_access').handlers == []\n"
    result = run_python(code, "debug")
    assert result.returncode == 0, result.stderr
    assert "telnyx_access" not in result.stderr


def test_an_unknown_value_is_refused_by_the_constructor() -> None:
    """TELNYX_LOG=verbose makes the first client's constructor raise ValueError naming it."""
    code = """
        import pytest
        from telnyx_access import AsyncTelnyxAccess
        with pytest.raises(ValueError, match="TELNYX_LOG"):
            AsyncTelnyxAccess(api_key="k")
    """
    result = run_python(code, "verbose")
    assert result.returncode == 0, result.stderr
