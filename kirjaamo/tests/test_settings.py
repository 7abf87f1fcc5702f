"""Settings come from environment variables only; each case loads them in a fresh interpreter."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import json
import kirjaamo.settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
    "port": db.get("PORT"), "user": db.get("USER"), "debug": s.DEBUG,
    "allowed_hosts": s.ALLOWED_HOSTS, "media_root": str(s.MEDIA_ROOT),
    "secret_key": s.SECRET_KEY, "data_key": s.DATA_KEY, "time_zone": s.TIME_ZONE,
    "language": s.LANGUAGE_CODE, "use_tz": s.USE_TZ,
}))
"""


def load(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIRJAAMO_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean["KIRJAAMO_VAR_DIR"] = str(tmp_path / "var")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_for(tmp_path: Path, **env: str) -> dict[str, Any]:
    result = load(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_defaults_use_a_sqlite_file_in_the_var_dir_and_generate_secrets(tmp_path: Path) -> None:
    loaded = settings_for(tmp_path)
    var = tmp_path / "var"
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(var / "kirjaamo.sqlite3")
    assert loaded["debug"] is False
    assert loaded["allowed_hosts"] == ["127.0.0.1", "localhost"]
    assert loaded["media_root"] == str(var / "media")
    assert (loaded["time_zone"], loaded["language"], loaded["use_tz"]) == (
        "Europe/Helsinki",
        "fi",
        True,
    )
    for name in ("secret_key", "data_key"):
        path = var / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().strip() == loaded[name]
    # A second start reuses the generated secrets.
    again = settings_for(tmp_path)
    assert (again["secret_key"], again["data_key"]) == (loaded["secret_key"], loaded["data_key"])


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    loaded = settings_for(
        tmp_path, KIRJAAMO_DATABASE_URL="postgresql://kirjaamo:pw@db.example:5433/register"
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert (loaded["name"], loaded["host"], loaded["port"], loaded["user"]) == (
        "register",
        "db.example",
        5433,
        "kirjaamo",
    )


def test_database_url_may_name_another_sqlite_file(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    loaded = settings_for(tmp_path, KIRJAAMO_DATABASE_URL=f"sqlite:///{target}")
    assert (loaded["engine"], loaded["name"]) == ("django.db.backends.sqlite3", str(target))


@pytest.mark.parametrize(("raw", "debug"), [("1", True), ("true", True), ("off", False)])
def test_debug_flag(tmp_path: Path, raw: str, debug: bool) -> None:
    assert settings_for(tmp_path, KIRJAAMO_DEBUG=raw)["debug"] is debug


def test_an_invalid_debug_flag_stops_start_up_with_a_clear_error(tmp_path: Path) -> None:
    result = load(tmp_path, KIRJAAMO_DEBUG="maybe")
    assert result.returncode != 0
    assert "KIRJAAMO_DEBUG must be one of" in result.stderr


def test_given_secrets_hosts_and_media_root_are_used_and_nothing_is_generated(
    tmp_path: Path,
) -> None:
    media = tmp_path / "recordings"
    loaded = settings_for(
        tmp_path,
        KIRJAAMO_SECRET_KEY="s" * 50,
        KIRJAAMO_DATA_KEY="QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
        KIRJAAMO_ALLOWED_HOSTS=" kirjaamo.example.fi, ,intra.example ",
        KIRJAAMO_MEDIA_ROOT=str(media),
    )
    assert loaded["secret_key"] == "s" * 50
    assert loaded["data_key"] == "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
    assert loaded["allowed_hosts"] == ["kirjaamo.example.fi", "intra.example"]
    assert loaded["media_root"] == str(media)
    assert not (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "data_key").exists()
