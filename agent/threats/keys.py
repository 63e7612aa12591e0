"""Investigator keys (Art. 13): raw communication data is readable only with a private key.

One key per investigator: an Ed25519 seed (32 random bytes, base64 in a file or an environment
variable the investigator alone controls).  Its public half (base64 of the Ed25519 verify key) is
what the store knows.  The same key

- opens sealed boxes (libsodium ``crypto_box_seal`` through PyNaCl, X25519 keys converted from the
  Ed25519 pair as libsodium does): every raw value is stored only as one sealed box per
  designated investigator, so neither the store's SQL nor another config reveals anything;
- signs the audit rows of what the investigator did (reveal, close, add/remove an investigator),
  so a forged row cannot pass :func:`agent.store.investigators.verify_audit`.

Pure functions: no I/O except :func:`load_private` reading the key the caller names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import SealedBox
from nacl.signing import SigningKey, VerifyKey

from agent.core.errors import UsageError
from agent.core.logging_setup import register_secret

GENESIS = "0" * 64  # the previous hash of a tenant's first audit row


class KeyProblem(UsageError):
    hint = ("pass your investigator key with --key-file FILE or --key-env VAR "
            "(create one with `ucs threats investigators keygen --out FILE`)")


@dataclass(frozen=True)
class InvestigatorKey:
    signing: SigningKey

    @classmethod
    def generate(cls) -> InvestigatorKey:
        return cls(SigningKey.generate())

    @classmethod
    def from_text(cls, text: str, where: str) -> InvestigatorKey:
        if text.strip():
            register_secret(text.strip())  # a private key never reaches a log line
        try:
            seed = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyProblem(f"{where}: not a base64 investigator key") from None
        if len(seed) != 32:
            raise KeyProblem(f"{where}: an investigator key is 32 bytes (base64), not {len(seed)}")
        return cls(SigningKey(seed))

    @property
    def private_text(self) -> str:
        return base64.b64encode(bytes(self.signing)).decode()

    @property
    def public(self) -> str:
        return base64.b64encode(bytes(self.signing.verify_key)).decode()

    def open(self, box: str) -> str | None:
        """The value in a box sealed to this key; None when it was sealed to another key."""
        try:
            return SealedBox(self.signing.to_curve25519_private_key()).decrypt(base64.b64decode(box)).decode()
        except (CryptoError, binascii.Error, ValueError):
            return None

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.signing.sign(message).signature).decode()


def public_key(text: str, where: str = "public key") -> str:
    """``text`` checked as an investigator's public key (base64 of 32 bytes); returned normalised."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        VerifyKey(raw).to_curve25519_public_key()
    except (binascii.Error, ValueError, CryptoError):
        raise KeyProblem(f"{where}: not an investigator public key (base64 of 32 bytes)") from None
    if len(raw) != 32:
        raise KeyProblem(f"{where}: not an investigator public key (base64 of 32 bytes)")
    return base64.b64encode(raw).decode()


def seal(public: str, value: str) -> str:
    box = SealedBox(VerifyKey(base64.b64decode(public)).to_curve25519_public_key())
    return base64.b64encode(box.encrypt(value.encode())).decode()


def verify(public: str, message: bytes, signature: str) -> bool:
    try:
        VerifyKey(base64.b64decode(public)).verify(message, base64.b64decode(signature))
        return True
    except (BadSignatureError, binascii.Error, ValueError, CryptoError):
        return False


def load_private(file: str | None, env: str | None) -> InvestigatorKey:
    """The investigator's key from ``file`` or the environment variable ``env`` (exactly one)."""
    if bool(file) == bool(env):
        raise KeyProblem("an investigator key is required: give exactly one of --key-file and --key-env")
    if file:
        p = Path(file).expanduser()
        try:
            if p.stat().st_size > 4096:
                raise KeyProblem(f"{p}: too large for an investigator key")
            text = p.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyProblem(f"{p}: cannot read the investigator key: {getattr(exc, 'strerror', None) or exc}") from None
        return InvestigatorKey.from_text(text, str(p))
    assert env is not None
    value = os.environ.get(env, "")
    if not value:
        raise KeyProblem(f"${env} is empty or not set")
    return InvestigatorKey.from_text(value, f"${env}")


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def chain_hash(prev: str, fields: dict[str, Any]) -> str:
    """The hash an audit row carries: SHA-256 over the previous row's hash and this row's fields."""
    return hashlib.sha256(prev.encode() + b"\n" + canonical(fields)).hexdigest()
