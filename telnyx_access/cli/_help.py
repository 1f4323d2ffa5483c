"""Help text, read from the SDK's Google-style docstrings with ``docstring_parser``.

The command line shows the SDK's own words, so a parameter is explained in one place, its
method's ``Args:`` section. Only the typography changes (see ``plain``); what is special to
the command line (``KEY=VALUE`` filters, secrets on stdin) is added after those words.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import docstring_parser

PROG = "telnyx-access"
DESCRIPTION = (
    "Manage Telnyx account access from a shell: allowed IP addresses, postal\n"
    "addresses, single sign-on, billing groups, integration secrets, telephony tokens."
)
EXAMPLES = """\
examples:
  telnyx-access --sandbox addresses list        try it on sample data: no key, no network
  telnyx-access addresses list --all --json     every address, as one JSON array
  telnyx-access billing-groups create --name Ops
  telnyx-access billing-groups retrieve ID
  printf '%s\\n' "$TOKEN" | telnyx-access integration-secrets create \\
      --identifier crm --type bearer --token-stdin

The global options (--sandbox, --json, --api-key, --base-url) go before the resource or
after the operation. `telnyx-access RESOURCE --help` lists a resource's operations,
`telnyx-access RESOURCE OPERATION --help` their options.
"""


@attrs.frozen
class MethodDoc:
    """What a method's docstring says, as written (reST literals included)."""

    summary: str
    """The first line."""
    parameters: Mapping[str, str]
    """Each parameter's description from the ``Args:`` section."""


def method_doc(function: Callable[..., Any]) -> MethodDoc:
    """The summary and parameter descriptions of ``function``'s Google-style docstring."""
    parsed = docstring_parser.parse(function.__doc__ or "", docstring_parser.DocstringStyle.GOOGLE)
    return MethodDoc(
        summary=parsed.short_description or "",
        parameters={param.arg_name: param.description or "" for param in parsed.params},
    )


def resource_help(owner: type[Any]) -> str:
    """What the resource's module docstring says it is, without its ``client.x:`` prefix."""
    doc = docstring_parser.parse(sys.modules[owner.__module__].__doc__ or "")
    first = doc.short_description or ""
    text = plain(first.partition(": ")[2] or first).rstrip(".")
    return text[:1].upper() + text[1:]


def plain(text: str) -> str:
    """Docstring text as help: reST literals lose their backquotes, ``%`` is kept from argparse.

    argparse would read ``%`` as the start of a format such as ``%(default)s``.
    """
    return text.replace("``", "").replace("%", "%%")


def filter_help(description: str) -> str:
    """The filter's description, and its mapping examples as the ``KEY=VALUE`` pairs to type."""
    examples: list[str] = []
    for literal in description.split("``")[1::2]:  # the text between pairs of ``
        try:
            parsed = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            continue  # not a plain literal, e.g. it holds datetime(...)
        if isinstance(parsed, dict):
            examples.extend(f"{key}={value}" for key, value in _dotted(parsed))
    typed = "Typed as KEY=VALUE, repeatable, keys nested with dots"
    return plain(f"{description} {typed}" + (": " + ", ".join(examples) if examples else "."))


def _dotted(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            yield from _dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
