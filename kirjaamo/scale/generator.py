"""The scale generator: a large, realistic, synthetic register, written fast.

`register_generate` builds N persons with everything a regional operator's register holds:
customer roles with customer numbers, contact points (address, phone in E.164, e-mail), ~1.1 N
contracts with products, connections, some IP assignments and equipment, ~5 N invoices with a few
collection cases and service blocks, ~5 % N organisations with contact persons, notes and
message metadata.

Rules (the command's help repeats them):
- Synthetic data only: names from Faker's fi_FI/sv_SE word lists (kirjaamo.scale.pools), valid
  but random HETUs (kirjaamo.lib.synthetic), reserved e-mail domains, RFC 6598/3849 addresses.
- Derived columns are computed exactly as the services compute them: `search_name` and
  `search_text` with kirjaamo.lib.text.fold, the HETU encrypted with kirjaamo.lib.crypto under the
  same field name and found by the same blind index, post offices upper-cased, phones in E.164.
  The application therefore decrypts and finds generated persons like any other
  (tests/test_generator.py compares generated rows with rows made by the services).
- It refuses to write into a register that already has parties, contracts or invoices unless
  `append=True`; generated numbers (customer "G…", contract "GS…", connection "GL…", invoice
  "GI…") are derived from the reserved ids, so appending never reuses one.
- Everything is one transaction: on any error nothing is written. Other writers to the same
  tables wait until it commits; readers are not blocked except during a fresh PostgreSQL load,
  when the secondary indexes are dropped and rebuilt (`index_mode`).
- One audit event, `register.generated`, records the counts and id ranges. No change-history
  rows are written: the history records changes made to a person's data by someone, and a bulk
  load of synthetic data is no such change; writing ~10 history rows per person would double
  the size and the load time of the register without recording anything a reviewer needs.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.communications.choices import Direction, MessageChannel
from kirjaamo.communications.models import Message, Note
from kirjaamo.contracts.choices import BlockReason, ContractRoleKind, EquipmentKind, ProductKind
from kirjaamo.contracts.models import (
    Connection,
    Contract,
    ContractProduct,
    ContractRole,
    Equipment,
    IpAssignment,
    Product,
    ServiceBlock,
)
from kirjaamo.contracts.services import product_create
from kirjaamo.lib import crypto
from kirjaamo.lib.synthetic import hetu_for
from kirjaamo.lib.text import fold
from kirjaamo.parties.choices import (
    ContactKind,
    ContactPointKind,
    ContactPointUse,
    CustomerSegment,
    Language,
    PartyKind,
    Source,
)
from kirjaamo.parties.models import (
    ContactPoint,
    Customer,
    Organisation,
    OrganisationContact,
    Party,
    Person,
)
from kirjaamo.parties.services import HETU_FIELD, hetu_index_of
from kirjaamo.scale import pools as pool_module
from kirjaamo.scale.sinks import (
    MODELS,
    BulkCreateSink,
    CopySink,
    IdRanges,
    Row,
    SecondaryIndexes,
    Sink,
    analyze,
    check_columns,
    lock_tables,
)

# The product catalogue the generated contracts use; existing products with these codes (e.g.
# from the demo) are reused, missing ones are created through the audited product service.
PRODUCTS = (
    ("KUITU100", "Kuitu 100M", ProductKind.BROADBAND),
    ("KUITU1000", "Kuitu 1G", ProductKind.BROADBAND),
    ("MOBIILI", "Mobiililiittymä", ProductKind.MOBILE),
    ("PUHELIN", "Kiinteä puhelin", ProductKind.FIXED_PHONE),
    ("TV", "TV-paketti", ProductKind.TV),
    ("HOTELLI", "Web-hotelli", ProductKind.HOSTING),
)
MOBILE_PREFIXES = ("+35840", "+35841", "+35844", "+35845", "+35846", "+35850")
ORGANISATION_EVERY = 20  # one organisation per 20 persons = 5 % N
INDEX_MODES = ("auto", "rebuild", "keep")
_UTC = dt.UTC


class GenerateError(Exception):
    """The generator refused to run; str(error) says why and what to do."""


@dataclass
class GenerateResult:
    persons: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    index_mode: str = "keep"
    phase_seconds: dict[str, float] = field(default_factory=dict)
    index_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def register_is_empty() -> bool:
    return not (Party.objects.exists() or Contract.objects.exists() or Invoice.objects.exists())


def _ytunnus(base: int) -> str | None:
    """A valid Y-tunnus for a 7-digit base number (LEGAL.md §4.2), or None if none exists."""
    digits = f"{base:07d}"
    total = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True))
    remainder = total % 11
    if remainder == 1:
        return None
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def _email_word(text: str) -> str:
    folded = fold(text).replace(" ", "")
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "-")).strip("-")


class _Builder:
    """Builds the rows of one batch at a time; holds the random state and id counters."""

    def __init__(
        self,
        *,
        seed: int,
        ids: IdRanges,
        products: list[Product],
        today: dt.date,
        taken_hetu_indexes: set[str],
        taken_business_ids: set[str],
    ) -> None:
        self.rng = random.Random(seed)
        self.ids = ids
        self.pools = pool_module.pools()
        self.today = today
        self.rows: dict[type[Model], list[Row]] = {m: [] for m in MODELS}
        self.used_hetus: set[int] = set()
        self.taken_hetu_indexes = taken_hetu_indexes
        self.taken_business_ids = taken_business_ids
        self.broadband = [p.pk for p in products if p.kind == ProductKind.BROADBAND]
        self.other_products = [p.pk for p in products if p.kind != ProductKind.BROADBAND]
        self.partners: list[int] = []
        self.batch_persons: list[int] = []
        self.counts: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------------------

    def _pick(self, seq: Sequence[str]) -> str:
        return seq[int(self.rng.random() * len(seq))]

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = (end - start).days
        if span <= 0:
            return start
        return start + dt.timedelta(days=int(self.rng.random() * (span + 1)))

    def _at(self, day: dt.date, hour: int = 12) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=_UTC)

    def take_rows(self) -> dict[type[Model], list[Row]]:
        rows = self.rows
        self.rows = {m: [] for m in MODELS}
        for model, batch in rows.items():
            label = model._meta.label
            self.counts[label] = self.counts.get(label, 0) + len(batch)
        return rows

    # -- identity --------------------------------------------------------------------------

    def _hetu(self) -> tuple[str, dt.date]:
        rnd = self.rng.random
        base = self.today.toordinal()
        while True:
            ordinal = base - 18 * 365 - int(rnd() * 72 * 365)
            individual = 2 + int(rnd() * 898)
            key = ordinal * 1000 + individual
            if key in self.used_hetus:
                continue
            birth = dt.date.fromordinal(ordinal)
            sign = None
            if rnd() < 0.005:  # the century signs introduced in 2023 (LEGAL.md §4.1)
                sign = self._pick("YXWVU" if birth.year < 2000 else "BCDEF")
            hetu = hetu_for(birth, individual, sign=sign)
            if self.taken_hetu_indexes and hetu_index_of(hetu) in self.taken_hetu_indexes:
                continue
            self.used_hetus.add(key)
            return hetu, birth

    def _party(self, kind: str, search_name: str, since: dt.date) -> int:
        party_id = self.ids.take(Party)
        created = self._at(since, 9)
        self.rows[Party].append((party_id, kind, search_name, created, created))
        return party_id

    def _address(self) -> tuple[str, str, str]:
        rnd = self.rng.random
        street = f"{self._pick(self.pools.streets)} {1 + int(rnd() * 120)}"
        if rnd() < 0.4:
            street += f" {'ABCDEF'[int(rnd() * 6)]} {1 + int(rnd() * 40)}"
        postal = f"{int(rnd() * 99):02d}{1 + int(rnd() * 9)}{int(rnd() * 10)}0"
        return street, postal, self._pick(self.pools.cities).upper()

    def _contact_points(
        self,
        party_id: int,
        *,
        address: tuple[str, str, str],
        email: str | None,
        phone: bool,
        source: str,
        obtained: dt.datetime,
    ) -> None:
        rows = self.rows[ContactPoint]
        take = self.ids.take
        street, postal, office = address
        rows.append((
            take(ContactPoint), party_id, ContactPointKind.ADDRESS, ContactPointUse.GENERAL,
            street, postal, office, "FI", "", "", source, obtained,
            fold(f"{street} {postal} {office}"),
        ))  # fmt: skip
        if phone:
            rnd = self.rng.random
            number = f"{self._pick(MOBILE_PREFIXES)}{1000000 + int(rnd() * 9000000)}"
            rows.append((
                take(ContactPoint), party_id, ContactPointKind.PHONE, ContactPointUse.GENERAL,
                "", "", "", "", number, "", Source.DATA_SUBJECT, obtained, "",
            ))  # fmt: skip
        if email:
            rows.append((
                take(ContactPoint), party_id, ContactPointKind.EMAIL, ContactPointUse.GENERAL,
                "", "", "", "", "", email, Source.DATA_SUBJECT, obtained, email.casefold(),
            ))  # fmt: skip

    # -- persons ---------------------------------------------------------------------------

    def person(self, number_in_run: int) -> None:
        rng, rnd, pools = self.rng, self.rng.random, self.pools
        roll = rnd()
        language = Language.FI if roll < 0.88 else Language.SV if roll < 0.98 else Language.EN
        female = rnd() < 0.5
        if language == Language.SV:
            names = pools.sv_female if female else pools.sv_male
            last = self._pick(pools.sv_last if rnd() < 0.7 else pools.fi_last)
        else:
            names = pools.fi_female if female else pools.fi_male
            last = self._pick(pools.fi_last)
        first = self._pick(names)
        if rnd() < 0.35:
            second = self._pick(names)
            if second != first:
                first = f"{first} {second}"
        if rnd() < 0.02:
            last = f"{last}-{self._pick(pools.fi_last)}"
        hetu, birth = self._hetu()
        profession = self._pick(pools.jobs) if rnd() < 0.3 else ""
        adult = birth + dt.timedelta(days=18 * 365)
        since = self._date_between(
            max(adult, dt.date(2005, 1, 1)), self.today - dt.timedelta(days=30)
        )
        ended = self._date_between(since, self.today) if rnd() < 0.05 else None
        party_id = self._party(PartyKind.PERSON, fold(f"{first} {last}"), since)
        self.rows[Person].append((
            party_id, first, last, crypto.encrypt(hetu, field=HETU_FIELD), hetu_index_of(hetu),
            False, birth, language, profession,
        ))  # fmt: skip
        partner = None
        if self.partners and rnd() < 0.02:
            partner = self.partners[int(rnd() * len(self.partners))]
        customer_id = self.ids.take(Customer)
        self.rows[Customer].append((
            customer_id, party_id, f"G{customer_id:07d}", CustomerSegment.CONSUMER, partner,
            since, ended,
        ))  # fmt: skip
        address = self._address()
        email = None
        if rnd() < 0.85:
            word_first = _email_word(first.split(" ")[0]) or "asiakas"
            word_last = _email_word(last) or "asiakas"
            style = rnd()
            if style < 0.5:
                local = f"{word_first}.{word_last}"
            elif style < 0.8:
                local = f"{word_first}.{word_last}{int(rnd() * 100)}"
            else:
                local = f"{word_first[:1]}{word_last}{1 + int(rnd() * 999)}"
            email = f"{local}@{self._pick(pool_module.EMAIL_DOMAINS)}"
        obtained = self._at(since, 10)
        source = Source.POPULATION_REGISTER if rnd() < 0.3 else Source.DATA_SUBJECT
        self._contact_points(
            party_id, address=address, email=email, phone=rnd() < 0.95, source=source,
            obtained=obtained,
        )  # fmt: skip
        contracts = 2 if rnd() < 0.05 else 1
        for _n in range(contracts):
            self.contract(party_id, since, ended, address)
        if rnd() < 0.15:
            category, text = pool_module.NOTE_TEXTS[int(rnd() * len(pool_module.NOTE_TEXTS))]
            created = self._at(self._date_between(since, self.today), 11)
            self.rows[Note].append((self.ids.take(Note), party_id, category, text, None, created))
        if rnd() < 0.1:
            occurred = self._at(self._date_between(since, self.today), 14)
            self.rows[Message].append((
                self.ids.take(Message), party_id,
                MessageChannel.EMAIL if rnd() < 0.6 else MessageChannel.SMS,
                Direction.OUTBOUND if rnd() < 0.7 else Direction.INBOUND, occurred,
                self._pick(pool_module.MESSAGE_SUBJECTS),
            ))  # fmt: skip
        self.batch_persons.append(party_id)
        if number_in_run % ORGANISATION_EVERY == 0:
            self.organisation(rng)

    # -- organisations ---------------------------------------------------------------------

    def organisation(self, rng: random.Random) -> None:
        rnd = rng.random
        name = self._pick(self.pools.companies)
        while True:
            business_id = _ytunnus(1000000 + int(rnd() * 8999999))
            if business_id is not None and business_id not in self.taken_business_ids:
                self.taken_business_ids.add(business_id)
                break
        since = self._date_between(dt.date(2005, 1, 1), self.today - dt.timedelta(days=30))
        party_id = self._party(PartyKind.ORGANISATION, fold(name), since)
        self.rows[Organisation].append((party_id, name, business_id, ""))
        customer_id = self.ids.take(Customer)
        self.rows[Customer].append((
            customer_id, party_id, f"G{customer_id:07d}", CustomerSegment.BUSINESS, None, since,
            None,
        ))  # fmt: skip
        slug = _email_word(name.split(" ")[0]) or "yritys"
        address = self._address()
        self._contact_points(
            party_id, address=address, email=f"info@{slug}.example.fi", phone=True,
            source=Source.YTJ_PRH, obtained=self._at(since, 10),
        )  # fmt: skip
        persons = self.batch_persons[-ORGANISATION_EVERY:]
        for kind in rng.sample(list(ContactKind.values), k=1 + int(rnd() * 3)):
            if not persons:
                break
            self.rows[OrganisationContact].append((
                self.ids.take(OrganisationContact), persons[int(rnd() * len(persons))], party_id,
                kind, self._pick(self.pools.jobs), since, None,
            ))  # fmt: skip
        for _n in range(2 if rnd() < 0.1 else 1):
            self.contract(party_id, since, None, address)
        if len(self.partners) < 10:
            self.partners.append(party_id)

    # -- contracts and billing -------------------------------------------------------------

    def contract(
        self, party_id: int, since: dt.date, ended: dt.date | None, address: tuple[str, str, str]
    ) -> None:
        rnd, take, rows, today = self.rng.random, self.ids.take, self.rows, self.today
        opened = self._date_between(since, today - dt.timedelta(days=20))
        terminated = ended if ended is not None and ended >= opened else None
        if terminated is None and rnd() < 0.04:
            terminated = self._date_between(opened, today)
        contract_id = take(Contract)
        rows[Contract].append((
            contract_id, f"GS{contract_id:08d}", self._pick(pool_module.SELLERS), opened,
            terminated, self._at(opened, 8),
        ))  # fmt: skip
        rows[ContractRole].append(
            (take(ContractRole), contract_id, party_id, ContractRoleKind.HOLDER, opened, terminated)
        )
        rows[ContractRole].append(
            (take(ContractRole), contract_id, party_id, ContractRoleKind.PAYER, opened, terminated)
        )
        broadband = rnd() < 0.7
        product = self.broadband if broadband else self.other_products
        rows[ContractProduct].append(
            (take(ContractProduct), contract_id, product[int(rnd() * len(product))], opened,
             terminated)
        )  # fmt: skip
        if rnd() < 0.5:
            extra = self.other_products[int(rnd() * len(self.other_products))]
            rows[ContractProduct].append(
                (take(ContractProduct), contract_id, extra, opened, terminated)
            )
        street, postal, office = address if rnd() < 0.85 else self._address()
        connection_id = take(Connection)
        activated = opened + dt.timedelta(days=1 + int(rnd() * 14))
        if terminated is not None and activated > terminated:
            activated = terminated
        rows[Connection].append((
            connection_id, contract_id, f"GL{connection_id:08d}", street, postal, office,
            activated, terminated, fold(f"{street} {postal} {office}"),
        ))  # fmt: skip
        if broadband and rnd() < 0.6:
            self._ip(connection_id, activated, terminated)
        if rnd() < 0.6:
            kind = EquipmentKind.ROUTER if broadband else EquipmentKind.SET_TOP_BOX
            if broadband and rnd() < 0.4:
                kind = EquipmentKind.ONT
            rows[Equipment].append((
                take(Equipment), contract_id, kind, f"SN{int(rnd() * 10**10):010d}", opened,
                terminated,
            ))  # fmt: skip
        self._invoices(party_id, contract_id, opened, terminated)

    def _ip(self, connection_id: int, activated: dt.date, closed: dt.date | None) -> None:
        rnd = self.rng.random
        start = self._at(activated, 6)
        end = self._at(closed, 23) if closed is not None else None
        if rnd() < 0.2:  # an earlier address, changed half-way
            middle = self._at(self._date_between(activated, closed or self.today), 18)
            self.rows[IpAssignment].append(
                (self.ids.take(IpAssignment), connection_id, self._address_v4(), start, middle)
            )
            start = middle
        address = self._address_v6() if rnd() < 0.1 else self._address_v4()
        self.rows[IpAssignment].append((self.ids.take(IpAssignment), connection_id, address,
                                        start, end))  # fmt: skip

    def _address_v4(self) -> str:
        # 100.64.0.0/10, the shared address space operators use for carrier-grade NAT.
        value = int(self.rng.random() * (1 << 22))
        return f"100.{64 + (value >> 16)}.{(value >> 8) & 255}.{value & 255 or 1}"

    def _address_v6(self) -> str:
        # 2001:db8::/32, the documentation prefix; one /56 per customer.
        value = int(self.rng.random() * (1 << 24))
        return f"2001:db8:{value >> 8:x}:{(value & 255) << 8:x}::1"

    def _invoices(
        self, party_id: int, contract_id: int, opened: dt.date, terminated: dt.date | None
    ) -> None:
        rnd, take, today = self.rng.random, self.ids.take, self.today
        invoices, cases = self.rows[Invoice], self.rows[CollectionCase]
        months = 3 + int(rnd() * 5)  # 3–7 monthly invoices, 5 on average
        last = terminated or today
        amount = 1990 + 1000 * int(rnd() * 7)
        blocked = False
        for month in range(months, 0, -1):
            issued = last - dt.timedelta(days=30 * month)
            if issued < opened:
                continue
            due = issued + dt.timedelta(days=14)
            paid_on = None
            roll = rnd()
            if due >= today:
                status = InvoiceStatus.OPEN
            elif roll < 0.9:
                status = InvoiceStatus.PAID
                paid_on = max(issued, due - dt.timedelta(days=int(rnd() * 10)))
            elif roll < 0.93:
                status = InvoiceStatus.CREDITED
            else:
                status = InvoiceStatus.OPEN
            invoice_id = take(Invoice)
            handover = due + dt.timedelta(days=45)
            if status == InvoiceStatus.OPEN and handover < today and rnd() < 0.15:
                status = InvoiceStatus.IN_COLLECTION
                cases.append((
                    take(CollectionCase), invoice_id, self._pick(pool_module.AGENCIES), handover,
                    None,
                ))  # fmt: skip
                if not blocked and terminated is None:
                    blocked = True
                    self.rows[ServiceBlock].append((
                        take(ServiceBlock), contract_id, BlockReason.UNPAID,
                        self._at(handover, 7), None,
                    ))  # fmt: skip
            invoices.append((
                invoice_id, f"GI{invoice_id:09d}", party_id, contract_id, issued, due,
                amount + int(rnd() * 100), status, paid_on,
            ))  # fmt: skip


def _products(actor: Actor) -> list[Product]:
    existing = {p.code: p for p in Product.objects.filter(code__in=[c for c, _n, _k in PRODUCTS])}
    out = []
    for code, name, kind in PRODUCTS:
        out.append(
            existing.get(code) or product_create(actor=actor, code=code, name=name, kind=kind)
        )
    return out


def _resolve_index_mode(index_mode: str, *, empty: bool) -> str:
    if index_mode not in INDEX_MODES:
        raise GenerateError(
            _("Unknown index mode %(mode)s; use one of: %(modes)s.")
            % {"mode": index_mode, "modes": ", ".join(INDEX_MODES)}
        )
    if connection.vendor != "postgresql":
        return "keep"
    if index_mode == "auto":
        return "rebuild" if empty else "keep"
    return index_mode


@transaction.atomic
def register_generate(
    *,
    actor: Actor,
    persons: int,
    seed: int = 2026,
    batch: int = 10_000,
    append: bool = False,
    index_mode: str = "auto",
    progress: Callable[[int], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Generate `persons` synthetic persons and everything around them (see the module doc).

    Raises GenerateError (nothing written) if the register is not empty and `append` is False,
    or on bad arguments. `progress(n)` is called after each batch with the persons written so far.
    """
    if persons < 1:
        raise GenerateError(_("--persons must be at least 1."))
    if batch < 1:
        raise GenerateError(_("--batch must be at least 1."))
    check_columns()
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        if on_phase is not None:
            on_phase(name)

    lock_tables()
    empty = register_is_empty()
    if not empty and not append:
        raise GenerateError(
            _(
                "The register already holds parties, contracts or invoices. The generator only "
                "fills an empty register; pass --append to add synthetic data next to what is "
                "there."
            )
        )
    mode = _resolve_index_mode(index_mode, empty=empty)
    products = _products(actor)
    taken_hetus: set[str] = set()
    taken_business_ids: set[str] = set()
    if not empty:
        taken_hetus = {
            index for index in Person.objects.values_list("hetu_index", flat=True) if index
        }
        taken_business_ids = {
            bid for bid in Organisation.objects.values_list("business_id", flat=True) if bid
        }
    ids = IdRanges()
    first_party = ids.next[Party]
    indexes = SecondaryIndexes()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Session-local for this transaction only; the server's settings are untouched.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
    if mode == "rebuild":
        phase("drop indexes")
        t0 = time.perf_counter()
        indexes.drop()
        phases["drop_indexes"] = time.perf_counter() - t0
    sink: Sink = CopySink() if connection.vendor == "postgresql" else BulkCreateSink()
    builder = _Builder(
        seed=seed,
        ids=ids,
        products=products,
        today=timezone.localdate(),
        taken_hetu_indexes=taken_hetus,
        taken_business_ids=taken_business_ids,
    )
    phase("load rows")
    t0 = time.perf_counter()
    done = 0
    while done < persons:
        size = min(batch, persons - done)
        builder.batch_persons = []
        for n in range(done + 1, done + size + 1):
            builder.person(n)
        for model, rows in builder.take_rows().items():
            sink.write(model, rows)
        done += size
        if progress is not None:
            progress(done)
    phases["load"] = time.perf_counter() - t0
    if mode == "rebuild":
        phase("rebuild indexes")
        t0 = time.perf_counter()
        indexes.recreate()
        phases["rebuild_indexes"] = time.perf_counter() - t0
    ids.advance_sequences()
    phase("analyze")
    t0 = time.perf_counter()
    analyze()
    phases["analyze"] = time.perf_counter() - t0
    counts = builder.counts
    detail: dict[str, Any] = {
        "persons": persons,
        "organisations": counts.get(Organisation._meta.label, 0),
        "contracts": counts.get(Contract._meta.label, 0),
        "invoices": counts.get(Invoice._meta.label, 0),
        "contact_points": counts.get(ContactPoint._meta.label, 0),
        "rows": sum(counts.values()),
        "seed": seed,
        "first_party_id": first_party,
        "last_party_id": ids.next[Party] - 1,
        "index_mode": mode,
        # Timings, so a later benchmark of this register can report how long the load took.
        "seconds": round(time.perf_counter() - started, 1),
        **{f"{name}_seconds": round(sec, 1) for name, sec in phases.items()},
    }
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="register.generated",
        entity="parties.Party",
        detail=detail,
    )
    return GenerateResult(
        persons=persons,
        counts=dict(counts),
        seconds=time.perf_counter() - started,
        index_mode=mode,
        phase_seconds=phases,
        index_seconds=dict(indexes.timings),
    )
