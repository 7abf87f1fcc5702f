"""The two baselines the benchmark compares the register search with.

(a) The floor, `floor_search`: the statements `kirjaamo.search.selectors.register_search` sends,
    written by hand as SQL and run through the raw driver cursor (psycopg `ClientCursor` on
    PostgreSQL, the same client-side binding Django uses, so no generic plans; sqlite3 on SQLite).
    Same lookups in the same order with the same shortcuts, same LIMITs, same display columns;
    what it leaves out is what the ORM and the Python side add: building and compiling querysets,
    decrypting the HETU for the masked display and building `Hit` objects.

(b) The Django-admin-style search, `admin_style_search`: what `ModelAdmin.search_fields` does
    (Django 5.2 `get_search_results` + `ChangeList`): split the query into words, AND per word an
    OR of `icontains` over the same fields, `.distinct()` because the fields span one-to-many
    relations, ordered by `-pk`, one page of rows. No special index can serve it: `icontains`
    compiles to `UPPER(col) LIKE UPPER('%…%')`. The COUNT the admin's paginator also runs is left
    out, which flatters the baseline.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.text import smart_split

from kirjaamo.lib import crypto
from kirjaamo.lib.identifiers import (
    IdentifierError,
    business_id_normalize,
    hetu_normalize,
    phone_normalize,
)
from kirjaamo.lib.text import fold
from kirjaamo.parties.models import Party
from kirjaamo.parties.selectors import HETU_FIELD
from kirjaamo.search.selectors import (
    ADDRESS_SUBSTRING,
    EXACT_KINDS,
    MIN_SUBSTRING,
    Kind,
    classify,
    name_tokens,
    substring_worthy,
)

_DISPLAY = (
    "SELECT p.id, p.kind, pe.first_names, pe.last_name, pe.hetu_encrypted, o.name, "
    "o.business_id, c.customer_number FROM parties_party p "
    "LEFT JOIN parties_person pe ON pe.party_id = p.id "
    "LEFT JOIN parties_organisation o ON o.party_id = p.id "
    "LEFT JOIN parties_customer c ON c.party_id = p.id "
    "WHERE p.id IN ({lookup})"
)
_HOLDER_BY_CONTRACT = (
    "SELECT r.party_id FROM contracts_contractrole r "
    "JOIN contracts_contract k ON k.id = r.contract_id "
    "WHERE r.role = 'holder' AND k.number = %s"
)
_HOLDER_BY_CONNECTION = (
    "SELECT r.party_id FROM contracts_contractrole r "
    "JOIN contracts_connection n ON n.contract_id = r.contract_id "
    "WHERE r.role = 'holder' AND n.connection_number = %s"
)
_HOLDER_BY_IP = (
    "SELECT r.party_id FROM contracts_contractrole r "
    "JOIN contracts_connection n ON n.contract_id = r.contract_id "
    "JOIN contracts_ipassignment i ON i.connection_id = n.id "
    "WHERE r.role = 'holder' AND i.address = %s ORDER BY i.assigned_from DESC LIMIT %s"
)
_ADDRESS = (
    "SELECT party_id FROM parties_contactpoint WHERE kind = 'address' AND search_text LIKE %s"
)
_HOLDER_BY_ADDRESS = (
    "SELECT r.party_id FROM contracts_contractrole r "
    "JOIN contracts_connection n ON n.contract_id = r.contract_id "
    "WHERE r.role = 'holder' AND n.search_text LIKE %s"
)


def _like(value: str) -> str:
    return str(connection.ops.prep_for_like_query(value))


def _union(parts: list[tuple[str, list[Any]]], limit: int) -> tuple[str, list[Any]]:
    """UNION ALL under one LIMIT; with a LIMIT per part where the database allows it."""
    params: list[Any] = []
    sqls = []
    limited = connection.features.supports_slicing_ordering_in_compound
    for sql, part_params in parts:
        if limited:
            sqls.append(f"({sql} LIMIT %s)")
            params += [*part_params, limit]
        else:
            sqls.append(sql)
            params += part_params
    return " UNION ALL ".join(sqls) + " LIMIT %s", [*params, limit]


def _lookup_sql(kind: str, q: str, limit: int) -> tuple[str, list[Any]] | None:
    """The hand-written lookup of one kind: SQL returning party ids, and its parameters."""
    if kind == Kind.HETU:
        try:
            hetu = hetu_normalize(q, allow_temporary=True)
        except IdentifierError:
            return None
        index = crypto.blind_index(hetu, field=HETU_FIELD)
        return "SELECT party_id FROM parties_person WHERE hetu_index = %s LIMIT 1", [index]
    if kind == Kind.BUSINESS_ID:
        try:
            business_id = business_id_normalize(q)
        except IdentifierError:
            return None
        return (
            "SELECT party_id FROM parties_organisation WHERE business_id = %s LIMIT 1",
            [business_id],
        )
    if kind == Kind.IP:
        return _HOLDER_BY_IP, [str(ipaddress.ip_address(q)), limit]
    if kind == Kind.EMAIL:
        return (
            "SELECT party_id FROM parties_contactpoint "
            "WHERE kind = 'email' AND search_text LIKE %s LIMIT %s",
            [_like(q.casefold()) + "%", limit],
        )
    if kind == Kind.PHONE:
        try:
            phone = phone_normalize(q)
        except IdentifierError:
            return None
        return (
            "SELECT party_id FROM parties_contactpoint "
            "WHERE kind = 'phone' AND phone = %s LIMIT %s",
            [phone, limit],
        )
    if kind == Kind.NUMBER:
        return _union(
            [
                ("SELECT party_id FROM parties_customer WHERE customer_number = %s", [q]),
                (_HOLDER_BY_CONTRACT, [q]),
                (_HOLDER_BY_CONNECTION, [q]),
            ],
            limit,
        )
    if kind == Kind.NAME:
        tokens = name_tokens(q)
        if not tokens:
            return None
        where = " AND ".join("search_name LIKE %s" for _t in tokens)
        patterns = [f"%{_like(t)}%" for t in tokens]
        # Only the number of placeholders varies; the tokens are parameters.
        sql = f"SELECT id FROM parties_party WHERE {where} LIMIT %s"  # noqa: S608
        return sql, [*patterns, limit]
    if kind in (Kind.ADDRESS, ADDRESS_SUBSTRING):
        text = fold(q)
        if len(text) < MIN_SUBSTRING:
            return None
        pattern = _like(text) + "%" if kind == Kind.ADDRESS else f"%{_like(text)}%"
        return _union([(_ADDRESS, [pattern]), (_HOLDER_BY_ADDRESS, [pattern])], limit)
    raise ValueError(f"unknown search kind {kind}")


class FloorSearch:
    """Baseline (a): `register_search` hand-written in SQL on the raw driver cursor."""

    def __init__(self) -> None:
        connection.ensure_connection()
        raw = connection.connection
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            import psycopg

            self.cursor: Any = psycopg.ClientCursor(raw)
        else:
            self.cursor = raw.cursor()

    def _rows(self, kind: str, q: str, limit: int) -> list[tuple[Any, ...]]:
        lookup = _lookup_sql(kind, q, limit)
        if lookup is None:
            return []
        sql, params = lookup
        sql = _DISPLAY.format(lookup=sql)
        if self.vendor == "sqlite":
            sql = sql.replace(" LIKE %s", " LIKE %s ESCAPE '\\'").replace("%s", "?")
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def search(self, query: str, *, limit: int | None = None) -> list[int]:
        """The party ids `register_search` would return (unsorted), at most `limit`."""
        limit = limit or settings.KIRJAAMO_SEARCH_LIMIT
        q = " ".join(query.split())
        found: dict[int, None] = {}
        for kind in classify(q):
            if kind not in EXACT_KINDS and found:
                break
            rows = self._rows(kind, q, limit + 1)
            if kind == Kind.ADDRESS and not rows and not found and substring_worthy(q):
                rows = self._rows(ADDRESS_SUBSTRING, q, limit + 1)
            for row in rows:
                found[int(row[0])] = None
            if len(found) > limit:
                break
        return list(found)[:limit]


# The fields a Django admin for parties would list in `search_fields`: everything the register
# search can find except the HETU, which is stored encrypted and cannot be matched by icontains.
ADMIN_SEARCH_FIELDS = (
    "person__first_names",
    "person__last_name",
    "organisation__name",
    "organisation__business_id",
    "customer_roles__customer_number",
    "contact_points__email",
    "contact_points__phone",
    "contact_points__street",
    "contract_roles__contract__number",
    "contract_roles__contract__connections__connection_number",
    "contract_roles__contract__connections__street",
    "contract_roles__contract__connections__ip_assignments__address",
)


def admin_style_search(query: str, *, limit: int | None = None) -> list[int]:
    """Baseline (b): the party ids a Django admin changelist search would show on its page."""
    limit = limit or settings.KIRJAAMO_SEARCH_LIMIT
    queryset = Party.objects.all()
    for bit in smart_split(query):
        queryset = queryset.filter(
            Q.create([(f"{name}__icontains", bit) for name in ADMIN_SEARCH_FIELDS], connector=Q.OR)
        )
    page = queryset.order_by("-pk").distinct()[: limit + 1]
    return [party.pk for party in page]
