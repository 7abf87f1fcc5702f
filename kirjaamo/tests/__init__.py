"""Helpers shared by the behaviour tests of several apps.

`assert_audit_free_of` serialises the whole audit log (events and their subjects) to JSON and
checks that no personal value occurs in it: DESIGN.md principle 2, "audit events carry ids and
field names, never personal values".
"""

from __future__ import annotations

import json
import re
from typing import Any

from kirjaamo.audit.models import AuditEvent, AuditSubject


def audit_log_json() -> str:
    rows: list[dict[str, Any]] = [dict(r) for r in AuditEvent.objects.order_by("id").values()]
    subjects = [dict(r) for r in AuditSubject.objects.order_by("id").values()]
    return json.dumps({"events": rows, "subjects": subjects}, default=str, ensure_ascii=False)


def _variants(value: str) -> set[str]:
    """The value as given plus the forms a careless writer could store (folded, digits only)."""
    found = {value, value.casefold(), value.upper()}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        found.add(digits)
        found.add(digits[1:])  # national number without the trunk prefix 0
    return {v for v in found if len(v) >= 4}


def assert_audit_free_of(*values: str) -> None:
    """Fail if any of the personal `values` (or an obvious variant of it) is in the audit log."""
    text = audit_log_json()
    folded = text.casefold()
    for value in values:
        for variant in _variants(value):
            assert variant.casefold() not in folded, "a personal value leaked into the audit log"


def events(action: str | None = None) -> list[AuditEvent]:
    """Audit events, oldest first, optionally only one action."""
    qs = AuditEvent.objects.order_by("id").prefetch_related("subjects")
    if action is not None:
        qs = qs.filter(action=action)
    return list(qs)


def subject_ids(event: AuditEvent) -> list[int]:
    return sorted(s.party_id for s in event.subjects.all())
