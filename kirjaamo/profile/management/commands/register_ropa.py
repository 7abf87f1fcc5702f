"""`kirjaamo ropa export`: the record of processing activities (GDPR Art 30) as CSV, XLSX, HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kirjaamo.lib.commands import RegisterCommand
from kirjaamo.profile.loader import ProfileError
from kirjaamo.profile.ropa import FORMATS, build_ropa, ropa_render
from kirjaamo.profile.schema import LANGUAGES
from kirjaamo.profile.versions import active_profile_path, profile_from_text, read_profile_text

EXIT_ERRORS = 2


class Command(RegisterCommand):
    help = (
        "Export the record of processing activities (ROPA, GDPR Art 30(1)) built from a register "
        "profile: one row per purpose with the columns a) controller, representative and DPO, "
        "b) purpose (and legal basis), c) data subjects and data categories, d) recipients, "
        "e) third-country transfers and safeguards, f) erasure time limits per category, "
        "g) security measures. `export --format csv|xlsx|html [-o FILE] [--lang fi|sv|en] "
        "[--profile FILE]`; the default profile is the active one, the default language Finnish. "
        "CSV is UTF-8 with BOM, ';'-separated. XLSX needs -o or a redirected stdout. Reads no "
        "register data. Exit codes: 0 written, 2 the profile cannot be used or the file cannot be "
        "written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the ROPA")
        export.add_argument("--format", choices=FORMATS, required=True, help="output format")
        export.add_argument("--lang", choices=LANGUAGES, default="fi", help="language (fi)")
        export.add_argument("--profile", metavar="FILE", help="the profile (default: active)")
        export.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["profile"]) if options["profile"] else active_profile_path()
        try:
            profile = profile_from_text(read_profile_text(path), str(path))
        except ProfileError as exc:
            for issue in exc.issues:
                self.stderr.write(issue.format())
            raise CommandError(
                _("The profile %(file)s cannot be used; nothing was written.") % {"file": path},
                returncode=EXIT_ERRORS,
            ) from None
        fmt = options["format"]
        data = ropa_render(build_ropa(profile, options["lang"]), fmt)
        output = options["output"]
        if output is not None:
            try:
                Path(output).write_bytes(data)
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(file)s: %(reason)s.")
                    % {"file": output, "reason": exc.strerror or type(exc).__name__},
                    returncode=EXIT_ERRORS,
                ) from exc
            self.stdout.write(_("Wrote %(file)s.") % {"file": output})
            return
        if fmt != "xlsx":
            self.stdout.write(data.decode("utf-8-sig"), ending="")
            return
        binary = getattr(getattr(self.stdout, "_out", None), "buffer", None)
        if getattr(self.stdout, "_out", None) is not sys.stdout or binary is None:
            raise CommandError(
                _("An XLSX file is binary: give -o FILE or redirect the output to a file."),
                returncode=EXIT_ERRORS,
            )
        binary.write(data)
        binary.flush()
