"""The DPO's audit page: gate, filters, bounded keyset pagination, htmx partial."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.audit.selectors import Cursor, audit_events
from kirjaamo.audit.services import consultation_record
from kirjaamo.conftest import login
from kirjaamo.parties import services
from kirjaamo.parties.models import Person

pytestmark = pytest.mark.django_db

URL = "/tietosuoja/loki/"


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["kirjaamo_language"] = "en"
    return client


@pytest.fixture
def person(actor: Actor) -> Person:
    return services.person_create(actor=actor, first_names="Eeva", last_name="Esimerkki")


def test_only_the_dpo_sees_the_audit_log(
    en: Client, alice: User, bob: User, charlie: User, adam: User, dora: User
) -> None:
    assert reverse("audit:log") == URL
    assert en.get(URL)["Location"].startswith(reverse("accounts:login"))
    for user in (alice, bob, charlie, adam):
        login(en, user)
        assert en.get(URL).status_code == 403
    login(en, dora)
    assert en.get(URL).status_code == 200


def test_the_dpo_follows_who_has_handled_a_person(
    en: Client, alice: User, bob: User, dora: User, person: Person, actor: Actor
) -> None:
    other = services.person_create(actor=actor, first_names="Olli", last_name="Muu")
    login(en, alice)
    en.get(reverse("parties:card", args=[person.pk]))
    login(en, bob)
    en.get(reverse("parties:card", args=[other.pk]))
    login(en, dora)
    response = en.get(URL, {"party": person.pk})
    rows = response.context["rows"]
    assert {row["event"].action for row in rows} == {"person.created", "party.viewed"}
    assert all(person.pk in row["subjects"] for row in rows)
    html = response.content.decode()
    assert "alice" in html
    assert "Customer service" in html
    assert "sections=" in html
    assert "Eeva" not in html and "Esimerkki" not in html


def test_the_filters_by_actor_action_kind_and_time_combine(
    en: Client, alice: User, bob: User, dora: User, person: Person
) -> None:
    login(en, alice)
    en.get(reverse("parties:card", args=[person.pk]))
    en.post("/", {"q": "esimerkki"}, HTTP_HX_REQUEST="true")
    login(en, bob)
    en.get(reverse("parties:card", args=[person.pk]))
    login(en, dora)
    by_alice = en.get(URL, {"actor": alice.pk}).context["rows"]
    assert {r["event"].action for r in by_alice} == {"party.viewed", "search.performed"}
    viewed = en.get(URL, {"action": "party."}).context["rows"]
    assert {r["event"].actor for r in viewed} == {alice, bob}
    consultations = en.get(URL, {"kind": "consultation", "actor": str(bob.pk)}).context["rows"]
    assert [r["event"].action for r in consultations] == ["party.viewed"]
    today = timezone.localdate()
    assert en.get(URL, {"since": str(today), "until": str(today)}).context["rows"]
    tomorrow = today + dt.timedelta(days=1)
    assert en.get(URL, {"since": str(tomorrow)}).context["rows"] == []


def test_a_reversed_time_range_is_an_error_next_to_the_field(en: Client, dora: User) -> None:
    login(en, dora)
    response = en.get(URL, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.context["form"].errors["until"] == ["The end date is before the start date."]
    assert response.context["rows"] == []


@pytest.mark.parametrize("by_party", [False, True])
def test_pages_continue_after_the_last_event_without_gaps_or_repeats(
    en: Client, dora: User, person: Person, by_party: bool
) -> None:
    actor = Actor.system(purpose="maintenance", label="test")
    other = services.person_create(actor=actor, first_names="Olli", last_name="Muu")
    for n in range(120):
        consultation_record(
            actor=actor, action="test.viewed", party_ids=[person.pk if n % 3 else other.pk]
        )
    login(en, dora)
    seen: list[int] = []
    url = URL + (f"?party={person.pk}" if by_party else "?action=test.")
    pages = 0
    while url:
        response = en.get(url)
        seen += [row["event"].pk for row in response.context["rows"]]
        url = URL + response.context["next_url"] if response.context["next_url"] else ""
        pages += 1
    if by_party:
        expected = list(
            AuditEvent.objects.filter(subjects__party_id=person.pk)
            .order_by("-id")
            .values_list("pk", flat=True)
        )
        assert len(expected) == 81  # 80 consultations + person.created
    else:
        expected = list(
            AuditEvent.objects.filter(action="test.viewed")
            .order_by("-occurred_at", "-id")
            .values_list("pk", flat=True)
        )
    assert seen == expected
    assert pages == (2 if by_party else 3)


def test_events_with_the_same_time_are_paged_by_id() -> None:
    when = timezone.now()
    actor = Actor.system(purpose="maintenance", label="test")
    for _n in range(5):
        consultation_record(actor=actor, action="tie.viewed", party_ids=[])
    AuditEvent.objects.filter(action="tie.viewed").update(occurred_at=when)
    first = audit_events(action="tie.", limit=2)
    assert first.next_cursor is not None
    second = audit_events(action="tie.", limit=2, after=first.next_cursor)
    third = audit_events(action="tie.", limit=2, after=second.next_cursor)
    ids = [e.pk for page in (first, second, third) for e in page.events]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == 5
    assert third.next_cursor is None


def test_a_cursor_round_trips_and_a_broken_one_is_ignored(en: Client, dora: User) -> None:
    cursor = Cursor(occurred_at=timezone.now(), event_id=42)
    decoded = Cursor.decode(cursor.encode())
    assert decoded == cursor
    assert Cursor.decode("garbage") is None
    login(en, dora)
    assert en.get(URL, {"after": "garbage"}).status_code == 200


def test_htmx_gets_only_the_results(en: Client, dora: User, person: Person) -> None:
    login(en, dora)
    html = en.get(URL, {"party": person.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert 'id="audit-results"' in html
