"""Word pools for the scale generator, precomputed once from Faker's fi_FI and sv_SE word lists.

Calling Faker per row costs tens of microseconds; a million persons need several million values.
The generator therefore draws from flat lists built here once: weighted name lists are expanded
into a pool whose frequencies follow Faker's weights, so a uniform pick from the pool is a
weighted pick from the list. Everything is synthetic: names are common Finnish and Swedish names
combined at random, streets are Faker's street-name parts, e-mail domains are reserved example
domains (RFC 2606) and IP addresses come from the shared (RFC 6598) and documentation
(RFC 3849) ranges.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from faker.providers.address.fi_FI import Provider as FiAddress
from faker.providers.company.fi_FI import Provider as FiCompany
from faker.providers.job.fi_FI import Provider as FiJob
from faker.providers.person.fi_FI import Provider as FiPerson
from faker.providers.person.sv_SE import Provider as SvPerson

POOL_SIZE = 4096
EMAIL_DOMAINS = ("example.fi", "example.com", "example.net", "example.org")
SELLERS = ("Myymälä", "Verkkokauppa", "Puhelinmyynti", "Jälleenmyyjä", "Yritysmyynti")
AGENCIES = ("Perintätoimisto Esimerkki Oy", "Saatavapalvelu Demo Oy", "Perintä Testi Oy")
NOTE_TEXTS = (
    ("technical", "Asiakas ilmoitti katkoksesta, vika korjattu etänä."),
    ("billing", "Sovittu maksuaikaa kaksi viikkoa."),
    ("general", "Asiakas pyysi yhteydenottoa sähköpostitse."),
    ("sales", "Kiinnostunut nopeammasta liittymästä."),
    ("complaint", "Reklamaatio asennuksen viivästymisestä, hyvitys laskulla."),
    ("technical", "Reititin vaihdettu, vanha laite palautettu."),
)
MESSAGE_SUBJECTS = ("Laskukopio", "Huoltotiedote", "Tilausvahvistus", "Muistutus")


def _weighted_pool(words: Mapping[str, float] | Sequence[str], rng: random.Random) -> list[str]:
    """A flat list whose word frequencies follow `words`' weights (or are uniform)."""
    if isinstance(words, Mapping):
        names = list(words.keys())
        weights = [float(w) for w in words.values()]
        return rng.choices(names, weights=weights, k=POOL_SIZE)
    return list(words)


@dataclass(frozen=True)
class Pools:
    fi_female: list[str]
    fi_male: list[str]
    fi_last: list[str]
    sv_female: list[str]
    sv_male: list[str]
    sv_last: list[str]
    jobs: list[str]
    streets: list[str]
    cities: list[str]
    companies: list[str]


@lru_cache(maxsize=1)
def pools() -> Pools:
    """The pools; built once per process from a fixed seed so every run draws the same words."""
    rng = random.Random(20260101)
    fi_last = _weighted_pool(FiPerson.last_names, rng)
    streets = sorted(
        {f"{prefix}{suffix}" for prefix in FiAddress.street_prefixes for suffix in ("katu", "tie")}
        | {f"{p}{s}" for p in FiAddress.street_prefixes[::3] for s in FiAddress.street_suffixes}
    )
    suffixes = [s for s in FiCompany.company_suffixes if s != "As Oy"]
    last_unique = sorted(set(fi_last))
    companies = sorted(
        {f"{rng.choice(last_unique)} {rng.choice(suffixes)}" for _ in range(3000)}
        | {
            f"{rng.choice(last_unique)} & {rng.choice(last_unique)} {rng.choice(suffixes)}"
            for _ in range(1500)
        }
    )
    return Pools(
        fi_female=_weighted_pool(FiPerson.first_names_female, rng),
        fi_male=_weighted_pool(FiPerson.first_names_male, rng),
        fi_last=fi_last,
        sv_female=_weighted_pool(SvPerson.first_names_female, rng),
        sv_male=_weighted_pool(SvPerson.first_names_male, rng),
        sv_last=_weighted_pool(SvPerson.last_names, rng),
        jobs=list(FiJob.jobs),
        streets=[" ".join(s.split()) for s in streets],
        cities=list(FiAddress.cities),
        companies=companies,
    )
