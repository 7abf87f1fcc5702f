"""Fail when a translation catalogue is incomplete or its compiled .mo is stale.

For fi and sv (en is the source language): every entry translated, none fuzzy, and the committed
.mo holds exactly the .po's translations. Refresh with `make messages`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "kirjaamo" / "locale"
LANGS = ["fi", "sv"]


def main() -> int:
    problems: list[str] = []
    for lang in LANGS:
        po_path = ROOT / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            problems.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{po_path}:{entry.linenum}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{po_path}:{entry.linenum}: untranslated: {entry.msgid!r}")
        if not mo_path.exists():
            problems.append(f"{mo_path}: missing (run `make messages`)")
            continue
        mo = polib.mofile(str(mo_path))

        def key(e: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
            return (e.msgctxt or "", e.msgid)

        po_map = {
            key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in po
            if not e.obsolete and e.translated()
        }
        mo_map = {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo if e.msgid}
        if po_map != mo_map:
            problems.append(f"{mo_path}: does not match {po_path.name} (run `make messages`)")
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s)")
        return 1
    print("translations complete for " + ", ".join(LANGS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
