"""Principle 1 of DESIGN.md: the register refuses to run with, or to store, personal data that
its register profile does not declare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import models
from django.test import Client
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone

from kirjaamo.accounts.models import User
from kirjaamo.audit.actor import Actor
from kirjaamo.communications.models import CallRecording
from kirjaamo.communications.services import call_recording_add
from kirjaamo.contracts.models import ServiceBlock
from kirjaamo.contracts.services import contract_create, service_block_create, service_block_end
from kirjaamo.demo.services import _tone_wav
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.models import Person
from kirjaamo.parties.services import person_create
from kirjaamo.profile.checks import profile_problems
from kirjaamo.profile.loader import load_profile

PROFILES = Path(settings.BASE_DIR) / "profiles"
EXAMPLES = sorted((PROFILES / "examples").glob("*.yaml"))
WAV = _tone_wav(0.1, 440.0)


@pytest.fixture
def use_profile(settings) -> Callable[[Path], None]:
    def use(path: Path) -> None:
        settings.KIRJAAMO_PROFILE = path

    return use


def without_line(tmp_path: Path, source: Path, line: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert line in text
    target = tmp_path / source.name
    target.write_text(text.replace(line, "", 1), encoding="utf-8")
    return target


@pytest.mark.parametrize("path", [PROFILES / "demo.yaml", *EXAMPLES], ids=lambda p: p.stem)
def test_every_shipped_profile_accounts_for_every_personal_field(path: Path) -> None:
    assert profile_problems(load_profile(path)) == []


def test_the_check_fails_when_a_model_gains_an_undeclared_personal_field() -> None:
    profile = load_profile(PROFILES / "demo.yaml")
    with isolate_apps("kirjaamo.parties"):

        @personal_data("nickname", not_personal=("id",))
        class Nicknamed(models.Model):
            nickname = models.CharField(max_length=50)

            class Meta:
                app_label = "parties"

        problems = profile_problems(profile, [Nicknamed])
    assert [p.id for p in problems] == ["kirjaamo.E002"]
    assert "parties.Nicknamed.nickname" in problems[0].msg


def test_manage_py_check_fails_for_a_profile_that_forgets_a_field(
    tmp_path: Path, use_profile: Callable[[Path], None]
) -> None:
    broken = without_line(tmp_path, PROFILES / "demo.yaml", "      - parties.Person.language\n")
    use_profile(broken)
    with pytest.raises(SystemCheckError) as info:
        call_command("check")
    assert "kirjaamo.E002" in str(info.value)
    assert "parties.Person.language" in str(info.value)


def test_manage_py_check_fails_for_an_unreadable_profile(
    tmp_path: Path, use_profile: Callable[[Path], None]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("controller: [unclosed\n", encoding="utf-8")
    use_profile(bad)
    with pytest.raises(SystemCheckError) as info:
        call_command("check")
    assert "kirjaamo.E001" in str(info.value)
    assert "bad.yaml:" in str(info.value)
    use_profile(tmp_path / "missing.yaml")
    with pytest.raises(SystemCheckError) as info:
        call_command("check")
    assert "does not exist" in str(info.value)


def test_a_category_holding_fields_needs_a_retention_rule() -> None:
    profile = load_profile(PROFILES / "demo.yaml")
    category = next(c for c in profile.data_categories if c.fields)
    trimmed = profile.model_copy(
        update={"retention": [r for r in profile.retention if r.category != category.id]}
    )
    problems = profile_problems(trimmed)
    assert any(p.id == "kirjaamo.E003" and category.id in p.msg for p in problems)


def test_kirjaamo_cannot_work_without_names(tmp_path: Path) -> None:
    profile = load_profile(PROFILES / "demo.yaml")
    trimmed = profile.model_copy(
        update={"not_collected": [*profile.not_collected, "parties.Person.last_name"]}
    )
    assert any(p.id == "kirjaamo.E004" for p in profile_problems(trimmed))


@pytest.mark.django_db
def test_recordings_are_refused_when_the_profile_does_not_collect_them(
    use_profile: Callable[[Path], None],
    make_person: Callable[..., Person],
    tmp_path: Path,
    settings,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    person = make_person(with_contacts=False)
    use_profile(PROFILES / "examples" / "kasenet.yaml")
    with pytest.raises(ValidationError) as info:
        call_recording_add(
            actor=Actor.system(purpose="maintenance"),
            party=person.party,
            audio=ContentFile(WAV),
            filename="call.wav",
            recorded_at=timezone.now(),
            duration_seconds=1,
            caller_informed=True,
        )
    assert "does not collect" in str(info.value)
    assert not CallRecording.objects.exists()
    assert not any(tmp_path.rglob("*.wav")), "the refused recording's file was left behind"


@pytest.mark.django_db
def test_the_recording_upload_is_absent_from_the_ui(
    use_profile: Callable[[Path], None], make_person: Callable[..., Person], alice: User
) -> None:
    person = make_person(with_contacts=False)
    client = Client()
    client.force_login(alice)
    card = client.get(reverse("parties:card", args=[person.pk])).content.decode()
    upload = reverse("communications:recording_upload", args=[person.pk])
    assert upload in card
    use_profile(PROFILES / "examples" / "kasenet.yaml")
    card = client.get(reverse("parties:card", args=[person.pk])).content.decode()
    assert upload not in card
    assert 'id="recordings"' not in card
    assert client.get(upload).status_code == 404


@pytest.mark.django_db
def test_a_hetu_is_refused_and_its_input_hidden_when_not_collected(
    use_profile: Callable[[Path], None], dora: User
) -> None:
    use_profile(PROFILES / "examples" / "solintech.yaml")
    actor = Actor.system(purpose="maintenance")
    with pytest.raises(ValidationError) as info:
        person_create(actor=actor, first_names="Aino", last_name="Mäkelä", hetu="131052-308T")
    assert "hetu" in info.value.message_dict
    assert not Person.objects.exists()
    person_create(actor=actor, first_names="Aino", last_name="Mäkelä")
    client = Client()
    client.force_login(dora)
    form = client.get(reverse("parties:person_create")).content.decode()
    assert 'name="hetu"' not in form
    assert 'name="first_names"' in form


@pytest.mark.django_db
def test_existing_data_can_still_be_ended_after_the_profile_stops_collecting_it(
    use_profile: Callable[[Path], None], make_person: Callable[..., Person]
) -> None:
    actor = Actor.system(purpose="maintenance")
    person = make_person(with_contacts=False)
    contract = contract_create(
        actor=actor, number="K-1", holder=person.party, opened_on=dt.date(2024, 1, 1)
    )
    block = service_block_create(
        actor=actor, contract=contract, reason="unpaid", starts_at=timezone.now()
    )
    use_profile(PROFILES / "examples" / "kasenet.yaml")
    with pytest.raises(ValidationError):
        service_block_create(
            actor=actor, contract=contract, reason="unpaid", starts_at=timezone.now()
        )
    service_block_end(actor=actor, block=block, ends_at=timezone.now())
    assert ServiceBlock.objects.get().ends_at is not None


@pytest.mark.django_db
def test_the_demo_follows_the_chosen_profile(tmp_path: Path, settings, monkeypatch) -> None:
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.delenv("KIRJAAMO_PROFILE", raising=False)
    kasenet = PROFILES / "examples" / "kasenet.yaml"
    call_command("register_demo", persons=3, profile=str(kasenet))
    assert (tmp_path / "profile").read_text().strip() == str(kasenet.resolve())
    assert Person.objects.count() == 3
    assert not CallRecording.objects.exists()
    assert not Person.objects.exclude(profession="").exists()


def test_the_demo_refuses_a_profile_that_fails_the_check(tmp_path: Path, settings) -> None:
    from django.core.management.base import CommandError

    settings.VAR_DIR = tmp_path
    broken = without_line(tmp_path, PROFILES / "demo.yaml", "      - parties.Person.language\n")
    with pytest.raises(CommandError) as info:
        call_command("register_demo", persons=1, profile=str(broken))
    assert info.value.returncode == 2
    assert "parties.Person.language" in str(info.value)
    assert not (tmp_path / "profile").exists()


@pytest.mark.django_db
def test_an_import_refuses_values_the_profile_does_not_collect(
    use_profile: Callable[[Path], None], tmp_path: Path
) -> None:
    from kirjaamo.imports.services import import_file

    path = tmp_path / "persons.csv"
    path.write_text(
        "customer_number;first_names;last_name;hetu\nA1;Aino;Mäkelä;131052-308T\nA2;Eino;Leino;\n",
        encoding="utf-8",
    )
    use_profile(PROFILES / "examples" / "solintech.yaml")
    result = import_file(actor=Actor.cli(purpose="import"), kind="persons", path=path)
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(2, "hetu")]
    assert "does not collect" in result.problems[0].reason
    assert not Person.objects.exists()
    use_profile(PROFILES / "demo.yaml")
    assert import_file(actor=Actor.cli(purpose="import"), kind="persons", path=path).ok
