"""Access gates: the one place that decides which role may do what.

Every view, command and (later) API endpoint asks these functions; nothing else inspects roles.
One condition per line so a review can read the policy straight off the code. The security issue
hardens this with a route × role matrix test; keep new decisions here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from kirjaamo.accounts.choices import Role
from kirjaamo.audit.choices import Purpose

CS = Role.CUSTOMER_SERVICE
BILLING = Role.BILLING
DPO = Role.DPO
ADMIN = Role.ADMIN


def user_roles(user: Any) -> frozenset[str]:
    """The user's active roles, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_kirjaamo_roles", None)
    if cached is None:
        cached = frozenset(
            user.grants.filter(revoked_at__isnull=True).values_list("role", flat=True)
        )
        user._kirjaamo_roles = cached
    return cached


def _has_any(user: Any, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def can_search_register(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_view_party(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_create_party(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_edit_identity(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_edit_contact_points(user: Any) -> bool:
    # Billing keeps payer addresses current; customer service everything else.
    return _has_any(user, CS, BILLING, DPO)


def can_view_contracts(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_view_billing(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_view_notes(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_write_notes(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_view_recordings(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_view_messages(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_add_recordings(user: Any) -> bool:
    return _has_any(user, CS, DPO)


def can_view_history(user: Any) -> bool:
    return _has_any(user, CS, BILLING, DPO)


def can_view_audit(user: Any) -> bool:
    return _has_any(user, DPO)


def can_manage_profile(user: Any) -> bool:
    # Publishing the privacy notice, its version history and the ROPA are the DPO's.
    return _has_any(user, DPO)


def can_manage_staff(user: Any) -> bool:
    return _has_any(user, ADMIN)


def purpose_for(user: Any) -> str:
    """The processing purpose a consultation through the staff UI is recorded with."""
    roles = user_roles(user)
    if CS in roles:
        return Purpose.CUSTOMER_SERVICE
    if BILLING in roles:
        return Purpose.BILLING
    if DPO in roles:
        return Purpose.DATA_PROTECTION
    return Purpose.ADMINISTRATION


F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def require(gate: Callable[[Any], bool]) -> Callable[[F], F]:
    """View decorator: 403 unless `gate(request.user)`; anonymous users go to the login page."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not gate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
