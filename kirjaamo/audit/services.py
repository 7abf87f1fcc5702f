"""Writing audit events. Called by every service in the same transaction as its write."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.models import AuditEvent, AuditSubject

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_.:-]{0,63}$")
# The one longer value a detail may hold: the SHA-256 of a file an event is about (an imported
# file), written as "sha256:" + 64 lower-case hex digits so it can be compared with `sha256sum`.
# Only a detail value, never a key, field or action; exactly this shape, so it opens no way for
# free text. (A digest of a single personal value would be a guessable pseudonym: callers give
# digests of whole files only.)
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
# An entity is "app_label.ModelName" (or a lower-case identifier); never free text.
_ENTITY = re.compile(r"^[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]{0,50}$")
DetailValue = int | float | bool | str | None | list[int] | list[str]


class AuditValueError(ValueError):
    """An audit event was about to carry something that could be a personal value."""


def _check_detail(detail: Mapping[str, object]) -> dict[str, object]:
    """Allow only numbers, booleans, ids, lower-case identifiers (field names, kinds) and, as a
    single value, a file digest `sha256:<64 hex digits>`.

    Free text ("Matti Virtanen", "040 123 4567", an e-mail address) does not match the identifier
    pattern and is refused, so a careless caller fails loudly in tests instead of leaking.
    """
    clean: dict[str, object] = {}
    for key, value in detail.items():
        if not _IDENTIFIER.match(key):
            # The offending text is not repeated: it may be the personal value itself.
            raise AuditValueError("an audit detail key is not an identifier")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, bool) or not isinstance(item, int | str):
                    raise AuditValueError(f"audit detail {key!r} holds a non-id item")
                if isinstance(item, str) and not _IDENTIFIER.match(item):
                    raise AuditValueError(f"audit detail {key!r} holds free text")
        elif isinstance(value, str):
            if value and not (_IDENTIFIER.match(value) or _DIGEST.fullmatch(value)):
                raise AuditValueError(f"audit detail {key!r} holds free text")
        elif value is not None and not isinstance(value, int | float | bool):
            raise AuditValueError(f"audit detail {key!r} has an unsupported type")
        clean[key] = value
    return clean


def audit_record(
    *,
    actor: Actor,
    kind: EventKind,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    fields: Iterable[str] = (),
    detail: Mapping[str, object] | None = None,
    party_ids: Iterable[int] = (),
) -> AuditEvent:
    """Record one audit event; ids, field names and counts only, never personal values."""
    if not _IDENTIFIER.match(action):
        raise AuditValueError("the audit action is not an identifier")
    if entity and not (_ENTITY.match(entity) or _IDENTIFIER.match(entity)):
        raise AuditValueError("audit entity is not a model name")
    field_list = sorted(set(fields))
    if kind == EventKind.WRITE:
        # Principle 1: nothing the register profile does not collect can be stored. Every write
        # service records its event here, in its own transaction: refusing here refuses the write.
        from kirjaamo.profile.active import ensure_collected

        ensure_collected(entity=entity, action=action, fields=field_list)
    for name in field_list:
        if not _IDENTIFIER.match(name):
            raise AuditValueError("an audit field is not a field name")
    with transaction.atomic():
        event = AuditEvent.objects.create(
            occurred_at=timezone.now(),
            actor=actor.user,
            actor_label=actor.label,
            channel=actor.channel,
            kind=kind,
            action=action,
            purpose=actor.purpose,
            entity=entity,
            entity_id=entity_id,
            fields=field_list,
            detail=_check_detail(detail or {}),
        )
        ids = sorted({int(pid) for pid in party_ids})
        if ids:
            AuditSubject.objects.bulk_create(
                [AuditSubject(event=event, party_id=pid) for pid in ids]
            )
    return event


def consultation_record(
    *,
    actor: Actor,
    action: str,
    party_ids: Iterable[int],
    detail: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Record that `actor` looked at the data of these parties (a card, a search result)."""
    return audit_record(
        actor=actor,
        kind=EventKind.CONSULTATION,
        action=action,
        detail=detail,
        party_ids=party_ids,
    )
