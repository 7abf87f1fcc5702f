from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kirjaamo.accounts.gates import user_roles
from kirjaamo.accounts.models import User
from kirjaamo.audit.models import AuditEvent
from kirjaamo.billing.models import Invoice
from kirjaamo.cli import main
from kirjaamo.communications.models import CallRecording
from kirjaamo.contracts.models import Contract
from kirjaamo.demo.credentials import DEMO_USERS
from kirjaamo.parties.models import Person
from kirjaamo.parties.selectors import person_hetu


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_loads_customers_with_contracts_invoices_and_logins(
    db, media, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")
    call_command("register_demo", persons=6)
    out = capsys.readouterr().out
    assert (
        Person.objects.filter(party__customer_roles__customer_number__startswith="D").count() == 6
    )
    assert Contract.objects.count() >= 6
    assert Invoice.objects.count() >= 30
    assert CallRecording.objects.count() >= 1
    password = (media / "demo_password").read_text().strip()
    assert oct((media / "demo_password").stat().st_mode)[-3:] == "600"
    assert f"password for all: {password}" in out
    for username, role, _first, _last in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert user_roles(user) == {role}
        assert username in out


def test_demo_is_idempotent(db, media) -> None:
    call_command("register_demo", persons=4)
    persons, invoices = Person.objects.count(), Invoice.objects.count()
    call_command("register_demo", persons=4)
    assert Person.objects.count() == persons
    assert Invoice.objects.count() == invoices
    assert User.objects.count() == len(DEMO_USERS)


def test_demo_data_is_audited_without_personal_values(db, media) -> None:
    call_command("register_demo", persons=3)
    events = json.dumps(
        list(AuditEvent.objects.values("action", "fields", "detail", "actor_label")),
        default=str,
    )
    assert "demo.loaded" in events
    for person in Person.objects.all():
        assert person.last_name not in events
        hetu = person_hetu(person)
        assert hetu and hetu not in events
        for cp in person.party.contact_points.all():
            for value in (cp.phone, cp.email, cp.street):
                if value:
                    assert value not in events


def test_demo_rejects_an_out_of_range_size(db, media) -> None:
    with pytest.raises(CommandError) as info:
        call_command("register_demo", persons=0)
    assert info.value.returncode == 2


def test_serve_runs_gunicorn_with_the_given_bind(db, media, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")
    seen: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda path, argv: seen.append(argv))
    monkeypatch.setattr(
        "kirjaamo.demo.management.commands.register_serve.call_command", lambda *a, **k: None
    )
    call_command("register_serve", host="127.0.0.1", port=8123, workers=3)
    argv = seen[0]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"
    assert "kirjaamo.wsgi:application" in argv
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


def test_serve_rejects_a_bad_port(db, media) -> None:
    with pytest.raises(CommandError) as info:
        call_command("register_serve", port=70000)
    assert info.value.returncode == 2


def test_cli_help_lists_every_command(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "serve", "import", "generate", "bench", "manage"):
        assert name in out


def test_cli_without_a_command_is_a_usage_error(capsys) -> None:
    assert main([]) == 2


def test_cli_rejects_an_unknown_command(capsys) -> None:
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_cli_passes_exit_codes_of_management_commands_through(db, media) -> None:
    assert main(["demo", "--persons", "0"]) == 2


def test_commands_speak_the_operator_language(db, media, monkeypatch) -> None:
    from kirjaamo.lib.commands import cli_language

    monkeypatch.delenv("KIRJAAMO_LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "sv_FI.UTF-8")
    assert cli_language() == "sv"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert cli_language() == "fi"
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")
    assert cli_language() == "en"
