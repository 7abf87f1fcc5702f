"""The register search: every kind of lookup finds the right party, and only that one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kirjaamo.audit.actor import Actor
from kirjaamo.contracts import services as contract_services
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import Organisation, Person
from kirjaamo.search.selectors import SearchResult, register_search

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@dataclass
class Register:
    aino: Person  # Aino Mäki: HETU, phone, e-mail, postal address, customer number
    matti: Person  # Matti Virtanen: contract holder with a connection and IP addresses
    maija: Person  # Maija Virtanen: the same HETU digits as Matti with the Y sign
    org: Organisation


@pytest.fixture
def register(actor: Actor) -> Register:
    aino = party_services.person_create(
        actor=actor, first_names="Aino", last_name="Mäki", hetu="131052-308T"
    )
    party = aino.party
    party_services.contact_point_create(actor=actor, party=party, kind="phone", phone="0401234567")
    party_services.contact_point_create(
        actor=actor, party=party, kind="email", email="Aino.Maki@Example.fi"
    )
    party_services.contact_point_create(
        actor=actor,
        party=party,
        kind="address",
        street="Mannerheimintie 5 B 12",
        postal_code="00100",
        post_office="Helsinki",
    )
    party_services.customer_create(actor=actor, party=party, customer_number="A-1001")

    matti = party_services.person_create(
        actor=actor,
        first_names="Matti",
        last_name="Virtanen",
        hetu="100190-999P",
        hetu_temporary=True,
    )
    maija = party_services.person_create(
        actor=actor,
        first_names="Maija",
        last_name="Virtanen",
        hetu="100190Y999P",
        hetu_temporary=True,
    )
    contract = contract_services.contract_create(
        actor=actor, number="S-2001", holder=matti.party, opened_on=dt.date(2023, 1, 1)
    )
    connection = contract_services.connection_create(
        actor=actor,
        contract=contract,
        connection_number="L-3001",
        street="Koivukuja 7",
        postal_code="33100",
        post_office="Tampere",
    )
    old = contract_services.ip_assignment_create(
        actor=actor, connection=connection, address="198.51.100.7", assigned_from=T0
    )
    contract_services.ip_assignment_end(
        actor=actor, assignment=old, assigned_to=T0 + dt.timedelta(days=90)
    )
    contract_services.ip_assignment_create(
        actor=actor,
        connection=connection,
        address="192.0.2.10",
        assigned_from=T0 + dt.timedelta(days=90),
    )
    contract_services.ip_assignment_create(
        actor=actor, connection=connection, address="2001:db8::10", assigned_from=T0
    )
    org = party_services.organisation_create(
        actor=actor, name="Kuituverkko Oy", business_id="2077474-0"
    )
    return Register(aino=aino, matti=matti, maija=maija, org=org)


def found(query: str, **kwargs: int) -> list[int]:
    return register_search(query, **kwargs).party_ids


@pytest.mark.parametrize("query", ["131052-308T", "131052-308t", " 131052-308T "])
def test_it_finds_a_person_by_exact_hetu(register: Register, query: str) -> None:
    result = register_search(query)
    assert result.party_ids == [register.aino.pk]
    assert result.kinds == ["hetu"]
    (hit,) = result.hits
    assert hit.hetu_masked == "131052-****"
    assert hit.name == "Mäki, Aino"
    assert hit.customer_numbers == ["A-1001"]
    assert hit.matched_by == {"hetu"}


def test_HETU_century_sign_distinguishes_people_in_search(register: Register) -> None:
    assert found("100190-999P") == [register.matti.pk]
    assert found("100190Y999P") == [register.maija.pk]
    assert found("100190y999p") == [register.maija.pk]


def test_a_valid_hetu_that_is_not_in_the_register_finds_nothing(register: Register) -> None:
    assert found("131052+308T") == []  # same digits, 1800s
    assert found("290200A100J") == []


def test_it_finds_an_organisation_by_business_id(register: Register) -> None:
    result = register_search("2077474-0")
    assert result.party_ids == [register.org.pk]
    assert result.hits[0].business_id == "2077474-0"
    assert result.hits[0].name == "Kuituverkko Oy"
    assert found("2077474-1") == []


@pytest.mark.parametrize(
    "query", ["040 123 4567", "0401234567", "+358 40 123 4567", "+358401234567", "040-123 4567"]
)
def test_it_finds_a_person_by_phone_in_any_common_format(register: Register, query: str) -> None:
    result = register_search(query)
    assert result.party_ids == [register.aino.pk]
    assert "phone" in result.hits[0].matched_by


@pytest.mark.parametrize(
    "query", ["aino.maki@example.fi", "AINO.MAKI@EXAMPLE.FI", "aino.maki@exa", "aino.maki@"]
)
def test_it_finds_a_person_by_email_prefix(register: Register, query: str) -> None:
    assert found(query) == [register.aino.pk]


def test_an_email_that_does_not_start_the_address_finds_nothing(register: Register) -> None:
    assert found("maki@example.fi") == []


@pytest.mark.parametrize(
    ("query", "who"),
    [("A-1001", "aino"), ("S-2001", "matti"), ("L-3001", "matti")],
)
def test_it_finds_by_customer_contract_and_connection_number(
    register: Register, query: str, who: str
) -> None:
    person: Person = getattr(register, who)
    result = register_search(query)
    assert result.party_ids == [person.pk]
    assert "number" in result.hits[0].matched_by


@pytest.mark.parametrize("query", ["192.0.2.10", "198.51.100.7", "2001:DB8:0::10"])
def test_it_finds_the_holder_by_current_and_historical_ip_address(
    register: Register, query: str
) -> None:
    result = register_search(query)
    assert result.kinds == ["ip"]
    assert result.party_ids == [register.matti.pk]


def test_an_unassigned_ip_address_finds_nothing(register: Register) -> None:
    assert found("192.0.2.11") == []


@pytest.mark.parametrize("query", ["mäki", "MAKI", "Maki", "MÄKI", "äki", "aino mäki", "MÄKI AINO"])
def test_name_search_ignores_case_and_diacritics(register: Register, query: str) -> None:
    result = register_search(query)
    assert result.party_ids == [register.aino.pk]
    assert "name" in result.hits[0].matched_by


def test_two_name_tokens_match_in_either_order(register: Register) -> None:
    assert found("matti virtanen") == [register.matti.pk]
    assert found("Virtanen Matti") == [register.matti.pk]
    # Sorted by name: "Virtanen, Maija" before "Virtanen, Matti".
    assert found("virtanen") == [register.maija.pk, register.matti.pk]
    assert found("virtanen liisa") == []


def test_it_finds_organisations_by_name_substring(register: Register) -> None:
    assert found("kuituverkko") == [register.org.pk]
    assert found("verkko oy") == [register.org.pk]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Mannerheimintie 5", "aino"),
        ("mannerheimintie", "aino"),
        ("00100 helsinki", "aino"),
        ("koivukuja 7", "matti"),  # the connection address of Matti's contract
        ("KOIVUKUJA", "matti"),
    ],
)
def test_it_finds_by_street_address_including_connection_addresses(
    register: Register, query: str, who: str
) -> None:
    person: Person = getattr(register, who)
    result = register_search(query)
    assert result.party_ids == [person.pk]
    assert "address" in result.hits[0].matched_by


def test_results_are_limited_and_marked_truncated(register: Register, actor: Actor) -> None:
    for i in range(6):
        party_services.person_create(
            actor=actor, first_names=f"Testi{i}", last_name="Koskinen", hetu=None
        )
    full = register_search("koskinen", limit=10)
    assert len(full.hits) == 6
    assert full.truncated is False
    limited = register_search("koskinen", limit=4)
    assert len(limited.hits) == 4
    assert limited.truncated is True
    assert set(limited.party_ids) <= set(full.party_ids)
    names = [h.name for h in limited.hits]
    assert names == sorted(names)
    exact = register_search("koskinen", limit=6)
    assert (len(exact.hits), exact.truncated) == (6, False)


def test_results_are_sorted_by_name(register: Register, actor: Actor) -> None:
    for last in ("Örn", "Aalto", "Mäkelä"):
        party_services.person_create(actor=actor, first_names="Sanna", last_name=last, hetu=None)
    names = [h.name for h in register_search("sanna").hits]
    # Folded order: "makela" sorts with M, "orn" with O.
    assert names == ["Aalto, Sanna", "Mäkelä, Sanna", "Örn, Sanna"]


@pytest.mark.parametrize("query", ["ab", "a", "mä"])
def test_a_too_short_query_says_so(register: Register, query: str) -> None:
    result = register_search(query)
    assert result.hits == []
    assert result.too_short is True


def test_an_empty_query_finds_nothing_and_is_not_too_short(register: Register) -> None:
    result = register_search("   ")
    assert (result.hits, result.kinds, result.truncated, result.too_short) == ([], [], False, False)


@pytest.mark.parametrize("query", ["Zyxwvu", "Ö-katu 999", "999999999", "x@nowhere.invalid"])
def test_no_match(register: Register, query: str) -> None:
    result: SearchResult = register_search(query)
    assert result.hits == []
    assert result.truncated is False
    assert result.too_short is False


@pytest.mark.parametrize("query", ["%%%", "___", "%a%", "a_n"])
def test_like_wildcards_in_the_query_are_taken_literally(register: Register, query: str) -> None:
    assert found(query) == []


def test_a_party_with_two_customer_numbers_is_one_hit_listing_both(
    register: Register, actor: Actor
) -> None:
    party_services.customer_create(
        actor=actor, party=register.aino.party, customer_number="A-0999", segment="business"
    )
    (hit,) = register_search("A-0999").hits
    assert hit.party_id == register.aino.pk
    assert hit.customer_numbers == ["A-0999", "A-1001"]
    assert found("mäki") == [register.aino.pk]


def test_it_finds_a_landline_number(register: Register, actor: Actor) -> None:
    party_services.contact_point_create(
        actor=actor, party=register.org.party, kind="phone", phone="(09) 3157 6885"
    )
    assert found("09 3157 6885") == [register.org.pk]
    assert found("+358931576885") == [register.org.pk]


def test_a_contract_number_finds_its_current_and_former_holders(
    register: Register, actor: Actor
) -> None:
    contract = register.matti.party.contract_roles.get().contract
    contract_services.contract_role_add(
        actor=actor,
        contract=contract,
        party=register.maija.party,
        role="holder",
        started_on=dt.date(2024, 6, 1),
    )
    assert found("S-2001") == [register.maija.pk, register.matti.pk]
