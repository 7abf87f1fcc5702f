"""Words for the profile's fixed values, in the active language, for notices and the ROPA.

    with translation.override("sv"):
        label(purpose.legal_basis)            # "Avtal" (from the catalogue)
        period_text(rule.period)              # "6 år"

The profile's own texts are `Text` values (`text.get(lang)`); these are the words Kirjaamo adds
around them.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kirjaamo.profile.schema import (
    ChannelKind,
    CountsFrom,
    LegalBasis,
    Medium,
    Period,
    ProvisionBasis,
    RecipientKind,
    RetentionAction,
    Safeguard,
    SourceKind,
)

# Keyed by enum class first: values of different enums are equal strings ("partner").
LABELS: dict[type[StrEnum], dict[str, Promise]] = {
    LegalBasis: {
        LegalBasis.CONSENT: _("Consent"),
        LegalBasis.CONTRACT: _("Contract"),
        LegalBasis.LEGAL_OBLIGATION: _("Legal obligation"),
        LegalBasis.VITAL_INTERESTS: _("Vital interests"),
        LegalBasis.PUBLIC_TASK: _("Task in the public interest"),
        LegalBasis.LEGITIMATE_INTERESTS: _("Legitimate interests"),
    },
    CountsFrom: {
        CountsFrom.CREATION: _("from when the record was made"),
        CountsFrom.CUSTOMER_RELATIONSHIP_END: _("from the end of the customer relationship"),
        CountsFrom.CONTACT_ROLE_END: _("from when the person stops being a contact person"),
        CountsFrom.CONTRACT_END: _("from the end of the contract"),
        CountsFrom.CONNECTION_CLOSED: _("from when the connection is closed"),
        CountsFrom.IP_ASSIGNMENT_END: _("from when the IP address is released"),
        CountsFrom.EQUIPMENT_RETURNED: _("from when the equipment is returned"),
        CountsFrom.BLOCK_END: _("from the end of the service block"),
        CountsFrom.END_OF_CALENDAR_YEAR_OF_BOOKING: _(
            "from the end of the calendar year of the booking"
        ),
        CountsFrom.END_OF_FINANCIAL_PERIOD: _("from the end of the financial period"),
        CountsFrom.INVOICE_DUE_DATE: _("from the due date of the invoice"),
        CountsFrom.INVOICE_PAID: _("from when the invoice is paid"),
        CountsFrom.COLLECTION_CLOSED: _("from the end of the debt collection"),
        CountsFrom.RECORDING_DATE: _("from the recording"),
        CountsFrom.MESSAGE_DATE: _("from the message"),
        CountsFrom.NOTE_DATE: _("from the note"),
        CountsFrom.CHANGE_DATE: _("from the change"),
        CountsFrom.EVENT_DATE: _("from the logged event"),
        CountsFrom.CONSENT_WITHDRAWN: _("from the withdrawal of consent"),
    },
    RetentionAction: {
        RetentionAction.DELETE: _("deleted"),
        RetentionAction.ANONYMISE: _("anonymised"),
    },
    ChannelKind: {
        ChannelKind.EMAIL: _("E-mail"),
        ChannelKind.POST: _("Post"),
        ChannelKind.IN_PERSON: _("In person"),
        ChannelKind.PHONE: _("Phone"),
        ChannelKind.WEB_FORM: _("Web form"),
        ChannelKind.CUSTOMER_SERVICE: _("Customer service"),
    },
    RecipientKind: {
        RecipientKind.PROCESSOR: _("Processor acting on our behalf"),
        RecipientKind.SUBCONTRACTOR: _("Subcontractor"),
        RecipientKind.DIRECTORY_SERVICE: _("Directory service"),
        RecipientKind.AUTHORITY: _("Authority"),
        RecipientKind.DEBT_COLLECTION: _("Debt collection"),
        RecipientKind.CREDIT_BUREAU: _("Credit bureau"),
        RecipientKind.PARTNER: _("Partner"),
        RecipientKind.GROUP_COMPANY: _("Group company"),
        RecipientKind.OTHER: _("Other recipient"),
    },
    SourceKind: {
        SourceKind.DATA_SUBJECT: _("The data subject"),
        SourceKind.POPULATION_REGISTER: _("Population Information System (DVV)"),
        SourceKind.YTJ_PRH: _("YTJ / PRH"),
        SourceKind.CREDIT_BUREAU: _("Credit bureau"),
        SourceKind.PARTNER: _("Partner"),
        SourceKind.SERVICE_PROVIDER: _("Service provider"),
        SourceKind.INSTALLER: _("Installer"),
        SourceKind.SERVICE_USE: _("Use of the services"),
        SourceKind.OTHER: _("Other"),
    },
    Safeguard: {
        Safeguard.ADEQUACY_DECISION: _("Adequacy decision of the European Commission"),
        Safeguard.STANDARD_CONTRACTUAL_CLAUSES: _("Standard contractual clauses"),
        Safeguard.BINDING_CORPORATE_RULES: _("Binding corporate rules"),
        Safeguard.CODE_OF_CONDUCT: _("Approved code of conduct"),
        Safeguard.CERTIFICATION: _("Approved certification"),
        Safeguard.DEROGATION: _("Derogation for a specific situation (Art 49)"),
    },
    ProvisionBasis: {
        ProvisionBasis.STATUTORY: _("Required by law"),
        ProvisionBasis.CONTRACTUAL: _("Required by the contract"),
        ProvisionBasis.CONTRACT_PREREQUISITE: _("Required to make the contract"),
        ProvisionBasis.VOLUNTARY: _("Voluntary"),
    },
    Medium: {
        Medium.ELECTRONIC: _("Electronic"),
        Medium.PAPER: _("Paper"),
    },
}


def label(value: StrEnum) -> str:
    """The word for a fixed value of the profile, in the active language."""
    return str(LABELS[type(value)][value])


def period_text(period: Period) -> str:
    """ "6 years", "1 year 6 months", "30 days", "immediately" in the active language."""
    parts = []
    if period.years:
        parts.append(ngettext("%(n)d year", "%(n)d years", period.years) % {"n": period.years})
    if period.months:
        parts.append(ngettext("%(n)d month", "%(n)d months", period.months) % {"n": period.months})
    if period.days:
        parts.append(ngettext("%(n)d day", "%(n)d days", period.days) % {"n": period.days})
    return " ".join(parts) if parts else str(_("immediately"))
