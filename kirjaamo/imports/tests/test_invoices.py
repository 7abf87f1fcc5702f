"""Invoices import: collection cases (`collection_agency`, `collection_handed_over_on`,
`collection_closed_on`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.models import AuditEvent
from kirjaamo.billing import services as billing_services
from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.imports.tests.files import INVOICE_HEADER, write_csv
from kirjaamo.imports.tests.test_contracts import invoice, problems
from kirjaamo.parties.models import Customer, Party
from kirjaamo.tests import assert_audit_free_of

HEADER = [*INVOICE_HEADER, "collection_agency", "collection_handed_over_on", "collection_closed_on"]
AGENCY = "Perintä Oy"


def row(
    number: str,
    customer: str,
    agency: str = AGENCY,
    handed_over_on: str = "1.4.2026",
    closed_on: str = "",
    **values: object,
) -> list[object]:
    values.setdefault("status", "in_collection")
    return [*invoice(number, customer, **values), agency, handed_over_on, closed_on]


def cases() -> list[tuple[str, str, dt.date, dt.date | None]]:
    return list(
        CollectionCase.objects.order_by("invoice__number", "pk").values_list(
            "invoice__number", "agency", "handed_over_on", "closed_on"
        )
    )


def test_it_opens_a_collection_case_for_an_invoice_in_collection(tmp_path, run, customers) -> None:
    rows = [
        row("I-1", customers[0], agency="  Perintä   Oy "),
        row("I-2", customers[1], closed_on="2026-05-15", status="paid", paid_on="15.5.2026"),
        row("I-3", customers[1], agency="", handed_over_on=""),  # status only, as before
    ]
    result = run("invoices", write_csv(tmp_path / "i.csv", HEADER, rows))
    assert result.ok, result.problems
    assert result.created == 3
    assert result.extra == {"collection_cases_opened": 2, "collection_cases_closed": 0}
    assert cases() == [
        ("I-1", AGENCY, dt.date(2026, 4, 1), None),
        ("I-2", AGENCY, dt.date(2026, 4, 1), dt.date(2026, 5, 15)),
    ]
    assert Invoice.objects.get(number="I-1").status == "in_collection"
    event = AuditEvent.objects.get(action="import.invoices")
    assert event.detail["collection_cases_opened"] == 2
    assert {"agency", "handed_over_on", "closed_on"} <= set(event.fields)
    payers = Customer.objects.filter(customer_number__in=customers[:2])
    assert sorted(event.subjects.values_list("party_id", flat=True)) == sorted(
        payers.values_list("party_id", flat=True)
    )
    assert_audit_free_of(AGENCY)


def test_reimport_does_not_duplicate_a_case_and_can_close_it(tmp_path, run, customers) -> None:
    path = write_csv(tmp_path / "i.csv", HEADER, [row("I-1", customers[0])])
    run("invoices", path)
    again = run("invoices", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert again.extra == {"collection_cases_opened": 0, "collection_cases_closed": 0}
    # The agency is matched regardless of case; the closing date is taken from the file.
    closed = [row("I-1", customers[0], agency="PERINTÄ OY", closed_on="20.5.2026")]
    result = run("invoices", write_csv(tmp_path / "j.csv", HEADER, closed))
    assert (result.updated, result.unchanged) == (1, 0)
    assert result.extra == {"collection_cases_opened": 0, "collection_cases_closed": 1}
    assert cases() == [("I-1", AGENCY, dt.date(2026, 4, 1), dt.date(2026, 5, 20))]
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert event.fields == ["closed_on"]
    # An empty closing date keeps it; the same file again changes nothing.
    for name in ("i.csv", "j.csv"):
        assert run("invoices", tmp_path / name).unchanged == 1
    assert cases() == [("I-1", AGENCY, dt.date(2026, 4, 1), dt.date(2026, 5, 20))]


def test_a_case_opened_by_the_service_is_matched(tmp_path, run, actor, customers) -> None:
    payer = Party.objects.get(customer_roles__customer_number=customers[0])
    inv = billing_services.invoice_create(
        actor=actor,
        number="I-1",
        payer=payer,
        issued_on=dt.date(2026, 2, 1),
        due_on=dt.date(2026, 2, 15),
        amount_cents=4990,
    )
    billing_services.collection_case_open(
        actor=actor, invoice=inv, agency=AGENCY, handed_over_on=dt.date(2026, 4, 1)
    )
    result = run("invoices", write_csv(tmp_path / "i.csv", HEADER, [row("I-1", customers[0])]))
    assert (result.updated, result.unchanged) == (0, 1)
    assert CollectionCase.objects.count() == 1


def test_a_new_case_after_a_closed_one_is_opened_but_not_beside_an_open_one(
    tmp_path, run, customers
) -> None:
    first = [row("I-1", customers[0], closed_on="1.5.2026"), row("I-2", customers[0])]
    run("invoices", write_csv(tmp_path / "a.csv", HEADER, first))
    second = [
        row("I-1", customers[0], agency="Toinen Perintä Oy", handed_over_on="1.6.2026"),
        row("I-2", customers[0], agency="Toinen Perintä Oy", handed_over_on="1.6.2026"),
    ]
    result = run("invoices", write_csv(tmp_path / "b.csv", HEADER, second))
    assert problems(result) == [(3, "collection_agency")]
    assert "open collection case" in result.problems[0].reason
    assert len(cases()) == 2
    result = run("invoices", write_csv(tmp_path / "c.csv", HEADER, second[:1]))
    assert result.ok and result.extra["collection_cases_opened"] == 1
    assert [c[1] for c in cases() if c[0] == "I-1"] == [AGENCY, "Toinen Perintä Oy"]


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"status": "open"}, "status"),
        ({"status": "paid", "paid_on": "1.5.2026"}, "status"),
        ({"agency": ""}, "collection_agency"),
        ({"agency": "", "handed_over_on": "", "closed_on": "1.5.2026"}, "collection_agency"),
        ({"handed_over_on": ""}, "collection_handed_over_on"),
        ({"handed_over_on": "1.13.2026"}, "collection_handed_over_on"),
        ({"closed_on": "31.3.2026"}, "collection_closed_on"),
        ({"agency": "A" * 201}, "collection_agency"),
    ],
)
def test_each_invalid_collection_value_is_reported(tmp_path, run, customers, values, column):
    rows = [row("OK-1", customers[0]), row("I-2", customers[0], **values)]
    result = run("invoices", write_csv(tmp_path / "i.csv", HEADER, rows))
    assert column in {c for r, c in problems(result) if r == 3}
    assert {r for r, _c in problems(result)} == {3}
    assert not Invoice.objects.exists() and not CollectionCase.objects.exists()


def test_the_status_error_says_what_to_do(tmp_path, run, customers) -> None:
    result = run(
        "invoices", write_csv(tmp_path / "i.csv", HEADER, [row("I-1", customers[0], status="open")])
    )
    assert problems(result) == [(2, "status")]
    assert "in_collection" in result.problems[0].reason


@pytest.mark.parametrize(("agency", "closed_on"), [("A" * 201, ""), (AGENCY, "2026-03-31")])
def test_the_import_and_the_services_give_the_same_reasons(
    tmp_path, run, customers, agency, closed_on
) -> None:
    data = [row("I-1", customers[0], agency=agency, closed_on=closed_on)]
    result = run("invoices", write_csv(tmp_path / "i.csv", HEADER, data))
    with pytest.raises(ValidationError) as excinfo:
        billing_services.clean_collection_case(
            agency=agency,
            handed_over_on=dt.date(2026, 4, 1),
            closed_on=dt.date.fromisoformat(closed_on) if closed_on else None,
        )
    column = {"agency": "collection_agency", "closed_on": "collection_closed_on"}
    assert {(p.column, p.reason) for p in result.problems} == {
        (column[field], message)
        for field, messages in excinfo.value.message_dict.items()
        for message in messages
    }


def test_a_dry_run_counts_cases_but_writes_nothing(tmp_path, run, customers) -> None:
    path = write_csv(tmp_path / "i.csv", HEADER, [row("I-1", customers[0])])
    result = run("invoices", path, dry_run=True)
    assert result.ok and result.extra["collection_cases_opened"] == 1
    assert not CollectionCase.objects.exists() and not Invoice.objects.exists()
