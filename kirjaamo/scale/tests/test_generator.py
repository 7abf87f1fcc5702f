"""The scale generator: realistic rows, exactly the derived values the services write, one
audit event, all or nothing, and a register the application can use afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kirjaamo.audit.actor import Actor
from kirjaamo.billing.models import Invoice
from kirjaamo.contracts import services as contract_services
from kirjaamo.contracts.models import Connection, Contract, ContractRole, IpAssignment
from kirjaamo.history.models import FieldChange
from kirjaamo.lib.identifiers import (
    business_id_normalize,
    email_normalize,
    hetu_birth_date,
    hetu_mask,
    hetu_normalize,
    phone_display,
    phone_normalize,
)
from kirjaamo.parties import services as party_services
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Party, Person
from kirjaamo.parties.selectors import person_hetu
from kirjaamo.scale import generator
from kirjaamo.scale.generator import GenerateError, register_generate
from kirjaamo.scale.sinks import check_columns
from kirjaamo.search.selectors import register_search
from kirjaamo.tests import assert_audit_free_of, events

pytestmark = pytest.mark.django_db

PERSONS = 40


@pytest.fixture
def generated(actor: Actor) -> generator.GenerateResult:
    return register_generate(actor=actor, persons=PERSONS, seed=7, batch=15)


def _index_catalogue() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        indexes = {(name, definition) for name, definition in cursor.fetchall()}
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace"
        )
        return indexes | {(name, definition) for name, definition in cursor.fetchall()}


def test_its_columns_match_the_models() -> None:
    check_columns()


def test_it_builds_a_realistic_register(generated: generator.GenerateResult) -> None:
    assert Person.objects.count() == PERSONS
    assert Organisation.objects.count() == PERSONS // generator.ORGANISATION_EVERY
    assert Customer.objects.count() == PERSONS + PERSONS // generator.ORGANISATION_EVERY
    contracts = Contract.objects.count()
    assert PERSONS <= contracts <= 2 * PERSONS
    assert Connection.objects.count() == contracts
    # Holder and payer for every contract.
    assert ContractRole.objects.count() == 2 * contracts
    assert 3 * contracts <= Invoice.objects.count() <= 7 * contracts
    assert ContactPoint.objects.filter(kind="address").count() == Party.objects.count()
    assert generated.counts["parties.Person"] == PERSONS
    assert generated.rows == sum(generated.counts.values())
    connection.check_constraints()  # every foreign key and check holds


def test_every_generated_identifier_is_valid(generated: generator.GenerateResult) -> None:
    for person in Person.objects.all():
        hetu = person_hetu(person)
        assert hetu is not None
        assert hetu_normalize(hetu) == hetu
        assert person.birth_date == hetu_birth_date(hetu)
        assert person.hetu_index == party_services.hetu_index_of(hetu)
    for cp in ContactPoint.objects.filter(kind="phone"):
        assert phone_normalize(cp.phone) == cp.phone
        assert phone_normalize(phone_display(cp.phone)) == cp.phone
    for cp in ContactPoint.objects.filter(kind="email"):
        assert email_normalize(cp.email) == cp.email
    for org in Organisation.objects.all():
        assert org.business_id is not None
        assert business_id_normalize(org.business_id) == org.business_id
    assert IpAssignment.objects.exists()


def test_it_writes_what_the_services_would_write(
    generated: generator.GenerateResult, actor: Actor
) -> None:
    """A generated person and contract next to a twin made through the services from the same
    input: every derived column (search_name, search_text, E.164 phone, upper-cased post office,
    blind index, birth date) is the same."""
    person = Person.objects.filter(party__contact_points__kind="email").first()
    assert person is not None
    points = {cp.kind: cp for cp in ContactPoint.objects.filter(party_id=person.pk)}
    twin = party_services.person_create(
        actor=actor,
        first_names=person.first_names,
        last_name=person.last_name,
        hetu="131052-308T",
        language=person.language,
        profession=person.profession,
    )
    assert twin.party.search_name == person.party.search_name
    address = points["address"]
    twin_points = {
        "address": party_services.contact_point_create(
            actor=actor,
            party=twin.party,
            kind="address",
            street=address.street,
            postal_code=address.postal_code,
            post_office=address.post_office.title(),
            source=address.source,
        ),
        "email": party_services.contact_point_create(
            actor=actor, party=twin.party, kind="email", email=points["email"].email
        ),
    }
    if "phone" in points:
        twin_points["phone"] = party_services.contact_point_create(
            actor=actor, party=twin.party, kind="phone", phone=phone_display(points["phone"].phone)
        )
    fields = ("street", "postal_code", "post_office", "country", "phone", "email", "search_text")
    for kind, twin_point in twin_points.items():
        for name in fields:
            assert getattr(twin_point, name) == getattr(points[kind], name), (kind, name)

    conn = Connection.objects.select_related("contract").first()
    assert conn is not None
    twin_contract = contract_services.contract_create(
        actor=actor, number="TWIN-1", holder=twin.party, opened_on=dt.date(2024, 1, 1)
    )
    twin_conn = contract_services.connection_create(
        actor=actor,
        contract=twin_contract,
        connection_number="TWIN-L1",
        street=conn.street,
        postal_code=conn.postal_code,
        post_office=conn.post_office.lower(),
    )
    assert (twin_conn.street, twin_conn.post_office, twin_conn.search_text) == (
        conn.street,
        conn.post_office,
        conn.search_text,
    )


def test_the_application_decrypts_and_finds_generated_persons(
    generated: generator.GenerateResult,
) -> None:
    person = Person.objects.order_by("?").first()
    assert person is not None
    hetu = person_hetu(person)
    assert hetu is not None
    result = register_search(hetu)
    assert result.party_ids == [person.pk]
    assert result.hits[0].hetu_masked == hetu_mask(hetu)
    customer = Customer.objects.get(party_id=person.pk)
    assert person.pk in register_search(customer.customer_number).party_ids
    phone = ContactPoint.objects.filter(kind="phone").first()
    assert phone is not None
    assert phone.party_id in register_search(phone_display(phone.phone)).party_ids
    org = Organisation.objects.first()
    assert org is not None and org.business_id
    assert register_search(org.business_id).party_ids == [org.pk]


def test_it_writes_one_audit_event_with_counts_and_no_history(
    generated: generator.GenerateResult,
) -> None:
    [event] = events("register.generated")
    assert event.detail["persons"] == PERSONS
    assert event.detail["contracts"] == Contract.objects.count()
    assert event.detail["invoices"] == Invoice.objects.count()
    assert event.detail["first_party_id"] == Party.objects.order_by("pk").first().pk  # type: ignore[union-attr]
    assert not event.subjects.exists()
    # No change history for bulk synthetic data (see kirjaamo.scale.generator).
    assert not FieldChange.objects.exists()
    person = Person.objects.first()
    assert person is not None
    assert_audit_free_of(person.last_name, person_hetu(person) or "")


def test_it_refuses_a_register_that_is_not_empty(make_person: Callable[..., Person]) -> None:
    make_person()
    before = Party.objects.count()
    with pytest.raises(CommandError, match="--append"):
        call_command("register_generate", "--persons", "5", "--no-progress")
    assert Party.objects.count() == before
    assert not events("register.generated")


def test_it_appends_when_asked_and_later_inserts_follow_the_generated_ids(
    make_person: Callable[..., Person], actor: Actor
) -> None:
    existing = make_person()
    result = register_generate(actor=actor, persons=10, seed=3, append=True)
    assert result.index_mode == "keep"
    assert Person.objects.count() == 11
    highest = Party.objects.order_by("-pk").first()
    assert highest is not None and highest.pk > existing.pk
    later = party_services.person_create(actor=actor, first_names="Uusi", last_name="Asiakas")
    assert later.pk > highest.pk  # the sequence was moved past the generated ids
    customer = party_services.customer_create(
        actor=actor, party=later.party, customer_number="LATER-1"
    )
    assert customer.pk > Customer.objects.exclude(pk=customer.pk).order_by("-pk").first().pk  # type: ignore[union-attr]


def test_it_writes_nothing_when_a_step_fails(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = _index_catalogue() if connection.vendor == "postgresql" else set()

    def broken(self: object, rng: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator._Builder, "organisation", broken)
    with pytest.raises(RuntimeError):
        register_generate(actor=actor, persons=25, batch=10)
    assert not Party.objects.exists()
    assert not Invoice.objects.exists()
    assert not events("register.generated")
    if connection.vendor == "postgresql":
        assert _index_catalogue() == catalogue  # the dropped indexes came back with the rollback


@pytest.mark.postgres
def test_a_fresh_load_rebuilds_exactly_the_indexes_it_dropped(actor: Actor) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("indexes are only dropped and rebuilt on PostgreSQL")
    before = _index_catalogue()
    result = register_generate(actor=actor, persons=30, seed=5)
    assert result.index_mode == "rebuild"
    assert result.index_seconds  # something was rebuilt
    assert _index_catalogue() == before


def test_it_rejects_bad_arguments(actor: Actor) -> None:
    with pytest.raises(GenerateError):
        register_generate(actor=actor, persons=0)
    with pytest.raises(GenerateError):
        register_generate(actor=actor, persons=5, index_mode="sometimes")
    with pytest.raises(CommandError):
        call_command("register_generate", "--persons", "0", "--no-progress")


def test_the_command_reports_counts(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("register_generate", "--persons", "20", "--seed", "9", "--no-progress")
    out = capsys.readouterr().out
    assert "20" in out and "parties.Person" in out
    assert Person.objects.count() == 20
