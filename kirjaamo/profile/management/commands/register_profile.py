"""`kirjaamo profile check|schema|scan|render|render-examples|publish|versions`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.lib.commands import RegisterCommand
from kirjaamo.profile.lint import Finding, lint, lint_text
from kirjaamo.profile.loader import ProfileError, ProfileIssue, load_profile
from kirjaamo.profile.notice import (
    FORMATS,
    example_notices,
    notices_dir,
    render,
    write_examples,
)
from kirjaamo.profile.schema import LANGUAGES, Profile
from kirjaamo.profile.versions import (
    PublishRefused,
    active_profile_path,
    profile_from_text,
    profile_version_publish,
    read_profile_text,
    versions,
)

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
        "any text file, e.g. an old privacy notice being migrated (exit 1 if anything is found). "
        "`render --lang fi|sv|en --format html|md|pdf [--profile FILE] [-o FILE]` renders the "
        "privacy notice (default: the active profile; PDF needs -o or a redirected stdout). "
        "`render-examples [--check]` rewrites docs/notices/ from the example profiles (--check "
        "only compares, exit 1 if a file is stale). `publish --valid-from YYYY-MM-DD "
        "[--profile FILE]` stores the profile as a new immutable version of the notice: refused "
        "(exit 2) if the profile has errors, refused (exit 1) if it is unchanged since the latest "
        "version or takes effect before it; findings are printed as warnings but do not block. "
        "`versions` lists the published versions."
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
        rend = sub.add_parser("render", help="render the privacy notice")
        rend.add_argument("--profile", metavar="FILE", help="the profile (default: the active one)")
        rend.add_argument("--lang", choices=LANGUAGES, required=True, help="notice language")
        rend.add_argument("--format", choices=FORMATS, required=True, help="output format")
        rend.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")
        examples = sub.add_parser(
            "render-examples", help="rewrite docs/notices/ from the example profiles"
        )
        examples.add_argument(
            "--check", action="store_true", help="only report stale files (exit 1 if any)"
        )
        pub = sub.add_parser("publish", help="publish the profile as a new notice version")
        pub.add_argument("--profile", metavar="FILE", help="the profile (default: the active one)")
        pub.add_argument(
            "--valid-from", required=True, metavar="YYYY-MM-DD", help="date the notice takes effect"
        )
        sub.add_parser("versions", help="list the published versions")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            self._check(options["file"], as_json=options["json"])
        elif action == "schema":
            self._schema(options["output"])
        elif action == "scan":
            self._scan(options["file"], as_json=options["json"])
        elif action == "render":
            self._render(options["profile"], options["lang"], options["format"], options["output"])
        elif action == "render-examples":
            self._render_examples(check=options["check"])
        elif action == "publish":
            self._publish(options["profile"], options["valid_from"])
        else:
            self._versions()

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

    # --- outputs ----------------------------------------------------------------------------

    def _load(self, file: str | None) -> tuple[str, str]:
        """(profile text, file name); errors are printed and end the command with exit 2."""
        path = Path(file) if file else active_profile_path()
        try:
            text = read_profile_text(path)
            profile_from_text(text, str(path))
        except ProfileError as exc:
            for error in exc.issues:
                self.stderr.write(error.format())
            raise CommandError(
                _("The profile %(file)s cannot be used; nothing was done.") % {"file": path},
                returncode=EXIT_ERRORS,
            ) from None
        return text, str(path)

    def _render(self, file: str | None, lang: str, fmt: str, output: str | None) -> None:
        text, name = self._load(file)
        data = render(profile_from_text(text, name), lang, fmt)
        if output is not None:
            self._write(Path(output), data)
            self.stdout.write(_("Wrote %(file)s.") % {"file": output})
            return
        if fmt != "pdf":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        stream = getattr(self.stdout, "_out", None)
        binary = getattr(stream, "buffer", None)
        if stream is not sys.stdout or binary is None or sys.stdout.isatty():
            raise CommandError(
                _("A PDF is binary: give -o FILE or redirect the output to a file."),
                returncode=EXIT_ERRORS,
            )
        binary.write(data)
        binary.flush()

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s.")
                % {"file": path, "reason": exc.strerror or type(exc).__name__},
                returncode=EXIT_ERRORS,
            ) from exc

    def _render_examples(self, *, check: bool) -> None:
        target = notices_dir()
        if not check:
            for path in write_examples(target):
                self.stdout.write(str(path))
            return
        stale = [
            name
            for name, content in example_notices()
            if not (target / name).exists()
            or (target / name).read_text(encoding="utf-8") != content
        ]
        for name in stale:
            self.stdout.write(str(target / name))
        if stale:
            raise CommandError(
                _(
                    "%(count)d rendered notices are stale; run `kirjaamo profile "
                    "render-examples` and commit docs/notices/."
                )
                % {"count": len(stale)},
                returncode=EXIT_FINDINGS,
            )
        self.stdout.write(_("The rendered example notices are up to date."))

    def _publish(self, file: str | None, valid_from_text: str) -> None:
        try:
            valid_from = dt.date.fromisoformat(valid_from_text)
        except ValueError:
            raise CommandError(
                _("--valid-from %(value)s is not a date; write it as YYYY-MM-DD.")
                % {"value": valid_from_text},
                returncode=EXIT_ERRORS,
            ) from None
        text, name = self._load(file)
        actor = Actor.cli(purpose=Purpose.DATA_PROTECTION)
        try:
            result = profile_version_publish(
                actor=actor, yaml_text=text, valid_from=valid_from, source_file=name
            )
        except PublishRefused as exc:
            for issue in exc.issues:
                self.stderr.write(issue.format())
            code = EXIT_ERRORS if exc.issues else EXIT_FINDINGS
            raise CommandError(exc.message, returncode=code) from None
        for finding in result.findings:
            self.stderr.write(_("warning: %(finding)s") % {"finding": finding.format(name)})
        for note in result.notes:
            self.stderr.write(_("note: %(note)s") % {"note": note})
        version = result.version
        self.stdout.write(
            _("Published version %(number)d, valid from %(date)s (sha256 %(sha)s).")
            % {
                "number": version.number,
                "date": version.valid_from.isoformat(),
                "sha": version.sha256,
            }
        )
        if result.findings:
            self.stdout.write(
                ngettext(
                    "Published with %(count)d linter finding; fix it in the next version.",
                    "Published with %(count)d linter findings; fix them in the next version.",
                    len(result.findings),
                )
                % {"count": len(result.findings)}
            )

    def _versions(self) -> None:
        rows = versions()
        if not rows:
            self.stdout.write(_("No version has been published yet."))
            return
        for version in rows:
            published = timezone.localtime(version.published_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{version.number}\t{version.valid_from.isoformat()}\t{published}\t"
                f"{version.publisher or '-'}\t{version.findings}\t{version.sha256[:12]}"
            )
