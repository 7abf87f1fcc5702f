"""Profile versions: publishing stores an immutable version; unchanged, erroneous or back-dated
profiles are refused with nothing written; the public notice source; the per-section diff."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.audit.models import AuditEvent
from kirjaamo.profile.management.commands.register_profile import Command
from kirjaamo.profile.models import ProfileVersion, ProfileVersionImmutable
from kirjaamo.profile.tests.factories import dump, minimal
from kirjaamo.profile.versions import (
    PublishRefused,
    diff_texts,
    notice_source,
    profile_version_publish,
    read_profile_text,
    split_sections,
    text_sha256,
)

JAN = dt.date(2027, 1, 1)
MAR = dt.date(2027, 3, 1)


@pytest.fixture
def dpo_actor(dora: User) -> Actor:
    return Actor(user=dora, channel="ui", purpose="data_protection")  # type: ignore[arg-type]


def changed_text() -> str:
    data = minimal()
    data["purposes"][0]["text"] = {"fi": "Uusi palvelu", "sv": "Ny tjänst", "en": "New service"}
    return dump(data)


def test_publishing_stores_the_text_its_digest_date_and_publisher(dpo_actor: Actor, dora: User):
    text = dump(minimal())
    result = profile_version_publish(actor=dpo_actor, yaml_text=text, valid_from=JAN)
    version = ProfileVersion.objects.get()
    assert result.version == version
    assert version.number == 1
    assert version.yaml_text == text
    assert version.sha256 == text_sha256(text)
    assert version.valid_from == JAN
    assert version.published_by == dora
    assert version.controller_name == "Testiverkko Oy"
    assert version.findings == 0 and result.findings == []


def test_publishing_records_one_audit_event_with_ids_and_the_digest_only(dpo_actor: Actor):
    text = dump(minimal())
    profile_version_publish(actor=dpo_actor, yaml_text=text, valid_from=JAN)
    event = AuditEvent.objects.get(action="profile_version.published")
    version = ProfileVersion.objects.get()
    assert event.entity == "profile.ProfileVersion" and event.entity_id == version.pk
    assert event.detail == {
        "number": 1,
        "previous": None,
        "findings": 0,
        "sha256": f"sha256:{version.sha256}",
    }
    assert "Testiverkko" not in str(event.detail)


def test_it_refuses_to_publish_an_unchanged_profile_and_writes_nothing(dpo_actor: Actor):
    text = dump(minimal())
    profile_version_publish(actor=dpo_actor, yaml_text=text, valid_from=JAN)
    events = AuditEvent.objects.count()
    with pytest.raises(PublishRefused, match="has not changed since version 1"):
        profile_version_publish(actor=dpo_actor, yaml_text=text, valid_from=MAR)
    # Windows line ends are the same text.
    with pytest.raises(PublishRefused, match="has not changed"):
        profile_version_publish(
            actor=dpo_actor, yaml_text=text.replace("\n", "\r\n"), valid_from=MAR
        )
    assert ProfileVersion.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_it_refuses_to_publish_a_profile_with_errors(dpo_actor: Actor):
    data = minimal()
    data["purposes"][0]["legal_basis"] = "contrakt"
    with pytest.raises(PublishRefused) as caught:
        profile_version_publish(actor=dpo_actor, yaml_text=dump(data), valid_from=JAN)
    assert "has errors" in caught.value.message
    assert any(issue.path == "purposes[0].legal_basis" for issue in caught.value.issues)
    assert not ProfileVersion.objects.exists()


def test_a_profile_with_findings_is_published_and_the_findings_returned(dpo_actor: Actor):
    data = minimal()
    data["retention"] = []
    result = profile_version_publish(actor=dpo_actor, yaml_text=dump(data), valid_from=JAN)
    assert [f.code for f in result.findings] == ["retention-missing"]
    assert result.version.findings == 1


def test_it_refuses_a_valid_from_date_before_the_previous_version(dpo_actor: Actor):
    profile_version_publish(actor=dpo_actor, yaml_text=dump(minimal()), valid_from=MAR)
    with pytest.raises(PublishRefused, match="earlier than that of version 1"):
        profile_version_publish(actor=dpo_actor, yaml_text=changed_text(), valid_from=JAN)
    version = profile_version_publish(actor=dpo_actor, yaml_text=changed_text(), valid_from=MAR)
    assert version.version.number == 2


def test_a_date_differing_from_the_files_valid_from_is_noted(dpo_actor: Actor):
    data = minimal()
    data["valid_from"] = "2026-01-01"
    result = profile_version_publish(actor=dpo_actor, yaml_text=dump(data), valid_from=JAN)
    assert result.notes and "1.1.2026" in result.notes[0] and "1.1.2027" in result.notes[0]


# --- immutability --------------------------------------------------------------------------------


def test_a_published_version_cannot_be_changed_or_deleted(dpo_actor: Actor):
    version = profile_version_publish(
        actor=dpo_actor, yaml_text=dump(minimal()), valid_from=JAN
    ).version
    version.valid_from = MAR
    with pytest.raises(ProfileVersionImmutable):
        version.save()
    with pytest.raises(ProfileVersionImmutable):
        version.delete()
    with pytest.raises(ProfileVersionImmutable):
        ProfileVersion.objects.filter(pk=version.pk).update(valid_from=MAR)
    with pytest.raises(ProfileVersionImmutable):
        ProfileVersion.objects.all().delete()
    assert ProfileVersion.objects.get().valid_from == JAN


# --- what the public page shows ------------------------------------------------------------------


def test_the_notice_source_is_the_file_until_something_is_in_force(dpo_actor: Actor):
    source = notice_source(dt.date(2026, 12, 31))
    assert source.version is None
    assert source.profile.controller.name == "Esimerkkiverkko Oy"  # tests run on profiles/demo
    profile_version_publish(actor=dpo_actor, yaml_text=dump(minimal()), valid_from=JAN)
    before = notice_source(dt.date(2026, 12, 31))
    assert before.version is None and before.upcoming is not None
    after = notice_source(JAN)
    assert after.version is not None and after.version.number == 1
    assert after.profile.controller.name == "Testiverkko Oy"
    assert after.valid_from == JAN and after.upcoming is None


def test_a_later_version_is_announced_until_it_takes_effect(dpo_actor: Actor):
    profile_version_publish(actor=dpo_actor, yaml_text=dump(minimal()), valid_from=JAN)
    profile_version_publish(actor=dpo_actor, yaml_text=changed_text(), valid_from=MAR)
    february = notice_source(dt.date(2027, 2, 1))
    assert february.version is not None and february.version.number == 1
    assert february.upcoming is not None and february.upcoming.number == 2
    march = notice_source(MAR)
    assert march.version is not None and march.version.number == 2 and march.upcoming is None
    assert notice_source(number=1).version.number == 1  # type: ignore[union-attr]
    with pytest.raises(ProfileVersion.DoesNotExist):
        notice_source(number=9)


# --- diff ----------------------------------------------------------------------------------------


def test_the_diff_shows_what_changed_section_by_section():
    old = dump(minimal())
    data = minimal()
    data["purposes"][0]["text"] = {"fi": "Uusi palvelu", "sv": "Ny tjänst", "en": "New service"}
    data["purposes"].append({"id": "billing", "text": "Laskutus", "legal_basis": "contract"})
    data["dpo"] = {"name": "Tietosuojavastaava", "email": "dpo@example.fi"}
    del data["provision"]
    sections = {s.key: s for s in diff_texts(old, dump(data))}
    purposes = sections["purposes"]
    assert purposes.status == "changed"
    assert purposes.added == ("billing",) and purposes.changed == ("service",)
    assert any(line.kind == "add" and "Uusi palvelu" in line.text for line in purposes.lines)
    assert any(line.kind == "del" and "Palvelu" in line.text for line in purposes.lines)
    assert sections["dpo"].status == "changed"
    assert sections["provision"].status == "removed"
    assert sections["controller"].status == "unchanged" and not sections["controller"].lines
    assert purposes.counts[0] >= 3


def test_comments_above_a_key_belong_to_that_key():
    text = "# header\n\nformat: 1\n# about the controller\ncontroller:\n  name: X\n\n# end\n"
    sections = split_sections(text)
    assert sections[""] == ["# header"]
    assert sections["format"] == ["format: 1"]
    assert sections["controller"] == [
        "# about the controller",
        "controller:",
        "  name: X",
        "",
        "# end",
    ]


# --- commands ------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(Command(), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc) + err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_publish_command_exit_codes(db: None, tmp_path: Path):
    good = tmp_path / "good.yaml"
    good.write_text(dump(minimal()), encoding="utf-8")
    code, out, _ = run("publish", "--profile", str(good), "--valid-from", "2027-01-01")
    assert code == 0 and "Published version 1, valid from 2027-01-01" in out
    code, _, message = run("publish", "--profile", str(good), "--valid-from", "2027-02-01")
    assert code == 1 and "has not changed" in message
    bad = tmp_path / "bad.yaml"
    data = minimal()
    data["controller"]["emial"] = "x@example.fi"
    bad.write_text(dump(data), encoding="utf-8")
    code, _, message = run("publish", "--profile", str(bad), "--valid-from", "2027-02-01")
    assert code == 2 and "controller.emial" in message
    code, _, message = run("publish", "--profile", str(good), "--valid-from", "1.2.2027")
    assert code == 2 and "YYYY-MM-DD" in message
    event = AuditEvent.objects.get(action="profile_version.published")
    assert event.channel == "cli" and event.actor_label.startswith("cli:")
    assert ProfileVersion.objects.get().published_by_label.startswith("cli:")


def test_publish_command_warns_about_findings(db: None, tmp_path: Path):
    data = minimal()
    data["retention"] = []
    path = tmp_path / "findings.yaml"
    path.write_text(dump(data), encoding="utf-8")
    code, out, err = run("publish", "--profile", str(path), "--valid-from", "2027-01-01")
    assert code == 0
    assert "[GDPR-13-2a]" in err
    assert "Published with 1 linter finding" in out


def test_versions_command_lists_the_history(dpo_actor: Actor):
    assert "No version has been published yet." in run("versions")[1]
    profile_version_publish(actor=dpo_actor, yaml_text=dump(minimal()), valid_from=JAN)
    code, out, _ = run("versions")
    assert code == 0
    number, valid_from, _published, who, findings, sha = out.strip().split("\t")
    assert (number, valid_from, who, findings) == ("1", "2027-01-01", "dora", "0")
    assert len(sha) == 12


def test_read_profile_text_normalises_bom_and_line_ends(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfformat: 1\r\nlanguages: [fi]\r\n")
    assert read_profile_text(path) == "format: 1\nlanguages: [fi]\n"
