"""The one register search: classify the query, run only the lookups that can match, return at
most `limit` parties.

Every lookup is index-backed on PostgreSQL: exact btree lookups for identifiers (HETU blind
index, Y-tunnus, customer/contract/connection numbers, E.164 phone, IP address), a
`varchar_pattern_ops` btree for e-mail prefixes and trigram GIN for substrings of folded names
and addresses (kirjaamo.lib.text.fold; migrations parties 0002/0003, contracts 0002/0003).

Each kind of lookup is ONE statement that finds at most `limit + 1` party ids in a subquery and
returns their display columns (names, masked-HETU ciphertext, Y-tunnus, customer numbers) with
the same round trip. Rules that keep it fast at a million persons (docs/benchmarks.md):
- no ORDER BY over a lookup's matches (ContactPoint's default ordering is cleared), except the
  few assignments of one IP address; the hits are sorted by name in Python;
- no COUNT: `limit + 1` rows tell whether the result was truncated;
- the same folded expression is stored and queried (`search_name LIKE '%token%'`), so a trigram
  index applies; Django's `icontains` would wrap the column in UPPER() and miss it;
- lookups of several sources (customer/contract/connection numbers, postal and connection
  addresses) are one UNION ALL under one LIMIT, so a source is not read once enough is found.

This module only reads. The view/command that shows the hits records the consultation (with the
kinds of lookup and the party ids, never the query text, which may be a name or a HETU).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Field, Model, Q, QuerySet

from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import ContractRole
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
from kirjaamo.parties.selectors import HETU_FIELD

MIN_SUBSTRING = 3
# The second, slower stage of an address lookup: used only when no address starts with the query.
ADDRESS_SUBSTRING = "address_substring"
_PHONEISH = re.compile(r"^[+(]?[\d\s()\-/.]{5,}$")
_NUMBERISH = re.compile(r"^[A-Za-z0-9\-/]{3,32}$")
_WORD = re.compile(r"[^\W\d_]{3}")


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


# Lookups of identifiers: a match is the answer, so substring lookups are skipped after one.
EXACT_KINDS = frozenset({Kind.HETU, Kind.BUSINESS_ID, Kind.IP, Kind.EMAIL, Kind.PHONE, Kind.NUMBER})


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
        # A number next to words is a street address far more often than a name.
        if any(ch.isdigit() for ch in q):
            kinds += [Kind.ADDRESS, Kind.NAME]
        else:
            kinds += [Kind.NAME, Kind.ADDRESS]
    elif not kinds and len(q) >= MIN_SUBSTRING:
        kinds.append(Kind.ADDRESS)
    return kinds


def _holders() -> QuerySet[ContractRole]:
    # Every holder of the contract, former ones included: a number or address on an old
    # contract still identifies who held it.
    return ContractRole.objects.filter(role=ContractRoleKind.HOLDER)


def _union(parts: list[QuerySet[Any]], limit: int) -> QuerySet[Any]:
    """UNION ALL of `parts` under one LIMIT.

    Where the database allows it (PostgreSQL), every part gets the LIMIT too: the planner does
    not pass the outer LIMIT into the parts of a UNION, and without it picks plans that read
    every match (e.g. a bitmap over 40 % of all addresses for "katu") instead of stopping early.
    """
    if connection.features.supports_slicing_ordering_in_compound:
        parts = [part[:limit] for part in parts]
    first, *rest = parts
    return first.union(*rest, all=True)[:limit]


def substring_worthy(q: str) -> bool:
    """Whether a search inside addresses can be worth its cost: the text has a word of three or
    more letters (not "G1234567" or "12 b", which only an exact or prefix lookup can match)."""
    return _WORD.search(fold(q)) is not None


def name_tokens(q: str) -> list[str]:
    """The folded tokens of a name query, or [] if none is long enough to search by."""
    tokens = [t for t in fold(q).split(" ") if t]
    return tokens if any(len(t) >= MIN_SUBSTRING for t in tokens) else []


def lookup_party_ids(kind: str, q: str, limit: int) -> QuerySet[Any] | None:
    """The party ids one kind of lookup matches, as an unevaluated query of at most `limit`
    rows, or None when the query cannot match this kind (e.g. an invalid phone number)."""
    if kind == Kind.HETU:
        try:
            hetu = hetu_normalize(q, allow_temporary=True)
        except IdentifierError:
            return None
        index = crypto.blind_index(hetu, field=HETU_FIELD)
        return Person.objects.filter(hetu_index=index).values_list("party_id", flat=True)[:1]
    if kind == Kind.BUSINESS_ID:
        try:
            business_id = business_id_normalize(q)
        except IdentifierError:
            return None
        return Organisation.objects.filter(business_id=business_id).values_list(
            "party_id", flat=True
        )[:1]
    if kind == Kind.IP:
        address = str(ipaddress.ip_address(q))
        return (
            _holders()
            .filter(contract__connections__ip_assignments__address=address)
            .order_by("-contract__connections__ip_assignments__assigned_from")
            .values_list("party_id", flat=True)[:limit]
        )
    if kind == Kind.EMAIL:
        return (
            ContactPoint.objects.filter(
                kind=ContactPointKind.EMAIL, search_text__startswith=q.casefold()
            )
            .order_by()
            .values_list("party_id", flat=True)[:limit]
        )
    if kind == Kind.PHONE:
        try:
            phone = phone_normalize(q)
        except IdentifierError:
            return None
        return (
            ContactPoint.objects.filter(kind=ContactPointKind.PHONE, phone=phone)
            .order_by()
            .values_list("party_id", flat=True)[:limit]
        )
    if kind == Kind.NUMBER:
        customers = Customer.objects.filter(customer_number=q).values_list("party_id", flat=True)
        contracts = _holders().filter(contract__number=q).values_list("party_id", flat=True)
        connections = _holders().filter(contract__connections__connection_number=q)
        return _union([customers, contracts, connections.values_list("party_id", flat=True)], limit)
    if kind == Kind.NAME:
        tokens = name_tokens(q)
        if not tokens:
            return None
        condition = Q()
        for token in tokens:
            condition &= Q(search_name__contains=token)
        return Party.objects.filter(condition).values_list("pk", flat=True)[:limit]
    if kind == Kind.ADDRESS:
        text = fold(q)
        if len(text) < MIN_SUBSTRING:
            return None
        postal = ContactPoint.objects.filter(kind=ContactPointKind.ADDRESS).order_by()
        connections = _holders()
        return _union(
            [
                postal.filter(search_text__startswith=text).values_list("party_id", flat=True),
                connections.filter(contract__connections__search_text__startswith=text).values_list(
                    "party_id", flat=True
                ),
            ],
            limit,
        )
    if kind == ADDRESS_SUBSTRING:
        text = fold(q)
        if len(text) < MIN_SUBSTRING:
            return None
        postal = ContactPoint.objects.filter(kind=ContactPointKind.ADDRESS).order_by()
        connections = _holders()
        return _union(
            [
                postal.filter(search_text__contains=text).values_list("party_id", flat=True),
                connections.filter(contract__connections__search_text__contains=text).values_list(
                    "party_id", flat=True
                ),
            ],
            limit,
        )
    raise ValueError(f"unknown search kind {kind}")


@lru_cache(maxsize=1)
def _display_sql() -> str:
    """The display columns of the parties whose ids `{lookup}` returns, as one statement.

    Written out rather than built by the ORM on every search: it never changes, and compiling a
    four-table `values_list` costs about as much Python time as the database needs to answer
    an exact lookup (docs/benchmarks.md). Table and column names come from the models.
    """
    qn = connection.ops.quote_name

    def col(model: type[Model], name: str) -> str:
        model_field = model._meta.get_field(name)
        if not isinstance(model_field, Field):
            raise TypeError(f"{model.__name__}.{name} is not a concrete field")
        return qn(model_field.column)

    party, person = qn(Party._meta.db_table), qn(Person._meta.db_table)
    org, customer = qn(Organisation._meta.db_table), qn(Customer._meta.db_table)
    pk = col(Party, "id")
    # Identifiers from the models' metadata only; the query values are parameters.
    return (
        f"SELECT p.{pk}, p.{col(Party, 'kind')}, pe.{col(Person, 'first_names')}, "  # noqa: S608
        f"pe.{col(Person, 'last_name')}, pe.{col(Person, 'hetu_encrypted')}, "
        f"o.{col(Organisation, 'name')}, o.{col(Organisation, 'business_id')}, "
        f"c.{col(Customer, 'customer_number')} "
        f"FROM {party} p "
        f"LEFT JOIN {person} pe ON pe.{col(Person, 'party')} = p.{pk} "
        f"LEFT JOIN {org} o ON o.{col(Organisation, 'party')} = p.{pk} "
        f"LEFT JOIN {customer} c ON c.{col(Customer, 'party')} = p.{pk} "
        f"WHERE p.{pk} IN ({{lookup}})"
    )


def _display_rows(kind: str, q: str, limit: int) -> list[tuple[Any, ...]]:
    """One statement: the display columns of the parties one lookup matches."""
    ids = lookup_party_ids(kind, q, limit)
    if ids is None:
        return []
    lookup, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_display_sql().format(lookup=lookup), params)
        return list(cursor.fetchall())


def _hit(row: tuple[Any, ...]) -> Hit:
    pk, kind, first_names, last_name, hetu_blob, org_name, business_id, _number = row
    if kind == PartyKind.PERSON:
        hetu = crypto.decrypt(bytes(hetu_blob), field=HETU_FIELD) if hetu_blob else ""
        return Hit(
            party_id=pk,
            kind=kind,
            name=f"{last_name}, {first_names}",
            hetu_masked=hetu_mask(hetu) if hetu else "",
        )
    return Hit(party_id=pk, kind=kind, name=org_name or "", business_id=business_id or "")


def register_search(query: str, *, limit: int | None = None) -> SearchResult:
    """Search the register. Returns at most `limit` hits; `truncated` if there were more.

    The identifier lookups (HETU, Y-tunnus, IP, e-mail, phone, number) all run; the name and
    address lookups run in `classify` order only while nothing has been found, so the first of
    them that finds anyone answers. An address lookup matches addresses that start with the
    query (a btree range) and searches inside addresses (trigram GIN, ~10–30 ms at a million
    persons when the text has only common trigrams such as "…enkatu") only when nothing else
    has matched.
    """
    limit = limit or settings.KIRJAAMO_SEARCH_LIMIT
    q = " ".join(query.split())
    kinds = classify(q)
    hits: dict[int, Hit] = {}
    for kind in kinds:
        if kind not in EXACT_KINDS and hits:
            break  # an identifier matched; names and addresses would only add noise
        rows = _display_rows(kind, q, limit + 1)
        if kind == Kind.ADDRESS and not rows and not hits and substring_worthy(q):
            rows = _display_rows(ADDRESS_SUBSTRING, q, limit + 1)
        for row in rows:
            hit = hits.get(row[0])
            if hit is None:
                hit = hits[row[0]] = _hit(row)
            hit.matched_by.add(kind)
            number = row[-1]
            if number is not None and number not in hit.customer_numbers:
                hit.customer_numbers.append(number)
        if len(hits) > limit:
            break
    too_short = bool(q) and not hits and len(q) < MIN_SUBSTRING
    truncated = len(hits) > limit
    shown = list(hits.values())[:limit]
    for hit in shown:
        hit.customer_numbers.sort()
    shown.sort(key=lambda h: (fold(h.name), h.party_id))
    return SearchResult(hits=shown, kinds=kinds, truncated=truncated, too_short=too_short)
