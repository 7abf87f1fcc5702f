"""Contact point services: per-kind validation, source and obtained time, history, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.history.models import FieldChange
from kirjaamo.parties import services
from kirjaamo.parties.models import ContactPoint, Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

STREET = "Mannerheimintie 5 B 12"
EMAIL = "matti.virtanen@example.fi"
PHONE = "040 123 4567"


@pytest.fixture
def person(actor: Actor) -> Person:
    return services.person_create(
        actor=actor, first_names="Matti", last_name="Virtanen", hetu="131052-308T"
    )


def add(actor: Actor, person: Person, kind: str, **values: object) -> ContactPoint:
    return services.contact_point_create(
        actor=actor,
        party=person.party,
        kind=kind,
        **values,  # type: ignore[arg-type]
    )


def test_it_adds_a_postal_address_with_folded_search_text(actor: Actor, person: Person) -> None:
    cp = add(
        actor,
        person,
        "address",
        street=f"  {STREET} ",
        postal_code="00 100",
        post_office=" Helsinki ",
        source="population_register",
    )
    cp.refresh_from_db()
    assert (cp.street, cp.postal_code, cp.post_office, cp.country) == (
        STREET,
        "00100",
        "HELSINKI",
        "FI",
    )
    assert (cp.phone, cp.email) == ("", "")
    assert cp.source == "population_register"
    assert cp.search_text == "mannerheimintie 5 b 12 00100 helsinki"


def test_it_adds_a_foreign_address(actor: Actor, person: Person) -> None:
    cp = add(
        actor,
        person,
        "address",
        street="Drottninggatan 1",
        postal_code="111 51",
        post_office="Stockholm",
        country="se",
    )
    assert (cp.country, cp.postal_code) == ("SE", "111 51")


def test_it_adds_a_phone_in_e164(actor: Actor, person: Person) -> None:
    cp = add(actor, person, "phone", phone=PHONE, use="work")
    cp.refresh_from_db()
    assert cp.phone == "+358401234567"
    assert cp.use == "work"
    assert cp.search_text == ""
    assert (cp.street, cp.email) == ("", "")


def test_it_adds_an_email_with_a_case_folded_search_text(actor: Actor, person: Person) -> None:
    cp = add(actor, person, "email", email=" Matti.Virtanen@Example.FI ")
    cp.refresh_from_db()
    assert cp.email == "Matti.Virtanen@example.fi"
    assert cp.search_text == EMAIL


def test_source_defaults_to_the_data_subject_and_obtained_to_now(
    actor: Actor, person: Person
) -> None:
    before = timezone.now()
    cp = add(actor, person, "email", email=EMAIL)
    assert cp.source == "data_subject"
    assert before <= cp.obtained_at <= timezone.now()


def test_given_source_and_obtained_time_are_kept(actor: Actor, person: Person) -> None:
    obtained = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
    cp = add(actor, person, "phone", phone=PHONE, source="credit_bureau", obtained_at=obtained)
    cp.refresh_from_db()
    assert cp.source == "credit_bureau"
    assert cp.obtained_at == obtained


@pytest.mark.parametrize(
    ("kind", "values", "fields"),
    [
        ("address", {"street": "", "postal_code": "00100", "post_office": "X"}, {"street"}),
        ("address", {"street": "x" * 201, "postal_code": "00100", "post_office": "X"}, {"street"}),
        ("address", {"street": STREET, "postal_code": "1234", "post_office": "X"}, {"postal_code"}),
        ("address", {"street": STREET, "postal_code": "", "post_office": "X"}, {"postal_code"}),
        ("address", {"street": STREET, "postal_code": "00100", "post_office": ""}, {"post_office"}),
        (
            "address",
            {"street": STREET, "postal_code": "00100", "post_office": "X" * 101},
            {"post_office"},
        ),
        (
            "address",
            {"street": STREET, "postal_code": "00100", "post_office": "X", "country": "FIN"},
            {"country"},
        ),
        (
            "address",
            {"street": STREET, "postal_code": "1" * 17, "post_office": "X", "country": "DE"},
            {"postal_code"},
        ),
        ("address", {}, {"street", "postal_code", "post_office"}),
        ("phone", {"phone": "123"}, {"phone"}),
        ("phone", {"phone": ""}, {"phone"}),
        ("email", {"email": "matti@"}, {"email"}),
        ("email", {"email": "a" * 250 + "@example.fi"}, {"email"}),
        ("fax", {"phone": PHONE}, {"kind"}),
        ("email", {"email": EMAIL, "source": "rumour"}, {"source"}),
        ("email", {"email": EMAIL, "use": "holiday"}, {"use"}),
    ],
)
def test_it_rejects_invalid_contact_points_per_field(
    actor: Actor, person: Person, kind: str, values: dict[str, str], fields: set[str]
) -> None:
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        add(actor, person, kind, **values)
    errors = excinfo.value.message_dict
    assert set(errors) == fields
    for value in values.values():
        if len(value) > 3:
            assert value not in str(errors)
    assert ContactPoint.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_contact_point_create_records_history_and_one_audit_event_without_values(
    actor: Actor, person: Person
) -> None:
    FieldChange.objects.all().delete()
    before = AuditEvent.objects.count()
    cp = add(actor, person, "address", street=STREET, postal_code="00100", post_office="Helsinki")
    add(actor, person, "phone", phone=PHONE)
    add(actor, person, "email", email=EMAIL)
    assert AuditEvent.objects.count() == before + 3
    event = events("contact_point.created")[0]
    assert event.entity == "parties.ContactPoint"
    assert event.entity_id == cp.pk
    assert event.detail == {"kind": "address"}
    assert subject_ids(event) == [person.pk]
    assert set(event.fields) == {"street", "postal_code", "post_office", "country", "use", "source"}
    history = dict(
        FieldChange.objects.filter(entity_id=cp.pk, entity="parties.ContactPoint").values_list(
            "field", "new_value"
        )
    )
    assert history["street"] == STREET
    assert history["postal_code"] == "00100"
    assert_audit_free_of(STREET, EMAIL, PHONE, "+358401234567", "Matti", "Virtanen", "131052-308T")


def test_contact_point_update_changes_value_renews_obtained_and_keeps_source(
    actor: Actor, person: Person
) -> None:
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cp = add(actor, person, "email", email=EMAIL, source="partner", obtained_at=long_ago)
    FieldChange.objects.all().delete()
    before = AuditEvent.objects.count()
    services.contact_point_update(actor=actor, contact_point=cp, email="Uusi.Osoite@Example.fi")
    assert AuditEvent.objects.count() == before + 1
    cp.refresh_from_db()
    assert cp.email == "Uusi.Osoite@example.fi"
    assert cp.search_text == "uusi.osoite@example.fi"
    assert cp.source == "partner"
    assert cp.obtained_at > long_ago
    assert list(FieldChange.objects.values_list("field", "old_value", "new_value")) == [
        ("email", EMAIL, "Uusi.Osoite@example.fi")
    ]
    (event,) = events("contact_point.updated")
    assert event.fields == ["email"]
    assert subject_ids(event) == [person.pk]
    assert_audit_free_of(EMAIL, "Uusi.Osoite@example.fi")


def test_contact_point_update_with_a_new_source(actor: Actor, person: Person) -> None:
    cp = add(actor, person, "phone", phone=PHONE)
    obtained = dt.datetime(2025, 2, 3, 4, 5, tzinfo=dt.UTC)
    services.contact_point_update(
        actor=actor,
        contact_point=cp,
        phone="+358 50 765 4321",
        source="installer",
        obtained_at=obtained,
    )
    cp.refresh_from_db()
    assert (cp.phone, cp.source, cp.obtained_at) == ("+358507654321", "installer", obtained)


def test_contact_point_update_of_an_address_refolds_search_text(
    actor: Actor, person: Person
) -> None:
    cp = add(actor, person, "address", street=STREET, postal_code="00100", post_office="Helsinki")
    services.contact_point_update(
        actor=actor, contact_point=cp, street="Åkerlundinkatu 3", post_office="Tampere"
    )
    cp.refresh_from_db()
    assert cp.search_text == "akerlundinkatu 3 00100 tampere"


def test_contact_point_update_without_changes_writes_nothing(actor: Actor, person: Person) -> None:
    cp = add(actor, person, "phone", phone=PHONE)
    obtained = cp.obtained_at
    before = (AuditEvent.objects.count(), FieldChange.objects.count())
    services.contact_point_update(actor=actor, contact_point=cp, phone="+358401234567")
    assert (AuditEvent.objects.count(), FieldChange.objects.count()) == before
    cp.refresh_from_db()
    assert cp.obtained_at == obtained


def test_contact_point_update_rejects_invalid_values_and_keeps_the_old_one(
    actor: Actor, person: Person
) -> None:
    cp = add(actor, person, "email", email=EMAIL)
    with pytest.raises(ValidationError) as excinfo:
        services.contact_point_update(actor=actor, contact_point=cp, email="not an address")
    assert list(excinfo.value.message_dict) == ["email"]
    cp.refresh_from_db()
    assert cp.email == EMAIL


def test_contact_point_delete_records_the_old_values_in_history_only(
    actor: Actor, person: Person
) -> None:
    cp = add(actor, person, "phone", phone=PHONE)
    pk = cp.pk
    FieldChange.objects.all().delete()
    before = AuditEvent.objects.count()
    services.contact_point_delete(actor=actor, contact_point=cp)
    assert AuditEvent.objects.count() == before + 1
    assert not ContactPoint.objects.filter(pk=pk).exists()
    assert list(FieldChange.objects.values_list("field", "old_value", "new_value")) == [
        ("phone", "+358401234567", "")
    ]
    (event,) = events("contact_point.deleted")
    assert event.entity_id == pk
    assert event.fields == ["phone"]
    assert event.detail == {"kind": "phone"}
    assert subject_ids(event) == [person.pk]
    assert_audit_free_of(PHONE, "+358401234567")


def test_contact_point_create_is_atomic(
    actor: Actor, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_before = FieldChange.objects.count()
    audit_before = AuditEvent.objects.count()

    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure after the insert")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        add(actor, person, "email", email=EMAIL)
    assert ContactPoint.objects.count() == 0
    assert FieldChange.objects.count() == history_before
    assert AuditEvent.objects.count() == audit_before


def test_contact_point_delete_is_atomic(
    actor: Actor, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    cp = add(actor, person, "email", email=EMAIL)
    history_before = FieldChange.objects.count()

    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.contact_point_delete(actor=actor, contact_point=cp)
    assert ContactPoint.objects.filter(pk=cp.pk).exists()
    assert FieldChange.objects.count() == history_before
