"""The filter form of the DPO's audit page. Filters are ids, action names and dates only, so
they may travel in the URL (GET) without carrying personal values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirjaamo.accounts.models import User
from kirjaamo.audit.choices import Channel, EventKind

MAX_STAFF_CHOICES = 1000


class AuditFilterForm(forms.Form):
    party = forms.IntegerField(
        label=_("Party number"),
        required=False,
        min_value=1,
        help_text=_("The number of a person or organisation (from the customer card's address)."),
    )
    actor = forms.TypedChoiceField(label=_("Staff user"), required=False, coerce=int)
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("E.g. party.viewed, or the beginning of one: contact_point."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *EventKind.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("Inclusive."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.order_by("username").values_list("pk", "username")[:MAX_STAFF_CHOICES]
        self.fields["actor"].choices = [("", _("All")), *((pk, name) for pk, name in users)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def time_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The dates as aware datetimes in Europe/Helsinki; `until` is the next midnight."""
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(since, dt.time.min, tzinfo=tz) if since else None
        end = (
            dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            if until
            else None
        )
        return start, end
