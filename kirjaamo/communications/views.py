"""Notes and call recordings on the customer card.

Recordings are personal data: they are never served from a public media URL. The only way to
hear or download one is `recording_audio`, which checks the gate, records a consultation event
and streams the file from media storage with no-store caching.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kirjaamo.accounts import gates
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.communications.forms import NoteForm, RecordingForm
from kirjaamo.communications.models import CallRecording
from kirjaamo.parties.forms import add_service_errors
from kirjaamo.parties.models import Party
from kirjaamo.parties.views import actor_for
from kirjaamo.profile.active import collects


def _party_or_404(party_id: int) -> tuple[Party, str]:
    party = get_object_or_404(
        Party.objects.select_related("person", "organisation").only(
            "id",
            "kind",
            "person__first_names",
            "person__last_name",
            "organisation__name",
        ),
        pk=party_id,
    )
    name = party.person.full_name if party.kind == "person" else party.organisation.name
    return party, name


@gates.require(gates.can_write_notes)
@require_http_methods(["GET", "POST"])
def note_create(request: HttpRequest, party_id: int) -> HttpResponse:
    party, name = _party_or_404(party_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request), party=party)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The note was saved."))
            return redirect(reverse("parties:card", args=[party_id]) + "#notes")
    return render(
        request,
        "communications/note_form.html",
        {"form": form, "party": party, "name": name},
    )


@gates.require(gates.can_add_recordings)
@require_http_methods(["GET", "POST"])
def recording_upload(request: HttpRequest, party_id: int) -> HttpResponse:
    if not collects("communications.CallRecording"):
        # The register profile does not collect recordings: the upload does not exist.
        raise Http404
    party, name = _party_or_404(party_id)
    form = RecordingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=actor_for(request), party=party)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The call recording was saved."))
            return redirect(reverse("parties:card", args=[party_id]) + "#recordings")
    return render(
        request,
        "communications/recording_form.html",
        {"form": form, "party": party, "name": name},
    )


def _stream(request: HttpRequest, recording_id: int, *, download: bool) -> HttpResponseBase:
    recording = get_object_or_404(
        CallRecording.objects.only("id", "party_id", "audio", "content_type"), pk=recording_id
    )
    storage = recording.audio.storage
    if not recording.audio.name or not storage.exists(recording.audio.name):
        raise Http404
    audit_record(
        actor=actor_for(request),
        kind=EventKind.CONSULTATION,
        action="recording.downloaded" if download else "recording.played",
        entity="communications.CallRecording",
        entity_id=recording.pk,
        party_ids=[recording.party_id],
    )
    suffix = recording.audio.name.rsplit(".", 1)[-1]
    response = FileResponse(
        storage.open(recording.audio.name, "rb"),
        content_type=recording.content_type,
        as_attachment=download,
        filename=f"recording-{recording.pk}.{suffix}",
    )
    response["Cache-Control"] = "no-store"
    return response


@gates.require(gates.can_view_recordings)
@require_http_methods(["GET"])
def recording_play(request: HttpRequest, recording_id: int) -> HttpResponseBase:
    return _stream(request, recording_id, download=False)


@gates.require(gates.can_view_recordings)
@require_http_methods(["GET"])
def recording_download(request: HttpRequest, recording_id: int) -> HttpResponseBase:
    return _stream(request, recording_id, download=True)
