"""The active profile, its published versions, and what the public notice shows.

- `active_profile()`: the profile the register runs with (settings.KIRJAAMO_PROFILE, through
  `kirjaamo.profile.active`).
- `profile_version_publish(*, actor, yaml_text, valid_from, source_file)`: store the profile
  text as a new immutable version. Refused (`PublishRefused`, nothing written) when the text does
  not load (schema or reference errors), when it is the same as the latest version, or when the
  valid-from date is earlier than the latest version's. Linter findings do not block publishing;
  they are returned so the caller can warn. One audit event per publish: ids, counts and the
  file's digest only.
- `notice_source(today)`: what the public pages render — the newest version in force on `today`,
  else the active profile file — and a version published for a later date, if any.
- `diff_texts(old, new)`: a per-section diff of two profile files for the DPO.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import EventKind
from kirjaamo.audit.services import audit_record
from kirjaamo.profile import active
from kirjaamo.profile.lint import Finding, lint
from kirjaamo.profile.loader import ProfileError, ProfileIssue, parse_profile
from kirjaamo.profile.models import ProfileVersion
from kirjaamo.profile.notice import build_notice, render_pdf
from kirjaamo.profile.schema import Profile

logger = logging.getLogger(__name__)

# --- the active profile ---------------------------------------------------------------------------


def active_profile_path() -> Path:
    """The active profile's file (settings.KIRJAAMO_PROFILE)."""
    return active.profile_path()


def active_profile() -> Profile:
    """The active profile; `ProfileError` (located issues) if its file does not load."""
    return active.active_profile()


def read_profile_text(path: str | Path) -> str:
    """A profile file's text as a version stores it: UTF-8 without BOM, LF line ends.

    Raises `ProfileError` when the file cannot be read or is not UTF-8, like `load_profile`.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = _("Cannot read the file: %(reason)s.") % {"reason": reason}
        raise ProfileError([ProfileIssue(name, None, "", message)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = _("The file is not UTF-8 text; save it as UTF-8.")
        raise ProfileError([ProfileIssue(name, line, "", message)]) from None
    return normalise_text(text)


def normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=16)
def profile_from_text(text: str, file: str) -> Profile:
    """Parse a profile text, cached: public pages render the same few texts over and over, and
    the models are immutable, so sharing a parsed profile is safe."""
    return parse_profile(text, file=file)


@functools.lru_cache(maxsize=12)
def cached_pdf(
    text: str, file: str, lang: str, valid_from: dt.date | None, version: int | None
) -> bytes:
    """The notice PDF of a profile text. Rendering takes about a second, so public downloads
    reuse it; the cache lives as long as the process (a new release restarts it)."""
    notice = build_notice(
        profile_from_text(text, file), lang, valid_from=valid_from, version=version
    )
    return render_pdf(notice)


# --- versions -----------------------------------------------------------------------------------


def latest_version() -> ProfileVersion | None:
    return ProfileVersion.objects.order_by("-number").first()


def versions() -> list[ProfileVersion]:
    """Every published version, newest first (a register has a few dozen at most)."""
    return list(ProfileVersion.objects.select_related("published_by").order_by("-number"))


def version_profile(version: ProfileVersion) -> Profile:
    """The profile of a version; `ProfileError` if it no longer loads (the format moved on)."""
    return profile_from_text(version.yaml_text, version_file(version))


def version_file(version: ProfileVersion) -> str:
    return f"version-{version.number}.yaml"


@dataclass(frozen=True)
class NoticeSource:
    """What a public notice page renders."""

    text: str
    file: str
    profile: Profile
    valid_from: dt.date | None
    version: ProfileVersion | None  # None: nothing published in force, the active file is shown
    upcoming: ProfileVersion | None = None  # published for a later date

    @property
    def number(self) -> int | None:
        return self.version.number if self.version is not None else None


def notice_source(today: dt.date | None = None, *, number: int | None = None) -> NoticeSource:
    """The newest version in force on `today`, else the active profile; or version `number`.

    An in-force version that no longer loads (the profile format changed since) is skipped with
    a warning in the log, so the public page keeps working; the DPO page shows the problem.
    Raises `ProfileVersion.DoesNotExist` for an unknown `number`, `ProfileError` when version
    `number` or the fallback active profile does not load.
    """
    if number is not None:
        version = ProfileVersion.objects.get(number=number)
        return NoticeSource(
            text=version.yaml_text,
            file=version_file(version),
            profile=version_profile(version),
            valid_from=version.valid_from,
            version=version,
        )
    today = today or timezone.localdate()
    upcoming = ProfileVersion.objects.filter(valid_from__gt=today).order_by("-number").first()
    in_force = ProfileVersion.objects.filter(valid_from__lte=today).order_by("-number").first()
    if in_force is not None:
        try:
            profile = version_profile(in_force)
        except ProfileError:
            logger.warning(
                "profile version %d no longer loads; the public notice shows the active profile",
                in_force.number,
            )
        else:
            if upcoming is not None and upcoming.number < in_force.number:
                upcoming = None
            return NoticeSource(
                text=in_force.yaml_text,
                file=version_file(in_force),
                profile=profile,
                valid_from=in_force.valid_from,
                version=in_force,
                upcoming=upcoming,
            )
    path = active_profile_path()
    text = read_profile_text(path)
    profile = profile_from_text(text, str(path))
    return NoticeSource(
        text=text,
        file=str(path),
        profile=profile,
        valid_from=profile.valid_from,
        version=None,
        upcoming=upcoming,
    )


# --- publishing -------------------------------------------------------------------------------


class PublishRefused(Exception):
    """The profile was not published; `message` says why (translated), `issues` list errors."""

    def __init__(self, message: str, issues: list[ProfileIssue] | None = None) -> None:
        self.message = message
        self.issues = issues or []
        super().__init__(message)


@dataclass(frozen=True)
class PublishResult:
    version: ProfileVersion
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def profile_version_publish(
    *,
    actor: Actor,
    yaml_text: str,
    valid_from: dt.date,
    source_file: str = "",
) -> PublishResult:
    """Store `yaml_text` as the next immutable profile version, valid from `valid_from`.

    Refused with `PublishRefused` (nothing written) when the profile has errors, is unchanged
    since the latest version, or `valid_from` is earlier than the latest version's date.
    """
    text = normalise_text(yaml_text)
    try:
        profile = parse_profile(text, file=source_file or "profile.yaml")
    except ProfileError as exc:
        raise PublishRefused(
            _("The profile has errors and cannot be published. Fix them and try again."),
            exc.issues,
        ) from None
    findings = lint(profile)
    digest = text_sha256(text)
    latest = ProfileVersion.objects.select_for_update().order_by("-number").first()
    if latest is not None and latest.sha256 == digest:
        raise PublishRefused(
            _(
                "The profile has not changed since version %(number)d (published %(date)s); "
                "there is nothing new to publish."
            )
            % {"number": latest.number, "date": _date(timezone.localdate(latest.published_at))}
        )
    if latest is not None and valid_from < latest.valid_from:
        raise PublishRefused(
            _(
                "The valid-from date %(date)s is earlier than that of version %(number)d "
                "(%(previous)s). A new version cannot take effect before the previous one."
            )
            % {
                "date": _date(valid_from),
                "number": latest.number,
                "previous": _date(latest.valid_from),
            }
        )
    notes = []
    if profile.valid_from is not None and profile.valid_from != valid_from:
        notes.append(
            _(
                "The profile file says valid_from %(file_date)s; the published notice shows "
                "%(date)s, the date given when publishing."
            )
            % {"file_date": _date(profile.valid_from), "date": _date(valid_from)}
        )
    number = latest.number + 1 if latest is not None else 1
    try:
        with transaction.atomic():
            version = ProfileVersion.objects.create(
                number=number,
                yaml_text=text,
                sha256=digest,
                valid_from=valid_from,
                source_file=source_file[:500],
                controller_name=profile.controller.name[:300],
                findings=len(findings),
                published_at=timezone.now(),
                published_by=actor.user,
                published_by_label=actor.label if actor.user is None else "",
            )
    except IntegrityError:
        raise PublishRefused(
            _("Another version was published at the same moment. Reload and try again.")
        ) from None
    audit_record(
        actor=actor,
        kind=EventKind.WRITE,
        action="profile_version.published",
        entity="profile.ProfileVersion",
        entity_id=version.pk,
        detail={
            "number": version.number,
            "previous": latest.number if latest is not None else None,
            "findings": len(findings),
            "sha256": f"sha256:{digest}",
        },
    )
    return PublishResult(version=version, findings=findings, notes=notes)


def _date(value: dt.date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


# --- diff ---------------------------------------------------------------------------------------

# Top-level keys in the order of the file format (docs/profile.md), with what the DPO calls them.
SECTION_TITLES: dict[str, Any] = {
    "": gettext_lazy("Comments at the top of the file"),
    "format": gettext_lazy("File format"),
    "valid_from": gettext_lazy("Valid from"),
    "languages": gettext_lazy("Languages"),
    "controller": gettext_lazy("Controller and contact details"),
    "contact_person": gettext_lazy("Contact person for register matters"),
    "representative": gettext_lazy("Representative in the EU (Article 27)"),
    "dpo": gettext_lazy("Data protection officer"),
    "registers": gettext_lazy("Registers and information systems"),
    "purposes": gettext_lazy("Purposes and legal bases of the processing"),
    "data_subjects": gettext_lazy("Whose data we process"),
    "data_categories": gettext_lazy("Categories of personal data"),
    "sources": gettext_lazy("Where the data comes from"),
    "recipients": gettext_lazy("Recipients of the data"),
    "transfers": gettext_lazy("Transfers outside the EU or the EEA"),
    "retention": gettext_lazy("How long the data is kept"),
    "security": gettext_lazy("How the data is protected"),
    "rights": gettext_lazy("Your rights"),
    "automated_decisions": gettext_lazy("Automated decision-making and profiling"),
    "provision": gettext_lazy("Whether you must provide the data"),
    "call_recording": gettext_lazy("Call recordings"),
    "cookies": gettext_lazy("Cookies and web analytics"),
    "traffic_data": gettext_lazy("Traffic data"),
    "directory": gettext_lazy("Directory services"),
    "not_collected": gettext_lazy("Data not collected"),
}

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")
# The key each list's items are told apart by.
_ITEM_KEYS = {
    "registers": "id",
    "purposes": "id",
    "data_subjects": "id",
    "data_categories": "id",
    "sources": "id",
    "recipients": "id",
    "retention": "category",
}


@dataclass(frozen=True)
class DiffLine:
    kind: Literal["add", "del", "ctx", "hunk"]
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    status: Literal["added", "removed", "changed", "unchanged"]
    lines: tuple[DiffLine, ...] = ()
    added: tuple[str, ...] = ()  # ids of list items added, removed, changed
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def counts(self) -> tuple[int, int]:
        """(lines added, lines removed)."""
        return (
            sum(1 for line in self.lines if line.kind == "add"),
            sum(1 for line in self.lines if line.kind == "del"),
        )


def split_sections(text: str) -> dict[str, list[str]]:
    """The file's lines by top-level key, in file order. Comment lines directly above a key
    belong to that key; the comments before the first key to the section "" (the header)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.split("\n"):
        match = _TOP_KEY.match(line)
        if match:
            previous = sections[current]
            moved: list[str] = []
            # The file's opening comments stay the header even when no blank line follows them.
            while current and previous and previous[-1].startswith("#"):
                moved.insert(0, previous.pop())
            current = match.group(1)
            # A duplicated key is a load error; keep both texts visible if it ever happens.
            sections[current] = [*sections.get(current, []), *moved, line]
        else:
            sections[current].append(line)
    for key in list(sections):
        while sections[key] and not sections[key][-1].strip():
            sections[key].pop()
    if not sections[""]:
        del sections[""]
    return sections


def diff_texts(old: str, new: str) -> list[SectionDiff]:
    """Section by section: status, the unified diff of its lines and, for the lists with ids,
    which items were added, removed or changed."""
    old_sections, new_sections = split_sections(old), split_sections(new)
    old_data, new_data = _safe_load(old), _safe_load(new)
    keys = list(new_sections) + [k for k in old_sections if k not in new_sections]
    out = []
    for key in keys:
        before, after = old_sections.get(key), new_sections.get(key)
        title = str(SECTION_TITLES.get(key, key))
        if before is None:
            status: Literal["added", "removed", "changed", "unchanged"] = "added"
        elif after is None:
            status = "removed"
        elif before == after:
            out.append(SectionDiff(key, title, "unchanged"))
            continue
        else:
            status = "changed"
        lines = _unified(before or [], after or [])
        added, removed, changed = _item_changes(key, old_data.get(key), new_data.get(key))
        out.append(SectionDiff(key, title, status, lines, added, removed, changed))
    return out


def _unified(before: list[str], after: list[str]) -> tuple[DiffLine, ...]:
    lines = []
    for raw in difflib.unified_diff(before, after, lineterm="", n=2):
        if raw.startswith(("---", "+++")):
            continue
        if raw.startswith("@@"):
            lines.append(DiffLine("hunk", raw))
        elif raw.startswith("+"):
            lines.append(DiffLine("add", raw[1:]))
        elif raw.startswith("-"):
            lines.append(DiffLine("del", raw[1:]))
        else:
            lines.append(DiffLine("ctx", raw[1:]))
    return tuple(lines)


def _safe_load(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _item_changes(
    key: str, old: Any, new: Any
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    item_key = _ITEM_KEYS.get(key)
    if item_key is None:
        return (), (), ()
    before, after = _items_by(old, item_key), _items_by(new, item_key)
    added = tuple(k for k in after if k not in before)
    removed = tuple(k for k in before if k not in after)
    changed = tuple(k for k in after if k in before and before[k] != after[k])
    return added, removed, changed


def _items_by(items: Any, item_key: str) -> dict[str, list[Any]]:
    """Items of a list by their id; retention rules share a category, so values are lists."""
    out: dict[str, list[Any]] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                out.setdefault(str(item.get(item_key, "?")), []).append(item)
    return out
