"""Organisation services, customer roles and organisation contact persons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.history.models import FieldChange
from kirjaamo.parties import services
from kirjaamo.parties.models import Customer, Organisation, OrganisationContact, Party, Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

NAME = "Kuituverkko Mäkinen Oy"


@pytest.fixture
def person(actor: Actor) -> Person:
    return services.person_create(
        actor=actor, first_names="Aino", last_name="Lahtinen", hetu="290200A100J"
    )


def test_it_creates_an_organisation_with_a_normalised_business_id(actor: Actor) -> None:
    before = AuditEvent.objects.count()
    org = services.organisation_create(
        actor=actor, name=f"  {NAME} ", business_id="FI20774740", association_number=" 123.456 "
    )
    org.refresh_from_db()
    assert org.name == NAME
    assert org.business_id == "2077474-0"
    assert org.association_number == "123.456"
    assert org.party.kind == "organisation"
    assert org.party.search_name == "kuituverkko makinen oy"
    assert AuditEvent.objects.count() == before + 1
    (event,) = events("organisation.created")
    assert event.entity == "parties.Organisation"
    assert event.entity_id == org.pk
    assert subject_ids(event) == [org.pk]
    assert set(event.fields) == {"name", "business_id", "association_number"}
    # The creation values are in the record; the history starts with the first change.
    assert not FieldChange.objects.filter(party_id=org.pk).exists()
    assert_audit_free_of(NAME, "2077474-0", "123.456")


def test_it_creates_an_organisation_without_business_id(actor: Actor) -> None:
    first = services.organisation_create(actor=actor, name="Kyläyhdistys ry", business_id="  ")
    second = services.organisation_create(actor=actor, name="Toinen ry", business_id=None)
    assert first.business_id is None
    assert second.business_id is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 301}, "name"),
        ({"business_id": "2077474-1"}, "business_id"),
        ({"business_id": "1000008-9"}, "business_id"),
        ({"association_number": "1" * 21}, "association_number"),
    ],
)
def test_it_rejects_invalid_organisation_data_per_field(
    actor: Actor, values: dict[str, str], field: str
) -> None:
    arguments: dict[str, str] = {"name": NAME, **values}
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=actor, **arguments)
    assert list(excinfo.value.message_dict) == [field]
    assert Party.objects.count() == 0


def test_YTUNNUS_is_unique(actor: Actor) -> None:
    services.organisation_create(actor=actor, name=NAME, business_id="2077474-0")
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=actor, name="Toinen Oy", business_id="FI20774740")
    assert list(excinfo.value.message_dict) == ["business_id"]
    other = services.organisation_create(actor=actor, name="Toinen Oy", business_id="0245974-7")
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(actor=actor, organisation=other, business_id="2077474-0")
    assert list(excinfo.value.message_dict) == ["business_id"]
    other.refresh_from_db()
    assert other.business_id == "0245974-7"


def test_organisation_update_records_history_and_one_audit_event(actor: Actor) -> None:
    org = services.organisation_create(actor=actor, name=NAME, business_id="2077474-0")
    FieldChange.objects.all().delete()
    before = AuditEvent.objects.count()
    services.organisation_update(actor=actor, organisation=org, name="Kuitu Oy")
    # Keeping its own business ID is not a clash.
    services.organisation_update(actor=actor, organisation=org, business_id="2077474-0")
    assert AuditEvent.objects.count() == before + 1
    org.refresh_from_db()
    assert org.name == "Kuitu Oy"
    assert org.party.search_name == "kuitu oy"
    assert list(FieldChange.objects.values_list("field", "old_value", "new_value")) == [
        ("name", NAME, "Kuitu Oy")
    ]
    (event,) = events("organisation.updated")
    assert event.fields == ["name"]
    assert_audit_free_of(NAME, "Kuitu Oy")


def test_organisation_update_can_remove_the_business_id(actor: Actor) -> None:
    org = services.organisation_create(actor=actor, name=NAME, business_id="2077474-0")
    services.organisation_update(actor=actor, organisation=org, business_id=None)
    org.refresh_from_db()
    assert org.business_id is None


def test_organisation_create_is_atomic(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.organisation_create(actor=actor, name=NAME, business_id="2077474-0")
    assert Party.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_it_creates_a_customer_role_audited_without_values(
    actor: Actor, person: Person, make_organisation: Callable[..., Organisation]
) -> None:
    partner = make_organisation(name="Kumppani Oy")
    before = AuditEvent.objects.count()
    customer = services.customer_create(
        actor=actor,
        party=person.party,
        customer_number=" A-1001 ",
        segment="consumer",
        started_on=dt.date(2020, 1, 1),
        partner=partner,
    )
    assert AuditEvent.objects.count() == before + 1
    customer.refresh_from_db()
    assert customer.customer_number == "A-1001"
    assert customer.partner == partner
    assert customer.started_on == dt.date(2020, 1, 1)
    assert customer.ended_on is None
    (event,) = events("customer.created")
    assert subject_ids(event) == [person.pk]
    assert set(event.fields) == {"customer_number", "segment", "started_on", "partner"}
    assert_audit_free_of("A-1001", "Aino", "Lahtinen")


def test_a_customer_role_starts_today_by_default(actor: Actor, person: Person) -> None:
    customer = services.customer_create(actor=actor, party=person.party, customer_number="A-1")
    assert customer.started_on == dt.date.today()  # noqa: DTZ011
    assert customer.segment == "consumer"


@pytest.mark.parametrize(
    ("number", "segment", "field"),
    [
        ("", "consumer", "customer_number"),
        ("   ", "consumer", "customer_number"),
        ("X" * 21, "consumer", "customer_number"),
        ("A-1", "vip", "segment"),
    ],
)
def test_it_rejects_invalid_customer_data(
    actor: Actor, person: Person, number: str, segment: str, field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.customer_create(
            actor=actor, party=person.party, customer_number=number, segment=segment
        )
    assert list(excinfo.value.message_dict) == [field]
    assert Customer.objects.count() == 0


def test_customer_numbers_are_unique(actor: Actor, person: Person) -> None:
    services.customer_create(actor=actor, party=person.party, customer_number="A-1")
    with pytest.raises(ValidationError) as excinfo:
        services.customer_create(actor=actor, party=person.party, customer_number="A-1")
    assert list(excinfo.value.message_dict) == ["customer_number"]


def test_a_customer_role_ends_but_not_before_it_started(actor: Actor, person: Person) -> None:
    customer = services.customer_create(
        actor=actor, party=person.party, customer_number="A-1", started_on=dt.date(2020, 5, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.customer_end(actor=actor, customer=customer, ended_on=dt.date(2020, 4, 30))
    assert list(excinfo.value.message_dict) == ["ended_on"]
    customer.refresh_from_db()
    assert customer.ended_on is None
    before = AuditEvent.objects.count()
    services.customer_end(actor=actor, customer=customer, ended_on=dt.date(2020, 5, 1))
    assert AuditEvent.objects.count() == before + 1
    customer.refresh_from_db()
    assert customer.ended_on == dt.date(2020, 5, 1)
    (event,) = events("customer.ended")
    assert event.fields == ["ended_on"]
    assert subject_ids(event) == [person.pk]


def test_one_person_is_a_customer_and_the_contact_of_two_organisations(
    actor: Actor, person: Person, make_organisation: Callable[..., Organisation]
) -> None:
    first = make_organisation(name="Ensimmäinen Oy", business_id="2077474-0")
    second = make_organisation(name="Toinen Oy", business_id="0245974-7")
    services.customer_create(actor=actor, party=person.party, customer_number="A-1")
    before = AuditEvent.objects.count()
    billing = services.organisation_contact_add(
        actor=actor,
        person=person,
        organisation=first,
        kind="billing",
        title="  Talous päällikkö ",
        started_on=dt.date(2024, 1, 1),
    )
    technical = services.organisation_contact_add(
        actor=actor, person=person, organisation=second, kind="technical"
    )
    assert AuditEvent.objects.count() == before + 2
    assert billing.title == "Talous päällikkö"
    assert technical.started_on == dt.date.today()  # noqa: DTZ011
    assert set(person.contact_roles.values_list("organisation_id", "kind")) == {
        (first.pk, "billing"),
        (second.pk, "technical"),
    }
    assert list(first.contacts.values_list("person_id", flat=True)) == [person.pk]
    assert person.party.customer_roles.count() == 1
    event = events("organisation_contact.added")[0]
    assert subject_ids(event) == sorted([person.pk, first.pk])
    assert event.entity_id == billing.pk
    history = FieldChange.objects.filter(
        party_id=person.pk, entity="parties.OrganisationContact", entity_id=billing.pk
    )
    assert dict(history.values_list("field", "new_value")) == {
        "organisation": str(first.pk),
        "kind": "billing",
        "title": "Talous päällikkö",
    }
    assert_audit_free_of("Talous päällikkö", "Aino", "Lahtinen", "290200A100J")


@pytest.mark.parametrize(
    ("kind", "title", "field"),
    [("ceo", "", "kind"), ("", "", "kind"), ("billing", "x" * 201, "title")],
)
def test_it_rejects_invalid_organisation_contacts(
    actor: Actor,
    person: Person,
    make_organisation: Callable[..., Organisation],
    kind: str,
    title: str,
    field: str,
) -> None:
    org = make_organisation()
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_contact_add(
            actor=actor, person=person, organisation=org, kind=kind, title=title
        )
    assert list(excinfo.value.message_dict) == [field]
    assert OrganisationContact.objects.count() == 0


def test_an_organisation_contact_ends_but_not_before_it_started(
    actor: Actor, person: Person, make_organisation: Callable[..., Organisation]
) -> None:
    org = make_organisation()
    contact = services.organisation_contact_add(
        actor=actor,
        person=person,
        organisation=org,
        kind="decision_maker",
        started_on=dt.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_contact_end(
            actor=actor, contact=contact, ended_on=dt.date(2024, 2, 29)
        )
    assert list(excinfo.value.message_dict) == ["ended_on"]
    contact.refresh_from_db()
    assert contact.ended_on is None
    before = AuditEvent.objects.count()
    services.organisation_contact_end(actor=actor, contact=contact, ended_on=dt.date(2024, 6, 1))
    assert AuditEvent.objects.count() == before + 1
    contact.refresh_from_db()
    assert contact.ended_on == dt.date(2024, 6, 1)
    event = events("organisation_contact.ended")[0]
    assert subject_ids(event) == sorted([person.pk, org.pk])
