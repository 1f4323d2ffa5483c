"""What autodoc needs to document this package's public surface, and a check that it does.

- A resource method (``BillingGroups.list``) is a descriptor made by ``endpoint`` or
  ``paginated``, not a function, so autodoc alone would list it as an attribute without a
  signature. The ``resource-methods`` directive documents every such method of a resource
  class with ``automethod``, the public signature the descriptor carries, and what the
  method returns on each client.
- Users get resources, pages, paginators and raw responses from the client (and faults
  and recorded requests from the fake), never build them: their constructors take
  internals (a binding, a portal, a parser), so their class signatures are left out.
- Type hints name classes where they are defined (``telnyx_access._models._base.RateLimit``);
  the reference documents them where users import them (``telnyx_access.RateLimit``). A
  ``missing-reference`` handler resolves the first to the second, and only when the
  public name is documented, so a class missing from the reference still fails the build.
- Once everything is read, every name in the ``__all__`` of ``telnyx_access``,
  ``telnyx_access.resources`` and ``telnyx_access.testing`` must be documented: a name
  added to the package without a place in the reference is a warning, so an error.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.inspect import stringify_signature

import telnyx_access
import telnyx_access.testing
from telnyx_access import _resource

# Where public names live, most specific last: a private path resolves to the first of
# these that documents an object of the same name.
PUBLIC_MODULES = ("telnyx_access", "telnyx_access.testing", "telnyx_access.resources")

# Classes whose instances the SDK makes for you (see the module docstring); the fields
# of the attrs ones among them are listed as attributes anyway.
MADE_FOR_YOU = (
    _resource.Resource,
    telnyx_access.AsyncPage,
    telnyx_access.AsyncPaginator,
    telnyx_access.SyncPage,
    telnyx_access.RawResponse,
    telnyx_access.testing.Exchange,
    telnyx_access.testing.Fault,
    telnyx_access.testing.RecordedRequest,
)


class ResourceMethods(SphinxDirective):
    """``.. resource-methods:: telnyx_access.resources.BillingGroups``.

    Documents the resource's methods in the order they are defined, each with its
    docstring, its public signature and a note on what it returns.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Generate one ``automethod`` per resource method and parse them."""
        path = self.arguments[0]
        module_name, _, class_name = path.rpartition(".")
        resource = getattr(importlib.import_module(module_name), class_name)
        methods = [
            (name, member)
            for name, member in vars(resource).items()
            if isinstance(member, (_resource.Endpoint, _resource.ListEndpoint))
        ]
        if not methods:
            raise self.error(f"{path} has no resource methods")
        text = "\n\n".join(
            f".. automethod:: {path}.{name}{_signature(member)}\n\n   {_returns(member)}"
            for name, member in methods
        )
        return list(self.parse_text_to_nodes(text))


def _signature(member: Any) -> str:
    """The method's parameters, type hints evaluated, as autodoc shows a function's."""
    func = member.__wrapped__
    hints = typing.get_type_hints(func, include_extras=True)
    parameters = list(inspect.signature(func).parameters.values())[1:]  # without self
    signature = inspect.Signature(
        [p.replace(annotation=hints.get(p.name, p.annotation)) for p in parameters]
    )
    return stringify_signature(signature, unqualified_typehints=True)


def _returns(member: Any) -> str:
    """A ``:returns:`` field saying what the method gives on each client."""
    call = typing.get_type_hints(member.__wrapped__)["return"]  # Call[T]
    (result,) = typing.get_args(call)
    asynchronous, blocking, raw = (
        _ref("AsyncTelnyxAccess"),
        _ref("TelnyxAccess"),
        _ref("RawResponse"),
    )
    if isinstance(member, _resource.ListEndpoint):
        (item,) = typing.get_args(result)  # Page[item]
        return (
            f":returns: On {asynchronous}, an {_ref('AsyncPaginator')} of {_role(item)}: "
            "``await`` it for one page, ``async for`` over it for every item. "
            f"On {blocking}, the first page, a {_ref('SyncPage')}: iterate it for every "
            f"item. Through ``with_raw_response``, a {raw} of that first {_ref('Page')}."
        )
    return (
        f":returns: {_role(result)} (on {asynchronous}, once awaited). Through "
        f"``with_raw_response``, a {raw} whose ``parse()`` gives it."
    )


def _ref(name: str) -> str:
    return f":class:`~telnyx_access.{name}`"


def _role(kind: Any) -> str:
    if kind is type(None):
        return "``None``"
    if getattr(telnyx_access, kind.__name__, None) is kind:
        return _ref(kind.__name__)
    return f":class:`{kind.__module__}.{kind.__qualname__}`".replace("builtins.", "")


def resolve_public_name(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """Resolve ``telnyx_access._module.Name`` (or a bare ``Name``) to its documented public name."""
    if node.get("refdomain") != "py":
        return None
    target: str = node["reftarget"]
    parts = target.split(".")
    if parts[0] == "telnyx_access":
        private = [i for i, part in enumerate(parts) if part.startswith("_")]
        if not private:
            return None
        name = ".".join(parts[private[-1] + 1 :])
    elif len(parts) == 1:
        name = target
    else:
        return None
    domain = env.get_domain("py")
    for module in PUBLIC_MODULES:
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], f"{module}.{name}", node, contnode
        )
        if found is not None:
            return found
    return None


def hide_internal_constructor(  # noqa: PLR0917 - the event passes these positionally
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """Leave out the signatures of classes the SDK makes for you, and inherited ones.

    An exception that inherits its constructor (``NotFoundError``) would repeat its base's
    long signature; its ``Bases:`` line links to the base, which shows it once.
    """
    if signature is None:  # nothing to leave out (and Sphinx 9 cannot replace nothing)
        return None
    if what == "class" and isinstance(obj, type) and issubclass(obj, MADE_FOR_YOU):
        return "", return_annotation
    if what == "exception" and "__init__" not in vars(obj):
        return "", return_annotation
    return None


def check_public_names_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every public name the reference leaves out."""
    documented = env.get_domain("py").objects  # type: ignore[attr-defined]
    for module in PUBLIC_MODULES:
        for name in importlib.import_module(module).__all__:
            if not name.startswith("__") and f"{module}.{name}" not in documented:
                logging.getLogger(__name__).warning(
                    "%s.%s is public but not in the API reference", module, name
                )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and the event handlers."""
    app.add_directive("resource-methods", ResourceMethods)
    app.connect("env-check-consistency", check_public_names_documented)
    app.connect("autodoc-process-signature", hide_internal_constructor)
    app.connect("missing-reference", resolve_public_name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
