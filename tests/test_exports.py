"""The public names: all importable from ``telnyx_access``, and loaded only when used."""

from __future__ import annotations

import py_compile
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

import telnyx_access
import telnyx_access.resources
import telnyx_access.testing
from telnyx_access import _exceptions, _models

from .helpers import python_lines


def test_every_public_name_resolves() -> None:
    """Each name in __all__ can be imported from the package, and dir() lists exactly those."""
    for name in telnyx_access.__all__:
        assert getattr(telnyx_access, name) is not None
    assert dir(telnyx_access) == telnyx_access.__all__
    assert "__version__" in telnyx_access.__all__


def test_every_error_and_model_is_public() -> None:
    """The exceptions and models their modules declare public are the package's too."""
    for module in (_exceptions, _models):
        assert set(module.__all__) <= set(telnyx_access.__all__)
        for name in module.__all__:
            assert getattr(telnyx_access, name) is getattr(module, name)


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
    """``import telnyx_access`` imports none of its dependencies; using a client does."""
    code = (
        "import sys, telnyx_access\n"
        "print(sorted({'aiohttp', 'attrs', 'cattrs'} & set(sys.modules)))\n"
        "from telnyx_access import TelnyxAccess\n"
        "print('aiohttp' in sys.modules)\n"
    )
    assert python_lines(code) == ["[]", "True"]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package ``lazy_pkg`` whose ``__init__`` serves its names with ``lazy_exports``."""
    root = tmp_path / "lazy_pkg"
    root.mkdir()
    (root / "_eager.py").write_text("VERSION = '1'\n")
    (root / "_things.py").write_text("Thing = 'thing'\nHelper = 'helper'\nHidden = 'hidden'\n")
    (root / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from telnyx_access._lazy import lazy_exports\n"
        "from ._eager import VERSION as VERSION\n"
        "if TYPE_CHECKING:\n"
        "    from ._things import Helper as Helper\n"
        "    from ._things import Hidden\n"
        "    from ._things import Thing as Thing\n"
        "__getattr__, __dir__ = lazy_exports(__name__)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [name for name in sys.modules if name.partition(".")[0] == "lazy_pkg"]:
        del sys.modules[name]


def test_the_type_checking_block_is_the_list_of_names(package: Path) -> None:
    """``X as X`` re-exports are public and imported on first use; a plain import is not."""
    import lazy_pkg  # type: ignore[import-not-found]  # noqa: PLC0415

    assert "lazy_pkg._things" not in sys.modules
    assert lazy_pkg.__all__ == ["Helper", "Thing", "VERSION"]
    assert dir(lazy_pkg) == ["Helper", "Thing", "VERSION"]
    assert "lazy_pkg._things" not in sys.modules
    assert lazy_pkg.Thing == "thing"
    assert "lazy_pkg._things" in sys.modules
    assert vars(lazy_pkg)["Thing"] == "thing"
    with pytest.raises(AttributeError, match="'lazy_pkg' has no attribute 'Hidden'"):
        _ = lazy_pkg.Hidden


def test_a_package_without_its_source_says_so(package: Path) -> None:
    """Names cannot be served from a package installed as bytecode only, and it says why."""
    init = package / "__init__.py"
    py_compile.compile(str(init), cfile=str(package / "__init__.pyc"))
    init.unlink()
    import lazy_pkg  # noqa: PLC0415

    with pytest.raises(ImportError, match="lists its names in its source, which is not installed"):
        _ = lazy_pkg.Thing


def test_making_a_client_compiles_no_structure_function() -> None:
    """A model's structure function is made with its first answer, not on import or client."""
    code = (
        "import telnyx_access\n"
        "from telnyx_access._models._base import Model\n"
        "from telnyx_access._parsers import enveloped\n"
        "def filling():\n"
        "    models = [Model, *Model.__subclasses__()]\n"
        "    return sorted(\n"
        "        sub.__name__ for model in models for sub in model.__subclasses__()\n"
        "        if sub.__name__.endswith('Filling')\n"
        "    )\n"
        "telnyx_access.AsyncTelnyxAccess(api_key='k')\n"
        "telnyx_access.TelnyxAccess(api_key='k').close()\n"
        "print(filling())\n"
        "enveloped(telnyx_access.BillingGroup)(b'{\"data\": {}}')\n"
        "print(filling())\n"
    )
    assert python_lines(code) == ["[]", "['BillingGroupFilling']"]


def test_a_resource_and_its_models_load_on_its_first_use() -> None:
    """Making a client imports no resource; using one imports it and its models, no others."""
    code = (
        "import sys, telnyx_access\n"
        "def loaded():\n"
        "    return sorted(\n"
        "        name for name in sys.modules\n"
        "        if name.startswith(('telnyx_access.resources.', 'telnyx_access._models.'))\n"
        "        and not name.rpartition('.')[2].startswith('_')\n"
        "    )\n"
        "client = telnyx_access.AsyncTelnyxAccess(api_key='k')\n"
        "print(loaded())\n"
        "groups = client.billing_groups\n"
        "print(loaded(), client.billing_groups is groups, 'billing_groups' in vars(client))\n"
        "print(set(dir(client)) >= {'addresses', 'billing_groups', 'telephony_credentials'})\n"
    )
    assert python_lines(code) == [
        "[]",
        "['telnyx_access._models.billing_groups', 'telnyx_access.resources.billing_groups']"
        " True True",
        "True",
    ]


def test_a_client_names_the_attribute_it_lacks() -> None:
    """An attribute no client has is an AttributeError naming it, as for any object."""
    client = telnyx_access.AsyncTelnyxAccess(api_key="k", base_url="http://127.0.0.1:1/v2")
    with pytest.raises(AttributeError, match="'AsyncTelnyxAccess' object has no attribute 'nope'"):
        _ = client.nope  # type: ignore[attr-defined]


def test_threads_reading_a_resource_first_all_get_the_one_kept() -> None:
    """Threads that read a resource at once, while it is first imported, share one object."""
    code = (
        "import threading, telnyx_access\n"
        "client = telnyx_access.TelnyxAccess(api_key='k', base_url='http://127.0.0.1:1/v2')\n"
        "start, seen = threading.Barrier(16), []\n"
        "def read():\n"
        "    start.wait(10)\n"
        "    seen.append(client.addresses)\n"
        "threads = [threading.Thread(target=read) for _ in range(16)]\n"
        "for thread in threads: thread.start()\n"
        "for thread in threads: thread.join(10)\n"
        "print(len(seen), len({id(resource) for resource in seen}), seen[0] is client.addresses)\n"
        "client.close()\n"
    )
    assert python_lines(code) == ["16 1 True"]


def test_a_property_that_fails_keeps_its_own_error() -> None:
    """The resource look-up does not hide what a property's own AttributeError says."""
    bare = object.__new__(telnyx_access.TelnyxAccess)
    with pytest.raises(AttributeError, match="no attribute '_config'"):
        _ = bare.base_url


def test_the_clients_type_hints_name_their_resources() -> None:
    """Reading a client's hints (as the reference does) resolves every resource's class."""
    hints = typing.get_type_hints(telnyx_access.TelnyxAccess)
    assert hints["billing_groups"].__origin__ is telnyx_access.resources.BillingGroups
    assert hints["request"].__origin__.__name__ == "Request"
