from __future__ import annotations

from kirjaamo.audit.models import AuditEvent
from kirjaamo.history.models import FieldChange
from kirjaamo.imports.tests.files import BUSINESS_IDS, ORGANISATION_HEADER, write_csv
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Party


def organisation(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "customer_number": "Y-1",
        "name": "Esimerkki Oy",
        "business_id": "2077474-0",
        "street": "Teollisuuskatu 3",
        "postal_code": "33100",
        "city": "Tampere",
        "phone": "03 123 4567",
        "email": "laskutus@esimerkki.example",
    }
    row.update(values)
    return row


def csv_of(tmp_path, *rows: dict[str, object], name: str = "orgs.csv"):
    header = list(dict.fromkeys(key for row in rows for key in row))
    body = [[row.get(column, "") for column in header] for row in rows]
    return write_csv(tmp_path / name, header, body, delimiter=",")


def test_it_imports_organisations_as_business_customers(tmp_path, run) -> None:
    rows = [
        organisation(),
        organisation(
            customer_number="Y-2",
            name="Kyläyhdistys ry",
            business_id="",
            association_number="123.456",
            phone="",
            email="",
        ),
    ]
    result = run("organisations", csv_of(tmp_path, *rows), source="ytj_prh")
    assert result.ok, result.problems
    assert (result.created, result.contact_points_created) == (2, 4)
    org = Organisation.objects.get(business_id="2077474-0")
    assert org.name == "Esimerkki Oy"
    assert Customer.objects.get(customer_number="Y-1").segment == "business"
    assert set(ContactPoint.objects.filter(party_id=org.pk).values_list("source", flat=True)) == {
        "ytj_prh"
    }
    association = Organisation.objects.get(name="Kyläyhdistys ry")
    assert association.business_id is None and association.association_number == "123.456"
    # A new party's values are in its record; its history starts with the first change.
    assert not FieldChange.objects.filter(party_id=org.pk).exists()
    event = AuditEvent.objects.get(action="import.organisations")
    assert event.detail["created"] == 2 and event.detail["source"] == "ytj_prh"


def test_reimport_is_idempotent_and_updates_a_changed_name(tmp_path, run) -> None:
    path = write_csv(
        tmp_path / "o.csv",
        ORGANISATION_HEADER,
        [
            [f"Y-{i}", f"Yritys {i} Oy", bid, "Katu 1", "00100", "Helsinki", "", ""]
            for i, bid in enumerate(BUSINESS_IDS)
        ],
    )
    assert run("organisations", path).created == len(BUSINESS_IDS)
    again = run("organisations", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(BUSINESS_IDS))
    renamed = csv_of(tmp_path, organisation(customer_number="Y-0", name="Uusi Nimi Oy"))
    result = run("organisations", renamed)
    assert (result.updated, result.contact_points_created) == (1, 3)  # other address, phone, mail
    org = Organisation.objects.get(business_id=BUSINESS_IDS[0])
    assert org.name == "Uusi Nimi Oy"
    assert Party.objects.get(pk=org.pk).search_name == "uusi nimi oy"
    change = FieldChange.objects.get(party_id=org.pk, field="name", old_value="Yritys 0 Oy")
    assert change.new_value == "Uusi Nimi Oy"
    assert Organisation.objects.count() == len(BUSINESS_IDS)


def test_an_organisation_found_by_business_id_gets_the_customer_number(tmp_path, run, actor):
    existing = party_services.organisation_create(
        actor=actor, name="Esimerkki Oy", business_id="2077474-0"
    )
    result = run(
        "organisations",
        csv_of(tmp_path, organisation(phone="", email="", street="", postal_code="", city="")),
    )
    assert (result.created, result.updated) == (0, 1)
    assert Customer.objects.get(customer_number="Y-1").party_id == existing.pk


def test_it_refuses_a_customer_number_and_business_id_of_two_organisations(
    tmp_path, run, actor
) -> None:
    first = party_services.organisation_create(actor=actor, name="A Oy", business_id="0245974-7")
    party_services.customer_create(actor=actor, party=first.party, customer_number="Y-1")
    party_services.organisation_create(actor=actor, name="B Oy", business_id="2077474-0")
    result = run("organisations", csv_of(tmp_path, organisation()))
    assert [(p.row, p.column) for p in result.problems] == [(2, "business_id")]


def test_it_refuses_a_customer_number_of_a_person(tmp_path, run, make_person) -> None:
    person = make_person()
    number = Customer.objects.get(party_id=person.pk).customer_number
    result = run("organisations", csv_of(tmp_path, organisation(customer_number=number)))
    assert [(p.row, p.column) for p in result.problems] == [(2, "customer_number")]


def test_invalid_and_repeated_business_ids_are_errors(tmp_path, run) -> None:
    rows = [
        organisation(),
        organisation(customer_number="Y-2", business_id="2077474-1"),
        organisation(customer_number="Y-3", business_id="FI20774740"),  # the same ID, VAT form
        organisation(customer_number="Y-4", name=""),
    ]
    result = run("organisations", csv_of(tmp_path, *rows))
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "business_id"),
        (4, "business_id"),
        (5, "name"),
    ]
    assert not Organisation.objects.exists()
