from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

import pytest
from django.core import serializers
from django.db import DatabaseError

from kirjaamo.audit.models import AuditEvent, AuditSubject
from kirjaamo.history.models import FieldChange
from kirjaamo.imports import bulk, services
from kirjaamo.imports.pipeline import ChunkProcessor
from kirjaamo.imports.reading import ImportFileError
from kirjaamo.imports.tests.files import PERSON_HEADER, person_rows, write_csv, write_xlsx
from kirjaamo.lib.synthetic import hetu_for, random_hetu
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import ContactPoint, Customer, Party, Person
from kirjaamo.parties.selectors import person_hetu

rng = random.Random(5)


def person(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "customer_number": "A1001",
        "first_names": "Aino Maria",
        "last_name": "Mäkelä",
        "hetu": "131052-308T",
        "language": "fi",
        "street": "Rantatie 5 B 7",
        "postal_code": "00100",
        "city": "Helsinki",
        "phone": "040 123 4567",
        "email": "aino.makela@example.fi",
    }
    row.update(values)
    return row


def csv_of(tmp_path, *rows: dict[str, object], name: str = "persons.csv", **options):
    header = list(dict.fromkeys(key for row in rows for key in row))
    body = [[row.get(column, "") for column in header] for row in rows]
    return write_csv(tmp_path / name, header, body, **options)


def problems(result) -> list[tuple[int | None, str]]:
    return [(p.row, p.column) for p in result.problems]


def test_it_imports_persons_with_contact_points_from_the_given_source(tmp_path, run) -> None:
    path = csv_of(
        tmp_path,
        person(),
        person(
            customer_number="A1002",
            hetu="",
            language="",
            street="",
            postal_code="",
            city="",
            phone="",
            email="",
            first_names="Ville",
            last_name="Ek",
        ),
    )
    before = dt.datetime.now(dt.UTC)
    result = run("persons", path, source="population_register")
    assert result.ok and result.written
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert result.contact_points_created == 3

    customer = Customer.objects.get(customer_number="A1001")
    aino = Person.objects.get(pk=customer.party_id)
    assert (aino.first_names, aino.last_name, aino.language) == ("Aino Maria", "Mäkelä", "fi")
    assert person_hetu(aino) == "131052-308T"
    assert aino.birth_date == dt.date(1952, 10, 13)
    assert customer.segment == "consumer"
    assert Party.objects.get(pk=aino.pk).search_name == "aino maria makela"
    points = {cp.kind: cp for cp in ContactPoint.objects.filter(party_id=aino.pk)}
    assert points["phone"].phone == "+358401234567"
    assert points["email"].email == "aino.makela@example.fi"
    assert (points["address"].street, points["address"].post_office) == (
        "Rantatie 5 B 7",
        "HELSINKI",
    )
    assert {cp.source for cp in points.values()} == {"population_register"}
    assert all(cp.obtained_at >= before for cp in points.values())

    ville = Person.objects.get(party__customer_roles__customer_number="A1002")
    assert ville.hetu_encrypted is None and ville.language == "fi"
    assert not ContactPoint.objects.filter(party_id=ville.pk).exists()


def test_the_import_records_the_same_change_history_as_the_services(tmp_path, run, actor) -> None:
    run("persons", csv_of(tmp_path, person(phone="", street="", postal_code="", city="")))
    imported = Person.objects.get()
    by_service = party_services.person_create(
        actor=actor, first_names="Aino Maria", last_name="Mäkelä", hetu="010101-0101"
    )

    def fields(party_id: int) -> set[tuple[str, str]]:
        return set(FieldChange.objects.filter(party_id=party_id).values_list("entity", "field"))

    # A new party's values are in its record, not copied into the history.
    assert fields(imported.pk) == fields(by_service.pk) == set()
    changed = person(last_name="Mäkinen", hetu="", phone="", street="", postal_code="", city="")
    changed["email"] = "aino.makinen@example.fi"
    run("persons", csv_of(tmp_path, changed, name="again.csv"))
    party_services.person_update(actor=actor, person=by_service, last_name="Mäkinen")
    party_services.contact_point_create(
        actor=actor, party=by_service.party, kind="email", email="aino.makinen@example.fi"
    )
    assert fields(imported.pk) == fields(by_service.pk) != set()
    last_name = FieldChange.objects.get(party_id=imported.pk, field="last_name")
    assert (last_name.old_value, last_name.new_value) == ("Mäkelä", "Mäkinen")
    assert last_name.channel == "cli" and last_name.actor_label.startswith("cli:")


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_bom_and_either_delimiter_import_the_same(tmp_path, run, delimiter) -> None:
    path = csv_of(tmp_path, person(city="Helsinki, keskusta"), delimiter=delimiter, bom=True)
    result = run("persons", path)
    assert result.ok, result.problems
    assert ContactPoint.objects.get(kind="address").post_office == "HELSINKI, KESKUSTA"


def test_it_imports_an_xlsx_with_numbers_typed_as_numbers(tmp_path, run) -> None:
    row = person(customer_number=1001, postal_code=33100)
    path = write_xlsx(tmp_path / "p.xlsx", list(row), [list(row.values())])
    result = run("persons", path)
    assert result.ok, result.problems
    assert Customer.objects.get().customer_number == "1001"
    assert ContactPoint.objects.get(kind="address").postal_code == "33100"


def test_an_xlsx_postal_code_that_lost_its_zeros_is_an_error_not_a_guess(tmp_path, run) -> None:
    row = person(postal_code=100, phone=401234567)
    path = write_xlsx(tmp_path / "p.xlsx", list(row), [list(row.values())])
    result = run("persons", path)
    assert problems(result) == [(2, "postal_code"), (2, "phone")]
    assert "00100" in result.problems[0].reason
    assert not Party.objects.exists()


def test_reimporting_the_same_file_creates_no_duplicates(tmp_path, run) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(30, seed=3))
    first = run("persons", path)
    assert first.created == 30
    counts = (
        Party.objects.count(),
        ContactPoint.objects.count(),
        Customer.objects.count(),
        FieldChange.objects.count(),
    )
    second = run("persons", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 30)
    assert second.contact_points_created == 0
    assert counts == (
        Party.objects.count(),
        ContactPoint.objects.count(),
        Customer.objects.count(),
        FieldChange.objects.count(),
    )


def test_a_matched_person_is_updated_with_history_and_new_contact_points_only(
    tmp_path, run
) -> None:
    run("persons", csv_of(tmp_path, person()))
    aino = Person.objects.get()
    changed = person(
        last_name="Mäkelä-Virta",
        hetu="",  # empty: keeps the code in the register
        language="sv",
        phone="+358 40 123 4567",  # the same number in another form
        email="AINO.MAKELA@EXAMPLE.FI",  # the same address in another case
        street="Uusikatu 1",
    )
    result = run("persons", csv_of(tmp_path, changed, name="changed.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.contact_points_created == 1
    aino.refresh_from_db()
    assert (aino.last_name, aino.language) == ("Mäkelä-Virta", "sv")
    assert person_hetu(aino) == "131052-308T"
    assert Party.objects.get(pk=aino.pk).search_name == "aino maria makela-virta"
    assert ContactPoint.objects.filter(party_id=aino.pk, kind="address").count() == 2
    assert ContactPoint.objects.filter(party_id=aino.pk).count() == 4
    last_name = FieldChange.objects.get(party_id=aino.pk, field="last_name", old_value="Mäkelä")
    assert last_name.new_value == "Mäkelä-Virta"
    assert FieldChange.objects.filter(party_id=aino.pk, field="language", new_value="sv").exists()


def test_a_changed_hetu_is_recorded_masked_in_the_history(tmp_path, run) -> None:
    run("persons", csv_of(tmp_path, person()))
    new_hetu = hetu_for(dt.date(1952, 10, 13), 310)  # same birth date, other person number
    result = run("persons", csv_of(tmp_path, person(hetu=new_hetu), name="b.csv"))
    assert result.updated == 1
    aino = Person.objects.get()
    assert person_hetu(aino) == new_hetu
    change = FieldChange.objects.get(party_id=aino.pk, field="hetu", old_value="****")
    assert change.new_value == "****"


def test_a_person_found_by_hetu_gets_the_new_customer_number(tmp_path, run, make_person) -> None:
    existing = make_person(hetu="131052-308T")
    result = run("persons", csv_of(tmp_path, person(customer_number="NEW-1")))
    assert (result.created, result.updated) == (0, 1)
    numbers = Customer.objects.filter(party_id=existing.pk).values_list(
        "customer_number", flat=True
    )
    assert "NEW-1" in numbers and len(numbers) == 2
    assert Party.objects.count() == 1


def test_it_refuses_a_row_whose_customer_number_and_hetu_are_two_persons(
    tmp_path, run, make_person
) -> None:
    holder = make_person(hetu=random_hetu(rng))
    make_person(hetu="131052-308T")
    number = Customer.objects.get(party_id=holder.pk).customer_number
    result = run("persons", csv_of(tmp_path, person(customer_number=number)))
    assert problems(result) == [(2, "hetu")]
    assert "two different persons" in result.problems[0].reason
    assert "131052" not in result.problems[0].reason


def test_it_refuses_a_customer_number_of_an_organisation(tmp_path, run, make_organisation, actor):
    org = make_organisation()
    party_services.customer_create(actor=actor, party=org.party, customer_number="ORG-1")
    result = run("persons", csv_of(tmp_path, person(customer_number="ORG-1")))
    assert problems(result) == [(2, "customer_number")]


def test_duplicates_inside_the_file_are_errors(tmp_path, run) -> None:
    path = csv_of(
        tmp_path,
        person(),
        person(hetu=hetu_for(dt.date(1980, 1, 1), 22), email="b@example.fi"),  # same number
        person(customer_number="A1003"),  # same HETU as row 2
    )
    result = run("persons", path)
    assert problems(result) == [(3, "customer_number"), (4, "hetu")]
    assert "row 2" in result.problems[0].reason
    assert not Party.objects.exists()


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"hetu": "131052-308U"}, "hetu", "Not a valid Finnish personal identity code"),
        ({"hetu": "100190-999P"}, "hetu", "temporary"),
        ({"hetu": "131052-308T", "hetu_temporary": "true"}, "hetu_temporary", "900–999"),
        ({"hetu_temporary": "perhaps"}, "hetu_temporary", "true or false"),
        ({"first_names": ""}, "first_names", "required"),
        ({"last_name": " "}, "last_name", "required"),
        ({"customer_number": ""}, "customer_number", "required"),
        ({"customer_number": "X" * 21}, "customer_number", "too long"),
        ({"language": "de"}, "language", "fi, sv or en"),
        ({"phone": "12"}, "phone", "phone"),
        ({"email": "aino@"}, "email", "e-mail"),
        ({"postal_code": "1000"}, "postal_code", "five digits"),
        ({"street": ""}, "street", "required"),
        ({"city": ""}, "city", "Post office is required"),
        ({"country": "Finland"}, "country", "two-letter"),
    ],
)
def test_each_invalid_value_is_reported_with_row_and_column(
    tmp_path, run, values, column, reason
) -> None:
    rows = [person(customer_number="OK-1", hetu="", email="ok@example.fi"), person(**values)]
    result = run("persons", csv_of(tmp_path, *rows))
    assert problems(result) == [(3, column)]
    assert reason in result.problems[0].reason
    assert not Party.objects.exists()


def test_a_temporary_hetu_is_accepted_when_marked(tmp_path, run) -> None:
    result = run("persons", csv_of(tmp_path, person(hetu="100190Y999P", hetu_temporary="kyllä")))
    assert result.ok, result.problems
    assert Person.objects.get().hetu_temporary is True


def test_reasons_never_repeat_the_value(tmp_path, run) -> None:
    bad = {"hetu": "131052-308U", "email": "aino@@example", "phone": "0401"}
    result = run("persons", csv_of(tmp_path, person(**bad)))
    assert result.problem_count == 3
    text = " ".join(p.reason for p in result.problems)
    assert all(value not in text for value in bad.values())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["customer_number", "first_names", "last_name", "postcode"], [(1, "postcode")]),
        (["customer_number", "first_names"], [(1, "last_name")]),
        (["customer_number", "first_names", "last_name", "last_name"], [(1, "last_name")]),
    ],
)
def test_unknown_missing_and_repeated_columns_are_named(tmp_path, run, header, expected) -> None:
    path = write_csv(tmp_path / "p.csv", header, [["A1", "Aino", "Mäkelä", "x"][: len(header)]])
    result = run("persons", path)
    assert problems(result) == expected
    assert result.rows == 0 and not Party.objects.exists()


def test_a_file_without_its_heading_row_does_not_echo_the_data(tmp_path, run) -> None:
    row = person()
    path = write_csv(tmp_path / "p.csv", [str(v) for v in row.values()], [])
    result = run("persons", path)
    assert {p.column for p in result.problems} <= {
        "",
        "customer_number",
        "first_names",
        "last_name",
    }
    text = " ".join(p.reason for p in result.problems)
    assert "131052" not in text and "Mäkelä" not in text and "example.fi" not in text


def test_a_value_outside_the_columns_is_an_error(tmp_path, run) -> None:
    path = tmp_path / "p.csv"
    path.write_text("customer_number;first_names;last_name\nA1;Aino;Mäkelä;extra\n", "utf-8")
    result = run("persons", path)
    assert problems(result) == [(2, "")]


def test_a_file_with_only_the_heading_row_is_an_error(tmp_path, run) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [])
    result = run("persons", path)
    assert problems(result) == [(None, "")]


def test_a_dry_run_validates_and_counts_but_writes_nothing(tmp_path, run) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(12, seed=4))
    result = run("persons", path, dry_run=True)
    assert result.ok and not result.written
    assert (result.rows, result.created) == (12, 12)
    assert result.audit_event_id is None
    assert not Party.objects.exists() and not AuditEvent.objects.exists()
    assert not FieldChange.objects.exists()


def test_an_error_late_in_the_file_undoes_the_chunks_already_written(
    tmp_path, run, monkeypatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    monkeypatch.setattr(services, "FIRST_CHUNK_ROWS", 3)
    rows = person_rows(10, seed=6)
    rows[8][3] = "131052-308U"  # bad HETU on row 10 of the file
    result = run("persons", write_csv(tmp_path / "p.csv", PERSON_HEADER, rows))
    assert problems(result) == [(10, "hetu")]
    assert result.created == 9  # what an import would have done
    assert not Party.objects.exists()
    assert not FieldChange.objects.exists() and not AuditEvent.objects.exists()


def test_a_database_error_midway_rolls_everything_back(tmp_path, run, monkeypatch) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    monkeypatch.setattr(services, "FIRST_CHUNK_ROWS", 3)
    calls = {"n": 0}
    original = bulk.Inserter.insert

    def failing(self, model, attnames, rows):
        calls["n"] += 1
        if calls["n"] == 8:  # in the third chunk
            raise DatabaseError("simulated failure")
        return original(self, model, attnames, rows)

    monkeypatch.setattr(bulk.Inserter, "insert", failing)
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(10, seed=8))
    with pytest.raises(DatabaseError):
        run("persons", path)
    assert not Party.objects.exists() and not ContactPoint.objects.exists()
    assert not FieldChange.objects.exists() and not AuditEvent.objects.exists()


def test_one_audit_event_with_counts_and_no_personal_values(tmp_path, run) -> None:
    rows = person_rows(8, seed=9)
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, rows)
    result = run("persons", path, source="credit_bureau")
    event = AuditEvent.objects.get()
    assert event.pk == result.audit_event_id
    assert (event.action, event.kind, event.channel, event.purpose) == (
        "import.persons",
        "write",
        "cli",
        "import",
    )
    assert event.detail["rows"] == 8 and event.detail["created"] == 8
    assert event.detail["updated"] == 0 and event.detail["unchanged"] == 0
    assert event.detail["contact_points_created"] == 24
    assert event.detail["source"] == "credit_bureau"
    # The whole digest, as `sha256sum FILE` prints it.
    assert event.detail["file_sha256"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert {"first_names", "hetu", "phone", "email", "customer_number"} <= set(event.fields)
    assert set(AuditSubject.objects.values_list("party_id", flat=True)) == set(
        Party.objects.values_list("pk", flat=True)
    )
    dumped = serializers.serialize("json", [event, *AuditSubject.objects.all()])
    dumped += json.dumps(event.detail, ensure_ascii=False)
    for row in rows:
        for value in row[1:4] + row[5:6] + row[8:]:  # names, HETU, street, phone, e-mail
            assert value not in dumped
        assert row[3][:6] not in dumped  # not even the birth-date part of the HETU


def test_the_reimport_audit_event_touches_only_changed_parties(tmp_path, run) -> None:
    rows = person_rows(5, seed=10)
    run("persons", write_csv(tmp_path / "a.csv", PERSON_HEADER, rows))
    rows[2][2] = "Uusinimi"
    result = run("persons", write_csv(tmp_path / "b.csv", PERSON_HEADER, rows))
    assert (result.updated, result.unchanged) == (1, 4)
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    changed = Customer.objects.get(customer_number=rows[2][0]).party_id
    assert list(event.subjects.values_list("party_id", flat=True)) == [changed]
    assert event.fields == ["last_name"]


def test_a_file_that_breaks_off_late_undoes_the_chunks_already_written(
    tmp_path, run, monkeypatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    monkeypatch.setattr(services, "FIRST_CHUNK_ROWS", 3)
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(9, seed=12))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('C9;"Aino;Mäkelä\n')  # an unclosed quote at the end
    with pytest.raises(ImportFileError, match="malformed"):
        run("persons", path)
    assert not Party.objects.exists() and not AuditEvent.objects.exists()


def test_imported_parties_never_reuse_the_id_of_a_deleted_party(tmp_path, run, make_person):
    # Audit events keep party ids after erasure; a reused id would point them at someone else.
    gone = make_person(with_contacts=False)
    gone_id = gone.pk
    Party.objects.filter(pk=gone_id).delete()
    run("persons", write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(3, seed=13)))
    assert min(Party.objects.values_list("pk", flat=True)) > gone_id


def test_the_first_chunk_is_smaller_so_that_writing_starts_early(tmp_path, run, monkeypatch):
    monkeypatch.setattr(services, "FIRST_CHUNK_ROWS", 2)
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    sizes: list[int] = []
    original = ChunkProcessor.submit

    def submit(self, chunk):
        sizes.append(len(chunk))
        return original(self, chunk)

    monkeypatch.setattr(ChunkProcessor, "submit", submit)
    result = run("persons", write_csv(tmp_path / "p.csv", PERSON_HEADER, person_rows(10, seed=4)))
    assert result.written and result.created == 10
    assert sizes == [2, 3, 3, 2]
