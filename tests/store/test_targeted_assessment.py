"""Targeted re-assessment in the store (SQLite and PostgreSQL): its coverage is exactly the
resources it re-read — it opens, reopens and resolves their findings and touches nothing else."""

from __future__ import annotations

from datetime import timedelta

from agent.core.model import Finding, Status, utcnow
from agent.store import Store
from agent.store.lifecycle import DELETED_DETAIL
from agent.store.realtime import ASSESSED, DEFERRED, FAILED, AssessmentRecord, RealtimeLog, percentile
from tests.store.test_lifecycle import CHECK, bucket, covered, f, scan, states

OTHER = "aws.s3.other_condition"


def key(r):  # type: ignore[no-untyped-def]
    return (r.provider, r.account, r.type, r.id)


def test_resolves_opens_and_reopens_only_the_reassessed_resource(store: Store, tenant_id: str) -> None:
    a, b = bucket("a"), bucket("b")
    scan(store, tenant_id, [f(a, Status.FAIL), f(b, Status.FAIL)], covered("eu-west-1"))
    # a is fixed: its check passes; b is not re-read at all (a re-assessment of a alone).
    t = store.record_assessment(tenant_id, [f(a, Status.PASS)], [key(a)], [CHECK])
    assert [x.kind for x in t] == ["resolved"]
    assert states(store, tenant_id) == {"a": "resolved", "b": "new"}
    # Results about resources outside the re-assessment are ignored, even if given.
    assert store.record_assessment(tenant_id, [f(b, Status.PASS)], [key(a)], [CHECK]) == []
    assert states(store, tenant_id)["b"] == "new"
    t = store.record_assessment(tenant_id, [f(a, Status.FAIL)], [key(a)], [CHECK])
    assert [x.kind for x in t] == ["reopened"]


def test_absent_results_resolve_only_checks_that_ran_on_that_resource(store: Store, tenant_id: str) -> None:
    a = bucket("a")
    other = Finding(OTHER, a, Status.FAIL, f(a, Status.FAIL).severity, detail="x")
    sid = store.begin_scan(tenant_id)
    store.record_scan(sid, tenant_id, [f(a, Status.FAIL), other], covered("eu-west-1"), [CHECK, OTHER], [a])
    # The re-assessment ran CHECK only and reported nothing for it: CHECK resolves, OTHER stays.
    t = store.record_assessment(tenant_id, [], [key(a)], [CHECK])
    assert [(x.kind, x.finding.check_id) for x in t] == [("resolved", CHECK)]
    left = {x.check_id: x.state.value for x in store.findings(tenant_id)}
    assert left == {CHECK: "resolved", OTHER: "new"}


def test_deleted_resource_resolves_as_deleted_and_keeps_the_last_scan_id(store: Store, tenant_id: str) -> None:
    a, b = bucket("a"), bucket("b")
    scan(store, tenant_id, [f(a, Status.FAIL), f(b, Status.FAIL)], covered("eu-west-1"))
    before = {x.resource.name: x for x in store.findings(tenant_id)}
    t = store.record_assessment(tenant_id, [], [], [], deleted=[key(a)])
    assert [x.kind for x in t] == ["resolved"]
    got = {x.resource.name: x for x in store.findings(tenant_id)}
    assert got["a"].detail == DELETED_DETAIL and got["b"].state.value == "new"
    assert got["b"].detail == before["b"].detail
    assert store.finding_resources(tenant_id, "aws", "111111111111", "aws.s3.bucket") == [(b.id, "b", "eu-west-1")]


def test_realtime_log_percentiles_and_saved_recollections(store: Store, tenant_id: str) -> None:
    log = RealtimeLog(store.engine)
    now = utcnow()
    recs = [AssessmentRecord("aws", "1", "aws.s3.bucket", f"b{i}", ASSESSED, events=50 if i == 0 else 1,
                             first_event_at=now - timedelta(seconds=s)) for i, s in enumerate((2, 4, 6, 8, 100))]
    recs.append(AssessmentRecord("aws", "1", "aws.s3.bucket", "x", FAILED, 1, now - timedelta(seconds=3), error="throttled"))
    recs.append(AssessmentRecord("aws", "1", "aws.s3.bucket", "y", DEFERRED, 3, now, error="cap"))
    log.record(tenant_id, recs, now)
    s = log.summary(tenant_id, now=now)
    assert s.events == 54 + 1 + 3 and s.recollections == 6 and s.by_outcome == {ASSESSED: 5, FAILED: 1, DEFERRED: 1}
    assert s.latency_p50 == 6.0 and s.latency_p95 == 100.0
    assert s.saved_by_coalescing == 49  # 55 answered events, 6 re-collections
    assert log.count_today(tenant_id, "1", now - timedelta(days=1)) == 6
    assert percentile([], 50) is None and percentile([1.0], 95) == 1.0


def test_the_html_report_shows_realtime_latency_and_counts(store: Store, tenant_id: str) -> None:
    from agent.report.html import render
    from agent.report.html_data import gather

    empty = render(gather(store, tenant_id, "en", with_plan=False), "en")
    assert "No change event was re-assessed in the last 24 hours." in empty
    now = utcnow()
    RealtimeLog(store.engine).record(tenant_id, [
        AssessmentRecord("aws", "1", "aws.s3.bucket", "b", ASSESSED, 50, now - timedelta(seconds=12)),
        AssessmentRecord("aws", "1", "aws.s3.bucket", "c", DEFERRED, 2, now, error="cap")], now)
    html = render(gather(store, tenant_id, "en", with_plan=False), "en")
    section = html.split('id="realtime"', 1)[1].split("</dl>", 1)[0]
    assert ">52<" in section and ">49<" in section  # events; saved by coalescing (50 answered by one)
    assert "12 seconds" in section  # p50 and p95 latency
    ja = render(gather(store, tenant_id, "ja", with_plan=False), "ja")
    assert "リアルタイム再評価" in ja and "12 秒" in ja
