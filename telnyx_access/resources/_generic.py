"""``client.request`` and ``client.paginate``: any other Telnyx v2 endpoint.

The escape hatch is a resource like the others: its two methods build a ``Call`` and the
``endpoint``/``paginated`` descriptors give each client its mode, so retries, deadline,
errors and per-call options are those of every resource method. Only the types users
see are spelled out here (``Request`` and ``Paginate``), so that ``cast_to=BillingGroup``
answers with a ``BillingGroup`` and ``item=Address`` pages of addresses.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload
from urllib.parse import unquote

import attrs

from .._checks import check_mapping
from .._converter import ShapeError, converter, loads
from .._encoding import merge_extra, page_query
from .._options import ListOptions, RequestOptions
from .._pagination import AsyncPaginator, Page, SyncPage, list_call
from .._parsers import Parser
from .._request import Call
from .._resource import Async, Blocking, M, Raw, Resource, endpoint, paginated
from .._response import RawResponse
from ._typing import Unpack

__all__ = ["Anything", "Paginate", "RawHatch", "Request"]

T = TypeVar("T")
M_co = TypeVar("M_co", covariant=True)

if TYPE_CHECKING:  # TypeVar defaults (PEP 696), for type checkers only
    from typing_extensions import TypeVar as DefaultingTypeVar

    Cast = DefaultingTypeVar("Cast", default=Any)
    """What ``request`` answers with: the ``cast_to`` model, else any JSON."""
    Item = DefaultingTypeVar("Item", default=dict[str, Any])
    """What ``paginate``'s pages hold: ``item`` models, else JSON objects."""

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

Query = Mapping[str, Any] | None
Body = Mapping[str, Any] | None


class Anything(Resource[M]):
    """Any endpoint under ``base_url``: what ``client.request``/``client.paginate`` run on."""

    _name = "client"

    @property
    def with_raw_response(self) -> Anything[Raw[M]]:
        """The same methods, answering with a ``RawResponse``."""
        return Anything(self._raw_binding())

    @endpoint
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query = None,
        body: Body = None,
        cast_to: type[Any] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Call[Any]:
        """Send ``method path`` and answer with the decoded JSON, or a ``cast_to`` model.

        Args:
            method: ``GET``, ``POST``, ``PUT``, ``PATCH`` or ``DELETE`` (any case).
            path: relative to ``base_url``, starting with ``/`` and sent as given: ids in it
                must already be percent-encoded. No ``..`` segments, query or host.
            query: query parameters, nested mappings serialised deepObject-style.
            body: the JSON body; models and datetimes in it are converted as in resource
                methods, and ``None`` values are sent as ``null``.
            cast_to: a model class of this SDK, built from the answer's ``data`` member
                when it has one, else from the whole document. Without it the answer is
                the decoded JSON (``None`` for an empty body).
            idempotency_key: for ``POST`` only: sent as ``Idempotency-Key``, it lets a
                5xx or a timeout be retried.
        """
        method = check_method(method)
        if idempotency_key is not None:
            if method != "POST":
                raise ValueError(f"idempotency_key is for POST requests, not {method}")
            options = {**options, "idempotency_key": idempotency_key}  # type: ignore[typeddict-unknown-key]
        return Call(
            method=method,
            path=check_path(path),
            query=dict(check_mapping("query", query) or {}),
            body=_json_body(check_mapping("body", body)),
            parse=_json if cast_to is None else _cast(check_model("cast_to", cast_to)),
            options=options,
        )

    @paginated
    def paginate(
        self,
        path: str,
        *,
        item: type[Any] | None = None,
        query: Query = None,
        page_size: int | None = None,
        **options: Unpack[ListOptions],
    ) -> Call[Page[Any]]:
        """List ``path`` page by page, as a resource's ``list()`` does.

        Args:
            path: as for ``request``: relative to ``base_url`` and percent-encoded.
            item: a model class of this SDK for the items; without it they are dicts.
            query: query parameters such as ``{"filter": {...}}``; ``{"page": {"number":
                2}}`` starts from page 2.
            page_size: items per page, 1 to 250.
        """
        kind: Any = dict[str, Any] if item is None else check_model("item", item)
        query = merge_extra(check_mapping("query", query), page_query(None, page_size))
        return list_call(check_path(path), kind, query, options)


def check_method(method: object) -> str:
    """One of the HTTP methods the API uses, in capitals (``"get"`` is ``"GET"``)."""
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, not {type(method).__name__}")
    if method.upper() not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return method.upper()


def check_path(path: object) -> str:
    """A percent-encoded path relative to ``base_url``: ``/billing_groups/<id>``.

    Refused: anything but such a path (a URL, a host, ``..`` or ``.`` segments, even
    percent-encoded, a query or fragment, unencoded spaces or non-ASCII characters).
    """
    if not isinstance(path, str):
        raise TypeError(f"path must be a str, not {type(path).__name__}")
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(
            f"path must start with one '/' and is relative to base_url "
            f"(such as '/billing_groups'), got {path!r}"
        )
    if path == "/v2" or path.startswith("/v2/"):
        raise ValueError(f"path is relative to base_url, which ends in /v2: drop it from {path!r}")
    if "?" in path or "#" in path:
        raise ValueError("path must not hold a query or a fragment: pass query= instead")
    if not path.isascii() or any(char <= " " or char == "\x7f" for char in path):
        raise ValueError(
            "path must be percent-encoded (spaces, control and non-ASCII characters are not)"
        )
    if {".", ".."} & {*path.split("/"), *unquote(path).split("/")}:
        raise ValueError(f"path must not have '.' or '..' segments, got {path!r}")
    return path


_SDK = __name__.partition(".")[0]


def check_model(name: str, cls: object) -> type[Any]:
    """A model class of this SDK (``BillingGroup``), to build answers with."""
    if not (isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith(_SDK)):
        raise TypeError(f"{name} must be a model class of telnyx_access, such as BillingGroup")
    if issubclass(cls, Page):
        raise TypeError(f"{name} cannot be a Page: use client.paginate() for lists")
    return cls


def _json_body(body: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``body`` as JSON data: models and datetimes in it converted, ``None`` values kept."""
    return None if body is None else converter.unstructure(dict(body))


def _json(content: bytes) -> Any:
    """The decoded JSON document; ``None`` for an empty body (a 204)."""
    return loads(content) if content.strip() else None


_CAST_PARSERS: dict[type[Any], Parser[Any]] = {}


def _cast(cls: type[T]) -> Parser[T]:
    """Parser building ``cls`` from the document's ``data`` member, else the document."""
    parser = _CAST_PARSERS.get(cls)
    if parser is None:
        parser = _CAST_PARSERS[cls] = _cast_parser(cls)
    return parser


def _cast_parser(cls: type[T]) -> Parser[T]:
    structure = converter.get_structure_hook(cls)

    def parse(content: bytes) -> T:
        document = loads(content)
        if not (isinstance(document, Mapping) and "data" in document):
            return structure(document, cls)  # type: ignore[no-any-return]
        try:
            return structure(document["data"], cls)  # type: ignore[no-any-return]
        except ShapeError as error:
            raise error.within("data") from None

    return parse


class RequestArguments(RequestOptions, total=False):
    """The keyword arguments of ``request`` besides ``cast_to``, as type checkers see them."""

    query: Query
    body: Body
    idempotency_key: str | None


class PaginateArguments(ListOptions, total=False):
    """The keyword arguments of ``paginate`` besides ``item``, as type checkers see them."""

    query: Query
    page_size: int | None


class Request(Protocol[M_co]):
    """``client.request``: ``cast_to=Model`` answers with that model, else with JSON."""

    @overload
    def __call__(
        self: Request[Async],
        method: str,
        path: str,
        *,
        cast_to: type[Cast] | None = None,
        **arguments: Unpack[RequestArguments],
    ) -> Awaitable[Cast]: ...
    @overload
    def __call__(
        self: Request[Blocking],
        method: str,
        path: str,
        *,
        cast_to: type[Cast] | None = None,
        **arguments: Unpack[RequestArguments],
    ) -> Cast: ...
    @overload
    def __call__(
        self: Request[Raw[Async]],
        method: str,
        path: str,
        *,
        cast_to: type[Cast] | None = None,
        **arguments: Unpack[RequestArguments],
    ) -> Awaitable[RawResponse[Cast]]: ...
    @overload
    def __call__(
        self: Request[Raw[Blocking]],
        method: str,
        path: str,
        *,
        cast_to: type[Cast] | None = None,
        **arguments: Unpack[RequestArguments],
    ) -> RawResponse[Cast]: ...


class Paginate(Protocol[M_co]):
    """``client.paginate``: pages of ``item`` models, else of JSON objects."""

    @overload
    def __call__(
        self: Paginate[Async],
        path: str,
        *,
        item: type[Item] | None = None,
        **arguments: Unpack[PaginateArguments],
    ) -> AsyncPaginator[Item]: ...
    @overload
    def __call__(
        self: Paginate[Blocking],
        path: str,
        *,
        item: type[Item] | None = None,
        **arguments: Unpack[PaginateArguments],
    ) -> SyncPage[Item]: ...
    @overload
    def __call__(
        self: Paginate[Raw[Async]],
        path: str,
        *,
        item: type[Item] | None = None,
        **arguments: Unpack[PaginateArguments],
    ) -> Awaitable[RawResponse[Page[Item]]]: ...
    @overload
    def __call__(
        self: Paginate[Raw[Blocking]],
        path: str,
        *,
        item: type[Item] | None = None,
        **arguments: Unpack[PaginateArguments],
    ) -> RawResponse[Page[Item]]: ...


class RawHatch(Generic[M]):
    """``client.with_raw_response``: ``request`` and ``paginate`` answering raw.

    Only a type: the object is an ``Anything`` resource on a raw binding.
    """

    request: Request[Raw[M]]
    paginate: Paginate[Raw[M]]
