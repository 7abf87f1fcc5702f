"""The audit log: every write and every consultation of register data.

An event holds ids, field names and counts, **never personal values** (DESIGN.md principle 2);
`kirjaamo.audit.services.audit_record` enforces that. The parties an event concerns are rows of
`AuditSubject` so "who has handled this person" is an indexed lookup; they are plain ids, not
foreign keys, because the log must outlive erasure of the party.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirjaamo.audit.choices import Channel, EventKind
from kirjaamo.lib.personal import personal_data


@personal_data(
    not_personal=(
        "id",
        "occurred_at",
        "actor",
        "actor_label",
        "channel",
        "kind",
        "action",
        "purpose",
        "entity",
        "entity_id",
        "fields",
        "detail",
    )
)
class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    # For actors that are not staff users ("cli", "system", later API clients). Never a name.
    actor_label = models.CharField(_("actor label"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=64, blank=True)
    entity = models.CharField(_("entity"), max_length=64, blank=True)
    entity_id = models.BigIntegerField(_("entity id"), null=True, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # DPO audit page: filter by actor, newest first.
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time_idx"),
            models.Index(fields=["action", "-occurred_at"], name="audit_action_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"


@personal_data("party_id", not_personal=("id", "event"))
class AuditSubject(models.Model):
    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="subjects")
    party_id = models.BigIntegerField(_("party id"))

    class Meta:
        indexes = [
            # "Who has handled this person": newest events for one party.
            models.Index(fields=["party_id", "event"], name="audit_subject_party_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "party_id"], name="audit_subject_unique"),
        ]
