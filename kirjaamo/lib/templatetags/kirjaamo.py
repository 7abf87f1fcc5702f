"""Display filters shared by the staff UI: dates in Europe/Helsinki, money, phone numbers.

Registered as the template library `kirjaamo` (settings.TEMPLATES libraries); load it with
`{% load kirjaamo %}`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

from kirjaamo.lib.identifiers import phone_display

register = template.Library()


@register.filter
def fdate(value: dt.date | dt.datetime | None) -> str:
    """A date as Finns write it in every UI language: 24.11.2026."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day}.{value.month}.{value.year}"


@register.filter
def fdatetime(value: dt.datetime | None) -> str:
    """An aware datetime in Europe/Helsinki: 24.11.2026 14.05 (14:05 in English)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    separator = ":" if (get_language() or "fi").startswith("en") else "."
    return f"{local.day}.{local.month}.{local.year} {local:%H}{separator}{local:%M}"


@register.filter
def isodatetime(value: dt.datetime | None) -> str:
    """Machine-readable time for <time datetime=…>."""
    if value is None:
        return ""
    return value.isoformat()


@register.filter
def euros(cents: int | None) -> str:
    """Integer cents as euros in the UI language's number format: 29,90 €."""
    if cents is None:
        return ""
    amount = formats.number_format(Decimal(cents) / 100, decimal_pos=2, use_l10n=True)
    return f"{amount}\u00a0€"


@register.filter
def phone(value: str | None) -> str:
    """An E.164 number in its usual national or international form."""
    return phone_display(value) if value else ""


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
