"""Secrets and flags from the environment, with first-run generation into the var directory."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def env_flag(name: str, *, default: bool) -> bool:
    """Read a boolean environment variable (1/true/yes/on, 0/false/no/off)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off")


def load_or_create_secret(path: Path, *, nbytes: int) -> str:
    """Return the base64 secret stored at `path`, creating it (mode 0600) on first use.

    The file is created with O_EXCL so two processes starting at once cannot both write it;
    the loser reads what the winner wrote.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    value = base64.b64encode(secrets.token_bytes(nbytes)).decode("ascii")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value
