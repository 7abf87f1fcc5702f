"""Change history of personal data: old and new values, per field.

Old values are personal data too, so this table is *not* the audit log: it belongs to the party
(CASCADE with it, and erasure deletes it explicitly), it is written by the services that change
the data (never by signals, so bulk paths such as import cannot slip past it), and the HETU is
recorded masked only. The audit log records that a change happened, with field names only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirjaamo.audit.choices import Channel
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.models import Party


@personal_data(
    "field",
    "old_value",
    "new_value",
    "changed_at",
    not_personal=("id", "party", "entity", "entity_id", "actor", "actor_label", "channel"),
)
class FieldChange(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="field_changes")
    entity = models.CharField(_("entity"), max_length=64)
    entity_id = models.BigIntegerField(_("entity id"))
    field = models.CharField(_("field"), max_length=64)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    changed_at = models.DateTimeField(_("changed at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["party", "-changed_at"], name="fieldchange_party_idx")]
