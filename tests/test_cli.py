"""The ``telnyx-access`` command line, run in-process with ``main(argv)`` (one subprocess)."""

from __future__ import annotations

import functools
import io
import json
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import telnyx_access._client
from telnyx_access import Address, __version__
from telnyx_access.cli import main
from telnyx_access.cli._arguments import UsageError, nested_mapping
from telnyx_access.cli._operations import operations
from telnyx_access.cli._output import table
from telnyx_access.testing import SAMPLE_CREDENTIAL_ID, SAMPLE_SUGGESTION_ID, FakeTelnyx
from telnyx_access.testing._api import FakeAPI

SANDBOX_HINT = "sandbox: using a local fake Telnyx with sample data"


@attrs.frozen
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key or base URL leaks in from the shell running the tests."""
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    monkeypatch.delenv("TELNYX_BASE_URL", raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("addresses", "list")``: main() with those arguments, and what it printed."""

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def sandbox(run: Run) -> Run:
    """Like ``run``, in sandbox mode and with ``--json``."""
    return functools.partial(run, "--sandbox", "--json")


@pytest.fixture
def seeded() -> FakeAPI:
    """The sample data the sandbox starts from (a fake that is never started)."""
    return FakeTelnyx(seed=True).api


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Replace stdin with text (not a terminal)."""

    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return feed


@pytest.fixture
def fake() -> Iterator[FakeTelnyx]:
    """A seeded fake the test can inspect, reached with --base-url and --api-key."""
    with FakeTelnyx(seed=True) as server:
        yield server


def against(fake: FakeTelnyx) -> tuple[str, ...]:
    return ("--base-url", fake.base_url, "--api-key", fake.api_key)


def fake_terminal(monkeypatch: pytest.MonkeyPatch, stream: str) -> None:
    monkeypatch.setattr(getattr(sys, stream), "isatty", lambda: True, raising=False)


# --- the command set ---------------------------------------------------------------------


def test_all_24_operations_are_commands() -> None:
    """Every SDK method is a command, named in kebab-case, addresses' actions included."""
    names = {f"{op.resource} {op.name}" for op in operations()}
    assert names == {
        "access-ip-address list",
        "access-ip-address create",
        "access-ip-address retrieve",
        "access-ip-address delete",
        "addresses list",
        "addresses create",
        "addresses retrieve",
        "addresses delete",
        "addresses validate",
        "addresses accept-suggestions",
        "authentication-providers list",
        "authentication-providers create",
        "authentication-providers retrieve",
        "authentication-providers update",
        "authentication-providers delete",
        "billing-groups list",
        "billing-groups create",
        "billing-groups retrieve",
        "billing-groups update",
        "billing-groups delete",
        "integration-secrets list",
        "integration-secrets create",
        "integration-secrets delete",
        "telephony-credentials create-token",
    }
    assert len(operations()) == 24


@pytest.mark.parametrize("resource", [op.resource for op in operations() if op.name == "list"])
def test_help_of_every_operation(run: Run, resource: str) -> None:
    """Each resource's --help lists its operations; each operation's --help exits 0."""
    result = run(resource, "--help")
    assert result.code == 0
    for op in operations():
        if op.resource == resource:
            assert op.name in result.out
            assert run(resource, op.name, "--help").code == 0


def test_no_arguments_prints_help_and_exits_2(run: Run) -> None:
    """Bare ``telnyx-access`` shows the resources and the sandbox example on stderr."""
    result = run()
    assert result.code == 2
    assert "billing-groups" in result.err
    assert "--sandbox" in result.err
    assert result.out == ""


def test_resource_without_operation_exits_2(run: Run) -> None:
    """``telnyx-access addresses`` lists the resource's operations and exits 2."""
    result = run("addresses")
    assert result.code == 2
    assert "accept-suggestions" in result.err


def test_version(run: Run) -> None:
    """--version prints the package version."""
    result = run("--version")
    assert result.code == 0
    assert result.out.strip() == f"telnyx-access {__version__}"


# --- access-ip-address ---------------------------------------------------------------------


def test_access_ip_address_list(sandbox: Run, seeded: FakeAPI) -> None:
    """access-ip-address list gives the seeded addresses as a JSON array."""
    items = sandbox("access-ip-address", "list").json()
    assert {i["ip_address"] for i in items} == {a["ip_address"] for a in seeded.access_ips.values()}


def test_access_ip_address_list_filter(sandbox: Run) -> None:
    """--filter reaches the API deepObject-style, nested keys included."""
    by_ip = sandbox("access-ip-address", "list", "--filter", "ip_address=2001:db8::1").json()
    assert [i["description"] for i in by_ip] == ["lab"]
    recent = sandbox(
        "access-ip-address", "list", "--filter", "created_at.gte=2024-01-02T00:00:00Z"
    ).json()
    assert {i["ip_address"] for i in recent} == {"198.51.100.24", "2001:db8::1"}


def test_access_ip_address_create(sandbox: Run) -> None:
    """access-ip-address create returns the new entry."""
    item = sandbox(
        "access-ip-address", "create", "--ip-address", "192.0.2.10", "--description", "home"
    ).json()
    assert (item["ip_address"], item["description"], item["status"]) == (
        "192.0.2.10",
        "home",
        "pending",
    )


def test_access_ip_address_retrieve_and_delete(sandbox: Run, seeded: FakeAPI) -> None:
    """retrieve and delete take the id as a positional argument."""
    ident, stored = next(iter(seeded.access_ips.items()))
    assert (
        sandbox("access-ip-address", "retrieve", ident).json()["ip_address"] == stored["ip_address"]
    )
    assert sandbox("access-ip-address", "delete", ident).json()["id"] == ident


# --- addresses -------------------------------------------------------------------------------


def test_addresses_list_json_matches_seed(sandbox: Run, seeded: FakeAPI) -> None:
    """addresses list --json is the array of addresses, each as its to_dict() gives it."""
    items = sandbox("addresses", "list").json()
    assert [i["id"] for i in items] == list(seeded.addresses)
    first = seeded.addresses[items[0]["id"]]
    assert items[0]["first_name"] == first["first_name"]
    assert "extended_address" not in items[0]  # absent fields are left out, as in to_dict()
    assert items == [Address.from_dict(item).to_dict() for item in items]


def test_addresses_list_filter_and_sort(sandbox: Run) -> None:
    """A dotted or bracketed --filter key nests; --sort takes the SDK's choices."""
    contains = sandbox("addresses", "list", "--filter", "customer_reference.contains=REF-102")
    assert [i["last_name"] for i in contains.json()] == ["Sato"]
    exact = sandbox("addresses", "list", "--filter", "customer_reference[eq]=REF-100")
    assert [i["last_name"] for i in exact.json()] == ["Foster"]
    ordered = sandbox("addresses", "list", "--sort", "first_name").json()
    assert [i["first_name"] for i in ordered] == sorted(i["first_name"] for i in ordered)


def test_addresses_create(sandbox: Run) -> None:
    """addresses create sends the options and prints the created address."""
    address = sandbox(
        "addresses",
        "create",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--business-name",
        "Engines Ltd",
        "--street-address",
        "12 St James's Square",
        "--locality",
        "London",
        "--country-code",
        "GB",
        "--postal-code",
        "SW1Y 4JH",
        "--no-address-book",
    ).json()
    assert address["first_name"] == "Ada"
    assert address["postal_code"] == "SW1Y 4JH"
    assert address["address_book"] is False
    assert address["id"]


def test_addresses_create_needs_required_options(run: Run) -> None:
    """A missing required option is a usage error naming it."""
    result = run("--sandbox", "addresses", "create", "--first-name", "Ada")
    assert result.code == 2
    assert "--last-name" in result.err


def test_addresses_retrieve(sandbox: Run, seeded: FakeAPI) -> None:
    """addresses retrieve ID prints that address."""
    ident, stored = next(iter(seeded.addresses.items()))
    address = sandbox("addresses", "retrieve", ident).json()
    assert (address["id"], address["street_address"]) == (ident, stored["street_address"])


def test_addresses_delete(sandbox: Run, seeded: FakeAPI) -> None:
    """addresses delete ID prints the address as it was deleted."""
    ident = list(seeded.addresses)[-1]
    assert sandbox("addresses", "delete", ident).json()["id"] == ident


def test_addresses_validate(sandbox: Run) -> None:
    """addresses validate prints the outcome and the normalised address."""
    outcome = sandbox(
        "addresses",
        "validate",
        "--country-code",
        "us",
        "--postal-code",
        "78701",
        "--street-address",
        "600  Congress Avenue",
    ).json()
    assert outcome["result"] == "valid"
    assert outcome["suggested"]["street_address"] == "600 Congress Avenue"
    assert outcome["suggested"]["country_code"] == "US"


def test_addresses_accept_suggestions(sandbox: Run) -> None:
    """addresses accept-suggestions ADDRESS_UUID accepts the seeded suggestion."""
    accepted = sandbox("addresses", "accept-suggestions", SAMPLE_SUGGESTION_ID).json()
    assert accepted == {
        "id": SAMPLE_SUGGESTION_ID,
        "accepted": True,
        "record_type": "address_suggestion",
    }


# --- authentication-providers ----------------------------------------------------------------


def test_authentication_providers_list_and_sort(sandbox: Run, seeded: FakeAPI) -> None:
    """authentication-providers list accepts a descending sort written --sort=-name."""
    items = sandbox("authentication-providers", "list", "--sort=-name").json()
    assert [i["id"] for i in items] == list(seeded.providers)
    assert items[0]["settings"]["idp_cert_fingerprint_algorithm"] == "sha256"


def test_authentication_providers_create_from_options(sandbox: Run) -> None:
    """Settings can be given field by field."""
    provider = sandbox(
        "authentication-providers",
        "create",
        "--name",
        "Entra",
        "--short-name",
        "entra-test",
        "--idp-entity-id",
        "https://idp.example/entity",
        "--idp-sso-target-url",
        "https://idp.example/sso",
        "--idp-cert-fingerprint",
        "AA:BB",
        "--idp-cert-fingerprint-algorithm",
        "sha512",
        "--no-active",
    ).json()
    assert provider["short_name"] == "entra-test"
    assert provider["active"] is False
    assert provider["settings"]["idp_entity_id"] == "https://idp.example/entity"
    assert provider["settings"]["idp_cert_fingerprint_algorithm"] == "sha512"


def test_authentication_providers_create_from_json_file(sandbox: Run, tmp_path: Path) -> None:
    """--settings @file.json reads the settings; a field option overrides the file."""
    settings = {
        "idp_entity_id": "https://idp.example/file",
        "idp_sso_target_url": "https://idp.example/sso",
        "idp_cert_fingerprint": "CC:DD",
    }
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    provider = sandbox(
        "authentication-providers",
        "create",
        "--name",
        "File",
        "--short-name",
        "from-file",
        "--settings",
        f"@{path}",
        "--idp-cert-fingerprint",
        "EE:FF",
    ).json()
    assert provider["settings"]["idp_entity_id"] == "https://idp.example/file"
    assert provider["settings"]["idp_cert_fingerprint"] == "EE:FF"


def test_authentication_providers_create_without_settings(run: Run) -> None:
    """Leaving settings out is refused before sending, naming the first missing field."""
    result = run(
        "--sandbox", "authentication-providers", "create", "--name", "x", "--short-name", "y"
    )
    assert result.code == 2
    assert "settings.idp_entity_id" in result.err


def test_authentication_providers_bad_settings_json(run: Run) -> None:
    """--settings must be a JSON object."""
    result = run(
        "--sandbox", "authentication-providers", "create", "--name", "x", "--short-name", "y",
        "--settings", "[1]",
    )  # fmt: skip
    assert result.code == 2
    assert "--settings must be a JSON object" in result.err


def test_authentication_providers_retrieve_update_delete(sandbox: Run, seeded: FakeAPI) -> None:
    """retrieve, update (only what is given) and delete a seeded provider."""
    ident, stored = next(iter(seeded.providers.items()))
    assert sandbox("authentication-providers", "retrieve", ident).json()["name"] == stored["name"]
    updated = sandbox(
        "authentication-providers", "update", ident, "--name", "Okta EU", "--no-active"
    ).json()
    assert (updated["name"], updated["active"], updated["short_name"]) == (
        "Okta EU",
        False,
        stored["short_name"],
    )
    assert sandbox("authentication-providers", "delete", ident).json()["id"] == ident


# --- billing-groups ------------------------------------------------------------------------


def test_billing_groups_list(sandbox: Run, seeded: FakeAPI) -> None:
    """billing-groups list gives the seeded groups."""
    names = [g["name"] for g in sandbox("billing-groups", "list").json()]
    assert names == [g["name"] for g in seeded.billing_groups.values()]


def test_billing_groups_create(sandbox: Run) -> None:
    """billing-groups create --name makes a group with that name."""
    group = sandbox("billing-groups", "create", "--name", "Ops", "--idempotency-key", "k-1").json()
    assert group["name"] == "Ops"
    assert group["record_type"] == "billing_group"


def test_billing_groups_retrieve_update_delete(sandbox: Run, seeded: FakeAPI) -> None:
    """retrieve, rename and delete a seeded group; timestamps come out as ISO 8601."""
    ident, stored = next(iter(seeded.billing_groups.items()))
    group = sandbox("billing-groups", "retrieve", ident).json()
    assert group["name"] == stored["name"]
    assert group["created_at"].startswith("2024-01-01T09:30:00")
    assert sandbox("billing-groups", "update", ident, "--name", "Ops").json()["name"] == "Ops"
    assert sandbox("billing-groups", "delete", ident).json()["deleted_at"] is not None


# --- integration-secrets -------------------------------------------------------------------


def test_integration_secrets_list_filter(sandbox: Run, seeded: FakeAPI) -> None:
    """integration-secrets list --filter type=basic gives only basic secrets."""
    everything = sandbox("integration-secrets", "list").json()
    assert len(everything) == len(seeded.secrets)
    basic = sandbox("integration-secrets", "list", "--filter", "type=basic").json()
    assert [s["identifier"] for s in basic] == ["erp-sync"]


def test_integration_secrets_create_bearer_from_stdin(
    run: Run, stdin: Callable[[str], None], fake: FakeTelnyx
) -> None:
    """--token-stdin reads the token; it is sent, and never printed."""
    stdin("tok-7f3a9c\n")
    result = run(
        *against(fake), "--json", "integration-secrets", "create",
        "--identifier", "crm", "--type", "bearer", "--token-stdin",
    )  # fmt: skip
    assert result.json()["identifier"] == "crm"
    assert fake.requests[-1].json()["token"] == "tok-7f3a9c"
    assert "tok-7f3a9c" not in result.out + result.err


def test_integration_secrets_create_basic_from_stdin(
    run: Run, stdin: Callable[[str], None], fake: FakeTelnyx
) -> None:
    """--password-stdin reads the password; it is sent, and never printed."""
    stdin("pw-4411\n")
    result = run(
        "integration-secrets", "create", "--identifier", "erp", "--type", "basic",
        "--username", "svc", "--password-stdin", *against(fake),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "identifier:  erp" in result.out
    assert fake.requests[-1].json() == {
        "identifier": "erp",
        "type": "basic",
        "username": "svc",
        "password": "pw-4411",
    }
    assert "pw-4411" not in result.out + result.err


def test_integration_secrets_prompt_on_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch, fake: FakeTelnyx
) -> None:
    """Without --token-stdin, a terminal on stdin is asked through getpass."""
    fake_terminal(monkeypatch, "stdin")
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return "typed-secret"

    monkeypatch.setattr("getpass.getpass", answer)
    result = run(
        *against(fake), "integration-secrets", "create", "--identifier", "x", "--type", "bearer"
    )
    assert result.code == 0, result.err
    assert prompts == ["token (not echoed): "]
    assert fake.requests[-1].json()["token"] == "typed-secret"
    assert "typed-secret" not in result.out + result.err


def test_integration_secrets_no_secret_without_terminal(
    run: Run, stdin: Callable[[str], None]
) -> None:
    """No --token-stdin and no terminal to ask on: a usage error, nothing sent."""
    stdin("")
    result = run(
        "--sandbox", "integration-secrets", "create", "--identifier", "x", "--type", "bearer"
    )
    assert result.code == 2
    assert "--token-stdin" in result.err
    assert SANDBOX_HINT not in result.err  # refused before the sandbox started


def test_integration_secrets_empty_stdin(run: Run, stdin: Callable[[str], None]) -> None:
    """--token-stdin with nothing on stdin is a usage error."""
    stdin("\n")
    result = run(
        "--sandbox", "integration-secrets", "create", "--identifier", "x", "--type", "bearer",
        "--token-stdin",
    )  # fmt: skip
    assert result.code == 2
    assert "stdin gave no token" in result.err


@pytest.mark.parametrize("flag", ["--token", "--password", "--token=s3cr3t-v4lue"])
def test_secret_values_are_refused_on_the_command_line(run: Run, flag: str) -> None:
    """There is no --token/--password option; the value given is not echoed back."""
    result = run(
        "--sandbox", "integration-secrets", "create", "--identifier", "x", "--type", "bearer",
        flag, "s3cr3t-v4lue",
    )  # fmt: skip
    assert result.code == 2
    assert "--token-stdin" in result.err or "--password-stdin" in result.err
    assert "s3cr3t-v4lue" not in result.out + result.err


def test_integration_secrets_delete(sandbox: Run, seeded: FakeAPI) -> None:
    """delete answers 204; the CLI prints {"deleted": true, "id": ...}."""
    ident = next(iter(seeded.secrets))
    assert sandbox("integration-secrets", "delete", ident).json() == {"deleted": True, "id": ident}


def test_integration_secrets_delete_text(run: Run, seeded: FakeAPI) -> None:
    """Without --json, the same facts as key: value lines."""
    ident = next(iter(seeded.secrets))
    result = run("--sandbox", "integration-secrets", "delete", ident)
    assert result.code == 0
    assert result.out.split() == ["deleted:", "true", "id:", ident]


# --- telephony-credentials -----------------------------------------------------------------


def test_telephony_credentials_create_token(sandbox: Run) -> None:
    """create-token --json prints the JWT as a JSON string."""
    token = sandbox("telephony-credentials", "create-token", SAMPLE_CREDENTIAL_ID).json()
    assert isinstance(token, str)
    assert token.count(".") == 2


def test_telephony_credentials_create_token_text(run: Run) -> None:
    """Without --json, the token alone on one line, ready for $(...)."""
    result = run("--sandbox", "telephony-credentials", "create-token", SAMPLE_CREDENTIAL_ID)
    assert result.code == 0
    assert result.out.count("\n") == 1
    assert result.out.strip().count(".") == 2


# --- lists: pages, --all, progress ---------------------------------------------------------


def test_all_walks_every_page(sandbox: Run, seeded: FakeAPI) -> None:
    """--page-size 2 --all returns every seeded address; without --all, one page."""
    everything = sandbox("addresses", "list", "--page-size", "2", "--all").json()
    assert [a["id"] for a in everything] == list(seeded.addresses)
    one_page = sandbox("addresses", "list", "--page-size", "2").json()
    assert len(one_page) == 2
    later = sandbox("addresses", "list", "--page-size", "2", "--page-number", "2", "--all").json()
    assert [a["id"] for a in later] == list(seeded.addresses)[2:]


def test_no_progress_when_stderr_is_not_a_terminal(run: Run) -> None:
    """Piped stderr gets no progress line, only the sandbox hint."""
    result = run("--sandbox", "--json", "addresses", "list", "--page-size", "2", "--all")
    assert result.code == 0
    assert "fetched" not in result.err
    assert result.err.strip().startswith(SANDBOX_HINT)


def test_progress_when_stderr_is_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal on stderr sees how many of the total were fetched."""
    fake_terminal(monkeypatch, "stderr")
    result = run("--sandbox", "--json", "addresses", "list", "--page-size", "2", "--all")
    assert result.code == 0
    assert "fetched 2 of 5" in result.err
    assert result.err.endswith("fetched 5 of 5\n")
    assert len(json.loads(result.out)) == 5


def test_more_pages_note_on_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """One page on a terminal says more pages exist, and how to get them."""
    fake_terminal(monkeypatch, "stderr")
    result = run("--sandbox", "addresses", "list", "--page-size", "2")
    assert result.code == 0
    assert "page 1 of 3 (5 results)" in result.err
    assert "--page-number 2" in result.err
    assert "--all" in result.err


# --- text output -----------------------------------------------------------------------------


def test_list_prints_a_table(run: Run, seeded: FakeAPI) -> None:
    """Without --json (even piped), a list is a table with a heading and a row per item."""
    result = run("--sandbox", "addresses", "list")
    assert result.code == 0
    heading, *rows = result.out.splitlines()
    assert heading.split()[:3] == ["ID", "FIRST", "NAME"]
    assert len(rows) == len(seeded.addresses)
    assert rows[0].startswith(next(iter(seeded.addresses)))
    assert "Toy-O'Kon" in rows[0]


def test_retrieve_prints_key_value_lines(run: Run, seeded: FakeAPI) -> None:
    """A single object is one ``key: value`` line per field that has a value."""
    ident = next(iter(seeded.providers))
    result = run("--sandbox", "authentication-providers", "retrieve", ident)
    assert result.code == 0
    lines = dict(line.split(":", 1) for line in result.out.splitlines())
    assert lines["name"].strip() == "Okta"
    assert lines["settings.idp_cert_fingerprint_algorithm"].strip() == "sha256"
    assert lines["active"].strip() == "true"


def test_table_fits_a_narrow_terminal() -> None:
    """With a width, cells are cut to fit (the id never is); without one, nothing is cut."""
    from telnyx_access import Address  # noqa: PLC0415

    items = [
        Address(id="1293384261075731400", first_name="Bartholomew", business_name="B" * 40),
    ]
    narrow = table(items, Address, 60)
    assert all(len(line) <= 60 for line in narrow.splitlines())
    assert "1293384261075731400" in narrow
    assert "…" in narrow
    assert "B" * 40 in table(items, Address, None)


# --- global options and errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--sandbox", "--json", "addresses", "list"],
        ["addresses", "list", "--sandbox", "--json"],
        ["--json", "addresses", "list", "--sandbox"],
        ["addresses", "--sandbox", "list", "--json"],
    ],
)
def test_global_options_before_or_after(run: Run, argv: list[str], seeded: FakeAPI) -> None:
    """--sandbox and --json work before the resource, after the operation, or mixed."""
    result = run(*argv)
    assert [a["id"] for a in result.json()] == list(seeded.addresses)


def test_api_key_and_base_url_options(run: Run, fake: FakeTelnyx) -> None:
    """--api-key and --base-url (after the operation) reach the server."""
    result = run("billing-groups", "list", "--json", *against(fake))
    assert len(result.json()) == len(fake.api.billing_groups)
    assert fake.requests[-1].headers["Authorization"] == f"Bearer {fake.api_key}"


def test_api_key_from_environment(
    run: Run, fake: FakeTelnyx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TELNYX_API_KEY and TELNYX_BASE_URL are used when the options are left out."""
    monkeypatch.setenv("TELNYX_API_KEY", fake.api_key)
    monkeypatch.setenv("TELNYX_BASE_URL", fake.base_url)
    assert len(run("--json", "addresses", "list").json()) == len(fake.api.addresses)


def test_missing_api_key(run: Run) -> None:
    """No key anywhere: one line naming TELNYX_API_KEY and suggesting --sandbox, exit 2."""
    result = run("addresses", "list")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "TELNYX_API_KEY" in result.err
    assert "--sandbox" in result.err
    assert result.out == ""


def test_wrong_api_key_is_an_api_error(run: Run, fake: FakeTelnyx) -> None:
    """A 401 is reported in one line with exit status 1."""
    result = run("addresses", "list", "--base-url", fake.base_url, "--api-key", "wrong-key")
    assert result.code == 1
    assert result.err.startswith("error: 401")
    assert "wrong-key" not in result.err


def test_sandbox_refuses_key_and_url(run: Run) -> None:
    """--sandbox with --api-key is a usage error rather than a silent choice."""
    result = run("--sandbox", "addresses", "list", "--api-key", "k")
    assert result.code == 2
    assert "--sandbox" in result.err


def test_not_found_is_one_line_exit_1(run: Run) -> None:
    """Retrieving a missing id prints one error line with the status, exit 1."""
    result = run("--sandbox", "addresses", "retrieve", "999")
    assert result.code == 1
    assert result.out == ""
    errors = [line for line in result.err.splitlines() if not line.startswith("sandbox:")]
    assert len(errors) == 1
    assert errors[0].startswith("error: 404 Not Found")
    assert "Resource not found" in errors[0]
    assert "request id" in errors[0]


def test_page_size_zero_exits_2(run: Run) -> None:
    """A value the SDK refuses before sending is one line naming it, exit 2."""
    result = run("--sandbox", "addresses", "list", "--page-size", "0")
    assert result.code == 2
    assert "error: page_size must be 1..250, got 0" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--sandbox", "addresses", "list", "--bogus"],
        ["--sandbox", "addresses", "list", "--page-size", "two"],
        ["--sandbox", "addresses", "list", "--sort", "nonsense"],
        ["--sandbox", "addresses", "list", "--filter", "no-equals-sign"],
        ["--sandbox", "addresses", "list", "--page-s", "2"],
        ["--sandbox", "nowhere", "list"],
        ["--sandbox", "addresses", "update", "1"],
    ],
)
def test_usage_errors_exit_2(run: Run, argv: list[str]) -> None:
    """Unknown options, bad values, abbreviations and unknown commands exit 2."""
    result = run(*argv)
    assert result.code == 2
    assert "error:" in result.err
    assert result.out == ""


def test_connection_error_is_one_line_exit_1(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listening: one line saying the API could not be reached, exit 1."""
    no_retries = functools.partial(telnyx_access._client.TelnyxAccess, max_retries=0)
    monkeypatch.setattr(telnyx_access._client, "TelnyxAccess", no_retries)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("addresses", "list", "--api-key", "k", "--base-url", f"http://127.0.0.1:{port}/v2")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith("error: could not reach the API")


def test_nested_mapping() -> None:
    """Dots and brackets nest; a key set twice, or both as value and parent, is refused."""
    assert nested_mapping(["a.b=1", "a[c]=2", "d=x=y"], "--filter") == {
        "a": {"b": "1", "c": "2"},
        "d": "x=y",
    }
    for pairs in (["a=1", "a=2"], ["a=1", "a.b=2"], ["=1"], ["a..b=1"]):
        with pytest.raises(UsageError):
            nested_mapping(pairs, "--filter")


def test_module_entry_point() -> None:
    """``python -m telnyx_access --sandbox addresses list --json`` works as a new user runs it."""
    command = ["-m", "telnyx_access", "--sandbox", "addresses", "list", "--json"]
    done = subprocess.run(
        [sys.executable, "-W", "error", *command],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [a["first_name"] for a in json.loads(done.stdout)][:2] == ["Alfred", "Maria"]
    assert done.stderr.startswith(SANDBOX_HINT)


def test_docs_cover_every_command_and_real_sample_ids(seeded: FakeAPI) -> None:
    """docs/cli.md lists every command, and the sandbox ids it quotes exist in the sample data."""
    text = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for op in operations():
        assert f"`{op.resource} {op.name}`" in text
    sample = text.partition("## Sandbox sample data")[2].partition("```console")[0]
    quoted = set(re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{19}", sample))
    known = {
        *seeded.addresses,
        *seeded.billing_groups,
        *seeded.access_ips,
        *seeded.providers,
        *seeded.secrets,
        *seeded.credentials,
        *seeded.suggestions,
    }
    assert quoted
    assert quoted <= known
