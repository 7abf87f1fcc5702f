"""The demo staff logins: one account per role, one generated password stored in var/."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kirjaamo.accounts.choices import Role

DEMO_USERS: list[tuple[str, str, str, str]] = [
    # username, role, first name, last name (synthetic staff)
    ("asiakaspalvelu", Role.CUSTOMER_SERVICE, "Aino", "Asiakaspalvelu"),
    ("laskutus", Role.BILLING, "Lauri", "Laskutus"),
    ("asentaja", Role.INSTALLER, "Antti", "Asentaja"),
    ("markkinointi", Role.MARKETING, "Mirja", "Markkinointi"),
    ("tietosuoja", Role.DPO, "Tiina", "Tietosuoja"),
    ("paakayttaja", Role.ADMIN, "Pekka", "Pääkäyttäjä"),
]
DEMO_REASON = _("Demo account created by `kirjaamo demo`")


def demo_password_path() -> Path:
    return Path(settings.VAR_DIR) / "demo_password"
