"""Reads of party data used by several callers. Reads do not audit; the caller that shows the
data to a person (view, command, API) records the consultation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kirjaamo.lib import crypto

if TYPE_CHECKING:
    from kirjaamo.parties.models import Person

HETU_FIELD = "parties.Person.hetu"


def person_hetu(person: Person) -> str | None:
    """Decrypt the person's HETU. Show it only masked unless a reveal is audited."""
    if not person.hetu_encrypted:
        return None
    return crypto.decrypt(bytes(person.hetu_encrypted), field=HETU_FIELD)


def person_by_customer_number(customer_number: str) -> Person | None:
    """The person holding this customer number (current or ended), or None."""
    from kirjaamo.parties.models import Customer, Person

    party_id = (
        Customer.objects.filter(customer_number=customer_number.strip())
        .values_list("party_id", flat=True)
        .first()
    )
    if party_id is None:
        return None
    return Person.objects.filter(pk=party_id).first()
