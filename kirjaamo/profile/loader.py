"""Read a register profile from YAML, with errors that say file, line and path — never a traceback.

    profile = load_profile("profiles/demo.yaml")

`load_profile` raises `ProfileError`, whose `issues` list the problems, in file order. The checks
run in stages and each stage reports everything it finds; a later stage runs only when the
earlier ones found nothing (a schema check of a file that is not YAML would only add noise):

1. the file cannot be read or is not UTF-8;
2. YAML syntax (line and column from the parser), a duplicate key, a document that is not a
   mapping;
3. schema errors from pydantic: each error's `loc` tuple is mapped back to the YAML node it came
   from by walking the composed node tree, so the line is the line of the wrong key or value;
4. cross-references (an unknown purpose, source, subject, category or recipient id; a duplicate
   id; a field declared in two categories);
5. field references `app_label.Model.field` checked against Django's model registry, when Django
   is set up (it always is under `manage.py` and in tests).

Messages are translatable sentences (English source) produced under the active language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kirjaamo.profile.schema import LegalBasis, Loc, Profile, format_loc


@dataclass(frozen=True)
class ProfileIssue:
    """One located error: `file:line: path: message`. `line` and `column` count from 1."""

    file: str
    line: int | None
    path: str
    message: str
    column: int | None = None

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class ProfileError(Exception):
    """The profile cannot be used; `issues` says what is wrong and where."""

    def __init__(self, issues: list[ProfileIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(issue.format() for issue in issues))


def load_profile(path: str | Path) -> Profile:
    """Read, validate and cross-check the profile at `path`; raise `ProfileError` if it is bad."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ProfileError(
            [
                ProfileIssue(
                    name, None, "", _("Cannot read the file: %(reason)s.") % {"reason": reason}
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(
            [ProfileIssue(name, line, "", _("The file is not UTF-8 text; save it as UTF-8."))]
        ) from None
    return parse_profile(text, file=name)


def parse_profile(text: str, *, file: str = "<profile>") -> Profile:
    """Like `load_profile`, for YAML already in memory; `file` names it in messages."""
    document = _read_yaml(text, file)
    if document.issues:
        raise ProfileError(document.issues)
    try:
        profile = Profile.model_validate(document.data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            message = _pydantic_message(err, document.scalars.get(loc))
            issues.append(document.issue(loc, message))
        raise ProfileError(_by_line(issues)) from None
    profile.located(file, {loc: line for loc, (line, _col) in document.lines.items()})
    problems = [
        document.issue(loc, _reference_message(code, params))
        for loc, code, params in profile.reference_errors()
    ]
    problems += [document.issue(loc, message) for loc, message in _field_errors(profile)]
    if problems:
        raise ProfileError(_by_line(problems))
    return profile


def _by_line(issues: list[ProfileIssue]) -> list[ProfileIssue]:
    return sorted(issues, key=lambda i: (i.line or 0, i.column or 0))


# --- YAML -------------------------------------------------------------------------------------

# libyaml's parser when PyYAML has it (several times faster); both give the same node marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _Document:
    """A parsed YAML file: its data, where each path starts, how each scalar was written."""

    file: str
    data: Any = None
    lines: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Loc, str] = field(default_factory=dict)
    issues: list[ProfileIssue] = field(default_factory=list)

    def issue(self, loc: Loc, message: str) -> ProfileIssue:
        """Locate `loc`: its own line, else that of the nearest ancestor in the file."""
        probe = loc
        while probe not in self.lines and probe:
            probe = probe[:-1]
        line, column = self.lines.get(probe, (None, None))
        return ProfileIssue(self.file, line, format_loc(loc), message, column)


def _read_yaml(text: str, file: str) -> _Document:
    doc = _Document(file)
    loader: yaml.SafeLoader | yaml.CSafeLoader | None = None
    try:
        loader = _Loader(text)  # checks every character already
        node = loader.get_single_node()
        if node is None:
            doc.issues.append(ProfileIssue(file, 1, "", _("The file is empty.")))
            return doc
        _walk(node, (), doc)
        if doc.issues:
            return doc
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        doc.issues.append(ProfileIssue(file, line, "", _yaml_message(exc), column))
        return doc
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character): its offset is known.
        line = text.count("\n", 0, exc.position) + 1
        message = _("This is not valid YAML: %(problem)s.") % {
            "problem": _("a control character that is not allowed in a text file")
        }
        doc.issues.append(ProfileIssue(file, line, "", message))
        return doc
    except yaml.YAMLError as exc:
        doc.issues.append(ProfileIssue(file, None, "", _yaml_message(exc)))
        return doc
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc.data, dict):
        message = _("The file must be a mapping of keys such as controller:, purposes:, ….")
        doc.issues.append(ProfileIssue(file, 1, "", message))
    return doc


def _walk(node: yaml.Node, loc: Loc, doc: _Document) -> None:
    """Record where every key and list item starts and how each scalar is written; report
    duplicate keys (PyYAML silently keeps the last one)."""
    mark = node.start_mark
    doc.lines.setdefault(loc, (mark.line + 1, mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        doc.scalars[loc] = str(node.value)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*loc, key)
            key_mark = key_node.start_mark
            if key in seen:
                doc.issues.append(
                    ProfileIssue(
                        doc.file,
                        key_mark.line + 1,
                        format_loc(child),
                        _("This key appears twice in the same mapping; keep one."),
                        key_mark.column + 1,
                    )
                )
            seen.add(key)
            # The key's own line: a nested mapping's value starts on the next line.
            doc.lines[child] = (key_mark.line + 1, key_mark.column + 1)
            _walk(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*loc, i), doc)


# PyYAML's problems in plain words; anything else is shown as PyYAML words it.
_YAML_PROBLEMS: tuple[tuple[str, Callable[[], str]], ...] = (
    (
        "mapping values are not allowed",
        lambda: _("a colon followed by a space inside a value; put the whole text in quotes"),
    ),
    ("could not find expected ':'", lambda: _("a key without a colon (:) after it")),
    ("cannot start any token", lambda: _("a tab or a special character; indent with spaces")),
    ("tab character", lambda: _("a tab or a special character; indent with spaces")),
    (
        "expected <block end>",
        lambda: _("the indentation does not match the lines above"),
    ),
    ("did not find expected key", lambda: _("the indentation does not match the lines above")),
    (
        "did not find expected '-' indicator",
        lambda: _("the indentation of a list does not match the lines above"),
    ),
    ("found unexpected end of stream", lambda: _("a quote or bracket is not closed")),
    ("expected ',' or ']'", lambda: _("a list in brackets [ ] is not closed")),
    ("expected ',' or '}'", lambda: _("a mapping in braces { } is not closed")),
    ("expected a single document", lambda: _("the file holds more than one YAML document (---)")),
    ("could not determine a constructor", lambda: _("a YAML tag (!…) that is not allowed here")),
)


def _yaml_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or exc.context or ""
        said = f"{exc.context or ''} {exc.problem or ''}"
    else:
        problem = said = str(exc)
    for fragment, words in _YAML_PROBLEMS:
        if fragment in said:
            problem = words()
            break
    return _("This is not valid YAML: %(problem)s.") % {"problem": problem}


# --- messages ---------------------------------------------------------------------------------

Message = Callable[[ErrorDetails, str | None], str]


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


def _written(err: ErrorDetails, written: str | None) -> str:
    """The value as the file has it (a YAML 0401… is an octal number once parsed)."""
    return f'"{written}"' if written is not None else _shown(err.get("input"))


_TYPE_NAMES: dict[str, Callable[[], str]] = {
    "text": lambda: _("text"),
    "bool": lambda: _("true or false"),
    "int": lambda: _("a whole number"),
    "list": lambda: _("a list (lines starting with -)"),
    "mapping": lambda: _("a mapping of keys"),
    "date": lambda: _("a date such as 2026-01-31"),
}


def _wrong_type(expected: str) -> Message:
    def message(err: ErrorDetails, written: str | None) -> str:
        value = err.get("input")
        if expected == "text" and isinstance(value, bool | int | float):
            return _(
                "Expected text, but YAML reads %(value)s as a number or a yes/no value; put it "
                "in quotes."
            ) % {"value": _written(err, written)}
        return _("Expected %(expected)s, not %(value)s.") % {
            "expected": _TYPE_NAMES[expected](),
            "value": _written(err, written),
        }

    return message


def _key(err: ErrorDetails) -> str:
    return _shown(err["loc"][-1] if err["loc"] else "")


def _ctx(err: ErrorDetails, name: str) -> str:
    return str((err.get("ctx") or {}).get(name, ""))


def _allowed(err: ErrorDetails, written: str | None) -> str:
    expected = _ctx(err, "expected").replace("'", "")
    if err["loc"] and err["loc"][-1] == "legal_basis":
        expected = ", ".join(f"{b.value} ({b.article})" for b in LegalBasis)
    return _("%(value)s is not allowed here; use one of: %(allowed)s.") % {
        "value": _written(err, written),
        "allowed": expected,
    }


def _model_type(err: ErrorDetails, written: str | None) -> str:
    if _ctx(err, "class_name") == "Text":
        return _(
            "Expected a text: a string (Finnish), or a mapping with fi: and optionally sv: and "
            "en:; not %(value)s."
        ) % {"value": _written(err, written)}
    return _wrong_type("mapping")(err, written)


_MESSAGES: dict[str, Message] = {
    "missing": lambda err, w: _("Required key %(key)s is missing.") % {"key": _key(err)},
    "extra_forbidden": lambda err, w: (
        _("Unknown key %(key)s: check the spelling (docs/profile.md lists the keys).")
        % {"key": _key(err)}
    ),
    "string_type": _wrong_type("text"),
    "bool_type": _wrong_type("bool"),
    "bool_parsing": _wrong_type("bool"),
    "int_type": _wrong_type("int"),
    "int_parsing": _wrong_type("int"),
    "int_from_float": _wrong_type("int"),
    "list_type": _wrong_type("list"),
    "model_type": _model_type,
    "model_attributes_type": _model_type,
    "dict_type": _wrong_type("mapping"),
    "date_type": _wrong_type("date"),
    "date_parsing": _wrong_type("date"),
    "date_from_datetime_parsing": _wrong_type("date"),
    "date_from_datetime_inexact": _wrong_type("date"),
    "enum": _allowed,
    "literal_error": _allowed,
    "string_too_short": lambda err, w: _("This text must not be empty."),
    # Every list with a minimum in the schema needs at least one item.
    "too_short": lambda err, w: _("This list must have at least one item."),
    "string_pattern_mismatch": lambda err, w: (
        _(
            "%(value)s is not a valid id: use lower-case letters, digits and _, starting with a "
            "letter (e.g. customer_service)."
        )
        % {"value": _written(err, w)}
    ),
    "greater_than_equal": lambda err, w: _("The number must not be negative."),
    "less_than_equal": lambda err, w: (
        _("The number is too large (at most %(max)s).") % {"max": _ctx(err, "le")}
    ),
    "identifier": lambda err, w: _ctx(err, "reason"),
    "country": lambda err, w: (
        _(
            "%(value)s is not a two-letter country code such as FI, SE or US (write Norway as "
            "'NO', in quotes)."
        )
        % {"value": _written(err, w)}
    ),
    "field_ref": lambda err, w: (
        _(
            "%(value)s is not a field reference; write app_label.Model.field, e.g. "
            "parties.Person.last_name."
        )
        % {"value": _written(err, w)}
    ),
    "period": lambda err, w: (
        _(
            "%(value)s is not a period; write it like P6Y, P3M, P1Y6M or P30D, or as years:, "
            "months:, days:."
        )
        % {"value": _written(err, w)}
    ),
    "dpo_none_with_details": lambda err, w: _(
        "A DPO declared as none: true cannot have a name or contact details; remove one or the "
        "other."
    ),
    "transfers_both": lambda err, w: _(
        "Declare either none: true or the destinations outside the EU/EEA, not both."
    ),
    "transfers_neither": lambda err, w: _(
        "Declare none: true if no data goes outside the EU/EEA, or list the destinations."
    ),
    "automated_none_or_description": lambda err, w: _(
        "Declare either none: true (no automated decisions or profiling) or a description, "
        "exactly one of them."
    ),
    "languages_fi": lambda err, w: _("Finnish (fi) must be one of the languages."),
}


def _pydantic_message(err: ErrorDetails, written: str | None) -> str:
    handler = _MESSAGES.get(err["type"])
    if handler is not None:
        return handler(err, written)
    # An error type without a sentence of its own: pydantic's English text, still located.
    return _("Invalid value: %(detail)s.") % {"detail": err["msg"]}


def _reference_message(code: str, params: dict[str, str]) -> str:
    messages = {
        "duplicate_id": _("The id %(id)s is used twice in this list; ids must be unique."),
        "unknown_purpose": _("Unknown purpose %(id)s. Declared purposes: %(known)s."),
        "unknown_source": _("Unknown source %(id)s. Declared sources: %(known)s."),
        "unknown_subject": _("Unknown data subject group %(id)s. Declared groups: %(known)s."),
        "unknown_category": _("Unknown data category %(id)s. Declared categories: %(known)s."),
        "unknown_recipient": _("Unknown recipient %(id)s. Declared recipients: %(known)s."),
        "field_twice": _(
            "The field %(field)s is already declared in category %(category)s; a field belongs "
            "to one category."
        ),
    }
    shown = {
        key: (_shown(value) if key in {"id", "field", "category"} else value)
        for key, value in params.items()
    }
    if not shown.get("known", "x"):
        shown["known"] = _("none")
    return messages[code] % shown


def _field_errors(profile: Profile) -> list[tuple[Loc, str]]:
    """Field references that name no model or no field in Django's registry."""
    from django.apps import apps

    if not apps.ready:
        return []
    from django.core.exceptions import FieldDoesNotExist

    problems: list[tuple[Loc, str]] = []
    for i, category in enumerate(profile.data_categories):
        for j, ref in enumerate(category.fields):
            app_label, model_name, field_name = ref.split(".")
            loc: Loc = ("data_categories", i, "fields", j)
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                problems.append(
                    (
                        loc,
                        _("There is no model %(model)s in Kirjaamo.")
                        % {"model": f"{app_label}.{model_name}"},
                    )
                )
                continue
            try:
                model._meta.get_field(field_name)
            except FieldDoesNotExist:
                problems.append(
                    (
                        loc,
                        _("The model %(model)s has no field %(field)s.")
                        % {"model": f"{app_label}.{model_name}", "field": field_name},
                    )
                )
    for k, ref in enumerate(profile.not_collected):
        loc = ("not_collected", k)
        app_label, model_name, *rest = ref.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            problems.append(
                (
                    loc,
                    _("There is no model %(model)s in Kirjaamo.")
                    % {"model": f"{app_label}.{model_name}"},
                )
            )
            continue
        if rest:
            try:
                model._meta.get_field(rest[0])
            except FieldDoesNotExist:
                problems.append(
                    (
                        loc,
                        _("The model %(model)s has no field %(field)s.")
                        % {"model": f"{app_label}.{model_name}", "field": rest[0]},
                    )
                )
                continue
        declared = [f for f in profile.declared_fields() if f == ref or f.startswith(ref + ".")]
        if declared:
            problems.append(
                (
                    loc,
                    _("%(ref)s is declared in a data category and cannot also be not collected.")
                    % {"ref": ref},
                )
            )
    return problems
