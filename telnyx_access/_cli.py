"""``telnyx-access``: every operation of the blocking client, from a shell.

``telnyx-access <resource> <operation> [options]``. The operations and their options are
derived from the resource methods' signatures, type hints and docstrings, so a method added
to a resource appears here with its help; a parameter of a type this module cannot put on a
command line fails loudly when the parser is built (and in the tests).

Exit status: 0 on success, 1 when the API or the connection failed, 2 for usage errors and
for arguments the SDK refuses before sending anything. Secrets (an integration secret's
``token`` and ``password``) come from stdin or a prompt, never from argv, and are never
printed. The client and the sandbox's fake server are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import getpass
import inspect
import json
import os
import re
import shutil
import sys
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import IO, Any, Literal, Union, get_args, get_origin

import attrs

from ._converter import EXTRA_FIELDS
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    TelnyxAccessError,
)
from ._models import (
    AccessIPAddress,
    Address,
    AuthenticationProvider,
    BillingGroup,
    FingerprintAlgorithm,
    IntegrationSecret,
    Model,
)
from ._pagination import Page, SyncPage
from ._resource import Endpoint, ListEndpoint
from ._version import __version__
from .resources import (
    AccessIPAddressResource,
    AddressActions,
    Addresses,
    AuthenticationProviders,
    BillingGroups,
    IntegrationSecrets,
    TelephonyCredentials,
)

__all__ = ["Operation", "build_parser", "main", "operations"]

PROG = "telnyx-access"
API_KEY_ENV = "TELNYX_API_KEY"
SANDBOX_NOTE = (
    "sandbox: using a local fake Telnyx with sample data; nothing leaves this machine, "
    "and changes are forgotten when the command ends"
)
_EXAMPLES = """\
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

# Where each resource class hangs on the client; ``addresses.actions`` joins ``addresses``.
_RESOURCES: tuple[tuple[str, type[Any]], ...] = (
    ("access_ip_address", AccessIPAddressResource),
    ("addresses", Addresses),
    ("addresses.actions", AddressActions),
    ("authentication_providers", AuthenticationProviders),
    ("billing_groups", BillingGroups),
    ("integration_secrets", IntegrationSecrets),
    ("telephony_credentials", TelephonyCredentials),
)

# Table columns per listed model (other models fall back to their first fields).
_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    AccessIPAddress: ("id", "ip_address", "description", "status", "created_at"),
    Address: (
        "id",
        "first_name",
        "last_name",
        "business_name",
        "street_address",
        "locality",
        "country_code",
    ),
    AuthenticationProvider: ("id", "name", "short_name", "active", "created_at"),
    BillingGroup: ("id", "name", "created_at"),
    IntegrationSecret: ("id", "identifier", "created_at"),
}
_HEADINGS = {"country_code": "country"}

# Secret parameters, with the integration-secret ``type`` that needs each (and so prompts).
_SECRETS = {"token": "bearer", "password": "basic"}
_SECRET_FLAGS = {
    f"--{name}": f"--{name} takes no value on the command line, where other users and shell "
    f"history could see it: pipe it in with --{name}-stdin, or leave it out to be asked"
    for name in _SECRETS
}
# Settings fields Telnyx fills in itself: not offered as options.
_SERVER_FILLED = frozenset(
    {"assertion_consumer_service_url", "service_provider_entity_id", "service_provider_login_url"}
)
_FIELD_CHOICES: dict[str, Any] = {"idp_cert_fingerprint_algorithm": FingerprintAlgorithm}
_MIN_COLUMN = 10
_UNSET: Any = object()
_KEY = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[A-Za-z_]\w*\])*")

Container = argparse._ActionsContainer


class UsageError(Exception):
    """Arguments that parse but cannot be used: reported with the usage, exit status 2."""


@attrs.frozen
class Streams:
    """The standard streams of one run, captured when it starts so tests can swap them."""

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]


# --- arguments: one class per way a method parameter reaches the command line ------------


@attrs.frozen
class Argument:
    """One method parameter: how it is declared on a parser and read back from the args."""

    name: str
    help: str
    required: bool

    @property
    def dest(self) -> str:
        """The namespace attribute; prefixed so no parameter collides with a global option."""
        return f"arg_{self.name}"

    @property
    def flag(self) -> str:
        """The option spelling: ``first_name`` is ``--first-name``."""
        return "--" + self.name.replace("_", "-")

    def declare(self, parser: Container) -> None:
        """Add the argument to ``parser``."""
        raise NotImplementedError

    def value(self, args: argparse.Namespace, streams: Streams) -> Any:
        """The value to pass to the method, or ``_UNSET`` to leave the parameter out."""
        found = getattr(args, self.dest, None)
        return _UNSET if found is None else found


@attrs.frozen
class Positional(Argument):
    """A path parameter, such as an id: a positional argument."""

    def declare(self, parser: Container) -> None:
        """Add it as a positional argument."""
        metavar = "ID" if self.name == "id" or self.name.endswith("_id") else self.name.upper()
        parser.add_argument(self.dest, metavar=metavar, help=self.help)


@attrs.frozen
class Option(Argument):
    """A scalar keyword parameter: text, a number, one of a few choices, or a flag."""

    kind: Any = str
    choices: tuple[str, ...] | None = None
    spelling: str | None = None

    @property
    def flag(self) -> str:
        """``spelling`` when given (settings fields), else the kebab-case name."""
        return self.spelling or super().flag

    def declare(self, parser: Container) -> None:
        """Add it as ``--name VALUE``, or ``--name/--no-name`` for a boolean."""
        if self.kind is bool:
            parser.add_argument(
                self.flag, dest=self.dest, action=argparse.BooleanOptionalAction, help=self.help
            )
            return
        metavar = "N" if self.kind is int else self.flag[2:].upper().replace("-", "_")
        if self.choices is not None:
            metavar = "{" + ",".join(self.choices) + "}"
        parser.add_argument(
            self.flag,
            dest=self.dest,
            type=self.kind,
            choices=self.choices,
            metavar=metavar,
            required=self.required,
            help=self.help,
        )


@attrs.frozen
class Filter(Argument):
    """A mapping parameter (``filter``): repeatable ``KEY=VALUE``, keys nested with dots."""

    def declare(self, parser: Container) -> None:
        """Add it as a repeatable ``--filter KEY=VALUE``."""
        parser.add_argument(
            self.flag, dest=self.dest, action="append", metavar="KEY=VALUE", help=self.help
        )

    def value(self, args: argparse.Namespace, streams: Streams) -> Any:
        """The pairs as one nested mapping."""
        pairs: list[str] | None = getattr(args, self.dest, None)
        return nested_mapping(pairs, self.flag) if pairs else _UNSET


@attrs.frozen
class Secret(Argument):
    """A secret (``token``, ``password``): ``--NAME-stdin`` reads it, else a prompt asks."""

    needed_for: str = ""

    @property
    def stdin_flag(self) -> str:
        """``--token-stdin``: the way to pass the secret without a prompt."""
        return f"{self.flag}-stdin"

    def declare(self, parser: Container) -> None:
        """Add ``--NAME-stdin``; on purpose there is no option taking the value itself."""
        parser.add_argument(
            self.stdin_flag,
            dest=self.dest,
            action="store_true",
            help=f"read the {self.name} from the first line of stdin (needed for "
            f"--type {self.needed_for}; asked for when stdin is a terminal)",
        )

    def value(self, args: argparse.Namespace, streams: Streams) -> Any:
        """The secret from stdin, or from a prompt when the secret's type needs it."""
        if getattr(args, self.dest, False):
            secret = streams.stdin.readline().rstrip("\r\n")
            if not secret:
                raise UsageError(f"{self.stdin_flag}: stdin gave no {self.name}")
            return secret
        if getattr(args, "arg_type", None) != self.needed_for:  # the secret's --type
            return _UNSET
        if not _is_terminal(streams.stdin):
            raise UsageError(
                f"a {self.needed_for} secret needs a {self.name}: pipe it in with "
                f"{self.stdin_flag} (secrets are never taken from the command line)"
            )
        secret = getpass.getpass(f"{self.name} (not echoed): ")
        if not secret:
            raise UsageError(f"no {self.name} given")
        return secret


@attrs.frozen
class JsonObject(Argument):
    """A parameter taking an attrs model (``settings``): JSON, ``@file``, or per-field options."""

    model: type[Any] = object

    def fields(self) -> list[Option]:
        """One option per field a user sets (text or flag), e.g. ``--idp-entity-id``."""
        hints = typing.get_type_hints(self.model)
        options = []
        for field in attrs.fields(self.model):
            members = _members(hints[field.name])
            if field.name in _SERVER_FILLED or members not in ((str,), (bool,)):
                continue
            choices = _FIELD_CHOICES.get(field.name)
            options.append(
                Option(
                    name=f"{self.name}.{field.name}",
                    help=f"{self.name}.{field.name}",
                    required=False,
                    kind=members[0],
                    choices=get_args(choices) if choices is not None else None,
                    spelling="--" + field.name.replace("_", "-"),
                )
            )
        return options

    def declare(self, parser: Container) -> None:
        """Add ``--NAME JSON|@FILE`` and the per-field options, in a group of their own."""
        group = parser.add_argument_group(
            f"{self.name} (as JSON, as the options below, or both: the options win)"
        )
        group.add_argument(self.flag, dest=self.dest, metavar="JSON|@FILE", help=self.help)
        for option in self.fields():
            option.declare(group)

    def value(self, args: argparse.Namespace, streams: Streams) -> Any:
        """The JSON object with the per-field options laid over it.

        When nothing was given to a required parameter, an empty object goes to the SDK,
        whose check then names the first missing field.
        """
        text: str | None = getattr(args, self.dest, None)
        document = {} if text is None else json_object(text, self.flag)
        for option in self.fields():
            found = getattr(args, option.dest, None)
            if found is not None:
                document[option.name.partition(".")[2]] = found
        return document if document or self.required else _UNSET


# --- operations, derived from the resource classes ---------------------------------------


@attrs.frozen
class Operation:
    """One SDK method as a command: ``telnyx-access <resource> <name>``."""

    resource: str
    """The command-line resource, e.g. ``addresses``."""
    name: str
    """The command-line operation, e.g. ``accept-suggestions``."""
    attributes: tuple[str, ...]
    """The path from the client to the resource object, e.g. ``("addresses", "actions")``."""
    method: str
    paginated: bool
    returns: Any
    """The model (of each item, for lists); ``str`` for a token, ``None`` for no content."""
    summary: str
    arguments: tuple[Argument, ...]

    def call(self, client: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """Call the method on ``client`` (a ``TelnyxAccess``)."""
        target = client
        for attribute in self.attributes:
            target = getattr(target, attribute)
        return getattr(target, self.method)(*args, **kwargs)


def operations() -> list[Operation]:
    """Every operation of every resource, in the order the resource classes define them."""
    found = []
    for path, cls in _RESOURCES:
        for name, member in vars(cls).items():
            if isinstance(member, (Endpoint, ListEndpoint)):
                found.append(_operation(tuple(path.split(".")), name, member))
    return found


def _operation(attributes: tuple[str, ...], method: str, member: Any) -> Operation:
    """The command for one resource method, read off the function it decorates."""
    function = member.__wrapped__
    hints = typing.get_type_hints(function)
    docs = _argument_docs(function.__doc__ or "")
    arguments: list[Argument] = []
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        hint = hints[parameter.name]
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            (options,) = get_args(hint)  # Unpack[<RequestOptions or one of its subclasses>]
            if "idempotency_key" in typing.get_type_hints(options):
                arguments.append(
                    Option(
                        name="idempotency_key",
                        help="sent as Idempotency-Key: lets a failed create be retried safely",
                        required=False,
                    )
                )
            continue
        arguments.append(_argument(parameter, hint, docs.get(parameter.name, ""), method))
    (returned,) = get_args(hints["return"])  # Call[T]
    paginated = isinstance(member, ListEndpoint)
    return Operation(
        resource=attributes[0].replace("_", "-"),
        name=method.replace("_", "-"),
        attributes=attributes,
        method=method,
        paginated=paginated,
        returns=get_args(returned)[0] if paginated else returned,
        summary=_plain(inspect.cleandoc(function.__doc__ or "").partition("\n")[0]),
        arguments=tuple(arguments),
    )


def _argument(parameter: inspect.Parameter, hint: Any, doc: str, method: str) -> Argument:
    """How one parameter goes on the command line, chosen by its kind, name and type.

    Raises:
        TypeError: a type with no command-line form, so a new parameter is not silently lost.
    """
    name = parameter.name
    required = parameter.default is inspect.Parameter.empty
    text = _plain(doc)
    if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
        return Positional(name=name, help=text, required=True)
    if name in _SECRETS:
        return Secret(name=name, help=text, required=False, needed_for=_SECRETS[name])
    members = _members(hint)
    if members in ((str,), (int,), (bool,)):
        return Option(name=name, help=text, required=required, kind=members[0])
    if len(members) == 1 and get_origin(members[0]) is Literal:
        choices = tuple(str(choice) for choice in get_args(members[0]))
        dashed = next((choice for choice in choices if choice.startswith("-")), None)
        if dashed is not None:  # argparse would take "--sort -name" for two options
            text += f" Write it with = when it starts with -: --{name}={dashed}."
        return Option(name=name, help=text, required=required, choices=choices)
    model = next((member for member in members if attrs.has(member)), None)
    if model is not None:  # "settings, as <Model> or a mapping" is Python talk: JSON here
        text = re.sub(rf",? as {model.__name__} or a mapping", "", text)
        return JsonObject(name=name, help=text, required=required, model=model)
    if all(get_origin(member) is Mapping for member in members):
        return Filter(name=name, help=_filter_help(doc), required=required)
    raise TypeError(f"{method}: no command-line form for parameter {name!r} ({hint!r})")


def _members(hint: Any) -> tuple[Any, ...]:
    """The types a hint allows, ``None`` left out: ``int | None`` gives ``(int,)``."""
    if get_origin(hint) in (Union, types.UnionType):
        return tuple(member for member in get_args(hint) if member is not type(None))
    return (hint,)


def _argument_docs(doc: str) -> dict[str, str]:
    """The ``Args:`` section of a Google-style docstring, one text per parameter."""
    lines = inspect.cleandoc(doc).splitlines()
    if "Args:" not in lines:
        return {}
    docs: dict[str, str] = {}
    current = None
    for line in lines[lines.index("Args:") + 1 :]:
        if line and not line.startswith(" "):
            break  # the next section
        entry = re.fullmatch(r" {4}(\w+): (.*)", line)
        if entry:
            current = entry[1]
            docs[current] = entry[2]
        elif current and line.strip():
            docs[current] += " " + line.strip()
    return docs


def _plain(text: str) -> str:
    """Docstring text as help: no reST literals, and safe from argparse's ``%`` formatting."""
    return re.sub(r"``(.*?)``", r"\1", text).replace("%", "%%")


def _filter_help(doc: str) -> str:
    """The filter's help, its docstring's mapping examples rewritten as ``KEY=VALUE``."""
    examples: list[str] = []
    for literal in re.findall(r"``(.*?)``", doc):
        try:
            parsed = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            continue  # not a plain literal, e.g. it holds datetime(...)
        if isinstance(parsed, dict):
            examples.extend(f"{key}={value}" for key, value in _dotted(parsed))
    text = "KEY=VALUE, repeatable; nest keys with dots"
    return _plain(text + (", e.g. " + ", ".join(examples) if examples else ""))


def _dotted(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            yield from _dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def nested_mapping(pairs: Sequence[str], flag: str) -> dict[str, Any]:
    """``["a.b=1", "c[d]=2"]`` as ``{"a": {"b": "1"}, "c": {"d": "2"}}``, for ``--filter``.

    Raises:
        UsageError: a pair is not ``KEY=VALUE``, or two pairs set the same key.
    """
    result: dict[str, Any] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not _KEY.fullmatch(key):
            raise UsageError(f"{flag} takes KEY=VALUE (e.g. a.b=c), got {pair!r}")
        *parents, last = re.findall(r"\w+", key)
        node = result
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise UsageError(f"{flag} {key}=...: {part} already has a value")
        if last in node:
            raise UsageError(f"{flag} {key}=... is given twice")
        node[last] = value
    return result


def json_object(text: str, flag: str) -> dict[str, Any]:
    """A JSON object given as text, or as ``@path`` to a file holding it.

    Raises:
        UsageError: the file cannot be read, or its text is not a JSON object.
    """
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as file:
                text = file.read()
        except OSError as error:
            raise UsageError(f"{flag}: cannot read {text[1:]!r}: {error.strerror}") from None
    try:
        document = json.loads(text)
    except ValueError as error:
        raise UsageError(f"{flag}: not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise UsageError(f"{flag} must be a JSON object")
    return document


# --- the parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: resources, their operations, and the global options."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Manage Telnyx account access from a shell: allowed IP addresses, postal\n"
        "addresses, single sign-on, billing groups, integration secrets, telephony tokens.",
        epilog=_EXAMPLES,
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
        about = _resource_help(resource)
        resource_parser = resources.add_parser(
            resource, help=about, description=about, allow_abbrev=False
        )
        _global_options(resource_parser, top=False)
        resource_parser.set_defaults(command_parser=resource_parser)
        commands = resource_parser.add_subparsers(
            title="operations", metavar="OPERATION", dest="operation"
        )
        for operation in members:
            command = commands.add_parser(
                operation.name,
                help=operation.summary,
                description=operation.summary,
                allow_abbrev=False,
            )
            for argument in operation.arguments:
                argument.declare(command)
            if operation.paginated:
                command.add_argument(
                    "--all", action="store_true", help="fetch every page (from --page-number on)"
                )
            _global_options(command, top=False)
            command.set_defaults(command_parser=command, command=operation)
    return parser


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
        help="the API's address (default: $TELNYX_BASE_URL, else https://api.telnyx.com/v2)",
        **unset,
    )


def _resource_help(resource: str) -> str:
    """The resource module's docstring, minus its ``client.x:`` prefix."""
    cls = dict(_RESOURCES)[resource.replace("-", "_")]
    first = (sys.modules[cls.__module__].__doc__ or "").strip().partition("\n")[0]
    text = _plain(first.partition(": ")[2] or first).rstrip(".")
    return text[:1].upper() + text[1:]


# --- running a command ---------------------------------------------------------------------


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
        if argument.partition("=")[0] in _SECRET_FLAGS:  # say why, without echoing the value
            return _fail(streams, _SECRET_FLAGS[argument.partition("=")[0]], 2)
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
    _show(operation, result, positional, args, streams)
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
        and (value := argument.value(args, streams)) is not _UNSET
    }
    return positional, keywords


# How a failure is told, most specific first: (exception, what to say before it, status).
_FAILURES: tuple[tuple[type[Exception] | tuple[type[Exception], ...], str, int], ...] = (
    (APIStatusError, "", 1),
    (APIConnectionError, "could not reach the API: ", 1),
    (APIResponseValidationError, "unexpected answer from the API: ", 1),
    (TelnyxAccessError, "", 1),
    ((ValueError, TypeError), "", 2),  # the SDK refused an argument before sending
)


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
    from ._client import TelnyxAccess  # noqa: PLC0415 - only when a command runs

    base_url: str | None = args.base_url
    with contextlib.ExitStack() as stack:
        if args.sandbox:
            from .testing import FakeTelnyx  # noqa: PLC0415 - only in sandbox mode

            fake = stack.enter_context(FakeTelnyx(seed=True))
            api_key, base_url = fake.api_key, fake.base_url
            streams.stderr.write(SANDBOX_NOTE + "\n")
        client = stack.enter_context(TelnyxAccess(api_key, base_url=base_url))
        result = operation.call(client, positional, keywords)
        if operation.paginated:
            return _gather(result, everything=args.all, stderr=streams.stderr)
        return result


@attrs.frozen
class Listing:
    """What a list command fetched, and a note for a person about the pages left."""

    items: list[Any]
    note: str | None = None


def _gather(page: SyncPage[Any], *, everything: bool, stderr: IO[str]) -> Listing:
    """The page's items, or with ``everything`` those of every page from it on.

    While walking, a terminal on stderr shows how far it got.
    """
    if not everything:
        return Listing(items=list(page.data), note=_pages_note(page))
    meta = page.meta
    total = meta.total_results if meta is not None else None
    show = _is_terminal(stderr)
    step = max(len(page.data), 1)
    items: list[Any] = []
    for item in page:  # blocking iteration walks the following pages
        items.append(item)
        if show and len(items) % step == 0:
            stderr.write(f"\r{_progress(len(items), total)}")
            stderr.flush()
    if show and len(items) % step != 0:
        stderr.write(f"\r{_progress(len(items), total)}")
    if show:
        stderr.write("\n")
    return Listing(items=items)


def _progress(count: int, total: int | None) -> str:
    return f"fetched {count} of {total}" if total is not None else f"fetched {count}"


def _pages_note(page: Page[Any]) -> str | None:
    meta = page.meta
    if not page.has_next_page() or meta is None or meta.page_number is None:
        return None
    of = f" of {meta.total_pages}" if meta.total_pages is not None else ""
    results = f" ({meta.total_results} results)" if meta.total_results is not None else ""
    return (
        f"page {meta.page_number}{of}{results}; more with --page-number "
        f"{meta.page_number + 1}, or every page with --all"
    )


def _fail(streams: Streams, message: str, status: int) -> int:
    streams.stderr.write(f"error: {message}\n")
    return status


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


# --- output --------------------------------------------------------------------------------


def _show(
    operation: Operation,
    result: Any,
    positional: Sequence[Any],
    args: argparse.Namespace,
    streams: Streams,
) -> None:
    """Print the result: one JSON document with ``--json``, else a table or a listing."""
    out = streams.stdout
    if result is None:  # a delete answered 204 No Content
        result = {"deleted": True, "id": positional[0]}
    if isinstance(result, Listing):
        if args.json:
            _dump([to_json(item) for item in result.items], out)
        else:
            width = shutil.get_terminal_size().columns if _is_terminal(out) else None
            out.write(table(result.items, operation.returns, width))
            if _is_terminal(streams.stderr):
                count = len(result.items)
                streams.stderr.write((result.note or f"{count} result{'s' * (count != 1)}") + "\n")
    elif args.json:
        _dump(to_json(result), out)
    elif isinstance(result, str):
        out.write(result + "\n")
    else:
        out.write(listing(result))


def _dump(document: Any, out: IO[str]) -> None:
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def to_json(value: Any) -> Any:
    """A model as JSON data, as ``to_dict()`` gives it; anything else as it is."""
    return value.to_dict() if isinstance(value, Model) else value


def table(items: Sequence[Any], model: Any, width: int | None) -> str:
    """Items as aligned columns with a heading; cells are cut to fit ``width`` when given."""
    columns = (
        _COLUMNS.get(model)
        or tuple(field.name for field in attrs.fields(model) if field.name != EXTRA_FIELDS)[:6]
    )
    rows = [[_HEADINGS.get(c, c).replace("_", " ").upper() for c in columns]]
    rows += [[_cell(getattr(item, column, None)) for column in columns] for item in items]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    if width is not None:
        widths = _fit_widths(widths, width)
    lines = [
        "  ".join(
            _fit(cell, size).ljust(size)
            for cell, size in zip(row[: len(widths)], widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _fit_widths(widths: list[int], width: int) -> list[int]:
    """Column widths within ``width``: the last columns go first, then wide ones narrow.

    A column is cut no narrower than ``_MIN_COLUMN``; the first one (the id) is never cut.
    """

    def total(sizes: Sequence[int]) -> int:
        return sum(sizes) + 2 * (len(sizes) - 1)

    sizes = list(widths)
    while len(sizes) > 2 and total([sizes[0], *(min(s, _MIN_COLUMN) for s in sizes[1:])]) > width:
        sizes.pop()
    while total(sizes) > width:
        widest = max(range(1, len(sizes)), key=sizes.__getitem__, default=0)
        if widest == 0 or sizes[widest] <= _MIN_COLUMN:
            break
        sizes[widest] -= 1
    return sizes


def listing(value: Any) -> str:
    """One object as ``key: value`` lines, nested fields dotted, absent fields left out."""
    pairs = list(_flatten(to_json(value), ""))
    pad = max((len(key) for key, _ in pairs), default=0) + 1
    return "".join(f"{(key + ':').ljust(pad)} {text}\n" for key, text in pairs)


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _flatten(item, _join(prefix, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{index}]")
    elif value is not None:
        yield prefix, _text(value)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\n", " ")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return _text(value)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
