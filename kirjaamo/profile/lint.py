"""The notice linter: what a valid profile still gets wrong under current law.

`lint(profile)` returns findings (warnings); a profile with findings still loads and runs. Each
finding names the rule it applies (`rule`: a LEGAL.md ID, or the `GDPR-13-*`/`GDPR-14-*` ID of a
LEGAL.md §1a notice item, see kirjaamo/profile/rules.py) or, where no rule ID applies, only its
`code`. The checks:

- Art 13/14 items the profile must declare: controller contact details (GDPR-13-1a); whether
  there is a DPO and how to reach one (GDPR-13-1b); the interest behind legitimate_interests
  (GDPR-13-1d); recipients (GDPR-13-1e); a safeguard for every transfer outside the EU/EEA
  (GDPR-13-1f); a retention rule for every category (GDPR-13-2a); the right to withdraw consent
  where a purpose rests on consent (GDPR-13-2c); whether providing data is required
  (GDPR-13-2e); the source of every category (GDPR-14-2f). The complaint right is not checked:
  Kirjaamo always prints it with the authority's current contact details.
- The objection right where a purpose is direct marketing (GDPR-21-DM); a traffic-data section
  when traffic data is held (FI-SVP-TRAFFIC); a prior-notice statement when calls are recorded
  (GDPR-15-CALLREC); a free opt-out when data goes to directory services (EP-12).
- Wording scanned in every text: the repealed Henkilötietolaki 523/1999; the authority's old
  address or fax (FI-TSL-DPA); requests that must be signed (GDPR-12-ID); access free only once
  a year (GDPR-12-FREE); a language condition (GDPR-LANG); a "written certificate" of refusal
  (GDPR-12-REFUSE); the HetiL "prohibition" of distance selling (GDPR-21-DM); notifying the
  source of corrected data (GDPR-19).
- A missing Swedish or English translation of a text in a published language; a purpose no
  category uses; a retention rule citing an unknown rule ID.

`lint_text(text)` runs the wording scan alone over any text, e.g. an old notice being migrated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kirjaamo.profile.rules import KNOWN_RULES
from kirjaamo.profile.schema import (
    LegalBasis,
    Loc,
    Profile,
    RecipientKind,
    format_loc,
    iter_texts,
)


@dataclass(frozen=True)
class Finding:
    """A warning: `code` is stable (for tools), `rule` the rule ID it applies, if any."""

    code: str
    rule: str | None
    path: str
    line: int | None
    message: str

    @property
    def label(self) -> str:
        return self.rule or self.code

    def format(self, file: str | None) -> str:
        where = f"{file or '<profile>'}:{self.line}" if self.line else file or "<profile>"
        path = f" {self.path}:" if self.path else ""
        return f"{where}: [{self.label}]{path} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }


Check = Callable[[Profile], Iterator[tuple[Loc, str, str | None, str]]]


def lint(profile: Profile) -> list[Finding]:
    """Every finding for `profile`, ordered by line."""
    findings = [
        Finding(code, rule, format_loc(loc), profile.line_for(loc), message)
        for check in CHECKS
        for loc, code, rule, message in check(profile)
    ]
    return sorted(findings, key=lambda f: (f.line or 0, f.path, f.code))


# --- Art 13 / 14 items --------------------------------------------------------------------------


def _controller_contact(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    c = profile.controller
    if not (c.email or c.phone or c.address):
        yield (
            ("controller",),
            "controller-contact",
            "GDPR-13-1a",
            _("The controller has no contact details: add an address, e-mail or phone."),
        )


def _dpo(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    if profile.dpo is None:
        yield (
            (),
            "dpo-undeclared",
            "GDPR-13-1b",
            _(
                "Say whether a data protection officer has been designated: dpo: with contact "
                "details, or dpo: {none: true}."
            ),
        )
    elif not profile.dpo.none and not profile.dpo.has_contact_details():
        yield (
            ("dpo",),
            "dpo-contact",
            "GDPR-13-1b",
            _("The data protection officer has no contact details (e-mail, phone or address)."),
        )


def _legitimate_interest(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    for i, purpose in enumerate(profile.purposes):
        if (
            purpose.legal_basis == LegalBasis.LEGITIMATE_INTERESTS
            and not purpose.legitimate_interest
        ):
            yield (
                ("purposes", i, "legal_basis"),
                "legitimate-interest-missing",
                "GDPR-13-1d",
                _(
                    "Purpose %(id)s rests on legitimate interests: state the interest in words "
                    "(legitimate_interest:)."
                )
                % {"id": purpose.id},
            )


def _recipients(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    if not profile.recipients:
        yield (
            (),
            "recipients-missing",
            "GDPR-13-1e",
            _(
                "No recipients are declared. List every recipient or category of recipients, "
                "processors (hosting, billing, installers) included."
            ),
        )


def _transfers(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    for i, dest in enumerate(profile.transfers.destinations):
        if dest.safeguard is None and dest.safeguard_text is None:
            yield (
                ("transfers", "destinations", i),
                "transfer-safeguard-missing",
                "GDPR-13-1f",
                _(
                    "A transfer outside the EU/EEA needs its safeguard (adequacy decision, "
                    "standard contractual clauses, …) and how to get a copy of it."
                ),
            )
    covered = {d.recipient for d in profile.transfers.destinations if d.recipient}
    for i, rec in enumerate(profile.recipients):
        if rec.country is None or not rec.outside_eea:
            continue
        if profile.transfers.none:
            yield (
                ("recipients", i, "country"),
                "transfer-contradiction",
                "GDPR-13-1f",
                _(
                    "Recipient %(id)s is outside the EU/EEA (%(country)s) but transfers say "
                    "none: true. Declare the transfer and its safeguard."
                )
                % {"id": rec.id, "country": rec.country},
            )
        elif rec.id not in covered and rec.safeguard is None:
            yield (
                ("recipients", i, "country"),
                "transfer-safeguard-missing",
                "GDPR-13-1f",
                _(
                    "Recipient %(id)s is outside the EU/EEA (%(country)s) with no safeguard: add "
                    "safeguard: or a transfers destination for it."
                )
                % {"id": rec.id, "country": rec.country},
            )


def _retention(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    kept = {rule.category for rule in profile.retention}
    for i, cat in enumerate(profile.data_categories):
        if cat.id not in kept:
            yield (
                ("data_categories", i),
                "retention-missing",
                "GDPR-13-2a",
                _("Category %(id)s has no retention rule: add one under retention:.")
                % {"id": cat.id},
            )
    for i, rule in enumerate(profile.retention):
        if rule.rule is not None and rule.rule not in KNOWN_RULES:
            yield (
                ("retention", i, "rule"),
                "unknown-rule",
                None,
                _("%(rule)s is not a rule ID of LEGAL.md (docs/profile.md lists them).")
                % {"rule": rule.rule},
            )


def _consent(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    consent = [p.id for p in profile.purposes if p.legal_basis == LegalBasis.CONSENT]
    if consent and profile.rights.withdraw_consent is None:
        yield (
            ("rights",),
            "consent-withdrawal-missing",
            "GDPR-13-2c",
            _(
                "Purposes %(ids)s rest on consent: state the right to withdraw it at any time "
                "(rights.withdraw_consent)."
            )
            % {"ids": ", ".join(consent)},
        )


def _provision(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    if profile.provision is None and not any(c.provision for c in profile.data_categories):
        yield (
            (),
            "provision-missing",
            "GDPR-13-2e",
            _(
                "Say whether providing the data is a statutory or contractual requirement and "
                "what follows if it is not given (provision:)."
            ),
        )


def _sources(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    for i, cat in enumerate(profile.data_categories):
        if not cat.sources:
            yield (
                ("data_categories", i),
                "source-missing",
                "GDPR-14-2f",
                _("Category %(id)s names no source (sources:).") % {"id": cat.id},
            )


def _unused_purposes(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    used = {p for c in profile.data_categories for p in c.purposes}
    for i, purpose in enumerate(profile.purposes):
        if purpose.id not in used:
            yield (
                ("purposes", i),
                "purpose-unused",
                None,
                _("No data category serves purpose %(id)s; name it in a category's purposes.")
                % {"id": purpose.id},
            )


# --- telecom and marketing sections ------------------------------------------------------------


def _objection(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    marketing = [p.id for p in profile.purposes if p.direct_marketing]
    if marketing and profile.rights.objection is None:
        yield (
            ("rights",),
            "objection-missing",
            "GDPR-21-DM",
            _(
                "Purposes %(ids)s are direct marketing: state the right to object to it at any "
                "time, apart from the other rights (rights.objection)."
            )
            % {"ids": ", ".join(marketing)},
        )


def _traffic(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    if profile.traffic_data is not None:
        return
    for i, cat in enumerate(profile.data_categories):
        if cat.traffic_data or any(f.startswith("contracts.IpAssignment.") for f in cat.fields):
            yield (
                ("data_categories", i),
                "traffic-data-section-missing",
                "FI-SVP-TRAFFIC",
                _(
                    "Category %(id)s is traffic data (IP addresses, call data): add a "
                    "traffic_data: section saying what is processed and for which purposes."
                )
                % {"id": cat.id},
            )


def _call_recording(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    records = profile.declares_model("communications", "CallRecording")
    notice = profile.call_recording
    if (records or notice is not None) and (notice is None or notice.prior_notice is None):
        yield (
            ("call_recording",) if notice is not None else (),
            "call-recording-notice-missing",
            "GDPR-15-CALLREC",
            _(
                "Calls are recorded: say how callers are told before the recording starts "
                "(call_recording.prior_notice)."
            ),
        )


def _directory(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    to_directory = [
        i for i, r in enumerate(profile.recipients) if r.kind == RecipientKind.DIRECTORY_SERVICE
    ]
    if profile.directory is not None:
        if profile.directory.opt_out is None:
            yield (
                ("directory",),
                "directory-opt-out-missing",
                "EP-12",
                _("Say how a subscriber refuses the directory listing, free of charge (opt_out:)."),
            )
    elif to_directory:
        yield (
            ("recipients", to_directory[0]),
            "directory-opt-out-missing",
            "EP-12",
            _(
                "Data goes to directory services: add a directory: section with the default "
                "listing and the free opt-out."
            ),
        )


# --- translations -----------------------------------------------------------------------------

_LANGUAGE_NAMES = {"sv": lambda: _("Swedish"), "en": lambda: _("English")}


def _translations(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    languages = [lang.value for lang in profile.languages]
    for loc, text in iter_texts(profile):
        missing = text.missing(languages)
        if missing:
            yield (
                loc,
                "translation-missing",
                None,
                _("No %(languages)s translation; the Finnish text is shown instead.")
                % {"languages": ", ".join(_LANGUAGE_NAMES[lang]() for lang in missing)},
            )


# --- wording ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wording:
    code: str
    rule: str | None
    patterns: tuple[re.Pattern[str], ...]
    message: Callable[[], str]
    # The sentence must also match each of these (e.g. a signature *of a request*).
    context: tuple[re.Pattern[str], ...] = ()
    # Digit sequences matched with spaces and dashes ignored (phone and fax numbers).
    digits: tuple[str, ...] = ()
    # If the sentence matches this, it says the opposite ("no signature is needed").
    negation: re.Pattern[str] | None = None


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_REQUEST = re.compile(r"pyyn|pyyd|pyyt|request|begär|vaatimu|vaatia", re.IGNORECASE)
_MUST = re.compile(
    r"\b(?:tulee|on tehtävä|on esitettävä|on toimitettava|täytyy|pitää|must|shall|ska|måste)\b",
    re.IGNORECASE,
)

WORDINGS = (
    _Wording(
        "repealed-law",
        None,
        _rx(
            r"\bhenkilötietola(?:ki|in|kia|kiin|issa|ista|ille|eissa)\b",
            r"\b523/1999\b",
            r"\b1999/523\b",
            r"rekisteriseloste",
            r"\bHetiL\b",
            r"\bpersonuppgiftslagen\b",
            r"\bPersonal Data Act\b",
        ),
        lambda: _(
            "Refers to the Henkilötietolaki 523/1999 or its 'rekisteriseloste', repealed on "
            "1.1.2019: refer to the GDPR and the Tietosuojalaki 1050/2018 instead."
        ),
    ),
    _Wording(
        "outdated-authority-address",
        "FI-TSL-DPA",
        _rx(r"ratapihantie", r"\b00521\b"),
        lambda: _(
            "An outdated address or fax of the Data Protection Ombudsman. Remove it: Kirjaamo "
            "prints the current contact details (Lintulahdenkuja 4, PL 800, 00531 Helsinki)."
        ),
        digits=("0295666735", "358295666735"),
    ),
    _Wording(
        "signature-required",
        "GDPR-12-ID",
        _rx(
            r"allekirjoit",
            r"omakätis",
            r"\bsign(?:ed|ature)\b",
            r"undertecknad",
            r"underskrift",
            r"egenhändig",
        ),
        lambda: _(
            "Requires a signed request. The GDPR requires facilitating requests: accept every "
            "channel and check identity proportionately, without a handwritten signature."
        ),
        context=(_REQUEST,),
        negation=re.compile(
            r"ei tarvitse|ei tarvit|emme edellytä|emme vaadi|ei edellytetä|ei vaadita|"
            r"not required|not need|do not require|does not require|no signature|"
            r"krävs inte|kräver inte|kräver ingen|behöver inte",
            re.IGNORECASE,
        ),
    ),
    _Wording(
        "written-request-required",
        "GDPR-12-ID",
        _rx(r"kirjallise(?:sti|na|lla)", r"\bin writing\b", r"skriftlig"),
        lambda: _(
            "Requires requests in writing. A request may be made by any means, orally "
            "included; the controller must make it easy (Art 12(2))."
        ),
        context=(_REQUEST, _MUST),
    ),
    _Wording(
        "access-free-once-a-year",
        "GDPR-12-FREE",
        _rx(
            r"kerran vuodessa",
            r"once (?:a|per|every) (?:year|12 months|twelve months)",
            r"en gång (?:om|per|i) året",
            r"edellisestä tarkist\w*(?:pyynnöstä)? on kulunut",
            r"maksuton,? (?:mikäli|jos)",
        ),
        lambda: _(
            "Makes access free only once a year. Every request is free; only a manifestly "
            "unfounded or excessive request or an extra copy may cost (Art 12(5), 15(3))."
        ),
    ),
    _Wording(
        "language-condition",
        "GDPR-LANG",
        _rx(
            r"suomeksi tai englanniksi",
            r"suomeksi tai ruotsiksi",
            r"in finnish or english",
            r"på finska eller engelska",
        ),
        lambda: _(
            "Makes the request language a condition. Accept requests in any language; answer "
            "in Finnish, Swedish or English."
        ),
    ),
    _Wording(
        "refusal-certificate",
        "GDPR-12-REFUSE",
        _rx(r"kirjallisen todistuksen", r"written certificate", r"skriftligt intyg"),
        lambda: _(
            "A 'written certificate' of refusal is HetiL wording. Under Art 12(4) a refusal "
            "is sent within one month with the reasons, the right to complain to the authority "
            "and the right to a judicial remedy."
        ),
    ),
    _Wording(
        "distance-selling-prohibition",
        "GDPR-21-DM",
        _rx(r"etämyyn", r"distance sell", r"distansförsäljning"),
        lambda: _(
            "The HetiL 'prohibition' of direct advertising, distance selling and market research "
            "is now the right to object (Art 21(2)–(3)); electronic marketing to consumers needs "
            "prior consent (FI-SVP-200)."
        ),
    ),
    _Wording(
        "notify-source",
        "GDPR-19",
        _rx(r"jolta (?:virheelliset )?tiedot on saatu", r"from whom the (?:incorrect )?data"),
        lambda: _(
            "Notifying the source of corrected data is old HetiL practice; Art 19 requires "
            "notifying the recipients the data was disclosed to."
        ),
    ),
)

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _matches(text: str) -> Iterator[tuple[_Wording, int]]:
    """(wording, offset) for every sentence of `text` that a wording rule matches."""
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group()
        for wording in WORDINGS:
            if not all(c.search(chunk) for c in wording.context):
                continue
            if wording.negation is not None and wording.negation.search(chunk):
                continue
            digits = re.sub(r"[\s()-]", "", chunk)
            if any(p.search(chunk) for p in wording.patterns) or any(
                d in digits for d in wording.digits
            ):
                yield wording, sentence.start()


def _wording(profile: Profile) -> Iterator[tuple[Loc, str, str | None, str]]:
    for loc, text in iter_texts(profile):
        for lang, value in text.all():
            seen: set[str] = set()
            for wording, _offset in _matches(value):
                if wording.code not in seen:
                    seen.add(wording.code)
                    yield (*loc, lang), wording.code, wording.rule, wording.message()


def lint_text(text: str) -> list[Finding]:
    """Scan free text (e.g. an old notice) for outdated or GDPR-contradicting wording.

    One finding per rule and line; `line` counts from 1 in `text`, `path` is empty.
    """
    findings: dict[tuple[str, int], Finding] = {}
    for wording, offset in _matches(text):
        line = text.count("\n", 0, offset) + 1
        findings.setdefault(
            (wording.code, line), Finding(wording.code, wording.rule, "", line, wording.message())
        )
    return sorted(findings.values(), key=lambda f: (f.line or 0, f.code))


CHECKS: tuple[Check, ...] = (
    _controller_contact,
    _dpo,
    _legitimate_interest,
    _recipients,
    _transfers,
    _retention,
    _consent,
    _provision,
    _sources,
    _unused_purposes,
    _objection,
    _traffic,
    _call_recording,
    _directory,
    _wording,
    _translations,
)
