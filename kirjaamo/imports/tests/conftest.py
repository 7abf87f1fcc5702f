from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.contracts.choices import ProductKind
from kirjaamo.contracts.models import Product
from kirjaamo.contracts.services import product_create
from kirjaamo.imports.services import ImportResult, import_file
from kirjaamo.parties.models import Customer, Person


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")
    with translation.override("en"):
        yield


@pytest.fixture
def operator() -> Actor:
    return Actor.cli(purpose=Purpose.IMPORT)


@pytest.fixture
def run(db: None, operator: Actor) -> Callable[..., ImportResult]:
    def run(kind: str, path: Path, **options: Any) -> ImportResult:
        return import_file(actor=operator, kind=kind, path=path, **options)

    return run


@pytest.fixture
def catalogue(db: None, actor: Actor) -> list[Product]:
    return [
        product_create(actor=actor, code=code, name=name, kind=kind)
        for code, name, kind in [
            ("KUITU100", "Kuitu 100M", ProductKind.BROADBAND),
            ("MOBIILI", "Mobiililiittymä", ProductKind.MOBILE),
            ("TV", "TV-paketti", ProductKind.TV),
        ]
    ]


@pytest.fixture
def customers(make_person: Callable[..., Person]) -> list[str]:
    """Customer numbers of three persons in the register."""
    people = [make_person(with_contacts=True) for _ in range(3)]
    return [Customer.objects.get(party_id=p.pk).customer_number for p in people]
