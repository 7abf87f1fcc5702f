"""Writes of invoices and collection cases (pushed by the billing system or imported)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.contracts.models import Contract
from kirjaamo.parties.models import Party

_STATUSES = frozenset(InvoiceStatus.values)


def clean_invoice(
    *,
    number: str,
    issued_on: dt.date,
    due_on: dt.date,
    amount_cents: int,
    status: str,
    paid_on: dt.date | None,
) -> dict[str, list[str]]:
    """Field errors of an invoice (empty when valid); shared with the importer."""
    errors: dict[str, list[str]] = {}
    if not number.strip():
        errors["number"] = [_("Invoice number is required.")]
    elif len(number.strip()) > 32:
        errors["number"] = [_("Invoice number is too long.")]
    if due_on < issued_on:
        errors["due_on"] = [_("The due date is before the invoice date.")]
    if status not in _STATUSES:
        errors["status"] = [_("Status must be open, paid, credited or in_collection.")]
    elif status == InvoiceStatus.PAID and paid_on is None:
        errors["paid_on"] = [_("A paid invoice needs the payment date.")]
    elif status != InvoiceStatus.PAID and paid_on is not None:
        errors["paid_on"] = [_("Only a paid invoice has a payment date.")]
    if abs(amount_cents) > 10**12:
        errors["amount_cents"] = [_("The amount is out of range.")]
    return errors


MAX_AGENCY = 200  # CollectionCase.agency


def collection_closing_errors(*, handed_over_on: dt.date, closed_on: dt.date | None) -> list[str]:
    """The problems of a collection case's closing date (empty when fine or not given)."""
    if closed_on is not None and closed_on < handed_over_on:
        return [_("The case cannot close before it was handed over.")]
    return []


def clean_collection_case(
    *, agency: str, handed_over_on: dt.date, closed_on: dt.date | None = None
) -> str:
    """The cleaned name of the collection agency; raises `ValidationError` (agency,
    closed_on). Shared with the importer."""
    errors: dict[str, list[str]] = {}
    agency = " ".join((agency or "").split())
    if not agency:
        errors["agency"] = [_("Name the collection agency.")]
    elif len(agency) > MAX_AGENCY:
        errors["agency"] = [_("The name of the collection agency is too long.")]
    if closing := collection_closing_errors(handed_over_on=handed_over_on, closed_on=closed_on):
        errors["closed_on"] = closing
    if errors:
        raise ValidationError(errors)
    return agency


@transaction.atomic
def invoice_create(
    *,
    actor: Actor,
    number: str,
    payer: Party,
    issued_on: dt.date,
    due_on: dt.date,
    amount_cents: int,
    status: str = InvoiceStatus.OPEN,
    paid_on: dt.date | None = None,
    contract: Contract | None = None,
) -> Invoice:
    errors = clean_invoice(
        number=number,
        issued_on=issued_on,
        due_on=due_on,
        amount_cents=amount_cents,
        status=status,
        paid_on=paid_on,
    )
    if not errors and Invoice.objects.filter(number=number.strip()).exists():
        errors["number"] = [_("This invoice number is already in use.")]
    if errors:
        raise ValidationError(errors)
    invoice = Invoice.objects.create(
        number=number.strip(),
        payer=payer,
        contract=contract,
        issued_on=issued_on,
        due_on=due_on,
        amount_cents=amount_cents,
        status=status,
        paid_on=paid_on,
    )
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="invoice.created",
        entity="billing.Invoice",
        entity_id=invoice.pk,
        fields=[
            "number",
            "payer",
            "contract",
            "issued_on",
            "due_on",
            "amount_cents",
            "status",
            "paid_on",
        ],
        party_ids=[payer.pk],
    )
    return invoice


@transaction.atomic
def invoice_set_status(
    *, actor: Actor, invoice: Invoice, status: str, paid_on: dt.date | None = None
) -> Invoice:
    errors = clean_invoice(
        number=invoice.number,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        amount_cents=invoice.amount_cents,
        status=status,
        paid_on=paid_on,
    )
    if errors:
        raise ValidationError(errors)
    invoice.status = status
    invoice.paid_on = paid_on
    invoice.save(update_fields=["status", "paid_on"])
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="invoice.status_changed",
        entity="billing.Invoice",
        entity_id=invoice.pk,
        fields=["status", "paid_on"],
        detail={"status": status},
        party_ids=[invoice.payer_id],
    )
    return invoice


@transaction.atomic
def collection_case_open(
    *, actor: Actor, invoice: Invoice, agency: str, handed_over_on: dt.date
) -> CollectionCase:
    agency = clean_collection_case(agency=agency, handed_over_on=handed_over_on)
    if invoice.status in (InvoiceStatus.PAID, InvoiceStatus.CREDITED):
        raise ValidationError(
            {"invoice": [_("A paid or credited invoice cannot go to collection.")]}
        )
    case = CollectionCase.objects.create(
        invoice=invoice, agency=agency, handed_over_on=handed_over_on
    )
    invoice.status = InvoiceStatus.IN_COLLECTION
    invoice.save(update_fields=["status"])
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="collection.opened",
        entity="billing.CollectionCase",
        entity_id=case.pk,
        fields=["agency", "handed_over_on"],
        detail={"invoice_id": invoice.pk},
        party_ids=[invoice.payer_id],
    )
    return case


@transaction.atomic
def collection_case_close(
    *, actor: Actor, case: CollectionCase, closed_on: dt.date
) -> CollectionCase:
    if errors := collection_closing_errors(handed_over_on=case.handed_over_on, closed_on=closed_on):
        raise ValidationError({"closed_on": errors})
    case.closed_on = closed_on
    case.save(update_fields=["closed_on"])
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="collection.closed",
        entity="billing.CollectionCase",
        entity_id=case.pk,
        fields=["closed_on"],
        party_ids=[case.invoice.payer_id],
    )
    return case
