"""The examples run as a new user would run them, and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_billing_groups_example_runs() -> None:
    """The README's main-job example creates, walks, renames and deletes billing groups."""
    done = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / "billing_groups.py")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("created ") for line in lines) == 3
    assert "renamed 'support' to 'customer care'" in lines
    assert sum(line.startswith("  '") for line in lines) == 3
    assert lines[-1].startswith("after deleting it, retrieve raises NotFoundError: 404")
