"""The `kirjaamo` command.

    kirjaamo demo [--persons N]         migrate, load the demo register, create staff logins
    kirjaamo serve [--host H] [--port P] [--workers N]   gunicorn + whitenoise
    kirjaamo import KIND FILE [...]     import products|persons|organisations|contracts|invoices
    kirjaamo generate --persons N [...] build a large synthetic register fast (scale harness)
    kirjaamo bench [...]                benchmark search, card and import on PostgreSQL
    kirjaamo profile check FILE|schema  validate and lint a register profile
    kirjaamo notice render --lang L --format html|md|pdf   the privacy notice from the profile
    kirjaamo staff add|grant|revoke|deactivate|list   staff accounts and roles, with reasons
    kirjaamo manage COMMAND [...]       any Django management command

Exit codes: 0 success · 1 the command ran but failed (e.g. import validation errors, nothing
written) · 2 bad usage or unreadable input. `kirjaamo COMMAND --help` documents each command.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

# Subcommands implemented as Django management commands; the rest of argv is passed through so
# `kirjaamo import --help` shows that command's own help.
PASSTHROUGH = {
    "import": ("register_import", "import products, persons, organisations, contracts or invoices"),
    "generate": ("register_generate", "build a large synthetic register (scale harness)"),
    "bench": ("register_bench", "benchmark search, customer card and import on PostgreSQL"),
    "demo": ("register_demo", "migrate and load the demo register, create demo staff logins"),
    "serve": ("register_serve", "serve Kirjaamo with gunicorn (not runserver)"),
    "notice": ("register_profile", "render the privacy notice (notice render --lang fi)"),
    "profile": ("register_profile", "validate and lint register profiles, print the JSON schema"),
    "staff": ("register_staff", "create staff accounts, grant and revoke roles with reasons"),
    "ropa": ("register_ropa", "export the record of processing activities (GDPR Art 30)"),
}


def _django(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirjaamo.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["kirjaamo", *argv])
    except SystemExit as exc:  # management commands exit with their own code
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kirjaamo",
        description="Kirjaamo — a customer register that enforces its privacy notice.",
        epilog="Exit codes: 0 success, 1 command failed (nothing written), 2 bad usage. "
        "Run `kirjaamo COMMAND --help` for a command's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_cmd, help_text) in PASSTHROUGH.items():
        sub.add_parser(name, help=help_text, add_help=False)
    sub.add_parser("manage", help="run any Django management command", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args or args[0] in {"-h", "--help"}:
        parser.print_help()
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "manage":
        if not rest:
            return _django(["help"])
        return _django(rest)
    if command in PASSTHROUGH:
        return _django([PASSTHROUGH[command][0], *rest])
    parser.print_usage(sys.stderr)
    print(f"kirjaamo: unknown command {command!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
