"""The register search's shortcuts that keep it fast at a million persons (which lookups run,
in which order), and that the benchmark's raw-SQL floor asks exactly the same question.
Every kind of lookup is covered in test_selectors.py."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from kirjaamo.audit.actor import Actor
from kirjaamo.contracts import services as contract_services
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import Person
from kirjaamo.scale.baselines import FloorSearch
from kirjaamo.scale.bench import build_queries
from kirjaamo.scale.generator import register_generate
from kirjaamo.search.selectors import Kind, classify, register_search

pytestmark = pytest.mark.django_db

HETU = "131052-308T"


@pytest.fixture
def maki(actor: Actor) -> Person:
    """Anna-Liisa Mäki-Ölander with a phone, e-mail, address, contract, connection and IP."""
    person = party_services.person_create(
        actor=actor, first_names="Anna-Liisa", last_name="Mäki-Ölander", hetu=HETU
    )
    party = person.party
    party_services.customer_create(actor=actor, party=party, customer_number="C-1001")
    party_services.contact_point_create(
        actor=actor, party=party, kind="phone", phone="040 123 4567"
    )
    party_services.contact_point_create(
        actor=actor, party=party, kind="email", email="anna.maki@example.fi"
    )
    party_services.contact_point_create(
        actor=actor,
        party=party,
        kind="address",
        street="Lukkarimäenkatu 7 B 12",
        postal_code="00100",
        post_office="Helsinki",
    )
    contract = contract_services.contract_create(
        actor=actor, number="S-2001", holder=party, opened_on=dt.date(2024, 1, 1)
    )
    connection = contract_services.connection_create(
        actor=actor,
        contract=contract,
        connection_number="L-3001",
        street="Kesämökintie 3",
        postal_code="41900",
        post_office="Petäjävesi",
    )
    contract_services.ip_assignment_create(
        actor=actor,
        connection=connection,
        address="100.64.12.34",
        assigned_from=timezone.now() - dt.timedelta(days=3),
    )
    return person


def test_an_identifier_match_skips_the_name_and_address_lookups(maki: Person, actor: Actor) -> None:
    other = party_services.person_create(actor=actor, first_names="Eero", last_name="Salo")
    party_services.contact_point_create(
        actor=actor,
        party=other.party,
        kind="address",
        street="S-2001-tie 4",
        postal_code="00200",
        post_office="Espoo",
    )
    assert register_search("S-2001").party_ids == [maki.pk]
    assert register_search("S-2001-tie").party_ids == [other.pk]


def test_the_first_name_or_address_lookup_that_finds_someone_answers(
    maki: Person, actor: Actor
) -> None:
    # "Mäenkatu 7" starts another person's address, so the inside-the-address search that
    # would also find Lukkarimäenkatu 7 does not run.
    other = party_services.person_create(actor=actor, first_names="Eero", last_name="Salo")
    party_services.contact_point_create(
        actor=actor,
        party=other.party,
        kind="address",
        street="Mäenkatu 7",
        postal_code="00200",
        post_office="Espoo",
    )
    assert register_search("mäenkatu 7").party_ids == [other.pk]
    assert register_search("mäenkatu 7 b").party_ids == [maki.pk]


def test_a_number_next_to_words_is_tried_as_an_address_first() -> None:
    assert classify("Mäkikatu 5") == [Kind.ADDRESS, Kind.NAME]
    assert classify("Mäki") == [Kind.NAME, Kind.ADDRESS]
    assert classify("G1234567") == [Kind.NUMBER, Kind.ADDRESS, Kind.NAME]
    assert classify(HETU) == [Kind.HETU]
    assert classify("ab") == [Kind.NAME, Kind.ADDRESS]


def test_the_benchmark_floor_asks_exactly_what_register_search_asks(actor: Actor) -> None:
    """The raw-SQL floor of the benchmark must run the same lookups, or its ratio means
    nothing: on a generated register every benchmark query gets the same parties from both."""
    register_generate(actor=actor, persons=60, seed=11)
    floor = FloorSearch()
    compared = 0
    for measure in build_queries(random.Random(5), 12):
        for query in measure.queries:
            ours = register_search(query.text)
            if ours.truncated:
                continue  # more matches than the limit: either may return any 20 of them
            assert set(floor.search(query.text)) == set(ours.party_ids), measure.key
            compared += 1
    assert compared > 100


def test_an_address_is_searched_inside_only_when_nothing_starts_with_it(maki: Person) -> None:
    assert register_search("Lukkarimäenkatu 7").party_ids == [maki.pk]
    result = register_search("mäenkatu 7 b")
    assert result.party_ids == [maki.pk]
    assert result.hits[0].matched_by == {Kind.ADDRESS}
    # Without a word of three letters the text is not searched inside addresses, though
    # "7 b 12" occurs in "lukkarimaenkatu 7 b 12".
    assert register_search("7 B 12").party_ids == []
