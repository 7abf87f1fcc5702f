"""Importing persons and organisations.

Matching (docs/import.md, "Matching"): a row is the register's party with the same customer
number, else the person with the same HETU (blind index) or the organisation with the same
Y-tunnus. If the customer number and the HETU / Y-tunnus point to two different parties, the row
is refused. A matched party gets the row's changed values (an empty optional cell never erases
anything), a new customer relationship if it was matched by HETU / Y-tunnus under another
customer number, and the row's address, phone and e-mail unless it already has that exact value.
Existing contact points are never changed or removed by an import.

History and values are the services' own: `_person_values` / `_org_values` from
`kirjaamo.parties.services`, so an import records the same change history as the UI: changed values
of existing parties and contact points added to them, nothing for a newly created party.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirjaamo.history.services import Change, diff
from kirjaamo.imports.bulk import values_by_key
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.importer import HistoryRow, Importer
from kirjaamo.imports.validation import (
    OrganisationRow,
    PersonRow,
    clean_organisation_row,
    clean_person_row,
)
from kirjaamo.lib import crypto
from kirjaamo.lib.text import fold
from kirjaamo.parties.choices import ContactPointKind, CustomerSegment, PartyKind
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Party, Person
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.parties.services import HETU_FIELD, _org_values, _person_values
from kirjaamo.parties.validation import ContactPointData, PersonData

PARTY_COLUMNS = ("kind", "search_name", "created_at", "updated_at")
CUSTOMER_COLUMNS = (
    "party_id",
    "customer_number",
    "segment",
    "partner_id",
    "started_on",
    "ended_on",
)
CONTACT_POINT_COLUMNS = (
    "party_id",
    "kind",
    "use",
    "street",
    "postal_code",
    "post_office",
    "country",
    "phone",
    "email",
    "source",
    "obtained_at",
    "search_text",
)
PERSON_COLUMNS = (
    "party_id",
    "first_names",
    "last_name",
    "hetu_encrypted",
    "hetu_index",
    "hetu_temporary",
    "birth_date",
    "language",
    "profession",
)
ORGANISATION_COLUMNS = ("party_id", "name", "business_id", "association_number")
PERSON_UPDATE_FIELDS = [c for c in PERSON_COLUMNS if c != "party_id"]
ORGANISATION_UPDATE_FIELDS = ["name", "business_id", "association_number"]

PartyRow = TypeVar("PartyRow", PersonRow, OrganisationRow)
ContactKey = tuple[str, ...]


def contact_key(
    kind: str, street: str, postal_code: str, post_office: str, country: str, phone: str, email: str
) -> ContactKey:
    """What makes two contact points "the same value" (case and accents of addresses and the
    case of e-mail addresses do not count)."""
    if kind == ContactPointKind.ADDRESS:
        return (kind, fold(street), postal_code, fold(post_office), country)
    if kind == ContactPointKind.PHONE:
        return (kind, phone)
    return (kind, email.casefold())


def _key_of(cp: ContactPointData) -> ContactKey:
    return contact_key(
        cp.kind, cp.street, cp.postal_code, cp.post_office, cp.country, cp.phone, cp.email
    )


@dataclass
class _Match:
    record: PersonRow | OrganisationRow
    party_id: int
    changes: list[Change]
    entity: Model | None  # set when its fields changed
    search_name: str | None  # set when the folded name changed
    new_customer: bool
    contact_points: list[ContactPointData] = field(default_factory=list)


class PartyImporter(Importer[PartyRow]):
    party_kind: str
    segment: str
    entity_label: str
    entity_model: type[Model]
    entity_columns: tuple[str, ...]
    entity_update_fields: list[str]
    identity_column: str
    wrong_kind: Promise
    conflict: Promise

    # -- what differs between persons and organisations --------------------------------------
    @abstractmethod
    def identity(self, record: PartyRow) -> str | None: ...

    @abstractmethod
    def existing_identities(self, keys: list[str]) -> dict[str, int]: ...

    @abstractmethod
    def entity_row(self, record: PartyRow, party_id: int) -> tuple[object, ...]: ...

    @abstractmethod
    def created_values(self, record: PartyRow) -> Mapping[str, object]: ...

    @abstractmethod
    def search_name(self, record: PartyRow) -> str: ...

    @abstractmethod
    def update(self, record: PartyRow, entity: Model) -> tuple[list[Change], str | None]:
        """Apply the row to `entity` in memory; the changes and the new folded name if any."""

    # -- the common flow ----------------------------------------------------------------------
    def process(self, records: Sequence[PartyRow], *, write: bool) -> None:
        candidates = []
        for r in records:
            ok = self.first_in_file(
                "customer_number", r.customer_number, row=r.row, column="customer_number"
            )
            ok = (
                self.first_in_file(
                    self.identity_column, self.identity(r), row=r.row, column=self.identity_column
                )
                and ok
            )
            if ok:
                candidates.append(r)
        by_number: dict[str, int] = values_by_key(
            Customer, "customer_number", "party_id", [r.customer_number for r in candidates]
        )
        by_identity = self.existing_identities(
            [key for r in candidates if (key := self.identity(r))]
        )
        known = set(by_number.values()) | set(by_identity.values())
        kinds = dict(Party.objects.filter(pk__in=known).values_list("pk", "kind")) if known else {}

        creates: list[PartyRow] = []
        matched: list[tuple[PartyRow, int]] = []
        matched_rows = self._seen.setdefault("party", {})
        for r in candidates:
            number_party = by_number.get(r.customer_number)
            key = self.identity(r)
            identity_party = by_identity.get(key) if key else None
            if number_party is not None and kinds.get(number_party) != self.party_kind:
                self.problems.add(r.row, "customer_number", str(self.wrong_kind))
                continue
            if (
                number_party is not None
                and identity_party is not None
                and number_party != identity_party
            ):
                self.problems.add(r.row, self.identity_column, str(self.conflict))
                continue
            target = number_party if number_party is not None else identity_party
            if target is None:
                creates.append(r)
                continue
            earlier = matched_rows.get(str(target))
            if earlier is not None:
                self.problems.add(
                    r.row,
                    "customer_number",
                    _("This row and row %(row)d match the same customer in the register.")
                    % {"row": earlier},
                )
                continue
            matched_rows[str(target)] = r.row
            matched.append((r, target))

        updates = self._plan_updates(matched, by_number)
        self.counts.created += len(creates)
        self.counts.contact_points_created += sum(len(r.contact_points) for r in creates)
        if write and not self.problems:
            self._write(creates, updates)

    def _plan_updates(
        self, matched: list[tuple[PartyRow, int]], by_number: Mapping[str, int]
    ) -> list[_Match]:
        if not matched:
            return []
        ids = [party_id for _r, party_id in matched]
        entities = self.entity_model._default_manager.in_bulk(ids)
        existing: dict[int, set[ContactKey]] = defaultdict(set)
        for party_id, *values in ContactPoint.objects.filter(party_id__in=ids).values_list(
            "party_id", "kind", "street", "postal_code", "post_office", "country", "phone", "email"
        ):
            existing[party_id].add(contact_key(*values))
        updates = []
        for r, party_id in matched:
            entity = entities[party_id]
            changes, search_name = self.update(r, entity)
            new_points = [cp for cp in r.contact_points if _key_of(cp) not in existing[party_id]]
            new_customer = r.customer_number not in by_number
            if not (changes or new_points or new_customer):
                self.counts.unchanged += 1
                continue
            self.counts.updated += 1
            self.counts.contact_points_created += len(new_points)
            updates.append(
                _Match(
                    record=r,
                    party_id=party_id,
                    changes=changes,
                    entity=entity if changes else None,
                    search_name=search_name,
                    new_customer=new_customer,
                    contact_points=new_points,
                )
            )
        return updates

    def _write(self, creates: list[PartyRow], updates: list[_Match]) -> None:
        now, ins = self.now, self.inserter
        party_ids = ins.insert_returning_ids(
            Party,
            PARTY_COLUMNS,
            [(self.party_kind, self.search_name(r), now, now) for r in creates],
        )
        created = list(zip(creates, party_ids, strict=True))
        ins.insert(
            self.entity_model, self.entity_columns, [self.entity_row(r, pid) for r, pid in created]
        )
        customers = [
            (pid, r.customer_number, self.segment, None, self.today, None) for r, pid in created
        ] + [
            (m.party_id, m.record.customer_number, self.segment, None, self.today, None)
            for m in updates
            if m.new_customer
        ]
        if customers:
            ins.insert(Customer, CUSTOMER_COLUMNS, customers)
            self.fields.add("customer_number")
        # Only a contact point added to a party already in the register gets a history row,
        # which names the point's id; those of new parties need no ids up front.
        ins.insert(
            ContactPoint,
            CONTACT_POINT_COLUMNS,
            (self._contact_point_row(pid, cp) for r, pid in created for cp in r.contact_points),
        )
        added = [(m.party_id, cp) for m in updates for cp in m.contact_points]
        cp_ids = ins.insert_returning_ids(
            ContactPoint,
            CONTACT_POINT_COLUMNS,
            [self._contact_point_row(pid, cp) for pid, cp in added],
        )
        self.write_history(self._history(created, updates, added, cp_ids))
        self._update(updates)
        self.party_ids.update(party_ids)
        self.party_ids.update(m.party_id for m in updates)

    def _contact_point_row(self, party_id: int, cp: ContactPointData) -> tuple[object, ...]:
        return (
            party_id,
            cp.kind,
            cp.use,
            cp.street,
            cp.postal_code,
            cp.post_office,
            cp.country,
            cp.phone,
            cp.email,
            cp.source,
            self.now,
            cp.search_text,
        )

    def _history(
        self,
        created: list[tuple[PartyRow, int]],
        updates: list[_Match],
        added: list[tuple[int, ContactPointData]],
        cp_ids: list[int],
    ) -> Iterator[HistoryRow]:
        """The change history of this chunk, as the services record it: every changed value of
        an updated party and every contact point added to a party that was already in the
        register. A party created by the import has no history yet: its record holds the
        values (docs/decisions/0002); the audit event still names the fields filled."""
        noted_kinds: set[str] = set()
        for r, _pid in created:
            self.note_fields(self.created_values(r))
            for cp in r.contact_points:
                # Which fields of a contact point are filled depends on its kind only
                # (`clean_contact_point` requires the kind's fields and leaves the others
                # empty), so one point of each kind names them all.
                if cp.kind not in noted_kinds:
                    noted_kinds.add(cp.kind)
                    self.note_fields(cp.values())
        for m in updates:
            yield from self.history_rows(m.party_id, m.changes)
        for (pid, cp), cp_id in zip(added, cp_ids, strict=True):
            yield from self.created_rows(pid, "parties.ContactPoint", cp_id, cp.values())

    def _update(self, updates: list[_Match]) -> None:
        now = self.now
        changed = [m.entity for m in updates if m.entity is not None]
        if changed:
            self.entity_model._default_manager.bulk_update(
                changed, self.entity_update_fields, batch_size=500
            )
        renamed = [
            Party(pk=m.party_id, search_name=m.search_name, updated_at=now)
            for m in updates
            if m.search_name is not None
        ]
        if renamed:
            Party.objects.bulk_update(renamed, ["search_name", "updated_at"], batch_size=500)
        touched = [m.party_id for m in updates if m.search_name is None]
        for start in range(0, len(touched), 1000):
            Party.objects.filter(pk__in=touched[start : start + 1000]).update(updated_at=now)


class PersonImporter(PartyImporter[PersonRow]):
    kind = ImportKind.PERSONS
    party_kind = PartyKind.PERSON
    segment = CustomerSegment.CONSUMER
    entity_label = "parties.Person"
    entity_model = Person
    entity_columns = PERSON_COLUMNS
    entity_update_fields = PERSON_UPDATE_FIELDS
    identity_column = "hetu"
    wrong_kind = gettext_lazy("This customer number belongs to an organisation in the register.")
    conflict = gettext_lazy(
        "The customer number and the identity code belong to two different persons in the register."
    )

    def clean(self, row: int, values: Mapping[str, object]) -> PersonRow:
        return clean_person_row(row, values, source=self.source)

    def identity(self, record: PersonRow) -> str | None:
        return record.hetu_index

    def existing_identities(self, keys: list[str]) -> dict[str, int]:
        return values_by_key(Person, "hetu_index", "party_id", keys)

    def entity_row(self, record: PersonRow, party_id: int) -> tuple[object, ...]:
        p = record.person
        return (
            party_id,
            p.first_names,
            p.last_name,
            crypto.encrypt(p.hetu, field=HETU_FIELD) if p.hetu else None,
            record.hetu_index,
            p.hetu_temporary,
            p.birth_date,
            p.language,
            p.profession,
        )

    def created_values(self, record: PersonRow) -> Mapping[str, object]:
        return _person_values(record.person)

    def search_name(self, record: PersonRow) -> str:
        return record.person.search_name

    def update(self, record: PersonRow, entity: Model) -> tuple[list[Change], str | None]:
        assert isinstance(entity, Person)
        person, row = entity, record.person
        current_hetu = person_hetu(person)
        old = PersonData(
            first_names=person.first_names,
            last_name=person.last_name,
            hetu=current_hetu,
            hetu_temporary=person.hetu_temporary,
            birth_date=person.birth_date,
            language=person.language,
            profession=person.profession,
        )
        hetu_changed = row.hetu is not None and row.hetu != current_hetu
        new = PersonData(
            first_names=row.first_names,
            last_name=row.last_name,
            # An empty cell keeps what the register has; the row's code was validated.
            hetu=row.hetu if row.hetu is not None else current_hetu,
            hetu_temporary=row.hetu_temporary if row.hetu is not None else person.hetu_temporary,
            birth_date=row.birth_date if row.hetu is not None else person.birth_date,
            language=row.language if record.language_given else person.language,
            profession=row.profession if record.profession_given else person.profession,
        )
        changes = diff(
            entity="parties.Person",
            entity_id=person.pk,
            old=_person_values(old),
            new=_person_values(new),
        )
        if hetu_changed and not any(c.field == "hetu" for c in changes):
            # Same birth-date part, different code: the masked values look equal but it changed.
            changes.append(Change("parties.Person", person.pk, "hetu", "****", "****"))
        if not changes:
            return [], None
        person.first_names = new.first_names
        person.last_name = new.last_name
        person.hetu_temporary = new.hetu_temporary
        person.birth_date = new.birth_date
        person.language = new.language
        person.profession = new.profession
        if hetu_changed:
            assert new.hetu is not None
            person.hetu_index = record.hetu_index
            person.hetu_encrypted = crypto.encrypt(new.hetu, field=HETU_FIELD)
        renamed = new.search_name != old.search_name
        return changes, new.search_name if renamed else None


class OrganisationImporter(PartyImporter[OrganisationRow]):
    kind = ImportKind.ORGANISATIONS
    party_kind = PartyKind.ORGANISATION
    segment = CustomerSegment.BUSINESS
    entity_label = "parties.Organisation"
    entity_model = Organisation
    entity_columns = ORGANISATION_COLUMNS
    entity_update_fields = ORGANISATION_UPDATE_FIELDS
    identity_column = "business_id"
    wrong_kind = gettext_lazy("This customer number belongs to a person in the register.")
    conflict = gettext_lazy(
        "The customer number and the business ID belong to two different organisations in the "
        "register."
    )

    def clean(self, row: int, values: Mapping[str, object]) -> OrganisationRow:
        return clean_organisation_row(row, values, source=self.source)

    def identity(self, record: OrganisationRow) -> str | None:
        return record.organisation.business_id

    def existing_identities(self, keys: list[str]) -> dict[str, int]:
        return values_by_key(Organisation, "business_id", "party_id", keys)

    def entity_row(self, record: OrganisationRow, party_id: int) -> tuple[object, ...]:
        o = record.organisation
        return (party_id, o.name, o.business_id, o.association_number)

    def created_values(self, record: OrganisationRow) -> Mapping[str, object]:
        o = record.organisation
        return _org_values(o.name, o.business_id, o.association_number)

    def search_name(self, record: OrganisationRow) -> str:
        return record.organisation.search_name

    def update(self, record: OrganisationRow, entity: Model) -> tuple[list[Change], str | None]:
        assert isinstance(entity, Organisation)
        org, row = entity, record.organisation
        business_id = row.business_id or org.business_id
        association = row.association_number if record.association_given else None
        association = association if association is not None else org.association_number
        changes = diff(
            entity="parties.Organisation",
            entity_id=org.pk,
            old=_org_values(org.name, org.business_id, org.association_number),
            new=_org_values(row.name, business_id, association),
        )
        if not changes:
            return [], None
        renamed = fold(row.name) != fold(org.name)
        org.name = row.name
        org.business_id = business_id
        org.association_number = association
        return changes, row.search_name if renamed else None
