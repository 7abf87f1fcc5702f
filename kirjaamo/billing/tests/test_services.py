"""Billing services: invoices with their status rules and collection cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.billing import services
from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.contracts.services import contract_create
from kirjaamo.parties.models import Party, Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2025, 3, 1)
DUE = dt.date(2025, 3, 15)


@pytest.fixture
def payer(make_person: Callable[..., Person]) -> Party:
    return make_person(with_contacts=False, first_names="Matti", last_name="Virtanen").party


@pytest.fixture
def invoice(actor: Actor, payer: Party) -> Invoice:
    return services.invoice_create(
        actor=actor, number="L-1", payer=payer, issued_on=ISSUED, due_on=DUE, amount_cents=4990
    )


def create(actor: Actor, payer: Party, **overrides: object) -> Invoice:
    values: dict[str, object] = {
        "number": "L-100",
        "issued_on": ISSUED,
        "due_on": DUE,
        "amount_cents": 2500,
    }
    values.update(overrides)
    return services.invoice_create(actor=actor, payer=payer, **values)  # type: ignore[arg-type]


def test_it_creates_an_open_invoice_audited_without_values(actor: Actor, payer: Party) -> None:
    contract = contract_create(actor=actor, number="S-1", holder=payer, opened_on=ISSUED)
    before = AuditEvent.objects.count()
    inv = create(actor, payer, number=" L-100 ", contract=contract)
    assert AuditEvent.objects.count() == before + 1
    inv.refresh_from_db()
    assert (inv.number, inv.status, inv.paid_on, inv.amount_cents) == ("L-100", "open", None, 2500)
    assert inv.contract == contract
    (event,) = events("invoice.created")
    assert event.entity == "billing.Invoice"
    assert subject_ids(event) == [payer.pk]
    assert "amount_cents" in event.fields
    assert_audit_free_of("L-100", "Matti", "Virtanen")


def test_it_creates_a_paid_invoice_and_a_credit_note(actor: Actor, payer: Party) -> None:
    paid = create(actor, payer, status="paid", paid_on=dt.date(2025, 3, 10))
    assert (paid.status, paid.paid_on) == ("paid", dt.date(2025, 3, 10))
    credit = create(actor, payer, number="H-1", status="credited", amount_cents=-2500)
    assert credit.amount_cents == -2500


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": "N" * 33}, "number"),
        ({"number": "L-1"}, "number"),  # duplicate
        ({"due_on": dt.date(2025, 2, 28)}, "due_on"),
        ({"status": "lost"}, "status"),
        ({"status": "paid"}, "paid_on"),  # paid needs the payment date
        ({"status": "open", "paid_on": dt.date(2025, 3, 2)}, "paid_on"),
        ({"status": "in_collection", "paid_on": dt.date(2025, 3, 2)}, "paid_on"),
        ({"amount_cents": 10**12 + 1}, "amount_cents"),
    ],
)
def test_it_rejects_invalid_invoices(
    actor: Actor, payer: Party, invoice: Invoice, overrides: dict[str, object], field: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(actor, payer, **overrides)
    assert list(excinfo.value.message_dict) == [field]
    assert Invoice.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_invoice_status_changes_follow_the_paid_date_rule(actor: Actor, invoice: Invoice) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.invoice_set_status(actor=actor, invoice=invoice, status="paid")
    assert list(excinfo.value.message_dict) == ["paid_on"]
    with pytest.raises(ValidationError) as excinfo:
        services.invoice_set_status(
            actor=actor, invoice=invoice, status="credited", paid_on=dt.date(2025, 3, 5)
        )
    assert list(excinfo.value.message_dict) == ["paid_on"]
    with pytest.raises(ValidationError) as excinfo:
        services.invoice_set_status(actor=actor, invoice=invoice, status="unknown")
    assert list(excinfo.value.message_dict) == ["status"]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == ("open", None)

    before = AuditEvent.objects.count()
    services.invoice_set_status(
        actor=actor, invoice=invoice, status="paid", paid_on=dt.date(2025, 3, 14)
    )
    assert AuditEvent.objects.count() == before + 1
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == ("paid", dt.date(2025, 3, 14))
    (event,) = events("invoice.status_changed")
    assert event.detail == {"status": "paid"}
    assert subject_ids(event) == [invoice.payer_id]
    # Reopening clears the payment date.
    services.invoice_set_status(actor=actor, invoice=invoice, status="open")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == ("open", None)


def test_a_collection_case_puts_the_invoice_in_collection(actor: Actor, invoice: Invoice) -> None:
    before = AuditEvent.objects.count()
    case = services.collection_case_open(
        actor=actor, invoice=invoice, agency="  Perintä  Oy ", handed_over_on=dt.date(2025, 4, 20)
    )
    assert AuditEvent.objects.count() == before + 1
    assert case.agency == "Perintä Oy"
    invoice.refresh_from_db()
    assert invoice.status == "in_collection"
    (event,) = events("collection.opened")
    assert event.detail == {"invoice_id": invoice.pk}
    assert subject_ids(event) == [invoice.payer_id]
    assert_audit_free_of("Perintä Oy")

    with pytest.raises(ValidationError) as excinfo:
        services.collection_case_close(actor=actor, case=case, closed_on=dt.date(2025, 4, 19))
    assert list(excinfo.value.message_dict) == ["closed_on"]
    services.collection_case_close(actor=actor, case=case, closed_on=dt.date(2025, 6, 1))
    case.refresh_from_db()
    assert case.closed_on == dt.date(2025, 6, 1)
    (closed,) = events("collection.closed")
    assert subject_ids(closed) == [invoice.payer_id]


@pytest.mark.parametrize("status", ["paid", "credited"])
def test_a_settled_invoice_cannot_go_to_collection(actor: Actor, payer: Party, status: str) -> None:
    paid_on = dt.date(2025, 3, 10) if status == "paid" else None
    inv = create(actor, payer, status=status, paid_on=paid_on)
    with pytest.raises(ValidationError) as excinfo:
        services.collection_case_open(
            actor=actor, invoice=inv, agency="Perintä Oy", handed_over_on=dt.date(2025, 4, 1)
        )
    assert list(excinfo.value.message_dict) == ["invoice"]
    inv.refresh_from_db()
    assert inv.status == status
    assert CollectionCase.objects.count() == 0


@pytest.mark.parametrize("agency", ["", "   ", "A" * 201])
def test_a_collection_case_needs_an_agency(actor: Actor, invoice: Invoice, agency: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.collection_case_open(
            actor=actor, invoice=invoice, agency=agency, handed_over_on=dt.date(2025, 4, 1)
        )
    assert list(excinfo.value.message_dict) == ["agency"]
    invoice.refresh_from_db()
    assert invoice.status == "open"


def test_invoice_create_is_atomic(
    actor: Actor, payer: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        create(actor, payer)
    assert Invoice.objects.count() == 0


def test_collection_case_open_is_atomic(
    actor: Actor, invoice: Invoice, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.collection_case_open(
            actor=actor, invoice=invoice, agency="Perintä Oy", handed_over_on=dt.date(2025, 4, 1)
        )
    assert CollectionCase.objects.count() == 0
    assert Invoice.objects.get(pk=invoice.pk).status == "open"
