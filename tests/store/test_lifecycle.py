"""Finding lifecycle across scans, on SQLite and PostgreSQL (invariant 1: partial scans never
resolve what they did not assess)."""

from __future__ import annotations

from datetime import date, timedelta

from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Result, Severity, State, Status
from agent.engine.evaluate import MuteMatcher, evaluate
from agent.store import Store

CHECK = "aws.s3.demo_condition"


def bucket(name: str, region: str = "eu-west-1", account: str = "111111111111") -> Resource:
    return Resource("aws", account, region, "aws.s3.bucket", f"arn:aws:s3:::{name}", name, {"env": "dev"})


def covered(*regions: str, account: str = "111111111111") -> Coverage:
    cov = Coverage()
    for r in regions:
        cov.add("aws", account, r, "aws.s3.bucket")
    return cov


def scan(store: Store, tenant: str, results: list[Finding], cov: Coverage, checks=(CHECK,)):
    sid = store.begin_scan(tenant)
    return store.record_scan(sid, tenant, results, cov, list(checks), [f.resource for f in results])


def f(r: Resource, status: Status, sev: Severity = Severity.HIGH) -> Finding:
    return Finding(CHECK, r, status, sev, detail=status.value)


def states(store: Store, tenant: str) -> dict[str, str]:
    return {x.resource.name: x.state.value for x in store.findings(tenant)}


def test_new_open_resolved_reopened(store: Store, tenant_id: str) -> None:
    b = bucket("b1")
    kinds = [[t.kind for t in scan(store, tenant_id, [f(b, st)], covered("eu-west-1"))]
             for st in (Status.FAIL, Status.FAIL, Status.PASS, Status.FAIL, Status.FAIL)]
    assert kinds == [["new"], [], ["resolved"], ["reopened"], []]
    assert states(store, tenant_id) == {"b1": "open"}
    hist = store.history(tenant_id, f(b, Status.FAIL).fingerprint)
    assert [h["to_state"] for h in hist] == ["new", "open", "resolved", "reopened", "open"]


def test_passing_only_is_passed_not_a_problem(store: Store, tenant_id: str) -> None:
    assert scan(store, tenant_id, [f(bucket("ok"), Status.PASS)], covered("eu-west-1")) == []
    assert states(store, tenant_id) == {"ok": "passed"}


def test_absent_finding_resolved_only_where_assessed(store: Store, tenant_id: str) -> None:
    eu, us = bucket("eu", "eu-west-1"), bucket("us", "us-east-1")
    scan(store, tenant_id, [f(eu, Status.FAIL), f(us, Status.FAIL)], covered("eu-west-1", "us-east-1"))
    # us-east-1 failed this time: nothing there may be resolved; eu-west-1 was read and is empty.
    cov = covered("eu-west-1")
    cov.fail("aws", "111111111111", "us-east-1", "aws.s3.bucket", "AccessDenied")
    tr = scan(store, tenant_id, [], cov)
    assert [(t.kind, t.finding.resource.name) for t in tr] == [("resolved", "eu")]
    assert states(store, tenant_id) == {"eu": "resolved", "us": "new"}


def test_failed_unit_overrides_success_for_same_unit(store: Store, tenant_id: str) -> None:
    b = bucket("x")
    scan(store, tenant_id, [f(b, Status.FAIL)], covered("eu-west-1"))
    cov = covered("eu-west-1")
    cov.fail("aws", "111111111111", "eu-west-1", "aws.s3.bucket", "throttled half-way")
    assert scan(store, tenant_id, [], cov) == []
    assert states(store, tenant_id) == {"x": "new"}


def test_check_not_run_does_not_resolve(store: Store, tenant_id: str) -> None:
    b = bucket("y")
    scan(store, tenant_id, [f(b, Status.FAIL)], covered("eu-west-1"))
    assert scan(store, tenant_id, [], covered("eu-west-1"), checks=("aws.s3.other",)) == []
    assert states(store, tenant_id) == {"y": "new"}


def test_error_keeps_state(store: Store, tenant_id: str) -> None:
    b = bucket("z")
    scan(store, tenant_id, [f(b, Status.FAIL)], covered("eu-west-1"))
    assert scan(store, tenant_id, [f(b, Status.ERROR)], covered("eu-west-1")) == []
    [row] = store.findings(tenant_id)
    assert (row.state, row.status) == (State.NEW, Status.ERROR)


def test_severity_raised_is_a_transition(store: Store, tenant_id: str) -> None:
    b = bucket("s")
    scan(store, tenant_id, [f(b, Status.FAIL, Severity.LOW)], covered("eu-west-1"))
    tr = scan(store, tenant_id, [f(b, Status.FAIL, Severity.CRITICAL)], covered("eu-west-1"))
    assert [(t.kind, t.previous_severity) for t in tr] == [("severity_raised", Severity.LOW)]


def test_mute_with_expiry_reopens_after_expiry(store: Store, tenant_id: str) -> None:
    b = bucket("m")
    inv = Inventory([b], covered("eu-west-1"))

    class Fake:
        id = CHECK
        needs_inventory = False

        class meta:  # noqa: N801 - mimics CheckMeta's attributes the engine reads
            resource_types = ("aws.s3.bucket",)
            severity = Severity.HIGH
            kind = "misconfiguration"
            inputs = ()

        @staticmethod
        def func(r: Resource) -> Result:
            return Result.fail("public")

    today = date(2026, 11, 24)
    mute = MuteMatcher(CHECK, "m", "*", "*", (("env", "dev"),), "accepted risk", today + timedelta(days=7))
    out = evaluate(inv, [Fake], [mute], today=today)
    assert [x.status for x in out.findings] == [Status.MUTED]
    assert [t.kind for t in scan(store, tenant_id, out.findings, inv.coverage)] == ["muted"]
    assert states(store, tenant_id) == {"m": "muted"}
    later = evaluate(inv, [Fake], [mute], today=today + timedelta(days=8))
    assert [x.status for x in later.findings] == [Status.FAIL]
    assert [t.kind for t in scan(store, tenant_id, later.findings, inv.coverage)] == ["unmuted"]
    assert states(store, tenant_id) == {"m": "open"}


def test_tenants_are_separate(store: Store, tenant_id: str) -> None:
    other = tenant_id + "b"
    scan(store, tenant_id, [f(bucket("a"), Status.FAIL)], covered("eu-west-1"))
    scan(store, other, [], covered("eu-west-1"))
    assert states(store, tenant_id) == {"a": "new"}
    assert store.findings(other) == []


def test_scan_row_records_partial_coverage(store: Store, tenant_id: str) -> None:
    cov = covered("eu-west-1")
    cov.fail("aws", "111111111111", "us-east-1", "aws.s3.bucket", "AccessDenied")
    scan(store, tenant_id, [f(bucket("p"), Status.FAIL)], cov)
    last = store.last_scan(tenant_id)
    assert last is not None and last.status == "partial"
    assert any(not c["ok"] and c["error"] == "AccessDenied" for c in last.coverage)
    assert last.summary["failed_by_severity"] == {"high": 1}
