"""The argparse parser: resources, their operations, and the global options on each level.

Resources and operations answer to the SDK's spelling too (``billing_groups``,
``create_token``); help shows only the kebab-case one (``billing-groups``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from .._config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL
from .._version import __version__
from ._help import DESCRIPTION, EXAMPLES, PROG, resource_help
from ._operations import Operation, operations


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: resources, their operations, and the global options."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # an abbreviation would change meaning when options are added
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _global_options(parser, top=True)
    resources = parser.add_subparsers(title="resources", metavar="RESOURCE", dest="resource")
    by_resource: dict[str, list[Operation]] = {}
    for operation in operations():
        by_resource.setdefault(operation.resource, []).append(operation)
    for resource, members in by_resource.items():
        about = resource_help(members[0].owner)
        for spelling, listed in _spellings(resource, about):
            resource_parser = resources.add_parser(
                spelling, description=about, allow_abbrev=False, **listed
            )
            _global_options(resource_parser, top=False)
            resource_parser.set_defaults(command_parser=resource_parser)
            _add_operations(resource_parser, members)
    return parser


def _spellings(name: str, about: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``name`` with its help, then its snake_case spelling without, when that differs.

    Each spelling gets a parser of its own: one added without help is left out of the
    listing, where argparse's ``aliases`` would be shown beside the name.
    """
    yield name, {"help": about}
    if "-" in name:
        yield name.replace("-", "_"), {}


def _add_operations(resource_parser: argparse.ArgumentParser, members: list[Operation]) -> None:
    """One sub-command per operation, with its arguments and the global options."""
    commands = resource_parser.add_subparsers(
        title="operations", metavar="OPERATION", dest="operation"
    )
    for operation in members:
        for spelling, listed in _spellings(operation.name, operation.summary):
            command = commands.add_parser(
                spelling, description=operation.summary, allow_abbrev=False, **listed
            )
            for argument in operation.arguments:
                argument.declare(command)
            if operation.paginated:
                command.add_argument(
                    "--all", action="store_true", help="fetch every page (from --page-number on)"
                )
            _global_options(command, top=False)
            command.set_defaults(command_parser=command, command=operation)


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The global options, on every level; below the top they default to "not given"."""
    unset: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--sandbox",
        action="store_true",
        help="run against a local fake Telnyx with sample data (no key, no network)",
        **unset,
    )
    group.add_argument(
        "--json", action="store_true", help="print one JSON document instead of text", **unset
    )
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"the API key (default: ${API_KEY_ENV}, which keeps it out of shell history)",
        **unset,
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        help=f"the API's address (default: ${BASE_URL_ENV}, else {DEFAULT_BASE_URL})",
        **unset,
    )
