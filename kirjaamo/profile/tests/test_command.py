"""`kirjaamo profile check|schema|scan`: exit codes 0/1/2, output, JSON shape, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kirjaamo.profile.management.commands.register_profile import Command, profile_json_schema
from kirjaamo.profile.tests.factories import dump, minimal

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[int, str]:
    """Run the command as `manage.py register_profile ARGS` would; (exit code, stdout)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command(Command(), *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.yaml"
    path.write_text(dump(minimal()), encoding="utf-8")
    return path


@pytest.fixture
def with_findings(tmp_path: Path) -> Path:
    data = minimal()
    data["retention"] = []
    data["purposes"][0]["legal_basis"] = "consent"
    path = tmp_path / "findings.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    data = minimal()
    data["purposes"][0]["legal_basis"] = "contrakt"
    data["controller"]["emial"] = "x@example.fi"
    path = tmp_path / "broken.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def test_check_exits_0_on_a_clean_profile(clean: Path):
    code, out = run("check", str(clean))
    assert code == 0
    assert out.strip() == "No errors or findings."


def test_check_exits_1_with_findings_only_and_lists_them(with_findings: Path):
    code, out = run("check", str(with_findings))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{with_findings}:") for line in lines)
    assert any("[GDPR-13-2a] data_categories[0]: " in line for line in lines)
    assert any("[GDPR-13-2c] rights: " in line for line in lines)


def test_check_exits_2_on_errors_and_lists_them_with_line_and_path(broken: Path):
    code, out = run("check", str(broken))
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}:")
    assert ": error: controller.emial: Unknown key" in lines[0]
    assert ": error: purposes[0].legal_basis: " in lines[1]


def test_check_exits_2_on_an_unreadable_file(tmp_path: Path):
    code, out = run("check", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "Cannot read the file" in out


def test_check_json_has_file_ok_errors_and_findings(with_findings: Path, broken: Path):
    code, out = run("check", str(with_findings), "--json")
    assert code == 1
    result = json.loads(out)
    assert set(result) == {"file", "ok", "errors", "findings"}
    assert result["ok"] is True
    assert result["errors"] == []
    assert {f["rule"] for f in result["findings"]} == {"GDPR-13-2a", "GDPR-13-2c"}
    assert set(result["findings"][0]) == {"code", "rule", "path", "line", "message"}

    code, out = run("check", str(broken), "--json")
    assert code == 2
    result = json.loads(out)
    assert result["ok"] is False
    assert result["findings"] == []
    assert set(result["errors"][0]) == {"file", "line", "column", "path", "message"}
    assert {e["path"] for e in result["errors"]} == {"controller.emial", "purposes[0].legal_basis"}


def test_the_command_line_shows_no_traceback(broken: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "register_profile", "check", str(broken)])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "2 errors" in captured.err


def test_schema_prints_the_json_schema_that_is_committed():
    code, out = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema == profile_json_schema()
    assert schema["title"] == "Kirjaamo register profile"
    assert "controller" in schema["required"]
    committed = json.loads((ROOT / "profiles" / "profile.schema.json").read_text("utf-8"))
    assert committed == schema, "run `kirjaamo profile schema -o profiles/profile.schema.json`"


def test_schema_writes_a_file(tmp_path: Path):
    target = tmp_path / "schema.json"
    assert run("schema", "-o", str(target)) == (0, "")
    assert json.loads(target.read_text("utf-8")) == profile_json_schema()
    code, _out = run("schema", "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert code == 2


def test_scan_reports_outdated_wording_in_a_text_file(tmp_path: Path):
    notice = tmp_path / "seloste.txt"
    notice.write_text("REKISTERISELOSTE\nPyynnöt voi tehdä sähköpostilla.\n", encoding="utf-8")
    code, out = run("scan", str(notice))
    assert code == 1
    assert out.splitlines() == [
        f"{notice}:1: [repealed-law] "
        + "Refers to the Henkilötietolaki 523/1999 or its 'rekisteriseloste', repealed on "
        + "1.1.2019: refer to the GDPR and the Tietosuojalaki 1050/2018 instead."
    ]
    code, out = run("scan", str(notice), "--json")
    assert json.loads(out)["findings"][0]["line"] == 1

    notice.write_text("Pyynnöt voi tehdä sähköpostilla.\n", encoding="utf-8")
    assert run("scan", str(notice))[0] == 0
    notice.write_bytes(b"\xff\xfe\x00")
    assert run("scan", str(notice))[0] == 2
    assert run("scan", str(tmp_path / "none.txt"))[0] == 2


def test_the_output_is_in_the_operators_language(clean: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "fi")
    code, out = run("check", str(clean))
    assert code == 0
    assert out.strip() != "No errors or findings."
