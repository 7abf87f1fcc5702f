"""Contract services: contracts, roles, products, connections, IP addresses, equipment, blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.contracts import services
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
from kirjaamo.parties.models import Party, Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

OPENED = dt.date(2023, 1, 15)
T0 = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def holder(make_person: Callable[..., Person]) -> Party:
    return make_person(with_contacts=False, first_names="Matti", last_name="Virtanen").party


@pytest.fixture
def other(make_person: Callable[..., Person]) -> Party:
    return make_person(with_contacts=False, first_names="Liisa", last_name="Korhonen").party


@pytest.fixture
def product(actor: Actor) -> Product:
    return services.product_create(
        actor=actor, code="KUITU100", name="Kuitu 100M", kind="broadband"
    )


@pytest.fixture
def contract(actor: Actor, holder: Party, product: Product) -> Contract:
    return services.contract_create(
        actor=actor, number="S-1001", holder=holder, opened_on=OPENED, products=[product]
    )


@pytest.fixture
def connection(actor: Actor, contract: Contract) -> Connection:
    return services.connection_create(
        actor=actor,
        contract=contract,
        connection_number="L-5001",
        street="Mäkitie 3",
        postal_code="33100",
        post_office="Tampere",
    )


def roles(contract: Contract) -> list[tuple[int, str, dt.date, dt.date | None]]:
    return list(
        ContractRole.objects.filter(contract=contract)
        .order_by("id")
        .values_list("party_id", "role", "started_on", "ended_on")
    )


def test_it_creates_products(actor: Actor) -> None:
    product = services.product_create(
        actor=actor, code=" MOB5G ", name="Mobiili  5G", kind="mobile"
    )
    assert (product.code, product.name, product.kind, product.active) == (
        "MOB5G",
        "Mobiili 5G",
        "mobile",
        True,
    )
    (event,) = events("product.created")
    assert event.entity_id == product.pk
    assert subject_ids(event) == []


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"code": "", "name": "X", "kind": "tv"}, {"code"}),
        ({"code": "KUITU100", "name": "X", "kind": "tv"}, {"code"}),  # duplicate
        ({"code": "A" * 33, "name": "X", "kind": "tv"}, {"code"}),
        ({"code": "TV1", "name": "  ", "kind": "tv"}, {"name"}),
        ({"code": "TV1", "name": "N" * 201, "kind": "tv"}, {"name"}),
        ({"code": "TV1", "name": "TV", "kind": "radio"}, {"kind"}),
    ],
)
def test_it_rejects_invalid_products(
    actor: Actor, product: Product, values: dict[str, str], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(actor=actor, **values)
    assert set(excinfo.value.message_dict) == fields
    assert Product.objects.count() == 1


def test_it_creates_a_contract_with_holder_payer_user_and_products(
    actor: Actor, holder: Party, other: Party, product: Product
) -> None:
    tv = services.product_create(actor=actor, code="TV", name="TV-paketti", kind="tv")
    before = AuditEvent.objects.count()
    contract = services.contract_create(
        actor=actor,
        number=" S-2002 ",
        holder=holder,
        opened_on=OPENED,
        seller="Verkkokauppa",
        products=[product, tv],
        payer=other,
        user=other,
    )
    assert AuditEvent.objects.count() == before + 1
    assert contract.number == "S-2002"
    assert contract.seller == "Verkkokauppa"
    assert contract.terminated_on is None
    assert sorted((r[1], r[0]) for r in roles(contract)) == [
        ("holder", holder.pk),
        ("payer", other.pk),
        ("user", other.pk),
    ]
    assert all(r[2] == OPENED and r[3] is None for r in roles(contract))
    assert set(contract.products.values_list("product__code", flat=True)) == {"KUITU100", "TV"}
    (event,) = events("contract.created")
    assert event.detail == {"products": 2, "roles": 3}
    assert subject_ids(event) == sorted([holder.pk, other.pk])
    assert_audit_free_of("S-2002", "Verkkokauppa", "Matti", "Virtanen", "Korhonen")


@pytest.mark.parametrize(
    ("number", "seller", "field"),
    [
        ("", "", "number"),
        ("  ", "", "number"),
        ("S" * 33, "", "number"),
        ("S-9", "x" * 201, "seller"),
    ],
)
def test_it_rejects_invalid_contracts(
    actor: Actor, holder: Party, number: str, seller: str, field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.contract_create(
            actor=actor, number=number, holder=holder, opened_on=OPENED, seller=seller
        )
    assert list(excinfo.value.message_dict) == [field]
    assert Contract.objects.count() == 0


def test_contract_numbers_are_unique(actor: Actor, contract: Contract, holder: Party) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.contract_create(actor=actor, number="S-1001", holder=holder, opened_on=OPENED)
    assert list(excinfo.value.message_dict) == ["number"]


def test_a_new_holder_ends_the_previous_holder(
    actor: Actor, contract: Contract, holder: Party, other: Party
) -> None:
    change = dt.date(2024, 6, 1)
    before = AuditEvent.objects.count()
    services.contract_role_add(
        actor=actor, contract=contract, party=other, role="holder", started_on=change
    )
    assert AuditEvent.objects.count() == before + 1
    assert roles(contract) == [
        (holder.pk, "holder", OPENED, change),
        (other.pk, "holder", change, None),
    ]
    (event,) = events("contract_role.added")
    assert event.detail == {"role": "holder"}
    assert subject_ids(event) == sorted([holder.pk, other.pk])


def test_a_new_holder_cannot_start_before_the_current_holder(
    actor: Actor, contract: Contract, holder: Party, other: Party
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.contract_role_add(
            actor=actor,
            contract=contract,
            party=other,
            role="holder",
            started_on=OPENED - dt.timedelta(days=1),
        )
    assert list(excinfo.value.message_dict) == ["started_on"]
    assert roles(contract) == [(holder.pk, "holder", OPENED, None)]


def test_payer_and_user_roles_do_not_end_the_holder(
    actor: Actor, contract: Contract, holder: Party, other: Party
) -> None:
    services.contract_role_add(
        actor=actor, contract=contract, party=other, role="payer", started_on=OPENED
    )
    assert roles(contract) == [
        (holder.pk, "holder", OPENED, None),
        (other.pk, "payer", OPENED, None),
    ]


def test_it_rejects_an_unknown_contract_role(
    actor: Actor, contract: Contract, other: Party
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.contract_role_add(
            actor=actor, contract=contract, party=other, role="owner", started_on=OPENED
        )
    assert list(excinfo.value.message_dict) == ["role"]


def test_a_role_ends_but_not_before_it_started(
    actor: Actor, contract: Contract, other: Party
) -> None:
    role = services.contract_role_add(
        actor=actor, contract=contract, party=other, role="user", started_on=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.contract_role_end(actor=actor, role=role, ended_on=dt.date(2023, 12, 31))
    assert list(excinfo.value.message_dict) == ["ended_on"]
    services.contract_role_end(actor=actor, role=role, ended_on=dt.date(2024, 2, 1))
    role.refresh_from_db()
    assert role.ended_on == dt.date(2024, 2, 1)
    assert events("contract_role.ended")[0].fields == ["ended_on"]


def test_terminate_ends_roles_and_products(
    actor: Actor, contract: Contract, holder: Party, other: Party, product: Product
) -> None:
    services.contract_role_add(
        actor=actor, contract=contract, party=other, role="payer", started_on=OPENED
    )
    ended_earlier = services.contract_product_add(
        actor=actor, contract=contract, product=product, started_on=dt.date(2023, 2, 1)
    )
    ContractProduct.objects.filter(pk=ended_earlier.pk).update(ended_on=dt.date(2023, 3, 1))
    end = dt.date(2025, 12, 31)
    before = AuditEvent.objects.count()
    services.contract_terminate(actor=actor, contract=contract, terminated_on=end)
    assert AuditEvent.objects.count() == before + 1
    contract.refresh_from_db()
    assert contract.terminated_on == end
    assert {r[3] for r in roles(contract)} == {end}
    assert set(contract.products.values_list("ended_on", flat=True)) == {
        dt.date(2023, 3, 1),
        end,
    }
    (event,) = events("contract.terminated")
    assert subject_ids(event) == sorted([holder.pk, other.pk])


def test_a_contract_cannot_end_before_it_opened(actor: Actor, contract: Contract) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.contract_terminate(
            actor=actor, contract=contract, terminated_on=OPENED - dt.timedelta(days=1)
        )
    assert list(excinfo.value.message_dict) == ["terminated_on"]
    contract.refresh_from_db()
    assert contract.terminated_on is None
    assert set(ContractRole.objects.values_list("ended_on", flat=True)) == {None}


def test_it_creates_a_connection_with_folded_search_text(
    actor: Actor, contract: Contract, holder: Party
) -> None:
    before = AuditEvent.objects.count()
    conn = services.connection_create(
        actor=actor,
        contract=contract,
        connection_number=" L-7 ",
        street=" Mäkitie  3 ",
        postal_code="33 100",
        post_office="Tampere",
        activated_on=dt.date(2023, 2, 1),
    )
    assert AuditEvent.objects.count() == before + 1
    conn.refresh_from_db()
    assert (conn.connection_number, conn.street, conn.postal_code, conn.post_office) == (
        "L-7",
        "Mäkitie 3",
        "33100",
        "TAMPERE",
    )
    assert conn.search_text == "makitie 3 33100 tampere"
    (event,) = events("connection.created")
    assert subject_ids(event) == [holder.pk]
    assert_audit_free_of("Mäkitie 3", "L-7")


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"connection_number": ""}, {"connection_number"}),
        ({"connection_number": "L-5001"}, {"connection_number"}),  # duplicate
        ({"connection_number": "L" * 33}, {"connection_number"}),
        ({"street": " "}, {"street"}),
        ({"street": "S" * 201}, {"street"}),
        ({"postal_code": "3310"}, {"postal_code"}),
        ({"post_office": ""}, {"post_office"}),
        ({"post_office": "P" * 101}, {"post_office"}),
    ],
)
def test_it_rejects_invalid_connections(
    actor: Actor,
    contract: Contract,
    connection: Connection,
    values: dict[str, str],
    fields: set[str],
) -> None:
    arguments = {
        "connection_number": "L-9",
        "street": "Katu 1",
        "postal_code": "33100",
        "post_office": "Tampere",
        **values,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.connection_create(
            actor=actor,
            contract=contract,
            connection_number=arguments["connection_number"],
            street=arguments["street"],
            postal_code=arguments["postal_code"],
            post_office=arguments["post_office"],
        )
    assert set(excinfo.value.message_dict) == fields
    assert Connection.objects.count() == 1


@pytest.mark.parametrize(
    ("given", "stored"),
    [(" 192.0.2.10 ", "192.0.2.10"), ("2001:DB8:0:0::1", "2001:db8::1")],
)
def test_it_assigns_ip_addresses(
    actor: Actor, connection: Connection, holder: Party, given: str, stored: str
) -> None:
    ip = services.ip_assignment_create(
        actor=actor, connection=connection, address=given, assigned_from=T0
    )
    ip.refresh_from_db()
    assert ip.address == stored
    assert ip.assigned_to is None
    (event,) = events("ip_assignment.created")
    assert subject_ids(event) == [holder.pk]
    assert_audit_free_of(stored)
    services.ip_assignment_end(actor=actor, assignment=ip, assigned_to=T0 + dt.timedelta(days=30))
    ip.refresh_from_db()
    assert ip.assigned_to == T0 + dt.timedelta(days=30)


def test_it_rejects_invalid_ip_assignments(actor: Actor, connection: Connection) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.ip_assignment_create(
            actor=actor, connection=connection, address="192.0.2.300", assigned_from=T0
        )
    assert list(excinfo.value.message_dict) == ["address"]
    with pytest.raises(ValidationError) as excinfo:
        services.ip_assignment_create(
            actor=actor,
            connection=connection,
            address="192.0.2.1",
            assigned_from=T0,
            assigned_to=T0 - dt.timedelta(seconds=1),
        )
    assert list(excinfo.value.message_dict) == ["assigned_to"]
    ip = services.ip_assignment_create(
        actor=actor, connection=connection, address="192.0.2.1", assigned_from=T0
    )
    with pytest.raises(ValidationError) as excinfo:
        services.ip_assignment_end(
            actor=actor, assignment=ip, assigned_to=T0 - dt.timedelta(hours=1)
        )
    assert list(excinfo.value.message_dict) == ["assigned_to"]
    assert IpAssignment.objects.get().assigned_to is None


def test_equipment_is_delivered_and_returned(actor: Actor, contract: Contract) -> None:
    item = services.equipment_create(
        actor=actor,
        contract=contract,
        kind="router",
        serial_number=" SN-123 ",
        delivered_on=dt.date(2023, 1, 20),
    )
    assert item.serial_number == "SN-123"
    with pytest.raises(ValidationError) as excinfo:
        services.equipment_return(actor=actor, equipment=item, returned_on=dt.date(2023, 1, 19))
    assert list(excinfo.value.message_dict) == ["returned_on"]
    services.equipment_return(actor=actor, equipment=item, returned_on=dt.date(2024, 1, 1))
    item.refresh_from_db()
    assert item.returned_on == dt.date(2024, 1, 1)
    assert [e.action for e in events()][-2:] == ["equipment.created", "equipment.returned"]


@pytest.mark.parametrize(
    ("kind", "serial", "field"),
    [
        ("toaster", "SN-1", "kind"),
        ("router", "  ", "serial_number"),
        ("ont", "S" * 65, "serial_number"),
    ],
)
def test_it_rejects_invalid_equipment(
    actor: Actor, contract: Contract, kind: str, serial: str, field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.equipment_create(actor=actor, contract=contract, kind=kind, serial_number=serial)
    assert list(excinfo.value.message_dict) == [field]
    assert Equipment.objects.count() == 0


def test_service_blocks_start_and_end(actor: Actor, contract: Contract, holder: Party) -> None:
    block = services.service_block_create(
        actor=actor, contract=contract, reason="unpaid", starts_at=T0
    )
    (event,) = events("service_block.created")
    assert event.detail == {"reason": "unpaid"}
    assert subject_ids(event) == [holder.pk]
    with pytest.raises(ValidationError) as excinfo:
        services.service_block_end(actor=actor, block=block, ends_at=T0 - dt.timedelta(minutes=1))
    assert list(excinfo.value.message_dict) == ["ends_at"]
    services.service_block_end(actor=actor, block=block, ends_at=T0 + dt.timedelta(days=3))
    block.refresh_from_db()
    assert block.ends_at == T0 + dt.timedelta(days=3)


def test_it_rejects_invalid_service_blocks(actor: Actor, contract: Contract) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.service_block_create(actor=actor, contract=contract, reason="whim", starts_at=T0)
    assert list(excinfo.value.message_dict) == ["reason"]
    with pytest.raises(ValidationError) as excinfo:
        services.service_block_create(
            actor=actor,
            contract=contract,
            reason="misuse",
            starts_at=T0,
            ends_at=T0 - dt.timedelta(days=1),
        )
    assert list(excinfo.value.message_dict) == ["ends_at"]
    assert ServiceBlock.objects.count() == 0


def test_contract_create_is_atomic(
    actor: Actor, holder: Party, product: Product, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.contract_create(
            actor=actor, number="S-1", holder=holder, opened_on=OPENED, products=[product]
        )
    assert Contract.objects.count() == 0
    assert ContractRole.objects.count() == 0
    assert ContractProduct.objects.count() == 0


def test_product_update_changes_name_kind_and_active_audited(
    actor: Actor, product: Product
) -> None:
    updated = services.product_update(
        actor=actor, product=product, name=" Kuitu  1000M ", active=False
    )
    product.refresh_from_db()
    assert product == updated
    assert (product.code, product.name, product.kind, product.active) == (
        "KUITU100",
        "Kuitu 1000M",
        "broadband",
        False,
    )
    (event,) = events("product.updated")
    assert (event.entity, event.entity_id) == ("contracts.Product", product.pk)
    assert event.fields == ["active", "name"]
    assert subject_ids(event) == []
    services.product_update(actor=actor, product=product, kind="other")
    assert events("product.updated")[-1].fields == ["kind"]


def test_product_update_without_a_change_writes_no_event(actor: Actor, product: Product) -> None:
    services.product_update(actor=actor, product=product, name="Kuitu  100M", kind="broadband")
    services.product_update(actor=actor, product=product)
    assert events("product.updated") == []


@pytest.mark.parametrize(
    ("values", "fields"),
    [({"name": " "}, {"name"}), ({"name": "N" * 201}, {"name"}), ({"kind": "radio"}, {"kind"})],
)
def test_product_update_rejects_invalid_values(
    actor: Actor, product: Product, values: dict[str, str], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_update(
            actor=actor,
            product=product,
            name=values.get("name", product.name),
            kind=values.get("kind", product.kind),
        )
    assert set(excinfo.value.message_dict) == fields
    product.refresh_from_db()
    assert (product.name, product.kind) == ("Kuitu 100M", "broadband")
    assert events("product.updated") == []


def test_an_unknown_product_kind_lists_the_kinds(actor: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(actor=actor, code="R", name="Radio", kind="radio")
    (message,) = excinfo.value.message_dict["kind"]
    assert "broadband, mobile, fixed_phone, tv, hosting, other" in message


def test_the_seller_is_stored_with_single_spaces_like_other_names(
    actor: Actor, holder: Party
) -> None:
    contract = services.contract_create(
        actor=actor, number="S-3", holder=holder, opened_on=OPENED, seller="  Myyjä   Oy "
    )
    contract.refresh_from_db()
    assert contract.seller == "Myyjä Oy"
