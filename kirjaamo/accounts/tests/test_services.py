"""Staff accounts and role grants: reasons required, one active grant per role, all audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kirjaamo.accounts.gates import user_roles
from kirjaamo.accounts.models import RoleGrant, User
from kirjaamo.accounts.services import role_grant, role_revoke, user_create, user_deactivate
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Channel
from kirjaamo.audit.models import AuditEvent
from kirjaamo.tests import assert_audit_free_of, events

pytestmark = pytest.mark.django_db

PASSWORD = "kuusi-kettua-kiipesi-kuuseen"
REASON = "Aloitti asiakaspalvelussa, esihenkilö Liisa Korhonen"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; only one test here is about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_actor(adam: User) -> Actor:
    return Actor(user=adam, channel=Channel.UI, purpose="administration")


def test_user_create_makes_an_account_with_roles_and_audits_it(
    admin_actor: Actor, adam: User, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    before = AuditEvent.objects.count()
    user = user_create(
        actor=admin_actor,
        username="petra",
        password=PASSWORD,
        roles=["customer_service", "billing"],
        reason=REASON,
        first_name="Petra",
        last_name="Niemi",
    )
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")
    assert user_roles(User.objects.get(pk=user.pk)) == {"customer_service", "billing"}
    grants = RoleGrant.objects.filter(user=user)
    assert {g.reason for g in grants} == {REASON}
    assert {g.granted_by_id for g in grants} == {adam.pk}
    assert AuditEvent.objects.count() == before + 3
    created = events("staff.created")[-1]
    assert (created.kind, created.entity, created.entity_id) == (
        "security",
        "accounts.User",
        user.pk,
    )
    assert created.actor_id == adam.pk
    granted = events("staff.role_granted")[-2:]
    assert sorted(str(e.detail["role"]) for e in granted) == ["billing", "customer_service"]
    assert {e.detail["user_id"] for e in granted} == {user.pk}
    assert_audit_free_of(REASON, "Liisa Korhonen", "Petra", "Niemi", PASSWORD)


def test_user_create_refuses_a_taken_username(admin_actor: Actor, alice: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=admin_actor, username="alice", password=PASSWORD, roles=[], reason="")
    assert list(excinfo.value.message_dict) == ["username"]


def test_user_create_validates_the_password(admin_actor: Actor) -> None:
    with pytest.raises(ValidationError):
        user_create(actor=admin_actor, username="petra", password="lyhyt", roles=[], reason="")
    assert not User.objects.filter(username="petra").exists()


def test_user_create_is_atomic_when_a_role_is_invalid(admin_actor: Actor) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        user_create(
            actor=admin_actor,
            username="petra",
            password=PASSWORD,
            roles=["customer_service", "superuser"],
            reason=REASON,
        )
    assert list(excinfo.value.message_dict) == ["role"]
    assert not User.objects.filter(username="petra").exists()
    assert AuditEvent.objects.count() == before


def test_user_create_without_reason_cannot_grant_roles(admin_actor: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        user_create(
            actor=admin_actor,
            username="petra",
            password=PASSWORD,
            roles=["dpo"],
            reason="  ",
        )
    assert list(excinfo.value.message_dict) == ["reason"]
    assert not User.objects.filter(username="petra").exists()


@pytest.mark.parametrize(
    ("role", "reason", "field"),
    [("root", REASON, "role"), ("dpo", "", "reason"), ("dpo", " \n ", "reason")],
)
def test_role_grant_needs_a_known_role_and_a_reason(
    admin_actor: Actor, charlie: User, role: str, reason: str, field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=admin_actor, user=charlie, role=role, reason=reason)
    assert list(excinfo.value.message_dict) == [field]
    assert not RoleGrant.objects.filter(user=charlie).exists()


def test_role_grant_refuses_a_duplicate_active_grant(admin_actor: Actor, alice: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=admin_actor, user=alice, role="customer_service", reason=REASON)
    assert list(excinfo.value.message_dict) == ["role"]
    assert RoleGrant.objects.filter(user=alice).count() == 1


def test_role_grant_and_revoke_are_audited_and_a_role_can_be_granted_again(
    admin_actor: Actor, charlie: User, adam: User
) -> None:
    before = AuditEvent.objects.count()
    grant = role_grant(actor=admin_actor, user=charlie, role="dpo", reason=f"  {REASON} ")
    assert grant.reason == REASON
    assert user_roles(User.objects.get(pk=charlie.pk)) == {"dpo"}
    role_revoke(actor=admin_actor, grant=grant, reason="Sijaisuus päättyi")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.revoked_by == adam
    assert grant.revoke_reason == "Sijaisuus päättyi"
    assert user_roles(User.objects.get(pk=charlie.pk)) == frozenset()
    again = role_grant(actor=admin_actor, user=charlie, role="dpo", reason="Uusi sijaisuus")
    assert again.pk != grant.pk
    assert AuditEvent.objects.count() == before + 3
    revoked = events("staff.role_revoked")[-1]
    assert revoked.kind == "security"
    assert revoked.entity_id == grant.pk
    assert revoked.detail == {"user_id": charlie.pk, "role": "dpo"}
    assert_audit_free_of(REASON, "Sijaisuus päättyi", "Uusi sijaisuus")


def test_role_revoke_needs_a_reason_and_an_active_grant(admin_actor: Actor, alice: User) -> None:
    grant = RoleGrant.objects.get(user=alice)
    with pytest.raises(ValidationError) as excinfo:
        role_revoke(actor=admin_actor, grant=grant, reason=" ")
    assert list(excinfo.value.message_dict) == ["reason"]
    grant.refresh_from_db()
    assert grant.revoked_at is None
    role_revoke(actor=admin_actor, grant=grant, reason="Lopetti")
    with pytest.raises(ValidationError) as excinfo:
        role_revoke(actor=admin_actor, grant=grant, reason="Lopetti uudestaan")
    assert list(excinfo.value.message_dict) == ["role"]


def test_user_deactivate_blocks_the_account_once(admin_actor: Actor, alice: User) -> None:
    before = AuditEvent.objects.count()
    user_deactivate(actor=admin_actor, user=alice)
    user_deactivate(actor=admin_actor, user=alice)
    assert AuditEvent.objects.count() == before + 1
    fresh = User.objects.get(pk=alice.pk)
    assert fresh.is_active is False
    assert user_roles(fresh) == frozenset()
    # The grant stays on record for the access review.
    assert RoleGrant.objects.filter(user=alice, revoked_at__isnull=True).exists()
    (event,) = events("staff.deactivated")
    assert event.fields == ["is_active"]
