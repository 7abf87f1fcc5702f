"""Staff accounts and role grants. Each change is audited with the stated reason's length only
(the reason is free text written by staff and may name people, so it stays in the grant row)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirjaamo.accounts.choices import Role
from kirjaamo.accounts.models import RoleGrant, User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    roles: Iterable[str],
    reason: str,
    first_name: str = "",
    last_name: str = "",
    organisation_name: str = "",
    validate: bool = True,
) -> User:
    """Create a staff account with the given roles. Raises ValidationError on bad input."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        organisation_name=organisation_name,
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        kind=EventKind.SECURITY,
        action="staff.created",
        entity="accounts.User",
        entity_id=user.pk,
    )
    for role in roles:
        role_grant(actor=actor, user=user, role=role, reason=reason)
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: str, reason: str) -> RoleGrant:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not reason.strip():
        raise ValidationError({"reason": _("State the reason for granting access.")})
    if RoleGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).exists():
        raise ValidationError({"role": _("The user already has this role.")})
    grant = RoleGrant.objects.create(
        user=user,
        role=role,
        reason=reason.strip(),
        granted_by=actor.user,
        granted_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        kind=EventKind.SECURITY,
        action="staff.role_granted",
        entity="accounts.RoleGrant",
        entity_id=grant.pk,
        detail={"user_id": user.pk, "role": role},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant, reason: str) -> RoleGrant:
    if grant.revoked_at is not None:
        raise ValidationError({"role": _("This role has already been revoked.")})
    if not reason.strip():
        raise ValidationError({"reason": _("State the reason for revoking access.")})
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor.user
    grant.revoke_reason = reason.strip()
    grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        kind=EventKind.SECURITY,
        action="staff.role_revoked",
        entity="accounts.RoleGrant",
        entity_id=grant.pk,
        detail={"user_id": grant.user_id, "role": grant.role},
    )
    return grant


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Block the account from logging in; its grants and history stay for the access review."""
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        kind=EventKind.SECURITY,
        action="staff.deactivated",
        entity="accounts.User",
        entity_id=user.pk,
        fields=["is_active"],
    )
    return user
