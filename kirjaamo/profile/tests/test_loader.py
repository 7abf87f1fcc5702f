"""A malformed profile gets located, plain-worded errors: file, line, path — never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kirjaamo.profile.loader import ProfileError, ProfileIssue, load_profile, parse_profile
from kirjaamo.profile.tests.factories import dump, minimal


def issues_of(text: str) -> list[ProfileIssue]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, file="bad.yaml")
    assert caught.value.issues
    return caught.value.issues


def only_issue(text: str) -> ProfileIssue:
    issues = issues_of(text)
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_it_loads_a_valid_file(tmp_path: Path):
    path = tmp_path / "ok.yaml"
    path.write_text("# a comment\n" + dump(minimal()), encoding="utf-8")
    assert load_profile(path).controller.name == "Testiverkko Oy"


def test_it_reports_yaml_syntax_errors_with_line_and_column():
    text = dump(minimal()).replace("name: Testiverkko Oy", "name: [Testiverkko Oy")
    issue = only_issue(text)
    assert issue.file == "bad.yaml"
    assert issue.line is not None and issue.column is not None
    assert issue.message.startswith("This is not valid YAML:")


def test_a_colon_inside_a_value_is_explained():
    text = dump(minimal()).replace("name: Testiverkko Oy", "name: Huom: Testiverkko Oy")
    issue = only_issue(text)
    assert issue.line == line_of(text, "Huom:")
    assert "put the whole text in quotes" in issue.message


@pytest.mark.parametrize(
    ("text", "line"), [("controller:\n\tname: x\n", 2), ("controller:\n  name: x\n\tfoo: 1\n", 3)]
)
def test_tabs_are_explained(text, line):
    issue = only_issue(text)
    assert issue.line == line
    assert "indent with spaces" in issue.message


def test_it_rejects_an_unknown_key_with_its_line_and_path():
    text = dump(minimal()).replace("  email: info@example.fi", "  emial: info@example.fi")
    issues = issues_of(text)
    unknown = next(i for i in issues if i.path == "controller.emial")
    assert unknown.line == line_of(text, "emial")
    assert 'Unknown key "emial"' in unknown.message


def test_an_unquoted_phone_number_is_shown_as_written_with_a_quoting_hint():
    # YAML reads 0401043324 as an octal integer; the message shows what the file says.
    text = dump(minimal()).replace(
        "  email: info@example.fi", "  email: info@example.fi\n  phone: 0401043324"
    )
    issue = only_issue(text)
    assert issue.path == "controller.phone"
    assert issue.line == line_of(text, "phone:")
    assert '"0401043324"' in issue.message
    assert "quotes" in issue.message


def test_a_wrong_type_names_the_expected_type():
    data = minimal()
    data["sources"][0]["publicly_available"] = "maybe"
    issue = only_issue(dump(data))
    assert issue.path == "sources[0].publicly_available"
    assert "true or false" in issue.message


def test_a_text_without_finnish_is_rejected_at_its_line():
    data = minimal()
    data["registers"][0]["name"] = {"sv": "Kundregister", "en": "Customer register"}
    text = dump(data)
    issue = only_issue(text)
    assert issue.path == "registers[0].name.fi"
    # The nearest line present: the text's own key, just above its sv: line.
    assert issue.line == line_of(text, "sv: Kundregister") - 1
    assert 'Required key "fi" is missing' in issue.message


def test_a_bad_legal_basis_lists_the_six_bases_with_their_article_points():
    data = minimal()
    data["purposes"][0]["legal_basis"] = "contrakt"
    text = dump(data)
    issue = only_issue(text)
    assert issue.path == "purposes[0].legal_basis"
    assert issue.line == line_of(text, "legal_basis:")
    assert '"contrakt" is not allowed here' in issue.message
    assert "contract (6(1)(b))" in issue.message
    assert "legitimate_interests (6(1)(f))" in issue.message


def test_a_missing_required_section_is_reported_at_the_top():
    data = minimal()
    del data["transfers"]
    issue = only_issue(dump(data))
    assert issue.path == "transfers"
    assert issue.line == 1
    assert 'Required key "transfers" is missing' in issue.message


def test_a_dangling_reference_names_the_declared_ids():
    data = minimal()
    data["data_categories"][0]["purposes"] = ["service", "marketing"]
    text = dump(data)
    issue = only_issue(text)
    assert issue.path == "data_categories[0].purposes[1]"
    assert issue.line == line_of(text, "- marketing")
    assert issue.message == 'Unknown purpose "marketing". Declared purposes: service.'


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sources", ["registry"], 'Unknown source "registry"'),
        ("subjects", ["visitors"], 'Unknown data subject group "visitors"'),
    ],
)
def test_category_references_are_checked(key, value, message):
    data = minimal()
    data["data_categories"][0][key] = value
    issue = only_issue(dump(data))
    assert issue.path == f"data_categories[0].{key}[0]"
    assert message in issue.message


def test_retention_and_recipient_references_are_checked():
    data = minimal()
    data["retention"][0]["category"] = "contacts"
    data["recipients"][0]["categories"] = ["invoices"]
    issues = issues_of(dump(data))
    assert {i.path for i in issues} == {"retention[0].category", "recipients[0].categories[0]"}


def test_a_duplicate_id_is_an_error():
    data = minimal()
    data["purposes"].append({"id": "service", "text": "Toinen", "legal_basis": "consent"})
    issue = only_issue(dump(data))
    assert issue.path == "purposes[1].id"
    assert "used twice" in issue.message


def test_a_duplicate_key_is_an_error_although_yaml_allows_it():
    text = dump(minimal()).replace(
        "  email: info@example.fi", "  email: info@example.fi\n  email: other@example.fi"
    )
    issue = only_issue(text)
    assert issue.path == "controller.email"
    assert issue.line == line_of(text, "other@example.fi")


def test_an_unknown_model_field_is_an_error_with_its_line():
    data = minimal()
    data["data_categories"][0]["fields"] = ["parties.Person.first_name", "parties.Persona.x"]
    text = dump(data)
    issues = issues_of(text)
    assert [(i.path, i.line) for i in issues] == [
        ("data_categories[0].fields[0]", line_of(text, "parties.Person.first_name")),
        ("data_categories[0].fields[1]", line_of(text, "parties.Persona.x")),
    ]
    assert issues[0].message == "The model parties.Person has no field first_name."
    assert issues[1].message == "There is no model parties.Persona in Kirjaamo."


def test_a_malformed_field_reference_is_explained():
    data = minimal()
    data["data_categories"][0]["fields"] = ["Person.first_names"]
    issue = only_issue(dump(data))
    assert "app_label.Model.field" in issue.message


def test_a_field_declared_in_two_categories_is_an_error():
    data = minimal()
    data["data_categories"].append(
        {
            "id": "more",
            "text": "Lisää",
            "fields": ["parties.Person.last_name"],
            "purposes": ["service"],
        }
    )
    issue = only_issue(dump(data))
    assert issue.path == "data_categories[1].fields[0]"
    assert 'already declared in category "identity"' in issue.message


def test_an_invalid_business_id_and_email_are_rejected():
    data = minimal()
    data["controller"]["business_id"] = "0245974-8"
    data["controller"]["email"] = "not-an-address"
    issues = issues_of(dump(data))
    assert [i.path for i in issues] == ["controller.business_id", "controller.email"]
    assert "Y-tunnus" in issues[0].message


def test_errors_are_listed_in_file_order():
    data = minimal()
    data["rights"]["languages"] = ["fi", "de"]
    data["controller"]["website"] = 5
    issues = issues_of(dump(data))
    lines = [i.line or 0 for i in issues]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        ("- a\n- b\n", "The file must be a mapping"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: !!python/object:os.system x\n", "not allowed here"),
    ],
)
def test_files_that_are_not_a_profile_are_explained(text, message):
    assert message in only_issue(text).message


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path):
    with pytest.raises(ProfileError) as caught:
        load_profile(tmp_path / "nope.yaml")
    (issue,) = caught.value.issues
    assert issue.line is None
    assert issue.message.startswith("Cannot read the file")


def test_a_file_that_is_not_utf8_is_an_error_with_its_line(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("controller:\n  name: Äänekosken Verkko\n".encode("latin-1"))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    (issue,) = caught.value.issues
    assert issue.line == 2
    assert "UTF-8" in issue.message


def test_the_error_formats_as_file_line_path_message():
    issue = ProfileIssue("p.yaml", 7, "purposes[0].legal_basis", "Bad.")
    assert issue.format() == "p.yaml:7: purposes[0].legal_basis: Bad."
    assert ProfileIssue("p.yaml", None, "", "Gone.").format() == "p.yaml: Gone."
    error = ProfileError([issue])
    assert str(error) == "p.yaml:7: purposes[0].legal_basis: Bad."


def test_a_control_character_is_reported_at_its_line():
    text = dump(minimal()).replace("Testiverkko Oy", "Testiverkko\x07 Oy")
    issue = only_issue(text)
    assert issue.line == line_of(text, "Testiverkko\x07")
    assert "control character" in issue.message


def test_a_text_given_as_a_list_is_explained():
    data = minimal()
    data["purposes"][0]["text"] = ["Palvelu", "Tjänst"]
    issue = only_issue(dump(data))
    assert issue.path == "purposes[0].text"
    assert "a mapping with fi:" in issue.message


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("country: NO", 'YAML reads "NO" as a number or a yes/no value; put it in quotes'),
        ("country: Finland", '"Finland" is not a two-letter country code'),
    ],
)
def test_country_codes_are_checked_with_the_norway_trap_explained(written, message):
    data = minimal()
    data["recipients"][0]["country"] = "XX"
    text = dump(data).replace("country: XX", written)
    issue = only_issue(text)
    assert issue.path == "recipients[0].country"
    assert message in issue.message


def test_a_finnish_postal_code_must_have_five_digits():
    data = minimal()
    data["controller"]["address"]["postal_code"] = "1001"
    issue = only_issue(dump(data))
    assert issue.path == "controller.address"
    assert "five digits" in issue.message


def test_an_unknown_id_with_nothing_declared_says_none():
    data = minimal()
    data["recipients"] = []
    data["transfers"] = {
        "destinations": [
            {"recipient": "google", "description": "x", "safeguard": "adequacy_decision"}
        ]
    }
    issue = only_issue(dump(data))
    assert issue.path == "transfers.destinations[0].recipient"
    assert issue.message == 'Unknown recipient "google". Declared recipients: none.'


def test_an_error_type_without_its_own_sentence_keeps_pydantics_words():
    from kirjaamo.profile.loader import _pydantic_message

    error = {"type": "url_parsing", "loc": ("x",), "msg": "Input should be a valid URL", "input": 1}
    assert _pydantic_message(error, None) == "Invalid value: Input should be a valid URL."  # type: ignore[arg-type]


def test_a_section_given_as_text_is_explained():
    data = minimal()
    data["security"] = "Salasanat"
    issue = only_issue(dump(data))
    assert issue.path == "security"
    assert issue.message == 'Expected a mapping of keys, not "Salasanat".'


def test_a_required_list_must_not_be_empty():
    data = minimal()
    data["registers"] = []
    issue = only_issue(dump(data))
    assert issue.path == "registers"
    assert issue.message == "This list must have at least one item."


@pytest.mark.parametrize(
    "text",
    [
        "controller:\n  name: Huom: x\n",
        "controller:\n\tname: x\n",
        "a: [1,\nb: 2\n",
        "a: 1\na: 2\n",
        "a: 'open\n",
    ],
)
def test_the_pure_python_parser_reports_the_same_errors(text, monkeypatch):
    # Kirjaamo uses libyaml when PyYAML has it and PyYAML's own parser otherwise.
    import yaml

    from kirjaamo.profile import loader

    fast = [(i.line, i.message) for i in issues_of(text)]
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    assert [(i.line, i.message) for i in issues_of(text)] == fast
