"""Importing a CSV or XLSX file into the register, all or nothing.

`import_file` is the one entry point (the `register_import` command, `kirjaamo import` and the
benchmark call it):

1. The file is read (`kirjaamo.imports.reading`); a file that cannot be read at all raises
   `ImportFileError` and nothing happens.
2. The header is checked: unknown, repeated and missing columns are problems of row 1.
3. Inside ONE transaction, rows are read, validated one by one with the services' own validation
   and handed to the kind's importer in chunks, which matches them against the register with
   `__in` queries and writes them in bulk (COPY on PostgreSQL). On PostgreSQL a chunk is matched
   and written while the next one is read and validated (`kirjaamo.imports.pipeline`).
4. Any problem in any row stops the writing; the remaining rows are still validated so the report
   is complete, and at the end the transaction is rolled back: nothing is written. A dry run
   validates and matches the same way and always rolls back.
5. A successful import records ONE audit event `import.<kind>` with counts, field names, the
   touched party ids and the SHA-256 of the file (never a value from it).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.contracts import ContractImporter, InvoiceImporter
from kirjaamo.imports.importer import Importer, ProblemLog
from kirjaamo.imports.parties import OrganisationImporter, PersonImporter
from kirjaamo.imports.pipeline import ChunkProcessor
from kirjaamo.imports.products import ProductImporter
from kirjaamo.imports.reading import ImportFileError, Table, open_table
from kirjaamo.imports.validation import Problem, RowInvalid, RowReader, check_header
from kirjaamo.parties.choices import Source

__all__ = ["ImportFileError", "ImportResult", "Problem", "import_file"]

IMPORTERS: dict[str, type[Importer[Any]]] = {
    ImportKind.PERSONS: PersonImporter,
    ImportKind.ORGANISATIONS: OrganisationImporter,
    ImportKind.PRODUCTS: ProductImporter,
    ImportKind.CONTRACTS: ContractImporter,
    ImportKind.INVOICES: InvoiceImporter,
}
PARTY_KINDS = {ImportKind.PERSONS, ImportKind.ORGANISATIONS}
CHUNK_ROWS = 2000  # rows matched and written together; bounds memory and `__in` list sizes
# The writer waits for the first chunk, so it is smaller: writing starts sooner.
FIRST_CHUNK_ROWS = 500
PROGRESS_MIN_ROWS = 1000  # smaller files finish before a progress bar would say anything


@dataclass
class ImportResult:
    kind: str
    file_format: str
    sha256: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contact_points_created: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the first 10,000, in file order
    problem_count: int = 0
    audit_event_id: int | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def import_file(
    *,
    actor: Actor,
    kind: str,
    path: Path | str,
    dry_run: bool = False,
    source: str = Source.DATA_SUBJECT,
    progress: bool = False,
) -> ImportResult:
    """Validate and import `path` as `kind` (persons, organisations, products, contracts,
    invoices).

    Returns the result with counts (for a dry run or a file with problems: what an import would
    do) and the problems found; `result.written` tells whether anything was written. Raises
    `ImportFileError` when the file cannot be read at all, and lets database errors propagate
    after rolling everything back. `source` is the source of imported contact points.
    """
    if kind not in IMPORTERS:
        raise ValueError(f"unknown import kind {kind!r}")
    if source not in Source.values:
        raise ValueError(f"unknown contact point source {source!r}")
    started = time.perf_counter()
    problems = ProblemLog()
    with open_table(path) as table:
        result = ImportResult(
            kind=kind, file_format=table.format, sha256=table.sha256, dry_run=dry_run
        )
        for problem in check_header(kind, table.header):
            problems.add(problem.row, problem.column, problem.reason)
        if not problems:
            _run(
                table,
                actor=actor,
                source=source,
                progress=progress,
                problems=problems,
                result=result,
            )
    # Rows are checked against the register a chunk at a time, after the checks of single rows,
    # so the log is put back into file order here.
    result.problems = sorted(problems.items, key=lambda p: p.row or 0)
    result.problem_count = problems.count
    result.seconds = time.perf_counter() - started
    return result


def _run(
    table: Table,
    *,
    actor: Actor,
    source: str,
    progress: bool,
    problems: ProblemLog,
    result: ImportResult,
) -> None:
    kind, dry_run, total_rows = result.kind, result.dry_run, table.total_rows
    reader = RowReader(kind, table.header)
    bar = tqdm(
        table.rows,
        total=total_rows,
        desc=str(ImportKind(kind).label),
        unit=" rows",
        file=sys.stderr,
        mininterval=0.5,
        disable=not progress or (total_rows is not None and total_rows < PROGRESS_MIN_ROWS),
    )
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so PostgreSQL would check
            # the ~5 references of every imported person at COMMIT, one by one, after all other
            # work (≈ 10 % of an import). Checked at the end of each COPY instead, the checks
            # overlap with the validation of the next chunk. The importers insert parents
            # before children, so nothing needs the deferral; the setting ends with this
            # transaction (it is left alone when the import runs inside a caller's one).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        importer = IMPORTERS[kind](
            actor=actor, source=source, now=timezone.now(), problems=problems
        )
        with ChunkProcessor(importer, dry_run=dry_run) as processor:
            chunk: list[object] = []
            chunk_rows = FIRST_CHUNK_ROWS
            for number, cells in bar:
                result.rows += 1
                try:
                    chunk.append(importer.clean(number, reader.read(cells)))
                except RowInvalid as exc:
                    for column, reason in exc.problems:
                        problems.add(number, column, reason)
                if len(chunk) >= chunk_rows:
                    processor.submit(chunk)
                    chunk, chunk_rows = [], CHUNK_ROWS
            processor.submit(chunk)
            processor.finish()
        bar.close()
        if result.rows == 0:
            problems.add(None, "", _("The file has no rows after the heading row."))
        counts = importer.counts
        result.created, result.updated = counts.created, counts.updated
        result.unchanged = counts.unchanged
        result.contact_points_created = counts.contact_points_created
        result.extra = dict(counts.extra)
        if problems or dry_run:
            transaction.set_rollback(True)
            return
        detail: dict[str, object] = {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            **result.extra,
            "file_format": result.file_format,
            # The whole digest: `audit_record` accepts exactly this "sha256:<64 hex>" shape.
            "file_sha256": "sha256:" + result.sha256,
        }
        if kind in PARTY_KINDS:
            detail["contact_points_created"] = result.contact_points_created
            detail["source"] = source
        event = audit_record(
            actor=actor,
            kind=EventKind.WRITE,
            action=f"import.{kind}",
            fields=sorted(importer.fields),
            detail=detail,
            party_ids=importer.party_ids,
        )
        result.audit_event_id = event.pk
