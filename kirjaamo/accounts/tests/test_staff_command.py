from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kirjaamo.accounts.gates import user_roles
from kirjaamo.accounts.models import RoleGrant, User
from kirjaamo.audit.models import AuditEvent

PASSWORD = "a-long-staff-passphrase-2026"


@pytest.fixture(autouse=True)
def english(monkeypatch) -> None:
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")


def add(monkeypatch, *args: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    call_command("register_staff", "add", *args, "--password-stdin")


def test_admin_creates_an_account_with_a_role_and_reason(db, monkeypatch) -> None:
    add(monkeypatch, "veera", "--role", "customer_service", "--reason", "new hire")
    user = User.objects.get(username="veera")
    assert user.check_password(PASSWORD)
    assert user_roles(user) == {"customer_service"}
    grant = RoleGrant.objects.get(user=user)
    assert grant.reason == "new hire"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"staff.created", "staff.role_granted"} <= actions
    event = AuditEvent.objects.get(action="staff.created")
    assert event.channel == "cli" and event.actor_label.startswith("cli:")


def test_it_rejects_a_weak_password(db, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12345\n"))
    with pytest.raises(CommandError) as info:
        call_command(
            "register_staff", "add", "w", "--role", "billing", "--reason", "x", "--password-stdin"
        )
    assert info.value.returncode == 1
    assert not User.objects.filter(username="w").exists()


def test_grant_and_revoke_need_a_reason_and_are_audited(db, monkeypatch) -> None:
    add(monkeypatch, "veera", "--role", "billing", "--reason", "new hire")
    call_command("register_staff", "grant", "veera", "dpo", "--reason", "deputy DPO")
    user = User.objects.get(username="veera")
    assert user_roles(user) == {"billing", "dpo"}
    call_command("register_staff", "revoke", "veera", "billing", "--reason", "moved team")
    user = User.objects.get(username="veera")
    assert user_roles(user) == {"dpo"}
    assert AuditEvent.objects.filter(action="staff.role_revoked").count() == 1
    with pytest.raises(CommandError):
        call_command("register_staff", "revoke", "veera", "billing", "--reason", "again")


def test_a_deactivated_account_has_no_roles_in_effect(db, monkeypatch) -> None:
    add(monkeypatch, "veera", "--role", "dpo", "--reason", "new hire")
    call_command("register_staff", "deactivate", "veera")
    user = User.objects.get(username="veera")
    assert not user.is_active
    assert user_roles(user) == frozenset()


def test_list_shows_accounts_and_active_roles(db, monkeypatch, capsys) -> None:
    add(monkeypatch, "veera", "--role", "dpo", "--reason", "new hire")
    capsys.readouterr()
    call_command("register_staff", "list")
    out = capsys.readouterr().out
    assert "veera" in out and "Data protection officer" in out


def test_it_reports_an_unknown_account(db) -> None:
    with pytest.raises(CommandError) as info:
        call_command("register_staff", "grant", "nobody", "dpo", "--reason", "x")
    assert info.value.returncode == 1
