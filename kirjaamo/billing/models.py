"""What the register needs of billing: invoices and collection cases.

Kirjaamo is not the billing engine; the billing system pushes invoices here. Open invoices and
collection cases are what later decide erasure holds (GDPR-17-EXCEPT, FI-VVL-*).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.contracts.models import Contract
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.models import Party


@personal_data(
    "number",
    "issued_on",
    "due_on",
    "amount_cents",
    "status",
    "paid_on",
    not_personal=("id", "payer", "contract"),
)
class Invoice(models.Model):
    number = models.CharField(_("invoice number"), max_length=32)
    payer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="invoices")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    status = models.CharField(_("status"), max_length=16, choices=InvoiceStatus.choices)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")), name="invoice_due_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(status=InvoiceStatus.PAID, paid_on__isnull=False)
                | (~Q(status=InvoiceStatus.PAID) & Q(paid_on__isnull=True)),
                name="invoice_paid_on_iff_paid",
            ),
        ]
        indexes = [
            # Customer card: newest invoices of one payer.
            models.Index(fields=["payer", "-issued_on"], name="invoice_payer_idx"),
            models.Index(fields=["contract"], name="invoice_contract_idx"),
        ]

    def __str__(self) -> str:
        return f"invoice {self.pk}"


@personal_data("agency", "handed_over_on", "closed_on", not_personal=("id", "invoice"))
class CollectionCase(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="collection_cases")
    agency = models.CharField(_("collection agency"), max_length=200)
    handed_over_on = models.DateField(_("handed over"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("collection case")
        verbose_name_plural = _("collection cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("handed_over_on")),
                name="collection_closed_after_handover",
            ),
        ]
        indexes = [models.Index(fields=["invoice"], name="collection_invoice_idx")]
