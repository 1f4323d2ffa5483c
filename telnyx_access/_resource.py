"""Resources and their methods, written once and served to both clients.

A resource method is a plain function that validates its arguments and returns a
``Call``. The ``endpoint`` and ``paginated`` decorators turn it into a descriptor that,
looked up on a resource, gives the right callable for the client it belongs to:

=====================  ==========================  ==================================
resource mode          ``endpoint`` gives          ``paginated`` gives
=====================  ==========================  ==================================
``Async``              ``async (...) -> T``        ``(...) -> AsyncPaginator[T]``
``Blocking``           ``(...) -> T``              ``(...) -> SyncPage[T]``
``Raw[Async]``         ``async (...) -> Raw[T]``   ``async (...) -> Raw[Page[T]]``
``Raw[Blocking]``      ``(...) -> Raw[T]``         ``(...) -> Raw[Page[T]]``
=====================  ==========================  ==================================

The mode is a type parameter of the resource, so type checkers see ``BillingGroup`` on
the blocking client and ``Awaitable[BillingGroup]`` on the async one. At run time the
resource's ``Binding`` says which: a blocking binding carries the portal thread.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    overload,
)

import attrs

from ._pagination import AsyncPaginator, Page, SyncPage
from ._request import Call
from ._response import RawResponse, Reply, parsed, parsed_off_loop

if TYPE_CHECKING:
    from ._blocking import PortalThread

__all__ = ["Async", "Binding", "Blocking", "Raw", "Resource", "endpoint", "paginated"]

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")


class Async:
    """Mode of resources on ``AsyncTelnyxAccess``."""


class Blocking:
    """Mode of resources on ``TelnyxAccess``."""


class Raw(Generic[M]):
    """Mode of ``with_raw_response`` resources: methods return ``RawResponse``."""


class Send(Protocol):
    """A client's ``_send``: the call, and the operation that names it in traces."""

    def __call__(self, call: Call[Any], operation: str | None = None) -> Awaitable[Reply]: ...


@attrs.frozen
class Binding:
    """What a resource's methods run on.

    That is the async client's ``send``, and for the blocking client the portal thread
    that runs it.
    """

    send: Send
    portal: PortalThread | None = None
    raw: bool = False


class Resource(Generic[M]):
    """Base of every resource: holds the binding its methods run on."""

    _name: ClassVar[str]
    """Where it sits on a client (``"addresses.actions"``): operations are named after it."""

    def __init__(self, binding: Binding) -> None:
        self._binding = binding

    def _raw_binding(self) -> Binding:
        return attrs.evolve(self._binding, raw=True)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


class _Method(Generic[P, T]):
    """Shared part of the two descriptors: the wrapped function and its public signature."""

    def __init__(self, func: Callable[Concatenate[Any, P], Call[Any]]) -> None:
        self._func = func
        self.__wrapped__ = func
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__module__ = func.__module__
        signature = inspect.signature(func)
        self._signature = signature.replace(
            parameters=list(signature.parameters.values())[1:],
            return_annotation=inspect.Signature.empty,
        )

    def _single(self, instance: Resource[Any]) -> Callable[..., Any]:
        """The callable for a method that answers with one value."""
        build = self._func
        send, portal, raw = attrs.astuple(instance._binding, recurse=False)
        operation = self._operation(instance)
        if portal is None:

            async def run_async(*args: Any, **kwargs: Any) -> Any:
                call = build(instance, *args, **kwargs)
                reply = await send(call, operation)
                if raw:
                    return RawResponse._received(reply, call.parse)
                return await parsed_off_loop(call.parse, reply)

            return self._dress(instance, run_async)

        def run_blocking(*args: Any, **kwargs: Any) -> Any:
            call = build(instance, *args, **kwargs)
            reply = portal.call(send, call, operation)
            return RawResponse._received(reply, call.parse) if raw else parsed(call.parse, reply)

        return self._dress(instance, run_blocking)

    def _operation(self, instance: Resource[Any]) -> str:
        """The name of this method on ``instance``'s resource, as tracing spans show it."""
        return f"{instance._name}.{self.__name__}"

    def _dress(self, instance: Resource[Any], method: Callable[..., Any]) -> Callable[..., Any]:
        """Make ``method`` look like the method it serves, and keep it on ``instance``.

        Kept in the instance's ``__dict__``, later look-ups find it without this
        descriptor (it defines no ``__set__``), so nothing is rebuilt per call.
        """
        method.__name__ = self.__name__
        method.__qualname__ = self.__qualname__
        method.__doc__ = self.__doc__
        method.__signature__ = self._signature  # type: ignore[attr-defined]
        instance.__dict__[self.__name__] = method
        return method


class Endpoint(_Method[P, T]):
    """A method answering with one value; see the module docstring."""

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Endpoint[P, T]: ...
    @overload
    def __get__(self, instance: Resource[Async], owner: type[Any]) -> Callable[P, Awaitable[T]]: ...
    @overload
    def __get__(self, instance: Resource[Blocking], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, instance: Resource[Raw[Async]], owner: type[Any]
    ) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    @overload
    def __get__(
        self, instance: Resource[Raw[Blocking]], owner: type[Any]
    ) -> Callable[P, RawResponse[T]]: ...
    def __get__(self, instance: Resource[Any] | None, owner: type[Any]) -> Any:
        if instance is None:
            return self
        return self._single(instance)


class ListEndpoint(_Method[P, T]):
    """A method answering with pages of items; see the module docstring."""

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> ListEndpoint[P, T]: ...
    @overload
    def __get__(
        self, instance: Resource[Async], owner: type[Any]
    ) -> Callable[P, AsyncPaginator[T]]: ...
    @overload
    def __get__(
        self, instance: Resource[Blocking], owner: type[Any]
    ) -> Callable[P, SyncPage[T]]: ...
    @overload
    def __get__(
        self, instance: Resource[Raw[Async]], owner: type[Any]
    ) -> Callable[P, Awaitable[RawResponse[Page[T]]]]: ...
    @overload
    def __get__(
        self, instance: Resource[Raw[Blocking]], owner: type[Any]
    ) -> Callable[P, RawResponse[Page[T]]]: ...
    def __get__(self, instance: Resource[Any] | None, owner: type[Any]) -> Any:
        if instance is None:
            return self
        build = self._func
        send, portal, raw = attrs.astuple(instance._binding, recurse=False)
        if raw:
            # A raw list answers with its first page as received: one request, no walking.
            return self._single(instance)
        send_page = functools.partial(send, operation=self._operation(instance))
        if portal is None:

            def run_async(*args: Any, **kwargs: Any) -> AsyncPaginator[Any]:
                return AsyncPaginator(send_page, build(instance, *args, **kwargs))

            return self._dress(instance, run_async)

        def run_blocking(*args: Any, **kwargs: Any) -> SyncPage[Any]:
            paginator = AsyncPaginator(send_page, build(instance, *args, **kwargs))
            return SyncPage._wrap(portal.call(paginator.fetch, None), portal)

        return self._dress(instance, run_blocking)


def endpoint(func: Callable[Concatenate[Any, P], Call[T]]) -> Endpoint[P, T]:
    """Make a ``Call``-building function a method of both clients."""
    return Endpoint(func)


def paginated(func: Callable[Concatenate[Any, P], Call[Page[T]]]) -> ListEndpoint[P, T]:
    """Make a list-``Call``-building function a paginated method of both clients."""
    return ListEndpoint(func)
