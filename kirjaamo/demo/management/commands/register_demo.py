"""`kirjaamo demo`: migrate the default database and load the synthetic demo register."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kirjaamo.accounts.choices import Role
from kirjaamo.demo.services import SHOWCASE_PHONE, demo_load
from kirjaamo.lib.commands import RegisterCommand


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

    def handle(self, *args: Any, **options: Any) -> None:
        persons = options["persons"]
        if not 1 <= persons <= 20000:
            raise CommandError(
                _("--persons must be between 1 and 20000 (use `kirjaamo generate` for more)"),
                returncode=2,
            )
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
        self.stdout.write("")
        self.stdout.write(
            _("Try: log in as asiakaspalvelu and search for %(phone)s or a surname.")
            % {"phone": SHOWCASE_PHONE}
        )
