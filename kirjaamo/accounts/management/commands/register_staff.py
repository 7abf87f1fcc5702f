"""`kirjaamo staff`: create staff accounts and grant or revoke roles, with reasons."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kirjaamo.accounts.choices import Role
from kirjaamo.accounts.models import RoleGrant, User
from kirjaamo.accounts.services import role_grant, role_revoke, user_create, user_deactivate
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.lib.commands import RegisterCommand


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(RegisterCommand):
    help = (
        "Manage staff accounts. `add USERNAME --role ROLE --reason TEXT` creates a personal "
        "account (password from --password-stdin or asked twice); `grant` and `revoke` change "
        "one role and need a reason; `deactivate` blocks login; `list` prints every account with "
        "its active roles. Every change is written to the audit log with the operating-system "
        f"user as the actor. Roles: {', '.join(Role.values)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a staff account")
        add.add_argument("username")
        add.add_argument("--role", action="append", choices=Role.values, required=True)
        add.add_argument("--reason", required=True, help="why the access is granted")
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument("--organisation", default="", help="employer, for subcontractors")
        add.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        for name in ("grant", "revoke"):
            p = sub.add_parser(name, help=f"{name} a role")
            p.add_argument("username")
            p.add_argument("role", choices=Role.values)
            p.add_argument("--reason", required=True)
        deactivate = sub.add_parser("deactivate", help="block an account from logging in")
        deactivate.add_argument("username")
        sub.add_parser("list", help="list accounts and their active roles")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.cli(purpose=Purpose.ADMINISTRATION)
        action = options["action"]
        try:
            if action == "add":
                self._add(actor, options)
            elif action == "list":
                self._list()
            else:
                user = User.objects.filter(username=options["username"]).first()
                if user is None:
                    raise CommandError(_("No such staff account."), returncode=1)
                if action == "grant":
                    role_grant(
                        actor=actor, user=user, role=options["role"], reason=options["reason"]
                    )
                elif action == "revoke":
                    grant = RoleGrant.objects.filter(
                        user=user, role=options["role"], revoked_at__isnull=True
                    ).first()
                    if grant is None:
                        raise CommandError(_("The account does not have that role."), returncode=1)
                    role_revoke(actor=actor, grant=grant, reason=options["reason"])
                elif action == "deactivate":
                    user_deactivate(actor=actor, user=user)
                self.stdout.write(_("Done."))
        except ValidationError as exc:
            raise CommandError(_errors(exc), returncode=1) from exc

    def _add(self, actor: Actor, options: dict[str, Any]) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password again: ")):
                raise CommandError(_("The passwords do not match."), returncode=1)
        user_create(
            actor=actor,
            username=options["username"],
            password=password,
            roles=options["role"],
            reason=options["reason"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            organisation_name=options["organisation"],
        )
        self.stdout.write(_("Account created."))

    def _list(self) -> None:
        labels = dict(Role.choices)
        for user in User.objects.order_by("username").prefetch_related("grants"):
            roles = [str(labels[g.role]) for g in user.grants.all() if g.revoked_at is None]
            state = "" if user.is_active else " " + _("(deactivated)")
            last = user.last_login.date().isoformat() if user.last_login else "-"
            self.stdout.write(f"{user.username:<20} {', '.join(roles) or '-':<40} {last}{state}")
