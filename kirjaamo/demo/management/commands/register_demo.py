"""`kirjaamo demo`: migrate the default database and load the synthetic demo register."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kirjaamo.accounts.choices import Role
from kirjaamo.demo.services import SHOWCASE_PHONE, demo_load
from kirjaamo.lib.commands import RegisterCommand


def _profile_errors(path: Path) -> list[str]:
    from kirjaamo.profile.checks import profile_problems
    from kirjaamo.profile.loader import ProfileError, load_profile

    try:
        profile = load_profile(path)
    except FileNotFoundError:
        return [_("The file does not exist.")]
    except ProfileError as exc:
        return [issue.format() for issue in exc.issues]
    return [str(problem.msg) for problem in profile_problems(profile)]


class Command(RegisterCommand):
    help = (
        "Migrate the default database, load N synthetic demo customers (default 300) with "
        "contracts, invoices, notes and a few call recordings, and create one staff login per "
        "role. Idempotent: customers already loaded (customer numbers D000001…) are skipped, "
        "existing demo logins get the demo password again. All data is synthetic."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons", type=int, default=300, help="number of demo customers (default 300)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--profile",
            help="register profile for the demo, e.g. profiles/examples/kasenet.yaml (default: "
            "the ElmoNet example, or the one chosen last time); remembered in var/profile",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        persons = options["persons"]
        if not 1 <= persons <= 20000:
            raise CommandError(
                _("--persons must be between 1 and 20000 (use `kirjaamo generate` for more)"),
                returncode=2,
            )
        if options["profile"]:
            self._choose_profile(Path(options["profile"]))
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("Loading %(n)d demo customers …") % {"n": persons})
        result = demo_load(persons=persons, seed=options["seed"])
        self.stdout.write(
            _(
                "Demo register ready: %(persons)d new persons, %(orgs)d new organisations, "
                "%(recordings)d new call recordings (database: %(db)s)."
            )
            % {
                "persons": result.persons_created,
                "orgs": result.organisations_created,
                "recordings": result.recordings_created,
                "db": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            }
        )
        labels = dict(Role.choices)
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": result.password})
        for username, role in result.users:
            self.stdout.write(f"  {username:<16} {labels[role]}")
        self.stdout.write(_("Register profile: %(path)s") % {"path": settings.KIRJAAMO_PROFILE})
        self.stdout.write("")
        self.stdout.write(
            _("Try: log in as asiakaspalvelu and search for %(phone)s or a surname.")
            % {"phone": SHOWCASE_PHONE}
        )

    def _choose_profile(self, path: Path) -> None:
        path = path.resolve()
        errors = _profile_errors(path)
        if errors:
            raise CommandError(
                _("The register profile %(path)s cannot be used:") % {"path": path}
                + "\n  "
                + "\n  ".join(errors),
                returncode=2,
            )
        if os.environ.get("KIRJAAMO_PROFILE"):
            self.stderr.write(
                _("Note: KIRJAAMO_PROFILE is set and overrides --profile when serving.")
            )
        choice = Path(settings.VAR_DIR) / "profile"
        choice.parent.mkdir(parents=True, exist_ok=True)
        choice.write_text(str(path) + "\n", encoding="utf-8")
        settings.KIRJAAMO_PROFILE = path
