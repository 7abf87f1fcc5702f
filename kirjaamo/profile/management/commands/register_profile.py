"""`kirjaamo profile check|schema|scan`: validate and lint register profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kirjaamo.lib.commands import RegisterCommand
from kirjaamo.profile.lint import Finding, lint, lint_text
from kirjaamo.profile.loader import ProfileError, ProfileIssue, load_profile
from kirjaamo.profile.schema import Profile

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERRORS = 0, 1, 2


def profile_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the profile file (profiles/profile.schema.json)."""
    schema = Profile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "Kirjaamo register profile",
    }


def _summary(errors: int, findings: int) -> str:
    if errors:
        return ngettext(
            "%(count)d error: the profile cannot be used until it is fixed.",
            "%(count)d errors: the profile cannot be used until they are fixed.",
            errors,
        ) % {"count": errors}
    if findings:
        return ngettext(
            "No errors, %(count)d finding.", "No errors, %(count)d findings.", findings
        ) % {"count": findings}
    return _("No errors or findings.")


class Command(RegisterCommand):
    help = (
        "Check a register profile (docs/profile.md). `check FILE` validates the YAML file "
        "against the schema, the cross-references between its lists and the model fields it "
        "maps, then lints it under current law. Errors are listed first, then findings, each as "
        "FILE:LINE: [RULE-ID] path: message (--json prints one JSON object instead). Exit codes: "
        "0 no errors and no findings, 1 findings only (the profile is usable), 2 errors (the "
        "profile cannot be used) or the file cannot be read. `schema` prints the JSON Schema of "
        "the file format (-o FILE writes it). `scan FILE` runs the wording checks alone over "
        "any text file, e.g. an old privacy notice being migrated (exit 1 if anything is found)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="validate and lint a profile")
        check.add_argument("file", help="the profile (YAML)")
        check.add_argument("--json", action="store_true", help="print the result as JSON")
        schema = sub.add_parser("schema", help="print the JSON Schema of the profile format")
        schema.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")
        scan = sub.add_parser("scan", help="scan a text file for outdated notice wording")
        scan.add_argument("file", help="a UTF-8 text file")
        scan.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            self._check(options["file"], as_json=options["json"])
        elif action == "schema":
            self._schema(options["output"])
        else:
            self._scan(options["file"], as_json=options["json"])

    def _check(self, file: str, *, as_json: bool) -> None:
        errors: list[ProfileIssue] = []
        findings: list[Finding] = []
        try:
            profile = load_profile(file)
        except ProfileError as exc:
            errors = exc.issues
        else:
            findings = lint(profile)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "file": file,
                        "ok": not errors,
                        "errors": [e.as_dict() for e in errors],
                        "findings": [f.as_dict() for f in findings],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for error in errors:
                where = f"{error.file}:{error.line}" if error.line else error.file
                path = f" {error.path}:" if error.path else ""
                self.stdout.write(f"{where}: {_('error')}:{path} {error.message}")
            for finding in findings:
                self.stdout.write(finding.format(file))
        self._finish(len(errors), len(findings), quiet=as_json)

    def _finish(self, errors: int, findings: int, *, quiet: bool) -> None:
        summary = _summary(errors, findings)
        if errors:
            raise CommandError(summary, returncode=EXIT_ERRORS)
        if findings:
            raise CommandError(summary, returncode=EXIT_FINDINGS)
        if not quiet:
            self.stdout.write(summary)

    def _schema(self, output: str | None) -> None:
        text = json.dumps(profile_json_schema(), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s.")
                % {"file": output, "reason": exc.strerror or type(exc).__name__},
                returncode=EXIT_ERRORS,
            ) from exc

    def _scan(self, file: str, *, as_json: bool) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(
                _("Cannot read the file: %(reason)s.")
                % {"reason": exc.strerror or type(exc).__name__},
                returncode=EXIT_ERRORS,
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("The file is not UTF-8 text; save it as UTF-8."), returncode=EXIT_ERRORS
            ) from exc
        findings = lint_text(text)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"file": file, "findings": [f.as_dict() for f in findings]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for finding in findings:
                self.stdout.write(finding.format(file))
        self._finish(0, len(findings), quiet=as_json)
