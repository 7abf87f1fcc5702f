"""System checks: the register refuses to run against a profile that does not account for its data.

Run by `manage.py check`, before every management command (so `kirjaamo serve` and `kirjaamo demo`)
and at WSGI start-up (kirjaamo/wsgi.py).

- kirjaamo.E001  the active profile cannot be loaded (file, line and path of each problem)
- kirjaamo.E002  a personal-data field is neither in a data category nor listed as not collected
- kirjaamo.E003  a data category that holds Kirjaamo fields has no retention rule
- kirjaamo.E004  data Kirjaamo cannot work without is listed as not collected
- kirjaamo.E005  a register model does not classify its fields as personal or not
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.db import models

from kirjaamo.lib.personal import personal_fields, register_models, unclassified_fields
from kirjaamo.profile.schema import Profile

ESSENTIAL = (
    "parties.Party.search_name",
    "parties.Person.first_names",
    "parties.Person.last_name",
    "history.FieldChange.old_value",
    "history.FieldChange.new_value",
    "audit.AuditSubject.party_id",
)


def profile_problems(
    profile: Profile, register: Sequence[type[models.Model]] | None = None
) -> list[CheckMessage]:
    """What the profile fails to declare about the register's models (E002–E004)."""
    where = profile.file or "profile"
    declared = profile.declared_fields()
    problems: list[CheckMessage] = []
    for model in register if register is not None else register_models():
        for name in personal_fields(model):
            ref = f"{model._meta.app_label}.{model.__name__}.{name}"
            if ref not in declared and profile.collects(ref):
                problems.append(
                    Error(
                        f"Personal-data field {ref} is not in any data category of {where}.",
                        hint="Add it to the `fields` of a data category, or list it (or its "
                        "model) under `not_collected`.",
                        id="kirjaamo.E002",
                    )
                )
    for category in profile.data_categories:
        if category.fields and not profile.retention_for(category.id):
            problems.append(
                Error(
                    f"Data category {category.id!r} of {where} has no retention rule.",
                    hint="Add a `retention` rule with `category: " + category.id + "`.",
                    id="kirjaamo.E003",
                )
            )
    for ref in ESSENTIAL:
        if not profile.collects(ref):
            problems.append(
                Error(
                    f"{ref} is listed as not collected in {where}, but Kirjaamo needs it.",
                    id="kirjaamo.E004",
                )
            )
    return problems


@register("kirjaamo")
def check_register_profile(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from kirjaamo.profile.active import active_profile, profile_path
    from kirjaamo.profile.loader import ProfileError

    problems: list[CheckMessage] = [
        Error(
            f"Register field {ref} is not classified as personal data or not.",
            hint="List it in the model's @personal_data(...) decorator (kirjaamo/lib/personal.py).",
            id="kirjaamo.E005",
        )
        for ref in unclassified_fields()
    ]
    try:
        profile = active_profile()
    except FileNotFoundError:
        return [
            *problems,
            Error(
                f"The register profile {profile_path()} does not exist.",
                hint="Set KIRJAAMO_PROFILE to the operator's profile file.",
                id="kirjaamo.E001",
            ),
        ]
    except ProfileError as exc:
        return [
            *problems,
            *(
                Error(f"Register profile: {issue.format()}", id="kirjaamo.E001")
                for issue in exc.issues
            ),
        ]
    return [*problems, *profile_problems(profile)]
