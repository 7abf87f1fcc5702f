"""The search page over HTTP: POST only, results while typing (htmx partial), one consultation
event per search with the hit ids and lookup kinds but never the query."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.conftest import login
from kirjaamo.parties import services
from kirjaamo.parties.models import Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

URL = "/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["kirjaamo_language"] = "en"
    return client


@pytest.fixture
def matti(actor: Actor) -> Person:
    person = services.person_create(
        actor=actor, first_names="Matti", last_name="Mäkelä", hetu="131052-308T"
    )
    services.customer_create(actor=actor, party=person.party, customer_number="C123456")
    services.contact_point_create(
        actor=actor, party=person.party, kind="phone", phone="+358401234567"
    )
    return person


def test_the_search_page_is_the_home_page(en: Client, alice: User) -> None:
    assert reverse("search:home") == URL
    login(en, alice)
    response = en.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html
    assert 'hx-post="/"' in html
    assert 'name="q"' in html
    assert events("search.performed") == []


def test_anonymous_users_are_sent_to_the_login_page(en: Client) -> None:
    for response in (en.get(URL), en.post(URL, {"q": "matti"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_without_register_access_land_on_the_start_page_and_cannot_search(
    en: Client, charlie: User, ines: User, mark: User, adam: User, matti: Person
) -> None:
    for user in (charlie, ines, mark, adam):
        login(en, user)
        response = en.get(URL)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:start")
        assert en.post(URL, {"q": "Mäkelä"}, headers=HTMX).status_code == 403
    assert events("search.performed") == []


@pytest.mark.parametrize("typed", ["040 123 4567", "+358401234567", "040-1234567", "0401234567"])
def test_it_finds_a_person_by_phone_in_any_common_form(
    en: Client, alice: User, matti: Person, typed: str
) -> None:
    login(en, alice)
    response = en.post(URL, {"q": typed}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # only the results partial
    assert 'id="search-results"' in html
    assert "Mäkelä, Matti" in html
    assert "131052-****" in html
    assert "131052-308T" not in html
    assert "C123456" in html
    assert reverse("parties:card", args=[matti.pk]) in html
    assert "phone" in html
    assert response["Cache-Control"] == "no-store"


def test_each_search_records_one_consultation_without_the_query(
    en: Client, alice: User, matti: Person
) -> None:
    login(en, alice)
    en.post(URL, {"q": "mäkelä"}, headers=HTMX)
    (event,) = events("search.performed")
    assert event.actor == alice
    assert event.kind == "consultation"
    assert event.channel == "ui"
    assert event.purpose == "customer_service"
    assert subject_ids(event) == [matti.pk]
    assert event.detail == {"kinds": ["name", "address"], "hits": 1}
    assert_audit_free_of("mäkelä", "Matti")


def test_a_search_without_hits_is_recorded_too(en: Client, bob: User, matti: Person) -> None:
    login(en, bob)
    html = en.post(URL, {"q": "Korhonen"}, headers=HTMX).content.decode()
    assert "No results." in html
    (event,) = events("search.performed")
    assert subject_ids(event) == []
    assert event.detail["hits"] == 0
    assert event.purpose == "billing"
    assert_audit_free_of("Korhonen")


def test_a_too_short_query_asks_for_more_and_searches_nothing(
    en: Client, alice: User, matti: Person
) -> None:
    login(en, alice)
    html = en.post(URL, {"q": "mä"}, headers=HTMX).content.decode()
    assert "Type at least 3 characters." in html
    assert events("search.performed") == []


def test_an_empty_query_shows_the_hint(en: Client, alice: User) -> None:
    login(en, alice)
    html = en.post(URL, {"q": "   "}, headers=HTMX).content.decode()
    assert "Results appear while you type." in html
    assert events("search.performed") == []


def test_a_too_long_query_is_refused_with_a_message(en: Client, alice: User) -> None:
    login(en, alice)
    html = en.post(URL, {"q": "x" * 201}, headers=HTMX).content.decode()
    assert "at most 200 characters" in html
    assert events("search.performed") == []


def test_it_shows_at_most_twenty_hits_and_asks_to_refine(
    en: Client, alice: User, make_person: Callable[..., Person], settings: object
) -> None:
    for _n in range(22):
        make_person(with_contacts=False, last_name="Heikkilä")
    login(en, alice)
    response = en.post(URL, {"q": "heikkila"}, headers=HTMX)
    html = response.content.decode()
    assert html.count('href="/asiakkaat/') == 20
    assert "There are more hits than shown. Refine your search" in html
    (event,) = events("search.performed")
    assert len(subject_ids(event)) == 20
    assert event.detail["hits"] == 20


def test_the_query_never_travels_in_the_url(en: Client, alice: User, matti: Person) -> None:
    login(en, alice)
    response = en.get(URL + "?q=Mäkelä")
    assert "Mäkelä, Matti" not in response.content.decode()
    assert events("search.performed") == []


def test_without_javascript_the_post_returns_the_whole_page_with_results(
    en: Client, alice: User, matti: Person
) -> None:
    login(en, alice)
    html = en.post(URL, {"q": "C123456"}).content.decode()
    assert "<html" in html
    assert "Mäkelä, Matti" in html
    assert 'value="C123456"' in html


def test_a_search_needs_the_csrf_token(alice: User, matti: Person) -> None:
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    login(strict, alice)
    assert strict.post(URL, {"q": "Mäkelä"}, headers=HTMX).status_code == 403
    assert events("search.performed") == []


def test_the_dpo_can_search_an_organisation_by_business_id(
    en: Client, dora: User, actor: Actor
) -> None:
    org = services.organisation_create(actor=actor, name="Esimerkki Oy", business_id="2077474-0")
    login(en, dora)
    html = en.post(URL, {"q": "2077474-0"}, headers=HTMX).content.decode()
    assert "Esimerkki Oy" in html
    assert "Organisation" in html
    (event,) = events("search.performed")
    assert subject_ids(event) == [org.pk]
    assert event.purpose == "data_protection"
