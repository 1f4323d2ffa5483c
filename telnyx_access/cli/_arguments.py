"""How a method parameter reaches the command line: one class per way.

``argument_for`` picks the class from the parameter's kind, name and type hint; each class
declares itself on a parser and reads the method's value back from the parsed arguments.
A type with no command-line form fails loudly when the parser is built (and in the tests).
"""

from __future__ import annotations

import argparse
import getpass
import inspect
import json
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol, Union, get_args, get_origin

import attrs

from .._models import FingerprintAlgorithm
from ._help import filter_help, plain
from ._streams import Streams, is_terminal

UNSET: Any = object()
"""What ``Argument.value`` gives for a parameter to leave out of the call."""

# Secret parameters, with the integration-secret ``type`` that needs each (and so prompts).
SECRETS = {"token": "bearer", "password": "basic"}
SECRET_FLAGS = {
    f"--{name}": f"--{name} takes no value on the command line, where other users and shell "
    f"history could see it: pipe it in with --{name}-stdin, or leave it out to be asked"
    for name in SECRETS
}
"""The options that do not exist on purpose, and what to say when one is given."""

# Settings fields Telnyx fills in itself: not offered as options.
_SERVER_FILLED = frozenset(
    {"assertion_consumer_service_url", "service_provider_entity_id", "service_provider_login_url"}
)
_FIELD_CHOICES: dict[str, Any] = {"idp_cert_fingerprint_algorithm": FingerprintAlgorithm}
_KEY = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[A-Za-z_]\w*\])*")


class UsageError(Exception):
    """Arguments that parse but cannot be used: reported with the usage, exit status 2."""


class Container(Protocol):
    """A parser or one of its argument groups: what arguments are declared on."""

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action: ...

    def add_argument_group(
        self, title: str | None = None, description: str | None = None
    ) -> Container: ...


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
        """The value to pass to the method, or ``UNSET`` to leave the parameter out."""
        found = getattr(args, self.dest, None)
        return UNSET if found is None else found


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


IDEMPOTENCY_KEY = Option(
    name="idempotency_key",
    help="sent as Idempotency-Key: lets a failed create be retried safely",
    required=False,
)
"""The one request option offered on the command line, to methods that take it."""


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
        return nested_mapping(pairs, self.flag) if pairs else UNSET


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
            help=f"{self.help} Read from the first line of stdin (needed for "
            f"--type {self.needed_for}; asked for when stdin is a terminal).",
        )

    def value(self, args: argparse.Namespace, streams: Streams) -> Any:
        """The secret from stdin, or from a prompt when the secret's type needs it."""
        if getattr(args, self.dest, False):
            secret = streams.stdin.readline().rstrip("\r\n")
            if not secret:
                raise UsageError(f"{self.stdin_flag}: stdin gave no {self.name}")
            return secret
        if getattr(args, "arg_type", None) != self.needed_for:  # the secret's --type
            return UNSET
        if not is_terminal(streams.stdin):
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
        return document if document or self.required else UNSET


def argument_for(parameter: inspect.Parameter, hint: Any, doc: str, method: str) -> Argument:
    """How one parameter goes on the command line, chosen by its kind, name and type.

    ``doc`` is its description from the method's docstring, which becomes its help.

    Raises:
        TypeError: a type with no command-line form, so a new parameter is not silently lost.
    """
    name = parameter.name
    required = parameter.default is inspect.Parameter.empty
    text = plain(doc)
    if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
        return Positional(name=name, help=text, required=True)
    if name in SECRETS:
        return Secret(name=name, help=text, required=False, needed_for=SECRETS[name])
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
    if model is not None:
        return JsonObject(name=name, help=text, required=required, model=model)
    if all(get_origin(member) is Mapping for member in members):
        return Filter(name=name, help=filter_help(doc), required=required)
    raise TypeError(f"{method}: no command-line form for parameter {name!r} ({hint!r})")


def _members(hint: Any) -> tuple[Any, ...]:
    """The types a hint allows, ``None`` left out: ``int | None`` gives ``(int,)``."""
    if get_origin(hint) in (Union, types.UnionType):
        return tuple(member for member in get_args(hint) if member is not type(None))
    return (hint,)


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
