"""Keyed pseudonyms for communication data (Art. 13).

``ip:5f2a9c…`` = kind + HMAC-SHA256(tenant key, kind + value) truncated.  The same value gives
the same pseudonym for the tenant (an actor correlates across findings); without the key it
cannot be reversed by hashing candidate IPs.  The raw value is recorded beside its pseudonym
(:attr:`Pseudonymiser.seen`) for the investigators' reveal table.

A stream repeats the same few principals, addresses and agents: :class:`KeyedHash` computes
each HMAC once per distinct value and keeps the newest :data:`CACHE_SIZE` of them (an LRU, so
memory stays flat however many values pass).  It lives as long as the tenant's key is loaded
(one per detector context); each batch gets a fresh :class:`Pseudonymiser` over it, whose
``seen`` holds only the values that batch used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

KINDS = ("ip", "user", "ua")
CACHE_SIZE = 65_536  # distinct (kind, value) pairs kept per cache


class KeyedHash:
    """HMAC-SHA256 under one tenant key, cached per distinct input (bounded LRU)."""

    def __init__(self, key: bytes, length: int = 12, size: int = CACHE_SIZE) -> None:
        self.length = length

        def pseudonym(kind: str, value: str) -> str:
            digest = hmac.new(key, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()
            return f"{kind}:{digest[:length]}"

        def digest(value: str) -> str:
            return hmac.new(key, f"key\x1f{value}".encode(), hashlib.sha256).hexdigest()[:32]

        self.pseudonym = lru_cache(maxsize=size)(pseudonym)
        self.digest = lru_cache(maxsize=size)(digest)


class Pseudonymiser:
    def __init__(self, key: bytes | KeyedHash, length: int = 12) -> None:
        self._hash = key if isinstance(key, KeyedHash) else KeyedHash(key, length)
        self._pseudonym = self._hash.pseudonym
        self.seen: dict[str, tuple[str, str]] = {}  # pseudonym -> (kind, raw value)
        self._cached: list[tuple[str, str]] = []
        self._cached_for = -1
        self._escaped: dict[str, str] = {}  # raw value -> as it appears inside JSON text (each escaped once)

    def __call__(self, kind: str, value: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown communication data kind {kind!r}")
        p = self._pseudonym(kind, value)
        self.seen[p] = (kind, value)
        return p

    def digest(self, value: str) -> str:
        """A keyed digest that is not recorded for reveal: correlation group keys and baseline
        values, which must compare equal but never be shown."""
        return self._hash.digest(value)

    def scrub(self, value: Any) -> Any:
        """Replace every raw value pseudonymised so far wherever it occurs inside ``value``
        (strings, lists, dicts): defence in depth for rule details and evidence."""
        if not self.seen:
            return value
        text = json.dumps(value, ensure_ascii=False)
        changed = False
        for raw, p in self._replacements():
            if raw in text:
                text = text.replace(raw, p)
                changed = True
        if not changed and type(value) is str:
            return value  # nothing to replace: a string reads back as itself
        return json.loads(text)

    def _replacements(self) -> list[tuple[str, str]]:
        """(raw as it appears inside JSON text, pseudonym), longest first so an ARN is replaced
        before a user name it contains; rebuilt only when new values were seen."""
        if self._cached_for != len(self.seen):
            escaped = self._escaped
            for _, raw in self.seen.values():
                if raw not in escaped:
                    escaped[raw] = json.dumps(raw, ensure_ascii=False)[1:-1]
            pairs = [(escaped[raw], p) for p, (_, raw) in self.seen.items() if len(raw) >= 3]
            self._cached = sorted(pairs, key=lambda kv: -len(kv[0]))
            self._cached_for = len(self.seen)
        return self._cached
