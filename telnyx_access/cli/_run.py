"""Running one command: check the arguments, call the blocking client, print, exit status."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from .._config import API_KEY_ENV
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    TelnyxAccessError,
)
from ._arguments import SECRET_FLAGS, UNSET, Positional, UsageError
from ._operations import Operation
from ._output import gather, show
from ._parser import build_parser
from ._streams import Streams

SANDBOX_NOTE = (
    "sandbox: using a local fake Telnyx with sample data; nothing leaves this machine, "
    "and changes are forgotten when the command ends"
)

# How a failure is told, most specific first: (exception, what to say before it, status).
_FAILURES: tuple[tuple[type[Exception] | tuple[type[Exception], ...], str, int], ...] = (
    (APIStatusError, "", 1),
    (APIConnectionError, "could not reach the API: ", 1),
    (APIResponseValidationError, "unexpected answer from the API: ", 1),
    (TelnyxAccessError, "", 1),
    ((ValueError, TypeError), "", 2),  # the SDK refused an argument before sending
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status, which the console script exits with.

    Returning rather than exiting lets tests call it in-process.
    """
    streams = Streams(sys.stdin, sys.stdout, sys.stderr)
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments:
        parser.print_help(streams.stderr)
        return 2
    for argument in arguments:
        if argument.partition("=")[0] in SECRET_FLAGS:  # say why, without echoing the value
            return _fail(streams, SECRET_FLAGS[argument.partition("=")[0]], 2)
    try:
        return _run(parser.parse_args(arguments), parser, streams)
    except SystemExit as stop:  # argparse: --help, --version, usage errors
        return stop.code if isinstance(stop.code, int) else 2
    except KeyboardInterrupt:
        streams.stderr.write("\n")
        return 130
    except BrokenPipeError:  # e.g. `telnyx-access addresses list --all | head`
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), streams.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser, streams: Streams) -> int:
    """Check what the parsed arguments ask for, call the SDK, print; the exit status."""
    operation: Operation | None = getattr(args, "command", None)
    command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
    if operation is None:  # a resource without an operation
        command_parser.print_help(streams.stderr)
        return 2
    if args.sandbox and (args.api_key or args.base_url):
        command_parser.error(
            "--sandbox runs against a local fake: leave out --api-key and --base-url"
        )
    api_key = args.api_key or os.environ.get(API_KEY_ENV)
    if not args.sandbox and not api_key:
        return _fail(
            streams,
            f"no API key: set {API_KEY_ENV} (or pass --api-key), "
            "or add --sandbox to try the command on sample data",
            2,
        )
    try:
        positional, keywords = _call_arguments(operation, args, streams)
    except UsageError as error:
        command_parser.error(str(error))
    try:
        result = _call(operation, positional, keywords, args=args, api_key=api_key, streams=streams)
    except (TelnyxAccessError, ValueError, TypeError) as error:
        return _report(error, streams)
    if result is None:  # a delete answered 204 No Content
        result = {"deleted": True, "id": positional[0]}
    show(result, operation.returns, as_json=args.json, streams=streams)
    return 0


def _call_arguments(
    operation: Operation, args: argparse.Namespace, streams: Streams
) -> tuple[list[Any], dict[str, Any]]:
    """The method's positional and keyword arguments; secrets are read (or asked for) here."""
    positional = [
        argument.value(args, streams)
        for argument in operation.arguments
        if isinstance(argument, Positional)
    ]
    keywords = {
        argument.name: value
        for argument in operation.arguments
        if not isinstance(argument, Positional)
        and (value := argument.value(args, streams)) is not UNSET
    }
    return positional, keywords


def _report(error: Exception, streams: Streams) -> int:
    """One line on stderr for a failed call; the exit status it deserves."""
    for kind, lead, status in _FAILURES:
        if isinstance(error, kind):
            return _fail(streams, f"{lead}{error}", status)
    raise error  # pragma: no cover - _run catches only the kinds above


def _call(
    operation: Operation,
    positional: Sequence[Any],
    keywords: Mapping[str, Any],
    *,
    args: argparse.Namespace,
    api_key: str | None,
    streams: Streams,
) -> Any:
    """Run the operation on a blocking client (against the sandbox when asked)."""
    from .._client import TelnyxAccess  # noqa: PLC0415 - only when a command runs

    base_url: str | None = args.base_url
    with contextlib.ExitStack() as stack:
        if args.sandbox:
            from ..testing import FakeTelnyx  # noqa: PLC0415 - only in sandbox mode

            fake = stack.enter_context(FakeTelnyx(seed=True))
            api_key, base_url = fake.api_key, fake.base_url
            streams.stderr.write(SANDBOX_NOTE + "\n")
        client = stack.enter_context(TelnyxAccess(api_key, base_url=base_url))
        result = operation.call(client, positional, keywords)
        if operation.paginated:
            return gather(result, everything=args.all, stderr=streams.stderr)
        return result


def _fail(streams: Streams, message: str, status: int) -> int:
    streams.stderr.write(f"error: {message}\n")
    return status
