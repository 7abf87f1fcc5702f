from __future__ import annotations

from enum import StrEnum

import pytest

from kirjaamo.profile import schema
from kirjaamo.profile.labels import LABELS, label, period_text
from kirjaamo.profile.schema import LegalBasis, Period

ENUMS: list[type[StrEnum]] = [
    schema.LegalBasis,
    schema.CountsFrom,
    schema.RetentionAction,
    schema.ChannelKind,
    schema.RecipientKind,
    schema.SourceKind,
    schema.Safeguard,
    schema.ProvisionBasis,
    schema.Medium,
]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_fixed_value_has_a_label(enum):
    assert set(LABELS[enum]) == set(enum)


def test_labels_are_words_in_the_active_language():
    assert label(LegalBasis.LEGITIMATE_INTERESTS) == "Legitimate interests"


def test_equal_values_of_different_kinds_keep_their_own_labels():
    assert label(schema.SourceKind.OTHER) == "Other"
    assert label(schema.RecipientKind.OTHER) == "Other recipient"


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("P6Y", "6 years"),
        ("P1Y6M", "1 year 6 months"),
        ("P1M", "1 month"),
        ("P30D", "30 days"),
        ("P0D", "immediately"),
    ],
)
def test_periods_read_as_words(written, text):
    assert period_text(Period.model_validate(written)) == text
