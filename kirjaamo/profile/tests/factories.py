"""A minimal profile that validates and lints clean, to be bent by each test."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from kirjaamo.profile.loader import parse_profile
from kirjaamo.profile.schema import Profile


def t(fi: str) -> dict[str, str]:
    """A text in all three languages (the content does not matter to these tests)."""
    return {"fi": fi, "sv": f"{fi} (sv)", "en": f"{fi} (en)"}


_MINIMAL: dict[str, Any] = {
    "controller": {
        "name": "Testiverkko Oy",
        "business_id": "0245974-7",
        "address": {"street": "Testikatu 1", "postal_code": "00100", "post_office": "Helsinki"},
        "email": "info@example.fi",
    },
    "dpo": {"none": True},
    "registers": [{"id": "main", "name": t("Asiakasrekisteri")}],
    "purposes": [{"id": "service", "text": t("Palvelu"), "legal_basis": "contract"}],
    "data_subjects": [{"id": "customers", "text": t("Asiakkaat")}],
    "data_categories": [
        {
            "id": "identity",
            "text": t("Nimi"),
            "fields": ["parties.Person.first_names", "parties.Person.last_name"],
            "purposes": ["service"],
            "sources": ["customer"],
            "subjects": ["customers"],
        }
    ],
    "sources": [
        {
            "id": "customer",
            "text": t("Asiakas"),
            "kind": "data_subject",
            "publicly_available": False,
        }
    ],
    "recipients": [
        {"id": "hosting", "name": t("Palvelin"), "kind": "processor", "purpose": t("Ylläpito")}
    ],
    "transfers": {"none": True},
    "retention": [
        {
            "category": "identity",
            "period": "P3Y",
            "counts_from": "customer_relationship_end",
            "action": "anonymise",
            "reason": t("Syy"),
            "rule": "FI-VVL-3Y",
        }
    ],
    "security": {"electronic": t("Salasanat")},
    "rights": {
        "channels": [{"kind": "email", "address": "tietosuoja@example.fi"}],
        "identity_check": t("Tunnistus"),
    },
    "automated_decisions": {"none": True},
    "provision": t("Pakollisuus"),
}


def minimal() -> dict[str, Any]:
    """A fresh, deep copy of the minimal profile as plain data."""
    return copy.deepcopy(_MINIMAL)


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse(data: dict[str, Any], *, file: str = "test.yaml") -> Profile:
    return parse_profile(dump(data), file=file)
