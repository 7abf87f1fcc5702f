"""The one register search: classify the query, run only the lookups that can match, return at
most `limit` parties.

Every lookup is index-backed on PostgreSQL: exact btree lookups for identifiers (HETU blind
index, Y-tunnus, customer/contract/connection numbers, E.164 phone, IP address) and trigram GIN
for substrings of folded names and addresses (kirjaamo.lib.text.fold, migrations 0002). No
lookup sorts or counts the whole table; hits are fetched `limit + 1` at a time so the caller
knows whether to ask the user to refine.

This module only reads. The view/command that shows the hits records the consultation (with the
kinds of lookup and the party ids, never the query text, which may be a name or a HETU).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import Connection, Contract, ContractRole, IpAssignment
from kirjaamo.lib import crypto
from kirjaamo.lib.identifiers import (
    IdentifierError,
    business_id_normalize,
    hetu_mask,
    hetu_normalize,
    looks_like_business_id,
    looks_like_hetu,
    phone_normalize,
)
from kirjaamo.lib.text import fold
from kirjaamo.parties.choices import ContactPointKind, PartyKind
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Party, Person
from kirjaamo.parties.selectors import HETU_FIELD, person_hetu

MIN_SUBSTRING = 3
_PHONEISH = re.compile(r"^[+(]?[\d\s()\-/.]{5,}$")
_NUMBERISH = re.compile(r"^[A-Za-z0-9\-/]{3,32}$")


class Kind:
    """Names of the lookups, recorded in audit events and used as benchmark rows."""

    HETU = "hetu"
    BUSINESS_ID = "business_id"
    IP = "ip"
    EMAIL = "email"
    PHONE = "phone"
    NUMBER = "number"  # customer, contract or connection number
    NAME = "name"
    ADDRESS = "address"


@dataclass
class Hit:
    party_id: int
    kind: str  # PartyKind
    name: str
    matched_by: set[str] = field(default_factory=set)
    hetu_masked: str = ""
    business_id: str = ""
    customer_numbers: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    kinds: list[str]
    truncated: bool
    too_short: bool = False

    @property
    def party_ids(self) -> list[int]:
        return [h.party_id for h in self.hits]


def classify(query: str) -> list[str]:
    """Which lookups a query can match, in the order they are tried."""
    q = query.strip()
    if not q:
        return []
    if looks_like_hetu(q):
        return [Kind.HETU]
    if looks_like_business_id(q):
        return [Kind.BUSINESS_ID]
    try:
        ipaddress.ip_address(q)
    except ValueError:
        pass
    else:
        return [Kind.IP]
    if "@" in q:
        return [Kind.EMAIL]
    kinds: list[str] = []
    if _PHONEISH.match(q) and sum(ch.isdigit() for ch in q) >= 5:
        kinds.append(Kind.PHONE)
    if _NUMBERISH.match(q) and any(ch.isdigit() for ch in q):
        kinds.append(Kind.NUMBER)
    if any(ch.isalpha() for ch in q):
        kinds.append(Kind.NAME)
        kinds.append(Kind.ADDRESS)
    elif not kinds and len(q) >= MIN_SUBSTRING:
        kinds.append(Kind.ADDRESS)
    return kinds


def _holder_party_ids(contract_ids: Iterable[int], limit: int) -> list[int]:
    ids = list(contract_ids)
    if not ids:
        return []
    return list(
        ContractRole.objects.filter(contract_id__in=ids, role=ContractRoleKind.HOLDER)
        .order_by("-started_on")
        .values_list("party_id", flat=True)[:limit]
    )


def _lookup(kind: str, q: str, limit: int) -> list[int]:
    """Party ids matching one kind of lookup, at most `limit`."""
    if kind == Kind.HETU:
        try:
            hetu = hetu_normalize(q, allow_temporary=True)
        except IdentifierError:
            return []
        index = crypto.blind_index(hetu, field=HETU_FIELD)
        return list(Person.objects.filter(hetu_index=index).values_list("party_id", flat=True)[:1])
    if kind == Kind.BUSINESS_ID:
        try:
            business_id = business_id_normalize(q)
        except IdentifierError:
            return []
        return list(
            Organisation.objects.filter(business_id=business_id).values_list("party_id", flat=True)[
                :1
            ]
        )
    if kind == Kind.IP:
        address = str(ipaddress.ip_address(q))
        connection_ids = (
            IpAssignment.objects.filter(address=address)
            .order_by("-assigned_from")
            .values_list("connection_id", flat=True)[:limit]
        )
        contract_ids = Connection.objects.filter(pk__in=list(connection_ids)).values_list(
            "contract_id", flat=True
        )
        return _holder_party_ids(contract_ids, limit)
    if kind == Kind.EMAIL:
        return list(
            ContactPoint.objects.filter(
                kind=ContactPointKind.EMAIL, search_text__startswith=q.casefold()
            ).values_list("party_id", flat=True)[:limit]
        )
    if kind == Kind.PHONE:
        try:
            phone = phone_normalize(q)
        except IdentifierError:
            return []
        return list(
            ContactPoint.objects.filter(phone=phone).values_list("party_id", flat=True)[:limit]
        )
    if kind == Kind.NUMBER:
        ids = list(
            Customer.objects.filter(customer_number=q).values_list("party_id", flat=True)[:limit]
        )
        contract_ids = list(Contract.objects.filter(number=q).values_list("pk", flat=True)[:1])
        contract_ids += list(
            Connection.objects.filter(connection_number=q).values_list("contract_id", flat=True)[:1]
        )
        return ids + _holder_party_ids(contract_ids, limit)
    if kind == Kind.NAME:
        tokens = [t for t in fold(q).split(" ") if t]
        if not any(len(t) >= MIN_SUBSTRING for t in tokens):
            return []
        condition = Q()
        for token in tokens:
            condition &= Q(search_name__contains=token)
        return list(Party.objects.filter(condition).values_list("pk", flat=True)[:limit])
    if kind == Kind.ADDRESS:
        text = fold(q)
        if len(text) < MIN_SUBSTRING:
            return []
        ids = list(
            ContactPoint.objects.filter(
                kind=ContactPointKind.ADDRESS, search_text__contains=text
            ).values_list("party_id", flat=True)[:limit]
        )
        if len(ids) < limit:
            contract_ids = Connection.objects.filter(search_text__contains=text).values_list(
                "contract_id", flat=True
            )[: limit - len(ids)]
            ids += _holder_party_ids(list(contract_ids), limit - len(ids))
        return ids
    raise ValueError(f"unknown search kind {kind}")


def _hits(party_ids: list[int], matched: dict[int, set[str]]) -> list[Hit]:
    parties = Party.objects.filter(pk__in=party_ids).select_related("person", "organisation")
    customers: dict[int, list[str]] = {}
    for party_id, number in Customer.objects.filter(party_id__in=party_ids).values_list(
        "party_id", "customer_number"
    ):
        customers.setdefault(party_id, []).append(number)
    by_id = {p.pk: p for p in parties}
    hits = []
    for pid in party_ids:
        party = by_id.get(pid)
        if party is None:
            continue
        hit = Hit(party_id=pid, kind=party.kind, name="", matched_by=matched.get(pid, set()))
        if party.kind == PartyKind.PERSON:
            person = party.person
            hit.name = f"{person.last_name}, {person.first_names}"
            hetu = person_hetu(person)
            hit.hetu_masked = hetu_mask(hetu) if hetu else ""
        else:
            org = party.organisation
            hit.name = org.name
            hit.business_id = org.business_id or ""
        hit.customer_numbers = sorted(customers.get(pid, []))
        hits.append(hit)
    hits.sort(key=lambda h: (fold(h.name), h.party_id))
    return hits


def register_search(query: str, *, limit: int | None = None) -> SearchResult:
    """Search the register. Returns at most `limit` hits; `truncated` if there were more."""
    limit = limit or settings.KIRJAAMO_SEARCH_LIMIT
    q = " ".join(query.split())
    kinds = classify(q)
    matched: dict[int, set[str]] = {}
    order: list[int] = []
    for kind in kinds:
        for pid in _lookup(kind, q, limit + 1):
            if pid not in matched:
                matched[pid] = set()
                order.append(pid)
            matched[pid].add(kind)
        if len(order) > limit:
            break
    too_short = bool(q) and not order and len(q) < MIN_SUBSTRING
    truncated = len(order) > limit
    return SearchResult(
        hits=_hits(order[:limit], matched), kinds=kinds, truncated=truncated, too_short=too_short
    )
