"""Notes and call recordings over HTTP: gates, validation, and the audited, non-public
recording stream."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.communications.models import CallRecording, Note
from kirjaamo.conftest import login
from kirjaamo.parties import services
from kirjaamo.parties.models import Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["kirjaamo_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def person(actor: Actor) -> Person:
    return services.person_create(actor=actor, first_names="Anna", last_name="Aaltonen")


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def upload(client: Client, person: Person, **overrides: object) -> object:
    data: dict[str, object] = {
        "audio": SimpleUploadedFile("040 123 4567.wav", wav_bytes(), content_type="audio/wav"),
        "recorded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_seconds": "1",
        "caller_informed": "on",
    }
    data.update(overrides)
    return client.post(reverse("communications:recording_upload", args=[person.pk]), data)


def test_customer_service_adds_a_note(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    url = reverse("communications:note_create", args=[person.pk])
    response = en.post(url, {"category": "technical", "text": "Vika korjattu etänä."})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.party_id, note.author, note.category) == (person.pk, alice, "technical")
    html = en.get(reverse("parties:card", args=[person.pk])).content.decode()
    assert "Vika korjattu etänä." in html
    assert_audit_free_of("Vika korjattu")


def test_an_empty_note_is_refused_next_to_the_field(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    url = reverse("communications:note_create", args=[person.pk])
    response = en.post(url, {"category": "general", "text": "   "})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Note.objects.exists()


def test_billing_cannot_write_notes(en: Client, bob: User, person: Person) -> None:
    login(en, bob)
    url = reverse("communications:note_create", args=[person.pk])
    assert en.post(url, {"category": "general", "text": "x"}).status_code == 403
    assert not Note.objects.exists()


def test_a_recording_is_uploaded_under_a_random_name(
    en: Client, alice: User, person: Person, media: Path
) -> None:
    login(en, alice)
    response = upload(en, person)
    assert response.status_code == 302  # type: ignore[attr-defined]
    recording = CallRecording.objects.get()
    assert recording.agent == alice
    assert recording.caller_informed is True
    assert "4567" not in recording.audio.name
    assert (media / recording.audio.name).exists()


def test_a_recording_upload_is_validated(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    bad_type = upload(
        en, person, audio=SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    )
    assert "audio" in bad_type.context["form"].errors  # type: ignore[attr-defined]
    empty = upload(en, person, audio=SimpleUploadedFile("a.wav", b"", content_type="audio/wav"))
    assert "audio" in empty.context["form"].errors  # type: ignore[attr-defined]
    negative = upload(en, person, duration_seconds="-1")
    assert "duration_seconds" in negative.context["form"].errors  # type: ignore[attr-defined]
    assert not CallRecording.objects.exists()


def test_playing_a_recording_streams_it_and_records_a_consultation(
    en: Client, alice: User, dora: User, person: Person
) -> None:
    login(en, alice)
    upload(en, person)
    recording = CallRecording.objects.get()
    login(en, dora)
    response = en.get(reverse("communications:recording_play", args=[recording.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"  # type: ignore[attr-defined]
    (event,) = events("recording.played")
    assert (event.actor, event.kind, event.entity_id) == (dora, "consultation", recording.pk)
    assert subject_ids(event) == [person.pk]


def test_downloading_a_recording_is_an_attachment_and_audited(
    en: Client, alice: User, person: Person
) -> None:
    login(en, alice)
    upload(en, person)
    recording = CallRecording.objects.get()
    response = en.get(reverse("communications:recording_download", args=[recording.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"recording-{recording.pk}.wav" in response["Content-Disposition"]
    assert len(events("recording.downloaded")) == 1


def test_billing_and_outsiders_cannot_hear_recordings(
    en: Client, alice: User, bob: User, charlie: User, person: Person
) -> None:
    login(en, alice)
    upload(en, person)
    recording = CallRecording.objects.get()
    for user in (bob, charlie):
        login(en, user)
        assert (
            en.get(reverse("communications:recording_play", args=[recording.pk])).status_code == 403
        )
        assert upload(en, person).status_code == 403  # type: ignore[attr-defined]
    assert events("recording.played") == []


def test_recordings_have_no_public_media_url(en: Client, alice: User, person: Person) -> None:
    login(en, alice)
    upload(en, person)
    recording = CallRecording.objects.get()
    assert en.get("/media/" + recording.audio.name).status_code == 404
    assert en.get("/" + recording.audio.name).status_code == 404


def test_a_recording_whose_file_is_missing_is_404(
    en: Client, alice: User, person: Person, media: Path
) -> None:
    login(en, alice)
    upload(en, person)
    recording = CallRecording.objects.get()
    (media / recording.audio.name).unlink()
    assert en.get(reverse("communications:recording_play", args=[recording.pk])).status_code == 404
    assert events("recording.played") == []
