"""The committed profiles: the demo operator's and the five seed registers'."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

from kirjaamo.profile.lint import lint
from kirjaamo.profile.loader import load_profile

PROFILES = Path(__file__).resolve().parents[3] / "profiles"
EXAMPLES = ["ilonet", "elmonet", "iljoja", "kasenet", "solintech"]
ALL = [PROFILES / "demo.yaml", *(PROFILES / "examples" / f"{name}.yaml" for name in EXAMPLES)]

# The customer register's models. Staff accounts (accounts.*) are the employer's personnel
# register and not part of the notice to customers; the audit log's staff side neither.
REGISTER_APPS = ["parties", "contracts", "billing", "communications", "history", "audit"]

# Fields that hold no information about a person of their own: bookkeeping, the product
# catalogue, and the staff side of the change history and the audit log (who acted, what kind
# of event). Relation keys (party, contract, payer …) are skipped altogether, except relations
# that are themselves data about the person.
NOT_PERSONAL = {
    "parties.Party.kind",
    "parties.Party.created_at",
    "parties.Party.updated_at",
    "contracts.Contract.created_at",
    "contracts.Product.code",
    "contracts.Product.name",
    "contracts.Product.kind",
    "contracts.Product.active",
    "history.FieldChange.actor_label",
    "audit.AuditEvent.occurred_at",
    "audit.AuditEvent.actor_label",
    "audit.AuditEvent.channel",
    "audit.AuditEvent.kind",
    "audit.AuditEvent.action",
    "audit.AuditEvent.purpose",
    "audit.AuditEvent.entity",
    "audit.AuditEvent.entity_id",
    "audit.AuditEvent.fields",
    "audit.AuditEvent.detail",
}
RELATIONS_THAT_ARE_DATA = {"parties.Customer.partner", "contracts.ContractProduct.product"}


def register_fields() -> set[str]:
    """Every concrete field of the register's models, as app.Model.field, but keys."""
    found = set()
    for label in REGISTER_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                ref = f"{label}.{model.__name__}.{field.name}"
                if field.primary_key:
                    continue
                if field.is_relation and ref not in RELATIONS_THAT_ARE_DATA:
                    continue
                found.add(ref)
    return found


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_committed_profile_loads_and_lints_clean(path: Path):
    profile = load_profile(path)
    assert [f.format(str(path)) for f in lint(profile)] == []


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_profile_is_complete_in_finnish_swedish_and_english(path: Path):
    profile = load_profile(path)
    assert [lang.value for lang in profile.languages] == ["fi", "sv", "en"]


def test_the_demo_profile_declares_every_personal_data_field_kirjaamo_has():
    declared = set(load_profile(PROFILES / "demo.yaml").declared_fields())
    undeclared = register_fields() - declared - NOT_PERSONAL
    assert undeclared == set(), "declare these in profiles/demo.yaml (or list them as not personal)"
    assert declared.isdisjoint(NOT_PERSONAL)


def test_the_demo_controller_has_a_valid_synthetic_business_id():
    profile = load_profile(PROFILES / "demo.yaml")
    assert profile.controller.name == "Esimerkkiverkko Oy"
    assert profile.controller.business_id == "3141593-8"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_profiles_declare_only_fields_the_demo_declares(name: str):
    # The demo profile is the complete list; an example can only leave features off.
    demo = set(load_profile(PROFILES / "demo.yaml").declared_fields())
    example = set(load_profile(PROFILES / "examples" / f"{name}.yaml").declared_fields())
    assert example <= demo


def test_the_seed_controllers_are_the_notices_controllers():
    names = {n: load_profile(PROFILES / "examples" / f"{n}.yaml").controller for n in EXAMPLES}
    assert names["ilonet"].name == "Ilonet Oy"
    assert names["elmonet"].business_id == "0215655-1"
    assert names["iljoja"].business_id == "2039096-6"
    assert names["kasenet"].email == "info@kasenet.fi"
    assert names["solintech"].email == "janne.peltola@solintech.fi"


def test_the_solintech_profile_declares_its_google_analytics_transfer_with_a_safeguard():
    profile = load_profile(PROFILES / "examples" / "solintech.yaml")
    (google,) = [d for d in profile.transfers.destinations if d.recipient == "google"]
    assert google.country == "US"
    assert google.safeguard is not None


def test_the_kasenet_profile_lists_the_eight_registers_of_its_notice():
    profile = load_profile(PROFILES / "examples" / "kasenet.yaml")
    assert len(profile.registers) == 8
