"""Communication services: notes, call recordings (files in media storage) and messages."""

from __future__ import annotations

import datetime as dt
import io
import re
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Channel
from kirjaamo.audit.models import AuditEvent
from kirjaamo.communications import services
from kirjaamo.communications.models import CallRecording, Message, Note
from kirjaamo.parties.models import Party, Person
from kirjaamo.tests import assert_audit_free_of, events, subject_ids

pytestmark = pytest.mark.django_db

RECORDED = dt.datetime(2025, 5, 2, 9, 30, tzinfo=dt.UTC)
NOTE = "Asiakas Matti Virtanen soitti numerosta 040 123 4567 laskusta."


@pytest.fixture
def party(make_person: Callable[..., Person]) -> Party:
    return make_person(with_contacts=False, first_names="Matti", last_name="Virtanen").party


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


AUDIO_SAMPLES = {
    "wav": wav_bytes(),
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 64,
    "ogg": b"OggS\x00\x02" + b"\x00" * 64,
    "opus": b"OggS\x00\x02" + b"\x00" * 64,
    "m4a": b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 64,
}


def recording_files(media: Path) -> list[Path]:
    folder = media / "recordings"
    return sorted(folder.iterdir()) if folder.exists() else []


def add_recording(actor: Actor, party: Party, **overrides: object) -> CallRecording:
    values: dict[str, object] = {
        "audio": ContentFile(AUDIO_SAMPLES["wav"]),
        "filename": "0401234567 Matti Virtanen.WAV",
        "recorded_at": RECORDED,
        "duration_seconds": 95,
        "caller_informed": True,
    }
    values.update(overrides)
    return services.call_recording_add(actor=actor, party=party, **values)  # type: ignore[arg-type]


def test_it_creates_a_note_audited_without_its_text(
    actor: Actor, party: Party, alice: User
) -> None:
    staff = Actor(user=alice, channel=Channel.UI, purpose="customer_service")
    before = AuditEvent.objects.count()
    note = services.note_create(actor=staff, party=party, category="billing", text=f"  {NOTE}  ")
    assert AuditEvent.objects.count() == before + 1
    note.refresh_from_db()
    assert note.text == NOTE
    assert note.author == alice
    assert note.category == "billing"
    (event,) = events("note.created")
    assert event.fields == ["category", "text"]
    assert subject_ids(event) == [party.pk]
    assert_audit_free_of(NOTE, "Matti Virtanen", "040 123 4567", "laskusta")


def test_a_note_may_be_exactly_at_the_length_limit(actor: Actor, party: Party) -> None:
    note = services.note_create(actor=actor, party=party, category="general", text="x" * 5000)
    assert len(note.text) == 5000


@pytest.mark.parametrize(
    ("category", "text", "fields"),
    [
        ("general", "", {"text"}),
        ("general", " \n\t ", {"text"}),
        ("general", "x" * 5001, {"text"}),
        ("gossip", "text", {"category"}),
        ("gossip", "", {"category", "text"}),
    ],
)
def test_it_rejects_invalid_notes(
    actor: Actor, party: Party, category: str, text: str, fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.note_create(actor=actor, party=party, category=category, text=text)
    assert set(excinfo.value.message_dict) == fields
    assert Note.objects.count() == 0


def test_it_deletes_a_note_with_one_audit_event(actor: Actor, party: Party) -> None:
    note = services.note_create(actor=actor, party=party, category="general", text=NOTE)
    pk = note.pk
    before = AuditEvent.objects.count()
    services.note_delete(actor=actor, note=note)
    assert AuditEvent.objects.count() == before + 1
    assert not Note.objects.filter(pk=pk).exists()
    (event,) = events("note.deleted")
    assert event.entity_id == pk
    assert subject_ids(event) == [party.pk]
    assert_audit_free_of(NOTE)


def test_a_call_recording_is_stored_under_a_random_name(
    actor: Actor, party: Party, media: Path, alice: User
) -> None:
    before = AuditEvent.objects.count()
    first = add_recording(actor, party, agent=alice)
    second = add_recording(actor, party)
    assert AuditEvent.objects.count() == before + 2
    first.refresh_from_db()
    assert re.fullmatch(r"recordings/[0-9a-f]{32}\.wav", first.audio.name)
    assert first.audio.name != second.audio.name
    for text in ("0401234567", "Matti", "Virtanen", "recording."):
        assert text not in first.audio.name
    assert first.content_type == "audio/wav"
    assert (first.recorded_at, first.duration_seconds, first.caller_informed) == (
        RECORDED,
        95,
        True,
    )
    assert first.agent == alice
    assert (media / first.audio.name).read_bytes() == AUDIO_SAMPLES["wav"]
    assert len(recording_files(media)) == 2
    event = events("recording.added")[0]
    assert event.entity_id == first.pk
    assert subject_ids(event) == [party.pk]
    assert_audit_free_of("0401234567 Matti Virtanen", first.audio.name.split("/")[1])


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [("mp3", "audio/mpeg"), ("ogg", "audio/ogg"), ("opus", "audio/ogg"), ("m4a", "audio/mp4")],
)
def test_it_accepts_each_audio_format(
    actor: Actor, party: Party, media: Path, suffix: str, content_type: str
) -> None:
    recording = add_recording(
        actor, party, audio=ContentFile(AUDIO_SAMPLES[suffix]), filename=f"call.{suffix}"
    )
    assert recording.content_type == content_type
    assert recording.audio.name.endswith(f".{suffix}")


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("notes.txt", b"just text"),
        ("call", AUDIO_SAMPLES["wav"]),
        ("report.pdf", b"%PDF-1.7\n"),
        ("disguised.wav", b"%PDF-1.7\n" + b"\x00" * 64),  # a document renamed to .wav
        ("disguised.mp3", b"<html><script>alert(1)</script></html>"),
        ("empty.ogg", b""),
    ],
)
def test_it_refuses_files_that_are_not_audio(
    actor: Actor, party: Party, media: Path, filename: str, content: bytes
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add_recording(actor, party, audio=ContentFile(content), filename=filename)
    assert list(excinfo.value.message_dict) == ["audio"]
    assert CallRecording.objects.count() == 0
    assert recording_files(media) == []


@pytest.mark.parametrize("seconds", [-1, 24 * 3600 + 1])
def test_it_refuses_an_impossible_duration(
    actor: Actor, party: Party, media: Path, seconds: int
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add_recording(actor, party, duration_seconds=seconds)
    assert list(excinfo.value.message_dict) == ["duration_seconds"]
    assert recording_files(media) == []


def test_the_file_is_removed_when_the_database_write_fails(
    actor: Actor, party: Party, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("simulated database failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        add_recording(actor, party)
    assert CallRecording.objects.count() == 0
    assert recording_files(media) == []


def test_it_records_message_metadata(actor: Actor, party: Party) -> None:
    before = AuditEvent.objects.count()
    message = services.message_record(
        actor=actor,
        party=party,
        channel="email",
        direction="in",
        occurred_at=RECORDED,
        subject="Laskukopio, Matti Virtanen",
    )
    assert AuditEvent.objects.count() == before + 1
    message.refresh_from_db()
    assert (message.channel, message.direction, message.occurred_at) == ("email", "in", RECORDED)
    (event,) = events("message.recorded")
    assert subject_ids(event) == [party.pk]
    assert_audit_free_of("Laskukopio, Matti Virtanen")


@pytest.mark.parametrize(
    ("channel", "direction", "subject", "fields"),
    [
        ("pigeon", "in", "", {"channel"}),
        ("sms", "sideways", "", {"direction"}),
        ("letter", "out", "s" * 301, {"subject"}),
    ],
)
def test_it_rejects_invalid_messages(
    actor: Actor, party: Party, channel: str, direction: str, subject: str, fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.message_record(
            actor=actor,
            party=party,
            channel=channel,
            direction=direction,
            occurred_at=RECORDED,
            subject=subject,
        )
    assert set(excinfo.value.message_dict) == fields
    assert Message.objects.count() == 0
