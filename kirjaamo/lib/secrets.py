"""Secrets and flags from the environment, with first-run generation into the var directory."""

from __future__ import annotations

import base64
import os
import secrets
import tempfile
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

    The secret is written completely into a private temporary file first and then hard-linked to
    `path`, which fails if `path` exists: so the file appears atomically, two processes starting
    at once cannot both create it, and neither can read a half-written file. The loser reads
    what the winner wrote.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        value = base64.b64encode(secrets.token_bytes(nbytes)).decode("ascii")
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:  # mkstemp creates it 0600
                handle.write(value + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp_name, path)
        except FileExistsError:
            pass
        else:
            return value
        finally:
            os.unlink(tmp_name)
    stored = path.read_text(encoding="ascii").strip()
    if not stored:
        raise RuntimeError(f"{path} is empty; delete it to generate a new secret")
    return stored
