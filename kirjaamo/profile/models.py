"""Published versions of the register profile: the notice's history ("voimassa alkaen").

A version is the profile file exactly as it was published, its SHA-256, the date the notice is
valid from and who published it. Versions are append-only: the public notice of any past date can
be shown again from its version, so nothing may change or remove one. `save()` refuses an update,
`delete()` and the queryset's `update()`/`delete()` refuse outright; publish through
`kirjaamo.profile.versions.profile_version_publish`. (A database superuser can still edit the
table; the audit event of every publish records the digest to compare against.)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProfileVersionImmutable(Exception):
    """Somebody tried to change or remove a published profile version."""


class ProfileVersionQuerySet(models.QuerySet["ProfileVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise ProfileVersionImmutable("published profile versions cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ProfileVersionImmutable("published profile versions cannot be deleted")


class ProfileVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    yaml_text = models.TextField(_("profile file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    valid_from = models.DateField(_("valid from"))
    source_file = models.CharField(_("published from"), max_length=500, blank=True)
    controller_name = models.CharField(_("controller"), max_length=300)
    findings = models.PositiveIntegerField(_("linter findings"), default=0)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    # For publishing from the command line: "cli:<os user>", like AuditEvent.actor_label.
    published_by_label = models.CharField(_("published by (label)"), max_length=100, blank=True)

    objects = ProfileVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1), name="profileversion_number_positive"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ProfileVersionImmutable("published profile versions cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ProfileVersionImmutable("published profile versions cannot be deleted")

    @property
    def publisher(self) -> str:
        """Who published: the staff user's username, or the command-line label."""
        if self.published_by is not None:
            return self.published_by.get_username()
        return self.published_by_label
