"""Marking personal data in the models — the one way the register profile finds it.

Every model of a register app is decorated with `@personal_data(...)`, which lists its personal-data
fields and, separately, the fields that are not personal data (keys, record bookkeeping). Every
concrete field must be in exactly one of the two lists: `unclassified_fields()` reports any field
added later without a decision, and the register profile's system check requires every personal
field to belong to a declared data category (principle 1 of DESIGN.md).

Classification rule of thumb: a field is personal data when its value says something about an
identified natural person (names, identifiers, contact data, contract, billing and traffic data,
notes, recordings, old values in the history). Primary and foreign keys, row kinds and record
timestamps are not personal data on their own; the row they belong to is, through its other fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.db import models

M = TypeVar("M", bound=type[models.Model])

# Apps whose models make up the customer register (staff accounts are a separate register).
REGISTER_APPS = ("parties", "contracts", "billing", "communications", "history", "audit")


def personal_data(*personal: str, not_personal: tuple[str, ...] = ()) -> Callable[[M], M]:
    def mark(model: M) -> M:
        overlap = set(personal) & set(not_personal)
        if overlap:
            raise TypeError(f"{model.__name__}: fields both personal and not: {sorted(overlap)}")
        model._kirjaamo_personal = tuple(personal)  # type: ignore[attr-defined]
        model._kirjaamo_not_personal = tuple(not_personal)  # type: ignore[attr-defined]
        return model

    return mark


def personal_fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(getattr(model, "_kirjaamo_personal", ()))


def is_classified(model: type[models.Model]) -> bool:
    return hasattr(model, "_kirjaamo_personal")


def register_models() -> list[type[models.Model]]:
    return [m for label in REGISTER_APPS for m in apps.get_app_config(label).get_models()]


def all_personal_fields() -> list[str]:
    """Every personal-data field of the register as `app_label.Model.field`."""
    return sorted(
        f"{m._meta.app_label}.{m.__name__}.{name}"
        for m in register_models()
        for name in personal_fields(m)
    )


def unclassified_fields() -> list[str]:
    """Register fields (or whole models) that are neither marked personal nor not personal."""
    problems = []
    for model in register_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if not is_classified(model):
            problems.append(f"{label} (model not classified)")
            continue
        names = {f.name for f in model._meta.concrete_fields}
        declared = set(personal_fields(model)) | set(getattr(model, "_kirjaamo_not_personal", ()))
        problems += [f"{label}.{n}" for n in sorted(names - declared)]
        problems += [f"{label}.{n} (no such field)" for n in sorted(declared - names)]
    return problems
