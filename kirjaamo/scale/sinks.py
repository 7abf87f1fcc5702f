"""Where generated rows go: COPY on PostgreSQL, bulk_create elsewhere; id reservation; indexes.

The generator produces plain tuples in a fixed column order per model (`COLUMNS`); a sink writes
them. On PostgreSQL that is binary `COPY … FROM STDIN` through psycopg's copy API (about 1 µs per
row on this machine, against ~40 µs per row through the ORM). Rows carry explicit primary keys:
the generator reserves an id range per table (`IdRanges`) and moves the sequences past it at
the end, so the application's own inserts continue after the generated rows.

`SecondaryIndexes` drops the secondary indexes, unique constraints and foreign keys of the
generated tables before a fresh load and recreates them afterwards from their own catalogue
definitions (`pg_get_indexdef` / `pg_get_constraintdef`), in the same transaction: building an
index once over sorted data is much cheaper than maintaining it row by row, and a failure rolls
the DDL back with the data, so the schema is never left without its indexes.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from django.db import connection
from django.db.models import Model

from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.communications.models import Message, Note
from kirjaamo.contracts.models import (
    Connection,
    Contract,
    ContractProduct,
    ContractRole,
    Equipment,
    IpAssignment,
    ServiceBlock,
)
from kirjaamo.parties.models import (
    ContactPoint,
    Customer,
    Organisation,
    OrganisationContact,
    Party,
    Person,
)

Row = tuple[Any, ...]

# Insert order (parents first) and the column order of the generator's tuples. Checked against
# the models by `check_columns()`, so a model change makes the generator fail loudly in tests
# instead of writing wrong columns.
COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Party: ("id", "kind", "search_name", "created_at", "updated_at"),
    Person: (
        "party_id",
        "first_names",
        "last_name",
        "hetu_encrypted",
        "hetu_index",
        "hetu_temporary",
        "birth_date",
        "language",
        "profession",
    ),
    Organisation: ("party_id", "name", "business_id", "association_number"),
    Customer: (
        "id",
        "party_id",
        "customer_number",
        "segment",
        "partner_id",
        "started_on",
        "ended_on",
    ),
    OrganisationContact: (
        "id",
        "person_id",
        "organisation_id",
        "kind",
        "title",
        "started_on",
        "ended_on",
    ),
    ContactPoint: (
        "id",
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
    ),
    Contract: ("id", "number", "seller", "opened_on", "terminated_on", "created_at"),
    ContractRole: ("id", "contract_id", "party_id", "role", "started_on", "ended_on"),
    ContractProduct: ("id", "contract_id", "product_id", "started_on", "ended_on"),
    Connection: (
        "id",
        "contract_id",
        "connection_number",
        "street",
        "postal_code",
        "post_office",
        "activated_on",
        "closed_on",
        "search_text",
    ),
    IpAssignment: ("id", "connection_id", "address", "assigned_from", "assigned_to"),
    Equipment: ("id", "contract_id", "kind", "serial_number", "delivered_on", "returned_on"),
    ServiceBlock: ("id", "contract_id", "reason", "starts_at", "ends_at"),
    Invoice: (
        "id",
        "number",
        "payer_id",
        "contract_id",
        "issued_on",
        "due_on",
        "amount_cents",
        "status",
        "paid_on",
    ),
    CollectionCase: ("id", "invoice_id", "agency", "handed_over_on", "closed_on"),
    Note: ("id", "party_id", "category", "text", "author_id", "created_at"),
    Message: ("id", "party_id", "channel", "direction", "occurred_at", "subject"),
}
MODELS: tuple[type[Model], ...] = tuple(COLUMNS)
# Models whose primary key is their own sequence (Person and Organisation share the party's).
SEQUENCED: tuple[type[Model], ...] = tuple(m for m, cols in COLUMNS.items() if cols[0] == "id")

INET_OIDS = {869, 650}  # inet, cidr


def check_columns() -> None:
    """Raise if `COLUMNS` no longer matches the models' concrete fields."""
    for model, columns in COLUMNS.items():
        actual = {f.attname for f in model._meta.concrete_fields}
        if set(columns) != actual or len(columns) != len(actual):
            raise RuntimeError(
                f"scale generator columns for {model._meta.label} are out of date: "
                f"missing {sorted(actual - set(columns))}, unknown {sorted(set(columns) - actual)}"
            )


def table(model: type[Model]) -> str:
    return model._meta.db_table


class Sink(Protocol):
    def write(self, model: type[Model], rows: Sequence[Row]) -> None: ...


class BulkCreateSink:
    """Any database: model instances through bulk_create (SQLite, small registers, CI smoke)."""

    def __init__(self, batch_size: int = 500) -> None:
        self.batch_size = batch_size

    def write(self, model: type[Model], rows: Sequence[Row]) -> None:
        if not rows:
            return
        columns = COLUMNS[model]
        objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=self.batch_size)


class CopySink:
    """PostgreSQL: binary COPY through the psycopg cursor under Django's connection.

    Types are taken from the live table (pg_attribute), so the binary format always matches the
    column; inet values are converted from str (Django's value type) to ipaddress objects, which
    psycopg's binary inet dumper needs.
    """

    def __init__(self) -> None:
        self._cursor = connection.cursor()
        self._types: dict[type[Model], tuple[list[int], list[Callable[[Any], Any] | None]]] = {}

    def _column_types(
        self, model: type[Model]
    ) -> tuple[list[int], list[Callable[[Any], Any] | None]]:
        if model not in self._types:
            columns = COLUMNS[model]
            self._cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table(model)],
            )
            oid_of = {name: int(oid) for name, oid in self._cursor.fetchall()}
            oids = [oid_of[c] for c in columns]
            converters: list[Callable[[Any], Any] | None] = [
                _to_ip if oid in INET_OIDS else None for oid in oids
            ]
            self._types[model] = (oids, converters)
        return self._types[model]

    def write(self, model: type[Model], rows: Sequence[Row]) -> None:
        if not rows:
            return
        oids, converters = self._column_types(model)
        column_list = ", ".join(f'"{c}"' for c in COLUMNS[model])
        sql = f'COPY "{table(model)}" ({column_list}) FROM STDIN (FORMAT BINARY)'
        convert = [(i, fn) for i, fn in enumerate(converters) if fn is not None]
        raw = self._cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(sql) as copy:
            copy.set_types(oids)
            write_row = copy.write_row
            if convert:
                for row in rows:
                    values = list(row)
                    for i, fn in convert:
                        if values[i] is not None:
                            values[i] = fn(values[i])
                    write_row(values)
            else:
                for row in rows:
                    write_row(row)


def _to_ip(value: Any) -> Any:
    return ipaddress.ip_address(value)


class IdRanges:
    """Explicit primary keys for generated rows, after every id in use or handed out.

    The caller holds a lock that keeps other writers out of these tables until commit (see
    `lock_tables`), so the range cannot be taken by a concurrent insert.
    """

    def __init__(self) -> None:
        self.next: dict[type[Model], int] = {}
        self.first: dict[type[Model], int] = {}
        with connection.cursor() as cursor:
            for model in SEQUENCED:
                name = table(model)
                cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{name}"')  # noqa: S608
                highest = int(cursor.fetchone()[0])
                highest = max(highest, _sequence_position(cursor, name))
                self.next[model] = highest + 1
                self.first[model] = highest + 1

    def take(self, model: type[Model]) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value

    def advance_sequences(self) -> None:
        """Move each sequence to the last generated id so later inserts follow it."""
        with connection.cursor() as cursor:
            for model in SEQUENCED:
                last = self.next[model] - 1
                if last < self.first[model]:
                    continue  # nothing generated for this table
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table(model), last]
                    )
                # SQLite's AUTOINCREMENT bookkeeping follows explicit ids by itself.


def _sequence_position(cursor: Any, name: str) -> int:
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)", [name]
        )
        value = cursor.fetchone()[0]
        return int(value) if value is not None else 0
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone() is None:
            return 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [name])
        found = cursor.fetchone()
        return int(found[0]) if found else 0
    return 0


def lock_tables() -> None:
    """PostgreSQL: keep other writers out of the generated tables until commit (reads go on)."""
    if connection.vendor != "postgresql":
        return  # SQLite's IMMEDIATE transactions already serialise writers
    names = ", ".join(f'"{table(m)}"' for m in MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


class SecondaryIndexes:
    """Drop, then recreate, every index and constraint of the generated tables except the
    primary keys and CHECK constraints (PostgreSQL only, inside the caller's transaction)."""

    def __init__(self, models: Iterable[type[Model]] = MODELS) -> None:
        self.tables = [table(m) for m in models]
        self.foreign_keys: list[tuple[str, str, str]] = []  # (table, name, definition)
        self.uniques: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []  # (name, CREATE INDEX …)
        self.timings: dict[str, float] = {}

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, c.contype, "
                "pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u') "
                "ORDER BY c.conrelid::regclass::text, c.conname",
                [self.tables],
            )
            for rel, name, kind, definition in cursor.fetchall():
                target = self.foreign_keys if kind == "f" else self.uniques
                target.append((rel, name, definition))
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY 1",
                [self.tables],
            )
            self.indexes = [(name, definition) for name, definition in cursor.fetchall()]
            for rel, name, _definition in self.foreign_keys + self.uniques:
                cursor.execute(f'ALTER TABLE {rel} DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")

    def recreate(self, on_step: Callable[[str], None] | None = None) -> None:
        with connection.cursor() as cursor:
            for name, definition in self.indexes:
                self._timed(cursor, name, definition, on_step)
            for rel, name, definition in self.uniques:
                self._timed(
                    cursor, name, f'ALTER TABLE {rel} ADD CONSTRAINT "{name}" {definition}', on_step
                )
            for rel, name, definition in self.foreign_keys:
                self._timed(
                    cursor, name, f'ALTER TABLE {rel} ADD CONSTRAINT "{name}" {definition}', on_step
                )

    def _timed(
        self, cursor: Any, name: str, sql: str, on_step: Callable[[str], None] | None
    ) -> None:
        if on_step is not None:
            on_step(name)
        started = time.perf_counter()
        cursor.execute(sql)
        self.timings[name] = time.perf_counter() - started


def analyze() -> None:
    """Fresh statistics, so the planner knows the new sizes before the first search."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute(f'ANALYZE "{table(model)}"')


def vacuum_analyze() -> float:
    """PostgreSQL, outside a transaction: VACUUM ANALYZE the generated tables; seconds taken.

    A fresh COPY leaves every tuple without hint bits and the visibility map empty, so the first
    reads would write every page and index-only scans would visit the heap. Returns 0.0 (and does
    nothing) on other databases or inside a transaction (e.g. in tests).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0.0
    started = time.perf_counter()
    names = ", ".join(f'"{table(m)}"' for m in MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {names}")
    return time.perf_counter() - started


def reset_sequences() -> None:
    """PostgreSQL: point each sequence just past the highest id in its table.

    Sequences are not transactional, so a rolled-back load (the benchmark's index experiment)
    leaves them past ids that were never kept; this closes that gap.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in SEQUENCED:
            name = table(model)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f'COALESCE(MAX("id"), 0) + 1, false) FROM "{name}"',
                [name],
            )
