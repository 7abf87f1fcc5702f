"""The register profile: one declaration of what the register holds, why, and for how long.

A profile is a YAML file written by the data protection officer (docs/profile.md describes every
key). `kirjaamo.profile.loader.load_profile` reads it into the `Profile` model below; the notice,
the record of processing activities (ROPA) and the retention engine are all built from it, and the
system check refuses a personal-data field that no category declares.

Every model forbids unknown keys, so a typo is an error rather than a silently ignored line.
Texts shown to data subjects are `Text`: Finnish is required, Swedish and English are optional and
fall back to Finnish (the linter reports the missing translation). Cross-references between the
lists (a category's purposes, sources, subjects; a retention rule's category …) are checked by the
loader, which reports them with file, line and path; `Profile.reference_errors()` lists them for
profiles built in code.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

from kirjaamo.lib.identifiers import (
    IdentifierError,
    business_id_normalize,
    email_normalize,
    phone_normalize,
    postal_code_normalize,
)

# A path into the profile: keys and list indexes, e.g. ("purposes", 2, "legal_basis").
Loc = tuple[str | int, ...]

LANGUAGES = ("fi", "sv", "en")

# EU member states, the EEA states Iceland, Liechtenstein and Norway, and Åland (part of Finland
# and of the EU for data protection). A recipient or transfer elsewhere is a third-country
# transfer (GDPR Chapter V; Art 13(1)(f), 14(1)(f)).
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "AX",
    ]
)


def format_loc(loc: Loc) -> str:
    """("purposes", 2, "legal_basis") -> "purposes[2].legal_basis"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- small value types ------------------------------------------------------------------------

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,62}$",
        description="An identifier: lower-case letters, digits and _, starting with a letter.",
    ),
]


def _identifier(normalize: Any) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            try:
                normalize(value)
            except IdentifierError as exc:
                raise PydanticCustomError("identifier", "{reason}", {"reason": str(exc)}) from exc
        return value

    return check


# Kept as written (the notice prints them that way), but they must be valid.
Phone = Annotated[str, BeforeValidator(_identifier(phone_normalize))]
Email = Annotated[str, BeforeValidator(_identifier(email_normalize))]


def _country(value: Any) -> Any:
    if isinstance(value, str):
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise PydanticCustomError("country", "Not a two-letter country code (FI, SE, US).")
        return code
    return value


Country = Annotated[
    str,
    BeforeValidator(_country),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. FI, SE, US (quote NO: 'NO')."),
]


class Text(_Model):
    """A text shown to data subjects, in Finnish and optionally Swedish and English.

    In YAML either a plain string (Finnish) or a mapping with `fi` (required), `sv`, `en`.
    """

    fi: str = Field(min_length=1, description="Finnish (required).")
    sv: str | None = Field(default=None, description="Swedish; Finnish is shown when missing.")
    en: str | None = Field(default=None, description="English; Finnish is shown when missing.")

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_finnish(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"fi": data}
        return data

    @field_validator("sv", "en")
    @classmethod
    def _blank_is_missing(cls, value: str | None) -> str | None:
        return value or None

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: cs.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_object = handler(core_schema)
        return {"anyOf": [{"type": "string", "minLength": 1}, as_object]}

    def get(self, lang: str) -> str:
        """The text in `lang` (fi, sv or en), or the Finnish text when that one is missing."""
        if lang == "sv" and self.sv:
            return self.sv
        if lang == "en" and self.en:
            return self.en
        return self.fi

    def missing(self, languages: Iterable[str]) -> list[str]:
        """The languages among `languages` that have no text of their own."""
        return [lang for lang in languages if lang != "fi" and not getattr(self, lang, None)]

    def all(self) -> Iterator[tuple[str, str]]:
        """(language, text) for every language given."""
        for lang in LANGUAGES:
            value = getattr(self, lang)
            if value:
                yield lang, value


class Language(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


class Address(_Model):
    street: str = Field(min_length=1, description="Street address or PO box (PL 800).")
    postal_code: str | None = None
    post_office: str | None = None
    country: Country = "FI"

    @model_validator(mode="after")
    def _postal_code_valid(self) -> Address:
        if self.postal_code is not None:
            try:
                postal_code_normalize(self.postal_code, country=self.country)
            except IdentifierError as exc:
                raise PydanticCustomError("identifier", "{reason}", {"reason": str(exc)}) from exc
        return self

    def lines(self) -> list[str]:
        second = " ".join(p for p in (self.postal_code, self.post_office) if p)
        return [line for line in (self.street, second) if line]


class Contact(_Model):
    """A person or function to contact: the contact person for register matters, a DPO, …"""

    name: str | None = Field(default=None, description="Name of the person or the function.")
    title: Text | None = Field(default=None, description="Title or role, e.g. 'toimitusjohtaja'.")
    organisation: str | None = None
    address: Address | None = None
    phone: Phone | None = None
    email: Email | None = None


class Controller(_Model):
    name: str = Field(min_length=1, description="Legal name of the controller.")
    business_id: str | None = Field(default=None, description="Y-tunnus, e.g. 0245974-7.")
    address: Address | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: str | None = None

    @field_validator("business_id")
    @classmethod
    def _valid_business_id(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return business_id_normalize(value)
        except IdentifierError as exc:
            raise PydanticCustomError("identifier", "{reason}", {"reason": str(exc)}) from exc


class Dpo(_Model):
    """The data protection officer; `none: true` when the controller has not designated one."""

    none: bool = Field(default=False, description="true = no DPO has been designated (Art 37).")
    name: str | None = None
    organisation: str | None = None
    address: Address | None = None
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _none_means_no_details(self) -> Dpo:
        if self.none and any((self.name, self.organisation, self.address, self.phone, self.email)):
            raise PydanticCustomError(
                "dpo_none_with_details", "A DPO declared as none cannot have contact details."
            )
        return self

    def has_contact_details(self) -> bool:
        return any((self.address, self.phone, self.email))


class Medium(StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"


class Register(_Model):
    """A register or information system in which the personal data is processed."""

    id: Id
    name: Text
    description: Text | None = None
    medium: Medium = Medium.ELECTRONIC


class LegalBasis(StrEnum):
    """GDPR Art 6(1) (a)–(f)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def article(self) -> str:
        letter = "abcdef"[list(LegalBasis).index(self)]
        return f"6(1)({letter})"


class Purpose(_Model):
    id: Id
    text: Text
    legal_basis: LegalBasis = Field(description="GDPR Art 6(1) basis of this purpose.")
    legitimate_interest: Text | None = Field(
        default=None, description="For legitimate_interests: the interest, in words (Art 13(1)(d))."
    )
    legal_reference: Text | None = Field(
        default=None, description="For legal_obligation: the law, e.g. 'Kirjanpitolaki 1336/1997'."
    )
    direct_marketing: bool = Field(
        default=False, description="true for direct marketing: the objection right must be stated."
    )


class DataSubject(_Model):
    id: Id
    text: Text


class ProvisionBasis(StrEnum):
    STATUTORY = "statutory"
    CONTRACTUAL = "contractual"
    CONTRACT_PREREQUISITE = "contract_prerequisite"
    VOLUNTARY = "voluntary"


class Provision(_Model):
    """Whether the data subject must provide the data, and what follows if not (13(2)(e))."""

    basis: ProvisionBasis
    consequence: Text | None = None


FIELD_REF = re.compile(r"^[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*\.[a-z_][a-z0-9_]*$")


def _field_ref(value: Any) -> Any:
    if isinstance(value, str) and not FIELD_REF.fullmatch(value.strip()):
        raise PydanticCustomError(
            "field_ref", "A field reference is written app_label.Model.field."
        )
    return value.strip() if isinstance(value, str) else value


FieldRef = Annotated[
    str,
    BeforeValidator(_field_ref),
    Field(description="A model field holding the data: 'app_label.Model.field'."),
]


COLLECT_REF = re.compile(r"^[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*(\.[a-z_][a-z0-9_]*)?$")


def _collect_ref(value: Any) -> Any:
    if isinstance(value, str) and not COLLECT_REF.fullmatch(value.strip()):
        raise PydanticCustomError(
            "collect_ref", "Write app_label.Model for a whole model or app_label.Model.field."
        )
    return value.strip() if isinstance(value, str) else value


CollectRef = Annotated[
    str,
    BeforeValidator(_collect_ref),
    Field(description="'app_label.Model' or 'app_label.Model.field'."),
]


class DataCategory(_Model):
    id: Id
    text: Text
    fields: list[FieldRef] = Field(
        default_factory=list,
        description="Kirjaamo model fields that hold this data. Empty when the data is kept "
        "in another system only.",
    )
    purposes: list[Id] = Field(min_length=1, description="Ids of the purposes it serves.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources.")
    subjects: list[Id] = Field(default_factory=list, description="Ids of the data subjects.")
    provision: Provision | None = None
    traffic_data: bool = Field(default=False, description="true for traffic data (välitystiedot).")


class SourceKind(StrEnum):
    """The kinds of `kirjaamo.parties.choices.Source`, plus sources that are not contact data."""

    DATA_SUBJECT = "data_subject"
    POPULATION_REGISTER = "population_register"
    YTJ_PRH = "ytj_prh"
    CREDIT_BUREAU = "credit_bureau"
    PARTNER = "partner"
    SERVICE_PROVIDER = "service_provider"
    INSTALLER = "installer"
    SERVICE_USE = "service_use"
    OTHER = "other"


class Source(_Model):
    id: Id
    text: Text
    kind: SourceKind = SourceKind.OTHER
    publicly_available: bool = Field(description="Is the source publicly accessible (14(2)(f))?")


class RecipientKind(StrEnum):
    PROCESSOR = "processor"
    SUBCONTRACTOR = "subcontractor"
    DIRECTORY_SERVICE = "directory_service"
    AUTHORITY = "authority"
    DEBT_COLLECTION = "debt_collection"
    CREDIT_BUREAU = "credit_bureau"
    PARTNER = "partner"
    GROUP_COMPANY = "group_company"
    OTHER = "other"


class Recipient(_Model):
    id: Id
    name: Text = Field(description="A named recipient or a category of recipients.")
    kind: RecipientKind = RecipientKind.OTHER
    purpose: Text
    country: Country | None = Field(
        default="FI", description="null = varies (say so in `purpose`)."
    )
    safeguard: Text | None = Field(default=None, description="Safeguard when outside the EU/EEA.")
    categories: list[Id] = Field(
        default_factory=list, description="Ids of the data categories disclosed."
    )

    @property
    def outside_eea(self) -> bool:
        return self.country is None or self.country not in EEA_COUNTRIES


class Safeguard(StrEnum):
    ADEQUACY_DECISION = "adequacy_decision"
    STANDARD_CONTRACTUAL_CLAUSES = "standard_contractual_clauses"
    BINDING_CORPORATE_RULES = "binding_corporate_rules"
    CODE_OF_CONDUCT = "code_of_conduct"
    CERTIFICATION = "certification"
    DEROGATION = "derogation"


class Transfer(_Model):
    country: Country | None = Field(
        default=None, description="null = varies; explain in description."
    )
    recipient: Id | None = Field(default=None, description="Id of the recipient, if declared.")
    description: Text
    safeguard: Safeguard | None = None
    safeguard_text: Text | None = None
    copy_request: Text | None = Field(
        default=None, description="How to get a copy of the safeguards."
    )


class Transfers(_Model):
    """Transfers outside the EU/EEA: `none: true`, or the destinations."""

    none: bool = False
    statement: Text | None = None
    destinations: list[Transfer] = Field(default_factory=list)

    @model_validator(mode="after")
    def _none_or_destinations(self) -> Transfers:
        if self.none and self.destinations:
            raise PydanticCustomError(
                "transfers_both", "Either none: true or destinations, not both."
            )
        if not self.none and not self.destinations:
            raise PydanticCustomError(
                "transfers_neither", "Declare none: true or list the destinations."
            )
        return self


class CountsFrom(StrEnum):
    """The event a retention period counts from; each names the field the engine reads."""

    CREATION = "creation"  # the row's creation time
    CUSTOMER_RELATIONSHIP_END = "customer_relationship_end"  # parties.Customer.ended_on
    CONTACT_ROLE_END = "contact_role_end"  # parties.OrganisationContact.ended_on
    CONTRACT_END = "contract_end"  # contracts.Contract.terminated_on
    CONNECTION_CLOSED = "connection_closed"  # contracts.Connection.closed_on
    IP_ASSIGNMENT_END = "ip_assignment_end"  # contracts.IpAssignment.assigned_to
    EQUIPMENT_RETURNED = "equipment_returned"  # contracts.Equipment.returned_on
    BLOCK_END = "block_end"  # contracts.ServiceBlock.ends_at
    END_OF_CALENDAR_YEAR_OF_BOOKING = "end_of_calendar_year_of_booking"  # 31.12 of issued_on
    END_OF_FINANCIAL_PERIOD = "end_of_financial_period"  # end of the period of the booking
    INVOICE_DUE_DATE = "invoice_due_date"  # billing.Invoice.due_on
    INVOICE_PAID = "invoice_paid"  # billing.Invoice.paid_on
    COLLECTION_CLOSED = "collection_closed"  # billing.CollectionCase.closed_on
    RECORDING_DATE = "recording_date"  # communications.CallRecording.recorded_at
    MESSAGE_DATE = "message_date"  # communications.Message.occurred_at
    NOTE_DATE = "note_date"  # communications.Note.created_at
    CHANGE_DATE = "change_date"  # history.FieldChange.changed_at
    EVENT_DATE = "event_date"  # audit.AuditEvent.occurred_at
    CONSENT_WITHDRAWN = "consent_withdrawn"  # when the consent is withdrawn


_ISO_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class Period(_Model):
    """A retention period: `P6Y`, `P3M`, `P1Y6M`, `P30D` or a mapping of years, months, days."""

    years: int = Field(default=0, ge=0, le=100)
    months: int = Field(default=0, ge=0, le=1200)
    days: int = Field(default=0, ge=0, le=36500)

    @model_validator(mode="before")
    @classmethod
    def _parse_iso(cls, data: Any) -> Any:
        if isinstance(data, str):
            match = _ISO_PERIOD.fullmatch(data.strip().upper())
            if match is None or data.strip().upper() == "P":
                raise PydanticCustomError(
                    "period", "A period is written like P6Y, P3M, P1Y6M or P30D."
                )
            years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
            return {"years": years, "months": months, "days": days + 7 * weeks}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: cs.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_object = handler(core_schema)
        pattern = r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"
        return {"anyOf": [{"type": "string", "pattern": pattern}, as_object]}

    def iso(self) -> str:
        """The period as ISO 8601: P6Y, P1Y6M, P0D."""
        parts = [(self.years, "Y"), (self.months, "M"), (self.days, "D")]
        text = "".join(f"{n}{unit}" for n, unit in parts if n)
        return f"P{text or '0D'}"

    def after(self, start: dt.date) -> dt.date:
        """The date the period ends when it starts on `start` (31 Jan + 1 month = 28/29 Feb)."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days)


class RetentionAction(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


class RetentionRule(_Model):
    category: Id = Field(description="Id of the data category.")
    period: Period
    counts_from: CountsFrom
    action: RetentionAction
    reason: Text
    rule: str | None = Field(
        default=None, description="A rule ID of LEGAL.md, e.g. FI-KPL-2:10-6Y."
    )


class Security(_Model):
    electronic: Text
    manual: Text | None = None
    organisational: Text | None = None


class ChannelKind(StrEnum):
    EMAIL = "email"
    POST = "post"
    IN_PERSON = "in_person"
    PHONE = "phone"
    WEB_FORM = "web_form"
    CUSTOMER_SERVICE = "customer_service"


class RequestChannel(_Model):
    kind: ChannelKind
    address: str | None = Field(default=None, description="E-mail, postal address, phone or URL.")
    text: Text | None = None


class Rights(_Model):
    """How data subjects exercise their rights (Arts 15–22)."""

    channels: list[RequestChannel] = Field(min_length=1)
    identity_check: Text = Field(description="How identity is checked, proportionately.")
    languages: list[Language] = Field(
        default_factory=lambda: [Language.FI, Language.SV, Language.EN],
        description="Languages the controller answers in. Requests in any language are "
        "accepted (GDPR-LANG).",
        min_length=1,
    )
    withdraw_consent: Text | None = Field(default=None, description="Art 13(2)(c), if any consent.")
    objection: Text | None = Field(
        default=None, description="Art 21, shown apart from other rights."
    )
    complaint: Text | None = Field(
        default=None,
        description="Anything to add to the complaint right; the authority's contact "
        "details are added by Kirjaamo.",
    )
    extra: Text | None = None


class AutomatedDecisions(_Model):
    none: bool = False
    description: Text | None = Field(default=None, description="Logic, significance, consequences.")

    @model_validator(mode="after")
    def _none_or_description(self) -> AutomatedDecisions:
        if self.none == (self.description is not None):
            raise PydanticCustomError(
                "automated_none_or_description", "Declare none: true or a description, not both."
            )
        return self


class CallRecordingNotice(_Model):
    prior_notice: Text | None = Field(
        default=None,
        description="How callers are told before the recording starts (GDPR-15-CALLREC).",
    )
    description: Text | None = None


class Cookies(_Model):
    description: Text
    analytics: Text | None = None
    opt_out: Text | None = None


class TrafficData(_Model):
    description: Text = Field(description="Which traffic data is processed and for what.")


class Directory(_Model):
    description: Text = Field(description="Which data goes to directory services and to whom.")
    listed_by_default: bool
    opt_out: Text | None = Field(default=None, description="How to refuse listing, free (EP-12).")


class Profile(_Model):
    """A register profile. Build one with `kirjaamo.profile.loader.load_profile(path)`."""

    format: Literal[1] = Field(default=1, description="Version of this file format.")
    valid_from: dt.date | None = Field(default=None, description="Date the notice is valid from.")
    languages: list[Language] = Field(
        default_factory=lambda: [Language.FI, Language.SV, Language.EN],
        description="Languages the notice is published in; Finnish is always one of them.",
    )
    controller: Controller
    contact_person: Contact | None = None
    representative: Contact | None = Field(
        default=None, description="Art 27 representative, if any."
    )
    dpo: Dpo | None = None
    registers: list[Register] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    data_subjects: list[DataSubject] = Field(min_length=1)
    data_categories: list[DataCategory] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    recipients: list[Recipient] = Field(default_factory=list)
    transfers: Transfers
    retention: list[RetentionRule] = Field(default_factory=list)
    security: Security
    rights: Rights
    automated_decisions: AutomatedDecisions
    provision: Text | None = Field(
        default=None,
        description="Whether providing data is a statutory or contractual requirement, "
        "and what follows if it is not given (Art 13(2)(e)).",
    )
    call_recording: CallRecordingNotice | None = None
    cookies: Cookies | None = None
    traffic_data: TrafficData | None = None
    directory: Directory | None = None
    not_collected: list[CollectRef] = Field(
        default_factory=list,
        description="Kirjaamo data this register does not collect: a whole model "
        "('communications.CallRecording') or one field ('parties.Person.profession'). Kirjaamo "
        "refuses to store it and hides it. Every personal-data field of Kirjaamo must be either "
        "in a data category or listed here (the system check enforces it).",
    )

    _file: str | None = PrivateAttr(default=None)
    _lines: dict[Loc, int] = PrivateAttr(default_factory=dict)

    @field_validator("languages")
    @classmethod
    def _finnish_first(cls, value: list[Language]) -> list[Language]:
        if Language.FI not in value:
            raise PydanticCustomError("languages_fi", "Finnish (fi) must be one of the languages.")
        return list(dict.fromkeys(value))

    # --- multilingual helpers -------------------------------------------------------------

    @staticmethod
    def text(value: Text | None, lang: str, default: str = "") -> str:
        """`value` in `lang` with Finnish fallback; `default` when there is no text at all."""
        return value.get(lang) if value is not None else default

    # --- lookups ----------------------------------------------------------------------------

    def purpose(self, purpose_id: str) -> Purpose:
        """The purpose with this id; KeyError if there is none."""
        return _by_id(self.purposes, purpose_id)

    def category(self, category_id: str) -> DataCategory:
        """The data category with this id; KeyError if there is none."""
        return _by_id(self.data_categories, category_id)

    def source(self, source_id: str) -> Source:
        """The source with this id; KeyError if there is none."""
        return _by_id(self.sources, source_id)

    def recipient(self, recipient_id: str) -> Recipient:
        """The recipient with this id; KeyError if there is none."""
        return _by_id(self.recipients, recipient_id)

    def retention_for(self, category_id: str) -> list[RetentionRule]:
        return [r for r in self.retention if r.category == category_id]

    def declared_fields(self) -> dict[str, str]:
        """Every declared model field ('app.Model.field') -> the id of its category."""
        return {ref: c.id for c in self.data_categories for ref in c.fields}

    def declares_field(self, ref: str) -> bool:
        return any(ref in c.fields for c in self.data_categories)

    def collects(self, ref: str) -> bool:
        """False if `ref` ('app.Model' or 'app.Model.field') or its model is not collected."""
        model = ".".join(ref.split(".")[:2])
        return ref not in self.not_collected and model not in self.not_collected

    def declares_model(self, app_label: str, model_name: str) -> bool:
        """True if any field of the model is declared (e.g. communications.CallRecording)."""
        prefix = f"{app_label}.{model_name}."
        return any(ref.startswith(prefix) for c in self.data_categories for ref in c.fields)

    # --- where things are in the file -------------------------------------------------------

    @property
    def file(self) -> str | None:
        return self._file

    def line_for(self, loc: Loc) -> int | None:
        """The line of `loc` in the YAML file, or of its nearest ancestor; None if built in code."""
        while True:
            if loc in self._lines:
                return self._lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def located(self, file: str | None, lines: dict[Loc, int]) -> Profile:
        self._file = file
        self._lines = dict(lines)
        return self

    # --- consistency --------------------------------------------------------------------------

    def reference_errors(self) -> list[tuple[Loc, str, dict[str, str]]]:
        """Unknown or duplicate ids and doubly declared fields: (path, code, parameters).

        The loader turns these into located, translated errors (loader.REFERENCE_MESSAGES).
        """
        errors: list[tuple[Loc, str, dict[str, str]]] = []

        def unique(name: str, items: list[Any]) -> set[str]:
            seen: set[str] = set()
            for i, item in enumerate(items):
                if item.id in seen:
                    errors.append(((name, i, "id"), "duplicate_id", {"id": item.id}))
                seen.add(item.id)
            return seen

        purposes = unique("purposes", self.purposes)
        subjects = unique("data_subjects", self.data_subjects)
        categories = unique("data_categories", self.data_categories)
        sources = unique("sources", self.sources)
        recipients = unique("recipients", self.recipients)
        unique("registers", self.registers)

        def check(loc: Loc, value: str, known: set[str], kind: str) -> None:
            if value not in known:
                errors.append(
                    (loc, f"unknown_{kind}", {"id": value, "known": ", ".join(sorted(known))})
                )

        owner: dict[str, str] = {}
        for i, cat in enumerate(self.data_categories):
            base: Loc = ("data_categories", i)
            for j, ref in enumerate(cat.purposes):
                check((*base, "purposes", j), ref, purposes, "purpose")
            for j, ref in enumerate(cat.sources):
                check((*base, "sources", j), ref, sources, "source")
            for j, ref in enumerate(cat.subjects):
                check((*base, "subjects", j), ref, subjects, "subject")
            for j, field in enumerate(cat.fields):
                if field in owner:
                    errors.append(
                        (
                            (*base, "fields", j),
                            "field_twice",
                            {"field": field, "category": owner[field]},
                        )
                    )
                owner.setdefault(field, cat.id)
        for i, rec in enumerate(self.recipients):
            for j, ref in enumerate(rec.categories):
                check(("recipients", i, "categories", j), ref, categories, "category")
        for i, rule in enumerate(self.retention):
            check(("retention", i, "category"), rule.category, categories, "category")
        for i, dest in enumerate(self.transfers.destinations):
            if dest.recipient is not None:
                check(
                    ("transfers", "destinations", i, "recipient"),
                    dest.recipient,
                    recipients,
                    "recipient",
                )
        return errors


_Item = TypeVar("_Item", Purpose, DataCategory, Source, Recipient)


def _by_id(items: list[_Item], item_id: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def iter_texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Text]]:
    """Every `Text` in the model tree with its path, in declaration order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _iter_value(value, (*loc, name))


def _iter_value(value: Any, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from iter_texts(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _iter_value(item, (*loc, i))
