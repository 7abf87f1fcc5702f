"""Field encryption (AES-GCM) and the keyed blind index used for HETU."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from django.test import override_settings

from kirjaamo.lib import crypto

FIELD = "parties.Person.hetu"
OTHER_KEY = base64.b64encode(bytes(range(32))).decode("ascii")


@pytest.fixture(autouse=True)
def fresh_keys() -> Iterator[None]:
    crypto._subkeys.cache_clear()
    yield
    crypto._subkeys.cache_clear()


def test_it_round_trips_a_value() -> None:
    blob = crypto.encrypt("131052-308T", field=FIELD)
    assert crypto.decrypt(blob, field=FIELD) == "131052-308T"


def test_it_round_trips_memoryview_from_the_database() -> None:
    blob = crypto.encrypt("ÅÄÖ 100190Y999P", field=FIELD)
    assert crypto.decrypt(memoryview(blob), field=FIELD) == "ÅÄÖ 100190Y999P"  # type: ignore[arg-type]


def test_ciphertext_holds_no_clear_text_and_uses_a_fresh_nonce_each_time() -> None:
    first = crypto.encrypt("131052-308T", field=FIELD)
    second = crypto.encrypt("131052-308T", field=FIELD)
    assert first != second
    assert first[:2] == second[:2] == crypto.VERSION
    nonce_end = 2 + crypto.NONCE_BYTES
    assert first[2:nonce_end] != second[2:nonce_end]
    for blob in (first, second):
        assert b"131052" not in blob
        assert b"308T" not in blob


def test_associated_data_binds_the_ciphertext_to_its_field() -> None:
    blob = crypto.encrypt("131052-308T", field=FIELD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, field="parties.Person.other")


@pytest.mark.parametrize("position", [2, 5, 14, 20, -1])
def test_it_detects_tampering(position: int) -> None:
    blob = bytearray(crypto.encrypt("131052-308T", field=FIELD))
    blob[position] ^= 0x01
    with pytest.raises(crypto.DecryptionError) as excinfo:
        crypto.decrypt(bytes(blob), field=FIELD)
    assert "131052" not in str(excinfo.value)


def test_it_refuses_an_unknown_version_and_truncated_data() -> None:
    blob = crypto.encrypt("131052-308T", field=FIELD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(b"k9" + blob[2:], field=FIELD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob[:10], field=FIELD)


def test_a_ciphertext_does_not_decrypt_under_another_key() -> None:
    blob = crypto.encrypt("131052-308T", field=FIELD)
    with override_settings(DATA_KEY=OTHER_KEY), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, field=FIELD)


def test_blind_index_is_deterministic_and_depends_on_field_and_value() -> None:
    index = crypto.blind_index("131052-308T", field=FIELD)
    assert index == crypto.blind_index("131052-308T", field=FIELD)
    assert len(index) == 64
    assert int(index, 16) >= 0
    assert index != crypto.blind_index("131052+308T", field=FIELD)
    assert index != crypto.blind_index("131052-308T", field="parties.Person.other")
    assert "131052" not in index


def test_blind_index_is_keyed() -> None:
    index = crypto.blind_index("131052-308T", field=FIELD)
    with override_settings(DATA_KEY=OTHER_KEY):
        crypto._subkeys.cache_clear()
        other = crypto.blind_index("131052-308T", field=FIELD)
    crypto._subkeys.cache_clear()
    assert other != index
    assert crypto.blind_index("131052-308T", field=FIELD) == index


def test_it_refuses_a_master_key_of_the_wrong_length() -> None:
    short = base64.b64encode(b"x" * 16).decode("ascii")
    with override_settings(DATA_KEY=short), pytest.raises(ValueError, match="32 bytes"):
        crypto.encrypt("131052-308T", field=FIELD)
