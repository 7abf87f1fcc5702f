"""Writes of parties, their roles and contact points.

Every function is keyword-only, atomic, validates its input (ValidationError with a dict of
field -> messages), records the change history of personal values and writes one audit event
with field names only, all in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.history.services import Change, diff, history_record
from kirjaamo.lib import crypto
from kirjaamo.lib.identifiers import hetu_mask
from kirjaamo.lib.unset import UNSET, Unset
from kirjaamo.parties.choices import ContactKind, CustomerSegment, PartyKind, Source
from kirjaamo.parties.models import (
    ContactPoint,
    Customer,
    Organisation,
    OrganisationContact,
    Party,
    Person,
)
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.parties.validation import (
    ContactPointData,
    PersonData,
    clean_contact_point,
    clean_organisation,
    clean_person,
)

HETU_FIELD = "parties.Person.hetu"


def hetu_index_of(hetu: str) -> str:
    return crypto.blind_index(hetu, field=HETU_FIELD)


def _person_values(data: PersonData) -> dict[str, object]:
    return {
        "first_names": data.first_names,
        "last_name": data.last_name,
        "hetu": hetu_mask(data.hetu) if data.hetu else "",
        "hetu_temporary": data.hetu_temporary if data.hetu else "",
        "birth_date": data.birth_date.isoformat() if data.birth_date else "",
        "language": data.language,
        "profession": data.profession,
    }


def _ensure_hetu_free(hetu: str | None, *, except_party: int | None = None) -> str | None:
    if not hetu:
        return None
    index = hetu_index_of(hetu)
    clash = Person.objects.filter(hetu_index=index)
    if except_party is not None:
        clash = clash.exclude(pk=except_party)
    if clash.exists():
        raise ValidationError({"hetu": [_("A person with this identity code already exists.")]})
    return index


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    first_names: str,
    last_name: str,
    hetu: str | None = None,
    hetu_temporary: bool = False,
    birth_date: dt.date | None = None,
    language: str = "fi",
    profession: str = "",
) -> Person:
    data = clean_person(
        first_names=first_names,
        last_name=last_name,
        hetu=hetu,
        hetu_temporary=hetu_temporary,
        birth_date=birth_date,
        language=language,
        profession=profession,
    )
    index = _ensure_hetu_free(data.hetu)
    now = timezone.now()
    party = Party.objects.create(
        kind=PartyKind.PERSON, search_name=data.search_name, created_at=now, updated_at=now
    )
    try:
        with transaction.atomic():
            person = Person.objects.create(
                party=party,
                first_names=data.first_names,
                last_name=data.last_name,
                hetu_encrypted=crypto.encrypt(data.hetu, field=HETU_FIELD) if data.hetu else None,
                hetu_index=index,
                hetu_temporary=data.hetu_temporary,
                birth_date=data.birth_date,
                language=data.language,
                profession=data.profession,
            )
    except IntegrityError as exc:  # a concurrent insert of the same HETU
        raise ValidationError(
            {"hetu": [_("A person with this identity code already exists.")]}
        ) from exc
    # No change history for a new party: its record holds the values (docs/decisions/0002).
    values = _person_values(data)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="person.created",
        entity="parties.Person",
        entity_id=party.pk,
        fields=[name for name, value in values.items() if value not in ("", None)],
        party_ids=[party.pk],
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Actor,
    person: Person,
    first_names: str | Unset = UNSET,
    last_name: str | Unset = UNSET,
    hetu: str | Unset | None = UNSET,
    hetu_temporary: bool | Unset = UNSET,
    birth_date: dt.date | Unset | None = UNSET,
    language: str | Unset = UNSET,
    profession: str | Unset = UNSET,
) -> Person:
    """Change the given fields; fields left UNSET keep their value. `hetu=None` removes it."""
    current_hetu = person_hetu(person)
    new_hetu = current_hetu if isinstance(hetu, Unset) else hetu
    new_birth = person.birth_date if isinstance(birth_date, Unset) else birth_date
    if (
        not isinstance(hetu, Unset)
        and isinstance(birth_date, Unset)
        and new_hetu
        and new_hetu != current_hetu
    ):
        new_birth = None  # re-derive from the new code; removing a code keeps the birth date
    old = PersonData(
        first_names=person.first_names,
        last_name=person.last_name,
        hetu=current_hetu,
        hetu_temporary=person.hetu_temporary,
        birth_date=person.birth_date,
        language=person.language,
        profession=person.profession,
    )
    data = clean_person(
        first_names=person.first_names if isinstance(first_names, Unset) else first_names,
        last_name=person.last_name if isinstance(last_name, Unset) else last_name,
        hetu=new_hetu,
        hetu_temporary=(
            person.hetu_temporary if isinstance(hetu_temporary, Unset) else hetu_temporary
        ),
        birth_date=new_birth,
        language=person.language if isinstance(language, Unset) else language,
        profession=person.profession if isinstance(profession, Unset) else profession,
    )
    changes = diff(
        entity="parties.Person",
        entity_id=person.pk,
        old=_person_values(old),
        new=_person_values(data),
    )
    hetu_changed = data.hetu != current_hetu
    if hetu_changed and not any(c.field == "hetu" for c in changes):
        # Same birth-date part, different code: the masked values look equal but it changed.
        changes.append(Change("parties.Person", person.pk, "hetu", "****", "****"))
    if not changes:
        return person
    person.first_names = data.first_names
    person.last_name = data.last_name
    person.hetu_temporary = data.hetu_temporary
    person.birth_date = data.birth_date
    person.language = data.language
    person.profession = data.profession
    if hetu_changed:
        person.hetu_index = _ensure_hetu_free(data.hetu, except_party=person.pk)
        person.hetu_encrypted = crypto.encrypt(data.hetu, field=HETU_FIELD) if data.hetu else None
    person.save()
    Party.objects.filter(pk=person.pk).update(
        search_name=data.search_name, updated_at=timezone.now()
    )
    history_record(actor=actor, party_id=person.pk, changes=changes)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="person.updated",
        entity="parties.Person",
        entity_id=person.pk,
        fields=[c.field for c in changes],
        party_ids=[person.pk],
    )
    return person


def _org_values(name: str, business_id: str | None, association_number: str) -> dict[str, object]:
    return {
        "name": name,
        "business_id": business_id or "",
        "association_number": association_number,
    }


@transaction.atomic
def organisation_create(
    *, actor: Actor, name: str, business_id: str | None = None, association_number: str = ""
) -> Organisation:
    data = clean_organisation(
        name=name, business_id=business_id, association_number=association_number
    )
    if data.business_id and Organisation.objects.filter(business_id=data.business_id).exists():
        raise ValidationError(
            {"business_id": [_("An organisation with this business ID already exists.")]}
        )
    now = timezone.now()
    party = Party.objects.create(
        kind=PartyKind.ORGANISATION, search_name=data.search_name, created_at=now, updated_at=now
    )
    org = Organisation.objects.create(
        party=party,
        name=data.name,
        business_id=data.business_id,
        association_number=data.association_number,
    )
    values = _org_values(data.name, data.business_id, data.association_number)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="organisation.created",
        entity="parties.Organisation",
        entity_id=party.pk,
        fields=[name for name, value in values.items() if value],
        party_ids=[party.pk],
    )
    return org


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str | Unset = UNSET,
    business_id: str | Unset | None = UNSET,
    association_number: str | Unset = UNSET,
) -> Organisation:
    data = clean_organisation(
        name=organisation.name if isinstance(name, Unset) else name,
        business_id=organisation.business_id if isinstance(business_id, Unset) else business_id,
        association_number=(
            organisation.association_number
            if isinstance(association_number, Unset)
            else association_number
        ),
    )
    if (
        data.business_id
        and Organisation.objects.filter(business_id=data.business_id)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError(
            {"business_id": [_("An organisation with this business ID already exists.")]}
        )
    changes = diff(
        entity="parties.Organisation",
        entity_id=organisation.pk,
        old=_org_values(
            organisation.name, organisation.business_id, organisation.association_number
        ),
        new=_org_values(data.name, data.business_id, data.association_number),
    )
    if not changes:
        return organisation
    organisation.name = data.name
    organisation.business_id = data.business_id
    organisation.association_number = data.association_number
    organisation.save(update_fields=["name", "business_id", "association_number"])
    Party.objects.filter(pk=organisation.pk).update(
        search_name=data.search_name, updated_at=timezone.now()
    )
    history_record(actor=actor, party_id=organisation.pk, changes=changes)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="organisation.updated",
        entity="parties.Organisation",
        entity_id=organisation.pk,
        fields=[c.field for c in changes],
        party_ids=[organisation.pk],
    )
    return organisation


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    party: Party,
    customer_number: str,
    segment: str = CustomerSegment.CONSUMER,
    started_on: dt.date | None = None,
    partner: Organisation | None = None,
) -> Customer:
    errors: dict[str, list[str]] = {}
    customer_number = (customer_number or "").strip()
    if not customer_number:
        errors["customer_number"] = [_("Customer number is required.")]
    elif len(customer_number) > 20:
        errors["customer_number"] = [_("Customer number is too long.")]
    elif Customer.objects.filter(customer_number=customer_number).exists():
        errors["customer_number"] = [_("This customer number is already in use.")]
    if segment not in CustomerSegment.values:
        errors["segment"] = [_("Segment must be consumer or business.")]
    if errors:
        raise ValidationError(errors)
    customer = Customer.objects.create(
        party=party,
        customer_number=customer_number,
        segment=segment,
        partner=partner,
        started_on=started_on or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="customer.created",
        entity="parties.Customer",
        entity_id=customer.pk,
        fields=["customer_number", "segment", "started_on"] + (["partner"] if partner else []),
        party_ids=[party.pk],
    )
    return customer


@transaction.atomic
def customer_end(*, actor: Actor, customer: Customer, ended_on: dt.date) -> Customer:
    if ended_on < customer.started_on:
        raise ValidationError({"ended_on": [_("The end date is before the start date.")]})
    customer.ended_on = ended_on
    customer.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="customer.ended",
        entity="parties.Customer",
        entity_id=customer.pk,
        fields=["ended_on"],
        party_ids=[customer.party_id],
    )
    return customer


@transaction.atomic
def organisation_contact_add(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    kind: str,
    title: str = "",
    started_on: dt.date | None = None,
) -> OrganisationContact:
    if kind not in ContactKind.values:
        raise ValidationError({"kind": [_("Choose the kind of contact.")]})
    title = " ".join((title or "").split())
    if len(title) > 200:
        raise ValidationError({"title": [_("Title is too long.")]})
    contact = OrganisationContact.objects.create(
        person=person,
        organisation=organisation,
        kind=kind,
        title=title,
        started_on=started_on or timezone.localdate(),
    )
    history_record(
        actor=actor,
        party_id=person.pk,
        changes=diff(
            entity="parties.OrganisationContact",
            entity_id=contact.pk,
            old={},
            new={"organisation": organisation.pk, "kind": kind, "title": title},
        ),
    )
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="organisation_contact.added",
        entity="parties.OrganisationContact",
        entity_id=contact.pk,
        fields=["organisation", "kind", "title", "started_on"],
        party_ids=[person.pk, organisation.pk],
    )
    return contact


@transaction.atomic
def organisation_contact_end(
    *, actor: Actor, contact: OrganisationContact, ended_on: dt.date | None = None
) -> OrganisationContact:
    ended_on = ended_on or timezone.localdate()
    if ended_on < contact.started_on:
        raise ValidationError({"ended_on": [_("The end date is before the start date.")]})
    contact.ended_on = ended_on
    contact.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="organisation_contact.ended",
        entity="parties.OrganisationContact",
        entity_id=contact.pk,
        fields=["ended_on"],
        party_ids=[contact.person_id, contact.organisation_id],
    )
    return contact


@transaction.atomic
def contact_point_create(
    *,
    actor: Actor,
    party: Party,
    kind: str,
    source: str = Source.DATA_SUBJECT,
    obtained_at: dt.datetime | None = None,
    use: str = "general",
    street: str = "",
    postal_code: str = "",
    post_office: str = "",
    country: str = "FI",
    phone: str = "",
    email: str = "",
) -> ContactPoint:
    data = clean_contact_point(
        kind=kind,
        source=source,
        use=use,
        street=street,
        postal_code=postal_code,
        post_office=post_office,
        country=country,
        phone=phone,
        email=email,
    )
    return _contact_point_insert(actor=actor, party=party, data=data, obtained_at=obtained_at)


def _contact_point_insert(
    *, actor: Actor, party: Party, data: ContactPointData, obtained_at: dt.datetime | None
) -> ContactPoint:
    cp = ContactPoint.objects.create(
        party=party,
        kind=data.kind,
        obtained_at=obtained_at or timezone.now(),
        search_text=data.search_text,
        **data.values(),
    )
    changes = diff(
        entity="parties.ContactPoint",
        entity_id=cp.pk,
        old={},
        new={k: v for k, v in data.values().items() if v},
    )
    history_record(actor=actor, party_id=party.pk, changes=changes)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="contact_point.created",
        entity="parties.ContactPoint",
        entity_id=cp.pk,
        fields=[c.field for c in changes],
        detail={"kind": data.kind},
        party_ids=[party.pk],
    )
    return cp


@transaction.atomic
def contact_point_update(
    *,
    actor: Actor,
    contact_point: ContactPoint,
    source: str | Unset = UNSET,
    use: str | Unset = UNSET,
    street: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    post_office: str | Unset = UNSET,
    country: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    email: str | Unset = UNSET,
    obtained_at: dt.datetime | None = None,
) -> ContactPoint:
    """Change a contact point. Changing the value without a new `source` keeps the old source
    but the obtained time is renewed, since the new value was obtained now."""
    cp = contact_point
    before = {
        "street": cp.street,
        "postal_code": cp.postal_code,
        "post_office": cp.post_office,
        "country": cp.country,
        "phone": cp.phone,
        "email": cp.email,
        "use": cp.use,
        "source": cp.source,
    }

    def pick(value: str | Unset, current: str) -> str:
        return current if isinstance(value, Unset) else value

    data = clean_contact_point(
        kind=cp.kind,
        source=pick(source, cp.source),
        use=pick(use, cp.use),
        street=pick(street, cp.street),
        postal_code=pick(postal_code, cp.postal_code),
        post_office=pick(post_office, cp.post_office),
        country=pick(country, cp.country or "FI"),
        phone=pick(phone, cp.phone),
        email=pick(email, cp.email),
    )
    changes = diff(entity="parties.ContactPoint", entity_id=cp.pk, old=before, new=data.values())
    if not changes:
        return cp
    for key, value in data.values().items():
        setattr(cp, key, value)
    cp.search_text = data.search_text
    cp.obtained_at = obtained_at or timezone.now()
    cp.save()
    Party.objects.filter(pk=cp.party_id).update(updated_at=timezone.now())
    history_record(actor=actor, party_id=cp.party_id, changes=changes)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="contact_point.updated",
        entity="parties.ContactPoint",
        entity_id=cp.pk,
        fields=[c.field for c in changes],
        detail={"kind": cp.kind},
        party_ids=[cp.party_id],
    )
    return cp


@transaction.atomic
def contact_point_delete(*, actor: Actor, contact_point: ContactPoint) -> None:
    cp = contact_point
    values = {
        k: v
        for k, v in {
            "street": cp.street,
            "postal_code": cp.postal_code,
            "post_office": cp.post_office,
            "country": cp.country,
            "phone": cp.phone,
            "email": cp.email,
        }.items()
        if v
    }
    changes = diff(entity="parties.ContactPoint", entity_id=cp.pk, old=values, new={})
    history_record(actor=actor, party_id=cp.party_id, changes=changes)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="contact_point.deleted",
        entity="parties.ContactPoint",
        entity_id=cp.pk,
        fields=[c.field for c in changes],
        detail={"kind": cp.kind},
        party_ids=[cp.party_id],
    )
    cp.delete()
