from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in the source language, so tests read the way the code is written.

    Management commands choose their own language (kirjaamo.lib.commands.cli_language), hence
    the environment variable as well.
    """
    monkeypatch.setenv("KIRJAAMO_LANGUAGE", "en")
    with translation.override("en"):
        yield
