from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.models import AuditEvent
from kirjaamo.contracts.models import Connection, Contract, ContractProduct, ContractRole
from kirjaamo.contracts.services import connection_create, contract_create
from kirjaamo.imports.tests.files import CONTRACT_HEADER, INVOICE_HEADER, write_csv, write_xlsx
from kirjaamo.parties.models import Customer, Party


def contract(number: str, customer: str, **values: object) -> list[object]:
    row: dict[str, object] = {
        "contract_number": number,
        "customer_number": customer,
        "opened_on": "1.3.2024",
        "terminated_on": "",
        "seller": "Myyjä Oy",
        "products": "KUITU100|TV",
        "connection_number": f"L-{number}",
        "connection_street": "Kuitukuja 2",
        "connection_postal_code": "00100",
        "connection_city": "Helsinki",
    }
    row.update(values)
    return [row[c] for c in CONTRACT_HEADER]


NO_CONNECTION = {
    "connection_number": "",
    "connection_street": "",
    "connection_postal_code": "",
    "connection_city": "",
}


def problems(result) -> list[tuple[int | None, str]]:
    return [(p.row, p.column) for p in result.problems]


def test_it_imports_contracts_with_holder_products_and_connection(
    tmp_path, run, catalogue, customers
) -> None:
    rows = [
        contract("S-1", customers[0]),
        contract(
            "S-2",
            customers[1],
            products="MOBIILI",
            opened_on="2023-05-01",
            terminated_on="31.12.2025",
            **NO_CONNECTION,
        ),
    ]
    result = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, rows))
    assert result.ok, result.problems
    assert result.created == 2
    assert result.extra == {
        "products_added": 3,
        "connections_created": 1,
        "connections_updated": 0,
        "roles_added": 0,
    }
    first = Contract.objects.get(number="S-1")
    assert (first.opened_on, first.seller, first.terminated_on) == (
        dt.date(2024, 3, 1),
        "Myyjä Oy",
        None,
    )
    holder = ContractRole.objects.get(contract=first)
    assert holder.role == "holder"
    assert holder.party_id == Customer.objects.get(customer_number=customers[0]).party_id
    codes = set(
        ContractProduct.objects.filter(contract=first).values_list("product__code", flat=True)
    )
    assert codes == {"KUITU100", "TV"}
    connection = Connection.objects.get(contract=first)
    assert (connection.connection_number, connection.post_office) == ("L-S-1", "HELSINKI")
    assert connection.search_text == "kuitukuja 2 00100 helsinki"
    ended = Contract.objects.get(number="S-2")
    assert ended.terminated_on == dt.date(2025, 12, 31)
    assert ContractRole.objects.get(contract=ended).ended_on == dt.date(2025, 12, 31)
    event = AuditEvent.objects.get(action="import.contracts")
    assert event.detail["created"] == 2 and event.detail["products_added"] == 3
    assert sorted(event.subjects.values_list("party_id", flat=True)) == sorted(
        Customer.objects.filter(customer_number__in=customers[:2]).values_list(
            "party_id", flat=True
        )
    )


def test_contracts_import_from_xlsx_with_date_cells(tmp_path, run, catalogue, customers) -> None:
    row = contract(
        "S-1", customers[0], opened_on=dt.datetime(2024, 3, 1), connection_postal_code=33100
    )
    result = run("contracts", write_xlsx(tmp_path / "c.xlsx", CONTRACT_HEADER, [row]))
    assert result.ok, result.problems
    assert Contract.objects.get().opened_on == dt.date(2024, 3, 1)


def test_an_unknown_product_code_is_an_error_listing_the_catalogue(
    tmp_path, run, catalogue, customers
) -> None:
    rows = [contract("S-1", customers[0], products="KUITU100|KUITU999")]
    result = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, rows))
    assert problems(result) == [(2, "products")]
    assert "KUITU100, MOBIILI, TV" in result.problems[0].reason
    assert not Contract.objects.exists()


def test_reimport_is_idempotent_and_adds_what_is_new(tmp_path, run, catalogue, customers):
    path = write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [contract("S-1", customers[0])])
    run("contracts", path)
    again = run("contracts", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert ContractProduct.objects.count() == 2 and Connection.objects.count() == 1
    changed = contract(
        "S-1",
        customers[0],
        products="KUITU100|TV|MOBIILI",
        terminated_on="30.6.2026",
        connection_street="Kuitukuja 4",
    )
    result = run("contracts", write_csv(tmp_path / "d.csv", CONTRACT_HEADER, [changed]))
    assert (result.created, result.updated) == (0, 1)
    assert result.extra == {
        "products_added": 1,
        "connections_created": 0,
        "connections_updated": 1,
        "roles_added": 0,
    }
    contract_ = Contract.objects.get()
    assert contract_.terminated_on == dt.date(2026, 6, 30)
    assert ContractProduct.objects.filter(contract=contract_).count() == 3
    assert set(ContractProduct.objects.values_list("ended_on", flat=True)) == {dt.date(2026, 6, 30)}
    assert ContractRole.objects.get().ended_on == dt.date(2026, 6, 30)
    assert Connection.objects.get().street == "Kuitukuja 4"


def test_a_changed_termination_date_moves_the_end_of_roles_and_products(
    tmp_path, run, catalogue, customers
) -> None:
    first = [contract("S-1", customers[0], terminated_on="31.12.2025")]
    run("contracts", write_csv(tmp_path / "a.csv", CONTRACT_HEADER, first))
    earlier = [contract("S-1", customers[0], terminated_on="30.6.2025", seller="")]
    result = run("contracts", write_csv(tmp_path / "b.csv", CONTRACT_HEADER, earlier))
    assert result.updated == 1
    signed = Contract.objects.get()
    assert (signed.terminated_on, signed.seller) == (dt.date(2025, 6, 30), "Myyjä Oy")
    assert ContractRole.objects.get().ended_on == dt.date(2025, 6, 30)
    assert set(ContractProduct.objects.values_list("ended_on", flat=True)) == {dt.date(2025, 6, 30)}


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"customer_number": "NOBODY"}, "customer_number"),
        ({"opened_on": ""}, "opened_on"),
        ({"opened_on": "2024-02-30"}, "opened_on"),
        ({"terminated_on": "1.1.2020"}, "terminated_on"),
        ({"contract_number": ""}, "contract_number"),
        ({"contract_number": "X" * 33}, "contract_number"),
        ({"connection_postal_code": "123"}, "connection_postal_code"),
        ({"connection_street": ""}, "connection_street"),
        ({"connection_number": "", "connection_city": "Espoo"}, "connection_number"),
        ({"seller": "x" * 201}, "seller"),
    ],
)
def test_each_invalid_contract_value_is_reported(
    tmp_path, run, catalogue, customers, values, column
) -> None:
    rows = [contract("OK-1", customers[0]), contract("S-2", customers[0], **values)]
    result = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, rows))
    assert problems(result) == [(3, column)]
    assert not Contract.objects.exists()


def test_it_refuses_to_move_a_contract_or_a_connection(tmp_path, run, catalogue, customers):
    run(
        "contracts", write_csv(tmp_path / "a.csv", CONTRACT_HEADER, [contract("S-1", customers[0])])
    )
    rows = [
        contract("S-1", customers[1]),  # another holder
        contract("S-2", customers[1], connection_number="L-S-1"),  # S-1's connection
        contract("S-3", customers[1], connection_number="L-X"),
        contract("S-4", customers[1], connection_number="L-X"),  # twice in the file
        contract("S-3", customers[1], **NO_CONNECTION),  # contract twice in the file
    ]
    result = run("contracts", write_csv(tmp_path / "b.csv", CONTRACT_HEADER, rows))
    assert problems(result) == [
        (2, "customer_number"),
        (3, "connection_number"),
        (5, "connection_number"),
        (6, "contract_number"),
    ]
    assert Contract.objects.count() == 1


def test_the_catalogue_must_not_be_empty(tmp_path, run, customers) -> None:
    rows = [contract("S-1", customers[0])]
    result = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, rows))
    assert "catalogue is empty" in result.problems[0].reason


def invoice(number: str, customer: str, **values: object) -> list[object]:
    row: dict[str, object] = {
        "invoice_number": number,
        "customer_number": customer,
        "contract_number": "",
        "issued_on": "1.2.2026",
        "due_on": "15.2.2026",
        "amount": "49,90",
        "status": "open",
        "paid_on": "",
    }
    row.update(values)
    return [row[c] for c in INVOICE_HEADER]


def test_it_imports_invoices_in_cents_with_payer_and_contract(
    tmp_path, run, catalogue, customers
) -> None:
    from kirjaamo.billing.models import Invoice

    run(
        "contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [contract("S-1", customers[0])])
    )
    rows = [
        invoice("I-1", customers[0], contract_number="S-1", amount="1 234,50"),
        invoice("I-2", customers[1], amount="12.5", status="Paid", paid_on="2026-02-10"),
        invoice("I-3", customers[1], amount="-10,00", status="credited"),
        invoice("I-4", customers[1], status="in collection"),
    ]
    result = run("invoices", write_csv(tmp_path / "i.csv", INVOICE_HEADER, rows, delimiter=","))
    assert result.ok, result.problems
    assert result.created == 4
    first = Invoice.objects.get(number="I-1")
    assert first.contract is not None and first.contract.number == "S-1"
    assert (first.amount_cents, first.status) == (123450, "open")
    assert first.payer_id == Customer.objects.get(customer_number=customers[0]).party_id
    paid = Invoice.objects.get(number="I-2")
    assert (paid.amount_cents, paid.status, paid.paid_on) == (1250, "paid", dt.date(2026, 2, 10))
    assert Invoice.objects.get(number="I-3").amount_cents == -1000
    assert Invoice.objects.get(number="I-4").status == "in_collection"
    assert AuditEvent.objects.get(action="import.invoices").detail["created"] == 4


def test_invoice_reimport_is_idempotent_and_takes_a_new_status(tmp_path, run, customers) -> None:
    from kirjaamo.billing.models import Invoice

    path = write_csv(tmp_path / "i.csv", INVOICE_HEADER, [invoice("I-1", customers[0])])
    run("invoices", path)
    assert run("invoices", path).unchanged == 1
    paid = [invoice("I-1", customers[0], status="paid", paid_on="20.2.2026")]
    result = run("invoices", write_csv(tmp_path / "j.csv", INVOICE_HEADER, paid))
    assert result.updated == 1
    assert Invoice.objects.get().paid_on == dt.date(2026, 2, 20)
    other_payer = [invoice("I-1", customers[1], status="paid", paid_on="20.2.2026")]
    refused = run("invoices", write_csv(tmp_path / "k.csv", INVOICE_HEADER, other_payer))
    assert problems(refused) == [(2, "customer_number")]


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"amount": "12,345"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"status": "maksettu"}, "status"),
        ({"status": "paid"}, "paid_on"),
        ({"paid_on": "1.3.2026"}, "paid_on"),
        ({"due_on": "1.1.2026"}, "due_on"),
        ({"issued_on": ""}, "issued_on"),
        ({"invoice_number": ""}, "invoice_number"),
        ({"contract_number": "S-404"}, "contract_number"),
        ({"customer_number": "NOBODY"}, "customer_number"),
    ],
)
def test_each_invalid_invoice_value_is_reported(tmp_path, run, customers, values, column):
    rows = [invoice("OK-1", customers[0]), invoice("I-2", customers[0], **values)]
    result = run("invoices", write_csv(tmp_path / "i.csv", INVOICE_HEADER, rows))
    assert problems(result) == [(3, column)]


def test_an_invoice_number_twice_in_the_file_is_an_error(tmp_path, run, customers) -> None:
    rows = [invoice("I-1", customers[0]), invoice("I-1", customers[1])]
    result = run("invoices", write_csv(tmp_path / "i.csv", INVOICE_HEADER, rows))
    assert problems(result) == [(3, "invoice_number")]


ROLE_HEADER = [*CONTRACT_HEADER, "payer_customer_number", "user_customer_number"]


def with_roles(number: str, customer: str, payer: str = "", user: str = "", **values: object):
    return [*contract(number, customer, **values), payer, user]


def party_of(number: str) -> int:
    return Customer.objects.get(customer_number=number).party_id


def role_rows() -> list[tuple[str, int, str, dt.date, dt.date | None]]:
    return list(
        ContractRole.objects.order_by("contract__number", "role").values_list(
            "contract__number", "party_id", "role", "started_on", "ended_on"
        )
    )


def test_it_adds_the_payer_and_user_of_a_new_contract(tmp_path, run, catalogue, customers):
    rows = [
        with_roles(
            "S-1", customers[0], payer=customers[1], user=customers[2], terminated_on="31.12.2025"
        ),
        with_roles("S-2", customers[0], payer=customers[0]),  # the holder pays too
    ]
    result = run("contracts", write_csv(tmp_path / "c.csv", ROLE_HEADER, rows))
    assert result.ok, result.problems
    assert result.extra["roles_added"] == 3
    opened, ended = dt.date(2024, 3, 1), dt.date(2025, 12, 31)
    assert role_rows() == [
        ("S-1", party_of(customers[0]), "holder", opened, ended),
        ("S-1", party_of(customers[1]), "payer", opened, ended),
        ("S-1", party_of(customers[2]), "user", opened, ended),
        ("S-2", party_of(customers[0]), "holder", opened, None),
        ("S-2", party_of(customers[0]), "payer", opened, None),
    ]
    event = AuditEvent.objects.get(action="import.contracts")
    assert {"holder", "payer", "user"} <= set(event.fields)
    assert sorted(event.subjects.values_list("party_id", flat=True)) == sorted(
        party_of(n) for n in customers
    )


def test_reimporting_roles_does_not_duplicate_them(tmp_path, run, catalogue, customers) -> None:
    rows = [with_roles("S-1", customers[0], payer=customers[1], user=customers[2])]
    path = write_csv(tmp_path / "c.csv", ROLE_HEADER, rows)
    run("contracts", path)
    again = run("contracts", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert again.extra["roles_added"] == 0
    assert ContractRole.objects.count() == 3
    # An empty cell keeps the roles the register has.
    result = run(
        "contracts", write_csv(tmp_path / "d.csv", CONTRACT_HEADER, [contract("S-1", customers[0])])
    )
    assert result.unchanged == 1 and ContractRole.objects.count() == 3


def test_a_payer_and_user_are_added_to_a_contract_that_has_none(
    tmp_path, run, catalogue, customers
) -> None:
    first = [contract("S-1", customers[0], terminated_on="30.6.2026")]
    run("contracts", write_csv(tmp_path / "a.csv", CONTRACT_HEADER, first))
    rows = [
        with_roles("S-1", customers[0], payer=customers[1], user=customers[2], terminated_on="")
    ]
    result = run("contracts", write_csv(tmp_path / "b.csv", ROLE_HEADER, rows))
    assert (result.updated, result.extra["roles_added"]) == (1, 2)
    opened, ended = dt.date(2024, 3, 1), dt.date(2026, 6, 30)
    assert role_rows() == [
        ("S-1", party_of(customers[0]), "holder", opened, ended),
        ("S-1", party_of(customers[1]), "payer", opened, ended),
        ("S-1", party_of(customers[2]), "user", opened, ended),
    ]
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert {"payer", "user"} <= set(event.fields)
    assert party_of(customers[1]) in event.subjects.values_list("party_id", flat=True)


def test_a_contract_made_by_the_services_matches_its_payer(
    tmp_path, run, actor, catalogue, customers
) -> None:
    contract_create(
        actor=actor,
        number="S-1",
        holder=Party.objects.get(pk=party_of(customers[0])),
        payer=Party.objects.get(pk=party_of(customers[1])),
        opened_on=dt.date(2024, 3, 1),
        seller="Myyjä Oy",
        products=catalogue[::2],
    )
    row = with_roles("S-1", customers[0], payer=customers[1], **NO_CONNECTION)
    result = run("contracts", write_csv(tmp_path / "c.csv", ROLE_HEADER, [row]))
    assert (result.updated, result.unchanged) == (0, 1)


def test_it_refuses_to_change_the_payer_or_user_of_a_contract(
    tmp_path, run, catalogue, customers
) -> None:
    rows = [
        with_roles("S-1", customers[0], payer=customers[1], user=customers[1]),
        with_roles("S-2", customers[0], user=customers[2]),
    ]
    run("contracts", write_csv(tmp_path / "a.csv", ROLE_HEADER, rows))
    before = role_rows()
    changed = [
        with_roles("S-1", customers[0], payer=customers[2]),  # another payer
        with_roles("S-2", customers[0], payer=customers[1], user=customers[1]),  # another user
        with_roles("S-3", customers[0], payer="NOBODY"),
        with_roles("S-4", customers[0], user="X" * 21),
    ]
    result = run("contracts", write_csv(tmp_path / "b.csv", ROLE_HEADER, changed))
    assert problems(result) == [
        (2, "payer_customer_number"),
        (3, "user_customer_number"),
        (4, "payer_customer_number"),
        (5, "user_customer_number"),
    ]
    reasons = [p.reason for p in result.problems]
    assert "different payer" in reasons[0] and "different user" in reasons[1]
    assert "Import the customers first." in reasons[2]
    assert reasons[3] == "Customer number is too long."
    assert role_rows() == before and Contract.objects.count() == 2


CONNECTION_COLUMN = {
    "connection_number": "connection_number",
    "street": "connection_street",
    "postal_code": "connection_postal_code",
    "post_office": "connection_city",
}


@pytest.mark.parametrize(
    "values",
    [
        {"connection_number": "L" * 33},
        {"connection_street": "  "},
        {"connection_street": "S" * 201},
        {"connection_postal_code": "3310"},
        {"connection_city": ""},
        {"connection_city": "P" * 101},
        {"connection_street": "", "connection_city": "", "connection_postal_code": "x"},
    ],
)
def test_a_connection_is_held_to_the_rules_of_connection_create(
    tmp_path, run, actor, catalogue, customers, values
) -> None:
    result = run(
        "contracts",
        write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [contract("S-1", customers[0], **values)]),
    )
    given = dict(zip(CONTRACT_HEADER, contract("S-1", customers[0], **values), strict=True))
    signed = contract_create(
        actor=actor,
        number="S-9",
        holder=Party.objects.get(pk=party_of(customers[0])),
        opened_on=dt.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        connection_create(
            actor=actor,
            contract=signed,
            connection_number=str(given["connection_number"]),
            street=str(given["connection_street"]),
            postal_code=str(given["connection_postal_code"]),
            post_office=str(given["connection_city"]),
        )
    assert {(p.column, p.reason) for p in result.problems} == {
        (CONNECTION_COLUMN[field], message)
        for field, messages in excinfo.value.message_dict.items()
        for message in messages
    }


@pytest.mark.parametrize(
    "values",
    [{"contract_number": ""}, {"contract_number": "S" * 33}, {"seller": "x" * 201}],
)
def test_a_contract_is_held_to_the_rules_of_contract_create(
    tmp_path, run, actor, catalogue, customers, values
) -> None:
    row = contract("S-1", customers[0], **values)
    result = run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [row]))
    given = dict(zip(CONTRACT_HEADER, row, strict=True))
    with pytest.raises(ValidationError) as excinfo:
        contract_create(
            actor=actor,
            number=str(given["contract_number"]),
            seller=str(given["seller"]),
            holder=Party.objects.get(pk=party_of(customers[0])),
            opened_on=dt.date(2024, 3, 1),
        )
    column = {"number": "contract_number", "seller": "seller"}
    assert {(p.column, p.reason) for p in result.problems} == {
        (column[field], message)
        for field, messages in excinfo.value.message_dict.items()
        for message in messages
    }


def test_the_seller_and_connection_are_stored_as_the_services_store_them(
    tmp_path, run, catalogue, customers
) -> None:
    row = contract(
        "S-1",
        customers[0],
        seller="  Myyjä   Oy ",
        connection_street=" Kuitukuja  2 ",
        connection_postal_code="00 100",
        connection_city=" helsinki ",
    )
    assert run("contracts", write_csv(tmp_path / "c.csv", CONTRACT_HEADER, [row])).ok
    assert Contract.objects.get().seller == "Myyjä Oy"
    conn = Connection.objects.get()
    assert (conn.street, conn.postal_code, conn.post_office) == ("Kuitukuja 2", "00100", "HELSINKI")
