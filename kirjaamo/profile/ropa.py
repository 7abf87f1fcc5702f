"""The record of processing activities (ROPA, seloste käsittelytoimista; GDPR Art 30(1)).

    ropa = build_ropa(profile, "fi")
    ropa_csv(ropa)   # bytes: UTF-8 with BOM, ";"-separated, one header row (Excel in Finland)
    ropa_xlsx(ropa)  # bytes: one sheet, header row frozen, text wrapped
    ropa_html(ropa)  # a standalone HTML document

One row per purpose of the profile (a processing activity), with the columns of Art 30(1)
(LEGAL.md GDPR-30): (a) the controller, its representative and the DPO with contact details;
(b) the purpose (with its legal basis); (c) the categories of data subjects and of personal data;
(d) the recipients, including those in third countries; (e) transfers to third countries and
their safeguards; (f) the time limits for erasure per data category; (g) the security measures.
A row's categories are those that serve its purpose; its data subjects are the groups those
categories concern (all groups when a category names none); its recipients are those that get
one of its categories, plus those declared without categories (they may get any); its transfers
are those to its recipients, plus those not tied to a recipient. Nothing is read from the
register: the ROPA describes the processing, not the people.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kirjaamo.profile.labels import label
from kirjaamo.profile.notice import country_text, format_date, retention_sentence
from kirjaamo.profile.schema import (
    LANGUAGES,
    Address,
    Contact,
    DataCategory,
    Profile,
    Purpose,
    Recipient,
    Text,
    Transfer,
)

FORMATS = ("csv", "xlsx", "html")


@dataclass(frozen=True)
class RopaColumn:
    key: str
    letter: str  # the point of Art 30(1), "" for columns added for the DPO's convenience
    name: str

    @property
    def title(self) -> str:
        return f"{self.letter}) {self.name}" if self.letter else self.name


@dataclass(frozen=True)
class Ropa:
    lang: str
    title: str
    controller_name: str
    valid_from: dt.date | None
    valid_from_text: str
    columns: tuple[RopaColumn, ...]
    rows: tuple[tuple[str, ...], ...]  # one cell per column; lines within a cell joined by \n
    intro: str

    def as_dicts(self) -> list[dict[str, str]]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]


def build_ropa(profile: Profile, lang: str, *, valid_from: dt.date | None = None) -> Ropa:
    """The ROPA of `profile` in `lang` (fi, sv or en); profile texts fall back to Finnish."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    with translation.override(lang):
        return _RopaBuilder(profile, lang).build(valid_from or profile.valid_from)


class _RopaBuilder:
    def __init__(self, profile: Profile, lang: str) -> None:
        self.p = profile
        self.lang = lang

    def t(self, value: Text | None, default: str = "") -> str:
        return Profile.text(value, self.lang, default)

    def build(self, valid_from: dt.date | None) -> Ropa:
        columns = (
            RopaColumn("id", "", _("Processing activity (id)")),
            RopaColumn("controller", "a", _("Controller, representative and contact details")),
            RopaColumn("dpo", "a", _("Data protection officer")),
            RopaColumn("purpose", "b", _("Purpose of the processing")),
            RopaColumn("legal_basis", "", _("Legal basis")),
            RopaColumn("registers", "", _("Registers and information systems")),
            RopaColumn("data_subjects", "c", _("Categories of data subjects")),
            RopaColumn("data_categories", "c", _("Categories of personal data")),
            RopaColumn("sources", "", _("Sources")),
            RopaColumn("recipients", "d", _("Recipients, including in third countries")),
            RopaColumn("transfers", "e", _("Transfers to third countries and safeguards")),
            RopaColumn("retention", "f", _("Time limits for erasure, per data category")),
            RopaColumn("security", "g", _("Technical and organisational security measures")),
        )
        controller, dpo, registers, security = (
            self.controller(),
            self.dpo(),
            self.registers(),
            self.security(),
        )
        rows = []
        for purpose in self.p.purposes:
            categories = [c for c in self.p.data_categories if purpose.id in c.purposes]
            recipients = self.recipients_for(categories)
            cells = {
                "id": purpose.id,
                "controller": controller,
                "dpo": dpo,
                "purpose": self.t(purpose.text),
                "legal_basis": self.basis(purpose),
                "registers": registers,
                "data_subjects": self.subjects(categories),
                "data_categories": "\n".join(self.t(c.text) for c in categories)
                or _("No data category serves this purpose."),
                "sources": self.sources(categories),
                "recipients": "\n".join(self.recipient(r) for r in recipients)
                or _("No recipients."),
                "transfers": self.transfers(recipients),
                "retention": self.retention(categories),
                "security": security,
            }
            rows.append(tuple(cells[c.key] for c in columns))
        return Ropa(
            lang=self.lang,
            title=_("Record of processing activities"),
            controller_name=self.p.controller.name,
            valid_from=valid_from,
            valid_from_text=format_date(valid_from, self.lang) if valid_from else "",
            columns=columns,
            rows=tuple(rows),
            intro=_(
                "Record of processing activities under Article 30(1) of the EU General Data "
                "Protection Regulation, one row per purpose, generated from the register profile."
            ),
        )

    # --- cells ------------------------------------------------------------------------------

    def controller(self) -> str:
        c = self.p.controller
        lines = [c.name]
        if c.business_id:
            lines.append(_labelled(_("Business ID"), c.business_id))
        if c.address:
            lines.append(self.address(c.address))
        lines += [v for v in (c.phone, c.email, c.website) if v]
        if self.p.contact_person is not None:
            heading = _("Contact person for register matters")
            lines.append(_labelled(heading, self.contact(self.p.contact_person)))
        if self.p.representative is not None:
            heading = _("Representative in the EU (Article 27)")
            lines.append(_labelled(heading, self.contact(self.p.representative)))
        return "\n".join(lines)

    def dpo(self) -> str:
        dpo = self.p.dpo
        if dpo is None:
            return _("Not declared.")
        if dpo.none:
            return _("No data protection officer has been designated.")
        parts = [v for v in (dpo.name, dpo.organisation) if v]
        if dpo.address:
            parts.append(self.address(dpo.address))
        parts += [v for v in (dpo.phone, dpo.email) if v]
        return "\n".join(parts)

    def basis(self, purpose: Purpose) -> str:
        basis = purpose.legal_basis
        lines = [
            _("%(basis)s (Article %(article)s GDPR)")
            % {"basis": label(basis), "article": basis.article}
        ]
        if purpose.legitimate_interest:
            lines.append(_labelled(_("Legitimate interest"), self.t(purpose.legitimate_interest)))
        if purpose.legal_reference:
            lines.append(_labelled(_("Law"), self.t(purpose.legal_reference)))
        if purpose.direct_marketing:
            lines.append(_("Direct marketing (absolute right to object)"))
        return "\n".join(lines)

    def registers(self) -> str:
        return "\n".join(f"{self.t(r.name)} ({label(r.medium).lower()})" for r in self.p.registers)

    def subjects(self, categories: list[DataCategory]) -> str:
        wanted = {sid for c in categories for sid in c.subjects}
        if any(not c.subjects for c in categories):
            wanted = {s.id for s in self.p.data_subjects}
        return "\n".join(self.t(s.text) for s in self.p.data_subjects if s.id in wanted)

    def sources(self, categories: list[DataCategory]) -> str:
        wanted = {sid for c in categories for sid in c.sources}
        lines = []
        for source in self.p.sources:
            if source.id in wanted:
                public = _("public") if source.publicly_available else _("not public")
                lines.append(f"{self.t(source.text)} ({public})")
        return "\n".join(lines)

    def recipients_for(self, categories: list[DataCategory]) -> list[Recipient]:
        ids = {c.id for c in categories}
        return [r for r in self.p.recipients if not r.categories or ids & set(r.categories)]

    def recipient(self, recipient: Recipient) -> str:
        return (
            f"{self.t(recipient.name)} ({label(recipient.kind)}; {country_text(recipient.country)})"
        )

    def transfers(self, recipients: list[Recipient]) -> str:
        transfers = self.p.transfers
        if transfers.none:
            return self.t(transfers.statement, _("No transfers outside the EU or the EEA."))
        ids = {r.id for r in recipients}
        lines = [
            self.transfer(d)
            for d in transfers.destinations
            if d.recipient is None or d.recipient in ids
        ]
        lines += [
            f"{self.t(r.name)}: {self.t(r.safeguard)}"
            for r in recipients
            if r.outside_eea and r.safeguard
        ]
        return "\n".join(lines) or _("No transfers outside the EU or the EEA for this purpose.")

    def transfer(self, dest: Transfer) -> str:
        parts = [f"{country_text(dest.country)}: {self.t(dest.description)}"]
        if dest.safeguard:
            parts.append(_labelled(_("Safeguard"), label(dest.safeguard)))
        if dest.safeguard_text:
            parts.append(self.t(dest.safeguard_text))
        if dest.copy_request:
            parts.append(_labelled(_("Copy of the safeguards"), self.t(dest.copy_request)))
        return " ".join(parts)

    def retention(self, categories: list[DataCategory]) -> str:
        lines = []
        for category in categories:
            rules = self.p.retention_for(category.id)
            if not rules:
                lines.append(_labelled(self.t(category.text), _("No retention rule declared.")))
            for rule in rules:
                ref = f" [{rule.rule}]" if rule.rule else ""
                lines.append(f"{self.t(category.text)}: {retention_sentence(rule)}{ref}")
        return "\n".join(lines)

    def security(self) -> str:
        s = self.p.security
        lines = [_labelled(_("Electronic data"), self.t(s.electronic))]
        if s.manual:
            lines.append(_labelled(_("Paper documents"), self.t(s.manual)))
        if s.organisational:
            lines.append(_labelled(_("Organisational measures"), self.t(s.organisational)))
        return "\n".join(lines)

    def address(self, address: Address) -> str:
        lines = address.lines()
        if address.country != "FI":
            lines.append(country_text(address.country))
        return ", ".join(lines)

    def contact(self, contact: Contact) -> str:
        parts = [v for v in (contact.name, self.t(contact.title), contact.organisation) if v]
        if contact.address:
            parts.append(self.address(contact.address))
        parts += [v for v in (contact.phone, contact.email) if v]
        return ", ".join(parts)


def _labelled(name: str, value: str) -> str:
    return f"{name}: {value}"


# --- writers ----------------------------------------------------------------------------------


def _spreadsheet_safe(value: str) -> str:
    """A text that a spreadsheet will not run as a formula (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def ropa_csv(ropa: Ropa) -> bytes:
    """UTF-8 with BOM and ";" between fields: what Excel opens directly in a Finnish locale."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.title for c in ropa.columns])
    for row in ropa.rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def ropa_xlsx(ropa: Ropa) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = ropa.title[:31]
    sheet.append([c.title for c in ropa.columns])
    for row in ropa.rows:
        sheet.append(list(row))
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            # openpyxl would store a text starting with "=" as a formula; it is text.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = wrap
    widths = {"id": 18, "controller": 34, "dpo": 28, "purpose": 36, "legal_basis": 34}
    for index, column in enumerate(ropa.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 48)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ropa_html(ropa: Ropa) -> str:
    with translation.override(ropa.lang):
        return render_to_string("profile/ropa/document.html", {"ropa": ropa})


def ropa_render(ropa: Ropa, fmt: str) -> bytes:
    if fmt == "csv":
        return ropa_csv(ropa)
    if fmt == "xlsx":
        return ropa_xlsx(ropa)
    if fmt == "html":
        return ropa_html(ropa).encode("utf-8")
    raise ValueError(f"unsupported ROPA format {fmt!r}; use one of {FORMATS}")


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
