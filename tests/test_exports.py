"""The public names: all importable from ``telnyx_access``, and loaded only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import telnyx_access


def test_every_public_name_resolves() -> None:
    """Each name in __all__ can be imported, and the lazy table lists exactly those."""
    for name in telnyx_access.__all__:
        assert getattr(telnyx_access, name) is not None
    assert sorted([*telnyx_access._HOME, "__version__"]) == sorted(telnyx_access.__all__)
    assert dir(telnyx_access) == telnyx_access.__all__


def test_unknown_names_raise_attribute_error() -> None:
    """A name the package does not export is an AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = telnyx_access.Nope  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_http_stack() -> None:
    """``import telnyx_access`` alone does not import aiohttp; using a client does."""
    code = (
        "import sys, telnyx_access\n"
        "print('aiohttp' in sys.modules)\n"
        "from telnyx_access import TelnyxAccess\n"
        "print('aiohttp' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True"]
