"""`kirjaamo import KIND FILE`: import persons, organisations, products, contracts or invoices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.contracts.validation import PRODUCT_KINDS
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.report import write_report
from kirjaamo.imports.services import (
    PROGRESS_MIN_ROWS,
    ImportFileError,
    ImportResult,
    Problem,
    import_file,
)
from kirjaamo.imports.validation import COLUMNS
from kirjaamo.lib.commands import RegisterCommand
from kirjaamo.parties.choices import Source

SHOWN_PROBLEMS = 50  # on screen; --report has all of them


def _columns_help() -> str:
    kinds = "; ".join(
        f"{kind}: " + ", ".join(c.name + ("*" if c.required else "") for c in columns)
        for kind, columns in COLUMNS.items()
    )
    return (
        f"Columns (* = required): {kinds}. Product kinds: {', '.join(PRODUCT_KINDS)}. Invoice "
        f"statuses: {', '.join(InvoiceStatus.values)}."
    )


class Command(RegisterCommand):
    help = (
        "Import persons, organisations, products, contracts or invoices from a CSV file (UTF-8 "
        "with or without BOM, ';' or ',' between columns) or an XLSX workbook (first sheet). The "
        "first row names the columns (docs/import.md lists them per kind). Every row is "
        "validated with the same rules as the forms and services; if any row has a problem, "
        "NOTHING is written and every problem is listed with its row (the heading row is row "
        "1), column and reason (--report also writes them to a CSV file). Rows are matched to "
        "the register so that importing the same file again creates no duplicates: persons by "
        "customer number, then HETU; organisations by customer number, then Y-tunnus; products "
        "by code; contracts and invoices by their number; an invoice's collection case by "
        "agency and hand-over date. A matched row updates the values that changed (an empty "
        "cell never erases anything) and adds an address, phone or e-mail only if the party "
        "does not have that exact value yet; an import never deletes. Import order: products "
        "and customers, then contracts (their products must be in the catalogue; holder, payer "
        "and user must be customers), then invoices. A contract's holder, payer or user and an "
        "invoice's payer are never replaced: a different one is an error. A collection agency "
        "needs a hand-over date, and an open collection case the status in_collection. "
        "Imported contact points get the --source and the import time. The whole import is "
        "one audit event with counts and the file's SHA-256. --dry-run validates and matches "
        "without writing. Exit codes: 0 imported (or dry run valid), 1 problems in the file or "
        "the database refused it (nothing written), 2 bad usage or unreadable file. "
        + _columns_help()
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values, help="what the file holds")
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and match only; write nothing"
        )
        parser.add_argument(
            "--report", metavar="ERRORS.CSV", help="also write the problems to this CSV file"
        )
        parser.add_argument(
            "--source",
            choices=Source.values,
            default=Source.DATA_SUBJECT,
            help="where the contact data came from (default: data_subject)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for CI and logs)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = Path(options["report"]) if options["report"] else None
        if report is not None and not report.parent.is_dir():
            raise CommandError(_("The folder for the report does not exist."), returncode=2)
        try:
            result = import_file(
                actor=Actor.cli(purpose=Purpose.IMPORT),
                kind=options["kind"],
                path=options["file"],
                dry_run=options["dry_run"],
                source=options["source"],
                progress=not options["no_progress"],
            )
        except ImportFileError as exc:
            self._report(report, [Problem(None, "", str(exc))], 0)
            raise CommandError(str(exc), returncode=2) from exc
        except DatabaseError as exc:
            # The database's message may quote a value (a duplicate key), so only its kind is
            # shown. Everything was rolled back.
            raise CommandError(
                _(
                    "The database refused the import (%(error)s); nothing was written. Someone "
                    "may have changed the same data at the same time: run the import again."
                )
                % {"error": type(exc).__name__},
                returncode=1,
            ) from exc
        self._report(report, result.problems, result.problem_count - len(result.problems))
        if not result.ok:
            self._show_problems(result)
            raise CommandError(
                _("%(count)d problems in the file; nothing was written.")
                % {"count": result.problem_count},
                returncode=1,
            )
        self.stdout.write(self._summary(result))

    def _report(self, path: Path | None, problems: list[Problem], not_listed: int) -> None:
        if path is None:
            return
        try:
            write_report(path, problems, not_listed=not_listed)
        except OSError as exc:
            raise CommandError(
                _("The report file cannot be written (%(reason)s).")
                % {"reason": exc.strerror or type(exc).__name__},
                returncode=2,
            ) from exc

    def _show_problems(self, result: ImportResult) -> None:
        for p in result.problems[:SHOWN_PROBLEMS]:
            if p.row is None:
                self.stderr.write(p.reason)
            elif p.column:
                self.stderr.write(
                    _("Row %(row)d, column %(column)s: %(reason)s")
                    % {"row": p.row, "column": p.column, "reason": p.reason}
                )
            else:
                self.stderr.write(_("Row %(row)d: %(reason)s") % {"row": p.row, "reason": p.reason})
        hidden = result.problem_count - min(len(result.problems), SHOWN_PROBLEMS)
        if hidden > 0:
            self.stderr.write(
                _("… and %(count)d more. Use --report FILE to get every problem.")
                % {"count": hidden}
            )

    def _summary(self, result: ImportResult) -> str:
        counts = {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.dry_run:
            text = (
                _(
                    "Dry run: all %(rows)d rows are valid. The import would create %(created)d, "
                    "update %(updated)d and leave %(unchanged)d unchanged. Nothing was written."
                )
                % counts
            )
        else:
            text = (
                _(
                    "Imported %(rows)d rows: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % counts
            )
        details = []
        points = result.contact_points_created
        if result.kind in (ImportKind.PERSONS, ImportKind.ORGANISATIONS):
            if result.dry_run:
                details.append(_("Contact points to add: %(count)d.") % {"count": points})
            else:
                details.append(_("Contact points added: %(count)d.") % {"count": points})
        if result.kind == ImportKind.CONTRACTS:
            extra = {
                "products": result.extra.get("products_added", 0),
                "created": result.extra.get("connections_created", 0),
                "changed": result.extra.get("connections_updated", 0),
                "roles": result.extra.get("roles_added", 0),
            }
            if result.dry_run:
                message = _(
                    "Products to add to contracts: %(products)d; connections to create: "
                    "%(created)d, to change: %(changed)d; payers and users to add: %(roles)d."
                )
            else:
                message = _(
                    "Products added to contracts: %(products)d; connections created: "
                    "%(created)d, changed: %(changed)d; payers and users added: %(roles)d."
                )
            details.append(message % extra)
        if result.kind == ImportKind.INVOICES:
            extra = {
                "opened": result.extra.get("collection_cases_opened", 0),
                "closed": result.extra.get("collection_cases_closed", 0),
            }
            if result.dry_run:
                message = _("Collection cases to open: %(opened)d, to close: %(closed)d.")
            else:
                message = _("Collection cases opened: %(opened)d, closed: %(closed)d.")
            details.append(message % extra)
        if not result.dry_run and result.rows >= PROGRESS_MIN_ROWS:
            details.append(_("%(rate)d rows per second.") % {"rate": int(result.rows_per_second)})
        return " ".join([text, *details])
