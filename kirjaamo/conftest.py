"""Shared fixtures: personas, a system actor and helpers that create register data through the
services (so tests exercise the same audited paths as the application).

Personas (after Healthchecks' alice/bob/charlie):
- alice: customer service · bob: billing · charlie: staff without any role (the outsider)
- dora: data protection officer · adam: administrator · ines: installer · mark: marketing
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from faker import Faker

from kirjaamo.accounts.models import User
from kirjaamo.accounts.services import user_create
from kirjaamo.audit.actor import Actor
from kirjaamo.lib.synthetic import random_hetu, random_mobile
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import Organisation, Person

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright + ORM in tests

# Tests run under the demo operator's profile, which collects everything Kirjaamo can hold;
# tests of the profile's enforcement switch to other profiles explicitly.
settings.KIRJAAMO_PROFILE = settings.BASE_DIR / "profiles" / "demo.yaml"
# WhiteNoise warns at start-up when the collected-static directory is missing; tests need none.
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


@pytest.fixture
def actor() -> Actor:
    return Actor.system(purpose="maintenance", label="test")


def _make_user(username: str, roles: list[str], **extra: Any) -> User:
    return user_create(
        actor=Actor.system(purpose="administration", label="test"),
        username=username,
        password=PASSWORD,
        roles=roles,
        reason="test fixture",
        validate=False,
        **extra,
    )


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    return _make_user


@pytest.fixture
def alice(db: None) -> User:
    return _make_user("alice", ["customer_service"])


@pytest.fixture
def bob(db: None) -> User:
    return _make_user("bob", ["billing"])


@pytest.fixture
def charlie(db: None) -> User:
    return _make_user("charlie", [])


@pytest.fixture
def dora(db: None) -> User:
    return _make_user("dora", ["dpo"])


@pytest.fixture
def adam(db: None) -> User:
    return _make_user("adam", ["admin"])


@pytest.fixture
def ines(db: None) -> User:
    return _make_user("ines", ["installer"], organisation_name="Asennus Oy")


@pytest.fixture
def mark(db: None) -> User:
    return _make_user("mark", ["marketing"])


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def fake() -> Faker:
    faker = Faker("fi_FI")
    faker.seed_instance(1234)
    return faker


@pytest.fixture
def make_person(db: None, actor: Actor, fake: Faker) -> Callable[..., Person]:
    rng = random.Random(99)

    def make(*, with_contacts: bool = True, **overrides: Any) -> Person:
        values: dict[str, Any] = {
            "first_names": fake.first_name(),
            "last_name": fake.last_name(),
            "hetu": random_hetu(rng),
            "language": "fi",
        }
        values.update(overrides)
        person = party_services.person_create(actor=actor, **values)
        if with_contacts:
            n = next(_counter)
            party_services.contact_point_create(
                actor=actor, party=person.party, kind="phone", phone=random_mobile(rng)
            )
            party_services.contact_point_create(
                actor=actor, party=person.party, kind="email", email=f"asiakas{n}@example.fi"
            )
            party_services.contact_point_create(
                actor=actor,
                party=person.party,
                kind="address",
                street=fake.street_address(),
                postal_code=fake.postcode(),
                post_office=fake.city(),
            )
            party_services.customer_create(
                actor=actor, party=person.party, customer_number=f"T{n:06d}"
            )
        return person

    return make


@pytest.fixture
def make_organisation(db: None, actor: Actor, fake: Faker) -> Callable[..., Organisation]:
    def make(**overrides: Any) -> Organisation:
        values: dict[str, Any] = {"name": fake.company(), "business_id": None}
        values.update(overrides)
        return party_services.organisation_create(actor=actor, **values)

    return make


# --- browser tests (pytest-playwright driving Debian's Chromium; never `playwright install`) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A Finnish browser in Helsinki: what the customer service of a Finnish operator uses.
    return {
        **browser_context_args,
        "locale": "fi-FI",
        "timezone_id": "Europe/Helsinki",
        "viewport": {"width": 1280, "height": 900},
    }
