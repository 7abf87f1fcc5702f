from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connections

from kirjaamo import cli
from kirjaamo.audit.models import AuditEvent
from kirjaamo.imports.tests.files import PERSON_HEADER, person_rows, write_csv
from kirjaamo.parties.models import ContactPoint, Customer, Party


@pytest.fixture(autouse=True)
def keep_connection(monkeypatch) -> None:
    # A command run from the command line closes its database connections when it ends; in a
    # test that would close the connection holding the test's transaction (PostgreSQL).
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.fixture
def rows() -> list[list[str]]:
    return person_rows(6, seed=21)


@pytest.fixture
def good(tmp_path, rows):
    return write_csv(tmp_path / "persons.csv", PERSON_HEADER, rows)


@pytest.fixture
def bad(tmp_path, rows):
    broken = [list(r) for r in rows]
    broken[1][3] = broken[1][3][:-1] + ("X" if broken[1][3][-1] != "X" else "Y")  # checksum
    broken[4][9] = "not-an-address"
    return write_csv(tmp_path / "broken.csv", PERSON_HEADER, broken)


def personal_values(rows: list[list[str]]) -> list[str]:
    return [value for row in rows for value in row[1:4] + row[5:6] + row[8:]]


def test_it_imports_and_exits_0_with_a_summary(db, good, rows, capsys) -> None:
    assert cli.main(["import", "persons", str(good), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "Imported 6 rows: 6 created, 0 updated, 0 unchanged." in out
    assert "Contact points added: 18." in out
    assert Party.objects.count() == 6
    assert AuditEvent.objects.filter(action="import.persons").count() == 1
    assert all(value not in out + err for value in personal_values(rows))


def test_problems_exit_1_list_row_column_and_reason_and_write_nothing(
    db, bad, rows, capsys
) -> None:
    assert cli.main(["import", "persons", str(bad), "--no-progress"]) == 1
    out, err = capsys.readouterr()
    assert "Row 3, column hetu: Not a valid Finnish personal identity code (HETU)." in err
    assert "Row 6, column email: Not a valid e-mail address." in err
    assert "2 problems in the file; nothing was written." in err
    assert not Party.objects.exists() and not AuditEvent.objects.exists()
    assert all(value not in out + err for value in personal_values(rows))


def test_the_report_csv_lists_the_same_problems(db, bad, rows, tmp_path) -> None:
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError) as info:
        call_command(
            "register_import", "persons", str(bad), "--report", str(report), "--no-progress"
        )
    assert info.value.returncode == 1
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["row", "column", "reason"],
        ["3", "hetu", "Not a valid Finnish personal identity code (HETU)."],
        ["6", "email", "Not a valid e-mail address."],
    ]
    assert all(value not in raw.decode("utf-8-sig") for value in personal_values(rows))


def test_a_clean_file_gives_an_empty_report(db, good, tmp_path) -> None:
    report = tmp_path / "errors.csv"
    call_command("register_import", "persons", str(good), "--report", str(report), "--no-progress")
    assert report.read_text("utf-8-sig").splitlines() == ["row;column;reason"]


def test_a_dry_run_exits_0_and_writes_nothing(db, good, capsys) -> None:
    assert cli.main(["import", "persons", str(good), "--dry-run", "--no-progress"]) == 0
    out, _err = capsys.readouterr()
    assert "Dry run: all 6 rows are valid. The import would create 6" in out
    assert not Party.objects.exists() and not AuditEvent.objects.exists()


def test_the_source_option_is_given_to_the_contact_points(db, good) -> None:
    call_command("register_import", "persons", str(good), "--source", "partner", "--no-progress")
    assert set(ContactPoint.objects.values_list("source", flat=True)) == {"partner"}


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "people", "x.csv"],
        ["import", "persons"],
        ["import", "persons", "x.csv", "--source", "rumour"],
    ],
)
def test_bad_usage_exits_2(db, argv, capsys) -> None:
    assert cli.main([*argv, "--no-progress"]) == 2


def test_an_unreadable_file_exits_2(db, tmp_path, capsys) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("customer_number;first_names;last_name\nA1;Äijä;Ö\n".encode("latin-1"))
    assert cli.main(["import", "persons", str(path), "--no-progress"]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert cli.main(["import", "persons", str(tmp_path / "missing.csv"), "--no-progress"]) == 2


def test_a_report_in_a_missing_folder_exits_2(db, good, tmp_path) -> None:
    with pytest.raises(CommandError) as info:
        call_command(
            "register_import", "persons", str(good), "--report", str(tmp_path / "no" / "e.csv")
        )
    assert info.value.returncode == 2
    assert not Party.objects.exists()


def test_a_database_error_exits_1_without_its_message(db, good, monkeypatch) -> None:
    def refuse(**kwargs):
        raise DatabaseError("duplicate key value (customer_number)=(C0000001)")

    monkeypatch.setattr("kirjaamo.imports.management.commands.register_import.import_file", refuse)
    with pytest.raises(CommandError) as info:
        call_command("register_import", "persons", str(good), "--no-progress")
    assert info.value.returncode == 1
    assert "nothing was written" in str(info.value)
    assert "C0000001" not in str(info.value)


def test_help_states_the_rules_and_exit_codes(capsys) -> None:
    assert cli.main(["import", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "NOTHING is written" in out
    assert "Exit codes: 0 imported" in out
    assert "--dry-run" in out and "--report" in out and "--source" in out


def test_a_large_file_shows_progress_on_stderr_unless_told_not_to(db, tmp_path, capsys):
    path = write_csv(tmp_path / "big.csv", PERSON_HEADER, person_rows(1200, seed=22))
    call_command("register_import", "persons", str(path), "--dry-run")
    assert "1200/" in capsys.readouterr().err
    call_command("register_import", "persons", str(path), "--dry-run", "--no-progress")
    assert "1200/" not in capsys.readouterr().err


def test_reasons_are_in_the_operators_language(db, bad, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "fi")
    report = tmp_path / "virheet.csv"
    with pytest.raises(CommandError):
        call_command(
            "register_import", "persons", str(bad), "--report", str(report), "--no-progress"
        )
    assert "Henkilötunnus ei kelpaa." in report.read_text("utf-8-sig")


def test_the_screen_shows_the_first_50_problems_and_points_to_the_report(
    db, tmp_path, rows, capsys
) -> None:
    broken = person_rows(60, seed=23)
    for row in broken:
        row[9] = "no-at-sign"
    path = write_csv(tmp_path / "many.csv", PERSON_HEADER, broken)
    assert cli.main(["import", "persons", str(path), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.count("column email") == 50
    assert "… and 10 more. Use --report FILE to get every problem." in err


def test_a_report_says_how_many_problems_it_does_not_list(tmp_path) -> None:
    from kirjaamo.imports.importer import ProblemLog
    from kirjaamo.imports.report import write_report

    log = ProblemLog(limit=2)
    for row in range(2, 7):
        log.add(row, "email", "Not a valid e-mail address.")
    assert (log.count, len(log.items)) == (5, 2)
    report = tmp_path / "r.csv"
    write_report(report, log.items, not_listed=log.count - len(log.items))
    lines = report.read_text("utf-8-sig").splitlines()
    assert lines[1:] == [
        "2;email;Not a valid e-mail address.",
        "3;email;Not a valid e-mail address.",
        ";;3 further problems are not listed.",
    ]


def test_help_names_every_kind_its_columns_and_the_choices(capsys) -> None:
    assert cli.main(["import", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "{persons,organisations,products,contracts,invoices}" in out
    assert "products: code*, name*, kind*, active" in out
    assert "payer_customer_number, user_customer_number" in out
    assert "collection_agency, collection_handed_over_on, collection_closed_on" in out
    assert "Product kinds: broadband, mobile, fixed_phone, tv, hosting, other." in out
    assert "products by code" in out


def test_the_summary_counts_products_roles_and_collection_cases(
    db, tmp_path, capsys, make_person
) -> None:
    products = write_csv(tmp_path / "p.csv", ["code", "name", "kind"], [["TV", "TV", "tv"]])
    assert cli.main(["import", "products", str(products), "--no-progress"]) == 0
    assert "Imported 1 rows: 1 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    holder, payer = (
        Customer.objects.get(party_id=make_person().pk).customer_number for _ in range(2)
    )
    contracts = write_csv(
        tmp_path / "c.csv",
        ["contract_number", "customer_number", "payer_customer_number", "opened_on", "products"],
        [["S-1", holder, payer, "1.3.2024", "TV"]],
    )
    assert cli.main(["import", "contracts", str(contracts), "--dry-run", "--no-progress"]) == 0
    assert (
        "Products to add to contracts: 1; connections to create: 0, to change: 0; payers and "
        "users to add: 1." in capsys.readouterr().out
    )
    assert cli.main(["import", "contracts", str(contracts), "--no-progress"]) == 0
    assert "payers and users added: 1." in capsys.readouterr().out
    invoices = write_csv(
        tmp_path / "i.csv",
        [
            "invoice_number",
            "customer_number",
            "issued_on",
            "due_on",
            "amount",
            "status",
            "collection_agency",
            "collection_handed_over_on",
        ],
        [["I-1", payer, "1.2.2026", "15.2.2026", "10", "in_collection", "Perintä Oy", "1.4.2026"]],
    )
    assert cli.main(["import", "invoices", str(invoices), "--no-progress"]) == 0
    assert "Collection cases opened: 1, closed: 0." in capsys.readouterr().out
