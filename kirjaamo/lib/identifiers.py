"""Finnish identifiers: HETU, Y-tunnus, phone numbers, postal codes, e-mail.

All normalisation goes through python-stdnum and phonenumbers, never hand-written checksums.
Functions raise `IdentifierError` whose message is a translatable sentence that never repeats the
value itself (the value is personal data and error messages end up in logs and reports).
"""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu as stdnum_hetu
from stdnum.fi import ytunnus as stdnum_ytunnus


class IdentifierError(ValueError):
    """The value is not a valid identifier; str(error) is a user-facing sentence."""


_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
_CENTURY.update({c: 2000 for c in "ABCDEF"})


def hetu_normalize(value: str, *, allow_temporary: bool = False) -> str:
    """Validate a HETU and return its canonical 11-character form.

    The century sign is kept exactly as given: since 2023 `-` and `Y` (and the other new signs)
    denote different people, so it is part of the identity (LEGAL.md §4.1). Individual numbers
    900–999 are temporary codes and are accepted only with `allow_temporary`.
    """
    try:
        return str(stdnum_hetu.validate(value, allow_temporary=allow_temporary))
    except StdnumError as exc:
        compact = str(stdnum_hetu.compact(value)) if value else ""
        if (
            not allow_temporary
            and len(compact) == 11
            and compact[7:10].isdigit()
            and int(compact[7:10]) >= 900
            and stdnum_hetu.is_valid(compact, allow_temporary=True)
        ):
            raise IdentifierError(
                _("This is a temporary identity code (900–999); mark it as temporary to save it.")
            ) from exc
        raise IdentifierError(_("Not a valid Finnish personal identity code (HETU).")) from exc


def hetu_is_temporary(hetu: str) -> bool:
    return int(hetu[7:10]) >= 900


def hetu_birth_date(hetu: str) -> dt.date:
    century = _CENTURY[hetu[6].upper()]
    return dt.date(century + int(hetu[4:6]), int(hetu[2:4]), int(hetu[0:2]))


def hetu_mask(hetu: str) -> str:
    """Show only the birth-date part and the century sign: `131052-****`."""
    return hetu[:7] + "****"


def looks_like_hetu(text: str) -> bool:
    return bool(re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", text.strip(), re.IGNORECASE))


def business_id_normalize(value: str) -> str:
    """Validate a Y-tunnus and return it as `NNNNNNN-C`."""
    try:
        return str(stdnum_ytunnus.format(stdnum_ytunnus.validate(value)))
    except StdnumError as exc:
        raise IdentifierError(_("Not a valid business ID (Y-tunnus), e.g. 1234567-8.")) from exc


def looks_like_business_id(text: str) -> bool:
    return bool(re.fullmatch(r"\d{7}-\d", text.strip()))


# Digits and the usual separators only. phonenumbers would otherwise pick a number out of
# free text and silently drop the rest ("040 1234567; 050 7654321", "... ext. 12") or turn
# letters into digits ("040 ABC 4567").
_PHONE_CHARS = re.compile(r"\+?[\d\s()./-]+")


def phone_normalize(value: str, *, region: str = "FI") -> str:
    """Parse a phone number in any common form and return it in E.164 (`+358401234567`)."""
    if not _PHONE_CHARS.fullmatch(value.strip()):
        raise IdentifierError(_("Not a phone number."))
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise IdentifierError(_("Not a phone number.")) from exc
    if not phonenumbers.is_possible_number(parsed) or not phonenumbers.is_valid_number(parsed):
        raise IdentifierError(_("Not a valid phone number."))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def phone_display(e164: str) -> str:
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 358:
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


# No country's postal codes are longer than 10 characters (e.g. US ZIP+4 "12345-6789").
MAX_POSTAL_CODE = 10
# RFC 5321 limits a forward path to 256 octets including the angle brackets.
MAX_EMAIL = 254


def postal_code_normalize(value: str, *, country: str = "FI") -> str:
    """Finnish postal codes are exactly five digits; other countries are kept as given."""
    code = value.strip().replace(" ", "") if country == "FI" else value.strip()
    if country == "FI" and not re.fullmatch(r"\d{5}", code):
        raise IdentifierError(_("A Finnish postal code has exactly five digits, e.g. 00100."))
    if not code:
        raise IdentifierError(_("Postal code is required."))
    if len(code) > MAX_POSTAL_CODE:
        raise IdentifierError(_("A postal code has at most 10 characters."))
    return code


def email_normalize(value: str) -> str:
    """Validate an e-mail address; the domain is lower-cased, the local part kept."""
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise IdentifierError(_("Not a valid e-mail address.")) from exc
    if len(value) > MAX_EMAIL:
        raise IdentifierError(_("An e-mail address has at most 254 characters."))
    local, _sep, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"
