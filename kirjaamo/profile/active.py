"""The active register profile (settings.KIRJAAMO_PROFILE) and what it lets the register collect.

`ensure_collected` is called from `kirjaamo.audit.services.audit_record` for every write event, so
no service can store data the profile does not collect: the write and its audit event are in one
transaction, and the error rolls both back. The UI asks `collects()` to hide what is not collected.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from kirjaamo.profile.loader import load_profile
from kirjaamo.profile.schema import Profile

# Audit field names that are not model field names.
FIELD_ALIASES = {("parties.Person", "hetu"): "hetu_encrypted"}
# Writes that add or change data; ending or deleting existing data stays possible.
COLLECTING_VERBS = ("created", "updated", "added", "recorded", "opened", "granted")


def profile_path() -> Path:
    return Path(settings.KIRJAAMO_PROFILE)


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Profile:
    return load_profile(path)


def active_profile() -> Profile:
    """The active profile, re-read when its file changes. Raises ProfileError if invalid."""
    path = profile_path()
    return _load(str(path), path.stat().st_mtime_ns)


def collects(ref: str) -> bool:
    """Whether the register collects `app.Model` or `app.Model.field` under the active profile."""
    return active_profile().collects(ref)


def _label(entity: str, field: str | None) -> str:
    model = apps.get_model(entity)
    if field is None:
        return str(model._meta.verbose_name_plural)
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def ensure_collected(*, entity: str, action: str, fields: Iterable[str]) -> None:
    """Raise ValidationError if this write stores data the active profile does not collect."""
    if not entity or not action.endswith(COLLECTING_VERBS) or "." not in entity:
        return
    profile = active_profile()
    if not profile.collects(entity):
        raise ValidationError(
            _("The register profile does not collect %(what)s.") % {"what": _label(entity, None)}
        )
    errors: dict[str, list[str]] = {}
    for name in fields:
        field = FIELD_ALIASES.get((entity, name), name)
        if not profile.collects(f"{entity}.{field}"):
            errors[name] = [
                _("The register profile does not collect %(what)s.")
                % {"what": _label(entity, field)}
            ]
    if errors:
        raise ValidationError(errors)
