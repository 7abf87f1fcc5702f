"""End-to-end in Chromium: the staff UI as customer service and the DPO use it, in Finnish.

log in → search by phone while typing → open the card → change an e-mail → see it in the change
history → log in as the DPO → see the change in the audit log. Also the phone-width layout and
keyboard use. Screenshots are taken on every run; with KIRJAAMO_SCREENSHOTS=docs/screenshots
they are saved there as search.png and card.png for the README (synthetic data only):

    KIRJAAMO_SCREENSHOTS=docs/screenshots .venv/bin/pytest -m browser kirjaamo/parties
"""

from __future__ import annotations

import datetime as dt
import io
import os
import wave
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.billing.services import collection_case_open, invoice_create
from kirjaamo.communications.services import call_recording_add, message_record, note_create
from kirjaamo.conftest import PASSWORD
from kirjaamo.contracts.services import (
    connection_create,
    contract_create,
    equipment_create,
    ip_assignment_create,
    product_create,
    service_block_create,
)
from kirjaamo.parties import services
from kirjaamo.parties.models import Person

pytestmark = pytest.mark.browser
# The machine running CI may be busy; wait longer than the default 5 s before failing.
expect.set_options(timeout=15_000)

PHONE = "040 123 4567"
OLD_EMAIL = "matti.virtanen@example.fi"
NEW_EMAIL = "matti.v@example.org"


def _tone() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 8000)
    return buffer.getvalue()


@pytest.fixture
def customer(transactional_db: None, settings: Any, tmp_path: Path) -> Person:
    """A synthetic customer with something in every section of the card."""
    settings.MEDIA_ROOT = str(tmp_path)
    actor = Actor.system(purpose="demo", label="test")
    person = services.person_create(
        actor=actor, first_names="Matti Juhani", last_name="Virtanen", hetu="131052-308T"
    )
    party = person.party
    services.customer_create(
        actor=actor,
        party=party,
        customer_number="D000001",
        started_on=dt.date(2019, 3, 1),
    )
    services.contact_point_create(actor=actor, party=party, kind="phone", phone=PHONE)
    services.contact_point_create(actor=actor, party=party, kind="email", email=OLD_EMAIL)
    services.contact_point_create(
        actor=actor,
        party=party,
        kind="address",
        street="Rantakatu 12 B 7",
        postal_code="90100",
        post_office="Oulu",
        source="population_register",
    )
    for name in ("Matti Virtala", "Maija Virtanen"):
        first, last = name.split()
        services.person_create(actor=actor, first_names=first, last_name=last)
    org = services.organisation_create(actor=actor, name="Esimerkki Oy", business_id="2077474-0")
    services.organisation_contact_add(
        actor=actor, person=person, organisation=org, kind="billing", title="Talouspäällikkö"
    )
    fiber = product_create(actor=actor, code="KUITU1000", name="Kuitu 1G", kind="broadband")
    tv = product_create(actor=actor, code="TV", name="TV-paketti", kind="tv")
    today = timezone.localdate()
    contract = contract_create(
        actor=actor,
        number="S000001-1",
        holder=party,
        payer=party,
        opened_on=dt.date(2021, 5, 3),
        seller="Verkkokauppa",
        products=[fiber, tv],
    )
    connection = connection_create(
        actor=actor,
        contract=contract,
        connection_number="L0000011",
        street="Rantakatu 12 B 7",
        postal_code="90100",
        post_office="Oulu",
        activated_on=dt.date(2021, 5, 10),
    )
    now = timezone.now()
    ip_assignment_create(
        actor=actor,
        connection=connection,
        address="198.51.100.23",
        assigned_from=now - dt.timedelta(days=400),
        assigned_to=now - dt.timedelta(days=90),
    )
    ip_assignment_create(
        actor=actor,
        connection=connection,
        address="203.0.113.45",
        assigned_from=now - dt.timedelta(days=90),
    )
    equipment_create(
        actor=actor,
        contract=contract,
        kind="ont",
        serial_number="SN4410023981",
        delivered_on=dt.date(2021, 5, 10),
    )
    for month in range(4, 0, -1):
        issued = today - dt.timedelta(days=30 * month)
        due = issued + dt.timedelta(days=14)
        paid = month < 3
        invoice = invoice_create(
            actor=actor,
            number=f"10000{month}",
            payer=party,
            contract=contract,
            issued_on=issued,
            due_on=due,
            amount_cents=5990,
            status="paid" if paid else "open",
            paid_on=due if paid else None,
        )
        if month == 4:
            collection_case_open(
                actor=actor,
                invoice=invoice,
                agency="Perintätoimisto Esimerkki Oy",
                handed_over_on=due + dt.timedelta(days=30),
            )
            service_block_create(
                actor=actor,
                contract=contract,
                reason="unpaid",
                starts_at=now - dt.timedelta(days=5),
            )
    note_create(
        actor=actor,
        party=party,
        category="billing",
        text="Sovittu maksuaikaa kaksi viikkoa.",
    )
    message_record(
        actor=actor,
        party=party,
        channel="email",
        direction="out",
        occurred_at=now - dt.timedelta(days=12),
        subject="Laskukopio",
    )
    call_recording_add(
        actor=actor,
        party=party,
        audio=ContentFile(_tone()),
        filename="call.wav",
        recorded_at=now - dt.timedelta(days=3),
        duration_seconds=1,
        caller_informed=True,
    )
    return person


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: KIRJAAMO_SCREENSHOTS (relative to the repository) or a temp dir."""
    wanted = os.environ.get("KIRJAAMO_SCREENSHOTS")
    if not wanted:
        return tmp_path
    folder = Path(__file__).resolve().parents[3] / wanted
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/kirjaudu/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()


def test_customer_service_changes_an_email_and_the_dpo_sees_it_in_the_audit_log(
    page: Page, live_server: Any, alice: User, dora: User, customer: Person, screenshots: Path
) -> None:
    base = live_server.url
    log_in(page, base, "alice")
    expect(page).to_have_url(base + "/")
    box = page.get_by_role("searchbox", name="Hae rekisteristä")
    box.press_sequentially(PHONE, delay=15)
    hit = page.get_by_role("link", name="Virtanen, Matti Juhani")
    expect(hit).to_be_visible()
    expect(page.locator("#search-results")).to_contain_text("131052-****")
    expect(page.locator("#search-results")).to_contain_text("puhelin")
    expect(page.locator("#search-announcer")).to_have_text("1 osuma")  # read by screen readers
    assert page.url == base + "/"  # the query never went into the URL
    page.screenshot(path=str(screenshots / "search.png"))

    hit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matti Juhani Virtanen")
    expect(page.locator("#contact-points")).to_contain_text(OLD_EMAIL)
    page.screenshot(path=str(screenshots / "card.png"), full_page=True)

    page.get_by_role("link", name="Muokkaa sähköposti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muokkaa sähköpostiosoitetta")
    page.get_by_label("Sähköposti").fill("ei-osoite")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_contain_text("Mitään ei tallennettu")
    expect(page.locator("#id_email_error")).to_have_text("Sähköpostiosoite ei kelpaa.")
    expect(page.locator("#id_source_error")).to_be_visible()

    page.get_by_label("Sähköposti").fill(NEW_EMAIL)
    page.get_by_label("Lähde").select_option("data_subject")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status")).to_contain_text("Yhteystieto tallennettiin.")
    expect(page.locator("#contact-points")).to_contain_text(NEW_EMAIL)
    history_row = page.locator("#history tbody tr").filter(has_text=NEW_EMAIL)
    expect(history_row).to_contain_text(OLD_EMAIL)
    expect(history_row).to_contain_text("alice")
    expect(history_row).to_contain_text("sähköposti")

    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_label("Käyttäjätunnus")).to_be_visible()

    log_in(page, base, "dora")
    page.goto(f"{base}/asiakkaat/{customer.pk}/")
    page.get_by_role("link", name="Kuka on käsitellyt tietoja").click()
    row = page.locator("#audit-results tbody tr").filter(has_text="contact_point.updated")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("alice")
    expect(row).to_contain_text("email")
    expect(row).to_contain_text("Asiakaspalvelu")
    expect(page.locator("#audit-results")).not_to_contain_text(NEW_EMAIL)
    alice_viewed = (
        page.locator("#audit-results tbody tr")
        .filter(has_text="party.viewed")
        .filter(has_text="alice")
    )
    expect(alice_viewed.first).to_be_visible()


def test_the_card_works_on_a_phone_screen_and_with_the_keyboard(
    browser: Browser, live_server: Any, alice: User, customer: Person, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "alice")

    # The search box has the focus when the page opens: customer service types at once.
    box = page.get_by_role("searchbox", name="Hae rekisteristä")
    expect(box).to_be_focused()
    page.keyboard.type("D000001")
    page.get_by_role("link", name="Virtanen, Matti Juhani").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    for section in ("#contact-points", "#contracts", "#invoices", "#history"):
        expect(page.locator(section)).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the card scrolls sideways by {overflow}px on a phone"
    page.screenshot(path=str(tmp_path / "card-phone.png"), full_page=True)
    context.close()
