"""Change history of personal values: diff() and history_record()."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Channel
from kirjaamo.history.models import FieldChange
from kirjaamo.history.services import Change, diff, history_record
from kirjaamo.parties.models import Person
from kirjaamo.parties.services import person_update


def test_diff_lists_only_changed_fields_in_name_order() -> None:
    changes = diff(
        entity="parties.Person",
        entity_id=7,
        old={"last_name": "Virtanen", "first_names": "Matti", "language": "fi"},
        new={"last_name": "Mäkinen", "first_names": "Matti", "language": "sv"},
    )
    assert changes == [
        Change("parties.Person", 7, "language", "fi", "sv"),
        Change("parties.Person", 7, "last_name", "Virtanen", "Mäkinen"),
    ]


def test_diff_treats_missing_and_none_as_empty() -> None:
    changes = diff(
        entity="parties.ContactPoint",
        entity_id=1,
        old={"phone": None, "email": "a@example.fi"},
        new={"phone": "", "street": "Katu 1"},
    )
    assert changes == [
        Change("parties.ContactPoint", 1, "email", "a@example.fi", ""),
        Change("parties.ContactPoint", 1, "street", "", "Katu 1"),
    ]


def test_diff_compares_values_as_text() -> None:
    assert (
        diff(entity="e.E", entity_id=1, old={"n": 1, "b": True}, new={"n": "1", "b": "True"}) == []
    )
    assert diff(entity="e.E", entity_id=1, old={"b": False}, new={"b": True}) == [
        Change("e.E", 1, "b", "False", "True")
    ]


@pytest.mark.django_db
def test_history_record_stores_rows_with_actor_and_channel(
    make_person: Callable[..., Person], alice: User
) -> None:
    person = make_person(with_contacts=False)
    FieldChange.objects.all().delete()
    staff = Actor(user=alice, channel=Channel.UI, purpose="customer_service")
    rows = history_record(
        actor=staff,
        party_id=person.pk,
        changes=[
            Change("parties.Person", person.pk, "last_name", "Virtanen", "Mäkinen"),
            Change("parties.Person", person.pk, "profession", "", "Opettaja"),
        ],
    )
    assert len(rows) == 2
    stored = list(
        FieldChange.objects.order_by("field").values_list(
            "party_id", "entity", "entity_id", "field", "old_value", "new_value", "actor_id"
        )
    )
    assert stored == [
        (person.pk, "parties.Person", person.pk, "last_name", "Virtanen", "Mäkinen", alice.pk),
        (person.pk, "parties.Person", person.pk, "profession", "", "Opettaja", alice.pk),
    ]
    assert {r.channel for r in FieldChange.objects.all()} == {"ui"}
    assert len({r.changed_at for r in FieldChange.objects.all()}) == 1


@pytest.mark.django_db
def test_history_goes_with_the_party(make_person: Callable[..., Person], actor: Actor) -> None:
    person = make_person(with_contacts=False)
    person_update(actor=actor, person=person, profession="Opettaja")
    assert FieldChange.objects.filter(party_id=person.pk).exists()
    person.party.delete()
    assert not FieldChange.objects.filter(party_id=person.pk).exists()


@pytest.mark.django_db
def test_history_record_with_no_changes_writes_nothing(
    make_person: Callable[..., Person], actor: Actor
) -> None:
    person = make_person(with_contacts=False)
    before = FieldChange.objects.count()
    assert history_record(actor=actor, party_id=person.pk, changes=[]) == []
    assert FieldChange.objects.count() == before
