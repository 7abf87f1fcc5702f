"""`kirjaamo import products`: the catalogue that contracts refer to."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.models import AuditEvent
from kirjaamo.contracts import services as contract_services
from kirjaamo.contracts.models import Contract, Product
from kirjaamo.history.models import FieldChange
from kirjaamo.imports.tests.files import CONTRACT_HEADER, write_csv, write_xlsx
from kirjaamo.imports.tests.test_contracts import NO_CONNECTION, contract
from kirjaamo.parties.models import Customer

HEADER = ["code", "name", "kind", "active"]


def problems(result) -> list[tuple[int | None, str]]:
    return [(p.row, p.column) for p in result.problems]


def catalogue() -> list[tuple[str, str, str, bool]]:
    return list(Product.objects.order_by("code").values_list("code", "name", "kind", "active"))


def test_it_creates_products_and_contracts_can_then_use_them(tmp_path, run, make_person) -> None:
    rows = [
        ["KUITU100", "Kuitu  100M", "broadband", ""],
        ["PUHE", "Lankapuhelin", "Fixed phone", "false"],
        [" TV ", "TV-paketti", "TV", "kyllä"],
    ]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert result.ok, result.problems
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert catalogue() == [
        ("KUITU100", "Kuitu 100M", "broadband", True),
        ("PUHE", "Lankapuhelin", "fixed_phone", False),
        ("TV", "TV-paketti", "tv", True),
    ]
    make_person(with_contacts=True)
    number = Customer.objects.get().customer_number
    row = contract("S-1", number, products="KUITU100|TV", **NO_CONNECTION)
    done = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [row]))
    assert done.ok, done.problems
    assert Contract.objects.get().products.count() == 2


def test_the_columns_may_come_in_any_order_without_active(tmp_path, run) -> None:
    path = write_csv(tmp_path / "p.csv", ["Kind", "Name", "Code"], [["mobile", "5G", "MOB"]])
    assert run("products", path).ok
    assert catalogue() == [("MOB", "5G", "mobile", True)]


def test_an_xlsx_with_a_numeric_code_and_a_boolean_cell(tmp_path, run) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [[1001, "Hosting S", "hosting", False]])
    assert run("products", path).ok
    assert catalogue() == [("1001", "Hosting S", "hosting", False)]


def test_reimport_is_idempotent_and_updates_name_kind_and_active(tmp_path, run) -> None:
    rows = [["KUITU100", "Kuitu 100M", "broadband", ""], ["TV", "TV-paketti", "tv", ""]]
    path = write_csv(tmp_path / "p.csv", HEADER, rows)
    run("products", path)
    again = run("products", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Product.objects.count() == 2
    changed = [
        ["KUITU100", "Kuitu 1000M", "broadband", "0"],  # renamed, no longer sold
        ["TV", "TV-paketti", "other", ""],  # another kind; an empty `active` keeps True
        ["MOB", "Mobiili", "mobile", "no"],
    ]
    result = run("products", write_csv(tmp_path / "q.csv", HEADER, changed))
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    assert catalogue() == [
        ("KUITU100", "Kuitu 1000M", "broadband", False),
        ("MOB", "Mobiili", "mobile", False),
        ("TV", "TV-paketti", "other", True),
    ]
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert event.fields == ["active", "code", "kind", "name"]


def test_one_audit_event_with_counts_and_no_subjects_or_history(tmp_path, run) -> None:
    rows = [["KUITU100", "Kuitu 100M", "broadband", ""], ["TV", "TV-paketti", "tv", ""]]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    event = AuditEvent.objects.get()
    assert event.pk == result.audit_event_id
    assert (event.action, event.kind, event.channel, event.purpose) == (
        "import.products",
        "write",
        "cli",
        "import",
    )
    assert event.detail["rows"] == 2 and event.detail["created"] == 2
    assert event.detail["file_sha256"] == "sha256:" + result.sha256
    assert "source" not in event.detail and "contact_points_created" not in event.detail
    assert event.fields == ["active", "code", "kind", "name"]
    assert not event.subjects.exists()
    assert not FieldChange.objects.exists()
    again = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert AuditEvent.objects.get(pk=again.audit_event_id).fields == []


def test_an_unknown_kind_is_an_error_that_lists_the_kinds(tmp_path, run) -> None:
    rows = [["KUITU100", "Kuitu 100M", "broadband", ""], ["RADIO", "Radio", "radio", ""]]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert problems(result) == [(3, "kind")]
    reason = result.problems[0].reason
    assert "broadband, mobile, fixed_phone, tv, hosting, other" in reason
    assert "radio" not in reason
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("values", "column"),
    [
        (["", "Nimi", "tv", ""], "code"),
        (["X" * 33, "Nimi", "tv", ""], "code"),
        (["TV", "  ", "tv", ""], "name"),
        (["TV", "N" * 201, "tv", ""], "name"),
        (["TV", "Nimi", "", ""], "kind"),
        (["TV", "Nimi", "tv", "maybe"], "active"),
    ],
)
def test_each_invalid_product_value_is_reported(tmp_path, run, values, column) -> None:
    rows = [["OK", "Hyvä", "other", ""], values]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert problems(result) == [(3, column)]
    assert not Product.objects.exists()


def test_the_import_and_product_create_give_the_same_reasons(tmp_path, run, actor) -> None:
    rows = [["X" * 33, "N" * 201, "radio", ""]]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    with pytest.raises(ValidationError) as excinfo:
        contract_services.product_create(actor=actor, code="X" * 33, name="N" * 201, kind="radio")
    assert {(p.column, p.reason) for p in result.problems} == {
        (name, message)
        for name, messages in excinfo.value.message_dict.items()
        for message in messages
    }


def test_a_code_twice_in_the_file_is_an_error(tmp_path, run) -> None:
    rows = [["TV", "TV-paketti", "tv", ""], ["TV", "TV-paketti 2", "tv", ""]]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert problems(result) == [(3, "code")]
    assert "row 2" in result.problems[0].reason


def test_a_dry_run_counts_but_writes_nothing(tmp_path, run, actor) -> None:
    contract_services.product_create(actor=actor, code="TV", name="TV", kind="tv")
    rows = [["TV", "TV-paketti", "tv", ""], ["MOB", "Mobiili", "mobile", ""]]
    result = run("products", write_csv(tmp_path / "p.csv", HEADER, rows), dry_run=True)
    assert result.ok and not result.written
    assert (result.created, result.updated) == (1, 1)
    assert catalogue() == [("TV", "TV", "tv", True)]
    assert not AuditEvent.objects.filter(action="import.products").exists()
