"""``--help`` of the command line: every parameter's description, and one spelling per name."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import docstring_parser
import pytest

from telnyx_access import AsyncTelnyxAccess
from telnyx_access._resource import Endpoint, ListEndpoint, Resource
from telnyx_access.cli import main
from telnyx_access.cli._help import method_doc

from .helpers import public_attributes

ESCAPE_HATCH = "with_raw_response"
"""``client.with_raw_response``: ``request`` and ``paginate`` on any path, not commands."""


def sdk_methods(owner: Any, prefix: str = "") -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(resource path, method name, function) of every method reachable from ``owner``."""
    for name, value in public_attributes(owner):
        if isinstance(value, Resource) and name != ESCAPE_HATCH:
            for method, member in vars(type(value)).items():
                if isinstance(member, (Endpoint, ListEndpoint)):
                    yield prefix + name, method, member.__wrapped__
            yield from sdk_methods(value, f"{prefix}{name}.")


METHODS = list(sdk_methods(AsyncTelnyxAccess("k", base_url="http://127.0.0.1:1/v2")))


def command(path: str, method: str) -> list[str]:
    """``addresses.actions``' ``accept_suggestions`` is ``addresses accept-suggestions``."""
    return [path.partition(".")[0].replace("_", "-"), method.replace("_", "-")]


def squashed(text: str) -> str:
    """Text without whitespace or reST backquotes, so line wrapping cannot hide a match."""
    return "".join(text.replace("``", "").split())


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What ``telnyx-access ARGV --help`` prints, after checking it exits 0."""
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_the_client_has_24_methods() -> None:
    """The walk below finds every method of the client, so each is checked."""
    assert len(METHODS) == 24


@pytest.mark.parametrize(
    ("path", "method", "function"), METHODS, ids=[" ".join(command(*m[:2])) for m in METHODS]
)
def test_help_shows_each_parameters_description(
    capsys: pytest.CaptureFixture[str], path: str, method: str, function: Callable[..., Any]
) -> None:
    """An operation's --help has its docstring's summary and every parameter's description."""
    shown = squashed(help_of(capsys, *command(path, method)))
    doc = docstring_parser.parse(function.__doc__ or "", docstring_parser.DocstringStyle.GOOGLE)
    described = {param.arg_name: param.description or "" for param in doc.params}
    parameters = [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if name != "self" and parameter.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    assert squashed(doc.short_description or "") in shown
    for name in parameters:
        assert described.get(name), f"{method}: {name} has no description in the docstring"
        assert squashed(described[name]) in shown, f"{method}: help lost {name}'s description"


def test_the_help_parser_reads_any_indentation() -> None:
    """An ``Args:`` block indented by two spaces, with a continued line, is read whole."""

    def sample(first: str, second: int) -> None:
        """Do a thing.

        Args:
          first: the first
            thing, continued.
          second: the second.
        """

    doc = method_doc(sample)
    assert doc.summary == "Do a thing."
    assert {name: " ".join(text.split()) for name, text in doc.parameters.items()} == {
        "first": "the first thing, continued.",
        "second": "the second.",
    }


RESOURCES = sorted({path.partition(".")[0] for path, _, _ in METHODS})


@pytest.mark.parametrize("snake", RESOURCES)
def test_snake_case_resources_are_accepted_and_not_listed(
    capsys: pytest.CaptureFixture[str], snake: str
) -> None:
    """``billing_groups`` works as ``billing-groups`` does; help lists only the dashed one."""
    kebab = snake.replace("_", "-")
    listing = help_of(capsys)
    assert kebab in listing
    if snake != kebab:
        assert snake not in listing
    same = help_of(capsys, snake).replace(f"telnyx-access {snake}", f"telnyx-access {kebab}")
    assert same == help_of(capsys, kebab)


@pytest.mark.parametrize(
    ("path", "method"),
    [(path, method) for path, method, _ in METHODS if "_" in path + method],
    ids=lambda name: name,
)
def test_snake_case_operations_are_accepted_and_not_listed(
    capsys: pytest.CaptureFixture[str], path: str, method: str
) -> None:
    """``accept_suggestions`` works as ``accept-suggestions`` does; help lists the dashed one."""
    resource, operation = command(path, method)
    snake = f"{path.partition('.')[0]} {method}"
    same = help_of(capsys, *snake.split()).replace(snake, f"{resource} {operation}")
    assert same == help_of(capsys, resource, operation)
    listing = help_of(capsys, resource)
    assert operation in listing
    if method != operation:
        assert method not in listing


def test_snake_case_spelling_runs_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``billing_groups list`` gives what ``billing-groups list`` gives."""
    outputs = []
    for resource in ("billing-groups", "billing_groups"):
        assert main(["--sandbox", "--json", resource, "list"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert '"name": "Operations"' in outputs[0]
