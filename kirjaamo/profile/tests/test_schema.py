from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from kirjaamo.profile.lint import lint
from kirjaamo.profile.schema import LegalBasis, Period, Profile, Text, iter_texts
from kirjaamo.profile.tests.factories import minimal, parse


def test_the_minimal_profile_is_valid_and_lints_clean():
    assert lint(parse(minimal())) == []


def test_a_plain_string_is_the_finnish_text():
    text = Text.model_validate("Asiakasrekisteri")
    assert text.fi == "Asiakasrekisteri"
    assert text.sv is None


def test_a_missing_translation_falls_back_to_finnish():
    text = Text(fi="Nimi", en="Name")
    assert text.get("en") == "Name"
    assert text.get("sv") == "Nimi"
    assert text.get("fi") == "Nimi"
    assert text.missing(["fi", "sv", "en"]) == ["sv"]


def test_profile_text_helper_falls_back_and_handles_no_text():
    assert Profile.text(Text(fi="Nimi", sv="Namn"), "sv") == "Namn"
    assert Profile.text(Text(fi="Nimi"), "en") == "Nimi"
    assert Profile.text(None, "en", "-") == "-"


def test_it_rejects_an_empty_finnish_text():
    with pytest.raises(ValidationError):
        Text(fi="   ")


@pytest.mark.parametrize(
    ("written", "years", "months", "days"),
    [("P6Y", 6, 0, 0), ("P10Y", 10, 0, 0), ("P3M", 0, 3, 0), ("P1Y6M", 1, 6, 0), ("P2W", 0, 0, 14)],
)
def test_it_reads_iso_periods(written, years, months, days):
    period = Period.model_validate(written)
    assert (period.years, period.months, period.days) == (years, months, days)


def test_a_period_may_be_a_mapping_and_prints_as_iso():
    assert Period.model_validate({"years": 1, "months": 6}).iso() == "P1Y6M"
    assert Period.model_validate("P0D").iso() == "P0D"


@pytest.mark.parametrize("written", ["6Y", "P", "P6X", "six years", "P-1Y"])
def test_it_rejects_a_malformed_period(written):
    with pytest.raises(ValidationError):
        Period.model_validate(written)


def test_a_period_ends_on_the_same_day_or_the_last_day_of_a_shorter_month():
    assert Period.model_validate("P6Y").after(dt.date(2024, 12, 31)) == dt.date(2030, 12, 31)
    assert Period.model_validate("P1M").after(dt.date(2025, 1, 31)) == dt.date(2025, 2, 28)
    assert Period.model_validate("P1Y").after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert Period.model_validate("P30D").after(dt.date(2025, 1, 1)) == dt.date(2025, 1, 31)


def test_legal_bases_name_their_article_point():
    assert LegalBasis.CONSENT.article == "6(1)(a)"
    assert LegalBasis.LEGITIMATE_INTERESTS.article == "6(1)(f)"


def test_the_business_id_is_normalised():
    data = minimal()
    data["controller"]["business_id"] = "FI02459747"
    assert parse(data).controller.business_id == "0245974-7"


def test_lookups_find_categories_fields_and_retention():
    profile = parse(minimal())
    assert profile.category("identity").purposes == ["service"]
    assert profile.purpose("service").legal_basis is LegalBasis.CONTRACT
    assert profile.declared_fields() == {
        "parties.Person.first_names": "identity",
        "parties.Person.last_name": "identity",
    }
    assert profile.declares_field("parties.Person.last_name")
    assert not profile.declares_field("parties.Person.hetu_encrypted")
    assert profile.declares_model("parties", "Person")
    assert not profile.declares_model("communications", "CallRecording")
    assert [r.period.iso() for r in profile.retention_for("identity")] == ["P3Y"]


def test_a_loaded_profile_knows_the_line_of_each_path():
    profile = parse(minimal(), file="x.yaml")
    assert profile.file == "x.yaml"
    assert profile.line_for(()) == 1
    line = profile.line_for(("purposes", 0, "legal_basis"))
    assert line is not None and line > 1
    # A path that is not in the file (a default) is placed at its nearest ancestor.
    assert profile.line_for(("purposes", 0, "direct_marketing")) == profile.line_for(
        ("purposes", 0)
    )


def test_reference_errors_are_listed_for_profiles_built_in_code():
    data = minimal()
    data["data_categories"][0]["purposes"] = ["service", "nope"]
    profile = Profile.model_validate(data)
    assert profile.reference_errors() == [
        (
            ("data_categories", 0, "purposes", 1),
            "unknown_purpose",
            {"id": "nope", "known": "service"},
        )
    ]
    assert profile.line_for(("controller",)) is None


def test_iter_texts_walks_every_text_with_its_path():
    paths = [loc for loc, _text in iter_texts(parse(minimal()))]
    assert ("registers", 0, "name") in paths
    assert ("rights", "identity_check") in paths
    assert ("retention", 0, "reason") in paths


def test_transfers_need_none_or_destinations_but_not_both():
    for transfers in ({}, {"none": True, "destinations": [{"description": "x"}]}):
        data = minimal()
        data["transfers"] = transfers
        with pytest.raises(ValidationError):
            Profile.model_validate(data)


def test_automated_decisions_need_none_or_a_description_but_not_both():
    for value in ({}, {"none": True, "description": "x"}):
        data = minimal()
        data["automated_decisions"] = value
        with pytest.raises(ValidationError):
            Profile.model_validate(data)


def test_a_dpo_declared_none_cannot_have_contact_details():
    data = minimal()
    data["dpo"] = {"none": True, "email": "dpo@example.fi"}
    with pytest.raises(ValidationError):
        Profile.model_validate(data)


def test_finnish_must_be_a_published_language():
    data = minimal()
    data["languages"] = ["sv", "en"]
    with pytest.raises(ValidationError):
        Profile.model_validate(data)


def test_the_json_schema_forbids_unknown_keys_and_accepts_plain_string_texts():
    schema = Profile.model_json_schema()
    assert schema["additionalProperties"] is False
    assert all(
        d.get("additionalProperties") is False
        for name, d in schema["$defs"].items()
        if d.get("type") == "object"
    )
    text = schema["$defs"]["Text"]
    assert {"type": "string", "minLength": 1} in text["anyOf"]
    assert "period" in schema["$defs"]["RetentionRule"]["properties"]


def test_lookups_by_an_unknown_id_raise_key_error():
    profile = parse(minimal())
    assert profile.recipient("hosting").kind == "processor"
    assert profile.source("customer").publicly_available is False
    with pytest.raises(KeyError):
        profile.purpose("nope")


def test_an_address_prints_as_lines():
    profile = parse(minimal())
    assert profile.controller.address is not None
    assert profile.controller.address.lines() == ["Testikatu 1", "00100 Helsinki"]


def test_the_supervisory_authority_block_has_the_current_contact_details():
    from kirjaamo.profile.authority import TIETOSUOJAVALTUUTETTU as dpa
    from kirjaamo.profile.lint import lint_text

    assert dpa.postal_address.get("fi") == "PL 800, 00531 Helsinki"
    assert dpa.visiting_address.get("sv") == "Fågelviksgränden 4, 00530 Helsingfors"
    assert dpa.email == "tietosuoja@om.fi"
    texts = [dpa.switchboard, dpa.registry_phone]
    texts += [
        text.get(lang)
        for text in (dpa.name, dpa.visiting_address, dpa.postal_address)
        for lang in ("fi", "sv", "en")
    ]
    assert lint_text("\n".join(texts)) == []


def test_source_kinds_include_every_contact_point_source():
    from kirjaamo.parties.choices import Source
    from kirjaamo.profile.schema import SourceKind

    assert set(Source.values) <= {kind.value for kind in SourceKind}
