"""Communications with a party: notes, call recordings and message metadata."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirjaamo.communications.choices import Direction, MessageChannel, NoteCategory
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.models import Party


def recording_path(instance: CallRecording, filename: str) -> str:
    # The stored file name is random: the original name may contain a phone number or a name.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"recordings/{uuid.uuid4().hex}.{suffix[:8]}"


@personal_data("category", "text", "created_at", not_personal=("id", "party", "author"))
class Note(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(_("category"), max_length=16, choices=NoteCategory.choices)
    text = models.TextField(_("text"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["party", "-created_at"], name="note_party_idx")]


@personal_data(
    "audio",
    "recorded_at",
    "duration_seconds",
    "caller_informed",
    not_personal=("id", "party", "content_type", "agent"),
)
class CallRecording(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="recordings")
    audio = models.FileField(_("audio file"), upload_to=recording_path)
    content_type = models.CharField(max_length=100, default="audio/wav")
    recorded_at = models.DateTimeField(_("recorded at"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_seconds = models.PositiveIntegerField(_("duration (s)"))
    caller_informed = models.BooleanField(
        _("caller was told of the recording"),
        help_text=_("GDPR-15-CALLREC: customers must be told before recording starts."),
    )

    class Meta:
        verbose_name = _("call recording")
        verbose_name_plural = _("call recordings")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["party", "-recorded_at"], name="recording_party_idx")]


@personal_data("channel", "direction", "occurred_at", "subject", not_personal=("id", "party"))
class Message(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(_("channel"), max_length=16, choices=MessageChannel.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    occurred_at = models.DateTimeField(_("time"))
    subject = models.CharField(_("subject"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["party", "-occurred_at"], name="message_party_idx")]
