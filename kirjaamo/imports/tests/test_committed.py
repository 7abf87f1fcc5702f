"""A whole first import committed for real, as `kirjaamo import` runs it from the command line.

The other tests run inside the test's transaction. Here each import is its own transaction, so
on PostgreSQL the foreign keys are checked per statement (`SET CONSTRAINTS ALL IMMEDIATE` in
`kirjaamo.imports.services`) and the inserts must come parents first.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.audit.models import AuditEvent
from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.contracts.models import Connection, Contract, ContractProduct, ContractRole, Product
from kirjaamo.imports.services import import_file
from kirjaamo.imports.tests.files import PERSON_HEADER, person_rows, write_csv
from kirjaamo.parties.models import ContactPoint, Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_products_persons_contracts_and_invoices_in_separate_transactions(tmp_path) -> None:
    actor = Actor.cli(purpose=Purpose.IMPORT)
    people = person_rows(30, seed=31)
    first, second = people[0][0], people[1][0]
    files = {
        "products": write_csv(
            tmp_path / "p.csv", ["code", "name", "kind"], [["KUITU", "Kuitu", "broadband"]]
        ),
        "persons": write_csv(tmp_path / "a.csv", PERSON_HEADER, people),
        "contracts": write_csv(
            tmp_path / "c.csv",
            [
                "contract_number",
                "customer_number",
                "payer_customer_number",
                "opened_on",
                "products",
                "connection_number",
                "connection_street",
                "connection_postal_code",
                "connection_city",
            ],
            [["S-1", first, second, "1.3.2024", "KUITU", "L-1", "Kuitukuja 2", "00100", "Espoo"]],
        ),
        "invoices": write_csv(
            tmp_path / "i.csv",
            [
                "invoice_number",
                "customer_number",
                "contract_number",
                "issued_on",
                "due_on",
                "amount",
                "status",
                "collection_agency",
                "collection_handed_over_on",
            ],
            [
                [
                    "I-1",
                    second,
                    "S-1",
                    "1.2.2026",
                    "15.2.2026",
                    "49,90",
                    "in_collection",
                    "Perintä Oy",
                    "1.4.2026",
                ]
            ],
        ),
    }
    for kind, path in files.items():
        with CaptureQueriesContext(connection) as queries:
            result = import_file(actor=actor, kind=kind, path=path)
        assert result.written, (kind, result.problems)
        immediate = [q for q in queries.captured_queries if "SET CONSTRAINTS" in q["sql"]]
        assert len(immediate) == (1 if connection.vendor == "postgresql" else 0)
    assert Product.objects.count() == 1
    assert Person.objects.count() == 30 and ContactPoint.objects.count() == 90
    contract = Contract.objects.get()
    assert ContractRole.objects.filter(contract=contract).count() == 2
    assert ContractProduct.objects.filter(contract=contract).count() == 1
    assert Connection.objects.filter(contract=contract).count() == 1
    assert CollectionCase.objects.get().invoice == Invoice.objects.get()
    assert AuditEvent.objects.filter(action__startswith="import.").count() == 4
    again = import_file(actor=actor, kind="persons", path=files["persons"])
    assert (again.created, again.unchanged) == (0, 30)
