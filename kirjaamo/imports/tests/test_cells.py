from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kirjaamo.imports import cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-31", dt.date(2026, 1, 31)),
        ("31.1.2026", dt.date(2026, 1, 31)),
        ("01.02.2026", dt.date(2026, 2, 1)),
        (" 5.3.2025 ", dt.date(2025, 3, 5)),
        (dt.datetime(2026, 1, 31, 0, 0), dt.date(2026, 1, 31)),
        (dt.date(2026, 1, 31), dt.date(2026, 1, 31)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_iso_and_finnish_dates_and_date_cells(raw, expected) -> None:
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw", ["31/1/2026", "2026-1-31", "31.1.26", "tomorrow", "1.13.2026"])
def test_it_rejects_other_date_forms_and_impossible_dates(raw) -> None:
    with pytest.raises(cells.CellError):
        cells.date(raw)


def test_it_refuses_a_date_that_a_spreadsheet_stored_as_a_number() -> None:
    with pytest.raises(cells.CellError, match="not a date"):
        cells.date(46053)


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("12", 1200),
        ("-5,5", -550),
        ("1 234,56", 123456),
        ("1\u00a0234,56 €", 123456),
        ("99,90 EUR", 9990),
        (12.35, 1235),
        (7, 700),
        (Decimal("0.10"), 10),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_euros_with_comma_or_dot_as_cents(raw, cents) -> None:
    assert cells.amount_cents(raw) == cents


@pytest.mark.parametrize("raw", ["12,345", "1.234,50", "12e3", "kymppi", 0.125])
def test_it_refuses_amounts_it_would_have_to_round_or_guess(raw) -> None:
    with pytest.raises(cells.CellError):
        cells.amount_cents(raw)


def test_it_refuses_a_postal_code_that_lost_its_leading_zeros() -> None:
    with pytest.raises(cells.CellError, match="leading zeros"):
        cells.digits_text(100, width=5)
    assert cells.digits_text(33100, width=5) == "33100"
    assert cells.digits_text(33100.0, width=5) == "33100"
    assert cells.digits_text("00100", width=5) == "00100"


def test_it_refuses_a_phone_number_stored_as_a_number() -> None:
    with pytest.raises(cells.CellError, match="leading 0"):
        cells.phone_text(401234567)
    assert cells.phone_text(" 040 123 4567 ") == "040 123 4567"


def test_numbers_typed_as_numbers_work_as_customer_numbers() -> None:
    assert cells.code(1001) == "1001"
    assert cells.code(1001.0) == "1001"
    assert cells.code(" A-1001 ") == "A-1001"
    with pytest.raises(cells.CellError):
        cells.code(10.5)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("kyllä", True),
        ("X", True),
        (1, True),
        (True, True),
        ("false", False),
        ("ei", False),
        ("", False),
        (None, False),
        (0, False),
    ],
)
def test_it_reads_flags_in_finnish_swedish_and_english(raw, value) -> None:
    assert cells.flag(raw) is value


def test_it_rejects_an_unclear_flag() -> None:
    with pytest.raises(cells.CellError):
        cells.flag("maybe")
