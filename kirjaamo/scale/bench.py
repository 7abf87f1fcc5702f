"""The scale benchmark: search, customer card and import, measured on the current database.

`run_bench` measures, at whatever size the register has (generating it first when it is
empty):

- search p50/p95 per kind of query (HETU, Y-tunnus, phone in national and E.164 form, e-mail
  prefix, customer/contract/connection number, name substring, names with diacritics, two-token
  names, street address, address substring, IP address); queries are drawn at random from the
  data (hits) plus 10 % misses, and every query runs through `register_search` and through the
  floor (kirjaamo.scale.baselines.FloorSearch), interleaved so both see the same machine load;
  a few queries per kind also run through the Django-admin-style search;
- the customer card: GET of `parties:card` through Django's test client as a customer-service
  user (session, gates, all card sections the role sees, template, and the consultation audit
  event the view writes);
- import: a synthetic persons CSV through `kirjaamo.imports.services.import_file` (validated and
  written), rolled back afterwards so repeated runs measure the same register.

The benchmark writes audit events (the card views; the bench user's creation) but no register
data. Timings are wall-clock, per call, in milliseconds.
"""

from __future__ import annotations

import cProfile
import csv
import datetime as dt
import math
import os
import platform
import pstats
import random
import re
import secrets
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import django
from django.db import connection, transaction
from django.db.models import Max, Min, Model, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kirjaamo.accounts.choices import Role
from kirjaamo.accounts.models import User
from kirjaamo.accounts.services import user_create
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.audit.models import AuditEvent, AuditSubject
from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import Connection, Contract, IpAssignment
from kirjaamo.history.models import FieldChange
from kirjaamo.lib import crypto
from kirjaamo.lib.identifiers import phone_display
from kirjaamo.lib.synthetic import random_hetu, random_mobile
from kirjaamo.parties.choices import ContactPointKind
from kirjaamo.parties.models import ContactPoint, Customer, Organisation, Party, Person
from kirjaamo.parties.selectors import HETU_FIELD
from kirjaamo.scale.baselines import FloorSearch, admin_style_search
from kirjaamo.scale.generator import GenerateResult, _ytunnus
from kirjaamo.scale.sinks import MODELS
from kirjaamo.search.selectors import register_search

BENCH_USERNAME = "bench-asiakaspalvelu"
MISS_SHARE = 0.1
SEARCH_TARGET_MS = 20.0
CARD_TARGET_MS = 60.0
IMPORT_TARGET_ROWS_S = 5000.0
FLOOR_TARGET_RATIO = 2.0
BASELINE_TARGET_RATIO = 100.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Samples:
    ms: list[float] = field(default_factory=list)
    timeouts: int = 0

    @property
    def p50(self) -> float:
        return percentile(self.ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.ms, 95)

    @property
    def n(self) -> int:
        return len(self.ms)


@dataclass
class Query:
    text: str
    hit: bool  # drawn from the data (True) or made up to miss (False)


@dataclass
class SearchMeasure:
    key: str
    title: str
    queries: list[Query]
    ours: Samples = field(default_factory=Samples)
    floor: Samples = field(default_factory=Samples)
    baseline: Samples = field(default_factory=Samples)
    baseline_queries: int = 0
    found: int = 0  # drawn queries for which register_search found someone
    baseline_found: int = 0  # baseline queries (drawn) for which the admin search found someone
    baseline_drawn: int = 0
    disagreements: int = 0  # queries where ours and the floor returned different parties
    too_short: int = 0  # drawn queries shorter than the search accepts
    slowest: str = ""  # the query of the slowest `ours` run, for EXPLAIN (never written out)

    @property
    def drawn(self) -> int:
        return sum(1 for q in self.queries if q.hit)

    @property
    def floor_ratio(self) -> float:
        return self.ours.p95 / self.floor.p95 if self.floor.p95 else 0.0

    @property
    def floor_ratio_p50(self) -> float:
        return self.ours.p50 / self.floor.p50 if self.floor.p50 else 0.0

    @property
    def baseline_ratio(self) -> float:
        return self.baseline.p50 / self.ours.p50 if self.ours.p50 and self.baseline.n else 0.0


@dataclass
class CardMeasure:
    samples: Samples
    failures: int = 0
    statements: float = 0.0  # SQL statements per request (median of a separate pass)
    sql_ms: float = 0.0  # time spent in those statements per request (median)


@dataclass
class ImportMeasure:
    rows: int
    seconds: float
    created: int
    ok: bool
    profile: str = ""  # where the time goes, when the target is missed
    profile_rows: int = 0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class BenchConfig:
    runs: int = 200
    baseline_runs: int = 5
    baseline_timeout_s: float = 120.0
    import_rows: int = 20_000
    seed: int = 2026
    card: bool = True
    imports: bool = True
    baseline: bool = True


@dataclass
class BenchReport:
    started_at: dt.datetime
    vendor: str
    machine: dict[str, str]
    counts: dict[str, int]
    config: BenchConfig
    search: list[SearchMeasure] = field(default_factory=list)
    card: CardMeasure | None = None
    card_note: str = ""
    imports: ImportMeasure | None = None
    import_note: str = ""
    generate: GenerateResult | None = None
    generate_note: str = ""
    index_experiment: dict[str, GenerateResult] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    seconds: float = 0.0

    @property
    def persons(self) -> int:
        return self.counts.get(Person._meta.label, 0)


Log = Callable[[str], None]


# -- machine and dataset ---------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load_average() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine_info() -> dict[str, str]:
    import psycopg

    info = {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count() or "unknown"),
        "RAM": _memory(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "psycopg": psycopg.__version__,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["PostgreSQL"] = str(cursor.fetchone()[0])
            for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {name}")
                info[f"PostgreSQL {name}"] = str(cursor.fetchone()[0])
        else:
            cursor.execute("SELECT sqlite_version()")
            info["SQLite"] = str(cursor.fetchone()[0])
    return info


def dataset_counts() -> dict[str, int]:
    models: list[type[Model]] = [*MODELS, FieldChange, AuditEvent, AuditSubject]
    return {m._meta.label: m._default_manager.count() for m in models}


# -- queries ---------------------------------------------------------------------------------


def _random_rows(
    rng: random.Random, model: type[Model], fields: tuple[str, ...], n: int, condition: Q
) -> list[tuple[Any, ...]]:
    """About `n` random rows of `model` matching `condition`: random ids in the id range, so no
    ORDER BY random() over a million rows."""
    manager = model._default_manager
    bounds = manager.filter(condition).aggregate(lo=Min("pk"), hi=Max("pk"))
    lo, hi = bounds["lo"], bounds["hi"]
    if lo is None:
        return []
    seen: set[Any] = set()
    out: list[tuple[Any, ...]] = []
    for attempt in range(10):
        ids = {rng.randint(lo, hi) for _ in range(max(4 * n, 64) * 2**attempt)} - seen
        seen |= ids
        rows = manager.filter(condition, pk__in=ids).order_by().values_list("pk", *fields)
        out += [tuple(r[1:]) for r in rows[: n - len(out)]]
        if len(out) >= n or len(seen) > hi - lo:
            break
    return out


def _split(runs: int) -> tuple[int, int]:
    misses = max(1, round(runs * MISS_SHARE)) if runs > 1 else 0
    return runs - misses, misses


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("qxzwvjk") for _ in range(n))


def build_queries(rng: random.Random, runs: int) -> list[SearchMeasure]:
    """The query sets per kind: hits drawn from the register, misses made up."""
    hits_n, misses_n = _split(runs)
    persons = _random_rows(rng, Person, ("first_names", "last_name", "hetu_encrypted"), hits_n, Q())
    measures: list[SearchMeasure] = []

    def add(key: str, title: str, hits: list[str], misses: list[str]) -> None:
        queries = [Query(h, True) for h in hits[:hits_n]] + [Query(m, False) for m in misses]
        rng.shuffle(queries)
        measures.append(SearchMeasure(key=key, title=title, queries=queries))

    hetus = [crypto.decrypt(bytes(blob), field=HETU_FIELD) for _f, _l, blob in persons if blob]
    missing_hetus: list[str] = []
    while len(missing_hetus) < misses_n:
        hetu = random_hetu(rng)
        index = crypto.blind_index(hetu, field=HETU_FIELD)
        if not Person.objects.filter(hetu_index=index).exists():
            missing_hetus.append(hetu)
    add("hetu", "HETU (exact, blind index)", hetus, missing_hetus)

    orgs = [b for (b,) in _random_rows(rng, Organisation, ("business_id",), hits_n, Q()) if b]
    missing_ids: list[str] = []
    while len(missing_ids) < misses_n:
        candidate = _ytunnus(1000000 + rng.randint(0, 8999999))
        if candidate and not Organisation.objects.filter(business_id=candidate).exists():
            missing_ids.append(candidate)
    add("business_id", "Y-tunnus (exact)", orgs, missing_ids)

    phones = [
        p
        for (p,) in _random_rows(
            rng, ContactPoint, ("phone",), hits_n, Q(kind=ContactPointKind.PHONE)
        )
    ]
    missing_phones: list[str] = []
    while len(missing_phones) < misses_n:
        national = random_mobile(rng)
        e164 = "+358" + national.replace(" ", "")[1:]
        if not ContactPoint.objects.filter(phone=e164).exists():
            missing_phones.append(e164)
    add(
        "phone_national",
        "phone, national form (040 123 4567)",
        [phone_display(p) for p in phones],
        [phone_display(p) for p in missing_phones],
    )
    add("phone_e164", "phone, E.164 (+358401234567)", phones, missing_phones)

    emails = [
        e
        for (e,) in _random_rows(
            rng, ContactPoint, ("email",), hits_n, Q(kind=ContactPointKind.EMAIL)
        )
    ]
    prefixes = []
    for email in emails:
        at = email.index("@")
        prefixes.append(email[: at + 1 + rng.randint(0, len(email) - at - 1)])
    add(
        "email_prefix",
        "e-mail prefix (up to the @ and part of the domain)",
        prefixes,
        [f"{_letters(rng, 6)}.{_letters(rng, 5)}@ex" for _ in range(misses_n)],
    )

    high = Customer.objects.aggregate(hi=Max("pk"))["hi"] or 0
    numbers = [c for (c,) in _random_rows(rng, Customer, ("customer_number",), hits_n, Q())]
    add(
        "customer_number",
        "customer number",
        numbers,
        [f"G{high + 10**7 + rng.randint(0, 10**6)}" for _ in range(misses_n)],
    )
    high = Contract.objects.aggregate(hi=Max("pk"))["hi"] or 0
    contracts = [c for (c,) in _random_rows(rng, Contract, ("number",), hits_n, Q())]
    add(
        "contract_number",
        "contract number",
        contracts,
        [f"GS{high + 10**8 + rng.randint(0, 10**6)}" for _ in range(misses_n)],
    )
    connections = [c for (c,) in _random_rows(rng, Connection, ("connection_number",), hits_n, Q())]
    add(
        "connection_number",
        "connection number",
        connections,
        [f"GL{high + 10**8 + rng.randint(0, 10**6)}" for _ in range(misses_n)],
    )

    substrings = []
    for _first, last, _blob in persons:
        word = last.split("-")[0].lower()
        size = min(len(word), rng.randint(4, 7))
        start = 0 if rng.random() < 0.5 else rng.randint(0, len(word) - size)
        substrings.append(word[start : start + size])
    add(
        "name_substring",
        "name substring (prefix or inside a surname)",
        substrings,
        [_letters(rng, 6) for _ in range(misses_n)],
    )

    diacritic_rows = _random_rows(
        rng,
        Person,
        ("last_name",),
        hits_n,
        Q(last_name__contains="ä") | Q(last_name__contains="ö") | Q(last_name__contains="å"),
    )
    diacritics = ["mäki"]
    for (last,) in diacritic_rows:
        word = next(part for part in last.lower().split("-") if set(part) & set("äöå"))
        pos = next(i for i, ch in enumerate(word) if ch in "äöå")
        size = min(len(word), rng.randint(4, 6))
        start = max(0, min(pos - rng.randint(1, 3), len(word) - size))
        diacritics.append(word[start : start + size])
    add(
        "name_diacritics",
        'name with diacritics ("mäki" and substrings around ä/ö/å)',
        diacritics,
        [f"{_letters(rng, 3)}ä{_letters(rng, 2)}" for _ in range(misses_n)],
    )

    add(
        "name_two_tokens",
        'two-token name ("first last")',
        [f"{first.split(' ')[0]} {last}" for first, last, _blob in persons],
        [f"{_letters(rng, 5).title()} {_letters(rng, 7).title()}" for _ in range(misses_n)],
    )

    streets = [
        s
        for (s,) in _random_rows(
            rng, ContactPoint, ("street",), hits_n, Q(kind=ContactPointKind.ADDRESS)
        )
    ]
    add(
        "street_address",
        "street address (street and number, as typed)",
        streets,
        [f"{_letters(rng, 8).title()}katu {rng.randint(1, 300)}" for _ in range(misses_n)],
    )
    inside = []
    for street in streets:
        name, _sep, rest = street.partition(" ")
        cut = min(len(name) - 3, rng.randint(3, 6))
        inside.append(f"{name[max(cut, 1) :]} {rest.split(' ')[0]}".strip())
    add(
        "address_substring",
        "address substring (end of a street name and number)",
        inside,
        [f"{_letters(rng, 5)}katu {rng.randint(1, 300)}" for _ in range(misses_n)],
    )

    ips = [str(a) for (a,) in _random_rows(rng, IpAssignment, ("address",), hits_n, Q())]
    add(
        "ip",
        "IP address (who had it)",
        ips,
        [f"198.18.{rng.randint(0, 255)}.{rng.randint(1, 254)}" for _ in range(misses_n)],
    )
    return measures


# -- measuring -------------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def measure_search(measures: list[SearchMeasure], config: BenchConfig, log: Log) -> None:
    floor = FloorSearch()
    for measure in measures:
        # Warm-up: the first queries of each kind load index pages into the caches.
        for query in measure.queries[:20]:
            register_search(query.text)
            floor.search(query.text)
        slowest = -1.0
        for i, query in enumerate(measure.queries):
            pair: list[tuple[str, Callable[[], Any]]] = [
                ("ours", partial(register_search, query.text)),
                ("floor", partial(floor.search, query.text)),
            ]
            if i % 2:
                pair.reverse()  # alternate the order so neither always runs on a warmer cache
            results: dict[str, Any] = {}
            for name, fn in pair:
                ms, results[name] = _timed(fn)
                (measure.ours if name == "ours" else measure.floor).ms.append(ms)
                if name == "ours" and ms > slowest:
                    slowest, measure.slowest = ms, query.text
            ours_ids = set(results["ours"].party_ids)
            if ours_ids != set(results["floor"]):
                measure.disagreements += 1
            if query.hit and ours_ids:
                measure.found += 1
            if query.hit and results["ours"].too_short:
                measure.too_short += 1
        log(
            f"  {measure.key:<18} ours p50 {measure.ours.p50:7.2f} ms  p95 {measure.ours.p95:7.2f}"
            f"  floor p95 {measure.floor.p95:7.2f}  found {measure.found}/{measure.drawn}"
        )


def measure_baseline(measures: list[SearchMeasure], config: BenchConfig, log: Log) -> None:
    timeout_ms = int(config.baseline_timeout_s * 1000)
    for measure in measures:
        drawn = [q for q in measure.queries if q.hit]
        missed = [q for q in measure.queries if not q.hit]
        chosen = drawn[: max(1, config.baseline_runs - 1)] + missed[:1]
        chosen = chosen[: config.baseline_runs]
        for query in chosen:
            try:
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
                    ms, ids = _timed(partial(admin_style_search, query.text))
            except Exception as exc:  # the statement timeout
                if "statement timeout" not in str(exc) and "canceling statement" not in str(exc):
                    raise
                measure.baseline.timeouts += 1
                measure.baseline.ms.append(float(timeout_ms))
            else:
                measure.baseline.ms.append(ms)
                if query.hit:
                    measure.baseline_found += 1 if ids else 0
            measure.baseline_queries += 1
            measure.baseline_drawn += 1 if query.hit else 0
        log(
            f"  {measure.key:<18} admin-style p50 {measure.baseline.p50:9.1f} ms"
            f"  ({measure.baseline.n} runs, {measure.baseline.timeouts} timeouts)"
        )


def bench_user() -> User:
    user = User.objects.filter(username=BENCH_USERNAME).first()
    if user is None:
        user = user_create(
            actor=Actor.cli(purpose=Purpose.BENCHMARK),
            username=BENCH_USERNAME,
            password=secrets.token_urlsafe(24),
            roles=[Role.CUSTOMER_SERVICE],
            reason="benchmark of the customer card (kirjaamo bench)",
            validate=False,
        )
    return user


def measure_card(rng: random.Random, runs: int, log: Log) -> tuple[CardMeasure | None, str]:
    try:
        reverse("parties:card", args=[1])
    except NoReverseMatch:
        return None, "the customer card view (parties:card) does not exist in this build"
    parties = _random_party_ids(rng, runs)
    if not parties:
        return None, "no parties to show"
    client = Client(SERVER_NAME="localhost")
    client.force_login(bench_user())
    measure = CardMeasure(samples=Samples())
    for party_id in parties[:10]:  # warm-up
        client.get(reverse("parties:card", args=[party_id]))
    for party_id in parties:
        url = reverse("parties:card", args=[party_id])
        ms, response = _timed(partial(client.get, url))
        measure.samples.ms.append(ms)
        if response.status_code != 200:
            measure.failures += 1
    # A separate pass counts the statements and their time: capturing them costs a little, so
    # the timed pass above runs without it.
    statements, sql_ms = [], []
    for party_id in parties[:20]:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("parties:card", args=[party_id]))
        statements.append(float(len(captured.captured_queries)))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    measure.statements, measure.sql_ms = percentile(statements, 50), percentile(sql_ms, 50)
    log(
        f"  card               p50 {measure.samples.p50:7.2f} ms  p95 {measure.samples.p95:7.2f}"
        f"  ({measure.failures} failures)"
    )
    return measure, ""


def _random_party_ids(rng: random.Random, n: int) -> list[int]:
    bounds = Party.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    ids = {rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 3)}
    found = list(Party.objects.filter(pk__in=ids).values_list("pk", flat=True)[:n])
    rng.shuffle(found)
    return found


def write_import_csv(path: Path, rows: int, rng: random.Random) -> None:
    """A persons CSV of `rows` new synthetic persons (HETUs and customer numbers not in use)."""
    from kirjaamo.scale.pools import pools

    words = pools()
    tag = secrets.token_hex(3).upper()
    used: set[str] = set()
    hetus: list[str] = []
    while len(hetus) < rows:
        batch = {random_hetu(rng) for _ in range(min(5000, rows - len(hetus)) * 2)} - used
        indexes = {crypto.blind_index(h, field=HETU_FIELD): h for h in batch}
        taken = set(
            Person.objects.filter(hetu_index__in=list(indexes)).values_list("hetu_index", flat=True)
        )
        for index, hetu in indexes.items():
            if index not in taken and len(hetus) < rows:
                hetus.append(hetu)
                used.add(hetu)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "customer_number",
                "first_names",
                "last_name",
                "hetu",
                "language",
                "street",
                "postal_code",
                "city",
                "phone",
                "email",
            ]
        )
        for i, hetu in enumerate(hetus):
            first = rng.choice(words.fi_female if i % 2 else words.fi_male)
            last = rng.choice(words.fi_last)
            writer.writerow(
                [
                    f"BI{tag}{i:07d}",
                    first,
                    last,
                    hetu,
                    "fi",
                    f"{rng.choice(words.streets)} {rng.randint(1, 99)}",
                    f"{rng.randint(0, 99):02d}{rng.randint(1, 9)}{rng.randint(0, 9)}0",
                    rng.choice(words.cities),
                    random_mobile(rng),
                    f"tuonti.{tag.lower()}.{i}@example.fi",
                ]
            )


class Rollback(Exception):
    """Raised inside a measured transaction to undo what it wrote."""


def _import_once(path: Path) -> tuple[Any, float]:
    """Import `path` as persons, then roll back; the result and the seconds it took."""
    from kirjaamo.imports.services import import_file

    result: Any = None
    seconds = 0.0
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = import_file(
                actor=Actor.cli(purpose=Purpose.BENCHMARK),
                kind="persons",
                path=path,
                dry_run=False,
                progress=False,
            )
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return result, seconds


def profile_summary(fn: Callable[[], Any], lines: int = 12) -> str:
    """The functions with the most own time while `fn` runs (cProfile), as a small table."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:lines]  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    out = ["| own time | share | calls | function |", "|---:|---:|---:|---|"]
    for (filename, line, name), (_cc, calls, own, _cum, _callers) in rows:
        where = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        out.append(f"| {own:.2f} s | {own / total:.0%} | {calls:,} | `{name}` ({where}:{line}) |")
    return "\n".join(out)


def measure_import(rng: random.Random, rows: int, log: Log) -> tuple[ImportMeasure | None, str]:
    try:
        from kirjaamo.imports import services  # noqa: F401
    except ImportError:
        return None, "the importer (kirjaamo.imports.services.import_file) is not in this build"
    if rows < 1:
        return None, "skipped (--import-rows 0)"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.csv"
        write_import_csv(path, rows, rng)
        result, seconds = _import_once(path)
        measure = ImportMeasure(
            rows=result.rows, seconds=seconds, created=result.created, ok=bool(result.written)
        )
        if measure.rows_per_second < IMPORT_TARGET_ROWS_S:
            small = Path(tmp) / "profile.csv"
            measure.profile_rows = min(rows, 2000)
            write_import_csv(small, measure.profile_rows, rng)
            measure.profile = profile_summary(partial(_import_once, small))
    log(
        f"  import             {measure.rows} rows in {measure.seconds:.1f} s = "
        f"{measure.rows_per_second:,.0f} rows/s (ok: {measure.ok})"
    )
    return measure, ""


def explain_plans(measures: list[SearchMeasure]) -> dict[str, str]:
    """EXPLAIN ANALYZE of the statements of the slowest query of every kind over target, and of
    one admin-style search (PostgreSQL only)."""
    plans: dict[str, str] = {}
    if connection.vendor != "postgresql":
        return plans
    for measure in measures:
        if measure.ours.p95 <= SEARCH_TARGET_MS or not measure.slowest:
            continue
        plans[measure.key] = _explain(partial(register_search, measure.slowest))
    if measures and measures[-1].baseline.n:
        sample = next((m for m in measures if m.key == "name_two_tokens"), measures[0])
        plans["admin-style search (baseline b)"] = _explain(
            lambda: admin_style_search(sample.queries[0].text), analyze=False
        )
    return plans


_LITERAL = re.compile(r"'((?:[^']|'')*)'")
# Literals of the application's own SQL that say which branch a plan belongs to.
_CONSTANTS = frozenset(ContactPointKind.values) | frozenset(ContractRoleKind.values)


def redact_literals(plan: str) -> str:
    """A plan with every string literal that could be register data (a name, an address, the
    search text) replaced by '…'; the application's own constants stay readable."""
    return _LITERAL.sub(lambda m: m.group(0) if m.group(1) in _CONSTANTS else "'…'", plan)


def _explain(fn: Callable[[], Any], *, analyze: bool = True) -> str:
    with CaptureQueriesContext(connection) as captured:
        fn()
    out = []
    with connection.cursor() as cursor:
        for item in captured.captured_queries:
            cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + item["sql"])
            out.append(redact_literals("\n".join(row[0] for row in cursor.fetchall())))
    return "\n\n".join(out)


T = TypeVar("T")


def _guarded(fn: Callable[[], tuple[T | None, str]]) -> tuple[T | None, str]:
    """Run one measurement; on an error, no result and a note naming the error and where it
    was raised (type and code location only: a message could quote register data)."""
    try:
        return fn()
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "/kirjaamo/" in f.filename] or frames
        where = f"{ours[-1].filename.split('/kirjaamo/')[-1]}:{ours[-1].lineno}" if ours else "?"
        return None, f"failed with {type(exc).__name__} in kirjaamo/{where}"


def run_bench(
    config: BenchConfig,
    *,
    log: Log,
    generate: GenerateResult | None = None,
    generate_note: str = "",
    index_experiment: dict[str, GenerateResult] | None = None,
) -> BenchReport:
    """Measure search, card and import on the current database; see the module doc."""
    rng = random.Random(config.seed)
    started = time.perf_counter()
    report = BenchReport(
        started_at=timezone.now(),
        vendor=connection.vendor,
        machine=machine_info(),
        counts=dataset_counts(),
        config=config,
        generate=generate,
        generate_note=generate_note,
        index_experiment=index_experiment or {},
        load_before=load_average(),
    )
    log(f"register: {report.persons:,} persons; load average {report.load_before}")
    log("search:")
    report.search = build_queries(rng, config.runs)
    measure_search(report.search, config, log)
    # The card and the import run other engineers' code paths; a failure there is reported in
    # the document instead of losing the measurements already made. The slow admin-style
    # baseline runs last for the same reason.
    if config.card:
        report.card, report.card_note = _guarded(partial(measure_card, rng, config.runs, log))
    else:
        report.card_note = "skipped"
    if config.imports:
        report.imports, report.import_note = _guarded(
            partial(measure_import, rng, config.import_rows, log)
        )
    else:
        report.import_note = "skipped"
    if config.baseline and config.baseline_runs > 0:
        measure_baseline(report.search, config, log)
    report.plans = explain_plans(report.search)
    report.load_after = load_average()
    report.seconds = time.perf_counter() - started
    return report
