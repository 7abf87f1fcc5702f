"""`kirjaamo serve`: collect static files and run gunicorn (never Django's runserver)."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kirjaamo.demo.credentials import demo_password_path
from kirjaamo.lib.commands import RegisterCommand


class Command(RegisterCommand):
    help = (
        "Serve Kirjaamo with gunicorn and whitenoise. Collects static files first. Binds to "
        "127.0.0.1:8000 by default; behind a reverse proxy in production (README, Deployment)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
        )
        parser.add_argument("--timeout", type=int, default=60, help="worker timeout in seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["port"] <= 65535:
            raise CommandError(_("--port must be between 1 and 65535"), returncode=2)
        if not 1 <= options["workers"] <= 64:
            raise CommandError(_("--workers must be between 1 and 64"), returncode=2)
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
        self.stdout.write(
            _("Kirjaamo: %(url)s  (Ctrl+C stops)") % {"url": f"http://{shown}:{port}/"}
        )
        if demo_password_path().exists():
            self.stdout.write(
                _("Demo logins were printed by `kirjaamo demo` (run it again to see them).")
            )
        sys.stdout.flush()
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [
            gunicorn,
            "kirjaamo.wsgi:application",
            "--bind",
            f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "--workers",
            str(options["workers"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("KIRJAAMO_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirjaamo.settings")
        os.environ.setdefault("KIRJAAMO_VAR_DIR", str(settings.VAR_DIR))
        os.execv(argv[0], argv)  # noqa: S606 (fixed program, no shell)
