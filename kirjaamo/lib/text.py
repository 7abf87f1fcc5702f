"""Text folding for search: case- and diacritics-insensitive, the same on every database."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Mäki-Ölander " -> "maki-olander".

    Stored next to names and addresses and applied to the query, so "mäki", "Maki" and "MÄKI"
    all find "Mäki" with a plain substring match that a trigram index can serve.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()
