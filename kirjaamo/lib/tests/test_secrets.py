"""First-run secrets (mode 0600, reused, safe when two processes start at once) and env flags."""

from __future__ import annotations

import base64
import secrets
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kirjaamo.lib.secrets import env_flag, load_or_create_secret


def test_it_creates_a_secret_file_readable_only_by_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "var" / "data_key"
    value = load_or_create_secret(path, nbytes=32)
    assert len(base64.b64decode(value)) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="ascii").strip() == value
    assert [p.name for p in path.parent.iterdir()] == ["data_key"]


def test_it_reuses_an_existing_secret(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    first = load_or_create_secret(path, nbytes=50)
    assert load_or_create_secret(path, nbytes=50) == first
    assert len(base64.b64decode(first)) == 50


def test_secrets_differ_between_installations(tmp_path: Path) -> None:
    a = load_or_create_secret(tmp_path / "a", nbytes=32)
    b = load_or_create_secret(tmp_path / "b", nbytes=32)
    assert a != b


def test_concurrent_first_runs_agree_on_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "data_key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(lambda _i: load_or_create_secret(path, nbytes=32), range(16)))
    assert len(set(values)) == 1
    assert len(base64.b64decode(values[0])) == 32


def test_a_process_starting_while_another_writes_never_reads_a_partial_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first process is held in the middle of creating the secret; a second process starting
    meanwhile must still end up with the same, complete secret (not an empty file)."""
    path = tmp_path / "data_key"
    real_token_bytes = secrets.token_bytes
    second_done = threading.Event()
    calls = []

    def slow_first_token_bytes(n: int) -> bytes:
        calls.append(n)
        if len(calls) == 1:
            second_done.wait(timeout=2)
        return real_token_bytes(n)

    # kirjaamo.lib.secrets draws its random bytes from the standard `secrets` module.
    monkeypatch.setattr(secrets, "token_bytes", slow_first_token_bytes)
    results: dict[str, str] = {}

    def first() -> None:
        results["first"] = load_or_create_secret(path, nbytes=32)

    thread = threading.Thread(target=first)
    thread.start()
    while not calls:  # the first process is now generating its secret
        threading.Event().wait(0.001)
    results["second"] = load_or_create_secret(path, nbytes=32)
    second_done.set()
    thread.join(timeout=5)
    assert results["second"]
    assert results["first"] == results["second"]
    assert len(base64.b64decode(results["second"])) == 32
    assert path.read_text(encoding="ascii").strip() == results["second"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data_key"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_env_flag_parses_common_spellings(
    raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIRJAAMO_TEST_FLAG", raw)
    assert env_flag("KIRJAAMO_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_flag_uses_the_default_when_unset_or_empty(
    default: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIRJAAMO_TEST_FLAG", raising=False)
    assert env_flag("KIRJAAMO_TEST_FLAG", default=default) is default
    monkeypatch.setenv("KIRJAAMO_TEST_FLAG", "  ")
    assert env_flag("KIRJAAMO_TEST_FLAG", default=default) is default


def test_env_flag_rejects_other_values_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KIRJAAMO_TEST_FLAG", "maybe")
    with pytest.raises(ValueError, match="KIRJAAMO_TEST_FLAG must be one of"):
        env_flag("KIRJAAMO_TEST_FLAG", default=False)


def test_an_empty_secret_file_is_an_error_not_an_empty_key(tmp_path: Path) -> None:
    path = tmp_path / "data_key"
    path.write_text("\n", encoding="ascii")
    with pytest.raises(RuntimeError, match="is empty"):
        load_or_create_secret(path, nbytes=32)
