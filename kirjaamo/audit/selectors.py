"""Reads of the audit log for the DPO's audit page.

The log grows without bound, so nothing here counts or sorts the whole table: a page is the
newest `limit` events matching the filters, found through the indexes on (occurred_at),
(actor, -occurred_at) and (action, -occurred_at), and the next page continues after the last
event shown (keyset pagination on (occurred_at, id)). Filtered by party, the page walks the
subject index (party_id, event) instead and pages by event id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from kirjaamo.audit.models import AuditEvent, AuditSubject

PAGE_SIZE = 50
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Cursor:
    """The position after which the next page starts: the last event shown."""

    occurred_at: dt.datetime
    event_id: int

    def encode(self) -> str:
        micros = (self.occurred_at - _EPOCH) // dt.timedelta(microseconds=1)
        return f"{micros}-{self.event_id}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        """The cursor in `value`, or None when it is not one (a hand-edited URL)."""
        micros, _sep, event_id = value.partition("-")
        if not (micros.isdigit() and event_id.isdigit()):
            return None
        try:
            when = _EPOCH + dt.timedelta(microseconds=int(micros))
        except OverflowError:
            return None
        return cls(occurred_at=when, event_id=int(event_id))


@dataclass
class AuditPage:
    events: list[AuditEvent]
    subjects: dict[int, list[int]] = field(default_factory=dict)
    next_cursor: Cursor | None = None


def audit_events(
    *,
    party_id: int | None = None,
    actor_id: int | None = None,
    action: str = "",
    kind: str = "",
    channel: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    after: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """The newest events matching every given filter, older than `after` when given.

    `action` matches the beginning of the action name ("contact_point." finds all contact
    point events); `until` is exclusive.
    """
    events = AuditEvent.objects.select_related("actor").only(
        "occurred_at",
        "actor_label",
        "channel",
        "kind",
        "action",
        "purpose",
        "entity",
        "entity_id",
        "fields",
        "detail",
        "actor__username",
    )
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action__startswith=action)
    if kind:
        events = events.filter(kind=kind)
    if channel:
        events = events.filter(channel=channel)
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if until is not None:
        events = events.filter(occurred_at__lt=until)
    if party_id is not None:
        # "Who has handled this person": walk the subject index (party_id, event) backwards,
        # newest event id first, so a party with few events costs a few index lookups however
        # large the log is. Event ids grow with insertion time.
        events = events.filter(subjects__party_id=party_id)
        if after is not None:
            events = events.filter(pk__lt=after.event_id)
        ordering: tuple[str, ...] = ("-id",)
    else:
        if after is not None:
            events = events.filter(
                Q(occurred_at__lt=after.occurred_at)
                | Q(occurred_at=after.occurred_at, pk__lt=after.event_id)
            )
        ordering = ("-occurred_at", "-id")
    fetched = list(events.order_by(*ordering)[: limit + 1])
    page = AuditPage(events=fetched[:limit])
    if len(fetched) > limit:
        last = page.events[-1]
        page.next_cursor = Cursor(occurred_at=last.occurred_at, event_id=last.pk)
    if page.events:
        for event_id, subject in (
            AuditSubject.objects.filter(event_id__in=[e.pk for e in page.events])
            .order_by("party_id")
            .values_list("event_id", "party_id")
        ):
            page.subjects.setdefault(event_id, []).append(subject)
    return page
