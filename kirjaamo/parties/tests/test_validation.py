"""Pure validation of party data (shared by services, forms and the importer)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.parties.validation import (
    MAX_SEARCH_TEXT,
    clean_contact_point,
    clean_organisation,
    clean_person,
)


def person(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "first_names": "Aino Maria",
        "last_name": "Mäki-Ölander",
        "hetu": None,
        "hetu_temporary": False,
        "birth_date": None,
        "language": "fi",
        "profession": "",
    }
    values.update(overrides)
    return values


def test_clean_person_normalises_and_derives() -> None:
    data = clean_person(**person(hetu=" 290200a100j ", first_names=" Aino   Maria "))  # type: ignore[arg-type]
    assert data.hetu == "290200A100J"
    assert data.birth_date == dt.date(2000, 2, 29)
    assert data.first_names == "Aino Maria"
    assert data.hetu_temporary is False
    assert data.search_name == "aino maria maki-olander"


def test_clean_person_accepts_a_marked_temporary_code() -> None:
    data = clean_person(**person(hetu="100190Y999P", hetu_temporary=True))  # type: ignore[arg-type]
    assert data.hetu == "100190Y999P"
    assert data.hetu_temporary is True
    assert data.birth_date == dt.date(1990, 1, 10)


def test_clean_person_treats_a_blank_hetu_as_none() -> None:
    data = clean_person(**person(hetu="   ", birth_date=dt.date(1970, 1, 1)))  # type: ignore[arg-type]
    assert data.hetu is None
    assert data.birth_date == dt.date(1970, 1, 1)


def test_clean_person_error_messages_never_repeat_the_hetu() -> None:
    for value in ("131052-308U", "100190-999P", "010190-999K"):
        with pytest.raises(ValidationError) as excinfo:
            clean_person(**person(hetu=value))  # type: ignore[arg-type]
        assert value not in str(excinfo.value.message_dict)
        assert value[:6] not in str(excinfo.value.message_dict)


def test_search_name_fits_its_column_even_for_the_longest_names() -> None:
    data = clean_person(**person(first_names="ß" * 200, last_name="Ä" * 200))  # type: ignore[arg-type]
    assert len(data.search_name) <= MAX_SEARCH_TEXT
    assert data.search_name.startswith("ss")


def test_clean_organisation_normalises() -> None:
    data = clean_organisation(
        name="  Osuus  kunta Kuitu ", business_id="FI02459747", association_number=" 1.2 "
    )
    assert (data.name, data.business_id, data.association_number) == (
        "Osuus kunta Kuitu",
        "0245974-7",
        "1.2",
    )
    assert data.search_name == "osuus kunta kuitu"


def test_clean_organisation_reports_all_errors() -> None:
    with pytest.raises(ValidationError) as excinfo:
        clean_organisation(name="", business_id="2077474-1", association_number="9" * 21)
    assert set(excinfo.value.message_dict) == {"name", "business_id", "association_number"}


def test_clean_contact_point_address_values_and_search_text() -> None:
    data = clean_contact_point(
        kind="address",
        source="ytj_prh",
        use="billing",
        street="Yliopistonkatu  3",
        postal_code="20100",
        post_office="Turku",
    )
    assert data.values() == {
        "street": "Yliopistonkatu 3",
        "postal_code": "20100",
        "post_office": "TURKU",
        "country": "FI",
        "phone": "",
        "email": "",
        "use": "billing",
        "source": "ytj_prh",
    }
    assert data.search_text == "yliopistonkatu 3 20100 turku"


def test_clean_contact_point_ignores_fields_of_other_kinds() -> None:
    data = clean_contact_point(
        kind="phone", source="data_subject", phone="0501234567", street="Katu 1", email="a@b.fi"
    )
    assert (data.phone, data.street, data.email) == ("+358501234567", "", "")
