"""Base class for Kirjaamo's management commands: messages in the operator's language.

Django deactivates translations in management commands. Kirjaamo's commands speak the operator's
language instead: `KIRJAAMO_LANGUAGE` (fi, sv or en) if set, else the language of the POSIX locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`) when it is one of those, else Finnish, the default UI language.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

SUPPORTED = ("fi", "sv", "en")


def cli_language() -> str:
    explicit = os.environ.get("KIRJAAMO_LANGUAGE", "").strip().lower()
    if explicit in SUPPORTED:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        prefix = value[:2].lower()
        if prefix in SUPPORTED:
            return prefix
    return str(settings.LANGUAGE_CODE)


class RegisterCommand(BaseCommand):
    """A management command whose output is translated into `cli_language()`."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(cli_language()):
            return super().execute(*args, **options)
