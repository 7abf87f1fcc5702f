"""The customer card: everything the register holds about one party, read in a bounded number of
queries.

`party_card()` is a selector (it only reads). It loads only the sections it is asked for (the
view asks for the sections the user's gates allow) and only the columns the card shows. Every
list is bounded: the newest N rows are fetched as N + 1 so the card can say "showing the N
latest" without counting anything. Each list is one indexed query (party id + time order), so
the number of queries does not grow with the size of the register or of the customer's history:
at most 17 queries for a person with every section.

The caller that shows the card records the consultation (see parties.views.card).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.communications.models import CallRecording, Message, Note
from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import (
    Connection,
    Contract,
    ContractProduct,
    ContractRole,
    Equipment,
    IpAssignment,
    ServiceBlock,
)
from kirjaamo.history.models import FieldChange
from kirjaamo.lib.identifiers import hetu_mask, phone_display
from kirjaamo.parties.choices import PartyKind
from kirjaamo.parties.models import (
    ContactPoint,
    Customer,
    Organisation,
    OrganisationContact,
    Party,
    Person,
)
from kirjaamo.parties.selectors import person_hetu

T = TypeVar("T")


class Section:
    """Identifiers of the card's sections (also recorded in the consultation event)."""

    IDENTITY = "identity"
    CUSTOMER_ROLES = "customer_roles"
    CONTACT_POINTS = "contact_points"
    ORGANISATION_CONTACTS = "organisation_contacts"
    CONTRACTS = "contracts"
    BILLING = "billing"
    NOTES = "notes"
    RECORDINGS = "recordings"
    MESSAGES = "messages"
    HISTORY = "history"

    ALL = (
        IDENTITY,
        CUSTOMER_ROLES,
        CONTACT_POINTS,
        ORGANISATION_CONTACTS,
        CONTRACTS,
        BILLING,
        NOTES,
        RECORDINGS,
        MESSAGES,
        HISTORY,
    )


# How many rows of each list the card shows at most.
LIMITS = {
    "contact_points": 50,
    "organisation_contacts": 50,
    "contracts": 20,
    "ip_assignments": 50,
    "invoices": 24,
    "notes": 20,
    "recordings": 20,
    "messages": 20,
    "history": 50,
}


@dataclass
class Bounded(Generic[T]):
    """The newest `limit` rows of a list; `more` when the register holds older ones."""

    rows: list[T]
    limit: int
    more: bool

    @classmethod
    def of(cls, rows: Iterable[T], limit: int) -> Bounded[T]:
        fetched = list(rows)
        return cls(rows=fetched[:limit], limit=limit, more=len(fetched) > limit)


@dataclass
class ConnectionView:
    connection: Connection
    ip_assignments: list[IpAssignment] = field(default_factory=list)


@dataclass
class ContractView:
    contract: Contract
    roles: list[str] = field(default_factory=list)  # this party's roles (ContractRoleKind)
    products: list[ContractProduct] = field(default_factory=list)
    connections: list[ConnectionView] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    blocks: list[ServiceBlock] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [str(ContractRoleKind(role).label) for role in self.roles]


@dataclass
class InvoiceView:
    invoice: Invoice
    collection_cases: list[CollectionCase] = field(default_factory=list)


@dataclass
class PartyCard:
    party: Party
    person: Person | None
    organisation: Organisation | None
    hetu_masked: str
    sections: tuple[str, ...]
    customers: list[Customer] = field(default_factory=list)
    contact_points: Bounded[ContactPoint] | None = None
    # For a person: the organisations it is a contact of. For an organisation: its contacts.
    organisation_contacts: Bounded[OrganisationContact] | None = None
    contracts: Bounded[ContractView] | None = None
    ip_assignments_more: bool = False
    invoices: Bounded[InvoiceView] | None = None
    notes: Bounded[Note] | None = None
    recordings: Bounded[CallRecording] | None = None
    messages: Bounded[Message] | None = None
    history: Bounded[FieldChange] | None = None

    @property
    def is_person(self) -> bool:
        return self.person is not None

    @property
    def display_name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return self.organisation.name if self.organisation is not None else ""


def _load_party(party_id: int) -> Party | None:
    return (
        Party.objects.select_related("person", "organisation")
        .only(
            "id",
            "kind",
            "created_at",
            "updated_at",
            "person__first_names",
            "person__last_name",
            "person__hetu_encrypted",
            "person__hetu_temporary",
            "person__birth_date",
            "person__language",
            "person__profession",
            "organisation__name",
            "organisation__business_id",
            "organisation__association_number",
        )
        .filter(pk=party_id)
        .first()
    )


def _contracts(card: PartyCard, party_id: int) -> None:
    limit = LIMITS["contracts"]
    # A party can hold, use and pay the same contract: fetch enough role rows for `limit + 1`
    # contracts even when each has all three roles.
    roles = list(
        ContractRole.objects.filter(party_id=party_id)
        .select_related("contract")
        .only(
            "role",
            "contract_id",
            "contract__number",
            "contract__seller",
            "contract__opened_on",
            "contract__terminated_on",
        )
        .order_by("-contract__opened_on", "-contract_id", "role")[: (limit + 1) * 3]
    )
    views: dict[int, ContractView] = {}
    for role in roles:
        view = views.get(role.contract_id)
        if view is None:
            view = views[role.contract_id] = ContractView(contract=role.contract)
        if role.role not in view.roles:
            view.roles.append(role.role)
    bounded = Bounded.of(views.values(), limit)
    card.contracts = bounded
    shown = {v.contract.pk: v for v in bounded.rows}
    if not shown:
        return
    ids = list(shown)
    for cp in (
        ContractProduct.objects.filter(contract_id__in=ids)
        .select_related("product")
        .only("contract_id", "started_on", "ended_on", "product__name", "product__kind")
        .order_by("started_on", "id")
    ):
        shown[cp.contract_id].products.append(cp)
    connections: dict[int, ConnectionView] = {}
    for conn in (
        Connection.objects.filter(contract_id__in=ids)
        .only(
            "contract_id",
            "connection_number",
            "street",
            "postal_code",
            "post_office",
            "activated_on",
            "closed_on",
        )
        .order_by("id")
    ):
        connections[conn.pk] = ConnectionView(connection=conn)
        shown[conn.contract_id].connections.append(connections[conn.pk])
    if connections:
        ip_limit = LIMITS["ip_assignments"]
        ips = list(
            IpAssignment.objects.filter(connection_id__in=list(connections))
            .only("connection_id", "address", "assigned_from", "assigned_to")
            .order_by("-assigned_from", "-id")[: ip_limit + 1]
        )
        card.ip_assignments_more = len(ips) > ip_limit
        for ip in ips[:ip_limit]:
            connections[ip.connection_id].ip_assignments.append(ip)
    for eq in (
        Equipment.objects.filter(contract_id__in=ids)
        .only("contract_id", "kind", "serial_number", "delivered_on", "returned_on")
        .order_by("id")
    ):
        shown[eq.contract_id].equipment.append(eq)
    for block in (
        ServiceBlock.objects.filter(contract_id__in=ids)
        .only("contract_id", "reason", "starts_at", "ends_at")
        .order_by("-starts_at", "-id")
    ):
        shown[block.contract_id].blocks.append(block)


def _invoices(card: PartyCard, party_id: int) -> None:
    limit = LIMITS["invoices"]
    invoices = Bounded.of(
        (
            InvoiceView(invoice=inv)
            for inv in Invoice.objects.filter(payer_id=party_id)
            .select_related("contract")
            .only(
                "number",
                "issued_on",
                "due_on",
                "amount_cents",
                "status",
                "paid_on",
                "contract__number",
            )
            .order_by("-issued_on", "-id")[: limit + 1]
        ),
        limit,
    )
    card.invoices = invoices
    by_id = {v.invoice.pk: v for v in invoices.rows}
    if by_id:
        for case in (
            CollectionCase.objects.filter(invoice_id__in=list(by_id))
            .only("invoice_id", "agency", "handed_over_on", "closed_on")
            .order_by("handed_over_on", "id")
        ):
            by_id[case.invoice_id].collection_cases.append(case)


def party_card(party_id: int, *, sections: Iterable[str]) -> PartyCard | None:
    """Load the card of party `party_id` with the given sections (Section.*), or None if no such
    party exists. Sections not asked for are left None/empty and cost no query."""
    party = _load_party(party_id)
    if party is None:
        return None
    wanted = set(sections)
    person = party.person if party.kind == PartyKind.PERSON else None
    organisation = party.organisation if party.kind == PartyKind.ORGANISATION else None
    hetu = person_hetu(person) if person is not None else None
    card = PartyCard(
        party=party,
        person=person,
        organisation=organisation,
        hetu_masked=hetu_mask(hetu) if hetu else "",
        sections=tuple(s for s in Section.ALL if s in wanted),
    )
    if Section.CUSTOMER_ROLES in wanted:
        card.customers = list(
            Customer.objects.filter(party_id=party_id)
            .select_related("partner")
            .only(
                "customer_number",
                "segment",
                "started_on",
                "ended_on",
                "partner__name",
            )
            .order_by("started_on", "id")
        )
    if Section.CONTACT_POINTS in wanted:
        card.contact_points = Bounded.of(
            ContactPoint.objects.filter(party_id=party_id)
            .defer("search_text")
            .order_by("kind", "id")[: LIMITS["contact_points"] + 1],
            LIMITS["contact_points"],
        )
    if Section.ORGANISATION_CONTACTS in wanted:
        limit = LIMITS["organisation_contacts"]
        if person is not None:
            contacts = (
                OrganisationContact.objects.filter(person_id=party_id)
                .select_related("organisation")
                .only(
                    "organisation_id",
                    "kind",
                    "title",
                    "started_on",
                    "ended_on",
                    "organisation__name",
                    "organisation__business_id",
                )
            )
        else:
            contacts = (
                OrganisationContact.objects.filter(organisation_id=party_id)
                .select_related("person")
                .only(
                    "person_id",
                    "kind",
                    "title",
                    "started_on",
                    "ended_on",
                    "person__first_names",
                    "person__last_name",
                )
            )
        card.organisation_contacts = Bounded.of(
            contacts.order_by("ended_on", "-started_on", "-id")[: limit + 1], limit
        )
    if Section.CONTRACTS in wanted:
        _contracts(card, party_id)
    if Section.BILLING in wanted:
        _invoices(card, party_id)
    if Section.NOTES in wanted:
        limit = LIMITS["notes"]
        card.notes = Bounded.of(
            Note.objects.filter(party_id=party_id)
            .select_related("author")
            .only(
                "category",
                "text",
                "created_at",
                "author__username",
                "author__first_name",
                "author__last_name",
            )
            .order_by("-created_at", "-id")[: limit + 1],
            limit,
        )
    if Section.RECORDINGS in wanted:
        limit = LIMITS["recordings"]
        card.recordings = Bounded.of(
            CallRecording.objects.filter(party_id=party_id)
            .select_related("agent")
            .only(
                "recorded_at",
                "duration_seconds",
                "caller_informed",
                "content_type",
                "agent__username",
                "agent__first_name",
                "agent__last_name",
            )
            .order_by("-recorded_at", "-id")[: limit + 1],
            limit,
        )
    if Section.MESSAGES in wanted:
        limit = LIMITS["messages"]
        card.messages = Bounded.of(
            Message.objects.filter(party_id=party_id)
            .only("channel", "direction", "occurred_at", "subject")
            .order_by("-occurred_at", "-id")[: limit + 1],
            limit,
        )
    if Section.HISTORY in wanted:
        limit = LIMITS["history"]
        card.history = Bounded.of(
            FieldChange.objects.filter(party_id=party_id)
            .select_related("actor")
            .only(
                "entity",
                "entity_id",
                "field",
                "old_value",
                "new_value",
                "changed_at",
                "actor_label",
                "channel",
                "actor__username",
                "actor__first_name",
                "actor__last_name",
            )
            .order_by("-changed_at", "-id")[: limit + 1],
            limit,
        )
    return card


# History rows name fields that are not model fields of their entity.
_EXTRA_FIELD_LABELS = {
    "hetu": _("personal identity code"),
    "roles": _("roles"),
    "products": _("products"),
}
_BOOLEAN_TEXT = {"True": _("yes"), "False": _("no")}


def _finnish_date(value: str) -> str:
    """An ISO date from the history as the UI shows dates (24.11.2026); other text unchanged."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day}.{day.month}.{day.year}"


@dataclass
class ChangeRow:
    change: FieldChange
    entity: str
    field: str
    old: str
    new: str


def describe_change(change: FieldChange) -> ChangeRow:
    """Human labels for one history row: the entity's and field's verbose names in the UI
    language, choice values as their labels and phone numbers in their usual form."""
    entity, field_label = change.entity, change.field
    old, new = change.old_value, change.new_value
    try:
        model = apps.get_model(change.entity)
    except (LookupError, ValueError):
        return ChangeRow(change, entity, field_label, old, new)
    entity = str(capfirst(model._meta.verbose_name))
    try:
        model_field = model._meta.get_field(change.field)
    except FieldDoesNotExist:
        field_label = str(_EXTRA_FIELD_LABELS.get(change.field, change.field))
    else:
        field_label = str(getattr(model_field, "verbose_name", change.field))
        choices = {str(k): str(v) for k, v in getattr(model_field, "flatchoices", []) or []}
        if choices:
            old, new = choices.get(old, old), choices.get(new, new)
        if model_field.is_relation:
            # History keeps ids of related rows (e.g. the organisation of a contact role).
            old, new = (f"#{v}" if v else v for v in (old, new))
        if isinstance(model_field, models.DateField) and not isinstance(
            model_field, models.DateTimeField
        ):
            old, new = _finnish_date(old), _finnish_date(new)
    if change.field == "phone":
        old = phone_display(old) if old else old
        new = phone_display(new) if new else new
    old = str(_BOOLEAN_TEXT.get(old, old))
    new = str(_BOOLEAN_TEXT.get(new, new))
    return ChangeRow(change, entity, field_label, old, new)
