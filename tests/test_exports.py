"""The public names: all importable from ``telnyx_access``, and loaded only when used."""

from __future__ import annotations

import pytest

import telnyx_access
import telnyx_access.testing

from .helpers import python_lines


def test_every_public_name_resolves() -> None:
    """Each name in __all__ can be imported, and the lazy table lists exactly those."""
    for name in telnyx_access.__all__:
        assert getattr(telnyx_access, name) is not None
    assert sorted([*telnyx_access._HOME, "__version__"]) == sorted(telnyx_access.__all__)
    assert dir(telnyx_access) == telnyx_access.__all__


def test_every_testing_name_resolves() -> None:
    """telnyx_access.testing loads its names the same way, and lists exactly those."""
    testing = telnyx_access.testing
    for name in testing.__all__:
        assert getattr(testing, name) is not None
    assert sorted(testing._HOME) == sorted(testing.__all__)
    assert dir(testing) == sorted(testing.__all__)
    with pytest.raises(AttributeError, match=r"'telnyx_access\.testing' has no attribute 'Nope'"):
        _ = testing.Nope


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
    assert python_lines(code) == ["False", "True"]
