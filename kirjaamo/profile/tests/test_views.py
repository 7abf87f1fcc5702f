"""The public notice pages (anonymous, three languages, PDF) and the DPO's profile pages (gated)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.conftest import login
from kirjaamo.profile.models import ProfileVersion
from kirjaamo.profile.tests.factories import dump, minimal
from kirjaamo.profile.versions import profile_version_publish

PAGES = [
    ("/tietosuojaseloste/", "fi", "/tietosuojaseloste.pdf"),
    ("/dataskyddsbeskrivning/", "sv", "/dataskyddsbeskrivning.pdf"),
    ("/privacy-notice/", "en", "/privacy-notice.pdf"),
]


def publish(text: str, valid_from: dt.date) -> ProfileVersion:
    actor = Actor.system(purpose="data_protection", label="test")
    return profile_version_publish(actor=actor, yaml_text=text, valid_from=valid_from).version


@pytest.mark.parametrize(("url", "lang", "pdf"), PAGES)
def test_the_public_notice_is_served_to_anonymous_visitors(
    client: Client, db: None, url: str, lang: str, pdf: str
):
    response = client.get(url)
    assert response.status_code == 200  # no login redirect
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert response["Content-Language"] == lang
    assert "Esimerkkiverkko Oy" in body  # the active profile (tests run on profiles/demo.yaml)
    for other, code, _pdf in PAGES:
        assert f'href="{other}" hreflang="{code}"' in body
    assert f'href="{pdf}" download' in body
    assert 'id="objection"' in body and 'id="objection-summary"' in body
    assert 'aria-current="page"' in body


def test_the_page_language_follows_the_address_not_the_staff_language_cookie(
    client: Client, db: None
):
    client.cookies["kirjaamo_language"] = "fi"
    body = client.get("/dataskyddsbeskrivning/").content.decode()
    assert '<html lang="sv">' in body
    assert "Fågelviksgränden 4" in body  # the authority in Swedish


def test_the_pdf_is_downloadable_without_login(client: Client, db: None):
    response = client.get("/tietosuojaseloste.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="tietosuojaseloste-esimerkkiverkko-oy.pdf"' in response["Content-Disposition"]


def test_the_public_page_shows_the_published_version_in_force(client: Client, db: None):
    publish(dump(minimal()), timezone.localdate() - dt.timedelta(days=1))
    body = client.get("/privacy-notice/").content.decode()
    assert "Testiverkko Oy" in body and "Esimerkkiverkko Oy" not in body
    assert "Profile version 1." in body


def test_a_version_published_for_a_later_date_is_announced(client: Client, db: None):
    publish(dump(minimal()), timezone.localdate() + dt.timedelta(days=30))
    body = client.get("/privacy-notice/").content.decode()
    assert "Esimerkkiverkko Oy" in body  # not in force yet: the active profile is shown
    assert "A new version of this notice takes effect on" in body
    old = client.get("/privacy-notice/", {"versio": "1"}).content.decode()
    assert "Testiverkko Oy" in old and "This is version 1 of the notice." in old


@pytest.mark.parametrize("value", ["9", "abc", "-1"])
def test_an_unknown_version_is_404(client: Client, db: None, value: str):
    assert client.get("/tietosuojaseloste/", {"versio": value}).status_code == 404


def test_the_public_pages_write_no_audit_events(client: Client, db: None):
    client.get("/tietosuojaseloste/")
    assert not AuditEvent.objects.exists()


# --- DPO pages -----------------------------------------------------------------------------------


def test_the_dpo_sees_the_profile_page_and_its_nav_link(client: Client, dora: User):
    login(client, dora)
    response = client.get(reverse("profile:overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/tietosuoja/profiili/" aria-current="page"' in body
    assert "profiles/demo.yaml" in body


@pytest.mark.parametrize("name", ["overview", "diff", "ropa"])
def test_customer_service_gets_403_on_the_dpo_pages(client: Client, alice: User, name: str):
    login(client, alice)
    assert client.get(reverse(f"profile:{name}")).status_code == 403
    assert 'href="/tietosuoja/profiili/"' not in client.get("/").content.decode()


def test_customer_service_cannot_publish(client: Client, alice: User):
    login(client, alice)
    response = client.post(reverse("profile:publish"), {"valid_from": "2027-01-01"})
    assert response.status_code == 403
    assert not ProfileVersion.objects.exists()


def test_the_dpo_publishes_from_the_page_and_an_unchanged_profile_is_refused(
    client: Client, dora: User
):
    login(client, dora)
    response = client.post(reverse("profile:publish"), {"valid_from": "2027-01-01"})
    assert response.status_code == 302
    version = ProfileVersion.objects.get()
    assert version.published_by == dora and version.valid_from == dt.date(2027, 1, 1)
    page = client.get(reverse("profile:overview")).content.decode()
    assert f"{version.sha256[:12]}…" in page
    again = client.post(reverse("profile:publish"), {"valid_from": "2027-02-01"})
    assert again.status_code == 400
    assert ProfileVersion.objects.count() == 1
    assert 'id="publish-refused"' in again.content.decode()


def test_a_bad_date_is_a_form_error_and_nothing_is_published(client: Client, dora: User):
    login(client, dora)
    response = client.post(reverse("profile:publish"), {"valid_from": "31.2.2027"})
    assert response.status_code == 400
    assert 'id="form-errors"' in response.content.decode()
    assert not ProfileVersion.objects.exists()


def test_the_dpo_sees_a_version_and_the_diff_between_versions(client: Client, dora: User):
    publish(dump(minimal()), dt.date(2027, 1, 1))
    data = minimal()
    data["purposes"][0]["text"] = {"fi": "Uusi palvelu", "sv": "Ny tjänst", "en": "New service"}
    publish(dump(data), dt.date(2027, 3, 1))
    login(client, dora)
    detail = client.get(reverse("profile:version", args=[2]))
    assert detail.status_code == 200
    assert "Uusi palvelu" in detail.content.decode()
    assert client.get(reverse("profile:version", args=[7])).status_code == 404
    body = client.get(reverse("profile:diff"), {"old": "1", "new": "2"}).content.decode()
    assert 'id="diff-purposes"' in body
    assert re.search(r'<tr class="diff__add">.*?Uusi palvelu', body, re.S)
    assert 'id="diff-controller"' not in body  # unchanged sections are only listed
    same = client.get(reverse("profile:diff"), {"old": "1", "new": "1"})
    assert same.status_code == 200 and 'id="form-errors"' in same.content.decode()


def test_the_diff_against_the_active_file_is_the_default_after_one_version(
    client: Client, dora: User
):
    publish(dump(minimal()), dt.date(2027, 1, 1))
    login(client, dora)
    body = client.get(reverse("profile:diff")).content.decode()
    assert 'id="diff-controller"' in body  # Testiverkko in version 1, Esimerkkiverkko in the file


def test_a_version_the_format_no_longer_reads_falls_back_to_the_active_file(
    client: Client, dora: User
):
    # As if the profile format had changed since version 1 was published.
    ProfileVersion.objects.create(
        number=1,
        yaml_text="format: 1\nretired_key: true\n",
        sha256="0" * 64,
        valid_from=dt.date(2020, 1, 1),
        controller_name="Vanha Oy",
        published_at=timezone.now(),
    )
    body = client.get("/tietosuojaseloste/").content.decode()
    assert "Esimerkkiverkko Oy" in body
    assert client.get("/tietosuojaseloste/", {"versio": "1"}).status_code == 404
    login(client, dora)
    client.cookies["kirjaamo_language"] = "en"
    page = client.get(reverse("profile:overview")).content.decode()
    assert "Version 1 no longer loads with this Kirjaamo" in page
