"""The lifecycle decisions on their own: no database, only :mod:`agent.store.lifecycle`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.store import lifecycle
from agent.store.lifecycle import Entry, Known, Resolve, Seen, Upsert, observe, reconcile

CHECK = "aws.s3.demo_condition"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=3)


def bucket(name: str, region: str = "eu-west-1") -> Resource:
    return Resource("aws", "111111111111", region, "aws.s3.bucket", f"arn:aws:s3:::{name}", name)


def result(name: str, status: Status, sev: Severity = Severity.HIGH, region: str = "eu-west-1",
           check: str = CHECK) -> Finding:
    return Finding(check, bucket(name, region), status, sev, detail=status.value)


def known(f: Finding, state: State, sev: Severity | None = None) -> Known:
    r = f.resource
    return Known(f.fingerprint, f.check_id, state, sev or f.severity, r.provider, r.account, r.region, r.type, EARLIER)


def covered(*regions: str) -> Coverage:
    cov = Coverage()
    for region in regions:
        cov.add("aws", "111111111111", region, "aws.s3.bucket")
    return cov


def scan(previous: list[Known], results: list[Finding], cov: Coverage | None = None,
         evaluated: tuple[str, ...] = (CHECK,)) -> tuple[list[lifecycle.Row], list[lifecycle.Transition]]:
    return reconcile({k.fingerprint: k for k in previous}, results, cov or covered("eu-west-1"),
                     evaluated=evaluated, scan_id=7, now=NOW)


@pytest.mark.parametrize(("before", "status", "after", "kind"), [
    (None, Status.FAIL, State.NEW, "new"),
    (State.PASSED, Status.FAIL, State.NEW, "new"),
    (State.NEW, Status.FAIL, State.OPEN, None),
    (State.OPEN, Status.FAIL, State.OPEN, None),
    (State.RESOLVED, Status.FAIL, State.REOPENED, "reopened"),
    (State.REOPENED, Status.FAIL, State.OPEN, None),
    (State.MUTED, Status.FAIL, State.OPEN, "unmuted"),
    (State.OPEN, Status.MUTED, State.MUTED, "muted"),
    (State.MUTED, Status.MUTED, State.MUTED, None),
    (State.OPEN, Status.PASS, State.RESOLVED, "resolved"),
    (State.MUTED, Status.PASS, State.RESOLVED, "resolved"),
    (None, Status.PASS, State.PASSED, None),
    (State.RESOLVED, Status.PASS, State.RESOLVED, None),
    (State.OPEN, Status.ERROR, State.OPEN, None),
    (State.RESOLVED, Status.ERROR, State.RESOLVED, None),
    (None, Status.ERROR, State.OPEN, None),
])
def test_state_table(before: State | None, status: Status, after: State, kind: str | None) -> None:
    f = result("b", status)
    rows, transitions = scan([known(f, before)] if before else [], [f])
    [row] = rows
    assert isinstance(row, Upsert) and row.finding is f and f.state is after
    assert row.insert is (before is None) and row.state_changed is (after is not before)
    assert [t.kind for t in transitions] == ([kind] if kind else [])
    # history whenever the state changes or a transition is announced, with the kind as reason
    expected = Entry(before, after, status, f.severity, kind) if (after is not before or kind) else None
    assert row.history == expected


def test_seen_times_and_transition_fields() -> None:
    f = result("b", Status.FAIL)
    _, [t] = scan([known(f, State.RESOLVED)], [f])
    assert (f.first_seen, f.last_seen) == (EARLIER, NOW)
    assert (t.fingerprint, t.from_state, t.to_state, t.scan_id, t.at, t.finding) == (
        f.fingerprint, State.RESOLVED, State.REOPENED, 7, NOW, f)
    fresh = result("new", Status.FAIL)
    scan([], [fresh])
    assert fresh.first_seen == fresh.last_seen == NOW


def test_severity_raised_only_while_active() -> None:
    up = result("b", Status.FAIL, Severity.CRITICAL)
    _, transitions = scan([known(up, State.OPEN, Severity.MEDIUM)], [up])
    assert [(t.kind, t.previous_severity) for t in transitions] == [("severity_raised", Severity.MEDIUM)]
    down = result("c", Status.FAIL, Severity.LOW)
    assert scan([known(down, State.OPEN, Severity.HIGH)], [down])[1] == []


def test_a_repeated_fingerprint_counts_once() -> None:
    first, again = result("b", Status.FAIL), result("b", Status.PASS)
    rows, transitions = scan([], [first, again])
    assert [r.finding for r in rows if isinstance(r, Upsert)] == [first] and [t.kind for t in transitions] == ["new"]


def test_absent_is_resolved_only_where_assessed() -> None:
    eu, us = result("eu", Status.FAIL), result("us", Status.FAIL, region="us-east-1")
    muted, gone_already = result("m", Status.FAIL), result("p", Status.PASS)
    previous = [known(eu, State.OPEN), known(us, State.NEW), known(muted, State.MUTED), known(gone_already, State.PASSED)]
    cov = covered("eu-west-1")
    cov.fail("aws", "111111111111", "us-east-1", "aws.s3.bucket", "AccessDenied")
    rows, transitions = scan(previous, [], cov)
    assert transitions == []  # made once the store has read the resolved rows
    assert [(r.known.fingerprint, r.history) for r in rows if isinstance(r, Resolve)] == [
        (eu.fingerprint, Entry(State.OPEN, State.RESOLVED, Status.PASS, Severity.HIGH, "resolved")),
        (muted.fingerprint, Entry(State.MUTED, State.RESOLVED, Status.PASS, Severity.HIGH, "resolved"))]


def test_absent_is_untouched_when_its_check_did_not_run_or_its_unit_failed() -> None:
    f = result("x", Status.FAIL)
    assert scan([known(f, State.OPEN)], [], evaluated=("aws.s3.other",)) == ([], [])
    cov = covered("eu-west-1")
    cov.fail("aws", "111111111111", "eu-west-1", "aws.s3.bucket", "throttled half-way")
    assert scan([known(f, State.OPEN)], [], cov) == ([], [])


def test_resolved_absent_carries_the_stored_finding() -> None:
    f = result("eu", Status.FAIL)
    [row], _ = scan([known(f, State.REOPENED)], [])
    assert isinstance(row, Resolve)
    stored = result("eu", Status.PASS)
    t = lifecycle.resolved_absent(row, stored, 7, NOW)
    assert (t.kind, t.from_state, t.to_state, t.finding, t.scan_id) == ("resolved", State.REOPENED, State.RESOLVED,
                                                                        stored, 7)


def test_observe_threats_keeps_a_muted_one_muted() -> None:
    quiet, back, fresh = (result(n, Status.FAIL, check="threat.demo") for n in ("quiet", "back", "fresh"))
    previous = {k.fingerprint: k for k in (known(quiet, State.MUTED), known(back, State.RESOLVED))}
    rows, transitions = observe(previous, [quiet, back, fresh], now=NOW)
    assert isinstance(rows[0], Seen) and rows[0].finding is quiet and quiet.state is None
    assert [(t.finding, t.kind, t.scan_id) for t in transitions] == [(back, "reopened", None), (fresh, "new", None)]


def test_close_only_what_is_open() -> None:
    f = result("b", Status.FAIL)
    f.state = State.OPEN
    entry, t = lifecycle.close(f, "closed by hanako: INC-1", NOW)
    assert (f.state, f.status) == (State.RESOLVED, Status.PASS)
    assert entry == Entry(State.OPEN, State.RESOLVED, Status.PASS, Severity.HIGH, "closed by hanako: INC-1")
    assert (t.kind, t.from_state, t.scan_id) == ("resolved", State.OPEN, None)
    assert lifecycle.close(f, "again", NOW) is None
