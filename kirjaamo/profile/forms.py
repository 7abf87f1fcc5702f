"""Input of the DPO's profile pages: publishing, comparing versions, exporting the ROPA."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kirjaamo.profile.ropa import FORMATS as ROPA_FORMATS

LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]

# The value of the diff form's choice that stands for the active profile file (not yet published).
ACTIVE_FILE = "file"


class PublishForm(forms.Form):
    valid_from = forms.DateField(
        label=_("Valid from"),
        help_text=_("The date the new notice takes effect, e.g. 1.3.2027."),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the date as 1.3.2027 or 2027-03-01.")},
    )


class DiffForm(forms.Form):
    old = forms.ChoiceField(label=_("Earlier version"))
    new = forms.ChoiceField(label=_("Later version"))

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(_("Version %(number)d") % {"number": n})) for n in numbers]
        choices.append((ACTIVE_FILE, str(_("The active profile file (not published)"))))
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Choose two different versions to compare."))
        return data


class RopaForm(forms.Form):
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", "")] + [(f, f.upper()) for f in ROPA_FORMATS],
        required=False,
    )
