"""What every importer shares: the problem log, in-file duplicate checks, counts, history rows.

An importer gets the rows of a file in chunks, already read and validated one by one
(`kirjaamo.imports.validation`). For each chunk it loads the matching register rows with a few
`__in` queries, decides per row what to create or update, reports what cannot be done and, when
asked to write, writes the chunk in bulk. `kirjaamo.imports.services.import_file` runs the
chunks inside one transaction and rolls everything back if any row had a problem.
"""

from __future__ import annotations

import datetime as dt
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.history.models import FieldChange
from kirjaamo.history.services import Change
from kirjaamo.imports.bulk import Inserter
from kirjaamo.imports.validation import Problem

R = TypeVar("R")
HistoryRow = tuple[object, ...]

FIELD_CHANGE_COLUMNS = (
    "party_id",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "changed_at",
    "actor_id",
    "actor_label",
    "channel",
)


class ProblemLog:
    """Problems in file order. Only the first `limit` are kept; all are counted."""

    def __init__(self, limit: int = 10_000) -> None:
        self.items: list[Problem] = []
        self.count = 0
        self.limit = limit
        self._lock = threading.Lock()  # rows and chunks are checked in two threads

    def add(self, row: int | None, column: str, reason: str) -> None:
        with self._lock:
            self.count += 1
            if len(self.items) < self.limit:
                self.items.append(Problem(row, column, reason))

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contact_points_created: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add_extra(self, name: str, n: int = 1) -> None:
        self.extra[name] = self.extra.get(name, 0) + n


class Importer(ABC, Generic[R]):
    """Base class; subclasses implement `clean` (one row, no database) and `process`."""

    kind: str

    def __init__(self, *, actor: Actor, source: str, now: dt.datetime, problems: ProblemLog):
        self.actor = actor
        self.source = source
        self.now = now
        self.today = timezone.localdate(now)
        self.problems = problems
        self.counts = Counts()
        self.inserter = Inserter()
        self.party_ids: set[int] = set()  # parties created or changed, for the audit event
        self.fields: set[str] = set()  # field names written, for the audit event
        self._seen: dict[str, dict[str, int]] = {}

    @abstractmethod
    def clean(self, row: int, values: Mapping[str, object]) -> R: ...

    @abstractmethod
    def process(self, records: Sequence[R], *, write: bool) -> None: ...

    def first_in_file(self, key_name: str, key: str | None, *, row: int, column: str) -> bool:
        """False (and a problem) when an earlier row of the file had the same key."""
        if not key:
            return True
        seen = self._seen.setdefault(key_name, {})
        earlier = seen.get(key)
        if earlier is not None:
            self.problems.add(
                row,
                column,
                _("The same value is already on row %(row)d of the file.") % {"row": earlier},
            )
            return False
        seen[key] = row
        return True

    def history_rows(self, party_id: int, changes: Iterable[Change]) -> Iterator[HistoryRow]:
        """FieldChange rows as `kirjaamo.history.services.history_record` writes them."""
        actor = self.actor
        for c in changes:
            self.fields.add(c.field)
            yield (
                party_id,
                c.entity,
                c.entity_id,
                c.field,
                c.old,
                c.new,
                self.now,
                actor.user_id,
                actor.label,
                actor.channel,
            )

    def created_rows(
        self, party_id: int, entity: str, entity_id: int, values: Mapping[str, object]
    ) -> Iterator[HistoryRow]:
        """The rows of `diff(old={}, new=values)` without building `Change` objects first:
        every non-empty value, by field name (the import's hottest loop)."""
        actor = self.actor
        for name in sorted(values):
            value = values[name]
            text = "" if value is None else str(value)
            if text:
                self.fields.add(name)
                yield (
                    party_id,
                    entity,
                    entity_id,
                    name,
                    "",
                    text,
                    self.now,
                    actor.user_id,
                    actor.label,
                    actor.channel,
                )

    def note_fields(self, values: Mapping[str, object]) -> None:
        """Name the filled fields in the audit event without writing history rows (new parties)."""
        self.fields.update(name for name, value in values.items() if value not in (None, ""))

    def write_history(self, rows: Iterable[HistoryRow]) -> None:
        self.inserter.insert(FieldChange, FIELD_CHANGE_COLUMNS, rows)
