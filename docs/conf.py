"""Sphinx configuration: MyST Markdown pages, the furo theme, an autodoc API reference.

Build with warnings as errors, as the ``docs`` nox session does::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import telnyx_access

project = "telnyx-access"
author = "telnyx-access developers"
project_copyright = "telnyx-access developers"
release = telnyx_access.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sdk_reference",  # docs/_ext/sdk_reference.py: resource methods, public names
]
exclude_patterns = ["_build", "_ext"]

html_theme = "furo"
html_title = f"telnyx-access {release}"

# Links like [retries](retries.md#how-long-it-waits) need anchors on headings.
myst_heading_anchors = 3

# Every cross-reference must resolve: a type hint naming an undocumented class fails the
# build. The exceptions below are the only ones, each for a reason.
nitpicky = True
nitpick_ignore_regex = [
    # Standard-library and third-party classes: the build runs offline, so there is no
    # intersphinx inventory to link them to. They are shown, just not linked. (On Python
    # 3.10, ``Unpack`` comes from typing_extensions; ``typing`` names need no entry.)
    (
        "py:.*",
        r"(aiohttp|anyio|collections\.abc|datetime|multidict|ssl|types|typing_extensions|yarl)\..*",
    ),
    # Type variables (``Page[T]``, a resource's client mode ``M``): placeholders with no
    # page of their own.
    ("py:.*", r"(telnyx_access\.[\w.]+\.)?[MPT]"),
    # The client modes a resource is parametrised with; the resources reference explains
    # them, and nobody imports them.
    ("py:class", r"telnyx_access\._resource\.(Async|Blocking|Raw)"),
    # The types of ``client.request``, ``client.paginate`` and ``client.with_raw_response``:
    # their overloads only say what each client mode answers with, and the methods they
    # type are documented on ``telnyx_access.resources.Anything``.
    ("py:class", r"telnyx_access\.resources\._generic\.(Request|Paginate|RawHatch)"),
]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
python_use_unqualified_type_names = True
python_maximum_signature_line_length = 88

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True
