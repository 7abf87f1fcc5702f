"""Synthetic import files for the tests and the import benchmark (Faker fi_FI, valid HETUs)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from faker import Faker
from openpyxl import Workbook

from kirjaamo.lib.synthetic import random_hetu, random_mobile, random_postal_code
from kirjaamo.lib.text import fold

PERSON_HEADER = [
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
ORGANISATION_HEADER = [
    "customer_number",
    "name",
    "business_id",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
]
CONTRACT_HEADER = [
    "contract_number",
    "customer_number",
    "opened_on",
    "terminated_on",
    "seller",
    "products",
    "connection_number",
    "connection_street",
    "connection_postal_code",
    "connection_city",
]
INVOICE_HEADER = [
    "invoice_number",
    "customer_number",
    "contract_number",
    "issued_on",
    "due_on",
    "amount",
    "status",
    "paid_on",
]
# Valid Y-tunnus values (LEGAL.md §4.2 and computed with the same weights).
BUSINESS_IDS = ["2077474-0", "0245974-7", "1572860-0", "0737546-2", "1234567-1", "7654321-2"]


def person_rows(n: int, *, seed: int = 1, prefix: str = "C") -> list[list[str]]:
    """`n` synthetic persons with unique customer numbers, HETUs and e-mail addresses."""
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    hetus: set[str] = set()
    rows = []
    for i in range(1, n + 1):
        first, last = fake.first_name(), fake.last_name()
        hetu = random_hetu(rng)
        while hetu in hetus:
            hetu = random_hetu(rng)
        hetus.add(hetu)
        local = fold(f"{first}.{last}").replace(" ", "").encode("ascii", "ignore").decode()
        rows.append(
            [
                f"{prefix}{i:07d}",
                first,
                last,
                hetu,
                rng.choice(["fi", "fi", "fi", "sv", "en"]),
                fake.street_address(),
                random_postal_code(rng),
                fake.city(),
                random_mobile(rng),
                f"{local}.{i}@example.fi",
            ]
        )
    return rows


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ";",
    bom: bool = False,
) -> Path:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if delimiter in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(v) for v in row) for row in [list(header), *rows]]
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, header: Sequence[str | None], rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
