"""Person services: validation, HETU at rest, change history, audit and atomicity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Channel
from kirjaamo.audit.models import AuditEvent
from kirjaamo.history.models import FieldChange
from kirjaamo.lib.synthetic import hetu_for
from kirjaamo.parties import services
from kirjaamo.parties.models import Party, Person
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

HETU = "131052-308T"  # LEGAL.md §4.1 worked example
FIRST, LAST = "Matti Juhani", "Virtanen"


def create(actor: Actor, **overrides: object) -> Person:
    values: dict[str, object] = {"first_names": FIRST, "last_name": LAST, "hetu": HETU}
    values.update(overrides)
    return services.person_create(actor=actor, **values)  # type: ignore[arg-type]


def field_errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def history(person: Person) -> dict[str, tuple[str, str]]:
    return {
        c.field: (c.old_value, c.new_value)
        for c in FieldChange.objects.filter(party_id=person.pk).order_by("id")
    }


def test_it_creates_a_person_with_derived_birth_date(actor: Actor) -> None:
    person = create(actor, language="sv", profession="  Sähkö  asentaja ")
    person.refresh_from_db()
    assert person.first_names == FIRST
    assert person.last_name == LAST
    assert person.birth_date == dt.date(1952, 10, 13)
    assert person.language == "sv"
    assert person.profession == "Sähkö asentaja"
    assert person.hetu_temporary is False
    assert person_hetu(person) == HETU
    assert person.hetu_masked == "131052-****"
    assert person.party.kind == "person"
    assert person.party.search_name == "matti juhani virtanen"


def test_it_collapses_whitespace_in_names(actor: Actor) -> None:
    person = create(actor, first_names="  Matti   Juhani ", last_name=" Virtanen\t")
    assert (person.first_names, person.last_name) == ("Matti Juhani", "Virtanen")


def test_it_creates_a_person_without_hetu(actor: Actor) -> None:
    person = create(actor, hetu=None, birth_date=dt.date(1980, 1, 2))
    person.refresh_from_db()
    assert person.hetu_encrypted is None
    assert person.hetu_index is None
    assert person.hetu_masked == ""
    assert person.birth_date == dt.date(1980, 1, 2)


def test_it_accepts_names_at_the_maximum_length(actor: Actor) -> None:
    person = create(actor, hetu=None, first_names="A" * 200, last_name="B" * 200)
    person.refresh_from_db()
    assert len(person.first_names) == 200
    assert len(person.last_name) == 200


def test_hetu_is_encrypted_at_rest(actor: Actor) -> None:
    person = create(actor)
    with connection.cursor() as cursor:
        for table, key in (("parties_person", "party_id"), ("parties_party", "id")):
            cursor.execute(f"SELECT * FROM {table} WHERE {key} = %s", [person.pk])
            row = cursor.fetchone()
            assert row is not None
            for value in row:
                raw = bytes(value) if isinstance(value, memoryview | bytes) else str(value)
                for secret in (HETU, "131052308", "308T"):
                    needle = secret.encode() if isinstance(raw, bytes) else secret
                    assert needle not in raw  # type: ignore[operator]
    assert person.hetu_index == services.hetu_index_of(HETU)


def test_HETU_century_sign_is_kept_exactly(actor: Actor) -> None:
    person = create(actor, hetu="010594Y9032", hetu_temporary=True)
    person.refresh_from_db()
    assert person_hetu(person) == "010594Y9032"
    assert person.hetu_masked == "010594Y****"
    assert person.birth_date == dt.date(1994, 5, 1)
    assert person.hetu_temporary is True


def test_HETU_century_sign_distinguishes_people(actor: Actor) -> None:
    dash = create(actor, hetu="100190-999P", hetu_temporary=True)
    y = create(actor, hetu="100190Y999P", hetu_temporary=True, first_names="Maija")
    assert dash.hetu_index != y.hetu_index
    assert person_hetu(dash) == "100190-999P"
    assert person_hetu(y) == "100190Y999P"


def test_it_refuses_a_second_person_with_the_same_hetu(actor: Actor) -> None:
    create(actor)
    with pytest.raises(ValidationError) as excinfo:
        create(actor, hetu=" 131052-308t ", first_names="Maija")
    assert list(field_errors(excinfo)) == ["hetu"]
    assert Person.objects.count() == 1


def test_it_reports_a_concurrent_duplicate_hetu_as_a_field_error(
    actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blind-index unique constraint is the last line: if the pre-check misses a
    concurrent insert, the user still gets a field error and nothing is half-written."""
    create(actor)
    parties = Party.objects.count()
    monkeypatch.setattr(
        services, "_ensure_hetu_free", lambda hetu, except_party=None: services.hetu_index_of(hetu)
    )
    with pytest.raises(ValidationError) as excinfo:
        create(actor, first_names="Maija")
    assert list(field_errors(excinfo)) == ["hetu"]
    assert Party.objects.count() == parties


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_names": "  "}, "first_names"),
        ({"first_names": "A" * 201}, "first_names"),
        ({"last_name": ""}, "last_name"),
        ({"last_name": "B" * 201}, "last_name"),
        ({"profession": "x" * 201}, "profession"),
        ({"language": "de"}, "language"),
        ({"hetu": "131052-308U"}, "hetu"),
        ({"hetu": "010190-999K"}, "hetu"),  # the telp.fi trap
        ({"hetu": "100190-999P"}, "hetu"),  # temporary but not marked as such
        ({"hetu": None, "hetu_temporary": True}, "hetu_temporary"),
        ({"hetu_temporary": True}, "hetu_temporary"),  # 308 is not a temporary number
        ({"birth_date": dt.date(1952, 10, 14)}, "birth_date"),
        ({"hetu": None, "birth_date": dt.date(2999, 1, 1)}, "birth_date"),
    ],
)
def test_it_rejects_invalid_person_data_per_field(
    actor: Actor, overrides: dict[str, object], field: str
) -> None:
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(actor, **overrides)
    errors = field_errors(excinfo)
    assert list(errors) == [field]
    for value in overrides.values():
        if isinstance(value, str) and value.strip():
            assert value not in str(errors)
    assert Party.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_it_reports_every_invalid_field_at_once(actor: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create(actor, first_names="", last_name="", hetu="131052-308U", language="xx")
    assert set(field_errors(excinfo)) == {"first_names", "last_name", "hetu", "language"}


def test_a_given_birth_date_that_matches_the_hetu_is_accepted(actor: Actor) -> None:
    person = create(actor, birth_date=dt.date(1952, 10, 13))
    assert person.birth_date == dt.date(1952, 10, 13)


def test_person_create_writes_one_audit_event_without_values(actor: Actor) -> None:
    before = AuditEvent.objects.count()
    person = create(actor, profession="Putkiasentaja")
    assert AuditEvent.objects.count() == before + 1
    (event,) = events("person.created")
    assert event.kind == "write"
    assert event.entity == "parties.Person"
    assert event.entity_id == person.pk
    assert subject_ids(event) == [person.pk]
    assert set(event.fields) == {
        "first_names",
        "last_name",
        "hetu",
        "hetu_temporary",
        "birth_date",
        "language",
        "profession",
    }
    assert event.purpose == actor.purpose
    assert event.channel == "system"
    assert_audit_free_of(FIRST, LAST, HETU, "131052-****", "Putkiasentaja", "1952-10-13")


def test_person_create_copies_no_values_into_the_history(actor: Actor) -> None:
    # Data minimisation: the record holds the creation values; history starts at the first change.
    person = create(actor)
    assert history(person) == {}
    (event,) = events("person.created")
    assert {"first_names", "last_name", "hetu", "birth_date"} <= set(event.fields)


def test_the_first_change_keeps_the_creation_value_as_old_value(actor: Actor) -> None:
    person = create(actor)
    services.person_update(actor=actor, person=person, last_name="Mäkinen")
    assert history(person) == {"last_name": (LAST, "Mäkinen")}
    for row in FieldChange.objects.filter(party_id=person.pk):
        assert HETU not in row.old_value + row.new_value
        assert row.entity == "parties.Person"
        assert row.entity_id == person.pk
        assert row.channel == "system"


def test_person_update_changes_fields_records_history_and_one_audit_event(
    actor: Actor, alice: User
) -> None:
    person = create(actor)
    FieldChange.objects.all().delete()
    staff = Actor(user=alice, channel=Channel.UI, purpose="customer_service")
    before = AuditEvent.objects.count()
    services.person_update(
        actor=staff, person=person, last_name="Mäkinen", profession="Opettaja", language="en"
    )
    assert AuditEvent.objects.count() == before + 1
    person.refresh_from_db()
    assert (person.last_name, person.profession, person.language) == ("Mäkinen", "Opettaja", "en")
    assert person.party.search_name == "matti juhani makinen"
    assert history(person) == {
        "language": ("fi", "en"),
        "last_name": (LAST, "Mäkinen"),
        "profession": ("", "Opettaja"),
    }
    assert set(FieldChange.objects.values_list("actor_id", flat=True)) == {alice.pk}
    (event,) = events("person.updated")
    assert event.fields == ["language", "last_name", "profession"]
    assert event.actor_id == alice.pk
    assert event.channel == "ui"
    assert subject_ids(event) == [person.pk]
    assert_audit_free_of(FIRST, LAST, "Mäkinen", "Opettaja", HETU)


def test_person_update_without_changes_writes_nothing(actor: Actor) -> None:
    person = create(actor)
    before = (AuditEvent.objects.count(), FieldChange.objects.count())
    services.person_update(actor=actor, person=person, first_names=" Matti  Juhani ")
    services.person_update(actor=actor, person=person)
    assert (AuditEvent.objects.count(), FieldChange.objects.count()) == before


def test_person_update_of_hetu_re_derives_birth_date_and_masks_history(actor: Actor) -> None:
    person = create(actor)
    FieldChange.objects.all().delete()
    services.person_update(actor=actor, person=person, hetu="290200A100J")
    person.refresh_from_db()
    assert person_hetu(person) == "290200A100J"
    assert person.hetu_index == services.hetu_index_of("290200A100J")
    assert person.birth_date == dt.date(2000, 2, 29)
    changes = history(person)
    assert changes["hetu"] == ("131052-****", "290200A****")
    assert changes["birth_date"] == ("1952-10-13", "2000-02-29")
    assert_audit_free_of(HETU, "290200A100J", "290200A****")


def test_person_update_of_hetu_with_the_same_birth_date_part_is_still_recorded(
    actor: Actor,
) -> None:
    person = create(actor, hetu=hetu_for(dt.date(1952, 10, 13), 400))
    FieldChange.objects.all().delete()
    new = hetu_for(dt.date(1952, 10, 13), 402)
    services.person_update(actor=actor, person=person, hetu=new)
    person.refresh_from_db()
    assert person_hetu(person) == new
    assert history(person) == {"hetu": ("****", "****")}
    (event,) = events("person.updated")
    assert event.fields == ["hetu"]


def test_person_update_can_remove_the_hetu(actor: Actor) -> None:
    person = create(actor)
    services.person_update(actor=actor, person=person, hetu=None)
    person.refresh_from_db()
    assert person.hetu_encrypted is None
    assert person.hetu_index is None
    assert history(person)["hetu"] == ("131052-****", "")
    # Removing the code keeps the birth date it gave.
    assert person.birth_date == dt.date(1952, 10, 13)
    # The code is free again for another person.
    other = create(actor, first_names="Maija")
    assert person_hetu(other) == HETU


def test_person_update_refuses_a_hetu_already_used_by_another_person(actor: Actor) -> None:
    create(actor)
    other = create(actor, hetu="290200A100J", first_names="Maija")
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(actor=actor, person=other, hetu=HETU)
    assert list(field_errors(excinfo)) == ["hetu"]
    other.refresh_from_db()
    assert person_hetu(other) == "290200A100J"


def test_person_update_refuses_a_birth_date_that_contradicts_the_hetu(actor: Actor) -> None:
    person = create(actor)
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(actor=actor, person=person, birth_date=dt.date(1960, 1, 1))
    assert list(field_errors(excinfo)) == ["birth_date"]
    person.refresh_from_db()
    assert person.birth_date == dt.date(1952, 10, 13)


def test_temporary_code_rules_on_update(actor: Actor) -> None:
    person = create(actor, hetu="100190-999P", hetu_temporary=True)
    # Clearing the flag while the code is still temporary is refused.
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(actor=actor, person=person, hetu_temporary=False)
    assert list(field_errors(excinfo)) == ["hetu"]
    # Replacing the temporary code with the permanent one (and clearing the flag) works.
    services.person_update(actor=actor, person=person, hetu=HETU, hetu_temporary=False)
    person.refresh_from_db()
    assert person.hetu_temporary is False
    assert person_hetu(person) == HETU


def test_person_create_is_atomic(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    audit_before = AuditEvent.objects.count()

    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure after the insert")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        create(actor)
    assert Party.objects.count() == 0
    assert Person.objects.count() == 0
    assert FieldChange.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_person_update_is_atomic(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    person = create(actor)
    history_before = FieldChange.objects.count()
    audit_before = AuditEvent.objects.count()

    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure after the update")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.person_update(actor=actor, person=person, last_name="Mäkinen", hetu="290200A100J")
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.last_name == LAST
    assert person_hetu(fresh) == HETU
    assert fresh.party.search_name == "matti juhani virtanen"
    assert FieldChange.objects.count() == history_before
    assert AuditEvent.objects.count() == audit_before
