"""The detector's fast paths answer as the plain ones: cached keyed hashes, wildcard affixes,
dotted fields, and one store transaction per batch (all of it, or none of it)."""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
from typing import Any

import pytest
from sigma.types import SigmaString
from sqlalchemy import func, select

import agent.store.findings as findings
from agent.events.intake import Intake
from agent.store.tables import threat_baseline, threat_window
from agent.threats.pseudonym import KeyedHash, Pseudonymiser
from checks.threats._fields import SOURCES, path
from checks.threats._rule import CLOUDTRAIL
from checks.threats._sigma import _string_test
from tests.threats.conftest import fixture


def test_cached_pseudonyms_are_the_keyed_hash_and_bounded() -> None:
    kh = KeyedHash(b"tenant-key", 12, size=4)
    first, second = Pseudonymiser(kh), Pseudonymiser(kh)
    want = "ip:" + hmac.new(b"tenant-key", b"ip\x1f203.0.113.9", hashlib.sha256).hexdigest()[:12]
    assert first("ip", "203.0.113.9") == second("ip", "203.0.113.9") == want
    assert Pseudonymiser(b"tenant-key")("ip", "203.0.113.9") == want  # the same without a shared cache
    assert first.seen == {want: ("ip", "203.0.113.9")} and second.seen == first.seen  # each batch records its own
    for i in range(10):
        first("user", f"u{i}")
    assert kh.pseudonym.cache_info().currsize == 4  # an LRU: memory stays flat however many values pass
    assert first.digest("x") == hmac.new(b"tenant-key", b"key\x1fx", hashlib.sha256).hexdigest()[:32]
    with pytest.raises(ValueError):
        first("mac", "00:11")


@pytest.mark.parametrize("pattern", ["Describe*", "*Secret", "*admin*", "a*b", "Get?", "*"])
def test_wildcards_match_as_the_pattern_does(pattern: str) -> None:
    parts = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    rx = re.compile(parts, re.IGNORECASE | re.DOTALL)
    test = _string_test(SigmaString(pattern))
    for v in ["DescribeInstances", "describe", "xDescribe", "MySecret", "SECRET", "secretx", "SiteAdmins", "ab", "aXXb",
              "GetX", "Get", "", "K\u212a", "\u212aadmin", "ſecret", "a\nb", "İdescribe"]:
        assert test(v) is (rx.fullmatch(v) is not None), (pattern, v)
    assert test(None) is False
    assert _string_test(SigmaString("1*"))(12) is True  # numbers compare as their text


def test_dotted_fields_read_every_shape() -> None:
    get = SOURCES[CLOUDTRAIL].getter("userIdentity.sessionContext.sessionIssuer")
    assert get({"userIdentity": {"sessionContext": {"sessionIssuer": "r"}}}) == "r"
    assert get({"userIdentity": {"sessionContext": None}}) is None
    assert get({"userIdentity": {"sessionContext": {"other": 1}}}) is None
    assert get({"userIdentity": {"sessionContext": {"items": [{"sessionIssuer": "i"}]}}}) == ["i"]
    assert get({"userIdentity": [{"sessionContext": {"sessionIssuer": "a"}}, {}]}) == ["a", None]  # a list on the way
    two = SOURCES[CLOUDTRAIL].getter("requestParameters.instanceId")
    wrapped = {"requestParameters": {"instancesSet": 1, "instanceId": {"items": [{"x": 1}]}}}
    assert two(wrapped) == path(wrapped, "requestParameters.instanceId")
    ec2 = {"requestParameters": {"items": [{"instanceId": "i-1"}, {"instanceId": "i-2"}]}}
    assert two(ec2) == ["i-1", "i-2"]  # CloudTrail's EC2 {"items": [...]} wrapper
    k8s = SOURCES["event.k8s.audit"].getter("annotations.authorization.k8s.io/decision")
    assert k8s({"annotations": {"authorization.k8s.io/decision": "allow"}}) == "allow"  # a key holding dots


def _count(store: Any, table: Any, tenant: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(table.c.tenant == tenant)).scalar_one())


def test_a_batch_is_one_transaction(store, tenant_id, bound, monkeypatch: pytest.MonkeyPatch) -> None:
    bound()
    burst = fixture("threat.cloudtrail.permission_probing")["fail"][0]  # feeds a correlation window
    records = [copy.deepcopy(burst) for _ in range(3)] + fixture("threat.cloudtrail.trail_logging_stopped")["fail"]
    for i, r in enumerate(records):
        r["eventID"] = f"ev-{i}"

    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("store write failed")

    monkeypatch.setattr(findings, "remember_identities", broken)
    intake = Intake(tenant_id, None, None)
    intake.take_records("files audit", records)
    assert intake.detector_errors == 1  # the failure is the detector's; the take goes on
    assert _count(store, threat_window, tenant_id) == 0 and _count(store, threat_baseline, tenant_id) == 0
    assert [f for f in store.findings(tenant_id) if f.kind == "threat"] == []

    monkeypatch.undo()
    bound()
    intake.take_records("files audit", records)
    assert _count(store, threat_window, tenant_id) > 0 and _count(store, threat_baseline, tenant_id) > 0
    assert any(f.check_id == "threat.cloudtrail.trail_logging_stopped" for f in store.findings(tenant_id))
