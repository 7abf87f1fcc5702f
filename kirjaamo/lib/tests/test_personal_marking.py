from __future__ import annotations

import pytest

from kirjaamo.lib.personal import (
    all_personal_fields,
    personal_data,
    register_models,
    unclassified_fields,
)


def test_every_register_field_is_classified_as_personal_or_not() -> None:
    assert unclassified_fields() == []


def test_the_hetu_and_contact_data_are_marked_personal() -> None:
    marked = set(all_personal_fields())
    for name in (
        "parties.Person.hetu_encrypted",
        "parties.Person.hetu_index",
        "parties.Person.last_name",
        "parties.ContactPoint.phone",
        "parties.ContactPoint.email",
        "contracts.IpAssignment.address",
        "communications.CallRecording.audio",
        "history.FieldChange.old_value",
        "audit.AuditSubject.party_id",
    ):
        assert name in marked


def test_every_register_model_is_decorated() -> None:
    assert all(hasattr(m, "_kirjaamo_personal") for m in register_models())


def test_a_field_cannot_be_both_personal_and_not() -> None:
    # A plain class: defining a real model here would register it in the app registry.
    with pytest.raises(TypeError):
        personal_data("a", not_personal=("a",))(type("Clash", (), {}))  # type: ignore[type-var]
