"""Field-level encryption and blind indexes for personal identifiers (HETU).

The master key (settings.DATA_KEY, base64 of 32 bytes) is never used directly: HKDF derives one
sub-key for AES-256-GCM and another for the HMAC-SHA256 blind index, so the index cannot be used to
decrypt and the ciphertext cannot be used to search.

Ciphertext layout: b"k1" (format+key version, 2 bytes) || nonce (12 bytes) || AES-GCM output.
The associated data names the field ("parties.Person.hetu"), so a ciphertext copied into another
column does not decrypt. Key rotation (a later issue) adds new versions next to "k1".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = b"k1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A ciphertext could not be decrypted (wrong key, wrong field or tampered data)."""


@lru_cache(maxsize=4)
def _subkeys(master_b64: str) -> tuple[bytes, bytes]:
    master = base64.b64decode(master_b64)
    if len(master) != 32:
        raise ValueError("KIRJAAMO_DATA_KEY must be base64 of exactly 32 bytes")
    enc = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kirjaamo/enc/v1").derive(
        master
    )
    idx = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kirjaamo/idx/v1").derive(
        master
    )
    return enc, idx


def _keys() -> tuple[bytes, bytes]:
    return _subkeys(settings.DATA_KEY)


def encrypt(plaintext: str, *, field: str) -> bytes:
    enc_key, _ = _keys()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(enc_key).encrypt(nonce, plaintext.encode("utf-8"), field.encode("ascii"))
    return VERSION + nonce + sealed


def decrypt(blob: bytes, *, field: str) -> str:
    blob = bytes(blob)
    if blob[:2] != VERSION:
        raise DecryptionError("unknown ciphertext version")
    enc_key, _ = _keys()
    nonce, sealed = blob[2 : 2 + NONCE_BYTES], blob[2 + NONCE_BYTES :]
    try:
        return AESGCM(enc_key).decrypt(nonce, sealed, field.encode("ascii")).decode("utf-8")
    except Exception as exc:  # InvalidTag; never include the data in the message
        raise DecryptionError("ciphertext does not authenticate") from exc


def blind_index(value: str, *, field: str) -> str:
    """Keyed, deterministic 64-hex digest of `value` for exact-match lookup."""
    _, idx_key = _keys()
    message = field.encode("ascii") + b"\x00" + value.encode("utf-8")
    return hmac.new(idx_key, message, hashlib.sha256).hexdigest()
