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
import agent.threats.baselines as baselines
from agent.events.intake import Intake
from agent.events.normalise import normalise
from agent.store import Store
from agent.store.tables import threat_baseline, threat_window
from agent.threats.detect import ThreatContext, detect
from agent.threats.pseudonym import KeyedHash, Pseudonymiser
from checks.threats._fields import SOURCES, path
from checks.threats._rule import CLOUDTRAIL
from checks.threats._sigma import _string_test
from tests.threats.conftest import fixture, make_settings
from tests.threats.test_detector import threat_findings


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
    shapes: list[Any] = [{}, {"a": None}, {"a": {}}, {"a": {"b": None}}, {"a": {"b": {}}}, {"a": {"b": {"c": 1}}},
                         {"a": {"b.c": 2}}, {"a": {"b.c": 2, "x": 1}}, {"a": {"items": [{"b": {"c": 3}}, {}]}},
                         {"a": {"b": {"items": [{"c": 4}]}}}, {"a": [{"b": {"c": 5}}]}, {"a.b.c": 6}, {"a.b": {"c": 7}},
                         {"a": {"b": [{"c": 8}]}}, {"a": {"b": 9}}, {"a": 10}, {"a": {"x": 1, "y": 2}}]
    three = SOURCES[CLOUDTRAIL].getter("a.b.c")
    for shape in shapes:  # the three-part reader answers as the path walk does
        assert three(shape) == path(shape, "a.b.c"), shape


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
    assert store.threat_memo == {}  # the baselines it noted as stored did not commit: forgotten
    assert [f for f in store.findings(tenant_id) if f.kind == "threat"] == []

    monkeypatch.undo()
    bound()
    intake.take_records("files audit", records)
    assert _count(store, threat_window, tenant_id) > 0 and _count(store, threat_baseline, tenant_id) > 0
    assert any(f.check_id == "threat.cloudtrail.trail_logging_stopped" for f in store.findings(tenant_id))
    assert store.threat_memo  # committed: known without reading the store again


def test_baselines_known_in_process_answer_as_the_store(store, store_url, tenant_id, monkeypatch) -> None:
    """One context over many batches (the daemon): principals and keys it wrote are not read
    back, and a key whose time did not move is not written again; the answers are the store's."""
    monkeypatch.setenv("UCS_T_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    doc = fixture("threat.cloudtrail.first_seen_api_for_principal")
    ctx = ThreatContext(store, make_settings(tenant_id, store_url))
    reads: list[int] = []
    real = baselines.baseline_read
    monkeypatch.setattr(baselines, "baseline_read", lambda conn, tenant, p, k: reads.append(len(p) + len(k)) or real(conn, tenant, p, k))

    def new_api() -> list[Any]:
        return [f for f in threat_findings(store, tenant_id) if "first_seen" in f.check_id and "iam:CreateUser" in f.detail]
    detect(ctx, [normalise(r) for r in doc["inventory"]])
    detect(ctx, [normalise(r) for r in doc["pass"][:1]])  # an API it used before: quiet
    assert not new_api()
    detect(ctx, [normalise(r) for r in doc["fail"]])
    assert len(new_api()) == 1
    before = _count(store, threat_baseline, tenant_id)
    reads.clear()
    detect(ctx, [normalise(r) for r in doc["fail"]])  # now part of the baseline: the count grows, no new finding
    assert len(new_api()) == 1 and reads == [] and _count(store, threat_baseline, tenant_id) == before
    with store.engine.connect() as conn:  # what the process knows is what the store holds
        held = {(r.principal, r.attribute, r.value): r.last_seen for r in conn.execute(
            select(threat_baseline).where(threat_baseline.c.tenant == tenant_id, threat_baseline.c.attribute != "principal"))}
    assert held == dict(baselines.known(store.threat_memo, tenant_id).last)
    fresh = ThreatContext(Store(store_url), ctx.settings)  # a restarted daemon reads them from the store
    detect(fresh, [normalise(r) for r in doc["fail"]])
    assert len(new_api()) == 1 and reads


_RULE = """name: probe
title: Probe
description: A probe rule.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventSource: ec2.amazonaws.com}
  %s
  condition: sel and probe
level: low
tags: [attack.discovery, attack.t1580]
falsepositives: [None]
ucs: {ja: {title: プローブ, description: プローブ規則。}}
"""


def _probe(line: str) -> Any:
    from checks.threats._pack import load_text

    rules, problems = load_text(_RULE % line, "probe.yml")
    assert problems == [] and len(rules) == 1
    return rules[0]


def test_regular_expressions_load_and_match_with_their_flags() -> None:
    rule = _probe("probe: {eventName|re: '^Describe(Instances|Volumes)$'}")
    assert rule.matches({"eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstances"})
    assert not rule.matches({"eventSource": "ec2.amazonaws.com", "eventName": "describeinstances"})  # case kept
    assert not rule.matches({"eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstancesX"})
    folded = _probe("probe: {eventName|re|i: '^describe'}")
    assert folded.matches({"eventSource": "ec2.amazonaws.com", "eventName": "DescribeVolumes"})


def test_exists_through_a_list_needs_a_value_in_it() -> None:
    rule = _probe("probe: {requestParameters.launchPermission.add.userId|exists: true}")
    shared = {"items": [{"userId": "444455556666"}]}
    public = {"items": [{"group": "all"}]}
    base = {"eventSource": "ec2.amazonaws.com"}
    assert rule.matches({**base, "requestParameters": {"launchPermission": {"add": shared}}})
    assert not rule.matches({**base, "requestParameters": {"launchPermission": {"add": public}}})  # [None]: absent
    assert not rule.matches({**base, "requestParameters": {}})
    absent = _probe("probe: {requestParameters.launchPermission.add.userId|exists: false}")
    assert absent.matches({**base, "requestParameters": {"launchPermission": {"add": public}}})


def test_store_windows_hold_only_the_pairs_touched(store, tenant_id) -> None:
    """The store finds a batch's (rule, group) pairs by rule and by group: a pair of a rule and a
    group that only another rule touched is not handed back, and what is held, and pruned, is
    what the in-memory windows hold."""
    from agent.store.threat_engine import WindowRow
    from agent.threats.windows import MemoryWindows, StoreWindows

    def row(rule: str, group: str, at: str, value: str = "", member: str = "m") -> WindowRow:
        return WindowRow(rule, group, member, at, value, f"{rule}{group}{at}{value}")

    first = [row("a", "g2", "2026-01-01T00:00:00.000000Z", "x"), row("b", "g1", "2026-01-01T00:00:00.000000Z"),
             row("a", "g1", "2025-12-01T00:00:00.000000Z", "old")]
    second = [row("a", "g1", "2026-01-01T00:01:00.000000Z", "y"), row("a", "g1", "2026-01-01T00:01:00.000000Z", "y"),
              row("b", "g2", "2026-01-01T00:02:00.000000Z", member="n"), row("c", "g1", "2026-01-01T00:03:00.000000Z")]
    horizon = {"a": "2025-12-31T00:00:00.000000Z", "b": "2025-12-31T00:00:00.000000Z", "c": ""}
    memory = MemoryWindows()
    with store.threat_transaction() as conn:
        kept = StoreWindows(conn, tenant_id)
        assert kept.update(first, {"b": ""}, {"c"}) == memory.update(first, {"b": ""}, {"c"})
        held = kept.update(second, horizon, {"c"})
    want = memory.update(second, horizon, {"c"})
    assert set(held) == {("a", "g1"), ("b", "g2"), ("c", "g1")}  # not (a, g2) nor (b, g1): untouched now
    assert held[("a", "g1")] == [("m", "2026-01-01T00:01:00.000000Z", "y", 2)]  # the December row pruned
    for key, rows in want.items():  # the memory windows list each row; the store folds equal ones
        folded: dict[tuple[str, str, str], int] = {}
        for member, at, value, n in rows:
            folded[(member, at, value)] = folded.get((member, at, value), 0) + n
        assert [(m, t, v, n) for (m, t, v), n in folded.items()] == held[key]


def test_a_batch_leaves_no_garbage_in_reference_cycles(store, tenant_id, bound) -> None:
    """The threat path's store statements are made once: a batch forms no reference cycles, so
    the engine's young-generation threshold (agent.threats.rules.GC_YOUNG) never holds its garbage."""
    import gc

    bound()
    records = [r for rid in ("threat.cloudtrail.permission_probing", "threat.cloudtrail.first_seen_api_for_principal",
                             "threat.cloudtrail.trail_logging_stopped") for r in fixture(rid)["fail"] + fixture(rid)["pass"]]
    intake = Intake(tenant_id, None, None)
    intake.take_records("warm-up", records)  # statements compiled, memos filled
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for i in range(3):
            intake.take_records(f"files {i}", [{**r, "eventID": f"{i}-{n}"} for n, r in enumerate(records)])
        gc.collect()
        cyclic = [type(o).__qualname__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert cyclic == []


def test_an_or_over_one_field_answers_as_its_tests_one_by_one() -> None:
    """``field|contains: [...]`` reads the field once and tests each value on it: the same answer
    as the OR of the field's own tests, over strings, numbers, lists and absent values."""
    from sigma.conditions import ConditionFieldEqualsValueExpression, ConditionOR
    from sigma.types import SigmaNumber

    from checks.threats._sigma import _any, _field, compile_condition

    source = SOURCES[CLOUDTRAIL]
    field_name = "requestParameters.images"
    values = [SigmaString("*xmrig*"), SigmaString("kali*"), SigmaString("*/deepce"), SigmaString("exact"),
              SigmaNumber(7), SigmaString("m?ner")]
    node = ConditionOR([ConditionFieldEqualsValueExpression(field_name, v) for v in values])
    one_read = compile_condition(node, source)
    assert "_any" not in one_read.__qualname__  # one read of the field, not the OR of the field's tests
    one_by_one = _any([_field(source, field_name, v) for v in values])
    shapes: list[Any] = [None, "", "docker.io/XMRIG:1", "Kali-rolling", "x/deepce", "EXACT", "exactly", 7, "7", 7.0, "miner",
                         "mner", ["a", "b/deepce"], ["a", ["kali"]], [None, 3], [], {"x": 1}, True]
    for shape in shapes:
        record = {"requestParameters": {"images": shape}}
        assert one_read(record) is one_by_one(record), shape
    assert one_read({}) is False


@pytest.mark.parametrize(("size", "limit"), [(0, 0), (2, 0), (0, 40)])
def test_window_memo_answers_as_the_store_reads(store, tenant_id, size, limit) -> None:
    """Windows answered from the process's memo (HeldMemo) hold what the store's reads give, in
    the same order (ties of time broken by arrival), through inserts, prunes, clears, ordered
    rules, pairs the memo never saw (rows written before it) and pairs it dropped (``size``); past its ``limit`` of rows it is
    off, and the store's reads answer."""
    import random

    from agent.store.threat_engine import HELD_ROWS, HeldMemo, WindowRow, window_add, window_clear

    rnd = random.Random(7)
    rules, groups, members = ["a", "b", "o"], ["g1", "g2", "g3"], ["m", "n"]
    times = [f"2026-01-01T00:0{i}:00.000000Z" for i in range(8)]

    def batch(k: int) -> list[WindowRow]:
        return [WindowRow(rnd.choice(rules), rnd.choice(groups), rnd.choice(members), rnd.choice(times[k % 4:k % 4 + 4]),
                          rnd.choice(["", "x", "y"]), f"e{k}-{i}") for i in range(rnd.randint(0, 12))]

    plain, memo = f"{tenant_id}-plain", f"{tenant_id}-memo"
    held = HeldMemo(size, limit)
    with store.threat_transaction() as conn:  # rows the memo has never seen
        early = batch(0)
        assert window_add(conn, plain, early, {}, {"o"}) == window_add(conn, memo, early, {}, {"o"})
    for k in range(1, 30):
        rows = batch(k)
        horizon = {r.rule: times[max(0, k % 4 - 1)] for r in rows}
        with store.threat_transaction() as conn:
            want = window_add(conn, plain, rows, horizon, {"o"})
            got = window_add(conn, memo, rows, horizon, {"o"}, held)
            assert list(got.items()) == list(want.items())  # the same rows, pairs in the same order
            if k % 5 == 0 and want:
                pair = rnd.choice(list(want))
                window_clear(conn, plain, [pair])
                window_clear(conn, memo, [pair], held)
    if size:
        assert len(held.rows) <= max(size, 9)  # bounded (a batch's own pairs are kept)
    assert held.off == bool(limit)  # 40 rows: more than that were held at once
    assert held.count == sum(len(kept) for kept in held.rows.values()) <= (limit or HELD_ROWS)
    with store.engine.connect() as conn:
        stored = {t: sorted(conn.execute(select(threat_window.c.rule, threat_window.c.group_key, threat_window.c.member,
                                                threat_window.c.event_time, threat_window.c.value)
                                         .where(threat_window.c.tenant == t)).all()) for t in (plain, memo)}
    assert stored[plain] == stored[memo] and stored[plain]
