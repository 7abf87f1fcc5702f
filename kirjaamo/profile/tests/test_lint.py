"""Every lint rule: a profile that triggers it and one that does not.

Test names carry the LEGAL.md rule ID a check proves, where one applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kirjaamo.profile.lint import Finding, lint, lint_text
from kirjaamo.profile.tests.factories import minimal, parse, t

Data = dict[str, Any]


def findings(data: Data) -> list[Finding]:
    return lint(parse(data))


def codes(data: Data) -> set[str]:
    return {f.code for f in findings(data)}


def the_finding(data: Data, code: str) -> Finding:
    (finding,) = [f for f in findings(data) if f.code == code]
    return finding


def add_category(data: Data, category_id: str, fields: list[str], **extra: Any) -> None:
    data["data_categories"].append(
        {
            "id": category_id,
            "text": t(category_id),
            "fields": fields,
            "purposes": ["service"],
            "sources": ["customer"],
            **extra,
        }
    )
    data["retention"].append(
        {
            "category": category_id,
            "period": "P6M",
            "counts_from": "creation",
            "action": "delete",
            "reason": t("Syy"),
        }
    )


# --- Art 13 / 14 items ------------------------------------------------------------------------


def test_gdpr_13_1a_controller_without_contact_details_is_reported():
    data = minimal()
    del data["controller"]["email"], data["controller"]["address"]
    finding = the_finding(data, "controller-contact")
    assert (finding.rule, finding.path) == ("GDPR-13-1a", "controller")
    data["controller"]["phone"] = "040 100 1000"
    assert "controller-contact" not in codes(data)


def test_gdpr_13_1b_the_dpo_must_be_declared_but_none_is_fine():
    data = minimal()
    assert "dpo-undeclared" not in codes(data)  # dpo: {none: true}
    del data["dpo"]
    assert the_finding(data, "dpo-undeclared").rule == "GDPR-13-1b"


def test_gdpr_13_1b_a_dpo_needs_contact_details():
    data = minimal()
    data["dpo"] = {"name": "Tietosuojavastaava"}
    assert the_finding(data, "dpo-contact").path == "dpo"
    data["dpo"]["email"] = "dpo@example.fi"
    assert "dpo-contact" not in codes(data)


def test_gdpr_13_1d_legitimate_interests_need_the_interest_in_words():
    data = minimal()
    data["purposes"][0]["legal_basis"] = "legitimate_interests"
    finding = the_finding(data, "legitimate-interest-missing")
    assert (finding.rule, finding.path) == ("GDPR-13-1d", "purposes[0].legal_basis")
    assert finding.line is not None
    data["purposes"][0]["legitimate_interest"] = t("Etu")
    assert "legitimate-interest-missing" not in codes(data)


def test_gdpr_13_1e_no_recipients_is_reported():
    data = minimal()
    data["recipients"] = []
    assert the_finding(data, "recipients-missing").rule == "GDPR-13-1e"


def test_gdpr_13_1f_a_transfer_destination_needs_a_safeguard():
    data = minimal()
    data["transfers"] = {"destinations": [{"country": "US", "description": t("Siirto")}]}
    finding = the_finding(data, "transfer-safeguard-missing")
    assert (finding.rule, finding.path) == ("GDPR-13-1f", "transfers.destinations[0]")
    data["transfers"]["destinations"][0]["safeguard"] = "standard_contractual_clauses"
    assert "transfer-safeguard-missing" not in codes(data)


def test_gdpr_13_1f_a_recipient_outside_the_eea_contradicts_transfers_none():
    data = minimal()
    data["recipients"][0]["country"] = "US"
    finding = the_finding(data, "transfer-contradiction")
    assert finding.path == "recipients[0].country"
    data["recipients"][0]["country"] = "SE"
    assert "transfer-contradiction" not in codes(data)


def test_gdpr_13_1f_a_recipient_outside_the_eea_needs_a_covering_transfer_or_safeguard():
    data = minimal()
    data["recipients"][0]["country"] = "US"
    data["transfers"] = {
        "destinations": [
            {"country": "GB", "description": t("Muu"), "safeguard": "adequacy_decision"}
        ]
    }
    assert the_finding(data, "transfer-safeguard-missing").path == "recipients[0].country"
    data["transfers"]["destinations"][0]["recipient"] = "hosting"
    assert "transfer-safeguard-missing" not in codes(data)


def test_a_norwegian_recipient_is_inside_the_eea():
    data = minimal()
    data["recipients"][0]["country"] = "NO"
    assert codes(data) == set()


def test_gdpr_13_2a_every_category_needs_a_retention_rule():
    data = minimal()
    data["retention"] = []
    finding = the_finding(data, "retention-missing")
    assert (finding.rule, finding.path) == ("GDPR-13-2a", "data_categories[0]")


def test_a_retention_rule_citing_an_unknown_rule_id_is_reported():
    data = minimal()
    data["retention"][0]["rule"] = "FI-KPL-7Y"
    finding = the_finding(data, "unknown-rule")
    assert (finding.rule, finding.path) == (None, "retention[0].rule")
    data["retention"][0]["rule"] = "FI-KPL-2:10-6Y"
    assert "unknown-rule" not in codes(data)


def test_gdpr_13_2c_consent_needs_the_right_to_withdraw_it():
    data = minimal()
    data["purposes"][0]["legal_basis"] = "consent"
    finding = the_finding(data, "consent-withdrawal-missing")
    assert (finding.rule, finding.path) == ("GDPR-13-2c", "rights")
    data["rights"]["withdraw_consent"] = t("Peruutus")
    assert "consent-withdrawal-missing" not in codes(data)


def test_gdpr_13_2e_the_provision_requirement_must_be_stated():
    data = minimal()
    del data["provision"]
    assert the_finding(data, "provision-missing").rule == "GDPR-13-2e"
    data["data_categories"][0]["provision"] = {"basis": "contractual"}
    assert "provision-missing" not in codes(data)


def test_gdpr_14_2f_every_category_needs_a_source():
    data = minimal()
    data["data_categories"][0]["sources"] = []
    finding = the_finding(data, "source-missing")
    assert (finding.rule, finding.path) == ("GDPR-14-2f", "data_categories[0]")


def test_a_purpose_that_no_category_serves_is_reported():
    data = minimal()
    data["purposes"].append({"id": "stats", "text": t("Tilastot"), "legal_basis": "contract"})
    assert the_finding(data, "purpose-unused").path == "purposes[1]"
    data["data_categories"][0]["purposes"].append("stats")
    assert "purpose-unused" not in codes(data)


# --- telecom and marketing sections -------------------------------------------------------------


def test_gdpr_21_dm_direct_marketing_needs_the_objection_right():
    data = minimal()
    data["purposes"][0]["direct_marketing"] = True
    assert the_finding(data, "objection-missing").rule == "GDPR-21-DM"
    data["rights"]["objection"] = t("Vastustus")
    assert "objection-missing" not in codes(data)


def test_fi_svp_traffic_ip_addresses_need_a_traffic_data_section():
    data = minimal()
    add_category(data, "ips", ["contracts.IpAssignment.address"])
    finding = the_finding(data, "traffic-data-section-missing")
    assert (finding.rule, finding.path) == ("FI-SVP-TRAFFIC", "data_categories[1]")
    data["traffic_data"] = {"description": t("Välitystiedot")}
    assert "traffic-data-section-missing" not in codes(data)


def test_fi_svp_traffic_a_category_flagged_as_traffic_data_needs_the_section():
    data = minimal()
    add_category(data, "call_data", [], traffic_data=True)
    assert the_finding(data, "traffic-data-section-missing").rule == "FI-SVP-TRAFFIC"


def test_gdpr_15_callrec_recorded_calls_need_a_prior_notice():
    data = minimal()
    add_category(data, "recordings", ["communications.CallRecording.audio"])
    assert the_finding(data, "call-recording-notice-missing").rule == "GDPR-15-CALLREC"
    data["call_recording"] = {"description": t("Tallenteet")}
    assert the_finding(data, "call-recording-notice-missing").path == "call_recording"
    data["call_recording"]["prior_notice"] = t("Kerromme ennen tallennusta")
    assert "call-recording-notice-missing" not in codes(data)


def test_ep_12_a_directory_recipient_needs_the_directory_section_with_opt_out():
    data = minimal()
    data["recipients"].append(
        {
            "id": "directories",
            "name": t("Numeropalvelut"),
            "kind": "directory_service",
            "purpose": t("Luettelot"),
        }
    )
    assert the_finding(data, "directory-opt-out-missing").path == "recipients[1]"
    data["directory"] = {"description": t("Luettelo"), "listed_by_default": True}
    finding = the_finding(data, "directory-opt-out-missing")
    assert (finding.rule, finding.path) == ("EP-12", "directory")
    data["directory"]["opt_out"] = t("Voit kieltää maksutta")
    assert "directory-opt-out-missing" not in codes(data)


# --- translations -----------------------------------------------------------------------------


def test_a_missing_translation_is_reported_once_per_text():
    data = minimal()
    data["purposes"][0]["text"] = "Palvelu"
    data["registers"][0]["name"] = {"fi": "Rekisteri", "sv": "Register"}
    found = [f for f in findings(data) if f.code == "translation-missing"]
    assert [(f.path, f.message) for f in found] == [
        ("registers[0].name", "No English translation; the Finnish text is shown instead."),
        (
            "purposes[0].text",
            "No Swedish, English translation; the Finnish text is shown instead.",
        ),
    ]


def test_translations_are_only_required_for_published_languages():
    data = minimal()
    data["languages"] = ["fi", "sv"]
    data["registers"][0]["name"] = {"fi": "Rekisteri", "sv": "Register"}
    assert "translation-missing" not in codes(data)


# --- wording ----------------------------------------------------------------------------------


def with_text(text: str) -> Data:
    data = minimal()
    data["rights"]["extra"] = {"fi": text, "sv": "Inget.", "en": "Nothing."}
    return data


WORDING_CASES = [
    ("repealed-law", None, "Rekisteriseloste laadittu henkilötietolain 10 §:n mukaan."),
    ("repealed-law", None, "Henkilötietolaki (523/1999) 10 ja 24 §."),
    (
        "outdated-authority-address",
        "FI-TSL-DPA",
        "Tietosuojavaltuutettu, Ratapihantie 9, Helsinki.",
    ),
    ("outdated-authority-address", "FI-TSL-DPA", "Faksi 029 566 6735."),
    ("outdated-authority-address", "FI-TSL-DPA", "PL 800, 00521 Helsinki."),
    ("signature-required", "GDPR-12-ID", "Tarkastuspyyntö on allekirjoitettava."),
    (
        "signature-required",
        "GDPR-12-ID",
        "Pyyntö tehdään omakätisesti allekirjoitetulla kirjeellä.",
    ),
    ("signature-required", "GDPR-12-ID", "Requests must be signed by hand."),
    ("written-request-required", "GDPR-12-ID", "Oikaisupyyntö on tehtävä kirjallisesti."),
    ("access-free-once-a-year", "GDPR-12-FREE", "Tarkastus on maksuton kerran vuodessa."),
    ("access-free-once-a-year", "GDPR-12-FREE", "Access is free once a year."),
    (
        "access-free-once-a-year",
        "GDPR-12-FREE",
        "Tarkastusoikeus on maksuton, mikäli edellisestä tarkistuspyynnöstä on kulunut vuosi.",
    ),
    ("language-condition", "GDPR-LANG", "Pyyntö tehdään suomeksi tai englanniksi."),
    ("refusal-certificate", "GDPR-12-REFUSE", "Epäämisestä annetaan kirjallisen todistuksen."),
    ("distance-selling-prohibition", "GDPR-21-DM", "Voit kieltää etämyynnin ja suoramainonnan."),
    ("notify-source", "GDPR-19", "Korjauksesta ilmoitetaan sille, jolta tiedot on saatu."),
]


@pytest.mark.parametrize(("code", "rule", "text"), WORDING_CASES)
def test_outdated_or_gdpr_contradicting_wording_is_reported(code, rule, text):
    finding = the_finding(with_text(text), code)
    assert finding.rule == rule
    assert finding.path == "rights.extra.fi"
    assert finding.line is not None


@pytest.mark.parametrize(
    "text",
    [
        # Data protection legislation in general is not the repealed act.
        "Noudatamme voimassa olevaa henkilötietolainsäädäntöä.",
        # Staff signing a confidentiality undertaking is not a request to be signed.
        "Jokainen käyttäjä on allekirjoittanut salassapitositoumuksen.",
        # Saying that no signature is needed is the GDPR rule, not a breach of it.
        "Pyyntöä ei tarvitse allekirjoittaa.",
        "We do not require a signature on requests.",
        # Offering the written form is fine; requiring it is not.
        "Tiedot annetaan pyydettäessä kirjallisesti.",
        "Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki, puh. 029 566 6700.",
        "Vastaamme suomeksi, ruotsiksi tai englanniksi.",
        "Jos pyyntöä ei hyväksytä, kerromme syyt kuukauden kuluessa.",
        "Voit vastustaa suoramarkkinointia milloin tahansa.",
        "Korjauksesta ilmoitetaan niille, joille tiedot on luovutettu.",
        "Tarkastus on maksuton.",
    ],
)
def test_current_wording_is_not_reported(text):
    from kirjaamo.profile.lint import WORDINGS

    assert codes(with_text(text)).isdisjoint({w.code for w in WORDINGS})


def test_wording_is_scanned_in_every_language():
    data = minimal()
    data["rights"]["extra"] = {
        "fi": "Ei mitään.",
        "sv": "Begäran ska vara undertecknad.",
        "en": "-",
    }
    assert the_finding(data, "signature-required").path == "rights.extra.sv"


def test_lint_text_reports_each_rule_once_per_line_with_its_line_number():
    text = (
        "REKISTERISELOSTE\n"
        "Henkilötietolaki (523/1999) 10 §\n"
        "\n"
        "Tarkastuspyyntö on allekirjoitettava. Korjauspyyntö on allekirjoitettava.\n"
        "Valvontaviranomainen: PL 800, Ratapihantie 9, 00521 Helsinki.\n"
    )
    found = [(f.line, f.label) for f in lint_text(text)]
    assert found == [
        (1, "repealed-law"),
        (2, "repealed-law"),
        (4, "GDPR-12-ID"),
        (5, "FI-TSL-DPA"),
    ]
    assert lint_text("Pyynnöt voi tehdä millä tahansa kanavalla.") == []


def test_a_finding_formats_as_file_line_rule_path_message():
    finding = Finding("x", "GDPR-13-2a", "data_categories[0]", 12, "No rule.")
    assert finding.format("p.yaml") == "p.yaml:12: [GDPR-13-2a] data_categories[0]: No rule."
    untagged = Finding("translation-missing", None, "", None, "Missing.")
    assert untagged.format(None) == "<profile>: [translation-missing] Missing."
    assert finding.as_dict() == {
        "code": "x",
        "rule": "GDPR-13-2a",
        "path": "data_categories[0]",
        "line": 12,
        "message": "No rule.",
    }


def test_findings_are_ordered_by_line():
    data = minimal()
    data["retention"] = []
    data["purposes"][0]["text"] = "Palvelu"
    lines = [f.line or 0 for f in findings(data)]
    assert len(lines) == 2
    assert lines == sorted(lines)


def test_every_check_is_exercised_by_a_test():
    # The rule list is the contract of docs/profile.md; a new check needs a test above.
    from kirjaamo.profile import lint as module

    tested = {
        "_controller_contact",
        "_dpo",
        "_legitimate_interest",
        "_recipients",
        "_transfers",
        "_retention",
        "_consent",
        "_provision",
        "_sources",
        "_unused_purposes",
        "_objection",
        "_traffic",
        "_call_recording",
        "_directory",
        "_wording",
        "_translations",
    }
    checks: tuple[Callable[..., Any], ...] = module.CHECKS
    assert {check.__name__ for check in checks} == tested
    assert {w.code for w in module.WORDINGS} == {code for code, _rule, _text in WORDING_CASES}
