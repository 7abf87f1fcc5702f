"""The problem report of an import as CSV (`--report errors.csv`).

UTF-8 with a BOM and `;` as the delimiter, so Excel in a Finnish locale opens it as columns with
ä and ö intact. The columns are row, column and reason; like the screen output it never contains
a value from the imported file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from kirjaamo.imports.validation import Problem


def write_report(path: Path | str, problems: Iterable[Problem], *, not_listed: int = 0) -> None:
    """Write the report; with no problems it holds only the heading row."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([_("row"), _("column"), _("reason")])
        for p in problems:
            writer.writerow(["" if p.row is None else p.row, p.column, p.reason])
        if not_listed:
            writer.writerow(
                ["", "", _("%(count)d further problems are not listed.") % {"count": not_listed}]
            )
