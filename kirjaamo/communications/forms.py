"""Forms for notes and call recordings. Writes go through kirjaamo.communications.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirjaamo.audit.actor import Actor
from kirjaamo.communications import services
from kirjaamo.communications.choices import NoteCategory
from kirjaamo.communications.models import CallRecording, Note
from kirjaamo.parties.models import Party

MAX_RECORDING_BYTES = 50 * 1024 * 1024


class NoteForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=NoteCategory.choices, initial=NoteCategory.GENERAL
    )
    text = forms.CharField(
        label=_("Note"),
        max_length=services.MAX_NOTE,
        strip=True,
        help_text=_(
            "Write only what the customer relationship needs. The customer can ask to see "
            "every note."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def save(self, *, actor: Actor, party: Party) -> Note:
        return services.note_create(
            actor=actor,
            party=party,
            category=self.cleaned_data["category"],
            text=self.cleaned_data["text"],
        )


class RecordingForm(forms.Form):
    audio = forms.FileField(
        label=_("Audio file"),
        help_text=_("wav, mp3, ogg, opus or m4a; at most 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,.wav,.mp3,.ogg,.opus,.m4a"}),
    )
    recorded_at = forms.DateTimeField(
        label=_("Recorded at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_seconds = forms.IntegerField(
        label=_("Duration (seconds)"), min_value=0, max_value=24 * 3600
    )
    caller_informed = forms.BooleanField(
        label=_("The caller was told before the recording started"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"recorded_at": timezone.localtime().replace(second=0)})
        super().__init__(*args, **kwargs)

    def clean_audio(self) -> Any:
        audio = self.cleaned_data["audio"]
        if audio.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if audio.size > MAX_RECORDING_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 50 MB)."))
        return audio

    def clean_recorded_at(self) -> Any:
        value = self.cleaned_data["recorded_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("The recording time is in the future."))
        return value

    def save(self, *, actor: Actor, party: Party) -> CallRecording:
        data = self.cleaned_data
        return services.call_recording_add(
            actor=actor,
            party=party,
            audio=data["audio"],
            filename=data["audio"].name or "",
            recorded_at=data["recorded_at"],
            duration_seconds=data["duration_seconds"],
            caller_informed=data["caller_informed"],
            agent=actor.user,
        )
