"""Staff accounts and their role grants.

Staff are personal accounts (never shared). A user's roles are the active `RoleGrant` rows; a
grant is never edited in place but revoked and re-granted, so the history of who had which access
and why stays readable for the periodic access review.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kirjaamo.accounts.choices import Role


class User(AbstractUser):
    """A staff member. Customers never log in to the staff application."""

    organisation_name = models.CharField(
        _("employer"),
        max_length=200,
        blank=True,
        help_text=_("Subcontractor company for installers; empty for own staff."),
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        ordering = ["user_id", "role", "-granted_at"]
        constraints = [
            # At most one active grant of a role per user.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True),
                name="rolegrant_one_active_per_role",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("granted_at")),
                name="rolegrant_revoked_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"
