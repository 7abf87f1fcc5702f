"""Synthetic personal data for the demo, the scale generator and tests.

Never real people: names come from Faker's fi_FI word lists, HETUs are computed to be *valid but
synthetic* (random date and individual number), phone numbers are in ranges Traficom reserves
for drama and documentation where possible (040 1xx …) — still syntactically valid.
"""

from __future__ import annotations

import datetime as dt
import random

HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"  # LEGAL.md §4.1


def hetu_for(birth_date: dt.date, individual: int, *, sign: str | None = None) -> str:
    """A HETU for the date and individual number (2–999); the check character is computed."""
    if sign is None:
        sign = {18: "+", 19: "-", 20: "A"}[birth_date.year // 100]
    ddmmyy = birth_date.strftime("%d%m%y")
    check = HETU_CHECK[int(f"{ddmmyy}{individual:03d}") % 31]
    return f"{ddmmyy}{sign}{individual:03d}{check}"


def random_birth_date(rng: random.Random, *, min_age: int = 18, max_age: int = 90) -> dt.date:
    today = dt.date(2026, 1, 1)
    days = rng.randint(min_age * 365, max_age * 365)
    return today - dt.timedelta(days=days)


def random_hetu(rng: random.Random) -> str:
    return hetu_for(random_birth_date(rng), rng.randint(2, 899))


def random_mobile(rng: random.Random) -> str:
    """A valid Finnish mobile number in national form, e.g. 040 123 4567."""
    prefix = rng.choice(["040", "041", "044", "045", "046", "050"])
    return f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def random_postal_code(rng: random.Random) -> str:
    return f"{rng.randint(0, 99):02d}{rng.randint(1, 9)}{rng.randint(0, 9)}0"
