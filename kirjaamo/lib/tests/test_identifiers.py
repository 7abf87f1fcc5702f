"""Finnish identifiers: every worked example of LEGAL.md §4.1 (HETU) and §4.2 (Y-tunnus), phone
numbers, postal codes and e-mail addresses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from stdnum.fi import hetu as stdnum_hetu

from kirjaamo.lib.identifiers import (
    IdentifierError,
    business_id_normalize,
    email_normalize,
    hetu_birth_date,
    hetu_is_temporary,
    hetu_mask,
    hetu_normalize,
    looks_like_business_id,
    looks_like_hetu,
    phone_display,
    phone_normalize,
    postal_code_normalize,
)
from kirjaamo.lib.synthetic import hetu_for
from kirjaamo.parties.selectors import HETU_FIELD

# LEGAL.md §4.1 "Worked examples": valid codes with an issued individual number (002–899).
HETU_VALID = ["131052-308T", "131052+308T", "010101-0101", "290200A100J"]
# Valid codes in the temporary range 900–999 (DVV examples and fictional test persons).
HETU_VALID_TEMPORARY = [
    "100190-999P",
    "100190Y999P",
    "010594Y9032",
    "020594X903P",
    "030594W903B",
    "040594V9030",
    "050594U903M",
    "010516B903X",
    "020516C903K",
    "030516D9037",
    "010501E9032",
    "020503F9037",
    "020504B904H",
]
HETU_INVALID = [
    "010101-010A",  # bad check character
    "131052-308U",  # bad check character
    "131052Z308T",  # Z is not a century sign
    "290201A100J",  # 29.2.2001 does not exist
    "010190-999K",  # telp.fi prints this as an example; the check character is W
    "010190Y999K",  # the same with the new separator
    "131052-000X",  # individual number 000 is never issued
    "",
    "131052308T",  # separator missing
    "131052-308TT",
]
CENTURY_SIGNS = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}


@pytest.mark.parametrize("value", HETU_VALID)
def test_HETU_worked_examples_are_valid(value: str) -> None:
    assert hetu_normalize(value) == value


@pytest.mark.parametrize("value", HETU_VALID_TEMPORARY)
def test_HETU_temporary_codes_are_refused_unless_allowed(value: str) -> None:
    with pytest.raises(IdentifierError, match="temporary"):
        hetu_normalize(value)
    assert hetu_normalize(value, allow_temporary=True) == value
    assert hetu_is_temporary(value)


@pytest.mark.parametrize("value", HETU_INVALID)
@pytest.mark.parametrize("allow_temporary", [False, True])
def test_HETU_invalid_examples_are_rejected(value: str, allow_temporary: bool) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        hetu_normalize(value, allow_temporary=allow_temporary)
    if value:
        assert value not in str(excinfo.value)


def test_HETU_telp_fi_trap_is_not_mistaken_for_a_temporary_code() -> None:
    # 010190-999K has a wrong check character; it must get the plain "not valid" message, not
    # the "mark it as temporary" hint that would invite saving it.
    with pytest.raises(IdentifierError) as excinfo:
        hetu_normalize("010190-999K")
    assert "temporary" not in str(excinfo.value)


@pytest.mark.parametrize(("sign", "century"), sorted(CENTURY_SIGNS.items()))
def test_HETU_every_2023_century_sign_is_accepted_and_dates_the_person(
    sign: str, century: int
) -> None:
    value = hetu_for(dt.date(century + 94, 5, 1), 123, sign=sign)
    assert value[6] == sign
    assert hetu_normalize(value) == value
    assert hetu_birth_date(value) == dt.date(century + 94, 5, 1)


@pytest.mark.parametrize("sign", ["G", "Z", "I", "*", " "])
def test_HETU_undefined_century_signs_are_rejected(sign: str) -> None:
    value = "010594" + sign + "123W"
    with pytest.raises(IdentifierError):
        hetu_normalize(value)


def test_HETU_century_sign_distinguishes_people() -> None:
    from kirjaamo.lib import crypto

    dash = hetu_normalize("100190-999P", allow_temporary=True)
    y = hetu_normalize("100190Y999P", allow_temporary=True)
    assert dash != y
    assert crypto.blind_index(dash, field=HETU_FIELD) != crypto.blind_index(y, field=HETU_FIELD)
    assert hetu_birth_date(dash) == hetu_birth_date(y) == dt.date(1990, 1, 10)


def test_HETU_is_compacted_and_upper_cased_but_the_sign_is_kept() -> None:
    assert hetu_normalize(" 290200a100j ") == "290200A100J"
    assert hetu_normalize("100190y999p", allow_temporary=True) == "100190Y999P"


@pytest.mark.parametrize(
    ("value", "born"),
    [
        ("131052-308T", dt.date(1952, 10, 13)),
        ("131052+308T", dt.date(1852, 10, 13)),
        ("290200A100J", dt.date(2000, 2, 29)),
        ("010101-0101", dt.date(1901, 1, 1)),
        ("010516B903X", dt.date(2016, 5, 1)),
        ("050594U903M", dt.date(1994, 5, 5)),
    ],
)
def test_HETU_birth_date_is_derived_per_century(value: str, born: dt.date) -> None:
    assert hetu_birth_date(value) == born


def test_FI_TSL_29_PRINT_mask_shows_only_the_birth_date_part() -> None:
    assert hetu_mask("131052-308T") == "131052-****"
    assert hetu_mask("100190Y999P") == "100190Y****"
    assert "308" not in hetu_mask("131052-308T")


def test_HETU_shape_detection_for_search() -> None:
    assert looks_like_hetu("131052-308T")
    assert looks_like_hetu("100190y999p")
    assert looks_like_hetu(" 290200A100J ")
    assert not looks_like_hetu("131052Z308T")
    assert not looks_like_hetu("Matti Virtanen")
    assert not looks_like_hetu("0401234567")


@hypothesis_settings(max_examples=200, database=None, deadline=None)
@given(
    born=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    individual=st.integers(min_value=2, max_value=999),
    data=st.data(),
)
def test_HETU_synthetic_codes_validate_and_round_trip_the_birth_date(
    born: dt.date, individual: int, data: st.DataObject
) -> None:
    signs = [s for s, century in CENTURY_SIGNS.items() if century == born.year // 100 * 100]
    sign = data.draw(st.sampled_from([None, *signs]))
    value = hetu_for(born, individual, sign=sign)
    assert stdnum_hetu.validate(value, allow_temporary=True) == value
    assert stdnum_hetu.is_valid(value) == (individual < 900)
    assert hetu_normalize(value, allow_temporary=True) == value
    assert hetu_birth_date(value) == born
    assert hetu_is_temporary(value) == (individual >= 900)


# LEGAL.md §4.2 Y-tunnus worked examples.
@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("2077474-0", "2077474-0"),
        ("0245974-7", "0245974-7"),
        ("1572860-0", "1572860-0"),
        ("FI20774740", "2077474-0"),  # the VAT form
        (" 2077474-0 ", "2077474-0"),
    ],
)
def test_YTUNNUS_worked_examples_are_valid(value: str, normalised: str) -> None:
    assert business_id_normalize(value) == normalised


@pytest.mark.parametrize(
    "value",
    [
        "2077474-1",  # wrong check digit
        "0737546-1",  # wrong check digit (expected 2)
        *[f"1000008-{d}" for d in range(10)],  # remainder 1: no check digit can be valid
        "737546-2",  # leading zero dropped
        "",
        "abcdefg-h",
    ],
)
def test_YTUNNUS_invalid_examples_are_rejected(value: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        business_id_normalize(value)
    if value:
        assert value not in str(excinfo.value)


def test_YTUNNUS_shape_detection_for_search() -> None:
    assert looks_like_business_id("2077474-0")
    assert not looks_like_business_id("20774740")
    assert not looks_like_business_id("131052-308T")


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("+358401234567", "+358401234567"),
        ("00358 40 123 4567", "+358401234567"),
        ("040-123 4567", "+358401234567"),
        ("(09) 3157 6885", "+358931576885"),
        ("09 3157 6885", "+358931576885"),
        ("+46 8 123 456 78", "+46812345678"),
    ],
)
def test_it_normalises_phone_numbers_to_e164(value: str, e164: str) -> None:
    assert phone_normalize(value) == e164


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "123",
        "040 123",
        "+358 40 123 4567 8901 23",
        "040 123 4567 abc",
        # Nothing is silently dropped or guessed: a second number, an extension, letters.
        "040 1234567; 050 7654321",
        "040 123 4567 ext. 12",
        "040 ABC 4567",
        "Matti 0401234567",
    ],
)
def test_it_rejects_invalid_phone_numbers_without_repeating_them(value: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        phone_normalize(value)
    if value:
        assert value not in str(excinfo.value)


def test_it_displays_finnish_numbers_nationally_and_others_internationally() -> None:
    assert phone_display("+358401234567") == "040 1234567"
    assert phone_display("+46812345678").startswith("+46 8")
    assert phone_display("not a number") == "not a number"


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("00100", "FI", "00100"),
        (" 33 100 ", "FI", "33100"),
        ("SW1A 1AA", "GB", "SW1A 1AA"),
        ("111 22", "SE", "111 22"),
    ],
)
def test_it_normalises_postal_codes(value: str, country: str, expected: str) -> None:
    assert postal_code_normalize(value, country=country) == expected


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("1234", "FI"),
        ("001000", "FI"),
        ("ABCDE", "FI"),
        ("", "FI"),
        ("", "SE"),
        ("   ", "DE"),
        ("12345678901234567890", "DE"),
    ],
)
def test_it_rejects_invalid_postal_codes(value: str, country: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        postal_code_normalize(value, country=country)
    if value.strip():
        assert value.strip() not in str(excinfo.value)


def test_it_normalises_email_domain_but_keeps_the_local_part() -> None:
    assert email_normalize(" Matti.Virtanen@Example.FI ") == "Matti.Virtanen@example.fi"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "matti",
        "matti@",
        "@example.fi",
        "matti virtanen@example.fi",
        "matti@@example.fi",
        # Longer than the 254 characters an address may have (RFC 5321) and the column holds.
        "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "fi",
    ],
)
def test_it_rejects_invalid_email_addresses_without_repeating_them(value: str) -> None:
    with pytest.raises(IdentifierError) as excinfo:
        email_normalize(value)
    if value:
        assert value not in str(excinfo.value)
