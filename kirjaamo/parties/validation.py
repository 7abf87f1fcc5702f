"""Pure validation of party data, shared by the services, the forms and the bulk importer.

Each `clean_*` function returns the cleaned values or raises Django's `ValidationError` with a
dict of field -> messages. Messages are translated sentences that never repeat the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kirjaamo.lib.identifiers import (
    IdentifierError,
    business_id_normalize,
    email_normalize,
    hetu_birth_date,
    hetu_is_temporary,
    hetu_normalize,
    phone_normalize,
    postal_code_normalize,
)
from kirjaamo.lib.text import fold
from kirjaamo.parties.choices import ContactPointKind, ContactPointUse, Language, Source

MAX_NAME = 200
# TextChoices.values builds a new list on every access; validation runs per imported row.
_LANGUAGES = frozenset(Language.values)
_SOURCES = frozenset(Source.values)
_USES = frozenset(ContactPointUse.values)
# Length of the folded search columns (Party.search_name, ContactPoint.search_text). Two names of
# MAX_NAME characters plus a space, or folding that expands characters ("ß" -> "ss"), can
# exceed it; the folded copy is cut to fit rather than failing the save on PostgreSQL.
MAX_SEARCH_TEXT = 400
MAX_POST_OFFICE = 100


@dataclass
class PersonData:
    first_names: str
    last_name: str
    hetu: str | None
    hetu_temporary: bool
    birth_date: dt.date | None
    language: str
    profession: str

    @property
    def search_name(self) -> str:
        return fold(f"{self.first_names} {self.last_name}")[:MAX_SEARCH_TEXT]


def clean_person(
    *,
    first_names: str,
    last_name: str,
    hetu: str | None,
    hetu_temporary: bool,
    birth_date: dt.date | None,
    language: str,
    profession: str,
) -> PersonData:
    errors: dict[str, list[str]] = {}
    first_names = " ".join((first_names or "").split())
    last_name = " ".join((last_name or "").split())
    profession = " ".join((profession or "").split())
    if not first_names:
        errors.setdefault("first_names", []).append(_("First names are required."))
    elif len(first_names) > MAX_NAME:
        errors.setdefault("first_names", []).append(_("First names are too long."))
    if not last_name:
        errors.setdefault("last_name", []).append(_("Last name is required."))
    elif len(last_name) > MAX_NAME:
        errors.setdefault("last_name", []).append(_("Last name is too long."))
    if len(profession) > MAX_NAME:
        errors.setdefault("profession", []).append(_("Profession is too long."))
    if language not in _LANGUAGES:
        errors.setdefault("language", []).append(_("Language must be fi, sv or en."))
    clean_hetu: str | None = None
    if hetu and hetu.strip():
        try:
            clean_hetu = hetu_normalize(hetu, allow_temporary=hetu_temporary)
        except IdentifierError as exc:
            errors.setdefault("hetu", []).append(str(exc))
        else:
            if hetu_temporary and not hetu_is_temporary(clean_hetu):
                errors.setdefault("hetu_temporary", []).append(
                    _("Only codes with individual number 900–999 are temporary.")
                )
            derived = hetu_birth_date(clean_hetu)
            if birth_date is None:
                birth_date = derived
            elif birth_date != derived:
                errors.setdefault("birth_date", []).append(
                    _("The date of birth does not match the identity code.")
                )
    elif hetu_temporary:
        errors.setdefault("hetu_temporary", []).append(
            _("A code can be marked temporary only when one is given.")
        )
    if birth_date is not None and birth_date > dt.date.today():  # noqa: DTZ011 (a calendar date)
        errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
    if errors:
        raise ValidationError(errors)
    return PersonData(
        first_names=first_names,
        last_name=last_name,
        hetu=clean_hetu,
        hetu_temporary=bool(clean_hetu) and hetu_temporary,
        birth_date=birth_date,
        language=language,
        profession=profession,
    )


@dataclass
class OrganisationData:
    name: str
    business_id: str | None
    association_number: str

    @property
    def search_name(self) -> str:
        return fold(self.name)[:MAX_SEARCH_TEXT]


def clean_organisation(
    *, name: str, business_id: str | None, association_number: str
) -> OrganisationData:
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors.setdefault("name", []).append(_("Name is required."))
    elif len(name) > 300:
        errors.setdefault("name", []).append(_("Name is too long."))
    clean_id: str | None = None
    if business_id and business_id.strip():
        try:
            clean_id = business_id_normalize(business_id)
        except IdentifierError as exc:
            errors.setdefault("business_id", []).append(str(exc))
    association_number = (association_number or "").strip()
    if len(association_number) > 20:
        errors.setdefault("association_number", []).append(
            _("Association register number is too long.")
        )
    if errors:
        raise ValidationError(errors)
    return OrganisationData(name=name, business_id=clean_id, association_number=association_number)


@dataclass
class ContactPointData:
    kind: str
    use: str
    street: str = ""
    postal_code: str = ""
    post_office: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""
    source: str = Source.DATA_SUBJECT

    @property
    def search_text(self) -> str:
        if self.kind == ContactPointKind.ADDRESS:
            return fold(f"{self.street} {self.postal_code} {self.post_office}")[:MAX_SEARCH_TEXT]
        if self.kind == ContactPointKind.EMAIL:
            return self.email.casefold()[:MAX_SEARCH_TEXT]
        return ""

    def values(self) -> dict[str, str]:
        return {
            "street": self.street,
            "postal_code": self.postal_code,
            "post_office": self.post_office,
            "country": self.country,
            "phone": self.phone,
            "email": self.email,
            "use": self.use,
            "source": self.source,
        }


def clean_contact_point(
    *,
    kind: str,
    source: str,
    use: str = ContactPointUse.GENERAL,
    street: str = "",
    postal_code: str = "",
    post_office: str = "",
    country: str = "FI",
    phone: str = "",
    email: str = "",
) -> ContactPointData:
    errors: dict[str, list[str]] = {}
    if source not in _SOURCES:
        errors.setdefault("source", []).append(_("Choose where the data came from."))
    if use not in _USES:
        errors.setdefault("use", []).append(_("Unknown use."))
    data = ContactPointData(kind=kind, use=use, source=source)
    if kind == ContactPointKind.ADDRESS:
        data.street = " ".join((street or "").split())
        data.post_office = " ".join((post_office or "").split()).upper()
        data.country = (country or "FI").strip().upper()
        if not data.street:
            errors.setdefault("street", []).append(_("Street address is required."))
        elif len(data.street) > 200:
            errors.setdefault("street", []).append(_("Street address is too long."))
        if not data.post_office:
            errors.setdefault("post_office", []).append(_("Post office is required."))
        elif len(data.post_office) > MAX_POST_OFFICE:
            errors.setdefault("post_office", []).append(_("Post office is too long."))
        if len(data.country) != 2 or not data.country.isalpha():
            errors.setdefault("country", []).append(
                _("Country must be a two-letter code, e.g. FI.")
            )
        else:
            try:
                data.postal_code = postal_code_normalize(postal_code or "", country=data.country)
            except IdentifierError as exc:
                errors.setdefault("postal_code", []).append(str(exc))
    elif kind == ContactPointKind.PHONE:
        try:
            data.phone = phone_normalize(phone or "")
        except IdentifierError as exc:
            errors.setdefault("phone", []).append(str(exc))
    elif kind == ContactPointKind.EMAIL:
        try:
            data.email = email_normalize(email or "")
        except IdentifierError as exc:
            errors.setdefault("email", []).append(str(exc))
    else:
        errors.setdefault("kind", []).append(_("Unknown kind of contact point."))
    if errors:
        raise ValidationError(errors)
    return data
