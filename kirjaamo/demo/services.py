"""Loading the synthetic demo register through the ordinary, audited services.

Everything is synthetic: names from Faker fi_FI, valid-but-random HETUs, IP addresses from the
documentation ranges (RFC 5737 / RFC 3849), e-mail addresses at example.fi, recordings that are
generated tones. Loading is idempotent: persons are keyed by demo customer numbers
(D000001 …), so running it again adds only what is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import secrets
import struct
import wave
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from faker import Faker

from kirjaamo.accounts.models import User
from kirjaamo.accounts.services import role_grant, user_create
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind, Purpose
from kirjaamo.audit.services import audit_record
from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.billing.services import collection_case_open, invoice_create
from kirjaamo.communications.choices import Direction, MessageChannel, NoteCategory
from kirjaamo.communications.services import call_recording_add, message_record, note_create
from kirjaamo.contracts.choices import BlockReason, EquipmentKind, ProductKind
from kirjaamo.contracts.models import Contract, Product
from kirjaamo.contracts.services import (
    connection_create,
    contract_create,
    contract_terminate,
    equipment_create,
    ip_assignment_create,
    product_create,
    service_block_create,
)
from kirjaamo.demo.credentials import DEMO_REASON, DEMO_USERS, demo_password_path
from kirjaamo.lib.synthetic import hetu_for, random_birth_date, random_mobile
from kirjaamo.parties.choices import ContactKind, CustomerSegment, Source
from kirjaamo.parties.models import Customer, Organisation, Party, Person
from kirjaamo.parties.services import (
    contact_point_create,
    customer_create,
    organisation_contact_add,
    organisation_create,
    person_create,
)
from kirjaamo.profile.active import collects

PRODUCTS = [
    ("KUITU100", "Kuitu 100M", ProductKind.BROADBAND),
    ("KUITU1000", "Kuitu 1G", ProductKind.BROADBAND),
    ("MOBIILI", "Mobiililiittymä", ProductKind.MOBILE),
    ("PUHELIN", "Kiinteä puhelin", ProductKind.FIXED_PHONE),
    ("TV", "TV-paketti", ProductKind.TV),
    ("HOTELLI", "Web-hotelli", ProductKind.HOSTING),
]
SHOWCASE_PHONE = "040 123 4567"
# What the demo skips when the active register profile does not collect it (not_collected).
HETU = "parties.Person.hetu_encrypted"  # the first demo customer; README tells to search for it
AGENCIES = ["Perintätoimisto Esimerkki Oy", "Saatavapalvelu Demo Oy"]


@dataclass
class DemoResult:
    persons_created: int = 0
    organisations_created: int = 0
    recordings_created: int = 0
    users: list[tuple[str, str]] = field(default_factory=list)
    password: str = ""


def demo_password() -> str:
    """The shared demo password, generated once into var/demo_password (mode 0600)."""
    path = demo_password_path()
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = "demo-" + secrets.token_urlsafe(9)
    path.touch(mode=0o600)
    path.write_text(value + "\n", encoding="ascii")
    return value


def _tone_wav(seconds: float, freq: float) -> bytes:
    rate = 8000
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate)))
            for i in range(int(seconds * rate))
        )
        out.writeframes(frames)
    return buffer.getvalue()


def demo_users(*, actor: Actor, password: str) -> list[tuple[str, str]]:
    created = []
    for username, role, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=actor,
                username=username,
                password=password,
                roles=[role],
                reason=str(DEMO_REASON),
                first_name=first,
                last_name=last,
                organisation_name="Asennuspalvelu Esimerkki Oy" if role == "installer" else "",
                validate=False,
            )
        else:
            user.set_password(password)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            if not user.grants.filter(role=role, revoked_at__isnull=True).exists():
                role_grant(actor=actor, user=user, role=role, reason=str(DEMO_REASON))
        created.append((username, str(role)))
    return created


def _products(actor: Actor) -> list[Product]:
    out = []
    for code, name, kind in PRODUCTS:
        product = Product.objects.filter(code=code).first()
        out.append(product or product_create(actor=actor, code=code, name=name, kind=kind))
    return out


@transaction.atomic
def demo_load(*, persons: int = 300, seed: int = 2026) -> DemoResult:
    """Load `persons` demo customers (idempotent) and the demo staff accounts."""
    actor = Actor.system(purpose=Purpose.DEMO, label="demo")
    result = DemoResult(password=demo_password())
    result.users = demo_users(actor=actor, password=result.password)
    agent = User.objects.get(username="asiakaspalvelu")
    products = _products(actor)
    faker = Faker("fi_FI")
    faker.seed_instance(seed)
    rng = random.Random(seed)
    today = timezone.localdate()
    existing = set(
        Customer.objects.filter(customer_number__startswith="D").values_list(
            "customer_number", flat=True
        )
    )
    used_hetus: set[str] = set()
    people: list[Person] = []
    for i in range(1, persons + 1):
        # Draw every random value even for existing customers so the sequence stays stable.
        first, last = faker.first_name(), faker.last_name()
        birth = random_birth_date(rng)
        individual = rng.randint(2, 899)
        phone = SHOWCASE_PHONE if i == 1 else random_mobile(rng)
        street, postcode, city = faker.street_address(), faker.postcode(), faker.city()
        number = f"D{i:06d}"
        if number in existing:
            continue
        hetu = hetu_for(birth, individual)
        while hetu in used_hetus:
            individual = individual % 899 + 2
            hetu = hetu_for(birth, individual)
        used_hetus.add(hetu)
        language = rng.choices(["fi", "sv", "en"], weights=[88, 10, 2])[0]
        profession = faker.job() if rng.random() < 0.3 else ""
        person = person_create(
            actor=actor,
            first_names=first,
            last_name=last,
            hetu=hetu if collects(HETU) else None,
            language=language,
            profession=profession if collects("parties.Person.profession") else "",
        )
        party = person.party
        customer_create(
            actor=actor,
            party=party,
            customer_number=number,
            segment=CustomerSegment.CONSUMER,
            started_on=today - dt.timedelta(days=rng.randint(30, 3000)),
        )
        contact_point_create(
            actor=actor,
            party=party,
            kind="address",
            street=street,
            postal_code=postcode,
            post_office=city,
            source=rng.choice([Source.DATA_SUBJECT, Source.POPULATION_REGISTER]),
        )
        contact_point_create(actor=actor, party=party, kind="phone", phone=phone)
        if rng.random() < 0.85:
            contact_point_create(
                actor=actor,
                party=party,
                kind="email",
                email=f"asiakas{i}@example.fi",
                source=rng.choice([Source.DATA_SUBJECT, Source.SERVICE_PROVIDER]),
            )
        _demo_contracts(actor, party, i, street, postcode, city, products, rng, today)
        _demo_communications(actor, party, i, rng, agent, result)
        people.append(person)
        result.persons_created += 1
    _demo_organisations(actor, people, faker, rng, result)
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="demo.loaded",
        detail={
            "persons": result.persons_created,
            "organisations": result.organisations_created,
            "recordings": result.recordings_created,
        },
    )
    return result


def _demo_contracts(
    actor: Actor,
    party: Party,
    i: int,
    street: str,
    postcode: str,
    city: str,
    products: list[Product],
    rng: random.Random,
    today: dt.date,
) -> None:
    count = 2 if rng.random() < 0.1 else 1
    for n in range(count):
        opened = today - dt.timedelta(days=rng.randint(60, 2500))
        chosen = rng.sample(products[:5], k=rng.randint(1, 2))
        contract = contract_create(
            actor=actor,
            number=f"S{i:06d}-{n + 1}",
            holder=party,
            payer=party,
            opened_on=opened,
            seller=rng.choice(["Myymälä", "Verkkokauppa", "Puhelinmyynti"]),
            products=chosen,
        )
        if not collects("contracts.Connection"):
            _demo_invoices(actor, party, contract, i, n, rng, today)
            continue
        connection = connection_create(
            actor=actor,
            contract=contract,
            connection_number=f"L{i:06d}{n + 1}",
            street=street,
            postal_code=postcode,
            post_office=city,
            activated_on=opened + dt.timedelta(days=rng.randint(1, 30)),
        )
        since = timezone.now() - dt.timedelta(days=rng.randint(1, 400))
        if collects("contracts.IpAssignment"):
            ip_assignment_create(
                actor=actor,
                connection=connection,
                address=f"198.51.100.{(i * 7 + n) % 254 + 1}",
                assigned_from=since - dt.timedelta(days=300),
                assigned_to=since,
            )
            ip_assignment_create(
                actor=actor,
                connection=connection,
                address=f"203.0.113.{(i * 3 + n) % 254 + 1}" if i % 5 else f"2001:db8::{i:x}",
                assigned_from=since,
            )
        if collects("contracts.Equipment"):
            equipment_create(
                actor=actor,
                contract=contract,
                kind=rng.choice([EquipmentKind.ROUTER, EquipmentKind.ONT]),
                serial_number=f"SN{rng.randint(10**9, 10**10 - 1)}",
                delivered_on=opened,
            )
        _demo_invoices(actor, party, contract, i, n, rng, today)


def _demo_invoices(
    actor: Actor,
    party: Party,
    contract: Contract,
    i: int,
    n: int,
    rng: random.Random,
    today: dt.date,
) -> None:
    for month in range(5, 0, -1):
        issued = today - dt.timedelta(days=30 * month)
        due = issued + dt.timedelta(days=14)
        late = due < today
        roll = rng.random()
        if not late or roll < 0.08:
            status, paid = InvoiceStatus.OPEN, None
        elif roll < 0.11:
            status, paid = InvoiceStatus.CREDITED, None
        else:
            status, paid = InvoiceStatus.PAID, due - dt.timedelta(days=rng.randint(0, 10))
        invoice = invoice_create(
            actor=actor,
            number=f"{i:06d}{n + 1}{month:02d}",
            payer=party,
            contract=contract,
            issued_on=issued,
            due_on=due,
            amount_cents=rng.choice([2990, 3990, 4990, 5990]) + rng.randint(0, 99),
            status=status,
            paid_on=paid,
        )
        if status == InvoiceStatus.OPEN and late and month >= 3:
            collection_case_open(
                actor=actor,
                invoice=invoice,
                agency=rng.choice(AGENCIES),
                handed_over_on=due + dt.timedelta(days=45),
            )
            if collects("contracts.ServiceBlock"):
                service_block_create(
                    actor=actor,
                    contract=contract,
                    reason=BlockReason.UNPAID,
                    starts_at=timezone.now() - dt.timedelta(days=20),
                )
    if rng.random() < 0.07:
        contract_terminate(
            actor=actor, contract=contract, terminated_on=today - dt.timedelta(days=10)
        )


NOTES = [
    (NoteCategory.TECHNICAL, "Asiakas ilmoitti katkoksesta, vika korjattu etänä."),
    (NoteCategory.BILLING, "Sovittu maksuaikaa kaksi viikkoa."),
    (NoteCategory.GENERAL, "Asiakas pyysi yhteydenottoa sähköpostitse."),
    (NoteCategory.SALES, "Kiinnostunut nopeammasta liittymästä."),
    (NoteCategory.COMPLAINT, "Reklamaatio asennuksen viivästymisestä, hyvitys laskulla."),
]


def _demo_communications(
    actor: Actor, party: Party, i: int, rng: random.Random, agent: User, result: DemoResult
) -> None:
    for _n in range(rng.randint(0, 2)):
        category, text = rng.choice(NOTES)
        note_create(actor=actor, party=party, category=category, text=text)
    if rng.random() < 0.3 and collects("communications.Message"):
        message_record(
            actor=actor,
            party=party,
            channel=rng.choice([MessageChannel.EMAIL, MessageChannel.SMS]),
            direction=rng.choice([Direction.INBOUND, Direction.OUTBOUND]),
            occurred_at=timezone.now() - dt.timedelta(days=rng.randint(1, 300)),
            subject=rng.choice(["Laskukopio", "Huoltotiedote", "Tilausvahvistus"]),
        )
    wants_recording = i == 1 or (rng.random() < 0.04 and result.recordings_created < 15)
    if wants_recording and collects("communications.CallRecording"):
        seconds = rng.randint(2, 4)
        call_recording_add(
            actor=actor,
            party=party,
            audio=ContentFile(_tone_wav(seconds, rng.choice([330.0, 440.0, 523.0]))),
            filename="call.wav",
            recorded_at=timezone.now() - dt.timedelta(days=rng.randint(1, 200)),
            duration_seconds=seconds,
            caller_informed=True,
            agent=agent,
        )
        result.recordings_created += 1


def _demo_organisations(
    actor: Actor, people: list[Person], faker: Faker, rng: random.Random, result: DemoResult
) -> None:
    wanted = max(1, len(people) // 10)
    for k in range(wanted):
        number = f"Y{k + 1:05d}"
        if Customer.objects.filter(customer_number=number).exists():
            continue
        base = 1000000 + rng.randint(0, 8999999)
        business_id = _ytunnus(base)
        while business_id is None or Organisation.objects.filter(business_id=business_id).exists():
            base = 1000000 + rng.randint(0, 8999999)
            business_id = _ytunnus(base)
        org = organisation_create(actor=actor, name=faker.company(), business_id=business_id)
        customer_create(
            actor=actor,
            party=org.party,
            customer_number=number,
            segment=CustomerSegment.BUSINESS,
            started_on=timezone.localdate() - dt.timedelta(days=rng.randint(100, 3000)),
        )
        contact_point_create(
            actor=actor,
            party=org.party,
            kind="address",
            street=faker.street_address(),
            postal_code=faker.postcode(),
            post_office=faker.city(),
            source=Source.YTJ_PRH,
        )
        contact_point_create(
            actor=actor, party=org.party, kind="email", email=f"info{k + 1}@example.fi"
        )
        for kind in rng.sample(list(ContactKind.values), k=rng.randint(1, 3)):
            if not people:
                break
            organisation_contact_add(
                actor=actor,
                person=rng.choice(people),
                organisation=org,
                kind=kind,
                title=faker.job()[:200],
            )
        result.organisations_created += 1


def _ytunnus(base: int) -> str | None:
    """A valid Y-tunnus for a 7-digit base number (LEGAL.md §4.2), or None if none exists."""
    digits = f"{base:07d}"
    total = sum(int(d) * w for d, w in zip(digits, [7, 9, 10, 5, 8, 4, 2], strict=True))
    remainder = total % 11
    if remainder == 1:
        return None
    check = 0 if remainder == 0 else 11 - remainder
    return f"{digits}-{check}"
