"""Reading an import file: CSV (UTF-8, with or without BOM, `;` or `,`) or XLSX (first sheet).

`open_table` yields a `Table`: the header (column names, normalised) and an iterator of
`(row_number, cells)` where the row number is the one a spreadsheet shows (the header is row 1)
and blank rows are skipped. A file that cannot be read at all raises `ImportFileError`; problems
of single cells and rows are left to the validation.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kirjaamo.imports.cells import text
from kirjaamo.imports.choices import FileFormat

Row = tuple[int, list[object]]
_CHUNK = 1 << 20
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary Excel 97–2003 format
_SEPARATORS = re.compile(r"[\s\-]+")


class ImportFileError(Exception):
    """The file cannot be read at all (missing, not UTF-8, not a workbook, empty).

    str(error) is a translated sentence for the operator; it never contains the file's content.
    """


@dataclass
class Table:
    format: FileFormat
    header: list[str]
    rows: Iterator[Row]
    sha256: str
    total_rows: int | None  # an estimate of the data rows, for the progress bar


def normalise_column(name: str) -> str:
    """`" Postal code "` -> `"postal_code"`: case, spaces and hyphens do not matter."""
    return _SEPARATORS.sub("_", name.lstrip("\ufeff").strip().lower()).strip("_")


def _is_blank(cells: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _scan(path: Path) -> tuple[str, bytes, int]:
    """The SHA-256, the first bytes and the number of line breaks of the file."""
    digest = hashlib.sha256()
    head = b""
    lines = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                if not head:
                    head = chunk[:8]
                digest.update(chunk)
                lines += chunk.count(b"\n")
    except IsADirectoryError as exc:
        raise ImportFileError(_("The path is a directory, not a file.")) from exc
    except FileNotFoundError as exc:
        raise ImportFileError(_("The file does not exist.")) from exc
    except OSError as exc:
        raise ImportFileError(
            _("The file cannot be read (%(reason)s).")
            % {"reason": exc.strerror or type(exc).__name__}
        ) from exc
    return digest.hexdigest(), head, lines


def _check_utf8(path: Path) -> None:
    """Refuse a file that is not UTF-8, naming the line, before any row is processed."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise ImportFileError(
                    _(
                        "The file is not UTF-8 text (the first problem is on line %(line)d). "
                        'In Excel, save it as "CSV UTF-8"; other programs have a similar choice.'
                    )
                    % {"line": line}
                ) from exc
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not UTF-8 text: it ends in the middle of a character.")
            ) from exc


def detect_delimiter(header_line: str) -> str:
    """`;` or `,`, whichever the header line has more of (csv.Sniffer guesses wrong too often:
    a comma inside a quoted Finnish name or a decimal comma can fool it)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _csv_rows(handle: IO[str], delimiter: str) -> Iterator[Row]:
    # strict: an unclosed quote is an error instead of swallowing the rest of the file.
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, start=2):
            values: list[object] = list(cells)
            if not _is_blank(values):
                yield number, values
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file is malformed near row %(row)d (e.g. an unclosed quote).")
            % {"row": reader.line_num}
        ) from exc


@contextmanager
def _open_csv(path: Path, sha256: str, lines: int) -> Iterator[Table]:
    _check_utf8(path)
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        if not first.strip():
            raise ImportFileError(_("The file is empty; its first row must name the columns."))
        delimiter = detect_delimiter(first)
        # Read the header again through the csv module so that quoted column names work.
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        header = [normalise_column(c) for c in next(reader)]
        yield Table(
            format=FileFormat.CSV,
            header=header,
            rows=_csv_rows(handle, delimiter),
            sha256=sha256,
            total_rows=max(lines - 1, 0),
        )


@contextmanager
def _open_xlsx(path: Path, sha256: str) -> Iterator[Table]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None or _is_blank(list(first)):
            raise ImportFileError(
                _("The first sheet is empty; its first row must name the columns.")
            )
        header = [normalise_column(text(c)) for c in first]
        while header and not header[-1]:
            header.pop()

        def data() -> Iterator[Row]:
            for number, values in enumerate(rows, start=2):
                cells: list[object] = list(values)
                if not _is_blank(cells):
                    yield number, cells

        max_row = sheet.max_row
        yield Table(
            format=FileFormat.XLSX,
            header=header,
            rows=data(),
            sha256=sha256,
            total_rows=max_row - 1 if max_row else None,
        )
    finally:
        workbook.close()


@contextmanager
def open_table(path: Path | str) -> Iterator[Table]:
    """Open a CSV or XLSX file; the format is recognised from the content, not the name."""
    path = Path(path)
    sha256, head, lines = _scan(path)
    if head.startswith(_XLS_MAGIC):
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported. Save the sheet as .xlsx or CSV UTF-8.")
        )
    if head.startswith(_XLSX_MAGIC):
        with _open_xlsx(path, sha256) as table:
            yield table
    else:
        with _open_csv(path, sha256, lines) as table:
            yield table
