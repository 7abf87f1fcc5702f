"""The access policy, as one table: every gate × every persona.

The table below IS the documented first permission split (DESIGN.md "Who uses it"). A new gate in
kirjaamo/accounts/gates.py fails this test until its row is added here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from kirjaamo.accounts import gates
from kirjaamo.accounts.models import RoleGrant, User
from kirjaamo.accounts.services import role_revoke, user_deactivate
from kirjaamo.audit.actor import Actor

PERSONAS = ["alice", "bob", "charlie", "dora", "adam", "ines", "mark", "inactive", "anonymous"]
# Who is allowed; everybody else in PERSONAS is denied.
POLICY: dict[str, set[str]] = {
    "can_search_register": {"alice", "bob", "dora"},
    "can_view_party": {"alice", "bob", "dora"},
    "can_create_party": {"alice", "dora"},
    "can_edit_identity": {"alice", "dora"},
    "can_edit_contact_points": {"alice", "bob", "dora"},
    "can_view_contracts": {"alice", "bob", "dora"},
    "can_view_billing": {"alice", "bob", "dora"},
    "can_view_notes": {"alice", "dora"},
    "can_write_notes": {"alice", "dora"},
    "can_view_recordings": {"alice", "dora"},
    "can_add_recordings": {"alice", "dora"},
    "can_view_messages": {"alice", "bob", "dora"},
    "can_view_history": {"alice", "bob", "dora"},
    "can_view_audit": {"dora"},
    "can_manage_profile": {"dora"},
    "can_manage_staff": {"adam"},
}
PURPOSES = {
    "alice": "customer_service",
    "bob": "billing",
    "dora": "data_protection",
    "charlie": "administration",
    "adam": "administration",
    "ines": "administration",
    "mark": "administration",
    "inactive": "administration",
    "anonymous": "administration",
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; these tests are about roles, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def gate_functions() -> dict[str, Callable[[Any], bool]]:
    return {
        name: function
        for name, function in inspect.getmembers(gates, inspect.isfunction)
        if name.startswith("can_") and function.__module__ == gates.__name__
    }


@pytest.fixture
def personas(
    alice: User,
    bob: User,
    charlie: User,
    dora: User,
    adam: User,
    ines: User,
    mark: User,
    make_user: Callable[..., User],
    actor: Actor,
) -> dict[str, Any]:
    # A former customer-service agent: still holds the grant, but the account is closed.
    inactive = make_user("irma", ["customer_service"])
    user_deactivate(actor=actor, user=inactive)
    return {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "dora": dora,
        "adam": adam,
        "ines": ines,
        "mark": mark,
        "inactive": User.objects.get(pk=inactive.pk),
        "anonymous": AnonymousUser(),
    }


def test_the_policy_table_covers_every_gate() -> None:
    assert set(POLICY) == set(gate_functions())


@pytest.mark.django_db
def test_gate_matrix(personas: dict[str, Any]) -> None:
    functions = gate_functions()
    expected = {(gate, who): who in allowed for gate, allowed in POLICY.items() for who in PERSONAS}
    actual = {(gate, who): functions[gate](personas[who]) for gate in POLICY for who in PERSONAS}
    wrong = sorted(key for key in expected if expected[key] != actual[key])
    assert wrong == [], f"gate decisions differ from the policy for {wrong}"
    for who in PERSONAS:
        assert gates.purpose_for(personas[who]) == PURPOSES[who], who


@pytest.mark.django_db
def test_none_is_denied_everything() -> None:
    for gate in gate_functions().values():
        assert gate(None) is False
    assert gates.user_roles(None) == frozenset()


@pytest.mark.django_db
def test_a_revoked_role_no_longer_opens_the_gate(alice: User, actor: Actor) -> None:
    assert gates.can_view_notes(alice)
    grant = RoleGrant.objects.get(user=alice, role="customer_service")
    role_revoke(actor=actor, grant=grant, reason="moved to another team")
    fresh = User.objects.get(pk=alice.pk)  # roles are cached per request/user object
    assert not gates.can_view_notes(fresh)
    assert gates.user_roles(fresh) == frozenset()


@pytest.mark.django_db
def test_roles_combine(make_user: Callable[..., User]) -> None:
    both = make_user("berit", ["billing", "admin"])
    assert gates.can_view_billing(both)
    assert gates.can_manage_staff(both)
    assert not gates.can_view_notes(both)
    assert gates.purpose_for(both) == "billing"


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@pytest.mark.django_db
def test_require_sends_anonymous_users_to_login_and_refuses_staff_without_access(
    alice: User, charlie: User
) -> None:
    view = gates.require(gates.can_view_notes)(_view)
    request = RequestFactory().get("/parties/1/notes/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert "/parties/1/notes/" in response["Location"]
    request.user = charlie
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = alice
    assert view(request).status_code == 200
