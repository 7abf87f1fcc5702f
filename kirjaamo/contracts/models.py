"""Contracts and what hangs off them: products, connections, IP addresses, equipment, blocks.

Who holds, uses or pays a contract is a `ContractRole` with dates, so a change of holder keeps
the earlier holder on record for as long as the contract is kept.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kirjaamo.contracts.choices import BlockReason, ContractRoleKind, EquipmentKind, ProductKind
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.models import Party


@personal_data(not_personal=("id", "code", "name", "kind", "active"))
class Product(models.Model):
    """The product and service catalogue."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProductKind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["code"], name="product_code_unique")]

    def __str__(self) -> str:
        return self.name


@personal_data("number", "seller", "opened_on", "terminated_on", not_personal=("id", "created_at"))
class Contract(models.Model):
    number = models.CharField(_("contract number"), max_length=32)
    seller = models.CharField(_("seller"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened"))
    terminated_on = models.DateField(_("terminated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-opened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="contract_number_unique"),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("opened_on")),
                name="contract_terminated_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"contract {self.pk}"


@personal_data("role", "started_on", "ended_on", not_personal=("id", "contract", "party"))
class ContractRole(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="roles")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="contract_roles")
    role = models.CharField(_("role"), max_length=16, choices=ContractRoleKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(role=ContractRoleKind.HOLDER, ended_on__isnull=True),
                name="contract_one_current_holder",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="contractrole_ends_after_start",
            ),
        ]
        indexes = [
            # Customer card: the contracts of one party.
            models.Index(fields=["party", "contract"], name="contractrole_party_idx"),
            models.Index(fields=["contract", "role"], name="contractrole_contract_idx"),
        ]


@personal_data("product", "started_on", "ended_on", not_personal=("id", "contract"))
class ContractProduct(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="contractproduct_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["contract"], name="contractproduct_contract_idx")]


@personal_data(
    "connection_number",
    "street",
    "postal_code",
    "post_office",
    "activated_on",
    "closed_on",
    "search_text",
    not_personal=("id", "contract"),
)
class Connection(models.Model):
    """A subscription line (liittymä): its number and the address where it is installed."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="connections")
    connection_number = models.CharField(_("connection number"), max_length=32)
    street = models.CharField(_("connection address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=16)
    post_office = models.CharField(_("post office"), max_length=100)
    activated_on = models.DateField(_("activated"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    search_text = models.CharField(max_length=400, blank=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["connection_number"], name="connection_number_unique"),
        ]
        indexes = [models.Index(fields=["contract"], name="connection_contract_idx")]


@personal_data("address", "assigned_from", "assigned_to", not_personal=("id", "connection"))
class IpAssignment(models.Model):
    """An IP address given to a connection for a time range (traffic data, FI-SVP-TRAFFIC)."""

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="ip_assignments"
    )
    address = models.GenericIPAddressField(_("IP address"))
    assigned_from = models.DateTimeField(_("from"))
    assigned_to = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_to__isnull=True) | Q(assigned_to__gte=F("assigned_from")),
                name="ipassignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["address", "-assigned_from"], name="ipassignment_address_idx"),
            models.Index(fields=["connection"], name="ipassignment_connection_idx"),
        ]


@personal_data(
    "kind", "serial_number", "delivered_on", "returned_on", not_personal=("id", "contract")
)
class Equipment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="equipment")
    kind = models.CharField(_("type"), max_length=16, choices=EquipmentKind.choices)
    serial_number = models.CharField(_("serial number"), max_length=64)
    delivered_on = models.DateField(_("delivered"), null=True, blank=True)
    returned_on = models.DateField(_("returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        indexes = [models.Index(fields=["contract"], name="equipment_contract_idx")]


@personal_data("reason", "starts_at", "ends_at", not_personal=("id", "contract"))
class ServiceBlock(models.Model):
    """A service block (estotieto), e.g. for unpaid invoices or at the customer's request."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="blocks")
    reason = models.CharField(_("reason"), max_length=32, choices=BlockReason.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="serviceblock_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["contract"], name="serviceblock_contract_idx")]
