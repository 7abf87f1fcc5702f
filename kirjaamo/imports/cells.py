"""Turning one cell of an import file into a value.

A CSV cell is always text. An XLSX cell may be text, a number, a date or a boolean, and a
spreadsheet silently turns some texts into numbers: the postal code 00100 becomes 100 and the
phone number 040 123 4567 becomes 401234567. Those cannot be repaired reliably, so the converters
refuse them with an explanation instead of guessing. Numbers that are safe to read as text
(customer, contract and invoice numbers typed as numbers) are accepted.

Every converter raises `CellError`, whose message is a translated sentence that never repeats
the cell's value (it may be personal data and the message ends up in a report).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class CellError(ValueError):
    """The cell cannot be read as the column's kind of value; str(error) says why."""


_FI_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_AMOUNT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_TRUE = {"true", "1", "yes", "y", "x", "kyllä", "k", "ja", "sant"}
_FALSE = {"false", "0", "no", "n", "ei", "e", "nej", "falskt"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _whole(value: int | float | Decimal) -> int:
    if isinstance(value, float | Decimal) and value != int(value):
        raise CellError(_("The number must be a whole number."))
    return int(value)


def text(value: object) -> str:
    """Free text (names, addresses, e-mail). Numbers are written without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def code(value: object) -> str:
    """An identifier such as a customer number; whole numbers typed as numbers are fine.

    A leading zero of a number typed as a number is gone before Kirjaamo sees the file; the
    import documentation tells operators whose numbers have leading zeros to use text cells.
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(_whole(value))
    if isinstance(value, dt.date):
        raise CellError(_("The spreadsheet shows a date here; format the column as text."))
    return text(value)


def digits_text(value: object, *, width: int) -> str:
    """Postal codes: a number with exactly `width` digits is fine, a shorter one lost zeros."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        digits = str(_whole(value))
        if len(digits) != width:
            raise CellError(
                _(
                    "The spreadsheet stores the code as a number, so its leading zeros are lost "
                    "(00100 becomes 100). Format the column as text and enter the code again."
                )
            )
        return digits
    return text(value)


def phone_text(value: object) -> str:
    """Phone numbers must be text: as a number, the leading 0 or + is already lost."""
    if _is_number(value):
        raise CellError(
            _(
                "The spreadsheet stores the phone number as a number, so its leading 0 or + is "
                "lost. Format the column as text and enter the number again."
            )
        )
    return text(value)


def date(value: object) -> dt.date | None:
    """A date cell, or text as 2026-01-31 (ISO) or 31.1.2026 (Finnish). Empty gives None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if _is_number(value):
        raise CellError(
            _(
                "The spreadsheet shows a number here, not a date. Format the column as a date "
                "or write the date as 31.1.2026 or 2026-01-31."
            )
        )
    raw = text(value)
    if not raw:
        return None
    match = _FI_DATE.fullmatch(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.fullmatch(raw)
        if not match:
            raise CellError(_("Write the date as 31.1.2026 or 2026-01-31."))
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("There is no such date in the calendar.")) from exc


def amount_cents(value: object) -> int | None:
    """Euros with a comma or a dot as the decimal sign (12,50 or 12.50) as integer cents.

    Spaces (also non-breaking) may group thousands; a "€" or "EUR" is ignored. More than two
    decimals, or a dot and a comma in the same amount, are refused rather than rounded.
    """
    if value is None:
        return None
    if isinstance(value, float):
        # repr() gives the shortest decimal that round-trips the float: 12.35, not 12.3499….
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raw = _SPACES.sub("", text(value)).replace("€", "").removesuffix("EUR")
        if not raw:
            return None
        if not _AMOUNT.fullmatch(raw):
            raise CellError(_("Write the amount in euros, e.g. 12,50 or 12.50."))
        number = Decimal(raw.replace(",", "."))
    try:
        cents = number * 100
    except InvalidOperation as exc:  # pragma: no cover (Decimal from a matched pattern)
        raise CellError(_("Write the amount in euros, e.g. 12,50 or 12.50.")) from exc
    if cents != cents.to_integral_value():
        raise CellError(_("The amount has more than two decimals."))
    return int(cents)


def flag(value: object) -> bool:
    """true/false, 1/0, yes/no, kyllä/ei, ja/nej, x/empty, or a spreadsheet boolean."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raw = text(value).casefold()
    if raw == "" or raw in _FALSE:
        return False
    if raw in _TRUE:
        return True
    raise CellError(_("Write true or false (or kyllä / ei)."))


def optional_flag(value: object) -> bool | None:
    """As `flag`, but an empty cell is None ("not given", keep what the register has)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return flag(value)


def choice(value: object) -> str:
    """A value from a fixed list (`in collection` -> `in_collection`): lower case, spaces and
    hyphens as underscores. Whether it is one of the list is the validator's business."""
    return "_".join(code(value).lower().replace("-", " ").split())
