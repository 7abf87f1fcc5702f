"""The customer card and the forms that change a party.

Every view: gate (kirjaamo.accounts.gates) → form → service → render. Every page that shows a
party's data records one consultation event (ids and section names only); every change is
audited by its service. Successful changes redirect back to the card (post/redirect/get).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kirjaamo.accounts import gates
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.services import consultation_record
from kirjaamo.parties import services
from kirjaamo.parties.card import Section, describe_change, party_card
from kirjaamo.parties.choices import ContactPointKind, PartyKind
from kirjaamo.parties.forms import (
    ContactPointForm,
    OrganisationContactForm,
    OrganisationCreateForm,
    OrganisationIdentityForm,
    PersonCreateForm,
    PersonIdentityForm,
    add_service_errors,
    explain_hidden_hetu,
)
from kirjaamo.parties.models import ContactPoint, Organisation, Party, Person
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.profile.active import collects


def actor_for(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose=gates.purpose_for(request.user))


def record_view(request: HttpRequest, party_id: int, sections: Sequence[str]) -> None:
    """One consultation event for a page that shows this party's data."""
    consultation_record(
        actor=actor_for(request),
        action="party.viewed",
        party_ids=[party_id],
        detail={"sections": list(sections)},
    )


def no_store(response: HttpResponse) -> HttpResponse:
    # Pages with personal data stay out of shared and browser caches.
    response["Cache-Control"] = "no-store"
    return response


def card_sections(user: Any) -> list[str]:
    """The sections of the card this user may see, decided by the gates."""
    sections = [
        Section.IDENTITY,
        Section.CUSTOMER_ROLES,
        Section.CONTACT_POINTS,
        Section.ORGANISATION_CONTACTS,
    ]
    if gates.can_view_contracts(user):
        sections.append(Section.CONTRACTS)
    if gates.can_view_billing(user):
        sections.append(Section.BILLING)
    if gates.can_view_notes(user):
        sections.append(Section.NOTES)
    # Data the register profile does not collect has no section at all.
    if gates.can_view_recordings(user) and collects("communications.CallRecording"):
        sections.append(Section.RECORDINGS)
    if gates.can_view_messages(user) and collects("communications.Message"):
        sections.append(Section.MESSAGES)
    if gates.can_view_history(user):
        sections.append(Section.HISTORY)
    return sections


def card_permissions(user: Any) -> dict[str, bool]:
    return {
        "edit_identity": gates.can_edit_identity(user),
        "edit_contact_points": gates.can_edit_contact_points(user),
        "write_notes": gates.can_write_notes(user),
        "add_recordings": gates.can_add_recordings(user)
        and collects("communications.CallRecording"),
        "view_audit": gates.can_view_audit(user),
    }


@gates.require(gates.can_view_party)
@require_http_methods(["GET"])
def card(request: HttpRequest, party_id: int) -> HttpResponse:
    data = party_card(party_id, sections=card_sections(request.user))
    if data is None:
        raise Http404
    record_view(request, party_id, data.sections)
    history = [describe_change(c) for c in data.history.rows] if data.history else []
    return no_store(
        render(
            request,
            "parties/card.html",
            {
                "card": data,
                "history_rows": history,
                "can": card_permissions(request.user),
                "collects_hetu": collects("parties.Person.hetu_encrypted"),
                "contact_kinds": ContactPointKind.choices,
            },
        )
    )


@gates.require(gates.can_create_party)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = form.save(actor=actor_for(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person was added."))
            return redirect("parties:card", party_id=person.pk)
    explain_hidden_hetu(form, "hetu")
    return render(
        request,
        "parties/party_create.html",
        {
            "form": form,
            "title": _("New person"),
            "active_nav": "person_create",
            "identity_fields": [
                "first_names",
                "last_name",
                "hetu",
                "hetu_temporary",
                "birth_date",
                "language",
                "profession",
                "customer_number",
            ],
        },
    )


@gates.require(gates.can_create_party)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = form.save(actor=actor_for(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect("parties:card", party_id=organisation.pk)
    return render(
        request,
        "parties/party_create.html",
        {
            "form": form,
            "title": _("New organisation"),
            "active_nav": "organisation_create",
            "identity_fields": ["name", "business_id", "association_number", "customer_number"],
        },
    )


def _party_or_404(party_id: int) -> Party:
    return get_object_or_404(Party.objects.only("id", "kind"), pk=party_id)


def _display_name(party: Party) -> str:
    if party.kind == PartyKind.PERSON:
        return party.person.full_name
    return party.organisation.name


@gates.require(gates.can_edit_identity)
@require_http_methods(["GET", "POST"])
def identity_edit(request: HttpRequest, party_id: int) -> HttpResponse:
    party = _party_or_404(party_id)
    form: PersonIdentityForm | OrganisationIdentityForm
    field_map: dict[str, str] = {}
    hetu_masked = ""
    data = request.POST if request.method == "POST" else None
    if party.kind == PartyKind.PERSON:
        person = Person.objects.get(pk=party_id)
        hetu = person_hetu(person)
        hetu_masked = person.hetu_masked if hetu else ""
        form = PersonIdentityForm(data, person=person, has_hetu=bool(hetu))
        field_map = PersonIdentityForm.SERVICE_FIELDS
        name = person.full_name
    else:
        organisation = Organisation.objects.get(pk=party_id)
        form = OrganisationIdentityForm(data, organisation=organisation)
        name = organisation.name
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request))
        except ValidationError as exc:
            add_service_errors(form, exc, field_map)
        else:
            messages.success(request, _("The identity data was saved."))
            return redirect("parties:card", party_id=party_id)
    if isinstance(form, PersonIdentityForm):
        explain_hidden_hetu(form, "new_hetu")
    record_view(request, party_id, [Section.IDENTITY])
    return no_store(
        render(
            request,
            "parties/identity_edit.html",
            {"form": form, "party": party, "name": name, "hetu_masked": hetu_masked},
        )
    )


def _contact_title(kind: str, *, editing: bool) -> str:
    if kind == ContactPointKind.ADDRESS:
        return _("Edit the postal address") if editing else _("Add a postal address")
    if kind == ContactPointKind.PHONE:
        return _("Edit the phone number") if editing else _("Add a phone number")
    return _("Edit the e-mail address") if editing else _("Add an e-mail address")


@gates.require(gates.can_edit_contact_points)
@require_http_methods(["GET", "POST"])
def contact_point_create(request: HttpRequest, party_id: int, kind: str) -> HttpResponse:
    if kind not in ContactPointKind.values:
        raise Http404
    party = _party_or_404(party_id)
    form = ContactPointForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request), party=party)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact information was added."))
            return redirect(reverse("parties:card", args=[party_id]) + "#contact-points")
    return render(
        request,
        "parties/contact_point_form.html",
        {
            "form": form,
            "party": party,
            "name": _display_name(party),
            "title": _contact_title(kind, editing=False),
        },
    )


def _contact_point_or_404(party_id: int, contact_point_id: int) -> ContactPoint:
    return get_object_or_404(ContactPoint, pk=contact_point_id, party_id=party_id)


@gates.require(gates.can_edit_contact_points)
@require_http_methods(["GET", "POST"])
def contact_point_edit(request: HttpRequest, party_id: int, contact_point_id: int) -> HttpResponse:
    party = _party_or_404(party_id)
    contact_point = _contact_point_or_404(party_id, contact_point_id)
    form = ContactPointForm(
        request.POST or None, kind=contact_point.kind, contact_point=contact_point
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request), party=party)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact information was saved."))
            return redirect(reverse("parties:card", args=[party_id]) + "#contact-points")
    record_view(request, party_id, [Section.CONTACT_POINTS])
    return no_store(
        render(
            request,
            "parties/contact_point_form.html",
            {
                "form": form,
                "party": party,
                "name": _display_name(party),
                "contact_point": contact_point,
                "title": _contact_title(contact_point.kind, editing=True),
            },
        )
    )


@gates.require(gates.can_edit_contact_points)
@require_http_methods(["GET", "POST"])
def contact_point_delete(
    request: HttpRequest, party_id: int, contact_point_id: int
) -> HttpResponse:
    party = _party_or_404(party_id)
    contact_point = _contact_point_or_404(party_id, contact_point_id)
    if request.method == "POST":
        services.contact_point_delete(actor=actor_for(request), contact_point=contact_point)
        messages.success(request, _("The contact information was removed."))
        return redirect(reverse("parties:card", args=[party_id]) + "#contact-points")
    record_view(request, party_id, [Section.CONTACT_POINTS])
    return no_store(
        render(
            request,
            "parties/contact_point_delete.html",
            {"party": party, "name": _display_name(party), "contact_point": contact_point},
        )
    )


@gates.require(gates.can_edit_identity)
@require_http_methods(["GET", "POST"])
def organisation_contact_add(request: HttpRequest, party_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=party_id)
    form = OrganisationContactForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect(reverse("parties:card", args=[party_id]) + "#organisation-contacts")
    return render(
        request,
        "parties/organisation_contact_form.html",
        {"form": form, "organisation": organisation},
    )
