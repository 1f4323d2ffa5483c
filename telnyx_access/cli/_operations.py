"""The commands: one per SDK method, read off the resource classes.

A method added to a resource becomes a command, with its parameters as arguments and its
docstring as help, without a change here.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Mapping, Sequence
from typing import Any, get_args

import attrs

from .. import resources
from .._resource import Endpoint, ListEndpoint, Resource
from ._arguments import IDEMPOTENCY_KEY, Argument, argument_for
from ._help import method_doc, plain


@attrs.frozen
class Operation:
    """One SDK method as a command: ``telnyx-access <resource> <name>``."""

    resource: str
    """The command-line resource, e.g. ``addresses``."""
    name: str
    """The command-line operation, e.g. ``accept-suggestions``."""
    owner: type[Resource[Any]]
    """The resource class the method belongs to, e.g. ``AddressActions``."""
    method: str
    paginated: bool
    returns: Any
    """The model (of each item, for lists); ``str`` for a token, ``None`` for no content."""
    summary: str
    arguments: tuple[Argument, ...]

    def call(self, client: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """Call the method on ``client`` (a ``TelnyxAccess``)."""
        target = client
        for attribute in self.owner._name.split("."):  # e.g. client.addresses.actions
            target = getattr(target, attribute)
        return getattr(target, self.method)(*args, **kwargs)


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of every resource, in the order the resource classes define them."""
    return tuple(
        _operation(owner, name, member)
        for owner in _resource_classes()
        for name, member in vars(owner).items()
        if isinstance(member, (Endpoint, ListEndpoint))
    )


def _resource_classes() -> list[type[Resource[Any]]]:
    """The resource classes, ordered by where they sit on a client (``addresses.actions``).

    ``Anything`` is left out: ``client.request`` takes any path, so it has no fixed commands.
    """
    found = (getattr(resources, name) for name in dir(resources))
    return sorted(
        (cls for cls in found if issubclass(cls, Resource) and cls is not resources.Anything),
        key=lambda cls: cls._name,
    )


def _operation(owner: type[Resource[Any]], method: str, member: Any) -> Operation:
    """The command for one resource method, read off the function it decorates."""
    function = member.__wrapped__
    hints = typing.get_type_hints(function)
    doc = method_doc(function)
    arguments: list[Argument] = []
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        hint = hints[parameter.name]
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            (options,) = get_args(hint)  # Unpack[<RequestOptions or one of its subclasses>]
            if IDEMPOTENCY_KEY.name in typing.get_type_hints(options):
                arguments.append(IDEMPOTENCY_KEY)
            continue
        description = doc.parameters.get(parameter.name, "")
        arguments.append(argument_for(parameter, hint, description, method))
    (returned,) = get_args(hints["return"])  # Call[T]
    paginated = isinstance(member, ListEndpoint)
    return Operation(
        resource=owner._name.partition(".")[0].replace("_", "-"),
        name=method.replace("_", "-"),
        owner=owner,
        method=method,
        paginated=paginated,
        returns=get_args(returned)[0] if paginated else returned,
        summary=plain(doc.summary),
        arguments=tuple(arguments),
    )
