"""The customer card and the party forms over HTTP, per persona."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.billing.services import collection_case_open, invoice_create
from kirjaamo.communications.services import message_record, note_create
from kirjaamo.conftest import login
from kirjaamo.contracts.services import (
    connection_create,
    contract_create,
    equipment_create,
    ip_assignment_create,
    product_create,
    service_block_create,
)
from kirjaamo.history.models import FieldChange
from kirjaamo.lib.synthetic import hetu_for
from kirjaamo.parties import services
from kirjaamo.parties.card import LIMITS, Section, party_card
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Person
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
NEW_HETU = hetu_for(dt.date(1980, 5, 17), 234)


@pytest.fixture
def en(client: Client) -> Client:
    """Most tests read English, the source language; translations have their own tests."""
    client.cookies["kirjaamo_language"] = "en"
    return client


@pytest.fixture
def person(actor: Actor) -> Person:
    person = services.person_create(
        actor=actor, first_names="Matti Juhani", last_name="Virtanen", hetu=HETU
    )
    services.customer_create(actor=actor, party=person.party, customer_number="A100200")
    services.contact_point_create(
        actor=actor, party=person.party, kind="email", email="matti.virtanen@example.fi"
    )
    services.contact_point_create(
        actor=actor, party=person.party, kind="phone", phone="040 123 4567"
    )
    return person


def fill_everything(actor: Actor, person: Person, *, invoices: int = 3) -> None:
    """Contracts with every attachment, invoices, a collection case, notes and a message."""
    product = product_create(actor=actor, code="KUITU", name="Kuitu 100M", kind="broadband")
    today = timezone.localdate()
    contract = contract_create(
        actor=actor,
        number="S-1",
        holder=person.party,
        payer=person.party,
        opened_on=today - dt.timedelta(days=400),
        products=[product],
    )
    connection = connection_create(
        actor=actor,
        contract=contract,
        connection_number="L-1",
        street="Kotikatu 1",
        postal_code="00100",
        post_office="Helsinki",
    )
    ip_assignment_create(
        actor=actor,
        connection=connection,
        address="192.0.2.10",
        assigned_from=timezone.now() - dt.timedelta(days=3),
    )
    equipment_create(actor=actor, contract=contract, kind="router", serial_number="SN-77")
    service_block_create(actor=actor, contract=contract, reason="unpaid", starts_at=timezone.now())
    first = None
    for n in range(invoices):
        issued = today - dt.timedelta(days=30 * (n + 1))
        invoice = invoice_create(
            actor=actor,
            number=f"INV-{n:03d}",
            payer=person.party,
            contract=contract,
            issued_on=issued,
            due_on=issued + dt.timedelta(days=14),
            amount_cents=2990,
        )
        first = first or invoice
    assert first is not None
    collection_case_open(
        actor=actor, invoice=first, agency="Perintä Esimerkki Oy", handed_over_on=today
    )
    note_create(actor=actor, party=person.party, category="billing", text="Maksuaika sovittu.")
    message_record(
        actor=actor,
        party=person.party,
        channel="sms",
        direction="out",
        occurred_at=timezone.now(),
        subject="Laskukopio",
    )


# --- the card ---------------------------------------------------------------------------


def test_it_sends_anonymous_users_to_the_login_page(en: Client, person: Person) -> None:
    response = en.get(reverse("parties:card", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_the_card_to_staff_without_a_register_role(
    en: Client, person: Person, charlie: User, ines: User, mark: User, adam: User
) -> None:
    for user in (charlie, ines, mark, adam):
        login(en, user)
        assert en.get(reverse("parties:card", args=[person.pk])).status_code == 403
    assert events("party.viewed") == []


def test_the_card_shows_the_hetu_masked_only_and_records_one_consultation(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    response = en.get(reverse("parties:card", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Matti Juhani Virtanen" in html
    assert "131052-****" in html
    assert HETU not in html
    assert "040 1234567" in html  # E.164 shown in the national form
    assert "matti.virtanen@example.fi" in html
    assert response["Cache-Control"] == "no-store"
    (event,) = events("party.viewed")
    assert event.actor == alice
    assert event.kind == "consultation"
    assert event.purpose == "customer_service"
    assert subject_ids(event) == [person.pk]
    assert event.detail["sections"] == list(Section.ALL)
    assert_audit_free_of("Matti Juhani", "Virtanen", HETU, "040 123 4567", "matti.virtanen")


def test_billing_sees_invoices_but_not_notes_or_recordings(
    en: Client, bob: User, person: Person, actor: Actor
) -> None:
    fill_everything(actor, person)
    login(en, bob)
    html = en.get(reverse("parties:card", args=[person.pk])).content.decode()
    assert "INV-000" in html
    assert "Perintä Esimerkki Oy" in html
    assert "Maksuaika sovittu." not in html
    assert 'id="notes"' not in html
    assert 'id="recordings"' not in html
    assert "Edit identity" not in html
    (event,) = events("party.viewed")
    assert "notes" not in event.detail["sections"]
    assert "recordings" not in event.detail["sections"]
    assert "billing" in event.detail["sections"]


def test_the_card_shows_contracts_connections_ips_equipment_blocks_and_history(
    en: Client, alice: User, person: Person, actor: Actor
) -> None:
    fill_everything(actor, person)
    login(en, alice)
    html = en.get(reverse("parties:card", args=[person.pk])).content.decode()
    for text in (
        "S-1",
        "Kuitu 100M",
        "L-1",
        "192.0.2.10",
        "SN-77",
        "Unpaid invoices",
        "29.90\u00a0€",
        "In collection",
        "Maksuaika sovittu.",
        "Laskukopio",
        "Change history",
    ):
        assert text in html, text


def test_the_dpo_gets_a_link_to_who_has_handled_the_person(
    en: Client, dora: User, alice: User, person: Person
) -> None:
    url = reverse("audit:log") + f"?party={person.pk}"
    login(en, alice)
    assert url not in en.get(reverse("parties:card", args=[person.pk])).content.decode()
    login(en, dora)
    assert url in en.get(reverse("parties:card", args=[person.pk])).content.decode()


def test_the_card_of_a_missing_party_is_404(en: Client, alice: User) -> None:
    login(en, alice)
    assert en.get(reverse("parties:card", args=[999999])).status_code == 404
    assert events("party.viewed") == []


def test_the_card_query_count_is_bounded_and_does_not_grow_with_history(
    en: Client,
    alice: User,
    person: Person,
    actor: Actor,
    django_assert_max_num_queries: Any,
) -> None:
    fill_everything(actor, person, invoices=LIMITS["invoices"] + 6)
    for n in range(LIMITS["history"]):
        services.contact_point_update(
            actor=actor,
            contact_point=ContactPoint.objects.get(party=person.party, kind="email"),
            email=f"matti{n}@example.fi",
        )
    login(en, alice)
    url = reverse("parties:card", args=[person.pk])
    # session + user + roles (3), the card selector (at most 17), the audit write (≤ 4).
    with django_assert_max_num_queries(24):
        response = en.get(url)
    html = response.content.decode()
    assert f"Showing the {LIMITS['invoices']} newest invoices." in html
    assert f"Showing the {LIMITS['history']} latest changes." in html
    assert html.count("INV-") == LIMITS["invoices"]


def test_the_card_selector_loads_only_the_sections_asked_for(
    person: Person, actor: Actor, django_assert_num_queries: Any
) -> None:
    fill_everything(actor, person)
    with django_assert_num_queries(1):
        card = party_card(person.pk, sections=[Section.IDENTITY])
    assert card is not None
    assert card.hetu_masked == "131052-****"
    assert card.contracts is None and card.notes is None and card.history is None


def test_an_organisation_card_lists_its_contact_persons_and_the_person_card_the_organisation(
    en: Client, alice: User, person: Person, actor: Actor
) -> None:
    org = services.organisation_create(actor=actor, name="Esimerkki Oy", business_id="2077474-0")
    services.organisation_contact_add(
        actor=actor, person=person, organisation=org, kind="billing", title="Talouspäällikkö"
    )
    login(en, alice)
    org_html = en.get(reverse("parties:card", args=[org.pk])).content.decode()
    assert "2077474-0" in org_html
    assert "Matti Juhani Virtanen" in org_html
    assert reverse("parties:card", args=[person.pk]) in org_html
    person_html = en.get(reverse("parties:card", args=[person.pk])).content.decode()
    assert "Esimerkki Oy" in person_html
    assert "Talouspäällikkö" in person_html


# --- creating parties -------------------------------------------------------------------

PERSON_FORM = {
    "first_names": "Liisa",
    "last_name": "Mäkinen",
    "hetu": "010594-2267",
    "language": "sv",
    "profession": "",
    "customer_number": "B200300",
    "phone": "+358 50 765 4321",
    "email": "liisa.makinen@example.fi",
    "street": "Rantatie 3",
    "postal_code": "65100",
    "post_office": "Vaasa",
    "source": "data_subject",
}


def test_customer_service_creates_a_person_with_customer_number_and_contact_points(
    en: Client, alice: User
) -> None:
    login(en, alice)
    response = en.post(reverse("parties:person_create"), PERSON_FORM)
    person = Person.objects.get(last_name="Mäkinen")
    assert response.status_code == 302
    assert response["Location"] == reverse("parties:card", args=[person.pk])
    assert person_hetu(person) == "010594-2267"
    assert person.language == "sv"
    assert Customer.objects.get(party=person.party).customer_number == "B200300"
    kinds = sorted(ContactPoint.objects.filter(party=person.party).values_list("kind", flat=True))
    assert kinds == ["address", "email", "phone"]
    assert ContactPoint.objects.get(party=person.party, kind="phone").phone == "+358507654321"
    assert [e.actor for e in events("person.created")] == [alice]
    assert_audit_free_of("Liisa", "Mäkinen", "010594-2267", "liisa.makinen", "Rantatie")


def test_it_shows_every_error_next_to_its_field_and_writes_nothing(en: Client, alice: User) -> None:
    login(en, alice)
    data = {
        **PERSON_FORM,
        "first_names": "",
        "hetu": "010594-226X",
        "phone": "12",
        "postal_code": "651",
    }
    response = en.post(reverse("parties:person_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"first_names", "hetu", "phone", "postal_code"}
    assert "Not a valid Finnish personal identity code (HETU)." in form.errors["hetu"]
    html = response.content.decode()
    assert 'id="id_hetu_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Nothing was saved." in html
    assert Person.objects.count() == 0
    assert events("person.created") == []


def test_a_taken_customer_number_rolls_back_the_whole_person(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    before = Person.objects.count()
    response = en.post(
        reverse("parties:person_create"),
        {**PERSON_FORM, "customer_number": "A100200"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["customer_number"] == [
        "This customer number is already in use."
    ]
    assert Person.objects.count() == before
    assert not ContactPoint.objects.filter(email="liisa.makinen@example.fi").exists()
    assert events("person.created")[1:] == []  # only the fixture's person


def test_a_taken_hetu_is_reported_on_the_hetu_field(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    response = en.post(reverse("parties:person_create"), {**PERSON_FORM, "hetu": HETU})
    assert response.context["form"].errors["hetu"] == [
        "A person with this identity code already exists."
    ]


def test_billing_and_outsiders_cannot_create_parties(en: Client, bob: User, charlie: User) -> None:
    for user in (bob, charlie):
        login(en, user)
        assert en.get(reverse("parties:person_create")).status_code == 403
        assert en.post(reverse("parties:person_create"), PERSON_FORM).status_code == 403
        assert en.post(reverse("parties:organisation_create"), {"name": "X"}).status_code == 403
    assert Person.objects.count() == 0


def test_it_creates_an_organisation_and_rejects_a_bad_business_id(en: Client, alice: User) -> None:
    login(en, alice)
    url = reverse("parties:organisation_create")
    bad = en.post(url, {"name": "Esimerkki Oy", "business_id": "2077474-1", "source": "ytj_prh"})
    assert bad.context["form"].errors["business_id"] == [
        "Not a valid business ID (Y-tunnus), e.g. 1234567-8."
    ]
    assert Organisation.objects.count() == 0
    ok = en.post(
        url,
        {
            "name": "Esimerkki Oy",
            "business_id": "2077474-0",
            "customer_number": "Y-1",
            "email": "info@example.fi",
            "source": "ytj_prh",
        },
    )
    org = Organisation.objects.get()
    assert ok["Location"] == reverse("parties:card", args=[org.pk])
    assert Customer.objects.get(party_id=org.pk).segment == "business"
    assert ContactPoint.objects.get(party_id=org.pk).source == "ytj_prh"


# --- identity -----------------------------------------------------------------------------


def identity_data(person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "first_names": person.first_names,
        "last_name": person.last_name,
        "new_hetu": "",
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "language": person.language,
        "profession": person.profession,
    }
    data.update(changes)
    return data


def test_the_identity_form_never_prefills_the_hetu(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    response = en.get(reverse("parties:identity_edit", args=[person.pk]))
    html = response.content.decode()
    assert "131052-****" in html
    assert HETU not in html
    assert re.search(r'<input[^>]*name="new_hetu"[^>]*>', html)
    assert 'value="131052' not in html
    (event,) = events("party.viewed")
    assert event.detail == {"sections": ["identity"]}


def test_a_new_hetu_replaces_the_old_and_an_empty_field_keeps_it(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    url = reverse("parties:identity_edit", args=[person.pk])
    keep = en.post(url, identity_data(person, profession="Opettaja"))
    assert keep.status_code == 302
    person.refresh_from_db()
    assert person_hetu(person) == HETU
    assert person.profession == "Opettaja"
    replace = en.post(url, identity_data(person, new_hetu=NEW_HETU))
    assert replace.status_code == 302
    person.refresh_from_db()
    assert person_hetu(person) == NEW_HETU
    assert person.birth_date == dt.date(1980, 5, 17)
    assert_audit_free_of(HETU, NEW_HETU)


def test_an_invalid_new_hetu_is_shown_next_to_the_field_and_nothing_changes(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    response = en.post(
        reverse("parties:identity_edit", args=[person.pk]),
        identity_data(person, new_hetu="131052-308U", last_name="Uusinimi"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_hetu"] == [
        "Not a valid Finnish personal identity code (HETU)."
    ]
    assert "131052-308U" not in response.content.decode()
    person.refresh_from_db()
    assert person.last_name == "Virtanen"
    assert person_hetu(person) == HETU


def test_the_hetu_can_be_removed(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    url = reverse("parties:identity_edit", args=[person.pk])
    both = en.post(url, identity_data(person, new_hetu=NEW_HETU, remove_hetu="on"))
    assert "remove_hetu" in both.context["form"].errors
    en.post(url, identity_data(person, remove_hetu="on"))
    person.refresh_from_db()
    assert person_hetu(person) is None


def test_billing_cannot_edit_identity(en: Client, bob: User, person: Person) -> None:
    login(en, bob)
    url = reverse("parties:identity_edit", args=[person.pk])
    assert en.post(url, identity_data(person, last_name="X")).status_code == 403
    person.refresh_from_db()
    assert person.last_name == "Virtanen"


def test_an_organisation_identity_is_edited_through_the_same_url(
    en: Client, alice: User, actor: Actor
) -> None:
    org = services.organisation_create(actor=actor, name="Vanha Oy")
    login(en, alice)
    url = reverse("parties:identity_edit", args=[org.pk])
    response = en.post(url, {"name": "Uusi Oy", "business_id": "", "association_number": ""})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Uusi Oy"


# --- contact points -----------------------------------------------------------------------


def test_changing_an_email_is_recorded_in_the_history_and_shown_on_the_card(
    en: Client, alice: User, person: Person
) -> None:
    cp = ContactPoint.objects.get(party=person.party, kind="email")
    login(en, alice)
    url = reverse("parties:contact_point_edit", args=[person.pk, cp.pk])
    form = en.get(url).context["form"]
    assert set(form.fields) == {"email", "use", "source"}
    response = en.post(
        url, {"email": "matti@example.org", "use": "general", "source": "data_subject"}
    )
    assert response.status_code == 302
    cp.refresh_from_db()
    assert cp.email == "matti@example.org"
    change = FieldChange.objects.get(field="email", entity_id=cp.pk, old_value__contains="@")
    assert (change.old_value, change.new_value) == (
        "matti.virtanen@example.fi",
        "matti@example.org",
    )
    html = en.get(reverse("parties:card", args=[person.pk])).content.decode()
    assert "matti@example.org" in html
    assert_audit_free_of("matti@example.org", "matti.virtanen@example.fi")


def test_editing_a_contact_point_needs_a_source_and_a_valid_value(
    en: Client, alice: User, person: Person
) -> None:
    cp = ContactPoint.objects.get(party=person.party, kind="email")
    login(en, alice)
    url = reverse("parties:contact_point_edit", args=[person.pk, cp.pk])
    response = en.post(url, {"email": "not-an-address", "use": "general", "source": ""})
    errors = response.context["form"].errors
    assert errors["email"] == ["Not a valid e-mail address."]
    assert "source" in errors
    cp.refresh_from_db()
    assert cp.email == "matti.virtanen@example.fi"


def test_adding_a_postal_address_validates_the_postal_code(
    en: Client, bob: User, person: Person
) -> None:
    login(en, bob)
    url = reverse("parties:contact_point_create", args=[person.pk, "address"])
    data = {
        "street": "Kauppakatu 1",
        "postal_code": "123",
        "post_office": "Kuopio",
        "country": "FI",
        "use": "billing",
        "source": "data_subject",
    }
    bad = en.post(url, data)
    assert bad.context["form"].errors["postal_code"] == [
        "A Finnish postal code has exactly five digits, e.g. 00100."
    ]
    ok = en.post(url, {**data, "postal_code": "70100"})
    assert ok.status_code == 302
    cp = ContactPoint.objects.get(party=person.party, kind="address")
    assert (cp.post_office, cp.use) == ("KUOPIO", "billing")


def test_an_unknown_contact_kind_is_404(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    url = reverse("parties:contact_point_create", args=[person.pk, "fax"])
    assert en.get(url).status_code == 404


def test_a_contact_point_is_removed_after_confirmation_only(
    en: Client, alice: User, person: Person
) -> None:
    cp = ContactPoint.objects.get(party=person.party, kind="phone")
    login(en, alice)
    url = reverse("parties:contact_point_delete", args=[person.pk, cp.pk])
    assert en.get(url).status_code == 200
    assert ContactPoint.objects.filter(pk=cp.pk).exists()
    assert en.post(url).status_code == 302
    assert not ContactPoint.objects.filter(pk=cp.pk).exists()
    assert [e.action for e in events("contact_point.deleted")] == ["contact_point.deleted"]


def test_a_contact_point_of_another_party_is_404(
    en: Client, alice: User, person: Person, make_person: Callable[..., Person]
) -> None:
    other = make_person()
    cp = ContactPoint.objects.filter(party=other.party).first()
    assert cp is not None
    login(en, alice)
    assert en.get(reverse("parties:contact_point_edit", args=[person.pk, cp.pk])).status_code == 404
    assert (
        en.post(reverse("parties:contact_point_delete", args=[person.pk, cp.pk])).status_code == 404
    )
    assert ContactPoint.objects.filter(pk=cp.pk).exists()


# --- organisation contact persons -----------------------------------------------------------


def test_a_contact_person_is_added_by_customer_number_or_as_a_new_person(
    en: Client, alice: User, person: Person, actor: Actor
) -> None:
    org = services.organisation_create(actor=actor, name="Esimerkki Oy")
    login(en, alice)
    url = reverse("parties:organisation_contact_add", args=[org.pk])
    existing = en.post(url, {"kind": "billing", "existing_customer_number": "A100200"})
    assert existing.status_code == 302
    assert org.contacts.get().person == person
    new = en.post(
        url,
        {
            "kind": "technical",
            "title": "IT-tuki",
            "first_names": "Pekka",
            "last_name": "Tekninen",
            "phone": "040 765 4321",
            "source": "data_subject",
        },
    )
    assert new.status_code == 302, new.context and new.context["form"].errors
    contact = org.contacts.get(kind="technical")
    assert contact.person.last_name == "Tekninen"
    assert contact.person.party.contact_points.get().phone == "+358407654321"


def test_a_contact_person_form_with_both_or_an_unknown_number_is_refused(
    en: Client, alice: User, person: Person, actor: Actor
) -> None:
    org = services.organisation_create(actor=actor, name="Esimerkki Oy")
    login(en, alice)
    url = reverse("parties:organisation_contact_add", args=[org.pk])
    both = en.post(
        url,
        {"kind": "billing", "existing_customer_number": "A100200", "first_names": "X"},
    )
    assert "existing_customer_number" in both.context["form"].errors
    unknown = en.post(url, {"kind": "billing", "existing_customer_number": "NOPE"})
    assert unknown.context["form"].errors["existing_customer_number"] == [
        "No person has this customer number."
    ]
    assert not org.contacts.exists()


def test_contact_persons_are_added_to_organisations_only(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    assert en.get(reverse("parties:organisation_contact_add", args=[person.pk])).status_code == 404


# --- the UI language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "hetu_error", "required"),
    [
        ("fi", "Henkilötunnus ei kelpaa.", "Tämä kenttä vaaditaan."),
        ("sv", "Ogiltig finsk personbeteckning.", "Detta fält måste fyllas i."),
        ("en", "Not a valid Finnish personal identity code (HETU).", "This field is required."),
    ],
)
def test_validation_messages_are_in_the_ui_language(
    client: Client, alice: User, language: str, hetu_error: str, required: str
) -> None:
    login(client, alice)
    client.cookies["kirjaamo_language"] = language
    response = client.post(
        reverse("parties:person_create"), {**PERSON_FORM, "hetu": "131052-308U", "last_name": ""}
    )
    html = response.content.decode()
    assert hetu_error in html
    assert required in html
    assert Person.objects.count() == 0


def test_a_typed_hetu_is_never_echoed_back_and_the_form_says_so(en: Client, alice: User) -> None:
    login(en, alice)
    response = en.post(reverse("parties:person_create"), {**PERSON_FORM, "phone": "12"})
    html = response.content.decode()
    assert "010594-2267" not in html
    assert "The identity code you typed is not shown again, for privacy." in html
    assert Person.objects.count() == 0


def test_history_rows_show_labels_choice_names_dates_and_phone_numbers(
    person: Person, actor: Actor
) -> None:
    from django.utils import translation

    from kirjaamo.parties.card import describe_change

    services.person_update(actor=actor, person=person, birth_date=None, hetu=None)
    phone = ContactPoint.objects.get(party=person.party, kind="phone")
    services.contact_point_update(
        actor=actor, contact_point=phone, phone="+358 50 111 2222", source="credit_bureau"
    )
    with translation.override("fi"):
        rows = {
            (r.entity, r.field): (r.old, r.new)
            for r in map(
                describe_change, FieldChange.objects.filter(party=person.party).order_by("id")
            )
        }
    assert rows[("Henkilö", "syntymäaika")] == ("13.10.1952", "")
    assert rows[("Yhteystieto", "lähde")] == ("Rekisteröity itse", "Luottotietoyhtiö")
    assert rows[("Yhteystieto", "puhelin")] == ("040 1234567", "050 1112222")
