"""Logging in and out, the start page of staff without register access, the language switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kirjaamo.accounts.models import User
from kirjaamo.conftest import PASSWORD, login
from kirjaamo.tests import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["kirjaamo_language"] = "en"
    return client


def test_logging_in_leads_to_the_search_page(en: Client, alice: User) -> None:
    page = en.get(reverse("accounts:login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    response = en.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("search:home")
    assert en.get(reverse("search:home")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(en: Client, alice: User) -> None:
    response = en.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in en.session


def test_logging_out_needs_a_post(en: Client, alice: User) -> None:
    login(en, alice)
    assert en.get(reverse("accounts:logout")).status_code == 405
    response = en.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert en.get(reverse("search:home")).status_code == 302


def test_the_layout_has_landmarks_a_skip_link_and_the_user(en: Client, alice: User) -> None:
    login(en, alice)
    html = en.get(reverse("search:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html
    assert 'aria-current="page"' in html
    assert "alice" in html
    assert "htmx" in html  # django-htmx's bundled script
    assert reverse("accounts:logout") in html


@pytest.mark.parametrize("who", ["charlie", "ines", "mark", "adam"])
def test_staff_without_register_access_see_what_their_role_covers(
    en: Client, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    login(en, user)
    response = en.get(reverse("accounts:start"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "does not give access to the customer register" in html or "no role yet" in html
    assert reverse("search:home") + '"' not in html.split("<main", 1)[1].split("</main>")[0]
    assert "New person" not in html
    assert events("party.viewed") == []


def test_the_start_page_explains_each_role(en: Client, ines: User, adam: User) -> None:
    login(en, ines)
    assert "work orders" in en.get(reverse("accounts:start")).content.decode()
    login(en, adam)
    assert "kirjaamo staff" in en.get(reverse("accounts:start")).content.decode()


def test_register_staff_going_to_the_start_page_are_sent_to_search(en: Client, alice: User) -> None:
    login(en, alice)
    response = en.get(reverse("accounts:start"))
    assert response["Location"] == reverse("search:home")


def test_the_interface_is_finnish_by_default(client: Client, alice: User) -> None:
    login(client, alice)
    html = client.get(reverse("search:home")).content.decode()
    assert '<html lang="fi">' in html
    assert "Hae rekisteristä" in html
    assert "Kirjaudu ulos" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "Sök i registret"), ("en", "Search the register"), ("fi", "Hae rekisteristä")],
)
def test_the_language_switch_changes_the_interface(
    client: Client, alice: User, language: str, expected: str
) -> None:
    login(client, alice)
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("search:home")}
    )
    assert response.status_code == 302
    html = client.get(reverse("search:home")).content.decode()
    assert f'<html lang="{language}">' in html
    assert expected in html


def test_the_login_page_can_be_switched_to_swedish(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "sv", "next": reverse("accounts:login")})
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Logga in" in html


def test_the_ui_is_finnish_even_for_an_english_browser(db) -> None:
    # DESIGN.md principle 7: Finnish first; only the language switcher changes it.
    from django.test import Client

    browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    response = browser.get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "fi"
    assert 'lang="fi"' in response.content.decode()


def test_the_chosen_language_is_kept_in_a_cookie(db) -> None:
    from django.test import Client

    browser = Client(HTTP_ACCEPT_LANGUAGE="fi")
    browser.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    response = browser.get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "en"
