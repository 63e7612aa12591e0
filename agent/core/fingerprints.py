"""A set of finding fingerprints at about a third of the memory of a ``set[str]``.

A scan keeps every fingerprint it reported until its end (the store's "each fingerprint once",
the gate's "could not re-assess"): at a million results a ``set[str]`` of 32-hex-digit strings
holds 88-byte string objects.  Kept as the 128-bit integer those digits spell, an entry is a
48-byte int: the same value, so membership stays exact.  A fingerprint of another shape (none
today, but a caller may build its own) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSet

_HEX = frozenset("0123456789abcdef")
_WIDTH = 32


def _key(fingerprint: str) -> int | str:
    if len(fingerprint) == _WIDTH and _HEX.issuperset(fingerprint):
        return int(fingerprint, 16)
    return fingerprint


class FingerprintSet(MutableSet[str]):
    __slots__ = ("_keys",)

    def __init__(self, fingerprints: Iterable[str] = ()) -> None:
        self._keys: set[int | str] = {_key(f) for f in fingerprints}

    def __contains__(self, fingerprint: object) -> bool:
        return isinstance(fingerprint, str) and _key(fingerprint) in self._keys

    def __iter__(self) -> Iterator[str]:
        for k in self._keys:
            yield f"{k:0{_WIDTH}x}" if isinstance(k, int) else k

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, fingerprint: str) -> None:
        self._keys.add(_key(fingerprint))

    def discard(self, fingerprint: str) -> None:
        self._keys.discard(_key(fingerprint))

    def __repr__(self) -> str:
        return f"FingerprintSet({len(self._keys)} fingerprints)"
