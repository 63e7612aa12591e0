"""The scan's compact fingerprint set: exact membership, the same strings back, any shape kept."""

from __future__ import annotations

import sys

from agent.core.fingerprints import FingerprintSet
from agent.core.model import Status, fingerprint
from agent.core.tally import Tally


def _fps(n: int) -> list[str]:
    return [fingerprint(f"k8s.check_{i % 48}", "kubernetes", "bench", "", f"ns/Pod/p{i}") for i in range(n)]


def test_membership_is_exact_and_iteration_gives_the_strings_back() -> None:
    fps = _fps(2000)
    s = FingerprintSet(fps[:1000])
    assert len(s) == 1000
    assert all(f in s for f in fps[:1000])
    assert not any(f in s for f in fps[1000:])
    assert set(s) == set(fps[:1000])
    s.add(fps[0])  # a repeat counts once
    assert len(s) == 1000
    s.discard(fps[0])
    assert fps[0] not in s and len(s) == 999


def test_a_fingerprint_of_another_shape_is_kept_as_it_is() -> None:
    odd = ["threat:abc", "ABCDEF0123456789ABCDEF0123456789", "0" * 31, ""]
    s = FingerprintSet(odd)
    assert all(o in s for o in odd)
    assert "abcdef0123456789abcdef0123456789" not in s  # upper-case digits are another string
    assert set(s) == set(odd)
    assert 12 not in s


def test_leading_zeros_survive_the_round_trip() -> None:
    fp = "00000000000000000000000000000a1f"
    s = FingerprintSet([fp])
    assert list(s) == [fp] and fp in s and fp[1:] + "0" not in s


def test_it_holds_fewer_bytes_than_a_set_of_strings() -> None:
    fps = _fps(20_000)
    as_strings = sys.getsizeof(set(fps)) + sum(sys.getsizeof(f) for f in fps)
    compact = FingerprintSet(fps)
    held = sys.getsizeof(compact._keys) + sum(sys.getsizeof(k) for k in compact._keys)
    assert held < 0.85 * as_strings  # 44-byte ints for 81-byte strings; the table is the same


def test_the_tally_answers_by_fingerprint_as_before() -> None:
    t = Tally()
    a, b, c = _fps(3)
    t.seen |= {a, b}
    t.errors.add(b)
    assert (t.status_of(a), t.status_of(b), t.status_of(c)) == (Status.PASS, Status.ERROR, None)
