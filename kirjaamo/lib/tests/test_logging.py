"""The logging safety net: personal values that slip into a log record are redacted."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from kirjaamo.lib.logging import MASK, RedactPersonalData, redact

SECRETS = ["131052-308T", "100190Y999P", "matti.virtanen@example.fi", "0401234567", "401234567"]


@pytest.fixture
def capture() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPersonalData())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("kirjaamo.tests.redact")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert "123 4567" not in text


@pytest.mark.parametrize(
    "text",
    [
        "customer 131052-308T not found",
        "hetu=100190Y999P;",
        "(131052-308t)",
        "henkilötunnus:131052-308T.",
        "mail matti.virtanen@example.fi bounced",
        "<matti.virtanen@example.fi>",
        "call 040 123 4567 now",
        "call +358 40 123 4567 now",
        "call +358401234567",
        "puh. 0401234567",
        "tel:040-123 4567",
        # Glued to a word: still caught.
        "hetu131052-308T",
        "id=x131052-308T_",
        "puh.0401234567",
        "puh0401234567",
        "040 123 4567x",
    ],
)
def test_it_redacts_hetu_email_and_phone(text: str) -> None:
    result = redact(text)
    assert MASK in result
    assert_clean(result)


@pytest.mark.parametrize(
    "text",
    [
        "party 12345 updated fields ['email', 'phone'] in 0.25 s",
        "pi is 3.14159265",
        "client 192.168.100.200 connected",
    ],
)
def test_it_leaves_ordinary_text_and_ids_alone(text: str) -> None:
    assert redact(text) == text


def test_it_redacts_the_message(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    logger.warning("lookup of 131052-308T and matti.virtanen@example.fi failed")
    output = stream.getvalue()
    assert_clean(output)
    assert output.startswith("WARNING lookup of [redacted]")


def test_it_redacts_arguments(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    logger.info("person %s phone %s mail %s", "131052-308T", "040 123 4567", "a@b.fi")
    output = stream.getvalue()
    assert_clean(output)
    assert "a@b.fi" not in output
    assert output.count(MASK) == 3


def test_it_redacts_exception_text(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    try:
        raise ValueError("duplicate key 131052-308T for matti.virtanen@example.fi, 0401234567")
    except ValueError:
        logger.exception("insert failed")
    output = stream.getvalue()
    assert "Traceback" in output
    assert "ValueError: duplicate key [redacted]" in output
    assert_clean(output)


def test_a_broken_format_string_does_not_stop_logging(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    logger.error("value %d of 131052-308T", "not a number")
    output = stream.getvalue()
    assert "ERROR value" in output
    assert_clean(output)
