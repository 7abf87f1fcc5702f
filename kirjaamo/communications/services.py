"""Writes of notes, call recordings and message metadata."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.communications.choices import Direction, MessageChannel, NoteCategory
from kirjaamo.communications.models import CallRecording, Message, Note
from kirjaamo.parties.models import Party

AUDIO_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "m4a": "audio/mp4",
}
MAX_NOTE = 5000


def _sniff_audio(head: bytes) -> str | None:
    """The audio content type the file's first bytes announce, or None if they are not audio.

    The file name's suffix is chosen by whoever uploads it; the content must match it, so a
    document or a web page renamed to `.wav` is not stored and later served as a recording.
    """
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"OggS":
        return "audio/ogg"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"  # ID3 tag or an MPEG audio frame header
    return None


@transaction.atomic
def note_create(*, actor: Actor, party: Party, category: str, text: str) -> Note:
    errors: dict[str, list[str]] = {}
    text = text.strip()
    if category not in NoteCategory.values:
        errors["category"] = [_("Choose a category.")]
    if not text:
        errors["text"] = [_("The note is empty.")]
    elif len(text) > MAX_NOTE:
        errors["text"] = [_("The note is too long (at most 5000 characters).")]
    if errors:
        raise ValidationError(errors)
    note = Note.objects.create(
        party=party, category=category, text=text, author=actor.user, created_at=timezone.now()
    )
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="note.created",
        entity="communications.Note",
        entity_id=note.pk,
        fields=["category", "text"],
        party_ids=[party.pk],
    )
    return note


@transaction.atomic
def note_delete(*, actor: Actor, note: Note) -> None:
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="note.deleted",
        entity="communications.Note",
        entity_id=note.pk,
        fields=["category", "text"],
        party_ids=[note.party_id],
    )
    note.delete()


@transaction.atomic
def call_recording_add(
    *,
    actor: Actor,
    party: Party,
    audio: File,  # type: ignore[type-arg]
    filename: str,
    recorded_at: dt.datetime,
    duration_seconds: int,
    caller_informed: bool,
    agent: User | None = None,
) -> CallRecording:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    errors: dict[str, list[str]] = {}
    audio.seek(0)
    head = audio.read(12)
    audio.seek(0)
    if suffix not in AUDIO_TYPES or _sniff_audio(bytes(head)) != AUDIO_TYPES[suffix]:
        errors["audio"] = [_("Upload an audio file (wav, mp3, ogg, opus or m4a).")]
    if duration_seconds < 0 or duration_seconds > 24 * 3600:
        errors["duration_seconds"] = [_("The duration is out of range.")]
    if errors:
        raise ValidationError(errors)
    recording = CallRecording(
        party=party,
        content_type=AUDIO_TYPES[suffix],
        recorded_at=recorded_at,
        agent=agent,
        duration_seconds=duration_seconds,
        caller_informed=caller_informed,
    )
    recording.audio.save(f"recording.{suffix}", audio, save=False)
    try:
        recording.save()
        audit_record(
            actor=actor,
            kind=EventKind.WRITE,
            action="recording.added",
            entity="communications.CallRecording",
            entity_id=recording.pk,
            fields=["audio", "recorded_at", "duration_seconds", "caller_informed", "agent"],
            party_ids=[party.pk],
        )
    except Exception:
        # Nothing half-written: the file must not outlive a failed transaction.
        recording.audio.delete(save=False)
        raise
    return recording


@transaction.atomic
def message_record(
    *,
    actor: Actor,
    party: Party,
    channel: str,
    direction: str,
    occurred_at: dt.datetime,
    subject: str = "",
) -> Message:
    errors: dict[str, list[str]] = {}
    if channel not in MessageChannel.values:
        errors["channel"] = [_("Unknown channel.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Unknown direction.")]
    if len(subject) > 300:
        errors["subject"] = [_("The subject is too long.")]
    if errors:
        raise ValidationError(errors)
    message = Message.objects.create(
        party=party, channel=channel, direction=direction, occurred_at=occurred_at, subject=subject
    )
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="message.recorded",
        entity="communications.Message",
        entity_id=message.pk,
        fields=["channel", "direction", "occurred_at", "subject"],
        party_ids=[party.pk],
    )
    return message
