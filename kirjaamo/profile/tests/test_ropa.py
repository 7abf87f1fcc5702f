"""The record of processing activities (GDPR-30): Art 30(1) columns a–g, one row per purpose, in
CSV, XLSX and HTML, from the command line and on the DPO's page."""

from __future__ import annotations

import csv
import io
from functools import cache
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kirjaamo.accounts.models import User
from kirjaamo.conftest import login
from kirjaamo.profile.loader import load_profile
from kirjaamo.profile.management.commands.register_ropa import Command
from kirjaamo.profile.notice import EXAMPLE_PROFILES, example_profile_path
from kirjaamo.profile.ropa import build_ropa, ropa_csv, ropa_html, ropa_xlsx
from kirjaamo.profile.schema import LANGUAGES, Profile
from kirjaamo.profile.tests.factories import dump, minimal, parse


@cache
def profile(name: str) -> Profile:
    return load_profile(example_profile_path(name))


@pytest.mark.parametrize("name", EXAMPLE_PROFILES)
def test_gdpr_30_it_has_one_row_per_purpose_and_every_column_a_to_g(name: str):
    p = profile(name)
    ropa = build_ropa(p, "en")
    assert {c.letter for c in ropa.columns} >= set("abcdefg")
    assert [row["id"] for row in ropa.as_dicts()] == [purpose.id for purpose in p.purposes]
    for row in ropa.as_dicts():
        for key in ("controller", "purpose", "data_subjects", "data_categories", "recipients"):
            assert row[key].strip(), f"{name}/{row['id']}: {key} is empty"
        for key in ("transfers", "retention", "security", "dpo"):
            assert row[key].strip(), f"{name}/{row['id']}: {key} is empty"
        assert p.controller.name in row["controller"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_columns_are_in_the_chosen_language(lang: str):
    ropa = build_ropa(profile("demo"), lang)
    titles = [c.title for c in ropa.columns]
    assert [t[:2] for t in titles if t[1:2] == ")"] == [
        "a)",
        "a)",
        "b)",
        "c)",
        "c)",
        "d)",
        "e)",
        "f)",
        "g)",
    ]
    purpose = profile("demo").purposes[0].text.get(lang)
    assert ropa.as_dicts()[0]["purpose"] == purpose


def test_a_row_holds_only_the_categories_recipients_and_retention_of_its_purpose():
    rows = {row["id"]: row for row in build_ropa(profile("demo"), "en").as_dicts()}
    calls = rows["call_records"]
    assert "Recordings of customer service calls" in calls["data_categories"]
    assert "Invoices" not in calls["data_categories"]
    # Debt collection agencies get invoices and collection cases, not recordings.
    assert "Debt collection agencies" not in calls["recipients"]
    assert "Debt collection agencies" in rows["collection"]["recipients"]
    # Recipients declared without categories may get anything: they are in every row.
    assert "Providers of system maintenance" in calls["recipients"]
    assert "6 months from the recording, then the data is deleted." in calls["retention"]
    assert "[FI-KPL-2:10-6Y]" in rows["accounting"]["retention"]


def test_third_country_transfers_and_their_safeguards_are_in_column_e():
    rows = {row["id"]: row for row in build_ropa(profile("solintech"), "en").as_dicts()}
    with_google = [row for row in rows.values() if "Google LLC" in row["recipients"]]
    assert with_google
    for row in with_google:
        assert "United States (outside the EU/EEA)" in row["recipients"]
        assert "Adequacy decision of the European Commission" in row["transfers"]
    demo = build_ropa(profile("demo"), "en").as_dicts()[0]
    assert "not transferred" in demo["transfers"]


def test_csv_is_excel_friendly_utf8_with_bom_and_semicolons():
    ropa = build_ropa(profile("demo"), "fi")
    data = ropa_csv(ropa)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [c.title for c in ropa.columns]
    assert len(rows) == 1 + len(profile("demo").purposes)
    assert "Esimerkkiverkko Oy" in rows[1][1]


def test_xlsx_has_a_header_row_and_one_row_per_purpose():
    ropa = build_ropa(profile("kasenet"), "sv")
    sheet = load_workbook(io.BytesIO(ropa_xlsx(ropa))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == [c.title for c in ropa.columns]
    assert len(values) == 1 + len(profile("kasenet").purposes)


def test_a_text_that_looks_like_a_formula_stays_text():
    data = minimal()
    data["purposes"][0]["text"] = '=HYPERLINK("http://x")'
    ropa = build_ropa(parse(data), "fi")
    rows = list(csv.reader(io.StringIO(ropa_csv(ropa).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    sheet = load_workbook(io.BytesIO(ropa_xlsx(ropa))).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_html_is_a_table_with_a_header_per_column():
    document = ropa_html(build_ropa(profile("demo"), "en"))
    assert document.startswith("<!doctype html>") or "<!doctype html>" in document[:40]
    assert '<html lang="en">' in document
    assert document.count('<th scope="col">') == len(build_ropa(profile("demo"), "en").columns)
    assert document.count('<th scope="row">') == len(profile("demo").purposes)


# --- command ------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(Command(), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_export_writes_csv_to_stdout_and_xlsx_to_a_file(tmp_path: Path):
    code, out, _ = run("export", "--format", "csv", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith("Processing activity (id);a) Controller")
    target = tmp_path / "ropa.xlsx"
    code, out, _ = run("export", "--format", "xlsx", "-o", str(target))
    assert code == 0 and target.read_bytes()[:2] == b"PK"


def test_export_refuses_a_broken_profile_with_exit_2(tmp_path: Path):
    data = minimal()
    data["purposes"][0]["legal_basis"] = "contrakt"
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump(data), encoding="utf-8")
    code, _, message = run("export", "--format", "csv", "--profile", str(bad))
    assert code == 2
    assert "cannot be used" in message


def test_export_refuses_binary_xlsx_to_a_text_stream():
    code, _, message = run("export", "--format", "xlsx")
    assert code == 2
    assert "-o FILE" in message


# --- the DPO page -------------------------------------------------------------------------------


def test_the_dpo_sees_the_ropa_page_with_download_links(client: Client, dora: User):
    login(client, dora)
    response = client.get(reverse("profile:ropa"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ropa-table" in body and "?lang=sv&amp;format=xlsx" in body
    download = client.get(reverse("profile:ropa"), {"lang": "sv", "format": "xlsx"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    as_csv = client.get(reverse("profile:ropa"), {"lang": "en", "format": "csv"})
    assert as_csv.content.decode("utf-8-sig").startswith("Processing activity (id)")


def test_customer_service_gets_403_on_the_ropa_page(client: Client, alice: User):
    login(client, alice)
    assert client.get(reverse("profile:ropa")).status_code == 403
    assert client.get(reverse("profile:ropa"), {"format": "csv"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, db: None):
    response = client.get(reverse("profile:ropa"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
