"""Answers of the wrong shape fail naming the field; members added later are kept.

Each operation that answers with a model is run on both clients against a scripted answer
derived from its usual one (see ``test_operations``): with one string member replaced by
an object, and with a member this SDK does not know added.
"""

from __future__ import annotations

import copy
import pickle
import re
from typing import Any

import pytest

from telnyx_access import APIResponseValidationError, BillingGroup, Page

from . import payloads as p
from .clients import ClientRunner
from .helpers import Reply, script
from .test_operations import OPERATIONS, Operation

MODEL_OPERATIONS = [op for op in OPERATIONS if op.reply.json is not None]
ADDED = {"added_later": {"nested": [1, None, "x"]}}
FREE_FORM = {"idp_attribute_names", "meta"}
"""Members that hold any JSON object, so any value in them is right."""


def _usual_answer(operation: Operation) -> tuple[Any, dict[str, Any], str]:
    """A copy of the operation's usual answer, the model's object in it, and that one's path.

    The path is ``data``, ``data[0]`` for a page's first item, or empty for the root.
    """
    document = copy.deepcopy(operation.reply.json)
    if "data" not in document:
        return document, document, ""
    data = document["data"]
    return (document, data[0], "data[0]") if isinstance(data, list) else (document, data, "data")


def _deepest_string(value: dict[str, Any], path: str) -> str:
    """The path of a string member, inside a nested object or array when there is one."""
    for key, member in value.items():
        if key in FREE_FORM:
            continue
        if isinstance(member, dict) and any(isinstance(v, str) for v in member.values()):
            return _deepest_string(member, f"{path}.{key}".lstrip("."))
        if isinstance(member, list) and member and isinstance(member[0], dict):
            return _deepest_string(member[0], f"{path}.{key}[0]".lstrip("."))
    key = next(key for key, member in value.items() if isinstance(member, str))
    return f"{path}.{key}".lstrip(".")


def _replace(document: Any, path: str, new: Any) -> None:
    """Set the member at ``path`` (``a.b[0].c``) of ``document`` to ``new``."""
    steps = [int(s) if s.isdigit() else s for s in re.findall(r"[^.\[\]]+", path)]
    for step in steps[:-1]:
        document = document[step]
    document[steps[-1]] = new


def _run(runner: ClientRunner, operation: Operation, document: Any) -> Any:
    """Run ``operation`` with the fake answering ``document`` instead of its usual answer."""
    reply = Reply(status=operation.reply.status, json=document)
    script(runner.fake, operation.method, re.escape(operation.path), reply)
    return runner.call(operation.invoke)


each_model_operation = pytest.mark.parametrize(
    "operation", MODEL_OPERATIONS, ids=[op.name for op in MODEL_OPERATIONS]
)


@each_model_operation
def test_a_member_of_the_wrong_type_fails_naming_its_path(
    runner: ClientRunner, operation: Operation
) -> None:
    """An object where a string belongs raises APIResponseValidationError with its path."""
    document, item, where = _usual_answer(operation)
    path = _deepest_string(item, where)
    _replace(document, path, {"invalid": True})
    with pytest.raises(APIResponseValidationError) as caught:
        _run(runner, operation, document)
    assert f"did not have the documented shape: {path}: expected string, got object" in str(
        caught.value
    )


@each_model_operation
def test_a_member_added_later_is_kept_and_survives_to_dict(
    runner: ClientRunner, operation: Operation
) -> None:
    """An unknown member lands in extra_fields and comes back out of to_dict/from_dict."""
    document, item, _ = _usual_answer(operation)
    item.update(ADDED)
    result = _run(runner, operation, document)
    model = result.data[0] if operation.paginated else result
    assert dict(model.extra_fields) == ADDED
    assert model.to_dict() == {k: v for k, v in item.items() if v is not None}
    assert type(model).from_dict(model.to_dict()) == model


def test_the_reported_corruption_is_refused(runner: ClientRunner) -> None:
    """{"name": {"invalid": true}} and {"id": 123} are errors, not "{'invalid': True}" or "123"."""
    path = f"/billing_groups/{p.GROUP_ID}"
    for data, message in [
        ({"id": "g1", "name": {"invalid": True}}, "data.name: expected string, got object"),
        ({"id": 123}, "data.id: expected string, got integer"),
    ]:
        runner.fake.clear_faults()
        script(runner.fake, "GET", re.escape(path), Reply(json={"data": data}))
        with pytest.raises(APIResponseValidationError, match=re.escape(message)):
            runner.call(lambda c: c.billing_groups.retrieve(p.GROUP_ID))


def test_a_bad_item_of_a_page_is_named_by_its_index(runner: ClientRunner) -> None:
    """The fourth item of a page with a bad name fails as data[3].name."""
    items = [{**p.GROUP, "id": f"g{n}"} for n in range(5)]
    items[3]["name"] = ["not", "a", "name"]
    script(runner.fake, "GET", "/billing_groups", Reply(json={"data": items, "meta": None}))
    with pytest.raises(APIResponseValidationError, match=re.escape("data[3].name: expected")):
        runner.call(lambda c: c.billing_groups.list())


def test_bad_page_meta_is_named() -> None:
    """meta.total_pages of the wrong type fails as meta.total_pages."""
    document = {"data": [], "meta": {"total_pages": "3"}}
    with pytest.raises(ValueError, match=r"^meta\.total_pages: expected integer, got string"):
        _parse_page(document)


def _parse_page(document: Any) -> Page[BillingGroup]:
    import json  # noqa: PLC0415

    from telnyx_access._pagination import paged  # noqa: PLC0415

    return paged(BillingGroup)(json.dumps(document).encode())


# --- to_dict, to_json, from_dict --------------------------------------------------------------


def test_to_dict_uses_wire_names_iso_dates_and_leaves_out_none() -> None:
    """Datetimes come out as the API writes them, None fields are absent, extras merged."""
    group = BillingGroup.from_dict({**p.GROUP, "new": 1})
    assert group.to_dict() == {
        "id": p.GROUP_ID,
        "name": "My billing group name",
        "organization_id": "f1486bae-f067-460c-ad43-73a92848f902",
        "record_type": "billing_group",
        "created_at": "2019-10-15T10:07:15.527Z",
        "updated_at": "2019-10-15T10:07:15.527Z",
        "new": 1,
    }


def test_to_json_is_json_text_of_to_dict() -> None:
    """to_json gives text that json.loads reads back as to_dict(), indented on request."""
    group = BillingGroup.from_dict(p.GROUP)
    assert group.to_json().startswith('{"id": ')
    assert group.to_json(indent=2).startswith('{\n  "id": ')


def test_extra_fields_cannot_shadow_a_field() -> None:
    """A known member given in extra_fields is refused, naming the parameter."""
    with pytest.raises(ValueError, match="extra_fields must not hold fields of BillingGroup"):
        BillingGroup(name="a", extra_fields={"name": "b"})


def test_extra_fields_are_copied_and_read_only() -> None:
    """The mapping given is copied: changing it later changes no model."""
    given = {"new": 1}
    group = BillingGroup(extra_fields=given)
    given["new"] = 2
    assert group.extra_fields == {"new": 1}
    with pytest.raises(TypeError):
        group.extra_fields["new"] = 3  # type: ignore[index]


def test_extra_fields_count_for_equality_not_for_hash_or_repr() -> None:
    """Two groups differing only by an unknown member differ, hash alike, print alike."""
    plain, grown = BillingGroup(id="g"), BillingGroup(id="g", extra_fields={"new": 1})
    assert plain != grown
    assert hash(plain) == hash(grown)
    assert repr(plain) == repr(grown)


# --- pickling ---------------------------------------------------------------------------------


def test_models_pickle_with_their_extra_fields() -> None:
    """A nested model with unknown members at two levels survives pickle, every protocol."""
    from .test_operations import PROVIDER  # noqa: PLC0415

    grown = PROVIDER.from_dict({**PROVIDER.to_dict(), "new": {"a": [1]}})
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(grown, protocol))  # noqa: S301 - our own bytes
        assert again == grown
        assert again.extra_fields == {"new": {"a": [1]}}
        assert again.settings is not None
        assert type(again.extra_fields) is type(grown.extra_fields)
