"""audit_record / consultation_record: ids, field names and counts only, never free text."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Channel, EventKind
from kirjaamo.audit.models import AuditEvent, AuditSubject
from kirjaamo.audit.services import AuditValueError, audit_record, consultation_record
from kirjaamo.tests import subject_ids

pytestmark = pytest.mark.django_db

PERSONAL_VALUES = [
    "Matti Virtanen",
    "Virtanen, Matti",
    "040 1234567",
    "0401234567",
    "+358401234567",
    "a@b.fi",
    "matti.virtanen@example.fi",
    "131052-308T",
    "Mannerheimintie 5",
    "Asiakas soitti.",
]


@pytest.fixture
def staff(alice: User) -> Actor:
    return Actor(user=alice, channel=Channel.UI, purpose="customer_service")


def test_it_records_an_event_with_ids_field_names_and_counts(staff: Actor, alice: User) -> None:
    before = timezone.now()
    event = audit_record(
        actor=staff,
        kind=EventKind.WRITE,
        action="contact_point.updated",
        entity="parties.ContactPoint",
        entity_id=42,
        fields=["phone", "email", "phone"],
        detail={
            "kind": "phone",
            "count": 3,
            "ratio": 0.5,
            "dry_run": False,
            "party_ids": [1, 2],
            "kinds": ["name", "address"],
            "nothing": None,
            "empty": "",
        },
        party_ids=[7, 3, 7],
    )
    event.refresh_from_db()
    assert event.actor == alice
    assert event.actor_label == ""
    assert event.channel == "ui"
    assert event.kind == "write"
    assert event.purpose == "customer_service"
    assert (event.entity, event.entity_id) == ("parties.ContactPoint", 42)
    assert event.fields == ["email", "phone"]
    assert event.detail["count"] == 3
    assert event.detail["kinds"] == ["name", "address"]
    assert before <= event.occurred_at <= timezone.now()
    assert subject_ids(event) == [3, 7]


def test_a_system_actor_is_recorded_by_its_label(actor: Actor) -> None:
    event = audit_record(actor=actor, kind=EventKind.SECURITY, action="key.rotated")
    assert event.actor is None
    assert (event.actor_label, event.channel, event.purpose) == ("test", "system", "maintenance")
    assert subject_ids(event) == []


@pytest.mark.parametrize("value", PERSONAL_VALUES)
def test_it_refuses_free_text_in_detail_values(actor: Actor, value: str) -> None:
    with pytest.raises(AuditValueError) as excinfo:
        audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", detail={"note": value})
    assert value not in str(excinfo.value)
    with pytest.raises(AuditValueError):
        audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", detail={"names": [value]})
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("value", PERSONAL_VALUES)
def test_it_refuses_free_text_as_detail_key_field_action_or_entity(
    actor: Actor, value: str
) -> None:
    attempts = [
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", detail={value: 1}),
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", fields=[value]),
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action=value),
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", entity=value),
        lambda: consultation_record(actor=actor, action=value, party_ids=[1]),
    ]
    for attempt in attempts:
        with pytest.raises(AuditValueError) as excinfo:
            attempt()
        # The error may end up in a log: it must not repeat the value.
        assert value not in str(excinfo.value)
    assert AuditEvent.objects.count() == 0


def test_it_stores_a_full_sha256_file_digest_in_detail(actor: Actor) -> None:
    digest = "sha256:" + hashlib.sha256(b"customer_number;first_names\n").hexdigest()
    assert len(digest) > 64  # longer than any identifier the guard lets through
    event = audit_record(
        actor=actor, kind=EventKind.WRITE, action="import.persons", detail={"file": digest}
    )
    event.refresh_from_db()
    assert event.detail == {"file": digest}


@pytest.mark.parametrize(
    "value",
    [
        "sha256:" + "A" * 64,  # upper case
        "sha256:" + "a" * 63,  # too short
        "sha256:" + "a" * 65,  # too long
        "sha256:" + "a" * 64 + "\n",
        "sha256:" + "a" * 64 + " Matti Virtanen",
        "Matti Virtanen sha256:" + "a" * 64,
        "md5:" + "a" * 64,
        "a" * 64 + "0",
    ],
)
def test_only_the_exact_digest_shape_gets_past_the_guard(actor: Actor, value: str) -> None:
    with pytest.raises(AuditValueError):
        audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", detail={"file": value})
    digest = "sha256:" + "a" * 64
    attempts = [
        # A digest is a detail value only: not in lists, keys, fields or actions.
        lambda: audit_record(
            actor=actor, kind=EventKind.WRITE, action="x.y", detail={"files": [digest]}
        ),
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", fields=[digest]),
        lambda: audit_record(actor=actor, kind=EventKind.WRITE, action=digest),
    ]
    for attempt in attempts:
        with pytest.raises(AuditValueError):
            attempt()
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    "detail",
    [
        {"values": [1.5]},
        {"values": [True]},
        {"values": [None]},
        {"value": {"nested": 1}},
        {"value": b"bytes"},
        {"value": ("tuple",)},
    ],
)
def test_it_refuses_unsupported_detail_types(actor: Actor, detail: dict[str, object]) -> None:
    with pytest.raises(AuditValueError):
        audit_record(actor=actor, kind=EventKind.WRITE, action="x.y", detail=detail)


def test_consultation_record_writes_the_subjects(staff: Actor) -> None:
    event = consultation_record(
        actor=staff,
        action="search.results",
        party_ids=[5, 1, 5, 9],
        detail={"kinds": ["name", "phone"], "hits": 3, "truncated": False},
    )
    assert event.kind == "consultation"
    assert event.purpose == "customer_service"
    assert subject_ids(event) == [1, 5, 9]
    assert AuditSubject.objects.filter(party_id=5).count() == 1
    assert event.fields == []
    assert event.entity == ""


def test_a_consultation_without_subjects_is_still_recorded(staff: Actor) -> None:
    event = consultation_record(actor=staff, action="search.results", party_ids=[])
    assert subject_ids(event) == []
    assert AuditEvent.objects.filter(pk=event.pk).exists()
