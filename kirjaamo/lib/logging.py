"""A logging filter that removes personal values that slipped into a log record.

Kirjaamo code never logs personal values on purpose; this filter is the safety net for third-party
messages (e.g. a database error quoting a row). It masks anything shaped like a HETU, an e-mail
address, a phone number or a Y-tunnus.
"""

from __future__ import annotations

import logging
import re

# Boundaries are "no digit next to it" rather than \b, so values glued to a word
# ("hetu131052-308T", "puh.0401234567", "040 123 4567x") are still caught.
_PATTERNS = [
    re.compile(r"(?<!\d)\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?!\d)", re.IGNORECASE),  # HETU
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail
    # Phone-like digit runs; a dot before the run only counts after a letter ("puh.") so
    # decimals such as 3.14159265 are left alone.
    re.compile(r"(?:(?<=[^\W\d_]\.)|(?<![\d.]))\+?\d[\d\s-]{6,}\d(?!\d)"),
]
MASK = "[redacted]"


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not kill logging
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Format the traceback now so the formatter reuses our redacted text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
