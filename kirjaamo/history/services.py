"""Recording field-level change history of personal data (see models.py for why not signals)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from kirjaamo.audit.actor import Actor
from kirjaamo.history.models import FieldChange


@dataclass(frozen=True)
class Change:
    entity: str
    entity_id: int
    field: str
    old: str
    new: str


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value)


def diff(
    *, entity: str, entity_id: int, old: Mapping[str, object], new: Mapping[str, object]
) -> list[Change]:
    """The fields whose value differs between `old` and `new` (missing keys count as empty)."""
    changes = []
    for field in sorted(set(old) | set(new)):
        before, after = _text(old.get(field)), _text(new.get(field))
        if before != after:
            changes.append(Change(entity, entity_id, field, before, after))
    return changes


def history_record(*, actor: Actor, party_id: int, changes: Iterable[Change]) -> list[FieldChange]:
    now = timezone.now()
    rows = [
        FieldChange(
            party_id=party_id,
            entity=c.entity,
            entity_id=c.entity_id,
            field=c.field,
            old_value=c.old,
            new_value=c.new,
            changed_at=now,
            actor=actor.user,
            actor_label=actor.label,
            channel=actor.channel,
        )
        for c in changes
    ]
    return FieldChange.objects.bulk_create(rows)
