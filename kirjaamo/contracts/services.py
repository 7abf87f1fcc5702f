"""Writes of contracts and what hangs off them. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.contracts.choices import BlockReason, ContractRoleKind, EquipmentKind
from kirjaamo.contracts.models import (
    Connection,
    Contract,
    ContractProduct,
    ContractRole,
    Equipment,
    IpAssignment,
    Product,
    ServiceBlock,
)
from kirjaamo.contracts.validation import (
    ConnectionData,
    ProductData,
    clean_connection,
    clean_contract,
    clean_product,
    termination_errors,
)
from kirjaamo.lib.unset import UNSET, Unset
from kirjaamo.parties.models import Party


def contract_party_ids(contract: Contract) -> list[int]:
    return sorted(
        set(ContractRole.objects.filter(contract=contract).values_list("party_id", flat=True))
    )


def _audit(
    actor: Actor,
    action: str,
    obj: object,
    entity: str,
    fields: Iterable[str],
    contract: Contract,
    detail: dict[str, object] | None = None,
) -> None:
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action=action,
        entity=entity,
        entity_id=getattr(obj, "pk", None),
        fields=fields,
        detail=detail,
        party_ids=contract_party_ids(contract),
    )


@transaction.atomic
def product_create(*, actor: Actor, code: str, name: str, kind: str) -> Product:
    """Add a product to the catalogue (`clean_product` rules; the code must be unused)."""
    data: ProductData | None = None
    errors: dict[str, list[str]] = {}
    try:
        data = clean_product(code=code, name=name, kind=kind)
    except ValidationError as exc:
        errors = exc.message_dict
    if "code" not in errors and Product.objects.filter(code=code.strip()).exists():
        errors["code"] = [_("This product code is already in use.")]
    if errors or data is None:
        raise ValidationError(errors)
    product = Product.objects.create(code=data.code, name=data.name, kind=data.kind)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="product.created",
        entity="contracts.Product",
        entity_id=product.pk,
        fields=["code", "name", "kind"],
    )
    return product


@transaction.atomic
def product_update(
    *,
    actor: Actor,
    product: Product,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    active: bool | Unset = UNSET,
) -> Product:
    """Change a product's name, kind or whether it is sold (`active`); UNSET keeps a value.

    The code is what contracts and import files refer to, so it does not change. Nothing is
    written, and no event recorded, when every given value equals the current one.
    """
    data = clean_product(
        code=product.code,
        name=product.name if isinstance(name, Unset) else name,
        kind=product.kind if isinstance(kind, Unset) else kind,
    )
    new_active = product.active if isinstance(active, Unset) else bool(active)
    changed = [
        field
        for field, old, new in (
            ("name", product.name, data.name),
            ("kind", product.kind, data.kind),
            ("active", product.active, new_active),
        )
        if old != new
    ]
    if not changed:
        return product
    product.name, product.kind, product.active = data.name, data.kind, new_active
    product.save(update_fields=changed)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="product.updated",
        entity="contracts.Product",
        entity_id=product.pk,
        fields=changed,
    )
    return product


@transaction.atomic
def contract_create(
    *,
    actor: Actor,
    number: str,
    holder: Party,
    opened_on: dt.date,
    seller: str = "",
    products: Iterable[Product] = (),
    payer: Party | None = None,
    user: Party | None = None,
) -> Contract:
    data = clean_contract(number=number, seller=seller, opened_on=opened_on)
    if Contract.objects.filter(number=data.number).exists():
        raise ValidationError({"number": [_("This contract number is already in use.")]})
    contract = Contract.objects.create(
        number=data.number, seller=data.seller, opened_on=opened_on, created_at=timezone.now()
    )
    roles = [
        ContractRole(
            contract=contract, party=holder, role=ContractRoleKind.HOLDER, started_on=opened_on
        )
    ]
    if payer is not None:
        roles.append(
            ContractRole(
                contract=contract, party=payer, role=ContractRoleKind.PAYER, started_on=opened_on
            )
        )
    if user is not None:
        roles.append(
            ContractRole(
                contract=contract, party=user, role=ContractRoleKind.USER, started_on=opened_on
            )
        )
    ContractRole.objects.bulk_create(roles)
    product_list = list(products)
    ContractProduct.objects.bulk_create(
        [ContractProduct(contract=contract, product=p, started_on=opened_on) for p in product_list]
    )
    _audit(
        actor,
        "contract.created",
        contract,
        "contracts.Contract",
        ["number", "seller", "opened_on", "roles", "products"],
        contract,
        {"products": len(product_list), "roles": len(roles)},
    )
    return contract


@transaction.atomic
def contract_terminate(*, actor: Actor, contract: Contract, terminated_on: dt.date) -> Contract:
    if errors := termination_errors(opened_on=contract.opened_on, terminated_on=terminated_on):
        raise ValidationError({"terminated_on": errors})
    contract.terminated_on = terminated_on
    contract.save(update_fields=["terminated_on"])
    ContractRole.objects.filter(contract=contract, ended_on__isnull=True).update(
        ended_on=terminated_on
    )
    ContractProduct.objects.filter(contract=contract, ended_on__isnull=True).update(
        ended_on=terminated_on
    )
    _audit(
        actor, "contract.terminated", contract, "contracts.Contract", ["terminated_on"], contract
    )
    return contract


@transaction.atomic
def contract_role_add(
    *, actor: Actor, contract: Contract, party: Party, role: str, started_on: dt.date
) -> ContractRole:
    if role not in ContractRoleKind.values:
        raise ValidationError({"role": [_("Unknown contract role.")]})
    if role == ContractRoleKind.HOLDER:
        # A new holder ends the previous holder's role on the same day.
        current = ContractRole.objects.filter(
            contract=contract, role=ContractRoleKind.HOLDER, ended_on__isnull=True
        )
        if current.filter(started_on__gt=started_on).exists():
            raise ValidationError(
                {"started_on": [_("A new holder cannot start before the current holder.")]}
            )
        current.update(ended_on=started_on)
    obj = ContractRole.objects.create(
        contract=contract, party=party, role=role, started_on=started_on
    )
    _audit(
        actor,
        "contract_role.added",
        obj,
        "contracts.ContractRole",
        ["party", "role", "started_on"],
        contract,
        {"role": role},
    )
    return obj


@transaction.atomic
def contract_role_end(*, actor: Actor, role: ContractRole, ended_on: dt.date) -> ContractRole:
    if ended_on < role.started_on:
        raise ValidationError({"ended_on": [_("The end date is before the start date.")]})
    role.ended_on = ended_on
    role.save(update_fields=["ended_on"])
    _audit(
        actor, "contract_role.ended", role, "contracts.ContractRole", ["ended_on"], role.contract
    )
    return role


@transaction.atomic
def contract_product_add(
    *, actor: Actor, contract: Contract, product: Product, started_on: dt.date
) -> ContractProduct:
    obj = ContractProduct.objects.create(contract=contract, product=product, started_on=started_on)
    _audit(
        actor,
        "contract_product.added",
        obj,
        "contracts.ContractProduct",
        ["product", "started_on"],
        contract,
    )
    return obj


@transaction.atomic
def connection_create(
    *,
    actor: Actor,
    contract: Contract,
    connection_number: str,
    street: str,
    postal_code: str,
    post_office: str,
    activated_on: dt.date | None = None,
) -> Connection:
    data: ConnectionData | None = None
    errors: dict[str, list[str]] = {}
    try:
        data = clean_connection(
            connection_number=connection_number,
            street=street,
            postal_code=postal_code,
            post_office=post_office,
        )
    except ValidationError as exc:
        errors = exc.message_dict
    if (
        "connection_number" not in errors
        and Connection.objects.filter(connection_number=connection_number.strip()).exists()
    ):
        errors["connection_number"] = [_("This connection number is already in use.")]
    if errors or data is None:
        raise ValidationError(errors)
    obj = Connection.objects.create(
        contract=contract,
        connection_number=data.connection_number,
        street=data.street,
        postal_code=data.postal_code,
        post_office=data.post_office,
        activated_on=activated_on,
        search_text=data.search_text,
    )
    _audit(
        actor,
        "connection.created",
        obj,
        "contracts.Connection",
        ["connection_number", "street", "postal_code", "post_office", "activated_on"],
        contract,
    )
    return obj


@transaction.atomic
def ip_assignment_create(
    *,
    actor: Actor,
    connection: Connection,
    address: str,
    assigned_from: dt.datetime,
    assigned_to: dt.datetime | None = None,
) -> IpAssignment:
    try:
        clean = str(ipaddress.ip_address(address.strip()))
    except ValueError as exc:
        raise ValidationError({"address": [_("Not a valid IP address.")]}) from exc
    if assigned_to is not None and assigned_to < assigned_from:
        raise ValidationError({"assigned_to": [_("The end time is before the start time.")]})
    obj = IpAssignment.objects.create(
        connection=connection, address=clean, assigned_from=assigned_from, assigned_to=assigned_to
    )
    _audit(
        actor,
        "ip_assignment.created",
        obj,
        "contracts.IpAssignment",
        ["address", "assigned_from", "assigned_to"],
        connection.contract,
    )
    return obj


@transaction.atomic
def ip_assignment_end(
    *, actor: Actor, assignment: IpAssignment, assigned_to: dt.datetime
) -> IpAssignment:
    if assigned_to < assignment.assigned_from:
        raise ValidationError({"assigned_to": [_("The end time is before the start time.")]})
    assignment.assigned_to = assigned_to
    assignment.save(update_fields=["assigned_to"])
    _audit(
        actor,
        "ip_assignment.ended",
        assignment,
        "contracts.IpAssignment",
        ["assigned_to"],
        assignment.connection.contract,
    )
    return assignment


@transaction.atomic
def equipment_create(
    *,
    actor: Actor,
    contract: Contract,
    kind: str,
    serial_number: str,
    delivered_on: dt.date | None = None,
) -> Equipment:
    if kind not in EquipmentKind.values:
        raise ValidationError({"kind": [_("Unknown equipment type.")]})
    serial_number = serial_number.strip()
    if not serial_number:
        raise ValidationError({"serial_number": [_("Serial number is required.")]})
    if len(serial_number) > 64:
        raise ValidationError({"serial_number": [_("Serial number is too long.")]})
    obj = Equipment.objects.create(
        contract=contract, kind=kind, serial_number=serial_number, delivered_on=delivered_on
    )
    _audit(
        actor,
        "equipment.created",
        obj,
        "contracts.Equipment",
        ["kind", "serial_number", "delivered_on"],
        contract,
    )
    return obj


@transaction.atomic
def equipment_return(*, actor: Actor, equipment: Equipment, returned_on: dt.date) -> Equipment:
    if equipment.delivered_on and returned_on < equipment.delivered_on:
        raise ValidationError({"returned_on": [_("Equipment cannot be returned before delivery.")]})
    equipment.returned_on = returned_on
    equipment.save(update_fields=["returned_on"])
    _audit(
        actor,
        "equipment.returned",
        equipment,
        "contracts.Equipment",
        ["returned_on"],
        equipment.contract,
    )
    return equipment


@transaction.atomic
def service_block_create(
    *,
    actor: Actor,
    contract: Contract,
    reason: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
) -> ServiceBlock:
    if reason not in BlockReason.values:
        raise ValidationError({"reason": [_("Choose the reason for the block.")]})
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": [_("The end time is before the start time.")]})
    obj = ServiceBlock.objects.create(
        contract=contract, reason=reason, starts_at=starts_at, ends_at=ends_at
    )
    _audit(
        actor,
        "service_block.created",
        obj,
        "contracts.ServiceBlock",
        ["reason", "starts_at", "ends_at"],
        contract,
        {"reason": reason},
    )
    return obj


@transaction.atomic
def service_block_end(*, actor: Actor, block: ServiceBlock, ends_at: dt.datetime) -> ServiceBlock:
    if ends_at < block.starts_at:
        raise ValidationError({"ends_at": [_("The end time is before the start time.")]})
    block.ends_at = ends_at
    block.save(update_fields=["ends_at"])
    _audit(
        actor, "service_block.ended", block, "contracts.ServiceBlock", ["ends_at"], block.contract
    )
    return block
