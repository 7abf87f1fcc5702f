"""The privacy notice (tietosuojaseloste), built from a register profile.

    notice = build_notice(profile, "sv", valid_from=dt.date(2026, 1, 1))
    render_html(notice)      # a standalone HTML document (print stylesheet inlined)
    render_markdown(notice)  # the same content as Markdown
    render_pdf(notice)       # A4 PDF via WeasyPrint, DejaVu Sans, page numbers

`build_notice` turns the profile into a small document model (sections of paragraphs, label/value
lines, entries, bullet lists and call-outs); the HTML template and the Markdown writer only lay it
out, so the formats cannot drift apart. The structure follows GDPR Art 13/14 (LEGAL.md §1a) with
the headings LEGAL.md §5 suggests (1–14), plus 15 for security measures: every item is there,
or a sentence saying that it does not apply. A short first layer (who, why, your rights, the
right to object) comes before the full notice (WP260 layered notice). The right to object is a
call-out of its own in both layers (Art 21(4)). The complaint section prints the supervisory
authority's current details from `kirjaamo.profile.authority`, never from the profile.

Texts of the profile are taken in the notice's language and fall back to Finnish
(`Text.get`); the words Kirjaamo adds are translated with gettext under
`translation.override(lang)`. Nothing here reads the register: a notice holds no customer data.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirjaamo.lib.identifiers import IdentifierError, phone_normalize
from kirjaamo.profile.authority import TIETOSUOJAVALTUUTETTU
from kirjaamo.profile.labels import label, period_text
from kirjaamo.profile.loader import load_profile
from kirjaamo.profile.schema import (
    EEA_COUNTRIES,
    LANGUAGES,
    Address,
    ChannelKind,
    Contact,
    LegalBasis,
    Profile,
    Recipient,
    RequestChannel,
    RetentionRule,
    Text,
)

NoticeLang = Literal["fi", "sv", "en"]
FORMATS = ("html", "md", "pdf")

STATIC_CSS = Path(__file__).resolve().parent / "static" / "profile" / "notice.css"

# Shown in place of a two-letter code where a reader may not know the code.
COUNTRY_NAMES: dict[str, Promise] = {
    "FI": gettext_lazy("Finland"),
    "AX": gettext_lazy("Åland"),
    "SE": gettext_lazy("Sweden"),
    "NO": gettext_lazy("Norway"),
    "DK": gettext_lazy("Denmark"),
    "IS": gettext_lazy("Iceland"),
    "EE": gettext_lazy("Estonia"),
    "DE": gettext_lazy("Germany"),
    "NL": gettext_lazy("Netherlands"),
    "IE": gettext_lazy("Ireland"),
    "FR": gettext_lazy("France"),
    "US": gettext_lazy("United States"),
    "GB": gettext_lazy("United Kingdom"),
    "CH": gettext_lazy("Switzerland"),
}


# --- the document model ---------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """`label: value`; `href` makes the value a link (mailto:, tel:, https:)."""

    label: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class Entry:
    """One item of a list of things: a purpose, a category, a recipient …"""

    title: str
    lines: tuple[Line, ...] = ()
    paras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: ClassVar[str] = ""


@dataclass(frozen=True)
class Para(Block):
    kind: ClassVar[str] = "para"
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Lines(Block):
    kind: ClassVar[str] = "lines"
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Entries(Block):
    kind: ClassVar[str] = "entries"
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Bullets(Block):
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Sub(Block):
    """A titled part of a section (h3)."""

    kind: ClassVar[str] = "sub"
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Callout(Sub):
    """A titled part set apart visually and for screen readers: the right to object."""

    kind: ClassVar[str] = "callout"
    anchor: str = ""


@dataclass(frozen=True)
class Section:
    key: str  # stable: the HTML id and what tests look for
    number: int | None
    heading: str
    blocks: tuple[Block, ...]
    rules: tuple[str, ...] = ()  # the LEGAL.md §1a items (GDPR-13-*, GDPR-14-*) it covers

    @property
    def title(self) -> str:
        return f"{self.number}. {self.heading}" if self.number else self.heading


@dataclass(frozen=True)
class Notice:
    lang: str
    document_title: str  # "Tietosuojaseloste"
    controller_name: str
    registers: tuple[str, ...]
    valid_from: dt.date | None
    valid_from_text: str
    legal_basis_line: str
    summary: Section
    sections: tuple[Section, ...]
    version_label: str = ""  # "Profile version 3." for a published version
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.document_title}: {self.controller_name}"

    def section(self, key: str) -> Section:
        for section in (self.summary, *self.sections):
            if section.key == key:
                return section
        raise KeyError(key)


# --- building ---------------------------------------------------------------------------------


def build_notice(
    profile: Profile,
    lang: str,
    *,
    valid_from: dt.date | None = None,
    version: int | None = None,
) -> Notice:
    """The notice of `profile` in `lang` (fi, sv or en); `valid_from` overrides the profile's
    date, `version` is the number of the published version it shows (printed in the footer)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported notice language {lang!r}; use one of {LANGUAGES}")
    with translation.override(lang):
        return _Builder(profile, lang).notice(valid_from or profile.valid_from, version)


class _Builder:
    def __init__(self, profile: Profile, lang: str) -> None:
        self.p = profile
        self.lang = lang

    def t(self, value: Text | None, default: str = "") -> str:
        return Profile.text(value, self.lang, default)

    # --- whole notice ------------------------------------------------------------------------

    def notice(self, valid_from: dt.date | None, version: int | None) -> Notice:
        sections = (
            self.controller(),
            self.dpo(),
            self.purposes(),
            self.categories(),
            self.sources(),
            self.recipients(),
            self.transfers(),
            self.retention(),
            self.rights(),
            self.consent(),
            self.complaint(),
            self.provision(),
            self.automated(),
            self.telecom(),
            self.security(),
        )
        return Notice(
            lang=self.lang,
            document_title=_("Privacy notice"),
            controller_name=self.p.controller.name,
            registers=tuple(self.t(r.name) for r in self.p.registers),
            valid_from=valid_from,
            valid_from_text=format_date(valid_from, self.lang) if valid_from else "",
            legal_basis_line=_(
                "Information under Articles 13 and 14 of the EU General Data Protection "
                "Regulation (EU) 2016/679"
            ),
            summary=self.summary(),
            sections=sections,
            version_label=(
                _("Profile version %(number)d.") % {"number": version} if version else ""
            ),
            labels={
                "valid_from": _("Valid from"),
                "contents": _("Contents"),
                "page": _("Page"),
                "generated": _("Generated from the register profile by Kirjaamo."),
            },
        )

    # --- first layer -----------------------------------------------------------------------

    def summary(self) -> Section:
        c = self.p.controller
        who: list[Block] = [
            Para(
                _("%(controller)s is the controller of your personal data.")
                % {"controller": c.name}
            )
        ]
        contact = self.contact_lines(c.email, c.phone, None)
        dpo = self.p.dpo
        if dpo is not None and not dpo.none and dpo.email:
            contact.append(Line(_("Data protection officer"), dpo.email, f"mailto:{dpo.email}"))
        if contact:
            who.append(Lines(tuple(contact)))
        blocks: list[Block] = [Sub(_("Who processes your data"), tuple(who))]
        blocks.append(
            Sub(
                _("Why"),
                (
                    Para(_("We process your personal data for these purposes:")),
                    Bullets(tuple(self.t(purpose.text) for purpose in self.p.purposes)),
                ),
            )
        )
        blocks.append(
            Sub(
                _("Your rights"),
                (
                    Para(
                        _(
                            "You have the right of access to your data, and to have it "
                            "rectified or erased, its processing restricted and the data you "
                            "gave us transferred to you or another controller. Using your "
                            "rights is free of charge. You may also complain to the Data "
                            "Protection Ombudsman."
                        )
                    ),
                    Para(self.channels_sentence()),
                ),
            )
        )
        blocks.append(self.objection_callout(brief=True))
        return Section(key="summary", number=None, heading=_("In brief"), blocks=tuple(blocks))

    # --- 1 controller ------------------------------------------------------------------------

    def controller(self) -> Section:
        c = self.p.controller
        lines = [Line(_("Name"), c.name)]
        if c.business_id:
            lines.append(Line(_("Business ID"), c.business_id))
        if c.address:
            lines.append(Line(_("Address"), self.address(c.address)))
        lines += self.contact_lines(c.email, c.phone, c.website)
        blocks: list[Block] = [Lines(tuple(lines))]
        if self.p.contact_person is not None:
            blocks.append(
                Sub(
                    _("Contact person for register matters"),
                    (Lines(self.contact(self.p.contact_person)),),
                )
            )
        if self.p.representative is not None:
            blocks.append(
                Sub(
                    _("Representative in the EU (Article 27)"),
                    (Lines(self.contact(self.p.representative)),),
                )
            )
        registers = []
        for register in self.p.registers:
            paras = (self.t(register.description),) if register.description else ()
            registers.append(
                Entry(
                    self.t(register.name),
                    (Line(_("Form"), label(register.medium)),),
                    paras,
                )
            )
        blocks.append(Sub(_("Registers and information systems"), (Entries(tuple(registers)),)))
        return Section(
            "controller", 1, _("Controller and contact details"), tuple(blocks), ("GDPR-13-1a",)
        )

    # --- 2 DPO -------------------------------------------------------------------------------

    def dpo(self) -> Section:
        dpo = self.p.dpo
        blocks: list[Block]
        if dpo is None or dpo.none:
            if dpo is None:
                text = _(
                    "No data protection officer is named. In data protection matters, contact "
                    "the controller (section 1)."
                )
            else:
                text = _(
                    "The controller has not designated a data protection officer. In data "
                    "protection matters, contact the controller (section 1)."
                )
            blocks = [Para(text)]
        else:
            lines = []
            if dpo.name:
                lines.append(Line(_("Name"), dpo.name))
            if dpo.organisation:
                lines.append(Line(_("Organisation"), dpo.organisation))
            if dpo.address:
                lines.append(Line(_("Address"), self.address(dpo.address)))
            lines += self.contact_lines(dpo.email, dpo.phone, None)
            blocks = [Lines(tuple(lines))]
        return Section("dpo", 2, _("Data protection officer"), tuple(blocks), ("GDPR-13-1b",))

    # --- 3 purposes and legal bases -------------------------------------------------------------

    def purposes(self) -> Section:
        entries = []
        for purpose in self.p.purposes:
            lines = [Line(_("Legal basis"), self.basis_text(purpose.legal_basis))]
            if purpose.legitimate_interest:
                lines.append(Line(_("Legitimate interest"), self.t(purpose.legitimate_interest)))
            if purpose.legal_reference:
                lines.append(Line(_("Law"), self.t(purpose.legal_reference)))
            if purpose.direct_marketing:
                lines.append(
                    Line(
                        _("Direct marketing"),
                        _("You may object to it at any time (section 9)."),
                    )
                )
            entries.append(Entry(self.t(purpose.text), tuple(lines)))
        blocks: list[Block] = [Entries(tuple(entries))]
        if not any(p.legal_basis == LegalBasis.LEGITIMATE_INTERESTS for p in self.p.purposes):
            blocks.append(Para(_("No processing is based on legitimate interests.")))
        blocks.append(
            Para(
                _(
                    "If we intend to process the data for a purpose other than those above, we "
                    "will tell you beforehand."
                )
            )
        )
        return Section(
            "purposes",
            3,
            _("Purposes and legal bases of the processing"),
            tuple(blocks),
            ("GDPR-13-1c", "GDPR-13-1d"),
        )

    def basis_text(self, basis: LegalBasis) -> str:
        return _("%(basis)s (Article %(article)s GDPR)") % {
            "basis": label(basis),
            "article": basis.article,
        }

    # --- 4 categories ----------------------------------------------------------------------------

    def categories(self) -> Section:
        subjects = Bullets(tuple(self.t(s.text) for s in self.p.data_subjects))
        entries = []
        for category in self.p.data_categories:
            lines = [
                Line(
                    _("Purposes"),
                    "; ".join(self.t(self.p.purpose(pid).text) for pid in category.purposes),
                )
            ]
            if category.sources:
                lines.append(
                    Line(
                        _("Sources"),
                        "; ".join(self.t(self.p.source(sid).text) for sid in category.sources),
                    )
                )
            if category.traffic_data:
                lines.append(Line(_("Traffic data"), _("yes (section 14)")))
            entries.append(Entry(self.t(category.text), tuple(lines)))
        return Section(
            "categories",
            4,
            _("Data subjects and categories of personal data"),
            (
                Sub(_("Whose data we process"), (subjects,)),
                Sub(_("Categories of personal data"), (Entries(tuple(entries)),)),
            ),
            ("GDPR-14-1d",),
        )

    # --- 5 sources --------------------------------------------------------------------------------

    def sources(self) -> Section:
        entries = []
        for source in self.p.sources:
            public = _("yes") if source.publicly_available else _("no")
            entries.append(
                Entry(
                    self.t(source.text),
                    (
                        Line(_("Kind"), label(source.kind)),
                        Line(_("Publicly available source"), public),
                    ),
                )
            )
        return Section(
            "sources",
            5,
            _("Where the data comes from"),
            (Entries(tuple(entries)),),
            ("GDPR-14-2f",),
        )

    # --- 6 recipients -----------------------------------------------------------------------------

    def recipients(self) -> Section:
        blocks: list[Block] = []
        if self.p.recipients:
            blocks.append(Entries(tuple(self.recipient(r) for r in self.p.recipients)))
        else:
            blocks.append(Para(_("The data is not disclosed to anyone outside the controller.")))
        directory = self.p.directory
        if directory is not None:
            parts: list[Block] = [Para(self.t(directory.description))]
            listed = (
                _("Listed by default unless you refuse it.")
                if directory.listed_by_default
                else _("Listed only if you ask for it.")
            )
            parts.append(Para(listed))
            if directory.opt_out:
                parts.append(Para(self.t(directory.opt_out)))
            blocks.append(Sub(_("Directory services"), tuple(parts)))
        return Section("recipients", 6, _("Recipients of the data"), tuple(blocks), ("GDPR-13-1e",))

    def recipient(self, recipient: Recipient) -> Entry:
        lines = [
            Line(_("Kind"), label(recipient.kind)),
            Line(_("Purpose"), self.t(recipient.purpose)),
            Line(_("Country"), country_text(recipient.country)),
        ]
        if recipient.categories:
            lines.append(
                Line(
                    _("Data disclosed"),
                    "; ".join(self.t(self.p.category(cid).text) for cid in recipient.categories),
                )
            )
        if recipient.safeguard:
            lines.append(Line(_("Safeguard"), self.t(recipient.safeguard)))
        return Entry(self.t(recipient.name), tuple(lines))

    # --- 7 transfers ------------------------------------------------------------------------------

    def transfers(self) -> Section:
        transfers = self.p.transfers
        blocks: list[Block]
        if transfers.none:
            blocks = [
                Para(
                    self.t(
                        transfers.statement,
                        _("The data is not transferred outside the EU or the EEA."),
                    )
                )
            ]
        else:
            entries = []
            for dest in transfers.destinations:
                lines = [Line(_("Country"), country_text(dest.country))]
                if dest.recipient:
                    lines.append(
                        Line(_("Recipient"), self.t(self.p.recipient(dest.recipient).name))
                    )
                if dest.safeguard:
                    lines.append(Line(_("Safeguard"), label(dest.safeguard)))
                if dest.safeguard_text:
                    lines.append(Line(_("Safeguard in detail"), self.t(dest.safeguard_text)))
                if dest.copy_request:
                    lines.append(Line(_("Copy of the safeguards"), self.t(dest.copy_request)))
                entries.append(Entry(self.t(dest.description), tuple(lines)))
            blocks = [
                Para(_("The data is transferred outside the EU or the EEA as follows.")),
                Entries(tuple(entries)),
            ]
        return Section(
            "transfers", 7, _("Transfers outside the EU or the EEA"), tuple(blocks), ("GDPR-13-1f",)
        )

    # --- 8 retention ------------------------------------------------------------------------------

    def retention(self) -> Section:
        entries = []
        for category in self.p.data_categories:
            rules = self.p.retention_for(category.id)
            paras: list[str] = []
            if not rules:
                paras.append(_("No retention period has been declared for this data."))
            for rule in rules:
                paras.append(retention_sentence(rule))
                paras.append(self.t(rule.reason))
            if len(rules) > 1:
                paras.append(_("The data is kept until the last of these periods has passed."))
            entries.append(Entry(self.t(category.text), paras=tuple(paras)))
        return Section(
            "retention",
            8,
            _("How long the data is kept"),
            (Entries(tuple(entries)),),
            ("GDPR-13-2a",),
        )

    # --- 9 rights ---------------------------------------------------------------------------------

    def rights(self) -> Section:
        r = self.p.rights
        rights = Bullets(
            (
                _(
                    "Right of access (Article 15): to know whether we process your data and to "
                    "get a copy of it."
                ),
                _(
                    "Right to rectification (Article 16): to have wrong or incomplete data "
                    "corrected."
                ),
                _(
                    "Right to erasure (Article 17): to have your data erased when it is no longer "
                    "needed or there is no basis for processing it. Data the law requires us to "
                    "keep is not erased; its processing is restricted instead."
                ),
                _(
                    "Right to restriction of processing (Article 18): for example while the "
                    "accuracy of the data is being checked."
                ),
                _(
                    "Right to data portability (Article 20): to get the data you gave us, "
                    "processed on the basis of consent or a contract, in a machine-readable "
                    "format, or have it sent to another controller."
                ),
            )
        )
        how: list[Line] = [self.channel_line(channel) for channel in r.channels]
        languages = ", ".join(language_name(lang) for lang in r.languages)
        blocks: list[Block] = [
            self.objection_callout(brief=False),
            Sub(_("Your other rights"), (rights,)),
            Sub(
                _("How to use your rights"),
                (
                    Lines(tuple(how)),
                    Para(self.t(r.identity_check)),
                    Para(
                        _(
                            "Using your rights is free of charge. We answer without undue delay "
                            "and within one month at the latest. If a request is complex, the "
                            "time may be extended by two months; we will then tell you why "
                            "within the first month."
                        )
                    ),
                    Para(
                        _("You may make a request in any language. We answer in: %(languages)s.")
                        % {"languages": languages}
                    ),
                    *((Para(self.t(r.extra)),) if r.extra else ()),
                ),
            ),
        ]
        return Section("rights", 9, _("Your rights"), tuple(blocks), ("GDPR-13-2b",))

    def objection_callout(self, *, brief: bool) -> Callout:
        marketing = [p for p in self.p.purposes if p.direct_marketing]
        interests = [
            p
            for p in self.p.purposes
            if p.legal_basis in (LegalBasis.LEGITIMATE_INTERESTS, LegalBasis.PUBLIC_TASK)
        ]
        blocks: list[Block] = []
        if marketing:
            blocks.append(
                Para(
                    _(
                        "You may object at any time to the processing of your data for direct "
                        "marketing, including profiling for it. After that, your data is no "
                        "longer used for direct marketing."
                    ),
                    strong=True,
                )
            )
            if not brief:
                blocks.append(Bullets(tuple(self.t(p.text) for p in marketing)))
        if interests and marketing:
            blocks.append(
                Para(
                    _(
                        "You may also object, on grounds relating to your particular situation, "
                        "to processing based on legitimate interests. We then stop the "
                        "processing unless we show compelling legitimate grounds for it or need "
                        "it to establish, exercise or defend legal claims."
                    )
                )
            )
        elif interests:
            blocks.append(
                Para(
                    _(
                        "You may object, on grounds relating to your particular situation, to "
                        "processing based on legitimate interests. We then stop the processing "
                        "unless we show compelling legitimate grounds for it or need it to "
                        "establish, exercise or defend legal claims."
                    ),
                    strong=True,
                )
            )
        if interests and not brief:
            blocks.append(
                Lines(
                    (
                        Line(
                            _("Processing you may object to"),
                            "; ".join(self.t(p.text) for p in interests),
                        ),
                    )
                )
            )
        if not marketing and not interests:
            blocks.append(
                Para(
                    _(
                        "None of the processing is based on legitimate interests or done for "
                        "direct marketing, so the right to object does not apply."
                    )
                )
            )
        if self.p.rights.objection and not brief:
            blocks.append(Para(self.t(self.p.rights.objection)))
        if marketing or interests:
            blocks.append(Para(self.channels_sentence(objection=True)))
        return Callout(
            heading=_("Right to object"),
            blocks=tuple(blocks),
            anchor="objection-summary" if brief else "objection",
        )

    def channels_sentence(self, *, objection: bool = False) -> str:
        parts = []
        for channel in self.p.rights.channels:
            kind = label(channel.kind).lower()
            if channel.address:
                parts.append(f"{kind} {channel.address}")
            elif channel.text:
                parts.append(self.t(channel.text))
            else:
                parts.append(kind)
        if objection:
            return _("Tell us that you object: %(channels)s.") % {"channels": "; ".join(parts)}
        return _("Contact us to use your rights: %(channels)s.") % {"channels": "; ".join(parts)}

    def channel_line(self, channel: RequestChannel) -> Line:
        value = " – ".join(
            part for part in (channel.address or "", self.t(channel.text)) if part
        ) or label(channel.kind)
        href = ""
        if channel.kind == ChannelKind.EMAIL and channel.address:
            href = f"mailto:{channel.address}"
        elif channel.kind in (ChannelKind.PHONE, ChannelKind.CUSTOMER_SERVICE) and channel.address:
            href = phone_href(channel.address)
        elif channel.kind == ChannelKind.WEB_FORM and (channel.address or "").startswith(
            "https://"
        ):
            href = channel.address or ""
        return Line(label(channel.kind), value, href)

    # --- 10 consent -------------------------------------------------------------------------------

    def consent(self) -> Section:
        consent = [p for p in self.p.purposes if p.legal_basis == LegalBasis.CONSENT]
        blocks: list[Block]
        if consent:
            blocks = [
                Para(
                    _(
                        "Where the processing is based on your consent, you may withdraw it at "
                        "any time. Withdrawing does not affect the processing done before it."
                    )
                ),
                Lines(
                    (
                        Line(
                            _("Processing based on consent"),
                            "; ".join(self.t(p.text) for p in consent),
                        ),
                    )
                ),
            ]
            if self.p.rights.withdraw_consent:
                blocks.append(Para(self.t(self.p.rights.withdraw_consent)))
        else:
            blocks = [
                Para(
                    _(
                        "None of the processing is based on consent, so there is no consent to "
                        "withdraw."
                    )
                )
            ]
        return Section("consent", 10, _("Withdrawing consent"), tuple(blocks), ("GDPR-13-2c",))

    # --- 11 complaint -----------------------------------------------------------------------------

    def complaint(self) -> Section:
        a = TIETOSUOJAVALTUUTETTU
        blocks: list[Block] = [
            Para(
                _(
                    "If you think that the processing of your personal data breaks the data "
                    "protection rules, you have the right to lodge a complaint with the "
                    "supervisory authority. In Finland it is the Data Protection Ombudsman."
                )
            ),
            Lines(
                (
                    Line(_("Authority"), self.t(a.name)),
                    Line(_("Visiting address"), self.t(a.visiting_address)),
                    Line(_("Postal address"), self.t(a.postal_address)),
                    Line(_("Switchboard"), a.switchboard, phone_href(a.switchboard)),
                    Line(_("Registry"), a.registry_phone, phone_href(a.registry_phone)),
                    Line(_("E-mail"), a.email, f"mailto:{a.email}"),
                    Line(_("Website"), a.website, a.website),
                    Line(_("How to complain"), self.t(a.complaint_form)),
                )
            ),
        ]
        if self.p.rights.complaint:
            blocks.append(Para(self.t(self.p.rights.complaint)))
        return Section(
            "complaint", 11, _("Right to lodge a complaint"), tuple(blocks), ("GDPR-13-2d",)
        )

    # --- 12 provision -----------------------------------------------------------------------------

    def provision(self) -> Section:
        blocks: list[Block] = []
        if self.p.provision:
            blocks.append(Para(self.t(self.p.provision)))
        entries = []
        for category in self.p.data_categories:
            if category.provision is None:
                continue
            lines = [Line(_("Requirement"), label(category.provision.basis))]
            if category.provision.consequence:
                lines.append(Line(_("If not given"), self.t(category.provision.consequence)))
            entries.append(Entry(self.t(category.text), tuple(lines)))
        if entries:
            blocks.append(Entries(tuple(entries)))
        if not blocks:
            blocks.append(
                Para(
                    _(
                        "The controller has not stated whether providing the data is a "
                        "statutory or contractual requirement."
                    )
                )
            )
        return Section(
            "provision", 12, _("Whether you must provide the data"), tuple(blocks), ("GDPR-13-2e",)
        )

    # --- 13 automated decisions -------------------------------------------------------------------

    def automated(self) -> Section:
        decisions = self.p.automated_decisions
        if decisions.none:
            text = _(
                "No decisions are made by automated means alone, and your data is not used for "
                "profiling that would produce legal or similarly significant effects for you."
            )
        else:
            text = self.t(decisions.description)
        return Section(
            "automated",
            13,
            _("Automated decision-making and profiling"),
            (Para(text),),
            ("GDPR-13-2f",),
        )

    # --- 14 telecom annex -------------------------------------------------------------------------

    def telecom(self) -> Section:
        p = self.p
        traffic = (
            Para(self.t(p.traffic_data.description))
            if p.traffic_data
            else Para(_("We do not process traffic data of electronic communications."))
        )
        recording: tuple[Block, ...]
        if p.call_recording is not None and (
            p.call_recording.prior_notice or p.call_recording.description
        ):
            recording = tuple(
                Para(self.t(text))
                for text in (p.call_recording.prior_notice, p.call_recording.description)
                if text
            )
        elif p.declares_model("communications", "CallRecording"):
            recording = (Para(_("Customer service calls may be recorded.")),)
        else:
            recording = (Para(_("We do not record calls.")),)
        hetu_category = p.declared_fields().get("parties.Person.hetu_encrypted")
        if hetu_category is not None:
            hetu = Para(
                _(
                    "We process the personal identity code where the law allows it (Data "
                    "Protection Act 1050/2018, section 29), for example to identify the "
                    "customer reliably for invoicing and debt collection. It is stored "
                    "encrypted, shown only masked, and never used alone to identify you."
                )
            )
        else:
            hetu = Para(_("We do not collect the personal identity code."))
        blocks: list[Block] = [
            Sub(_("Traffic data"), (traffic,)),
            Sub(_("Call recordings"), recording),
            Sub(_("Personal identity code"), (hetu,)),
        ]
        if p.cookies is not None:
            cookie_blocks: list[Block] = [Para(self.t(p.cookies.description))]
            if p.cookies.analytics:
                cookie_blocks.append(Para(self.t(p.cookies.analytics)))
            if p.cookies.opt_out:
                cookie_blocks.append(Para(self.t(p.cookies.opt_out)))
            blocks.append(Sub(_("Cookies and web analytics"), tuple(cookie_blocks)))
        return Section(
            "telecom",
            14,
            _("Traffic data, call recordings and the personal identity code"),
            tuple(blocks),
        )

    # --- 15 security ------------------------------------------------------------------------------

    def security(self) -> Section:
        s = self.p.security
        blocks: list[Block] = [Sub(_("Electronic data"), (Para(self.t(s.electronic)),))]
        if s.manual:
            blocks.append(Sub(_("Paper documents"), (Para(self.t(s.manual)),)))
        else:
            blocks.append(
                Sub(_("Paper documents"), (Para(_("The register is not kept on paper.")),))
            )
        if s.organisational:
            blocks.append(Sub(_("Organisational measures"), (Para(self.t(s.organisational)),)))
        return Section("security", 15, _("How the data is protected"), tuple(blocks))

    # --- small helpers ----------------------------------------------------------------------------

    def address(self, address: Address) -> str:
        lines = address.lines()
        if address.country != "FI":
            lines.append(country_text(address.country))
        return ", ".join(lines)

    def contact_lines(
        self, email: str | None, phone: str | None, website: str | None
    ) -> list[Line]:
        lines = []
        if email:
            lines.append(Line(_("E-mail"), email, f"mailto:{email}"))
        if phone:
            lines.append(Line(_("Phone"), phone, phone_href(phone)))
        if website:
            lines.append(Line(_("Website"), website, website if website.startswith("http") else ""))
        return lines

    def contact(self, contact: Contact) -> tuple[Line, ...]:
        lines = []
        if contact.name:
            lines.append(Line(_("Name"), contact.name))
        if contact.title:
            lines.append(Line(_("Title"), self.t(contact.title)))
        if contact.organisation:
            lines.append(Line(_("Organisation"), contact.organisation))
        if contact.address:
            lines.append(Line(_("Address"), self.address(contact.address)))
        lines += self.contact_lines(contact.email, contact.phone, None)
        return tuple(lines)


def retention_sentence(rule: RetentionRule) -> str:
    """The rule in words in the active language: "3 years from the end of the contract, then the
    data is deleted." """
    values = {
        "period": period_text(rule.period),
        "counts_from": label(rule.counts_from),
        "action": label(rule.action),
    }
    if rule.period.iso() == "P0D":
        return _("The data is %(action)s without delay, counted %(counts_from)s.") % values
    return _("%(period)s %(counts_from)s, then the data is %(action)s.") % values


def country_text(code: str | None) -> str:
    """ "Finland", "United States (outside the EU/EEA)", "varies (may be outside the EU/EEA)"."""
    if code is None:
        return _("varies (may be outside the EU/EEA)")
    name = str(COUNTRY_NAMES.get(code, code))
    if code in EEA_COUNTRIES:
        return name
    return _("%(country)s (outside the EU/EEA)") % {"country": name}


def language_name(code: str) -> str:
    """ "ruotsi" in Finnish, "svenska" in Swedish, "Swedish" in English."""
    name = str(translation.get_language_info(code)["name_translated"])
    return name if translation.get_language() == "en" else name.lower()


def phone_href(number: str) -> str:
    try:
        return f"tel:{phone_normalize(number)}"
    except IdentifierError:
        return ""


def format_date(value: dt.date, lang: str) -> str:
    """1.1.2026 in Finnish and Swedish, 1 January 2026 in English."""
    if lang == "en":
        with translation.override("en"):
            return date_format(value, "j F Y")
    return f"{value.day}.{value.month}.{value.year}"


# --- HTML, Markdown, PDF ----------------------------------------------------------------------


def notice_css() -> str:
    return STATIC_CSS.read_text(encoding="utf-8")


def render_html(notice: Notice) -> str:
    """A standalone HTML document, stylesheet inlined, printable (A4, page numbers)."""
    with translation.override(notice.lang):
        return render_to_string(
            "profile/notice/document.html",
            {"notice": notice, "css": notice_css(), "page_css": page_css(notice)},
        )


def page_css(notice: Notice) -> str:
    """The running footer of printed pages: title, valid-from date, "page N / M"."""
    footer = notice.title
    if notice.valid_from_text:
        footer += f" · {notice.labels['valid_from']} {notice.valid_from_text}"
    font = 'font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #4f5b6b;'
    page = css_string(notice.labels["page"])
    return (
        "@page {\n"
        f"  @bottom-left {{ content: {css_string(footer)}; {font} }}\n"
        f'  @bottom-right {{ content: {page} " " counter(page) " / " counter(pages); {font} }}\n'
        "}"
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def render_fragment(notice: Notice) -> str:
    """The notice's body (first layer and sections) for embedding in a page."""
    with translation.override(notice.lang):
        return render_to_string("profile/notice/_notice.html", {"notice": notice})


def render_pdf(notice: Notice) -> bytes:
    """The notice as an A4 PDF: DejaVu Sans, page numbers, the valid-from date in the footer."""
    # WeasyPrint logs every step at INFO (even on import); only its warnings are worth a line.
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML

    html = render_html(notice)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def render_markdown(notice: Notice) -> str:
    """The same notice as CommonMark; profile texts are escaped so they cannot change its shape."""
    out: list[str] = [f"# {md_escape(notice.title)}", ""]
    if notice.registers:
        out += [md_escape(" · ".join(notice.registers)), ""]
    if notice.valid_from_text:
        out += [f"**{md_escape(notice.labels['valid_from'])}:** {notice.valid_from_text}", ""]
    out += [md_escape(notice.legal_basis_line), ""]
    out += _md_section(notice.summary)
    out += [f"## {md_escape(notice.labels['contents'])}", ""]
    out += [f"{s.number}. [{md_escape(s.heading)}](#{s.key})" for s in notice.sections]
    out.append("")
    for section in notice.sections:
        out += _md_section(section)
    out += ["---", "", md_escape(notice.labels["generated"]), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_section(section: Section) -> list[str]:
    number = f"{section.number}. " if section.number else ""
    out = [f'<a id="{section.key}"></a>', "", f"## {number}{md_escape(section.heading)}", ""]
    for block in section.blocks:
        out += _md_block(block, quote=False)
    return out


def _md_block(block: Block, *, quote: bool) -> list[str]:
    lines: list[str] = []
    if isinstance(block, Para):
        text = md_escape(block.text)
        lines += [f"**{text}**" if block.strong else text, ""]
    elif isinstance(block, Lines):
        lines += [_md_line(line) for line in block.lines] + [""]
    elif isinstance(block, Bullets):
        lines += [f"- {md_escape(item)}" for item in block.items] + [""]
    elif isinstance(block, Entries):
        for entry in block.entries:
            lines += [f"**{md_escape(entry.title)}**", ""]
            if entry.lines:
                lines += [_md_line(line) for line in entry.lines] + [""]
            for para in entry.paras:
                lines += [md_escape(para), ""]
    elif isinstance(block, Callout):
        inner = [f"### {md_escape(block.heading)}", ""]
        for child in block.blocks:
            inner += _md_block(child, quote=True)
        while inner and inner[-1] == "":
            inner.pop()
        lines += [f"> {line}".rstrip() for line in inner] + [""]
    elif isinstance(block, Sub):
        lines += [f"### {md_escape(block.heading)}", ""]
        for child in block.blocks:
            lines += _md_block(child, quote=quote)
    return lines


def _md_line(line: Line) -> str:
    return f"- **{md_escape(line.label)}:** {md_escape(line.value)}"


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|"})
_MD_BLOCK_START = re.compile(r"^[#+=>-]")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax in a profile text; join its lines (YAML folded text is one line)."""
    text = " ".join(text.split()).translate(_MD_SPECIAL)
    # "- " or "1. " at the start would turn a paragraph into a list, "# " into a heading.
    if _MD_BLOCK_START.match(text):
        return "\\" + text
    return _MD_ORDERED.sub(r"\1\\\2", text, count=1)


def render(profile: Profile, lang: str, fmt: str, *, valid_from: dt.date | None = None) -> bytes:
    """`profile`'s notice in `lang` as `fmt` (html, md or pdf), as bytes (UTF-8 for text)."""
    notice = build_notice(profile, lang, valid_from=valid_from)
    if fmt == "pdf":
        return render_pdf(notice)
    if fmt == "md":
        return render_markdown(notice).encode("utf-8")
    if fmt == "html":
        return render_html(notice).encode("utf-8")
    raise ValueError(f"unsupported notice format {fmt!r}; use one of {FORMATS}")


# --- committed example notices (docs/notices) ---------------------------------------------------

EXAMPLE_PROFILES = ("demo", "ilonet", "elmonet", "iljoja", "kasenet", "solintech")


def example_profile_path(name: str) -> Path:
    root = Path(settings.BASE_DIR) / "profiles"
    return root / "demo.yaml" if name == "demo" else root / "examples" / f"{name}.yaml"


def example_notices() -> Iterator[tuple[str, str]]:
    """(relative file name, content) of every committed example notice in docs/notices/."""
    for name in EXAMPLE_PROFILES:
        profile = load_profile(example_profile_path(name))
        for lang in LANGUAGES:
            yield f"{name}.{lang}.md", render_markdown(build_notice(profile, lang))


def notices_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "notices"


def write_examples(directory: Path | None = None) -> list[Path]:
    """Render every example notice into `directory` (docs/notices); returns the files written."""
    target = directory or notices_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in example_notices():
        path = target / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def all_text(section: Section) -> str:
    """Every word of a section as plain text (for tests and the first-layer check)."""
    return " ".join(_texts(section.blocks))


def _texts(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Para):
            yield block.text
        elif isinstance(block, Lines):
            for line in block.lines:
                yield f"{line.label}: {line.value}"
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, Entries):
            for entry in block.entries:
                yield entry.title
                yield from (f"{line.label}: {line.value}" for line in entry.lines)
                yield from entry.paras
        elif isinstance(block, Sub):
            yield block.heading
            yield from _texts(block.blocks)
